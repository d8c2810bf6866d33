"""What a pose model does to perfect landmarks: jitter, lost frames, jumps, visibility.

Jitter is half white and half slowly wandering (first-order autoregressive), as tracked
landmarks are; the side of the body away from the camera is guessed by the model, so it wanders
more, sits a little off, and gets lower visibility. Lost frames come in short runs with every
landmark missing; a jump throws one landmark 20-80 px away for a frame or two with its
visibility unchanged (the pose model is confidently wrong).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.pose import MEDIAPIPE_33

__all__ = ["KEY_JOINTS", "NoiseSpec", "NoisyLandmarks", "add_noise"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

# Joints the analysis leans on; half of the jumps land on one of them [design].
KEY_JOINTS: tuple[str, ...] = ("shoulder", "hip", "knee", "ankle")


@dataclass(frozen=True)
class NoiseSpec:
    """Landmark noise in pixels of the frame; all zero means perfect landmarks."""

    jitter_px: float = 0.0  # standard deviation on the near side
    jitter_correlation: float = 0.7  # AR(1) coefficient of the wandering half
    far_side_factor: float = 2.0  # the far side's jitter, relative
    far_side_offset_px: float = 0.0  # standard deviation of a fixed offset per far landmark
    drop_rate: float = 0.0  # fraction of frames lost
    drop_run_max: int = 5  # lost frames come in runs of 1..drop_run_max
    jump_rate: float = 0.0  # chance per frame that one landmark jumps
    jump_px: tuple[float, float] = (20.0, 80.0)
    jump_frames_max: int = 2
    near_visibility: tuple[float, float] = (0.85, 0.99)
    far_visibility: tuple[float, float] = (0.3, 0.8)
    # The pose model's own landmark smoothing: a One Euro filter as BlazePose's (min cutoff
    # 0.05 Hz, beta 80, derivative cutoff 1 Hz, speeds in lifter sizes per second), which
    # smooths jitter most where the lifter is still (a hold, a bottom) [MediaPipe's pose
    # landmark filtering]; this many pixels is the lifter's size (0: no smoothing).
    pose_filter_scale_px: float = 0.0

    def __post_init__(self) -> None:
        if self.pose_filter_scale_px < 0:
            raise InputError("the pose filter's scale must not be negative")
        if self.jitter_px < 0 or self.far_side_offset_px < 0 or self.far_side_factor < 0:
            raise InputError("jitter and offsets must not be negative")
        if not 0 <= self.jitter_correlation < 1:
            raise InputError("jitter correlation must be in [0, 1)")
        if not 0 <= self.drop_rate <= 0.5 or not 0 <= self.jump_rate <= 0.5:
            raise InputError("drop and jump rates must be between 0 and 0.5")
        if self.drop_run_max < 1 or self.jump_frames_max < 1:
            raise InputError("drop runs and jumps last at least one frame")
        if not 0 <= self.jump_px[0] <= self.jump_px[1]:
            raise InputError("jump sizes must be an increasing pair of non-negative pixels")
        for lo, hi in (self.near_visibility, self.far_visibility):
            if not 0 <= lo <= hi <= 1:
                raise InputError("visibility ranges must be increasing pairs within [0, 1]")


@dataclass(frozen=True, eq=False)
class NoisyLandmarks:
    xy: FloatArray  # (n, 33, 2), NaN in lost frames
    confidence: FloatArray  # (n, 33), 0 in lost frames
    dropped: BoolArray  # (n,) lost frames
    jumped: BoolArray  # (n, 33) landmarks thrown by a jump


def _wander(rng: np.random.Generator, shape: tuple[int, ...], rho: float) -> FloatArray:
    """Unit-variance AR(1) noise along the first axis."""
    white = rng.standard_normal(shape)
    out = np.empty(shape)
    out[0] = white[0]
    gain = np.sqrt(1 - rho**2)
    for i in range(1, shape[0]):
        out[i] = rho * out[i - 1] + gain * white[i]
    return out


# MediaPipe's pose landmark One Euro filter settings (legacy pose solution).
ONE_EURO_MIN_CUTOFF_HZ = 0.05
ONE_EURO_BETA = 80.0
ONE_EURO_DERIVATIVE_CUTOFF_HZ = 1.0


def _alpha(cutoff: FloatArray | float, dt: float) -> FloatArray:
    tau = 1.0 / (2 * np.pi * np.asarray(cutoff, dtype=np.float64))
    return np.asarray(1.0 / (1.0 + tau / dt), dtype=np.float64)


def one_euro(xy: FloatArray, t: FloatArray, scale_px: float) -> FloatArray:
    """Landmarks ``(n, m, 2)`` at times ``t`` through a One Euro filter (Casiez et al. 2012)
    whose speeds are measured in ``scale_px`` (the person's size): strong smoothing at rest,
    little while moving fast."""
    out = np.array(xy, dtype=np.float64)
    value = out[0] / scale_px
    speed = np.zeros_like(value)
    for i in range(1, out.shape[0]):
        dt = float(t[i] - t[i - 1])
        raw = out[i] / scale_px
        speed = speed + _alpha(ONE_EURO_DERIVATIVE_CUTOFF_HZ, dt) * ((raw - value) / dt - speed)
        cutoff = ONE_EURO_MIN_CUTOFF_HZ + ONE_EURO_BETA * np.abs(speed)
        value = value + _alpha(cutoff, dt) * (raw - value)
        out[i] = value * scale_px
    return out


def add_noise(
    clean: FloatArray,
    visible: BoolArray,
    noise: NoiseSpec,
    rng: np.random.Generator,
    width: int,
    height: int,
    fps: float = 30.0,
) -> NoisyLandmarks:
    """Noisy landmarks from ``clean`` pixels ``(n, 33, 2)``; ``visible`` ``(33,)`` marks the
    landmarks facing the camera (the rest are the far side)."""
    n, m, _ = clean.shape
    sigma = np.where(visible, 1.0, noise.far_side_factor) * noise.jitter_px
    jitter = np.sqrt(0.5) * (
        rng.standard_normal((n, m, 2)) + _wander(rng, (n, m, 2), noise.jitter_correlation)
    )
    offset = rng.normal(0.0, noise.far_side_offset_px, (m, 2)) * (~visible)[:, None]
    xy = clean + jitter * sigma[None, :, None] + offset[None]

    jumped = np.zeros((n, m), dtype=bool)
    names = MEDIAPIPE_33
    key = [i for i, name in enumerate(names) if name.split("_", 1)[-1] in KEY_JOINTS]
    for frame in np.flatnonzero(rng.random(n) < noise.jump_rate):
        landmark = int(rng.choice(key)) if rng.random() < 0.5 else int(rng.integers(m))
        frames = int(rng.integers(1, noise.jump_frames_max + 1))
        size = rng.uniform(*noise.jump_px)
        angle = rng.uniform(0, 2 * np.pi)
        stop = min(n, int(frame) + frames)
        xy[frame:stop, landmark] += size * np.array([np.cos(angle), np.sin(angle)])
        jumped[frame:stop, landmark] = True

    dropped = np.zeros(n, dtype=bool)
    mean_run = (1 + noise.drop_run_max) / 2
    for _ in range(int(rng.poisson(noise.drop_rate * n / mean_run))):
        start = int(rng.integers(n))
        dropped[start : start + int(rng.integers(1, noise.drop_run_max + 1))] = True

    if noise.pose_filter_scale_px > 0 and n > 1:
        xy = one_euro(xy, np.arange(n) / fps, noise.pose_filter_scale_px)

    lo = np.where(visible, noise.near_visibility[0], noise.far_visibility[0])
    hi = np.where(visible, noise.near_visibility[1], noise.far_visibility[1])
    base = rng.uniform(lo, hi)
    confidence = np.clip(base[None, :] + rng.normal(0.0, 0.02, (n, m)), 0.0, 1.0)
    xy[..., 0] = np.clip(xy[..., 0], 0.0, width - 1.0)
    xy[..., 1] = np.clip(xy[..., 1], 0.0, height - 1.0)
    xy[dropped] = np.nan
    confidence[dropped] = 0.0
    jumped[dropped] = False
    return NoisyLandmarks(xy, confidence, dropped, jumped)
