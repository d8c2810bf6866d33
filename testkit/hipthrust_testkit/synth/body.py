"""A 2-D kinematic model of a lifter lying on a bench or on the floor, in the sagittal plane.

Coordinates are metres in a "canonical" world: x along the floor from the head toward the feet,
y up, the floor at y = 0. The thorax pivots on a fixed contact point (the bench edge at the
bottom of the shoulder blades for a hip thrust, the upper back on the floor for a glute bridge),
an optional lumbar joint lets the pelvis keep rotating after the hip stops (lumbar
hyperextension), and the feet stay planted: for each trunk angle the knee is found by a
two-circle intersection from the hip (thigh length) and the ankle (shank length), so every
segment keeps its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError

__all__ = [
    "BodyProportions",
    "Chain",
    "LyingSetup",
    "Support",
    "hip_clearance_angle",
    "lying_chain",
    "lying_setup",
    "plain_table",
    "rot_cw",
    "signed_hip_angle",
    "solve_trunk_angle",
    "two_circle_knee",
    "unit",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Support = Literal["bench", "floor"]


@dataclass(frozen=True)
class BodyProportions:
    """Segment lengths as fractions of standing height.

    Lengths follow Winter's anthropometric table [lit: Winter, Biomechanics and Motor Control of
    Human Movement, 4th ed. 2009, fig. 4.1]: shoulder 0.818 H, hip (greater trochanter) 0.530 H,
    knee 0.285 H, ankle 0.039 H, foot length 0.152 H, upper arm 0.186 H, forearm 0.146 H, hand
    0.108 H. Depths and widths of the torso and head are [design] approximations.
    """

    thigh: float = 0.245
    shank: float = 0.246
    trunk: float = 0.288  # shoulder to hip
    thorax_share: float = 0.62  # of the trunk: shoulder to the lumbar bend [design]
    upper_arm: float = 0.186
    forearm: float = 0.146
    hand: float = 0.108
    ankle_height: float = 0.039
    foot_length: float = 0.152
    heel_behind_ankle: float = 0.030
    sole_height: float = 0.010  # heel and toe landmarks above the sole [design]
    back_depth: float = 0.046  # shoulder joint in front of the upper back's surface [design]
    scapula_drop: float = 0.045  # shoulder to the pivot on the back (rolling contact) [design]
    hip_depth: float = 0.06  # hip joint above the floor when the buttocks rest on it [design]
    neck_base: float = 0.017  # shoulder to the neck pivot (C7), along the trunk [design]
    ear_above_neck: float = 0.069  # neck pivot to the ear when the head is neutral [design]
    # Half-widths of the landmark pairs across the body [design, from Winter's widths].
    shoulder_half_width: float = 0.105
    elbow_half_width: float = 0.125
    wrist_half_width: float = 0.11
    hip_half_width: float = 0.06
    knee_half_width: float = 0.055
    ankle_half_width: float = 0.055

    def length(self, segment: str, height_m: float) -> float:
        """A segment's length in metres for a person ``height_m`` tall."""
        return float(getattr(self, segment)) * height_m


WINTER = BodyProportions()


def unit(v: FloatArray) -> FloatArray:
    """Vectors ``(..., 2)`` scaled to length 1."""
    return np.asarray(v / np.linalg.norm(v, axis=-1, keepdims=True), dtype=np.float64)


def rot_cw(v: FloatArray) -> FloatArray:
    """Vectors ``(..., 2)`` turned 90 degrees clockwise (y up)."""
    return np.stack((v[..., 1], -v[..., 0]), axis=-1)


def _cross(a: FloatArray, b: FloatArray) -> FloatArray:
    return np.asarray(a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0], dtype=np.float64)


def signed_hip_angle(shoulder: FloatArray, hip: FloatArray, knee: FloatArray) -> FloatArray:
    """Shoulder-hip-knee angle in degrees, canonical world (head toward -x, y up, supine).

    180 on the shoulder-knee line, below when the hip is flexed, above when the hip rises past
    the line (the same convention as ``hipthrust.motion.signals``).
    """
    into = hip - shoulder
    out = knee - hip
    turn = np.arctan2(_cross(into, out), np.sum(into * out, axis=-1))
    return np.asarray(180.0 - np.degrees(turn), dtype=np.float64)


