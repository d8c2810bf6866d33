"""Technique faults per rep (domain.md §2 mistakes table, §3.3), each with its numbers and a cue.

Thresholds are data (``FaultRules``) with their source; a coach can pass other rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hipthrust.errors import InputError
from hipthrust.motion.metrics import RepMetrics

__all__ = [
    "DEFAULT_FAULT_RULES",
    "FAULTS",
    "Fault",
    "FaultKind",
    "FaultRules",
    "detect_faults",
]


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


def _fault(fault_id: str, rep: RepMetrics, **values: float) -> Fault:
    rounded = {k: round(v, 3) for k, v in values.items()}
    return Fault(fault_id, rep.index, rounded, FAULTS[fault_id].cue)


def detect_faults(rep: RepMetrics, rules: FaultRules = DEFAULT_FAULT_RULES) -> tuple[Fault, ...]:
    """The faults one rep shows, in the order of the domain table. NaN measures are skipped."""
    found: list[Fault] = []
    peak = rep.peak_hip_angle_deg
    if peak < rules.min_top_hip_angle_deg:
        found.append(
            _fault(
                "incomplete_extension",
                rep,
                peak_hip_angle_deg=peak,
                threshold_deg=rules.min_top_hip_angle_deg,
            )
        )
    past = peak - 180.0
    trunk_on = rep.trunk_rotation_past_line_deg
    if past > rules.max_past_line_deg or trunk_on > rules.max_trunk_past_line_deg:
        found.append(
            _fault(
                "lumbar_hyperextension",
                rep,
                extension_past_line_deg=past,
                trunk_rotation_past_line_deg=trunk_on,
                past_line_threshold_deg=rules.max_past_line_deg,
                trunk_threshold_deg=rules.max_trunk_past_line_deg,
            )
        )
    shin = rep.shin_angle_top_deg
    if shin > rules.max_shin_forward_deg:
        found.append(
            _fault(
                "shins_forward", rep, shin_angle_deg=shin, threshold_deg=rules.max_shin_forward_deg
            )
        )
    if shin < -rules.max_shin_back_deg:
        found.append(
            _fault("shins_back", rep, shin_angle_deg=shin, threshold_deg=-rules.max_shin_back_deg)
        )
    if rep.hold_s < rules.min_hold_s:
        found.append(_fault("no_pause", rep, hold_s=rep.hold_s, threshold_s=rules.min_hold_s))
    if rep.eccentric_s < rules.min_eccentric_s:
        found.append(
            _fault(
                "rushed_eccentric",
                rep,
                eccentric_s=rep.eccentric_s,
                threshold_s=rules.min_eccentric_s,
            )
        )
    head = rep.head_angle_top_deg
    if head < -rules.max_neck_extension_deg:
        found.append(
            _fault(
                "looking_at_ceiling",
                rep,
                head_angle_deg=head,
                threshold_deg=-rules.max_neck_extension_deg,
            )
        )
    if rep.support == "bench" and rep.pivot_slide > rules.max_pivot_slide:
        found.append(
            _fault(
                "wrong_pivot",
                rep,
                pivot_slide_trunk_lengths=rep.pivot_slide,
                threshold=rules.max_pivot_slide,
            )
        )
    return tuple(found)
