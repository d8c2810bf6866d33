"""Draw realistic, varied sets for benchmarks: lifters, tempos, faults, cameras and noise.

Ranges come from the domain (domain.md §2, §5; motion.md) or are [design] guesses at what
phone footage of real sets looks like: rises of 0.6-1.5 s, lowerings of 1-3 s, holds up to 5 s;
hip-thrust bottoms of 80-110 deg, bridges down to the floor; tops of 170-182 deg when done well;
1-15 reps; 24-60 fps; landscape and portrait 720p/1080p; the lifter 1-4 m away. Every set drawn
is unambiguous under ``TruthRules``: no measure sits in a grey zone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from hipthrust.errors import InputError
from hipthrust_testkit.synth.camera import CameraSpec, fit_distance, project
from hipthrust_testkit.synth.generate import TruthRep, frames_world, setup_of, truth_of
from hipthrust_testkit.synth.noise import NoiseSpec
from hipthrust_testkit.synth.spec import BodyModel, RepSpec, SetSpec, TruthRules

__all__ = ["NOISE_LEVELS", "NoiseLevel", "NoiseRanges", "SetMix", "random_spec"]

NoiseLevel = Literal["clean", "realistic", "heavy"]


@dataclass(frozen=True)
class NoiseRanges:
    """Ranges drawn per set. Jitter and offsets are for a lifter spanning ``_FRAMED_PX`` pixels
    (well framed at 720p) and scale with the lifter's size on screen: the pose model works on a
    crop around the person, so its errors follow the person's size. Jumps are 20-80 px at 720p
    and scale with the frame."""

    jitter_px: tuple[float, float]
    far_offset_px: tuple[float, float]
    drop_rate: tuple[float, float]
    jump_rate: tuple[float, float]
    roll_deg: float  # the phone held crooked, either way
    pitch_deg: float  # the camera looking down at the lifter, at most


# [design; motion.md: BlazePose jitter of 1-4 px at 720p for a well-framed lifter; phones held a
# few degrees off level; the camera roughly level with the lifter (a steep look down bends
# vertical shins on screen)]
NOISE_LEVELS: dict[str, NoiseRanges] = {
    "clean": NoiseRanges((0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0), 0.0, 12.0),
    "realistic": NoiseRanges((1.0, 4.0), (0.0, 6.0), (0.0, 0.03), (0.0, 0.01), 5.0, 12.0),
    "heavy": NoiseRanges((3.0, 8.0), (4.0, 12.0), (0.03, 0.08), (0.01, 0.03), 8.0, 25.0),
}
# Lens height while fitting the distance; the final height follows from the pitch [design].
_FIT_HEIGHT_M = 0.4


@dataclass(frozen=True)
class SetMix:
    """How often each exercise and fault appears in drawn sets [design]."""

    exercises: tuple[tuple[str, float], ...] = (
        ("hip_thrust", 0.25),
        ("barbell_hip_thrust", 0.12),
        ("dumbbell_hip_thrust", 0.05),
        ("deficit_hip_thrust", 0.04),
        ("single_leg_hip_thrust", 0.08),
        ("glute_bridge", 0.22),
        ("barbell_glute_bridge", 0.06),
        ("single_leg_glute_bridge", 0.06),
        ("single_leg_glute_bridge_90_90", 0.08),
        ("single_leg_glute_bridge_knee_hug", 0.04),
    )
    shins_forward: float = 0.08
    shins_back: float = 0.07
    incomplete_extension: float = 0.15
    lumbar_hyperextension: float = 0.10
    no_pause: float = 0.12
    rushed_eccentric: float = 0.12
    looking_at_ceiling: float = 0.08
    wrong_pivot: float = 0.10  # of sets on a bench
    partial_rep: float = 0.10
    long_hold: float = 0.15


_FRAMES: tuple[tuple[int, int], ...] = ((1280, 720), (1920, 1080), (720, 1280), (1080, 1920))
_FRAME_WEIGHTS = (0.4, 0.3, 0.15, 0.15)
_FPS: tuple[float, ...] = (24.0, 25.0, 30.0, 30.0, 30.0, 30.0, 50.0, 60.0, 60.0)


def _u(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(rng.uniform(lo, hi))


def _some(rng: np.random.Generator, n: int, tail: bool = False) -> set[int]:
    """A random half-to-all share of ``n`` reps, or the last few when ``tail``."""
    k = max(1, round(n * _u(rng, 0.5, 1.0)))
    if tail:
        return set(range(n - k, n))
    return {int(i) for i in rng.choice(n, size=k, replace=False)}


def _camera(rng: np.random.Generator, noise: NoiseRanges) -> CameraSpec:
    width, height = _FRAMES[int(rng.choice(len(_FRAMES), p=_FRAME_WEIGHTS))]
    fov = np.radians(_u(rng, 60.0, 75.0))
    return CameraSpec(
        width=width,
        height=height,
        fps=float(rng.choice(_FPS)),
        focal_px=float(max(width, height) / 2 / np.tan(fov / 2)),
        height_m=_FIT_HEIGHT_M,
        along_m=_u(rng, -0.2, 0.2),
        roll_deg=_u(rng, -noise.roll_deg, noise.roll_deg),
        head_at="left" if rng.random() < 0.5 else "right",
    )


# A lifter filling about 70% of a 1280-pixel-wide frame [design].
_FRAMED_PX = 900.0


def _noise(
    rng: np.random.Generator, ranges: NoiseRanges, lifter_px: float, short_side: int
) -> NoiseSpec:
    px = lifter_px / _FRAMED_PX
    frame = short_side / 720
    return NoiseSpec(
        jitter_px=_u(rng, *ranges.jitter_px) * px,
        far_side_offset_px=_u(rng, *ranges.far_offset_px) * px,
        drop_rate=_u(rng, *ranges.drop_rate),
        jump_rate=_u(rng, *ranges.jump_rate),
        jump_px=(20.0 * frame, 80.0 * frame),
    )


def _draw(rng: np.random.Generator, level: NoiseRanges, mix: SetMix) -> SetSpec:
    names = [name for name, _ in mix.exercises]
    weights = np.array([w for _, w in mix.exercises])
    exercise = names[int(rng.choice(len(names), p=weights / weights.sum()))]
    n = int(np.clip(round(rng.normal(9.0, 3.5)), 1, 15))
    shin = _u(rng, -4.0, 4.0)
    if rng.random() < mix.shins_forward:
        shin = _u(rng, 15.0, 28.0)
    elif rng.random() < mix.shins_back / (1 - mix.shins_forward):
        shin = _u(rng, -26.0, -15.0)
    base = SetSpec(
        exercise=exercise,
        height_m=_u(rng, 1.50, 1.95),
        bench_height_m=_u(rng, 0.30, 0.42),
        shin_tilt_deg=shin,
        head_deg=_u(rng, -40.0, -16.0),
        working_side="left" if rng.random() < 0.5 else "right",
        easing_power=_u(rng, 0.8, 1.3),
        easing_blend=_u(rng, 0.4, 1.0),
        lead_in_s=_u(rng, 0.5, 3.0),
        lead_out_s=_u(rng, 0.5, 3.0),
        idle_sway_deg=_u(rng, 0.2, 1.0),
    )
    if exercise == "deficit_hip_thrust":
        base = replace(base, feet_height_m=_u(rng, 0.10, 0.20), bench_height_m=_u(rng, 0.38, 0.45))
    _, _, floor = setup_of(base)
    if base.support == "bench":
        bottom = _u(rng, max(80.0, floor + 3.0), max(110.0, floor + 8.0))
        base = replace(base, bottom_hip_deg=bottom)
    else:
        bottom = floor
    reps = _reps(rng, n, bottom, base.support == "bench", mix)
    slides = [r.pivot_slide_m for r in reps if r.pivot_slide_m > 0]
    if slides and rng.random() < 0.5:
        # Sliding up the bench moves the hips away from the feet and tips the shins forward
        # (about 1.3 deg per cm): this lifter's feet sit close enough to undo it.
        base = replace(base, shin_tilt_deg=_u(rng, -3.0, 3.0) - 130.0 * float(np.mean(slides)))
    return replace(base, reps=reps)


def _reps(
    rng: np.random.Generator, n: int, bottom: float, bench: bool, mix: SetMix
) -> tuple[RepSpec, ...]:
    concentric, eccentric = _u(rng, 0.6, 1.5), _u(rng, 1.0, 3.0)
    hold = _u(rng, 3.0, 5.0) if rng.random() < mix.long_hold else _u(rng, 1.0, 3.0)
    pause = _u(rng, 0.0, 1.5)
    no_pause = rng.random() < mix.no_pause
    if no_pause:
        concentric = _u(rng, 0.6, 1.0)
    rushed = _some(rng, n) if rng.random() < mix.rushed_eccentric else set()
    lumbar = _some(rng, n) if rng.random() < mix.lumbar_hyperextension else set()
    incomplete: set[int] = set()
    if not lumbar and rng.random() < mix.incomplete_extension:
        incomplete = _some(rng, n, tail=rng.random() < 0.5)
    ceiling = _some(rng, n) if rng.random() < mix.looking_at_ceiling else set()
    slide = _some(rng, n) if bench and rng.random() < mix.wrong_pivot else set()
    slide_m = _u(rng, 0.09, 0.14)
    partial = -1
    if n > 1 and rng.random() < mix.partial_rep:
        partial = n - 1 if rng.random() < 0.6 else int(rng.integers(n))
    low_top = max(bottom + 0.67 * (180.0 - bottom), 140.0)
    reps = []

    def vary(x: float) -> float:
        return x * _u(rng, 0.85, 1.15)

    for i in range(n):
        rep = RepSpec(
            concentric_s=vary(concentric),
            hold_s=_u(rng, 0.0, 0.2) if no_pause else vary(hold),
            eccentric_s=_u(rng, 0.2, 0.38) if i in rushed else vary(eccentric),
            pause_s=vary(pause),
            peak_hip_deg=_u(rng, 170.0, 182.0),
            hold_sag_deg=_u(rng, 0.2, 1.2),
        )
        if i in lumbar:
            rep = replace(
                rep, peak_hip_deg=_u(rng, 174.0, 180.0), lumbar_extension_deg=_u(rng, 20.0, 32.0)
            )
        if i in incomplete and low_top < 161.0:
            rep = replace(rep, peak_hip_deg=_u(rng, low_top, 161.0))
        if i in ceiling:
            rep = replace(rep, neck_top_deg=_u(rng, 16.0, 40.0))
        if i in slide:
            rep = replace(rep, pivot_slide_m=slide_m * _u(rng, 0.92, 1.08))
        if i == partial:
            rise = _u(rng, 0.12, 0.33) * (180.0 - bottom)
            rep = replace(
                rep,
                peak_hip_deg=bottom + rise,
                hold_s=_u(rng, 0.0, 0.3),
                lumbar_extension_deg=0.0,
                pivot_slide_m=0.0,
            )
        reps.append(rep)
    return tuple(reps)


def _repair(spec: SetSpec, truth: tuple[TruthRep, ...], rules: TruthRules) -> SetSpec:
    """Nudge a drawn set out of the grey zones its own geometry put it in: a lumbar bend or a
    slide on the bench also tips the shins and the head, so the feet and the head are moved to
    keep each label clear of its threshold."""
    counted = [r for r in truth if r.counted]
    grey = set().union(*(r.ambiguous for r in counted)) if counted else set()
    if grey & {"shins_forward", "shins_back"}:
        shins = [r.shin_tilt_deg for r in counted]
        clear = rules.shin_tilt_deg + rules.shin_margin_deg + 1.0
        middle = float(np.median(shins))
        if middle > rules.shin_tilt_deg:
            shift = max(0.0, clear - min(shins))
        elif middle < -rules.shin_tilt_deg:
            shift = min(0.0, -clear - max(shins))
        else:
            shift = -(min(shins) + max(shins)) / 2
        spec = replace(spec, shin_tilt_deg=float(np.clip(spec.shin_tilt_deg + shift, -40, 40)))
    if "looking_at_ceiling" in grey:
        limit = rules.head_extension_below_deg
        gap = rules.head_margin_deg + 1.0
        low_clean = min(
            (r.head_angle_deg for r in counted if r.head_angle_deg > limit), default=gap
        )
        reps = tuple(
            replace(rep, neck_top_deg=min(60.0, rep.neck_top_deg + 8.0))
            if rep.neck_top_deg is not None
            else rep
            for rep in spec.reps
        )
        head = spec.head_deg - max(0.0, (limit + gap - low_clean) / 0.8)
        spec = replace(spec, reps=reps, head_deg=max(-60.0, head))
    if grey & {"lumbar_hyperextension", "incomplete_extension"}:
        reps = tuple(
            replace(rep, lumbar_extension_deg=min(40.0, rep.lumbar_extension_deg + 5.0))
            if rep.lumbar_extension_deg > 0
            else rep
            for rep in spec.reps
        )
        spec = replace(spec, reps=reps)
    return spec


# Labels are read at this rate while drawing; the set's own truth uses the full rate [design].
_SETTLE_RATE_HZ = 200.0


def _settle(spec: SetSpec, rules: TruthRules, rounds: int = 4) -> SetSpec | None:
    """The spec, repaired until its truth is unambiguous with a counted rep (None if not)."""
    for _ in range(rounds):
        truth = truth_of(spec, rules, rate_hz=_SETTLE_RATE_HZ)
        if not any(r.counted for r in truth):
            return None
        if not any(r.ambiguous for r in truth):
            return spec
        spec = _repair(spec, truth, rules)
    return None


def random_spec(
    rng: np.random.Generator,
    noise: NoiseLevel = "realistic",
    *,
    mix: SetMix | None = None,
    rules: TruthRules | None = None,
    max_tries: int = 50,
    body_model: BodyModel = "hinge",
    pose_filter: bool = False,
) -> SetSpec:
    """A realistic, varied set drawn from ``rng`` whose truth has no grey-zone labels, filmed
    by a camera placed 1-4 m away (farther only when the lifter would not fit); with
    ``pose_filter`` the landmarks also go through a pose model's One Euro smoothing."""
    if noise not in NOISE_LEVELS:
        raise InputError(f"noise must be one of {', '.join(NOISE_LEVELS)}, not {noise!r}")
    level = NOISE_LEVELS[noise]
    mix = mix or SetMix()
    rules = rules or TruthRules()
    for _ in range(max_tries):
        settled = _settle(replace(_draw(rng, level, mix), body_model=body_model), rules)
        if settled is None:
            continue
        spec = settled
        camera = _camera(rng, level)
        world = frames_world(replace(spec, camera=camera))
        nearest = fit_distance(world, camera)
        distance = _u(rng, 1.05 * nearest, max(1.05 * nearest, 4.0))
        aim_y = float(np.nanmean(world[..., 1]))
        pitch = np.radians(_u(rng, -3.0, level.pitch_deg))
        camera = replace(
            camera, height_m=float(np.clip(aim_y + distance * np.tan(pitch), 0.1, 2.0))
        )
        camera = replace(camera, distance_m=max(distance, fit_distance(world, camera)))
        xy = project(world[:: max(1, world.shape[0] // 100)], camera).xy
        extent = np.nanmax(xy, axis=(0, 1)) - np.nanmin(xy, axis=(0, 1))
        lifter_px = float(np.max(extent))
        short = min(camera.width, camera.height)
        noise_spec = _noise(rng, level, lifter_px, short)
        if pose_filter:  # the pose model's smoothing, its speeds in the person's box size
            noise_spec = replace(noise_spec, pose_filter_scale_px=float(np.mean(extent)))
        return replace(spec, camera=camera, noise=noise_spec)
    raise InputError(f"no unambiguous set drawn in {max_tries} tries; widen the ranges")
