"""Clips an analysis must refuse: nobody in the frame, a standing or squatting person, someone
lying face down, a bridge filmed from the feet, and lying exercises whose hips stay down: a
leg raise on a flat bench, a dead bug and a crunch.

motion.md: "Wrong exercise / no person / several people / front view: say so plainly instead of
inventing reps." The squat and the prone leg lifts move the hip angle through real cycles, so a
counter that only watches that angle would count them; so do the lying exercises, face up like
a bridge: the leg raise and the dead bug open and close the hip angle with the legs, the crunch
with the trunk, while the hips stay on the bench or the floor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence
from hipthrust_testkit.synth.body import WINTER, rot_cw, two_circle_knee, unit
from hipthrust_testkit.synth.camera import CameraSpec, fit_distance, place_body, project
from hipthrust_testkit.synth.generate import frames_world, generate_set, visible_landmarks
from hipthrust_testkit.synth.noise import NoiseSpec, add_noise
from hipthrust_testkit.synth.skeleton import Limbs, Sagittal, head_frame, planted_foot, to_world
from hipthrust_testkit.synth.spec import RepSpec, SetSpec
from hipthrust_testkit.synth.timeline import ease

__all__ = ["NEGATIVE_KINDS", "NegativeExample", "NegativeKind", "negative_example"]

FloatArray = NDArray[np.float64]
NegativeKind = Literal[
    "no_person", "standing", "squat", "prone", "front_view", "leg_raise", "dead_bug", "crunch"
]
NEGATIVE_KINDS: tuple[NegativeKind, ...] = (
    "no_person",
    "standing",
    "squat",
    "prone",
    "front_view",
    "leg_raise",
    "dead_bug",
    "crunch",
)
LYING_KINDS: tuple[NegativeKind, ...] = ("leg_raise", "dead_bug", "crunch")


@dataclass(frozen=True, eq=False)
class NegativeExample:
    kind: NegativeKind
    pose: PoseSequence
    cycles: int  # movements that look like reps to a naive counter (0 when still)


def _cycles(
    t: FloatArray, n: int, start: float, period: float, rng: np.random.Generator
) -> FloatArray:
    """0..1 up-and-down cycles: ``n`` of them from ``start``, each ``period`` long with rests."""
    q = np.zeros_like(t)
    at = start
    for _ in range(n):
        half = period * rng.uniform(0.4, 0.5)
        up = (t >= at) & (t < at + half)
        down = (t >= at + half) & (t < at + 2 * half)
        q = np.where(up, ease((t - at) / half), q)
        q = np.where(down, 1 - ease((t - at - half) / half), q)
        at += period
    return q


def _standing(t: FloatArray, q: FloatArray, h: float, rng: np.random.Generator) -> Sagittal:
    """A person facing +x, squatting to depth ``q`` (0 = standing)."""
    body = WINTER
    n = t.size
    sway = np.radians(1.0) * np.sin(2 * np.pi * t / rng.uniform(3.0, 6.0))
    ankle = np.tile([0.0, body.length("ankle_height", h)], (n, 1))
    shin = np.radians(35.0) * q + sway
    knee = ankle + body.length("shank", h) * np.stack((np.sin(shin), np.cos(shin)), -1)
    thigh = np.radians(100.0) * q + sway
    hip = knee + body.length("thigh", h) * np.stack((-np.sin(thigh), np.cos(thigh)), -1)
    lean = np.radians(45.0) * q + sway
    sup = np.stack((np.sin(lean), np.cos(lean)), -1)
    shoulder = hip + body.length("trunk", h) * sup
    ear, up, front = head_frame(shoulder, sup, rot_cw(sup), np.degrees(lean) * 0.6, h)
    raise_arm = np.radians(85.0) * q
    arm = np.stack((np.sin(raise_arm), -np.cos(raise_arm)), -1)
    elbow = shoulder + body.length("upper_arm", h) * arm
    wrist = elbow + body.length("forearm", h) * arm
    heel, toe = planted_foot(ankle, h)
    limbs = Limbs(shoulder, elbow, wrist, arm, hip, knee, ankle, heel, toe)
    return Sagittal(limbs, limbs, ear, up, front, True, h)


def _prone(t: FloatArray, lifts: FloatArray, h: float) -> Sagittal:
    """Lying face down, head toward -x, lifting the legs in turn (``lifts``: -1..1)."""
    body = WINTER
    n = t.size
    sup = np.tile([-1.0, 0.0], (n, 1))
    front = np.tile([0.0, -1.0], (n, 1))
    shoulder = np.tile([0.0, 0.06 * h], (n, 1))
    hip = shoulder + body.length("trunk", h) * np.array([1.0, 0.0])
    legs: list[tuple[FloatArray, ...]] = []
    for share in (np.clip(lifts, 0, 1), np.clip(-lifts, 0, 1)):
        lift = np.radians(20.0) * share
        leg = np.stack((np.cos(lift), np.sin(lift)), -1)
        knee = hip + body.length("thigh", h) * leg
        ankle = knee + body.length("shank", h) * leg
        foot = unit(0.4 * leg + rot_cw(leg))  # toes down to the floor, pointing away
        heel = ankle - body.length("heel_behind_ankle", h) * rot_cw(leg)
        toe = ankle + (body.length("foot_length", h) - body.length("heel_behind_ankle", h)) * foot
        legs.append((hip, knee, ankle, heel, toe))
    elbow = shoulder + np.array([-0.05 * h, -0.04 * h])
    wrist = elbow + np.array([-body.length("forearm", h), 0.0])
    hand = np.tile([-1.0, 0.0], (n, 1))
    ear, up, face = head_frame(shoulder, sup, front, np.full(n, 20.0), h)
    left = Limbs(shoulder, elbow, wrist, hand, *legs[0])
    right = Limbs(shoulder, elbow, wrist, hand, *legs[1])
    return Sagittal(left, right, ear, up, face, False, h)


def _direction(deg: FloatArray) -> FloatArray:
    a = np.radians(deg)
    return np.stack((np.cos(a), np.sin(a)), -1)


def _foot(ankle: FloatArray, shank: FloatArray, h: float) -> tuple[FloatArray, FloatArray]:
    """Heel and toe of a foot off the floor, at right angles to the shank (``shank``: unit,
    knee to ankle), toes to the shank's front."""
    body = WINTER
    foot = rot_cw(-shank)
    drop = body.length("ankle_height", h) - body.length("sole_height", h)
    back = body.length("heel_behind_ankle", h)
    ahead = body.length("foot_length", h) - back
    heel = ankle + drop * shank - back * foot
    toe = ankle + drop * shank + ahead * foot
    return np.asarray(heel, dtype=np.float64), np.asarray(toe, dtype=np.float64)


