"""Which side of the body faces the camera.

Rules made for standing exercises (foot-to-shoulder distance) fail for lying ones, so the side
is the one whose key landmarks are tracked better over the whole clip (motion.md); the user can
override it. On single-leg work the planted leg is the one to measure even when the free leg is
nearer the camera: a side whose ankle travels far while the other stays put is the free leg.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from hipthrust.errors import InputError
from hipthrust.motion.pose import PoseSequence

__all__ = [
    "FREE_LEG_RATIO",
    "FREE_LEG_TRAVEL",
    "SIDE_LANDMARKS",
    "Side",
    "SideChoice",
    "ankle_travel",
    "choose_side",
    "landmark_name",
]

Side = Literal["left", "right"]

# The joints the analysis needs, in the order they matter for it.
SIDE_LANDMARKS: tuple[str, ...] = ("shoulder", "hip", "knee", "ankle", "ear", "heel", "foot_index")
_SCORED: tuple[str, ...] = ("shoulder", "hip", "knee", "ankle", "ear")


def landmark_name(side: Side, joint: str) -> str:
    """``landmark_name("left", "hip") == "left_hip"``."""
    return f"{side}_{joint}"


# An ankle travelling more than this share of the leg's length, and more than FREE_LEG_RATIO
# times the other ankle, belongs to a free leg [design].
FREE_LEG_TRAVEL = 0.25
FREE_LEG_RATIO = 2.0


@dataclass(frozen=True)
class SideChoice:
    side: Side
    # Mean confidence of the scored joints over all frames (0 where unseen), per side.
    left_score: float
    right_score: float
    overridden: bool
    free_leg: Side | None = None  # the side found to be a free (unplanted) leg


def ankle_travel(pose: PoseSequence, side: Side) -> float:
    """How far the ankle moves over the clip (5th to 95th percentile of its position), in
    hip-to-ankle lengths; NaN when it is not seen."""
    names = [landmark_name(side, j) for j in ("hip", "knee", "ankle")]
    if not all(n in pose.names for n in names):
        return float("nan")
    hip, knee, ankle = (pose.point(n) for n in names)
    leg = np.hypot(*(hip - knee).T) + np.hypot(*(knee - ankle).T)
    seen = np.isfinite(ankle).all(axis=1) & np.isfinite(leg)
    if int(seen.sum()) < 5:
        return float("nan")
    spread = np.percentile(ankle[seen], 95, axis=0) - np.percentile(ankle[seen], 5, axis=0)
    return float(np.hypot(*spread) / np.median(leg[seen]))


def _score(pose: PoseSequence, side: Side) -> float:
    scores = [
        float(np.mean(pose.score(landmark_name(side, joint))))
        for joint in _SCORED
        if landmark_name(side, joint) in pose.names
    ]
    return float(np.mean(scores)) if scores else 0.0


def choose_side(pose: PoseSequence, override: Side | None = None) -> SideChoice:
    """The better-tracked side, or ``override`` when the user named one."""
    if override is not None and override not in ("left", "right"):
        raise InputError(f"side must be left or right, not {override!r}")
    left, right = _score(pose, "left"), _score(pose, "right")
    travel = {s: ankle_travel(pose, s) for s in ("left", "right")}
    free: Side | None = None
    for a, b in (("left", "right"), ("right", "left")):
        if travel[a] > FREE_LEG_TRAVEL and travel[a] > FREE_LEG_RATIO * travel[b]:
            free = a  # type: ignore[assignment]
    if override is not None:
        return SideChoice(override, left, right, overridden=True, free_leg=free)
    if free is not None:
        planted: Side = "right" if free == "left" else "left"
        return SideChoice(planted, left, right, overridden=False, free_leg=free)
    side: Side = "left" if left >= right else "right"
    return SideChoice(side, left, right, overridden=False)
