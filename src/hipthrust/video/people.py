"""Is there more than one person? Mask the tracked lifter and look again.

BlazePose follows one person: with two people in view it silently picks one (and may jump
between them). So, every few seconds, the frame is copied with the tracked person's box
painted over in the frame's median colour, and a second estimator (BlazePose in still-image
mode, which runs the person detector afresh) looks for anyone else. Someone found there, well
seen, mostly outside the painted box and at least half the lifter's size, counts as another
person; if that happens in enough of the checks, the clip is refused.

Limits: a second person hidden behind the lifter (or inside the painted box, e.g. a spotter
leaning over the bar) is not found; people much smaller than the lifter (far in the
background, a gym's other members) are ignored on purpose; the still-image detector is weaker
for lying bodies, so a second lifter lying down may be missed in some checks, which is why a
fraction of checks, not all of them, is enough.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.video.pose_model import FramePose, PoseEstimator

__all__ = [
    "DEFAULT_PEOPLE_RULES",
    "PeopleCheck",
    "PeopleRules",
    "PeopleVerdict",
    "check_for_others",
    "mask_person",
    "people_verdict",
]

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PeopleRules:
    """When another person counts, and how often to look; every number is [design]."""

    check_every_s: float = 2.0
    max_checks: int = 60  # longer clips are checked less often: every duration / max_checks
    # The painted box grows by this fraction of the person's size on each side (the landmarks
    # are joints: the head, hands and feet reach past them).
    mask_margin: float = 0.15
    min_landmarks: int = 12  # landmarks seen with min_visibility to count as a person
    min_visibility: float = 0.5
    min_size_ratio: float = 0.5  # the other's box diagonal over the lifter's
    max_overlap: float = 0.3  # of the other's box lying inside the painted box
    min_fraction: float = 0.3  # of the checks that found another person
    min_checks: int = 2  # and at least this many of them

    def __post_init__(self) -> None:
        if (
            self.check_every_s <= 0
            or not 0 < self.min_fraction <= 1
            or self.min_checks < 1
            or self.max_checks < 1
        ):
            raise InputError("people rules need a positive interval, a fraction in (0, 1]")


DEFAULT_PEOPLE_RULES = PeopleRules()


@dataclass(frozen=True)
class PeopleCheck:
    """One look at one frame: was someone else there, and how big relative to the lifter."""

    t_s: float
    other_found: bool
    size_ratio: float  # 0 when nobody else was found


@dataclass(frozen=True)
class PeopleVerdict:
    checks: int
    others_found: int
    several: bool

    def to_json(self) -> dict[str, object]:
        return {"checks": self.checks, "others_found": self.others_found}


def _seen_box(pose: FramePose, min_visibility: float) -> Box | None:
    seen = np.isfinite(pose.xy).all(axis=1) & (pose.visibility >= min_visibility)
    if not bool(seen.any()):
        return None
    (x0, y0), (x1, y1) = pose.xy[seen].min(axis=0), pose.xy[seen].max(axis=0)
    return float(x0), float(y0), float(x1), float(y1)


def _diagonal(box: Box) -> float:
    return float(np.hypot(box[2] - box[0], box[3] - box[1]))


def _grown(box: Box, margin: float, width: int, height: int) -> Box:
    pad = margin * _diagonal(box)
    return (
        max(0.0, box[0] - pad),
        max(0.0, box[1] - pad),
        min(float(width), box[2] + pad),
        min(float(height), box[3] + pad),
    )


def _inside_fraction(box: Box, mask: Box) -> float:
    w = max(0.0, min(box[2], mask[2]) - max(box[0], mask[0]))
    h = max(0.0, min(box[3], mask[3]) - max(box[1], mask[1]))
    area = max(1e-9, (box[2] - box[0]) * (box[3] - box[1]))
    return w * h / area


def mask_person(
    frame_rgb: NDArray[np.uint8], pose: FramePose, margin: float
) -> tuple[NDArray[np.uint8], Box]:
    """A copy of the frame with the person's (grown) box painted in the frame's median colour."""
    height, width = frame_rgb.shape[:2]
    box = _seen_box(pose, 0.0)
    if box is None:
        return frame_rgb.copy(), (0.0, 0.0, 0.0, 0.0)
    mask = _grown(box, margin, width, height)
    out = frame_rgb.copy()
    colour = np.median(frame_rgb[::8, ::8].reshape(-1, 3), axis=0).astype(np.uint8)
    x0, y0 = int(mask[0]), int(mask[1])
    x1, y1 = int(np.ceil(mask[2])), int(np.ceil(mask[3]))
    out[y0:y1, x0:x1] = colour
    return out, mask


def check_for_others(
    frame_rgb: NDArray[np.uint8],
    t_s: float,
    lifter: FramePose,
    second_look: PoseEstimator,
    rules: PeopleRules = DEFAULT_PEOPLE_RULES,
) -> PeopleCheck:
    """Paint the lifter over and ask ``second_look`` (a still-image estimator) for anyone else."""
    lifter_box = _seen_box(lifter, 0.0)
    if lifter_box is None:
        return PeopleCheck(t_s, False, 0.0)
    masked, mask = mask_person(frame_rgb, lifter, rules.mask_margin)
    other = second_look.estimate(masked, t_s)
    if other is None:
        return PeopleCheck(t_s, False, 0.0)
    seen = np.isfinite(other.xy).all(axis=1) & (other.visibility >= rules.min_visibility)
    other_box = _seen_box(other, rules.min_visibility)
    if int(seen.sum()) < rules.min_landmarks or other_box is None:
        return PeopleCheck(t_s, False, 0.0)
    ratio = _diagonal(other_box) / max(1e-9, _diagonal(lifter_box))
    found = ratio >= rules.min_size_ratio and _inside_fraction(other_box, mask) <= rules.max_overlap
    return PeopleCheck(t_s, found, ratio if found else 0.0)


def people_verdict(
    checks: list[PeopleCheck] | tuple[PeopleCheck, ...], rules: PeopleRules = DEFAULT_PEOPLE_RULES
) -> PeopleVerdict:
    found = sum(1 for c in checks if c.other_found)
    several = (
        bool(checks) and found >= rules.min_checks and found / len(checks) >= rules.min_fraction
    )
    return PeopleVerdict(len(checks), found, several)
