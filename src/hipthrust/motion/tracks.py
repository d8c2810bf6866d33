"""From raw landmarks to the cleaned tracks the angles are taken from.

Each side is cleaned (``filters.clean_points``). Landmarks are moved into one plane (the
legs' plane for the hip, knee and shin angles, the ear's plane for the head angle) so a camera
above or below the lifter does not skew angles (``signals.in_plane``). When the analysed leg is
the far one (single-leg work with the free leg nearer the camera), its landmarks are the pose
model's guesses and wobble: the pelvis and shoulders then follow the near side (a rigid body
keeps the offset between its two sides), the planted ankle is held where it stands, and the knee
is placed where the thigh and shank lengths put it (motion.md: "a two-circle intersection").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.filters import FilterSettings, clean_points
from hipthrust.motion.pose import PoseSequence
from hipthrust.motion.side import SIDE_LANDMARKS, Side, SideChoice, landmark_name
from hipthrust.motion.signals import LATERAL_HALF_WIDTH, LEG_PLANE, in_plane

__all__ = ["FOOT_MIN_CONFIDENCE", "REQUIRED_JOINTS", "SideTracks", "side_tracks", "two_circle_knee"]

FloatArray = NDArray[np.float64]

REQUIRED_JOINTS = ("shoulder", "hip", "knee", "ankle")
# Only a clearly seen foot gives the floor line: a guessed one is off by degrees [design].
FOOT_MIN_CONFIDENCE = 0.8
# A planted ankle moves less than this share of the leg's length over the set [design].
_PLANTED_TRAVEL = 0.1


@dataclass(frozen=True, eq=False)
class SideTracks:
    points: dict[str, FloatArray]  # the joints ``compute_kinematics`` takes
    feet: tuple[FloatArray, FloatArray] | None  # heel and toe of a clearly seen planted foot
    rebuilt: bool  # the far leg was rebuilt from the near side


def _body_scale_px(pose: PoseSequence, side: Side) -> float:
    """Median shoulder-to-knee distance of the raw landmarks: the yardstick for jumps."""
    d = np.hypot(*(pose.point(f"{side}_shoulder") - pose.point(f"{side}_knee")).T)
    d = d[np.isfinite(d)]
    if d.size == 0:
        raise InputError("no person was seen in any frame")
    return float(np.median(d))


def _cleaned(
    pose: PoseSequence, side: Side, scale: float, settings: FilterSettings
) -> tuple[dict[str, FloatArray], dict[str, float]]:
    """Cleaned tracks of one side's joints and each joint's mean confidence."""
    joints = [j for j in SIDE_LANDMARKS if landmark_name(side, j) in pose.names]
    idx = [pose.index(landmark_name(side, j)) for j in joints]
    confidence = pose.confidence[:, idx]
    if not joints or not bool((confidence > 0).any()):
        return {}, {}
    cleaned, _ = clean_points(pose.xy[:, idx, :], confidence, pose.fps, scale, settings)
    tracks = {j: cleaned[:, i, :] for i, j in enumerate(joints)}
    return tracks, {j: float(np.mean(confidence[:, i])) for i, j in enumerate(joints)}


def _median_offset(a: FloatArray, b: FloatArray) -> FloatArray | None:
    d = b - a
    ok = np.isfinite(d).all(axis=1)
    return np.median(d[ok], axis=0) if int(ok.sum()) >= 3 else None


def _follow(near: FloatArray, far: FloatArray) -> FloatArray:
    """The far landmark as the near one plus their typical offset (a rigid body part)."""
    offset = _median_offset(near, far)
    return far if offset is None else np.asarray(near + offset, dtype=np.float64)


def _lengths(a: FloatArray, b: FloatArray) -> float:
    d = np.hypot(*(a - b).T)
    d = d[np.isfinite(d)]
    return float(np.median(d)) if d.size else float("nan")


def two_circle_knee(
    hip: FloatArray, ankle: FloatArray, thigh: float, shank: float, guess: FloatArray
) -> FloatArray:
    """Knee positions ``thigh`` from the hip and ``shank`` from the ankle, on the side of
    ``guess`` (the measured knee); ``guess`` where the legs cannot reach or it is missing."""
    d = ankle - hip
    dist = np.hypot(d[:, 0], d[:, 1])
    ok = (dist > abs(thigh - shank)) & (dist < thigh + shank) & np.isfinite(dist)
    safe = np.where(ok, dist, 1.0)
    along = (thigh**2 - shank**2 + safe**2) / (2 * safe)
    across = np.sqrt(np.clip(thigh**2 - along**2, 0.0, None))
    u = d / safe[:, None]
    normal = np.stack((-u[:, 1], u[:, 0]), axis=1)
    base = hip + along[:, None] * u
    a, b = base + across[:, None] * normal, base - across[:, None] * normal
    pick_a = np.sum((a - guess) ** 2, axis=1) <= np.sum((b - guess) ** 2, axis=1)
    knee = np.where(pick_a[:, None], a, b)
    usable = ok & np.isfinite(guess).all(axis=1)
    return np.asarray(np.where(usable[:, None], knee, guess), dtype=np.float64)


def _rebuild_far_leg(
    near: dict[str, FloatArray], far: dict[str, FloatArray]
) -> dict[str, FloatArray] | None:
    """Hip, shoulder, ankle and knee of the far (analysed) leg, steadied by the near side."""
    hip = _follow(near["hip"], far["hip"])
    shoulder = _follow(near["shoulder"], far["shoulder"])
    ankle = far["ankle"]
    seen = np.isfinite(ankle).all(axis=1)
    if int(seen.sum()) < 3:
        return None
    leg = _lengths(far["hip"], far["knee"]) + _lengths(far["knee"], ankle)
    spread = np.percentile(ankle[seen], 95, axis=0) - np.percentile(ankle[seen], 5, axis=0)
    if np.hypot(*spread) <= _PLANTED_TRAVEL * leg:
        ankle = np.broadcast_to(np.median(ankle[seen], axis=0), ankle.shape).copy()
    knee = two_circle_knee(
        hip,
        ankle,
        _lengths(far["hip"], far["knee"]),
        _lengths(far["knee"], far["ankle"]),
        far["knee"],
    )
    return {"hip": hip, "shoulder": shoulder, "ankle": ankle, "knee": knee}


def _feet(
    tracks: dict[Side, dict[str, FloatArray]],
    scores: dict[Side, dict[str, float]],
    order: tuple[Side, ...],
) -> tuple[FloatArray, FloatArray] | None:
    for side in order:
        if all(scores[side].get(j, 0.0) >= FOOT_MIN_CONFIDENCE for j in ("heel", "foot_index")):
            return tracks[side]["heel"], tracks[side]["foot_index"]
    return None


def side_tracks(pose: PoseSequence, choice: SideChoice, settings: FilterSettings) -> SideTracks:
    """The cleaned, in-plane tracks of the analysed side (``choice.side``)."""
    side = choice.side
    other: Side = "right" if side == "left" else "left"
    missing = [j for j in REQUIRED_JOINTS if landmark_name(side, j) not in pose.names]
    if missing:
        raise InputError(f"the landmarks have no {side} {missing[0]}: a side view needs it")
    scale = _body_scale_px(pose, side)
    tracks: dict[Side, dict[str, FloatArray]] = {}
    scores: dict[Side, dict[str, float]] = {}
    for s in (side, other):
        tracks[s], scores[s] = _cleaned(pose, s, scale, settings)
    if not tracks[side]:
        raise InputError("no person was seen in any frame")

    def seen(s: Side) -> float:
        return float(np.mean([scores[s].get(j, 0.0) for j in ("shoulder", "hip", "ear")]))

    best: Side = side if seen(side) >= seen(other) or not tracks[other] else other
    analysed, spare = tracks[side], tracks[other]
    chain = {j: analysed[j] for j in REQUIRED_JOINTS}
    rebuilt = False
    if best != side and all(j in spare for j in ("hip", "shoulder")):
        steady = _rebuild_far_leg(spare, analysed)
        if steady is not None:
            chain, rebuilt = steady, True
    n = pose.n_frames
    head, head_other = tracks[best], tracks["right" if best == "left" else "left"]
    ear_plane = LATERAL_HALF_WIDTH["ear"]
    points = {
        "shoulder": in_plane("shoulder", chain["shoulder"], spare.get("shoulder"), LEG_PLANE),
        "hip": chain["hip"],
        "knee": chain["knee"],
        "ankle": chain["ankle"],
        "ear": head.get("ear", np.full((n, 2), np.nan)),
        "head_shoulder": in_plane(
            "shoulder", head["shoulder"], head_other.get("shoulder"), ear_plane
        ),
        "head_hip": in_plane("hip", head["hip"], head_other.get("hip"), ear_plane),
    }
    order = (side,) if choice.free_leg is not None else (side, other)
    return SideTracks(points, _feet(tracks, scores, order), rebuilt)
