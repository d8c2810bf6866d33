"""Technique faults per rep (domain.md §2 mistakes table, §3.3), each with its numbers and a cue.

Thresholds are data (``FaultRules``) with their source; a coach can pass other rules.

Confidence before cues: every measure a fault is read from carries its uncertainty
(``Measure``: landmark jitter and visibility, the spread over the rep's top frames, the camera
view's band, a lower leg that changes with the feet unmoved, how far a back may roll over the
bench edge rather than slide; a lower leg or a neck whose length on screen changes at the top
is doubted). Each check ends in one status (``Check``): ``fault`` only when
the measure is past its threshold by more than its uncertainty; ``ok`` when it is inside by
more than that; ``unsure`` in between, or when the measure is doubted (a view too far off the
side, a reading past what a body can do); ``not_measured`` when it could not be read;
``not_applicable`` when the rule does not belong to the setup (the vertical-shin rule is the
bench hip thrust's, seed 001; a floor bridge is judged on its knee angle).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.metrics import RepMetrics, rep_metrics
from hipthrust.motion.pose import PoseSequence
from hipthrust.motion.reps import RepSpan
from hipthrust.motion.signals import Kinematics, joint_angle_deg
from hipthrust.motion.tracks import two_circle_knee
from hipthrust.motion.view import CameraView, ViewedKinematics

__all__ = [
    "DEFAULT_FAULT_RULES",
    "FAULTS",
    "Check",
    "CheckStatus",
    "Fault",
    "FaultKind",
    "FaultRules",
    "LandmarkNoise",
    "Measure",
    "RepMeasures",
    "Setup",
    "detect_faults",
    "faults_of",
    "judge_rep",
    "judge_reps",
    "landmark_noise",
    "rep_measures",
    "setup_from_shoulder_rise",
]

FloatArray = NDArray[np.float64]

Setup = Literal["bench", "floor", "unknown"]
CheckStatus = Literal["fault", "ok", "unsure", "not_measured", "not_applicable"]


@dataclass(frozen=True)
class FaultRules:
    """When a rep counts as showing each fault. Angles in degrees, times in seconds."""

    # incomplete_extension: top short of the shoulder-knee line (180 deg) [seed 001, 002];
    # real bodyweight tops measured 175-177 deg (motion.md); 165 leaves room for landmark error
    # and the hip landmark's offset from the joint [design].
    min_top_hip_angle_deg: float = 165.0
    # lumbar_hyperextension: the hips carried past the shoulder-knee line [seed 001, 002] by
    # more than this ... [design]
    max_past_line_deg: float = 6.0
    # ... or the trunk turning on by more than this after the hip angle passed the line
    # (domain.md §3.3, seed 000; the number is design).
    max_trunk_past_line_deg: float = 10.0
    # shins_forward / shins_back: shins vertical at the top [seed 001, 002]; tolerance [design].
    max_shin_forward_deg: float = 10.0
    max_shin_back_deg: float = 10.0
    # no_pause: the default pause is 1-2 s [seed 001]; less time than this within the hold band
    # of the peak is no pause [design].
    min_hold_s: float = 0.5
    # rushed_eccentric: lowering should be controlled, about 2-3 s [domain.md §5, design];
    # faster than this is a crash [design].
    min_eccentric_s: float = 0.5
    # looking_at_ceiling: neck extended, head tipped back [seed 001, 002]: the head angle
    # (flexion positive, 0 = in line with the trunk) at the top below minus this [design].
    max_neck_extension_deg: float = 0.0
    # wrong_pivot: the shoulders slide on the bench [seed 001, 002]: the back's contact point
    # travelling more than this many trunk lengths in a rep (0.1 is about 5 cm) [design].
    max_pivot_slide: float = 0.1
    # Floor bridge, feet placement: the knee at the top about 90 deg (docs/motion-report.md);
    # feet too far out open it (hamstrings take over, seed 002), too close shut it (quads).
    # Far from 90 is more than 35 deg away [design].
    floor_max_knee_deg: float = 125.0
    floor_min_knee_deg: float = 55.0
    # The setup from the pose: shoulders this many trunk lengths above the ankles rest on a
    # bench, at most floor_max_shoulder_rise on the floor, in between unknown [design; synthetic
    # sets: floor bridges -0.13-0.17, hip thrusts 0.45-1.07].
    bench_min_shoulder_rise: float = 0.4
    floor_max_shoulder_rise: float = 0.25
    # A top past the shoulder-knee line by more than this is beyond what the hip and lumbar
    # spine can show together (hip extension past neutral about 10-20 deg, lumbar extension about
    # 20-30 deg, the rest is the landmarks) [design]: doubted, not cued.
    max_plausible_past_line_deg: float = 35.0

    def __post_init__(self) -> None:
        values = (
            self.max_past_line_deg,
            self.max_trunk_past_line_deg,
            self.max_shin_forward_deg,
            self.max_shin_back_deg,
            self.min_hold_s,
            self.min_eccentric_s,
            self.max_neck_extension_deg,
            self.max_pivot_slide,
        )
        if any(not math.isfinite(v) or v < 0 for v in values):
            raise InputError("fault thresholds must be non-negative numbers")
        if not 90 <= self.min_top_hip_angle_deg <= 180:
            raise InputError("the full-extension threshold must lie between 90 and 180 degrees")
        if not 0 < self.floor_min_knee_deg < self.floor_max_knee_deg <= 180:
            raise InputError("the floor bridge's knee range must lie within 0-180 degrees")
        if not self.floor_max_shoulder_rise <= self.bench_min_shoulder_rise:
            raise InputError("the floor's shoulder height must not exceed the bench's")
        if not self.max_plausible_past_line_deg > self.max_past_line_deg:
            raise InputError("the plausible extension must lie beyond the lumbar threshold")


DEFAULT_FAULT_RULES = FaultRules()


@dataclass(frozen=True)
class FaultKind:
    id: str
    name: str
    cue: str
    mistake: str  # the matching id in the coaching mistakes table


FAULTS: dict[str, FaultKind] = {
    kind.id: kind
    for kind in (
        FaultKind(
            "incomplete_extension",
            "Stopped short of full hip extension",
            "Drive up until the glutes are fully squeezed and shoulders, hips and knees make "
            "one line; use a lighter load if you cannot get there.",
            "incomplete_extension",
        ),
        FaultKind(
            "lumbar_hyperextension",
            "Arching the lower back at the top",
            "Brace and tuck the pelvis at the top: stop when shoulders, hips and knees are in "
            "line, ribs down, eyes forward.",
            "lumbar_hyperextension",
        ),
        FaultKind(
            "shins_forward",
            "Shins slope forward at the top",
            "Move your feet closer so the shins are vertical at the top.",
            "feet_too_far",
        ),
        FaultKind(
            "shins_back",
            "Shins slope back at the top",
            "Move your feet further out so the shins are vertical at the top.",
            "feet_too_close",
        ),
        FaultKind(
            "feet_too_far",
            "Feet too far out (knees open at the top)",
            "Bring your feet closer to your hips until the knees are bent about 90° at the top; "
            "hamstrings that cramp or do most of the work mean the feet are too far out.",
            "feet_too_far",
        ),
        FaultKind(
            "feet_too_close",
            "Feet too close (knees shut at the top)",
            "Move your feet a little further from your hips until the knees are bent about 90° "
            "at the top; feeling it mostly in the fronts of the thighs means the feet are too "
            "close.",
            "feet_too_close",
        ),
        FaultKind(
            "no_pause",
            "No pause at the top",
            "Hold the top for 1-2 seconds with the glutes squeezed before lowering.",
            "rushing",
        ),
        FaultKind(
            "rushed_eccentric",
            "Hips dropped too fast",
            "Lower under control, about 2-3 seconds, keeping tension; don't let the hips crash.",
            "rushing",
        ),
        FaultKind(
            "looking_at_ceiling",
            "Head tipped back",
            "Keep your eyes forward and chin tucked; let your gaze follow your breastbone.",
            "neck_extension",
        ),
        FaultKind(
            "wrong_pivot",
            "Shoulders slide instead of pivoting",
            "Pivot at the bottom of the shoulder blades on the bench edge instead of sliding; "
            "put the plates on blocks if the bench is too high.",
            "wrong_pivot",
        ),
    )
}


@dataclass(frozen=True)
class Fault:
    id: str
    rep_index: int
    values: dict[str, float]
    cue: str


@dataclass(frozen=True)
class Measure:
    """One number a fault is read from, with its uncertainty (same unit, >= 0).

    ``value`` NaN: not measured (``reason`` says why). ``doubt`` non-empty: the number is there
    but cannot be trusted for a cue (a view too far off the side, a reading past what a body
    can do); the check is then ``unsure`` whatever the value.
    """

    value: float
    uncertainty: float = 0.0
    reason: str = ""
    doubt: str = ""

    @property
    def measured(self) -> bool:
        return math.isfinite(self.value)


@dataclass(frozen=True)
class RepMeasures:
    """What one rep's faults are judged on."""

    peak_hip_angle_deg: Measure
    trunk_rotation_past_line_deg: Measure
    shin_angle_top_deg: Measure
    knee_angle_top_deg: Measure
    head_angle_top_deg: Measure
    hold_s: Measure
    eccentric_s: Measure
    pivot_slide: Measure
    # The part of the pivot slide's uncertainty that is a rolling back's range (not noise):
    # when the check would be fault or ok without it, its reason says the roll held it back.
    pivot_roll: float = 0.0

    @classmethod
    def exact(cls, rep: RepMetrics) -> RepMeasures:
        """The rep's numbers taken as exact (no landmark noise); the pivot slide keeps the
        range a back rolling over the bench edge leaves open."""
        roll = 0.5 * rep.pivot_roll_span
        return cls(
            Measure(rep.peak_hip_angle_deg),
            Measure(rep.trunk_rotation_past_line_deg),
            Measure(rep.shin_angle_top_deg),
            Measure(rep.knee_angle_top_deg),
            Measure(rep.head_angle_top_deg),
            Measure(rep.hold_s),
            Measure(rep.eccentric_s),
            Measure(rep.pivot_slide, roll),
            roll,
        )


