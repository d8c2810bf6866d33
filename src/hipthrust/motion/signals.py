"""Joint angles and positions over time, from cleaned side-view landmarks.

Coordinates here are "floor" coordinates: ``u`` along the floor (pixels, as the image's x once
camera tilt is removed) and ``v`` up (pixels, the image's y flipped). Conventions:

- hip angle: shoulder-hip-knee, 180 deg on the shoulder-knee line, below 180 when flexed,
  above 180 when the hip rises past the line (extension past the line);
- knee angle: hip-knee-ankle, 180 deg straight;
- shin angle: the ankle-to-knee segment against vertical, positive when the foot is further from
  the hips than the knee (shin slopes forward: feet too far out), negative when the knee is past
  the ankle (shin slopes back: feet too close);
- trunk angle: the shoulder-to-hip segment against the floor, positive when the hip is above the
  shoulder, -90 deg when standing upright;
- head angle: the shoulder-to-ear line against the trunk line, positive when the head is flexed
  (chin tucked), negative when it is tipped back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BACK_ROLL_PER_RAD",
    "BENCH_SHOULDER_HEIGHT",
    "LATERAL_HALF_WIDTH",
    "LEG_PLANE",
    "MAX_TRUSTED_TILT_DEG",
    "PIVOT_ALONG_TRUNK",
    "PIVOT_BEHIND_SHOULDER",
    "Kinematics",
    "Support",
    "TiltSource",
    "compute_kinematics",
    "estimate_tilt_deg",
    "in_plane",
    "joint_angle_deg",
    "to_floor_frame",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
TiltSource = Literal["given", "feet", "none"]
Support = Literal["bench", "floor"]

# Where the back rests on the bench edge (the pivot), from the shoulder joint, in trunk
# (shoulder-to-hip) lengths: down the trunk to the bottom of the shoulder blades, and back from
# the joint to the skin [design, from Winter's proportions: 0.065 H and 0.046 H of a 0.288 H
# trunk].
PIVOT_ALONG_TRUNK = 0.226
PIVOT_BEHIND_SHOULDER = 0.160
# A back is not a hinge: as the trunk turns hips-up, a rounded back rolling over a rounded,
# padded bench edge moves the contact down the back by r per radian, the same point of the
# bench staying under it. Two convex surfaces rolling without slip move the contact along each
# by R * rho / (R + rho) per radian: less than the edge's radius rho when the back's sagittal
# radius R (the upper back's curve, some 15-40 cm) is larger. A bench pad's rounded edge is at
# most a few centimetres (its thickness, 5-8 cm), so r lies between 0 (a fixed point of the back
# on a hard edge) and about 5 cm per radian, 0.1 trunk lengths of a 0.5 m trunk [anthropometry,
# design]. The roll moves a fixed point of the back toward the head as the hips rise, as a slide
# up the bench does: which of the two the video shows is only known within this range.
BACK_ROLL_PER_RAD: tuple[float, float] = (0.0, 0.1)
# Shoulders this many trunk lengths above the ankles rest on a bench, not the floor [design].
BENCH_SHOULDER_HEIGHT = 0.4

# How far each landmark sits from the body's mid-plane, as a share of standing height [design,
# after Winter's body widths]. A camera above or below the lifter sees points at different
# depths shifted differently, so landmarks are moved into one plane before angles are taken.
LATERAL_HALF_WIDTH: dict[str, float] = {
    "shoulder": 0.105,
    "ear": 0.043,
    "hip": 0.06,
    "knee": 0.055,
    "ankle": 0.055,
}
LEG_PLANE = 0.06  # the plane of hip, knee and ankle

# Feet shorter than this in pixels give no usable floor line [design].
_MIN_FOOT_PX = 8.0
# A floor line steeper than this is not a floor: the feet are not flat [design].
_MAX_TILT_DEG = 15.0
# The heel and toe landmarks do not always lie on the floor (a shoe's toe spring, toes pulled up
# to drive through the heels): on a real bodyweight clip filmed level, the line under the feet
# leaned 10-12 deg. A phone is rarely held more crooked than this, so a steeper floor line is
# reported but not applied [design].
MAX_TRUSTED_TILT_DEG = 6.0


def joint_angle_deg(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """Unsigned angle a-b-c at ``b`` in degrees (0-180), per frame; NaN where a point is."""
    ba = a - b
    bc = c - b
    dot = np.sum(ba * bc, axis=-1)
    cross = ba[..., 0] * bc[..., 1] - ba[..., 1] * bc[..., 0]
    return np.asarray(np.degrees(np.abs(np.arctan2(cross, dot))), dtype=np.float64)


def estimate_tilt_deg(heel: FloatArray, toe: FloatArray) -> float | None:
    """Camera roll from the floor line under flat feet (heel to toe), in image coordinates.

    Positive means the floor runs down to the right on screen (the image is turned clockwise).
    ``None`` when the feet are not seen well enough or the line is too steep to be a floor.
    """
    d = toe - heel
    length = np.hypot(d[:, 0], d[:, 1])
    ok = np.isfinite(length) & (length >= _MIN_FOOT_PX)
    if int(ok.sum()) < 3:
        return None
    dx, dy = d[ok, 0], d[ok, 1]
    flip = dx < 0
    dx = np.where(flip, -dx, dx)
    dy = np.where(flip, -dy, dy)
    angle = float(np.degrees(np.arctan2(np.median(dy), np.median(dx))))
    return angle if abs(angle) <= _MAX_TILT_DEG else None


def to_floor_frame(xy: FloatArray, tilt_deg: float, centre: tuple[float, float]) -> FloatArray:
    """Image pixels ``(..., 2)`` to floor coordinates (u along the floor, v up)."""
    theta = np.radians(tilt_deg)
    cos, sin = np.cos(theta), np.sin(theta)
    x = xy[..., 0] - centre[0]
    y = xy[..., 1] - centre[1]
    u = cos * x + sin * y
    down = -sin * x + cos * y
    return np.stack((u, -down), axis=-1)


def in_plane(
    joint: str, analysed: FloatArray, other: FloatArray | None, plane: float
) -> FloatArray:
    """``analysed`` side's landmark moved toward the mid-plane (the midpoint of both sides) so
    that it sits ``plane`` (share of height) from it; where the other side is missing, as is."""
    if other is None:
        return analysed
    mid = (analysed + other) / 2
    moved = mid + (analysed - mid) * (plane / LATERAL_HALF_WIDTH[joint])
    return np.asarray(np.where(np.isfinite(moved), moved, analysed), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class Kinematics:
    """Per-frame signals of one clip, NaN where the landmarks behind them were missing."""

    t: FloatArray
    hip_angle: FloatArray
    knee_angle: FloatArray
    shin_angle: FloatArray
    trunk_angle: FloatArray
    head_angle: FloatArray
    hip_height: FloatArray  # above the ankle, in thigh+shank lengths
    hip_height_px: FloatArray
    pivot_u_px: FloatArray  # the back's contact with the bench edge, along the floor
    body_scale_px: float  # median thigh + shank length
    trunk_length_px: float  # median shoulder-to-hip length
    foot_direction: int  # +1 when the feet are at larger u than the shoulders, else -1
    support: Support  # shoulders on a bench or on the floor
    tilt_deg: float
    tilt_source: TiltSource
    floor_line_deg: float | None = None  # the feet's line, also when too steep to trust
    shoulder_height_px: FloatArray | None = None  # the shoulder above the ankle
    # The hip above the feet's usual height (the ankles' median: the feet stay planted, so
    # their own jitter is left out): the hips' travel, in pixels.
    hip_travel_px: FloatArray | None = None
    # The lower leg's on-screen length (knee to ankle) per frame, in pixels: where it jumps,
    # the ankle was misplaced (``sanity.hip_lift``).
    shank_px: FloatArray | None = None

    @property
    def fps(self) -> float:
        return float(1.0 / np.median(np.diff(self.t))) if self.t.size > 1 else 0.0


def _median_of(x: FloatArray) -> float:
    finite = x[np.isfinite(x)]
    return float(np.median(finite)) if finite.size else float("nan")


def _median_length(a: FloatArray, b: FloatArray) -> float:
    lengths = np.hypot(*(a - b).T)
    lengths = lengths[np.isfinite(lengths)]
    return float(np.median(lengths)) if lengths.size else float("nan")


def compute_kinematics(
    points: dict[str, FloatArray],
    t: FloatArray,
    centre: tuple[float, float],
    tilt_deg: float | None = None,
    feet: tuple[FloatArray, FloatArray] | None = None,
) -> Kinematics:
    """Signals from cleaned image-pixel tracks ``(n_frames, 2)``.

    ``points`` holds ``shoulder``, ``hip``, ``knee``, ``ankle`` (for the hip, knee, shin and
    trunk angles) and ``ear``; optionally ``head_shoulder`` and ``head_hip`` (the same joints
    moved into the ear's plane) for the head angle. With ``tilt_deg`` None the camera roll is
    estimated from ``feet`` (heel and toe of a planted foot), else taken as 0.
    """
    source: TiltSource = "given"
    estimate = estimate_tilt_deg(*feet) if feet is not None else None
    if tilt_deg is not None:
        tilt = float(tilt_deg)
    elif estimate is not None and abs(estimate) <= MAX_TRUSTED_TILT_DEG:
        tilt, source = estimate, "feet"
    else:
        tilt, source = 0.0, "none"
    floor = {name: to_floor_frame(p, tilt, centre) for name, p in points.items()}
    sh, hip, knee, ankle, ear = (floor[k] for k in ("shoulder", "hip", "knee", "ankle", "ear"))
    head_sh, head_hip = floor.get("head_shoulder", sh), floor.get("head_hip", hip)

    toward_feet = np.nanmedian(ankle[:, 0] - sh[:, 0]) if np.isfinite(ankle[:, 0]).any() else 1.0
    foot_dir = 1 if not np.isfinite(toward_feet) or toward_feet >= 0 else -1

    bent = joint_angle_deg(sh, hip, knee)
    line = knee - sh
    to_hip = hip - sh
    above = (line[:, 0] * to_hip[:, 1] - line[:, 1] * to_hip[:, 0]) * foot_dir > 0
    hip_angle = np.where(above, 360.0 - bent, bent)

    knee_angle = joint_angle_deg(hip, knee, ankle)
    shin = knee - ankle
    shin_angle = np.degrees(np.arctan2(-foot_dir * shin[:, 0], shin[:, 1]))
    trunk = hip - sh
    trunk_angle = np.degrees(np.arctan2(trunk[:, 1], foot_dir * trunk[:, 0]))
    head_to = head_sh - head_hip
    neck = ear - head_sh
    cross = head_to[:, 0] * neck[:, 1] - head_to[:, 1] * neck[:, 0]
    dot = np.sum(head_to * neck, axis=1)
    head_angle = -foot_dir * np.degrees(np.arctan2(cross, dot))

    trunk_length = _median_length(sh, hip)
    along = (hip - sh) / np.hypot(*(hip - sh).T)[:, None]
    front = np.stack((-foot_dir * along[:, 1], foot_dir * along[:, 0]), axis=1)  # toward "up"
    pivot = sh + trunk_length * (PIVOT_ALONG_TRUNK * along - PIVOT_BEHIND_SHOULDER * front)
    shoulder_rise = (
        np.nanmedian(sh[:, 1] - ankle[:, 1]) if np.isfinite(sh[:, 1] - ankle[:, 1]).any() else 0.0
    )
    support: Support = "bench" if shoulder_rise > BENCH_SHOULDER_HEIGHT * trunk_length else "floor"

    scale = _median_length(hip, knee) + _median_length(knee, ankle)
    hip_height_px = hip[:, 1] - ankle[:, 1]
    hip_height = (
        hip_height_px / scale if np.isfinite(scale) and scale > 0 else hip_height_px * np.nan
    )
    return Kinematics(
        t=np.asarray(t, dtype=np.float64),
        hip_angle=np.asarray(hip_angle, dtype=np.float64),
        knee_angle=knee_angle,
        shin_angle=np.asarray(shin_angle, dtype=np.float64),
        trunk_angle=np.asarray(trunk_angle, dtype=np.float64),
        head_angle=np.asarray(head_angle, dtype=np.float64),
        hip_height=np.asarray(hip_height, dtype=np.float64),
        hip_height_px=np.asarray(hip_height_px, dtype=np.float64),
        hip_travel_px=np.asarray(hip[:, 1] - _median_of(ankle[:, 1]), dtype=np.float64),
        pivot_u_px=np.asarray(pivot[:, 0], dtype=np.float64),
        body_scale_px=scale,
        trunk_length_px=trunk_length,
        foot_direction=foot_dir,
        support=support,
        tilt_deg=tilt,
        tilt_source=source,
        floor_line_deg=estimate,
        shoulder_height_px=np.asarray(sh[:, 1] - ankle[:, 1], dtype=np.float64),
        shank_px=np.asarray(np.hypot(*(knee - ankle).T), dtype=np.float64),
    )
