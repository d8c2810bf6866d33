"""The barbell repair over a whole set: a ``PoseSequence`` and the plate per frame in, the
hips and knees the plate hides put back in every frame, and the plate's scale for velocity.

Per frame it is the photo repair (``hipthrust.video.repair``): the hip on the plate's centre,
the knee a thigh from the hip and a shank from the ankle. What a set adds:

- **Which sides.** A side is repaired when its hip (as the pose model gave it) lies on the
  plate's disk in at least ``min_covered_share`` of the frames with a plate; then in all of
  them, so the hip does not jump between the plate's centre and the model's guess.
- **Lengths over the set.** The shank is the median knee-to-ankle length over the frames where
  the knee shows beside the plate (outside its disk) on a planted, plausibly bent leg; the
  thigh, hidden, is taken equal to it (Winter). Where the knee never shows beside the plate,
  both come from the trunk (shoulder to the plate's centre), 1.18 thighs long (Winter).
- **Scale.** The plate's median radius over the frames where it was measured, with its error
  (``barbell.plate_scale``): the hip is now the plate's centre, so the hip's rise is the bar's
  rise, measured in the plate's own plane.

Where the model's hip shows toward the plate's rim or beyond it (the bottom of a bench hip
thrust: the plate rests low and the hip shows above it), the model's hip and knee are kept in
proportion (``repair.model_hip_weight``), so a hip crossing the rim over the set does not jump.

The repaired joints' confidence is at least the plate's rim support (the plate was seen; the
model's visibility for a joint it could not see means nothing).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hipthrust.motion.analysis import AnalysisOptions
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence
from hipthrust.motion.report import ReportWarning, Scale, SetReport
from hipthrust.motion.side import Side
from hipthrust.video.decode import VideoInfo
from hipthrust.video.plate_track import PlateObservations, PlateTrackSettings, observe_plates
from hipthrust.video.repair import (
    DEFAULT_ANATOMY_RULES,
    AnatomyRules,
    LegChain,
    SegmentLengths,
    anatomy_cost,
    repair_chain,
)

__all__ = [
    "BarbellSettings",
    "RepairedSet",
    "repair_clip",
    "repair_sequence",
    "sequence_lengths",
    "with_plate_diameter",
]

FloatArray = NDArray[np.float64]
_SIDES: tuple[Side, Side] = ("left", "right")
_JOINTS = ("shoulder", "hip", "knee", "ankle")
_SEEN = "seen beside the plate"


@dataclass(frozen=True)
class BarbellSettings:
    """Whether and how a filmed set is checked for a barbell plate over the hips [design]."""

    plates: PlateTrackSettings = field(default_factory=PlateTrackSettings)
    anatomy: AnatomyRules = DEFAULT_ANATOMY_RULES
    # A side is repaired when its hip lies on the plate in this share of the plate's frames.
    min_covered_share: float = 0.5
    # Below this share of the analysed frames with a plate, the clip is left as it is.
    min_found_share: float = 0.5


def with_plate_diameter(settings: BarbellSettings, diameter_m: float) -> BarbellSettings:
    """``settings`` for plates ``diameter_m`` across (InputError when implausible)."""
    rules = replace(settings.plates.rules, diameter_m=diameter_m, diameter_given=True)
    return replace(settings, plates=replace(settings.plates, rules=rules))


def _index(side: Side, joint: str) -> int:
    return MEDIAPIPE_33.index(f"{side}_{joint}")


@dataclass(frozen=True, eq=False)
class RepairedSet:
    """The repaired landmarks, what was done, and the plate's scale."""

    pose: PoseSequence
    plates: PlateObservations
    sides: tuple[Side, ...]
    lengths: dict[Side, SegmentLengths]
    repaired_frames: int
    knees_placed: int
    # (frames, 33): True where a point was placed by the repair (hidden, estimated).
    estimated: NDArray[np.bool_] = field(default_factory=lambda: np.zeros((0, 33), bool))

    @property
    def scale(self) -> Scale | None:
        return self.plates.scale()

    def analysis_options(self, options: AnalysisOptions) -> AnalysisOptions:
        """``options`` with the plate's scale, unless the user gave metres per pixel."""
        scale = self.scale
        if scale is None or options.scale_m_per_px is not None or not self.sides:
            return options
        return replace(options, scale=scale)

    def warnings(self) -> tuple[ReportWarning, ...]:
        """``barbell_repair``: what was repaired and how sure it is (the plate seen or only
        interpolated, how much of its rim showed, where the leg's lengths came from)."""
        if not self.sides:
            return ()
        how = self.plates.how
        seen = sum(h in ("detected", "tracked") for h in how)
        between = how.count("interpolated")
        support = self.plates.rim_support[np.isfinite(self.plates.rim_support)]
        rim = f"{float(np.median(support)):.0%}" if support.size else "unknown"
        sources = sorted({v.source for v in self.lengths.values()})
        lengths = " and ".join(sources) if sources else "nowhere (the knees were left)"
        return (
            ReportWarning(
                "barbell_repair",
                f"A plate hides the {'hip' if self.plates.small else 'hip and thigh'} in "
                f"{self.repaired_frames} of "
                f"{self.pose.n_frames} frames: the hip was placed at the plate's centre and the "
                "knee from the leg's lengths, so the hip and knee angles are estimates. "
                f"The plate was seen in {seen} frames and interpolated in {between} (median "
                f"rim showing {rim}); the leg's lengths came from {lengths}; "
                f"{self.knees_placed} knees were placed.{self._small_note()}",
            ),
        )

    def _small_note(self) -> str:
        if not self.plates.small:
            return ""
        note = (
            " It is a small plate (under the 45 cm plates' size against the lifter's lower "
            "leg), of unknown diameter"
        )
        if self.plates.rules.diameter_given:
            return (
                f"{note}: the scale assumes the {self.plates.rules.diameter_m * 100:.0f} cm given."
            )
        return f"{note}: no scale was taken from it (give the plate's diameter for one)."

    def noted(self, report: SetReport) -> SetReport:
        """``report`` with the repair's warning added."""
        extra = tuple(w for w in self.warnings() if w not in report.warnings)
        return replace(report, warnings=report.warnings + extra) if extra else report

    def to_json(self) -> dict[str, Any]:
        return {
            "plate": self.plates.to_json(),
            "sides": list(self.sides),
            "lengths": {side: v.to_json() for side, v in self.lengths.items()},
            "repaired_frames": self.repaired_frames,
            "knees_placed": self.knees_placed,
        }