@dataclass(frozen=True)
class Check:
    """One fault's verdict on one rep, with the number behind it."""

    id: str
    status: CheckStatus
    value: float  # NaN when not measured
    uncertainty: float
    threshold: float  # NaN when no rule applies
    reason: str = ""


def setup_from_shoulder_rise(rise: float, rules: FaultRules = DEFAULT_FAULT_RULES) -> Setup:
    """Bench, floor or unknown from the shoulders' median height above the ankles (in trunk
    lengths)."""
    if not math.isfinite(rise):
        return "unknown"
    if rise >= rules.bench_min_shoulder_rise:
        return "bench"
    if rise <= rules.floor_max_shoulder_rise:
        return "floor"
    return "unknown"


def _verdict(fault_id: str, m: Measure, threshold: float, above: bool, what: str) -> Check:
    """``above``: the fault lies above the threshold (else below it)."""
    if not m.measured:
        return Check(fault_id, "not_measured", m.value, m.uncertainty, threshold, m.reason or what)
    past = (m.value - threshold) if above else (threshold - m.value)
    if m.doubt:
        return Check(fault_id, "unsure", m.value, m.uncertainty, threshold, m.doubt)
    if past > m.uncertainty:
        return Check(fault_id, "fault", m.value, m.uncertainty, threshold)
    if past < -m.uncertainty:
        return Check(fault_id, "ok", m.value, m.uncertainty, threshold)
    return Check(
        fault_id,
        "unsure",
        m.value,
        m.uncertainty,
        threshold,
        f"within its uncertainty (±{m.uncertainty:.2g}) of the threshold",
    )