def two_circle_knee(
    hip: FloatArray, ankle: FloatArray, thigh: float, shank: float
) -> tuple[FloatArray, BoolArray]:
    """Knee positions ``|knee - hip| = thigh`` and ``|knee - ankle| = shank``.

    Of the two intersections, the one to the left of the hip-to-ankle direction (up for a lying
    lifter whose feet are toward +x, forward for a standing one facing +x). Where the leg cannot
    reach, the knee is put on the straight line and ``reachable`` is False.
    """
    d_vec = ankle - hip
    d = np.linalg.norm(d_vec, axis=-1)
    reachable = (d <= thigh + shank) & (d >= abs(thigh - shank)) & (d > 0)
    d_safe = np.clip(d, abs(thigh - shank) + 1e-9, thigh + shank)
    along = (thigh**2 - shank**2 + d_safe**2) / (2 * d_safe)
    across = np.sqrt(np.clip(thigh**2 - along**2, 0.0, None))
    u = d_vec / np.where(d > 0, d, 1.0)[..., None]
    left = -rot_cw(u)
    knee = hip + along[..., None] * u + across[..., None] * left
    return np.asarray(knee, dtype=np.float64), np.asarray(reachable, dtype=np.bool_)


@dataclass(frozen=True)
class LyingSetup:
    """Where the lifter lies: the support, the pivot, and the planted feet (metres)."""

    support: Support
    height_m: float
    support_height_m: float  # bench top; 0 on the floor
    feet_height_m: float  # platform under the feet (deficit hip thrust); 0 on the floor
    ankle_x: float
    body: BodyProportions = WINTER
    # The upper back rolls over the bench edge (a curved back on the edge, not a fixed point of
    # the back): the contact moves down the back by this many metres per radian the thorax
    # turns, so the shoulders travel about the edge rather than on a fixed radius; 0 pivots
    # on a fixed point of the back.
    back_roll_m: float = 0.0

    @property
    def pivot(self) -> tuple[float, float]:
        """The contact point of the back with the bench edge (or the floor)."""
        return (0.0, self.support_height_m)

    @property
    def ankle(self) -> tuple[float, float]:
        return (self.ankle_x, self.feet_height_m + self.body.length("ankle_height", self.height_m))

    @property
    def scapula_drop_m(self) -> float:
        # On the floor the upper back rolls: the contact stays near the shoulders [design].
        share = 1.0 if self.support == "bench" else 0.25
        return share * self.body.length("scapula_drop", self.height_m)

    def drop_at(self, trunk_rad: FloatArray) -> FloatArray:
        """Shoulder to the contact along the back at thorax angles ``trunk_rad``."""
        return np.asarray(self.scapula_drop_m + self.back_roll_m * trunk_rad, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class Chain:
    """Joint positions ``(n, 2)`` and the trunk's axes for a batch of poses."""

    shoulder: FloatArray
    lumbar: FloatArray
    hip: FloatArray
    knee: FloatArray
    ankle: FloatArray
    caudal: FloatArray  # unit, thorax, from the shoulders toward the hips
    anterior: FloatArray  # unit, thorax, front of the body
    pelvis_caudal: FloatArray
    pelvis_anterior: FloatArray
    reachable: BoolArray

    @property
    def hip_joint_angle(self) -> FloatArray:
        """Pelvis-thigh angle (the hip joint itself), same convention as the S-H-K angle."""
        return signed_hip_angle(self.lumbar, self.hip, self.knee)

    @property
    def hip_angle(self) -> FloatArray:
        """The visible shoulder-hip-knee angle."""
        return signed_hip_angle(self.shoulder, self.hip, self.knee)


def lying_chain(
    setup: LyingSetup,
    trunk_deg: FloatArray,
    lumbar_deg: FloatArray | float = 0.0,
    slide_m: FloatArray | float = 0.0,
) -> Chain:
    """The chain for thorax angles ``trunk_deg`` (caudal direction above horizontal).

    ``lumbar_deg`` turns the pelvis toward the front of the body relative to the thorax;
    ``slide_m`` moves the contact point along the support toward the head (wrong pivot).
    """
    h = setup.height_m
    body = setup.body
    theta = np.radians(np.asarray(trunk_deg, dtype=np.float64))
    n = theta.shape
    lam = np.radians(np.broadcast_to(np.asarray(lumbar_deg, dtype=np.float64), n))
    slide = np.broadcast_to(np.asarray(slide_m, dtype=np.float64), n)
    caudal = np.stack((np.cos(theta), np.sin(theta)), axis=-1)
    anterior = rot_cw(-caudal)
    px, py = setup.pivot
    contact = np.stack((px - slide, np.full(n, py)), axis=-1)
    drop = setup.drop_at(theta)[..., None]
    shoulder = contact - drop * caudal + body.length("back_depth", h) * anterior
    thorax = body.thorax_share * body.length("trunk", h)
    lumbar = shoulder + thorax * caudal
    # Arching the lower back: the lumbar bend is a peak on the front of the body, so the pelvis
    # turns toward the back relative to the thorax.
    pelvis_caudal = np.cos(lam)[..., None] * caudal - np.sin(lam)[..., None] * anterior
    pelvis_anterior = rot_cw(-pelvis_caudal)
    hip = lumbar + (body.length("trunk", h) - thorax) * pelvis_caudal
    ankle = np.broadcast_to(np.asarray(setup.ankle, dtype=np.float64), hip.shape)
    knee, reachable = two_circle_knee(hip, ankle, body.length("thigh", h), body.length("shank", h))
    return Chain(
        shoulder=np.asarray(shoulder, dtype=np.float64),
        lumbar=np.asarray(lumbar, dtype=np.float64),
        hip=np.asarray(hip, dtype=np.float64),
        knee=knee,
        ankle=np.array(ankle, dtype=np.float64),
        caudal=caudal,
        anterior=anterior,
        pelvis_caudal=np.asarray(pelvis_caudal, dtype=np.float64),
        pelvis_anterior=pelvis_anterior,
        reachable=reachable,
    )


_BISECTIONS = 34


def _bracket(
    setup: LyingSetup, lumbar: FloatArray, slide: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Per pose, the trunk angles (degrees) at which the hip touches the floor and at which the
    legs stop reaching the planted feet: the hip angle grows monotonically in between.

    The hip swings on a circle about the contact point: ``hip = contact + R(theta) (a1, a2)``
    in the thorax's (caudal, anterior) frame, so both limits are circle intersections.
    """
    h = setup.height_m
    body = setup.body
    lam = np.radians(lumbar)
    thorax = body.thorax_share * body.length("trunk", h)
    pelvis = body.length("trunk", h) - thorax
    contact_x = setup.pivot[0] - slide
    contact_y = setup.pivot[1]
    to_ankle = np.stack(
        (setup.ankle[0] - contact_x, np.full(lam.shape, setup.ankle[1] - contact_y))
    )
    dist = np.hypot(*to_ankle)
    leg = body.length("thigh", h) + body.length("shank", h)

    def limits(drop_floor: FloatArray, drop_reach: FloatArray) -> tuple[FloatArray, FloatArray]:
        out = []
        for drop, at_floor in ((drop_floor, True), (drop_reach, False)):
            a1 = thorax + pelvis * np.cos(lam) - drop
            a2 = body.length("back_depth", h) - pelvis * np.sin(lam)
            radius = np.hypot(a1, a2)
            offset = np.arctan2(a2, a1)
            if at_floor:
                out.append(np.arcsin(np.clip(-contact_y / radius, -1.0, 1.0)) - offset)
            else:
                cos_beta = np.clip((radius**2 + dist**2 - leg**2) / (2 * radius * dist), -1, 1)
                out.append(np.arctan2(to_ankle[1], to_ankle[0]) + np.arccos(cos_beta) - offset)
        return out[0], out[1]

    floor, reach = limits(*(np.full(lam.shape, setup.scapula_drop_m),) * 2)
    # A rolling back: the contact depends on the angle itself; a few rounds settle it.
    for _ in range(8 if setup.back_roll_m else 0):
        floor, reach = limits(setup.drop_at(floor), setup.drop_at(reach))
    # A hair inside the reach, so the knee stays on its two circles.
    return np.degrees(floor), np.degrees(reach) - 1e-4 * bool(setup.back_roll_m) - 1e-6


def _bisect_trunk(
    setup: LyingSetup, target: FloatArray, lam: FloatArray, slide: FloatArray
) -> FloatArray:
    lo, hi = _bracket(setup, lam, slide)
    for _ in range(_BISECTIONS):
        mid = 0.5 * (lo + hi)
        low = lying_chain(setup, mid, lam, slide).hip_joint_angle < target
        lo = np.where(low, mid, lo)
        hi = np.where(low, hi, mid)
    return np.asarray(0.5 * (lo + hi), dtype=np.float64)


# Poses without lumbar bend or slide are read off a table of this many trunk angles.
_TABLE_SIZE = 4096


@lru_cache(maxsize=256)
def plain_table(setup: LyingSetup) -> tuple[FloatArray, FloatArray]:
    """Hip joint angles over a fine grid of trunk angles (no lumbar bend, no slide)."""
    lo, hi = _bracket(setup, np.zeros(1), np.zeros(1))
    grid = np.linspace(lo[0], hi[0], _TABLE_SIZE)
    return lying_chain(setup, grid).hip_joint_angle, grid


def solve_trunk_angle(
    setup: LyingSetup,
    hip_joint_deg: FloatArray,
    lumbar_deg: FloatArray | float = 0.0,
    slide_m: FloatArray | float = 0.0,
) -> FloatArray:
    """Thorax angles at which the hip joint (pelvis-thigh) angle equals ``hip_joint_deg``.

    The hip angle grows monotonically with the trunk angle between the hips touching the floor
    and the legs' full reach; angles outside that range are clamped to it.
    """
    target = np.asarray(hip_joint_deg, dtype=np.float64)
    lam = np.broadcast_to(np.asarray(lumbar_deg, dtype=np.float64), target.shape)
    slide = np.broadcast_to(np.asarray(slide_m, dtype=np.float64), target.shape)
    out = np.empty(target.shape)
    plain = (lam == 0) & (slide == 0)
    if bool(plain.any()):
        angle, grid = plain_table(setup)
        out[plain] = np.interp(target[plain], angle, grid)
    if not bool(plain.all()):
        rest = ~plain
        out[rest] = _bisect_trunk(setup, target[rest], lam[rest], slide[rest])
    return out


@lru_cache(maxsize=256)
def lying_setup(
    support: Support,
    height_m: float,
    support_height_m: float,
    feet_height_m: float,
    shin_tilt_deg: float,
    body: BodyProportions = WINTER,
    back_roll_m: float = 0.0,
) -> LyingSetup:
    """Place the feet so that at full extension (shoulder-hip-knee straight, no lumbar
    extension) the shin leans ``shin_tilt_deg`` from vertical: positive when the foot is farther
    from the hips than the knee (feet too far out), negative when the knee is past the ankle."""
    if not 1.0 <= height_m <= 2.3:
        raise InputError(f"body height must be between 1.0 and 2.3 m, not {height_m}")
    if not 0.0 <= support_height_m <= 0.7 or not 0.0 <= feet_height_m <= 0.5:
        raise InputError("bench and foot platform heights must be between 0 and 0.7 m")
    if abs(shin_tilt_deg) > 45:
        raise InputError(f"shin tilt must be within 45 degrees of vertical, not {shin_tilt_deg}")
    probe = LyingSetup(support, height_m, support_height_m, feet_height_m, 0.0, body, back_roll_m)
    thigh, shank = body.length("thigh", height_m), body.length("shank", height_m)
    tilt = np.radians(shin_tilt_deg)
    ankle_y = probe.ankle[1]

    def ankle_at(theta: FloatArray) -> FloatArray:
        chain = lying_chain(probe, theta)
        knee = chain.hip + thigh * chain.caudal
        return np.asarray(knee + shank * np.array([np.sin(tilt), -np.cos(tilt)]), dtype=np.float64)

    lo, hi = np.array([-60.0]), np.array([60.0])
    for _ in range(_BISECTIONS):
        mid = 0.5 * (lo + hi)
        high = ankle_at(mid)[..., 1] > ankle_y
        hi = np.where(high, mid, hi)
        lo = np.where(high, lo, mid)
    ankle_x = float(ankle_at(0.5 * (lo + hi))[0, 0])
    return LyingSetup(
        support, height_m, support_height_m, feet_height_m, ankle_x, body, back_roll_m
    )


@lru_cache(maxsize=256)
def hip_clearance_angle(setup: LyingSetup) -> float:
    """The hip joint angle when the hips rest on the floor: the lowest reachable bottom."""
    clearance = setup.body.length("hip_depth", setup.height_m)
    lo, hi = _bracket(setup, np.zeros(1), np.zeros(1))
    for _ in range(_BISECTIONS):
        mid = 0.5 * (lo + hi)
        above = lying_chain(setup, mid).hip[..., 1] > clearance
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
    return float(lying_chain(setup, 0.5 * (lo + hi)).hip_joint_angle[0])