def _chain(pose: PoseSequence, i: int, side: Side) -> LegChain:
    points = {j: pose.xy[i, _index(side, j)] for j in _JOINTS}
    visibility = {j: float(pose.confidence[i, _index(side, j)]) for j in _JOINTS}
    return LegChain(side, points, visibility)


def _covered_share(pose: PoseSequence, plates: PlateObservations, side: Side) -> float:
    hip = pose.xy[:, _index(side, "hip")]
    with_plate = np.isfinite(plates.radius_px)
    if not bool(with_plate.any()):
        return 0.0
    dist = np.hypot(*(hip - plates.centre).T)
    with np.errstate(invalid="ignore"):
        covered = dist <= plates.radius_px
    return float(covered[with_plate].mean())


def sequence_lengths(
    pose: PoseSequence,
    plates: PlateObservations,
    side: Side,
    rules: AnatomyRules = DEFAULT_ANATOMY_RULES,
) -> SegmentLengths | None:
    """Thigh and shank of ``side`` over the set: the shank where the knee shows beside the
    plate on a planted, plausibly bent leg (thigh = shank), else both from the trunk; None
    when neither can be seen."""
    shanks, trunks = [], []
    for i in np.flatnonzero(np.isfinite(plates.radius_px)):
        plate = plates.plate(int(i))
        assert plate is not None
        chain = _chain(pose, int(i), side)
        chain = replace(chain, points={**chain.points, "hip": np.asarray(plate.centre)})
        if chain.seen("shoulder", rules):
            trunks.append(chain.length("shoulder", "hip"))
        if not (chain.seen("knee", rules) and chain.seen("ankle", rules)):
            continue
        if plate.contains(chain["knee"], 1.05) or plate.contains(chain["ankle"], 1.0):
            continue
        costs = anatomy_cost(chain, rules)
        if costs["shin"] > 0 or costs["knee"] > 0:
            continue
        shanks.append(chain.length("knee", "ankle"))
    if shanks:
        shank = float(np.median(shanks))
        return SegmentLengths(shank * rules.thigh_per_shank, shank, _SEEN)
    trunks = [v for v in trunks if math.isfinite(v) and v > 0]
    if not trunks:
        return None
    thigh = float(np.median(trunks)) / rules.trunk_per_thigh
    return SegmentLengths(thigh, thigh / rules.thigh_per_shank, "proportions of the trunk")