def _either(fault_id: str, first: Check, second: Check) -> Check:
    """A fault shown by either of two measures: a fault when one shows it, ok when every
    measured one is ok, unsure when one is; the deciding measure's number is reported."""
    both = (first, second)
    for status in ("fault", "unsure", "ok"):
        picked = [c for c in both if c.status == status]
        if picked:
            return replace(picked[0], id=fault_id)
    return replace(first, id=fault_id)


def _not_applicable(fault_id: str, m: Measure, reason: str) -> Check:
    return Check(fault_id, "not_applicable", m.value, m.uncertainty, float("nan"), reason)


def judge_rep(
    measures: RepMeasures,
    setup: Setup,
    rules: FaultRules = DEFAULT_FAULT_RULES,
) -> tuple[Check, ...]:
    """Every check of one rep, in the order of the domain table (``FAULTS``)."""
    m = measures
    r = rules
    peak = m.peak_hip_angle_deg
    past = replace(peak, value=peak.value - 180.0)
    if past.measured and not past.doubt and past.value > r.max_plausible_past_line_deg:
        past = replace(
            past,
            doubt=f"{past.value:.0f}° past the shoulder-knee line is beyond what the hips and "
            "lower back can show: a tracking error, not judged",
        )
    checks = [
        _verdict("incomplete_extension", peak, r.min_top_hip_angle_deg, False, "top not seen"),
        _either(
            "lumbar_hyperextension",
            _verdict("lumbar_hyperextension", past, r.max_past_line_deg, True, "top not seen"),
            _verdict(
                "lumbar_hyperextension",
                m.trunk_rotation_past_line_deg,
                r.max_trunk_past_line_deg,
                True,
                "trunk not seen",
            ),
        ),
    ]
    shin, knee = m.shin_angle_top_deg, m.knee_angle_top_deg
    unknown = "the setup (bench or floor) is not known, so the feet are not judged"
    if setup == "bench":
        checks += [
            _verdict("shins_forward", shin, r.max_shin_forward_deg, True, "shin not seen"),
            _verdict("shins_back", shin, -r.max_shin_back_deg, False, "shin not seen"),
            _not_applicable("feet_too_far", knee, "judged by the shins on a bench"),
            _not_applicable("feet_too_close", knee, "judged by the shins on a bench"),
        ]
    elif setup == "floor":
        floor = "the vertical-shin rule is the bench hip thrust's; a bridge is judged by the knee"
        if checks[0].status != "ok" and knee.measured and not knee.doubt:
            # Hips short of the line bend the knee more: the knee then says nothing of the feet.
            knee = replace(
                knee,
                doubt="the top fell short of full extension, so the knee angle does not show "
                "where the feet are",
            )
        checks += [
            _not_applicable("shins_forward", shin, floor),
            _not_applicable("shins_back", shin, floor),
            _verdict("feet_too_far", knee, r.floor_max_knee_deg, True, "knee not seen"),
            _verdict("feet_too_close", knee, r.floor_min_knee_deg, False, "knee not seen"),
        ]
    else:
        checks += [
            Check(i, "not_measured", x.value, x.uncertainty, float("nan"), unknown)
            for i, x in (
                ("shins_forward", shin),
                ("shins_back", shin),
                ("feet_too_far", knee),
                ("feet_too_close", knee),
            )
        ]
    checks += [
        _verdict("no_pause", m.hold_s, r.min_hold_s, False, "the top was not seen"),
        _verdict("rushed_eccentric", m.eccentric_s, r.min_eccentric_s, False, "lowering not seen"),
        _verdict(
            "looking_at_ceiling",
            m.head_angle_top_deg,
            -r.max_neck_extension_deg,
            False,
            "head not seen",
        ),
    ]
    if setup == "bench":
        pivot = _verdict("wrong_pivot", m.pivot_slide, r.max_pivot_slide, True, "back not seen")
        if pivot.status == "unsure" and not m.pivot_slide.doubt and m.pivot_roll > 0:
            # Without the roll's range the verdict would have been fault or ok: say why not.
            beyond = m.pivot_slide.value - r.max_pivot_slide
            if abs(beyond) > m.pivot_slide.uncertainty - m.pivot_roll:
                pivot = replace(
                    pivot,
                    reason="how much of the back's travel was rolling over the bench edge "
                    f"rather than sliding is only known within {2 * m.pivot_roll:.2g} trunk "
                    "lengths",
                )
        checks.append(pivot)
    elif setup == "floor":
        checks.append(_not_applicable("wrong_pivot", m.pivot_slide, "no bench"))
    else:
        checks.append(
            Check("wrong_pivot", "not_measured", m.pivot_slide.value, 0.0, float("nan"), unknown)
        )
    return tuple(checks)


