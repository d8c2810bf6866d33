"""From joint positions in the sagittal plane to MediaPipe's 33 landmarks in 3-D.

Each side of the body is a set of sagittal points ``(n, 2)`` (metres, canonical world: y up);
the two sides are spread across the body (z) by the half-widths of ``BodyProportions``. The
head is a rigid frame turned about the neck by the head angle, carrying the face landmarks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hipthrust.motion.pose import MEDIAPIPE_33
from hipthrust_testkit.synth.body import WINTER, BodyProportions, rot_cw, two_circle_knee, unit

__all__ = [
    "HEAD_FRAME",
    "FreeLeg",
    "Limbs",
    "Sagittal",
    "arms_on_floor",
    "arms_reaching",
    "free_leg",
    "head_frame",
    "planted_foot",
    "to_world",
]

FloatArray = NDArray[np.float64]
FreeLeg = Literal["straight", "90_90", "knee_hug"]

# Face landmarks in the head frame, as fractions of height: (up, front, across) from the ear
# line; "across" is the distance from the mid-plane [design, from average head dimensions].
HEAD_FRAME: dict[str, tuple[float, float, float]] = {
    "ear": (0.0, 0.0, 0.043),
    "eye_outer": (0.011, 0.043, 0.026),
    "eye": (0.013, 0.049, 0.018),
    "eye_inner": (0.011, 0.052, 0.009),
    "mouth": (-0.026, 0.052, 0.014),
    "nose": (-0.006, 0.062, 0.0),
}

# Free-leg poses: hip flexion from the pelvis line and knee flexion, degrees [seed 002:
# "the other hip and knee at 90 degrees"; knee hug design].
_FREE_LEG_ANGLES: dict[str, tuple[float, float]] = {
    "90_90": (90.0, 90.0),
    "knee_hug": (125.0, 125.0),
}
_FREE_FOOT_PLANTARFLEXION_DEG = 25.0


@dataclass(frozen=True, eq=False)
class Limbs:
    """The sagittal points of one side: ``(n, 2)`` each; ``hand`` is a unit direction."""

    shoulder: FloatArray
    elbow: FloatArray
    wrist: FloatArray
    hand: FloatArray
    hip: FloatArray
    knee: FloatArray
    ankle: FloatArray
    heel: FloatArray
    toe: FloatArray


@dataclass(frozen=True, eq=False)
class Sagittal:
    """A whole body over ``n`` frames in the sagittal plane.

    ``right_toward_z``: the right side sits at +z (True when the front of the body is the
    trunk's superior axis turned clockwise, i.e. a supine lifter with the head toward -x or a
    standing one facing +x).
    """

    left: Limbs
    right: Limbs
    ear: FloatArray
    head_up: FloatArray
    head_front: FloatArray
    right_toward_z: bool
    height_m: float


def _rotate(v: FloatArray, deg: float) -> FloatArray:
    a = np.radians(deg)
    c, s = np.cos(a), np.sin(a)
    return np.stack((c * v[..., 0] - s * v[..., 1], s * v[..., 0] + c * v[..., 1]), axis=-1)


def head_frame(
    shoulder: FloatArray,
    superior: FloatArray,
    anterior: FloatArray,
    neck_deg: FloatArray,
    height_m: float,
    body: BodyProportions = WINTER,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Ear position and the head's up and front axes for neck angles ``neck_deg``
    (0 = neutral, positive = extended: head tipped back, negative = chin tucked)."""
    nu = np.radians(np.asarray(neck_deg, dtype=np.float64))[..., None]
    up = np.cos(nu) * superior - np.sin(nu) * anterior
    front = np.cos(nu) * anterior + np.sin(nu) * superior
    back = 0.011 * height_m
    neck = shoulder + body.length("neck_base", height_m) * superior - back * anterior
    ear = neck + body.length("ear_above_neck", height_m) * up + back * front
    return np.asarray(ear, dtype=np.float64), up, front


def planted_foot(
    ankle: FloatArray, height_m: float, body: BodyProportions = WINTER
) -> tuple[FloatArray, FloatArray]:
    """Heel and toe of a foot flat on its support, toes toward +x."""
    drop = body.length("ankle_height", height_m) - body.length("sole_height", height_m)
    back = body.length("heel_behind_ankle", height_m)
    ahead = body.length("foot_length", height_m) - back
    heel = ankle + np.array([-back, -drop])
    toe = ankle + np.array([ahead, -drop])
    return np.asarray(heel, dtype=np.float64), np.asarray(toe, dtype=np.float64)


def _hanging_foot(
    ankle: FloatArray,
    shank_dir: FloatArray,
    shank_front: FloatArray,
    height_m: float,
    body: BodyProportions,
) -> tuple[FloatArray, FloatArray]:
    rho = np.radians(_FREE_FOOT_PLANTARFLEXION_DEG)
    foot = np.cos(rho) * shank_front + np.sin(rho) * shank_dir
    drop = body.length("ankle_height", height_m) - body.length("sole_height", height_m)
    back = body.length("heel_behind_ankle", height_m)
    ahead = body.length("foot_length", height_m) - back
    heel = ankle - back * foot + drop * shank_dir
    toe = ankle + ahead * foot + drop * shank_dir
    return np.asarray(heel, dtype=np.float64), np.asarray(toe, dtype=np.float64)