def _raised_leg(
    hip: FloatArray, thigh_deg: FloatArray, knee_flex_deg: FloatArray, h: float
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Knee, ankle, heel and toe of a leg off the floor: the thigh at ``thigh_deg`` above the
    floor line toward the feet, the shank bent down from it by ``knee_flex_deg``."""
    body = WINTER
    knee = hip + body.length("thigh", h) * _direction(thigh_deg)
    shank = _direction(thigh_deg - knee_flex_deg)
    ankle = knee + body.length("shank", h) * shank
    heel, toe = _foot(ankle, shank, h)
    return knee, ankle, heel, toe


def _arms(
    shoulder: FloatArray, arm_deg: FloatArray, elbow_flex_deg: float, h: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Elbow, wrist and hand direction of an arm at ``arm_deg`` from the floor line toward
    the feet (90 = reaching to the ceiling, 180 = overhead)."""
    body = WINTER
    upper = _direction(arm_deg)
    elbow = shoulder + body.length("upper_arm", h) * upper
    fore = _direction(arm_deg - elbow_flex_deg)
    wrist = elbow + body.length("forearm", h) * fore
    return elbow, wrist, fore


def _lying(
    kind: NegativeKind, t: FloatArray, q: FloatArray, side: FloatArray, h: float
) -> Sagittal:
    """Face up, head toward -x: a leg raise on a flat bench (both legs lift from the line of
    the body to near vertical), a dead bug on the floor (from hips and knees at 90 deg, one leg
    straightens toward the floor while the other arm goes overhead, in turn), or a crunch
    (feet planted, knees bent, the thorax curls up about the lower back). ``q``: 0..1 through
    each repetition; ``side``: which leg the dead bug moves (+1 the left, -1 the right)."""
    body = WINTER
    n = t.size
    support = 0.45 if kind == "leg_raise" else 0.0
    hip = np.tile([body.length("trunk", h), support + body.length("hip_depth", h)], (n, 1))
    curl = np.radians(50.0) * q if kind == "crunch" else np.zeros(n)
    thorax = body.thorax_share * body.length("trunk", h)
    lumbar = hip - np.array([body.length("trunk", h) - thorax, 0.0])
    superior = np.stack((-np.cos(curl), np.sin(curl)), -1)
    shoulder = lumbar + thorax * superior
    shoulder[:, 1] += body.length("back_depth", h) * np.cos(curl) - 0.01 * h
    anterior = rot_cw(superior)
    ear, up, front = head_frame(shoulder, superior, anterior, np.full(n, -10.0), h)
    legs: list[tuple[FloatArray, FloatArray, FloatArray, FloatArray]] = []
    arms: list[tuple[FloatArray, FloatArray, FloatArray]] = []
    for sign in (1.0, -1.0):
        own = np.clip(side * sign, 0, 1) * q  # this leg's share of the movement
        other = np.clip(-side * sign, 0, 1) * q
        if kind == "leg_raise":
            leg = _raised_leg(hip, -8.0 + 88.0 * q, np.full(n, 12.0), h)
            arm = _arms(shoulder, np.full(n, 190.0), 20.0, h)  # hands hold the bench behind
        elif kind == "dead_bug":
            leg = _raised_leg(hip, 90.0 - 72.0 * own, 90.0 - 82.0 * own, h)
            arm = _arms(shoulder, 90.0 + 85.0 * other, 5.0, h)
        else:
            ankle = hip + np.array([0.33 * h, body.length("ankle_height", h) - hip[0, 1]])
            knee, _ = two_circle_knee(hip, ankle, body.length("thigh", h), body.length("shank", h))
            heel, toe = planted_foot(ankle, h)
            leg = (knee, ankle, heel, toe)
            reach = np.degrees(np.arctan2(*(knee - shoulder).T[::-1]))
            arm = _arms(shoulder, reach, 0.0, h)
        legs.append(leg)
        arms.append(arm)
    left = Limbs(shoulder, *arms[0], hip, *legs[0])
    right = Limbs(shoulder, *arms[1], hip, *legs[1])
    return Sagittal(left, right, ear, up, front, True, h)


def _film(
    world: FloatArray, camera: CameraSpec, noise: NoiseSpec, rng: np.random.Generator
) -> PoseSequence:
    distance = max(camera.distance_m, fit_distance(world, camera))
    camera = replace(camera, distance_m=distance)
    projection = project(world, camera)
    visible = visible_landmarks(world, projection.toward_camera())
    noisy = add_noise(projection.xy, visible, noise, rng, camera.width, camera.height)
    return PoseSequence(noisy.xy, noisy.confidence, camera.fps, camera.width, camera.height)


def _no_person(n: int, camera: CameraSpec, rng: np.random.Generator) -> PoseSequence:
    """Empty frames, but for a few brief low-confidence phantoms a detector sometimes gives
    [design]."""
    m = len(MEDIAPIPE_33)
    xy = np.full((n, m, 2), np.nan)
    confidence = np.zeros((n, m))
    for start in rng.integers(0, n, size=max(1, n // 150)):
        stop = min(n, int(start) + int(rng.integers(1, 4)))
        centre = rng.uniform([0, 0], [camera.width, camera.height])
        xy[start:stop] = np.clip(
            centre + rng.normal(0, 60, (m, 2)), 0, [camera.width - 1, camera.height - 1]
        )
        confidence[start:stop] = rng.uniform(0.05, 0.3, (stop - start, m))
    return PoseSequence(xy, confidence, camera.fps, camera.width, camera.height)


def negative_example(
    kind: NegativeKind,
    rng: np.random.Generator,
    *,
    camera: CameraSpec | None = None,
    noise: NoiseSpec | None = None,
    duration_s: float = 15.0,
    height_m: float = 1.75,
) -> NegativeExample:
    """A clip of ``kind`` about ``duration_s`` long that holds no bridge or hip thrust reps."""
    if kind not in NEGATIVE_KINDS:
        raise InputError(f"negative examples are {', '.join(NEGATIVE_KINDS)}, not {kind!r}")
    if not 2.0 <= duration_s <= 300.0:
        raise InputError("a negative example lasts between 2 and 300 s")
    camera = camera or CameraSpec()
    noise = noise or NoiseSpec(jitter_px=2.0, drop_rate=0.01, jump_rate=0.005)
    n = int(duration_s * camera.fps)
    t = np.arange(n) / camera.fps
    if kind == "no_person":
        return NegativeExample(kind, _no_person(n, camera, rng), 0)
    if kind == "front_view":
        reps = int(rng.integers(5, 11))
        per_rep = duration_s / (reps + 1)
        rep = RepSpec(
            concentric_s=0.3 * per_rep,
            hold_s=0.2 * per_rep,
            eccentric_s=0.35 * per_rep,
            pause_s=0.15 * per_rep,
        )
        spec = SetSpec(
            exercise="glute_bridge" if rng.random() < 0.5 else "hip_thrust",
            reps=(rep,) * reps,
            height_m=height_m,
            camera=replace(camera, yaw_deg=float(rng.uniform(80, 90)), distance_m=9.0),
            noise=noise,
        )
        distance = fit_distance(frames_world(spec), spec.camera, min_m=2.0)
        spec = replace(spec, camera=replace(spec.camera, distance_m=distance))
        return NegativeExample(kind, generate_set(spec, rng).pose, reps)
    if kind == "standing":
        sag = _standing(t, np.zeros(n), height_m, rng)
        cycles = 0
    elif kind == "squat":
        cycles = int(rng.integers(5, 11))
        period = (duration_s - 2.0) / cycles
        sag = _standing(t, _cycles(t, cycles, 1.0, period, rng), height_m, rng)
    elif kind in LYING_KINDS:
        cycles = int(rng.integers(4, 9))
        period = (duration_s - 2.0) / cycles
        q = _cycles(t, cycles, 1.0, period, rng)
        side = np.where(np.floor((t - 1.0) / period) % 2 == 0, 1.0, -1.0)
        sag = _lying(kind, t, q, side, height_m)
    else:
        cycles = int(rng.integers(4, 9))
        period = (duration_s - 2.0) / cycles
        q = _cycles(t, cycles, 1.0, period, rng)
        side = np.where(np.floor((t - 1.0) / period) % 2 == 0, 1.0, -1.0)
        sag = _prone(t, q * side, height_m)
    world = place_body(to_world(sag), camera.head_at)
    return NegativeExample(kind, _film(world, camera, noise, rng), cycles)