def _values(check: Check, measures: RepMeasures, rules: FaultRules) -> dict[str, float]:
    """The numbers a fault is shown with (the keys earlier reports had, plus the uncertainty)."""
    m = measures
    v: dict[str, float]
    if check.id == "incomplete_extension":
        v = {"peak_hip_angle_deg": check.value, "threshold_deg": check.threshold}
    elif check.id == "lumbar_hyperextension":
        v = {
            "extension_past_line_deg": m.peak_hip_angle_deg.value - 180.0,
            "trunk_rotation_past_line_deg": m.trunk_rotation_past_line_deg.value,
            "past_line_threshold_deg": rules.max_past_line_deg,
            "trunk_threshold_deg": rules.max_trunk_past_line_deg,
        }
    elif check.id in ("shins_forward", "shins_back"):
        v = {"shin_angle_deg": check.value, "threshold_deg": check.threshold}
    elif check.id in ("feet_too_far", "feet_too_close"):
        v = {"knee_angle_deg": check.value, "threshold_deg": check.threshold}
    elif check.id == "no_pause":
        v = {"hold_s": check.value, "threshold_s": check.threshold}
    elif check.id == "rushed_eccentric":
        v = {"eccentric_s": check.value, "threshold_s": check.threshold}
    elif check.id == "looking_at_ceiling":
        v = {"head_angle_deg": check.value, "threshold_deg": check.threshold}
    else:
        v = {
            "pivot_slide_trunk_lengths": check.value,
            "threshold": check.threshold,
            "roll_span_trunk_lengths": 2 * m.pivot_roll,
        }
    v["uncertainty"] = check.uncertainty
    return {k: round(x, 3) for k, x in v.items() if math.isfinite(x)}