def free_leg(
    hip: FloatArray,
    pelvis_caudal: FloatArray,
    pelvis_anterior: FloatArray,
    working_thigh: FloatArray,
    mode: FreeLeg,
    height_m: float,
    body: BodyProportions = WINTER,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Knee, ankle, heel and toe of the leg held in the air in a single-leg bridge.

    ``straight``: the leg held straight in line with the working thigh; ``90_90``: hip and
    knee at 90 degrees; ``knee_hug``: the knee pulled toward the chest.
    """
    thigh_len, shank_len = body.length("thigh", height_m), body.length("shank", height_m)
    if mode == "straight":
        thigh = unit(working_thigh)
        thigh_front = rot_cw(-thigh)
        shank, shank_front = thigh, thigh_front
    else:
        psi, kappa = (np.radians(a) for a in _FREE_LEG_ANGLES[mode])
        thigh = np.cos(psi) * pelvis_caudal + np.sin(psi) * pelvis_anterior
        thigh_front = np.cos(psi) * pelvis_anterior - np.sin(psi) * pelvis_caudal
        shank = np.cos(kappa) * thigh - np.sin(kappa) * thigh_front
        shank_front = np.cos(kappa) * thigh_front + np.sin(kappa) * thigh
    knee = hip + thigh_len * thigh
    ankle = knee + shank_len * shank
    heel, toe = _hanging_foot(ankle, shank, shank_front, height_m, body)
    return np.asarray(knee, dtype=np.float64), np.asarray(ankle, dtype=np.float64), heel, toe


def arms_on_floor(
    shoulder: FloatArray, height_m: float, body: BodyProportions = WINTER
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Elbow, wrist and hand direction of arms lying on the floor beside the body, hands
    toward the feet (+x), as in a floor glute bridge."""
    upper, fore = body.length("upper_arm", height_m), body.length("forearm", height_m)
    arm_y = 0.02 * height_m
    drop = np.clip(shoulder[..., 1] - arm_y, -upper, upper)
    elbow = np.stack(
        (shoulder[..., 0] + np.sqrt(upper**2 - drop**2), np.full_like(drop, arm_y)), -1
    )
    wrist = elbow + np.array([fore, 0.0])
    hand = np.broadcast_to(np.array([1.0, 0.0]), wrist.shape).copy()
    return np.asarray(elbow, dtype=np.float64), np.asarray(wrist, dtype=np.float64), hand


def arms_reaching(
    shoulder: FloatArray,
    target: FloatArray,
    elbow_side: FloatArray,
    height_m: float,
    body: BodyProportions = WINTER,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Elbow, wrist and hand direction of arms whose hands hold ``target`` (the bar at the
    hips, or a knee), the elbow bent toward ``elbow_side`` (unit vectors)."""
    upper, fore = body.length("upper_arm", height_m), body.length("forearm", height_m)
    reach = target - shoulder
    dist = np.linalg.norm(reach, axis=-1, keepdims=True)
    wrist = shoulder + reach * np.minimum(1.0, 0.995 * (upper + fore) / dist)
    elbow, _ = two_circle_knee(shoulder, wrist, upper, fore)
    base = (
        shoulder
        + unit(wrist - shoulder)
        * np.sum((elbow - shoulder) * unit(wrist - shoulder), -1)[..., None]
    )
    mirrored = 2 * base - elbow
    wrong_side = np.sum((elbow - base) * elbow_side, axis=-1) < 0
    elbow = np.where(wrong_side[..., None], mirrored, elbow)
    hand = unit(wrist - elbow)
    return np.asarray(elbow, dtype=np.float64), np.asarray(wrist, dtype=np.float64), hand


def _hand_points(limbs: Limbs, height_m: float, body: BodyProportions) -> dict[str, FloatArray]:
    hand_len = body.length("hand", height_m)
    return {
        "wrist": limbs.wrist,
        "index": limbs.wrist + 0.75 * hand_len * limbs.hand,
        "pinky": limbs.wrist + 0.65 * hand_len * _rotate(limbs.hand, 12.0),
        "thumb": limbs.wrist + 0.45 * hand_len * _rotate(limbs.hand, -25.0),
    }


def to_world(sag: Sagittal, body: BodyProportions = WINTER) -> FloatArray:
    """The 33 MediaPipe landmarks ``(n, 33, 3)`` in metres (canonical world, z across)."""
    h = sag.height_m
    n = sag.ear.shape[0]
    out = np.full((n, len(MEDIAPIPE_33), 3), np.nan)
    index = {name: i for i, name in enumerate(MEDIAPIPE_33)}

    def put(name: str, xy: FloatArray, z: float) -> None:
        out[:, index[name], :2] = xy
        out[:, index[name], 2] = z

    for side, limbs in (("left", sag.left), ("right", sag.right)):
        sign = 1.0 if (side == "right") == sag.right_toward_z else -1.0
        widths = {
            "shoulder": body.shoulder_half_width,
            "elbow": body.elbow_half_width,
            "hip": body.hip_half_width,
            "knee": body.knee_half_width,
            "ankle": body.ankle_half_width,
            "heel": body.ankle_half_width,
            "foot_index": body.ankle_half_width,
        }
        points = {
            "shoulder": limbs.shoulder,
            "elbow": limbs.elbow,
            "hip": limbs.hip,
            "knee": limbs.knee,
            "ankle": limbs.ankle,
            "heel": limbs.heel,
            "foot_index": limbs.toe,
        }
        for joint, xy in points.items():
            put(f"{side}_{joint}", xy, sign * widths[joint] * h)
        for joint, xy in _hand_points(limbs, h, body).items():
            put(f"{side}_{joint}", xy, sign * body.wrist_half_width * h)
        for part, (up, front, across) in HEAD_FRAME.items():
            xy = sag.ear + h * (up * sag.head_up + front * sag.head_front)
            z = sign * across * h
            if part == "nose":
                put("nose", xy, 0.0)
            elif part == "mouth":
                put(f"mouth_{side}", xy, z)
            else:
                put(f"{side}_{part}", xy, z)
    return out