def repair_sequence(
    pose: PoseSequence,
    plates: PlateObservations,
    settings: BarbellSettings = BarbellSettings(),
) -> RepairedSet:
    """``pose`` with, in every frame with a plate, the hip of each covered side on the plate's
    centre and its knee placed by the two-circle intersection (needs a seen ankle)."""
    if plates.t.shape != (pose.n_frames,):
        raise ValueError("the plate observations must have one entry per frame of the pose")
    rules = settings.anatomy
    sides = tuple(
        s for s in _SIDES if _covered_share(pose, plates, s) >= settings.min_covered_share
    )
    learned = {s: sequence_lengths(pose, plates, s, rules) for s in sides}
    lengths: dict[Side, SegmentLengths] = {}
    for s in sides:
        # Its own lengths when seen, else the other leg's when seen (legs match), else its own
        # from the trunk, else the other's.
        ranked = sorted(
            (v for v in (learned[s], *(learned[k] for k in sides if k != s)) if v is not None),
            key=lambda v: v.source != _SEEN,
        )
        if ranked:
            lengths[s] = ranked[0]
    xy = pose.xy.copy()
    confidence = pose.confidence.copy()
    estimated = np.zeros(confidence.shape, dtype=bool)
    repaired = knees = 0
    for i in np.flatnonzero(np.isfinite(plates.radius_px)):
        plate = plates.plate(int(i))
        assert plate is not None
        trust = max(rules.min_visibility, plate.rim_support)
        done = False
        for s in sides:
            fixed = repair_chain(_chain(pose, int(i), s), plate, lengths.get(s), rules=rules)
            for repair in fixed.repairs:
                k = _index(s, repair.joint)
                xy[i, k] = fixed[repair.joint]
                confidence[i, k] = max(float(confidence[i, k]), trust)
                estimated[i, k] = True
                knees += repair.joint == "knee"
                done = True
        repaired += done
    out = replace(pose, xy=xy, confidence=confidence)
    return RepairedSet(out, plates, sides, lengths, repaired, knees, estimated)


def repair_clip(
    info: VideoInfo,
    pose: PoseSequence,
    settings: BarbellSettings = BarbellSettings(),
    plate_seen: bool | None = None,
) -> RepairedSet | None:
    """Look for a plate over the hips in the video ``info`` whose landmarks are ``pose``; when
    one is there, the repaired set; None for a clip without one (nothing changes).
    ``plate_seen``: the first look's answer, where the pose processes took it."""
    plates = observe_plates(info, pose, settings.plates, plate_seen)
    if plates is None or plates.found_share < settings.min_found_share:
        return None
    repaired = repair_sequence(pose, plates, settings)
    return repaired if repaired.sides else None