def faults_of(
    rep_index: int, checks: tuple[Check, ...], measures: RepMeasures, rules: FaultRules
) -> tuple[Fault, ...]:
    """The faults named (status ``fault``) with their numbers and cues."""
    return tuple(
        Fault(c.id, rep_index, _values(c, measures, rules), FAULTS[c.id].cue)
        for c in checks
        if c.status == "fault"
    )


def detect_faults(
    rep: RepMetrics, rules: FaultRules = DEFAULT_FAULT_RULES, setup: Setup | None = None
) -> tuple[Fault, ...]:
    """The faults one rep shows, its numbers taken as exact; ``setup`` None: the rep's own
    support (bench or floor). NaN measures are skipped."""
    where: Setup = setup if setup is not None else ("bench" if rep.support == "bench" else "floor")
    measures = RepMeasures.exact(rep)
    return faults_of(rep.index, judge_rep(measures, where, rules), measures, rules)


# ---------------------------------------------------------------------------------------------
# Uncertainty of each measure


# The analysed side's joints whose jitter and visibility enter the angles.
_JOINTS = ("shoulder", "hip", "knee", "ankle", "ear")
# A visibility this low (or lower) counts as a guess: its jitter is taken this many times over
# (1 / visibility, capped) [design].
_MIN_VISIBILITY = 0.25
# The neck (ear to shoulder) as a share of the trunk (shoulder to hip) [design, Winter: about
# 0.13 H of 0.29 H].
_NECK_OF_TRUNK = 0.45
# The lower leg's on-screen length at a rep's top differing from its usual length by more than
# this share is a tracking error (the ankle drawn mid-shin, the knee jumping) [design].
_SHANK_CHANGE = 0.2
# The lower leg's usual on-screen length under this share of the thigh's is no lower leg: the
# two are about equal in a body (Winter: shank 0.246 H, thigh 0.245 H), and turning the camera
# off the side shortens the thigh lying level at the top more than the upright shin. Below it
# the ankle was put up the shin (something in front of it, a rack's upright) in every frame
# [anthropometry, design].
_SHANK_OF_THIGH = 0.7
# The neck's (ear to shoulder) on-screen length at a rep's top differing from its median over
# the set by more than this share is the ear or the shoulder misplaced there: the pose model's
# steady error at that pose, which jitter cannot show (a side view keeps the neck's length as
# the head nods: the synthetic lifter's changes by 0-13% at the top, 25% when turned 20° off
# the side) [design, as the lower leg's].
_NECK_CHANGE = 0.2
# Feet that move less than this share of the leg's length over the set are unmoved [design].
_FEET_UNMOVED = 0.1


@dataclass(frozen=True, eq=False)
class LandmarkNoise:
    """What the pose model's landmarks of the analysed side are worth, clip-wide."""

    jitter_px: dict[str, float]  # robust frame-to-frame noise per joint
    visibility: dict[str, FloatArray]  # per frame, per joint (0 where unseen)
    shank_px: FloatArray  # knee-to-ankle length per frame (NaN where unseen)
    feet_unmoved: bool  # heel, toe (or ankle) stay put over the set
    thigh_px: FloatArray | None = None  # hip-to-knee length per frame (NaN where unseen)
    neck_px: FloatArray | None = None  # ear-to-shoulder length per frame (NaN where unseen)


def _jitter(points: FloatArray) -> float:
    second = np.diff(points, n=2, axis=0)
    second = second[np.isfinite(second).all(axis=1)]
    if second.shape[0] < 5:
        return float("nan")
    mad = np.median(np.abs(second - np.median(second, axis=0)), axis=0)
    # Second differences of white noise have six times its variance.
    return float(np.mean(1.4826 * mad / math.sqrt(6.0)))


def landmark_noise(pose: PoseSequence, side: str) -> LandmarkNoise:
    """Jitter, visibility, the lower leg's length and whether the feet move, for ``side``."""
    names = set(pose.names)
    jitter: dict[str, float] = {}
    visibility: dict[str, FloatArray] = {}
    for joint in _JOINTS:
        name = f"{side}_{joint}"
        if name in names:
            jitter[joint] = _jitter(pose.point(name))
            visibility[joint] = np.asarray(pose.score(name), dtype=np.float64)
    knee, ankle = pose.point(f"{side}_knee"), pose.point(f"{side}_ankle")
    shank = np.hypot(*(knee - ankle).T)
    hip = pose.point(f"{side}_hip")
    leg = float(np.nanmedian(np.hypot(*(hip - knee).T) + shank)) if np.isfinite(shank).any() else 0
    feet = [f"{side}_{j}" for j in ("heel", "foot_index") if f"{side}_{j}" in names]
    travel = []
    for name in feet or [f"{side}_ankle"]:
        p = pose.point(name)
        p = p[np.isfinite(p).all(axis=1)]
        if p.shape[0] >= 5 and leg > 0:
            spread = np.percentile(p, 95, axis=0) - np.percentile(p, 5, axis=0)
            travel.append(float(np.hypot(*spread)) / leg)
    unmoved = bool(travel) and max(travel) < _FEET_UNMOVED
    thigh = np.asarray(np.hypot(*(hip - knee).T), dtype=np.float64)
    neck = None
    if f"{side}_ear" in names:
        ear, shoulder = pose.point(f"{side}_ear"), pose.point(f"{side}_shoulder")
        neck = np.asarray(np.hypot(*(ear - shoulder).T), dtype=np.float64)
    return LandmarkNoise(
        jitter,
        visibility,
        np.asarray(shank, dtype=np.float64),
        unmoved,
        thigh_px=thigh,
        neck_px=neck,
    )


def _lower_leg_disagreement(
    points: dict[str, FloatArray], top: NDArray[np.bool_]
) -> tuple[float, float]:
    """How far the measured shin angle and knee angle at the top stray (degrees, median over
    the top frames) from a knee placed by the thigh and shank lengths between the hip and the
    planted ankle (the ankle's median position)."""
    hip, knee, ankle = (points[j] for j in ("hip", "knee", "ankle"))
    seen = np.isfinite(hip).all(axis=1) & np.isfinite(knee).all(axis=1)
    seen &= np.isfinite(ankle).all(axis=1)
    if int(seen.sum()) < 5 or not bool((seen & top).any()):
        return 0.0, 0.0
    thigh = float(np.median(np.hypot(*(hip - knee)[seen].T)))
    shank = float(np.median(np.hypot(*(knee - ankle)[seen].T)))
    planted = np.median(ankle[seen], axis=0)
    at = seen & top
    h, k, a = hip[at], knee[at], ankle[at]
    fixed = np.broadcast_to(planted, a.shape)
    placed = two_circle_knee(h, fixed, thigh, shank, k)

    def direction(v: FloatArray) -> FloatArray:
        return np.asarray(np.degrees(np.arctan2(v[:, 0], v[:, 1])), dtype=np.float64)

    def wrap(d: FloatArray) -> FloatArray:
        return np.asarray((d + 180.0) % 360.0 - 180.0, dtype=np.float64)

    shin_off = wrap(direction(k - a) - direction(placed - fixed))
    measured_knee = joint_angle_deg(h, k, a)
    placed_knee = joint_angle_deg(h, placed, fixed)
    return (
        float(np.median(np.abs(shin_off))),
        float(np.median(np.abs(measured_knee - placed_knee))),
    )


def _length_change(lengths: FloatArray | None, top: NDArray[np.bool_]) -> float:
    """A segment's median on-screen length over the top frames against its median over the
    set, as a signed share (0 when it cannot be read)."""
    if lengths is None or lengths.size != top.size or not np.isfinite(lengths).any():
        return 0.0
    usual = float(np.nanmedian(lengths))
    at_top = lengths[top]
    at_top = at_top[np.isfinite(at_top)]
    if not at_top.size or usual <= 0:
        return 0.0
    return float(np.median(at_top)) / usual - 1.0


def _window(t: FloatArray, a: float, b: float) -> NDArray[np.bool_]:
    inside = (t >= a) & (t <= b)
    if not bool(inside.any()):
        inside = np.abs(t - 0.5 * (a + b)) == np.min(np.abs(t - 0.5 * (a + b)))
    return np.asarray(inside, dtype=np.bool_)


def _top_window(span: RepSpan) -> tuple[float, float]:
    a, b = span.top_s, span.lowering_s
    if b - a < 0.2:  # as metrics.rep_metrics: no real hold, the moments around the peak
        a, b = span.peak_s - 0.1, span.peak_s + 0.1
    return a, b


def _spread(x: FloatArray, inside: NDArray[np.bool_]) -> float:
    v = x[inside]
    v = v[np.isfinite(v)]
    return float(np.std(v)) if v.size >= 2 else 0.0


def rep_measures(
    span: RepSpan,
    metrics: RepMetrics,
    band_ends: tuple[RepMetrics, ...],
    k: Kinematics,
    noise: LandmarkNoise,
    view: CameraView,
    cutoff_hz: float,
    points: dict[str, FloatArray] | None = None,
) -> RepMeasures:
    """The rep's measures with their uncertainties.

    For an angle: the landmark jitter carried through the angle's geometry (each joint's
    jitter divided by its visibility at the top, reduced by the low-pass filter), the spread
    of the signal over the rep's top frames, and how far the angle moves between the ends of
    the camera view's band, added in quadrature. A time: one frame interval; the hold also
    carries how far it moves between the easing profiles that fit the set's transitions
    about as well, and between its two readings (``RepSpan.hold_spread_s``). With the feet
    unmoved, the knee is where the thigh and shank lengths put it between the hip and the
    planted ankle (``points``: the cleaned joints the signals came from); how far the measured
    shin and knee angles stray from that is added to theirs (a lower leg that jumps with the
    feet unmoved is a tracking error, not a fault). A view too far off the side makes every
    angle doubted.
    """
    t = k.t
    fps = k.fps if k.fps > 0 else 30.0
    a, b = _top_window(span)
    top = _window(t, a, b)
    gain = math.sqrt(min(1.0, 2.0 * cutoff_hz / fps))

    def sd(joint: str) -> float:
        j = noise.jitter_px.get(joint, float("nan"))
        vis = noise.visibility.get(joint)
        seen = float(np.mean(vis[top])) if vis is not None and vis.size == t.size else 1.0
        if not math.isfinite(j):
            return 0.0
        return j / max(_MIN_VISIBILITY, min(1.0, seen))

    trunk = k.trunk_length_px if k.trunk_length_px > 0 else float("nan")
    thigh = shank = k.body_scale_px / 2 if k.body_scale_px > 0 else float("nan")
    neck = _NECK_OF_TRUNK * trunk
    s, h, kn, an, e = (sd(j) for j in _JOINTS)

    def deg(rad2: float) -> float:
        return math.degrees(math.sqrt(rad2)) * gain if math.isfinite(rad2) else 0.0

    noise_deg = {
        "hip": deg(s**2 / trunk**2 + kn**2 / thigh**2 + h**2 * (1 / trunk**2 + 1 / thigh**2)),
        "knee": deg(h**2 / thigh**2 + an**2 / shank**2 + kn**2 * (1 / thigh**2 + 1 / shank**2)),
        "shin": deg((kn**2 + an**2) / shank**2),
        "head": deg(e**2 / neck**2 + s**2 * (1 / neck**2 + 1 / trunk**2) + h**2 / trunk**2),
        "trunk": deg(2 * (s**2 + h**2) / trunk**2),
    }
    spread = {
        "hip": _spread(k.hip_angle, top),
        "knee": _spread(k.knee_angle, top),
        "shin": _spread(k.shin_angle, top),
        "head": _spread(k.head_angle, top),
        "trunk": 0.0,
    }

    def view_term(field: str) -> float:
        here = float(getattr(metrics, field))
        moved = [abs(float(getattr(m, field)) - here) for m in band_ends]
        moved = [x for x in moved if math.isfinite(x)]
        return max(moved) if moved else 0.0

    fields = {
        "hip": "peak_hip_angle_deg",
        "knee": "knee_angle_top_deg",
        "shin": "shin_angle_top_deg",
        "head": "head_angle_top_deg",
        "trunk": "trunk_rotation_past_line_deg",
    }
    doubt = ""
    if view.known and not view.reliable:
        doubt = (
            f"the camera is about {view.yaw_deg:.0f}° off the side view "
            f"({view.low_deg:.0f}-{view.high_deg:.0f}°): angles are not reliable enough to judge"
        )
    if "top" in metrics.unobserved:
        doubt = doubt or "the lifter was lost at the top (a tracking gap): the top was not seen"

    def angle(key: str, extra: float = 0.0, own_doubt: str = "") -> Measure:
        value = float(getattr(metrics, fields[key]))
        u = math.sqrt(noise_deg[key] ** 2 + spread[key] ** 2 + view_term(fields[key]) ** 2)
        return Measure(
            value, u + extra, "" if math.isfinite(value) else "not seen", doubt or own_doubt
        )

    # The lower leg: its length at the top against its usual length, and, with the feet
    # unmoved, its agreement with the knee the segment lengths place.
    leg_doubt = ""
    usual = np.nanmedian(noise.shank_px) if np.isfinite(noise.shank_px).any() else float("nan")
    change = _length_change(noise.shank_px, top)
    if abs(change) > _SHANK_CHANGE:
        leg_doubt = (
            f"the lower leg's length on screen changed by {change:+.0%} at the top: a "
            "tracking error, not judged"
        )
    thighs = noise.thigh_px
    if not leg_doubt and thighs is not None and np.isfinite(thighs).any():
        thigh_usual = float(np.nanmedian(thighs))
        if math.isfinite(usual) and thigh_usual > 0 and usual < _SHANK_OF_THIGH * thigh_usual:
            leg_doubt = (
                f"the lower leg is {usual / thigh_usual:.0%} of the thigh's length on screen "
                "(about equal in a body): the ankle is misplaced, not judged"
            )
    # The neck: an ear or shoulder the pose model puts elsewhere at the top than over the rest
    # of the set changes the neck's length on screen; the head angle read from them is then
    # not judged. (Not the hip angle: a camera turned off the side changes the neck's length
    # by itself, the shoulder sitting wider than the ear, and true hip faults 15° off the side
    # would be lost: docs/motion-report.md.)
    neck_doubt = ""
    neck_change = _length_change(noise.neck_px, top)
    if abs(neck_change) > _NECK_CHANGE:
        neck_doubt = (
            f"the neck's length on screen (ear to shoulder) changed by {neck_change:+.0%} at the "
            "top: the ear or shoulder is misplaced, not judged"
        )
    shin_extra = knee_extra = 0.0
    if noise.feet_unmoved and points is not None:
        shin_extra, knee_extra = _lower_leg_disagreement(points, top)
    frame = 1.0 / fps

    def time(value: float, what: str) -> Measure:
        return Measure(value, frame, "" if math.isfinite(value) else what)

    slide_noise = gain * math.sqrt(2.0) * s / trunk if math.isfinite(trunk) else 0.0
    # The rolling back's range is not noise: it is added whole, so a slide is named only when
    # every roll in the range leaves it past the threshold.
    roll = 0.5 * metrics.pivot_roll_span
    slide_u = math.sqrt(slide_noise**2 + view_term("pivot_slide") ** 2) + roll
    return RepMeasures(
        peak_hip_angle_deg=angle("hip"),
        trunk_rotation_past_line_deg=angle("trunk"),
        shin_angle_top_deg=angle("shin", shin_extra, leg_doubt),
        knee_angle_top_deg=angle("knee", knee_extra, leg_doubt),
        head_angle_top_deg=angle("head", own_doubt=neck_doubt),
        hold_s=replace(
            time(metrics.hold_s, "the top was not seen"),
            uncertainty=math.hypot(frame, span.hold_spread_s),
        ),
        eccentric_s=time(metrics.eccentric_s, "the lowering was not seen"),
        pivot_slide=Measure(
            metrics.pivot_slide,
            slide_u,
            "" if math.isfinite(metrics.pivot_slide) else "the back was not seen",
            doubt,
        ),
        pivot_roll=roll,
    )


def judge_reps(
    spans: tuple[RepSpan, ...],
    metrics: tuple[RepMetrics, ...],
    pose: PoseSequence,
    side: str,
    viewed: ViewedKinematics,
    setup: Setup,
    rules: FaultRules,
    cutoff_hz: float,
    m_per_px: float | None,
) -> list[tuple[tuple[Check, ...], tuple[Fault, ...]]]:
    """Each rep's checks (every measure with its uncertainty) and the faults named."""
    noise = landmark_noise(pose, side)
    out = []
    for span, m in zip(spans, metrics, strict=True):
        ends = tuple(rep_metrics(span, k, m_per_px) for k in viewed.band_ends)
        measures = rep_measures(
            span, m, ends, viewed.kinematics, noise, viewed.view, cutoff_hz, viewed.points
        )
        checks = judge_rep(measures, setup, rules)
        out.append((checks, faults_of(m.index, checks, measures, rules)))
    return out
