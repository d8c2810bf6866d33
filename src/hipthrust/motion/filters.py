"""Cleaning landmark tracks: outlier rejection, short-gap filling, zero-phase low-pass.

Biomechanics practice (motion.md, "Signal processing"): reject jumps with a Hampel-style test,
fill only short gaps, low-pass each unbroken stretch separately with a zero-phase Butterworth
(order 2, about 6 Hz for these slow movements) and keep a validity mask. Every function takes
arrays and explicit numbers; time is the first axis; NaN marks a missing sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError

__all__ = [
    "DEFAULT_FILTER_SETTINGS",
    "FilterSettings",
    "clean_points",
    "fill_gaps",
    "hampel_outliers",
    "lowpass",
    "runs",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class FilterSettings:
    """How landmark tracks are cleaned before any angle is computed."""

    # Landmarks below this confidence count as unseen [design; MediaPipe's own default 0.5] ...
    min_confidence: float = 0.5
    # ... unless the landmark is always less sure (the far side, guessed by the model): then
    # below this share of its own median confidence [design].
    relative_confidence: float = 0.6
    # Gaps up to this long are filled by linear interpolation; longer ones stay missing
    # [design, motion.md: "fill only short gaps"].
    max_gap_s: float = 0.25
    # Hampel window half-width and threshold in robust standard deviations [design].
    hampel_half_window_s: float = 0.2
    hampel_sigmas: float = 4.0
    # A jump must also exceed this fraction of the body scale (shoulder-to-knee length) so that
    # the curvature at the top of a rep is never taken for an outlier [design].
    hampel_min_jump: float = 0.08
    # Zero-phase Butterworth low-pass [motion.md: order 2-4, about 6 Hz].
    cutoff_hz: float = 6.0
    order: int = 2

    def __post_init__(self) -> None:
        if not 0 <= self.min_confidence < 1 or not 0 <= self.relative_confidence <= 1:
            raise InputError("min_confidence must be in [0, 1) and relative_confidence in [0, 1]")
        if self.max_gap_s < 0 or self.hampel_half_window_s <= 0 or self.hampel_sigmas <= 0:
            raise InputError("filter windows and thresholds must be positive")
        if self.cutoff_hz <= 0 or self.order < 1:
            raise InputError("the low-pass cutoff and order must be positive")


DEFAULT_FILTER_SETTINGS = FilterSettings()


def runs(mask: BoolArray) -> list[tuple[int, int]]:
    """``[start, stop)`` index pairs of each run of True in a 1-D boolean mask."""
    m = np.asarray(mask, dtype=bool).astype(np.int8)
    if m.size == 0:
        return []
    edges = np.diff(np.concatenate(([0], m, [0])))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1)
    return [(int(a), int(b)) for a, b in zip(starts, stops, strict=True)]


def fill_gaps(x: FloatArray, max_gap: int) -> FloatArray:
    """Linearly fill interior NaN runs of at most ``max_gap`` samples, column by column.

    Gaps at either end and longer gaps stay NaN: nothing is invented where the track is lost.
    """
    data = np.array(x, dtype=np.float64, copy=True)
    columns = data.reshape(data.shape[0], -1)
    index = np.arange(columns.shape[0])
    for j in range(columns.shape[1]):
        col = columns[:, j]
        for start, stop in runs(np.isnan(col)):
            if start == 0 or stop == col.size or stop - start > max_gap:
                continue
            col[start:stop] = np.interp(
                index[start:stop], [start - 1, stop], col[[start - 1, stop]]
            )
    return columns.reshape(data.shape)


def _running_median(values: FloatArray, half_window: int) -> FloatArray:
    n = values.size
    pad = np.concatenate((np.full(half_window, np.nan), values, np.full(half_window, np.nan)))
    windows = np.lib.stride_tricks.sliding_window_view(pad, 2 * half_window + 1)
    finite = np.isfinite(windows).sum(axis=1)
    med = np.full(n, np.nan)
    full = finite == windows.shape[1]
    if bool(full.any()):
        med[full] = np.median(windows[full], axis=1)
    partial = (finite >= 3) & ~full
    if bool(partial.any()):
        med[partial] = np.nanmedian(windows[partial], axis=1)
    return med


def hampel_outliers(x: FloatArray, half_window: int, sigmas: float, min_jump: float) -> BoolArray:
    """True where a 1-D sample departs from its running median by more than the threshold.

    The threshold is ``sigmas`` robust standard deviations of the departures around it (1.4826
    x their median absolute value, so steady motion does not widen it) or ``min_jump``,
    whichever is larger. NaN samples are ignored.
    """
    values = np.asarray(x, dtype=np.float64)
    if values.size == 0 or half_window < 1:
        return np.zeros(values.size, dtype=bool)
    residual = values - _running_median(values, half_window)
    spread = _running_median(np.abs(residual), half_window)
    threshold = np.maximum(sigmas * 1.4826 * spread, min_jump)
    with np.errstate(invalid="ignore"):
        out = np.isfinite(residual) & (np.abs(residual) > threshold)
    return np.asarray(out, dtype=bool)


def lowpass(x: FloatArray, fps: float, cutoff_hz: float = 6.0, order: int = 2) -> FloatArray:
    """Zero-phase Butterworth low-pass applied to each unbroken (finite) stretch separately.

    Columns of a 2-D array are filtered independently. Stretches too short to pad stay as
    they are; when ``cutoff_hz`` is at or above Nyquist the data is returned unchanged.
    """
    # Imported here: SciPy's signal package takes 0.3 s to import, which the video's worker
    # processes (they import the report's types, never filter) need not pay.
    from scipy import signal

    data = np.array(x, dtype=np.float64, copy=True)
    if cutoff_hz >= fps / 2:
        return data
    b, a = signal.butter(order, cutoff_hz / (fps / 2))
    columns = data.reshape(data.shape[0], -1)
    for j in range(columns.shape[1]):
        col = columns[:, j]
        for start, stop in runs(np.isfinite(col)):
            length = stop - start
            if length < 4:
                continue
            padlen = min(3 * (order + 1), length - 1)
            col[start:stop] = signal.filtfilt(b, a, col[start:stop], padlen=padlen)
    return columns.reshape(data.shape)


def clean_points(
    xy: FloatArray,
    confidence: FloatArray,
    fps: float,
    body_scale_px: float,
    settings: FilterSettings = DEFAULT_FILTER_SETTINGS,
) -> tuple[FloatArray, BoolArray]:
    """Clean ``(n_frames, n_points, 2)`` pixel tracks; return them and a ``(n, n_points)`` mask.

    Low-confidence points are dropped, jumps rejected, short gaps filled, each stretch
    low-passed. The mask is True where the cleaned point rests on real (or briefly
    interpolated) data; everywhere else the point is NaN.
    """
    points = np.array(xy, dtype=np.float64, copy=True)
    if points.ndim != 3 or points.shape[2] != 2:
        raise InputError(f"points must have shape (frames, points, 2), not {points.shape}")
    conf = np.asarray(confidence, dtype=np.float64)
    typical = np.array(
        [np.median(c[c > 0]) if bool((c > 0).any()) else 0.0 for c in conf.T], dtype=np.float64
    )
    threshold = np.minimum(settings.min_confidence, settings.relative_confidence * typical)
    seen = np.isfinite(points).all(axis=2) & (conf >= threshold[None, :]) & (conf > 0)
    points[~seen] = np.nan
    half = max(1, round(settings.hampel_half_window_s * fps))
    min_jump = settings.hampel_min_jump * body_scale_px
    for k in range(points.shape[1]):
        jump = hampel_outliers(points[:, k, 0], half, settings.hampel_sigmas, min_jump)
        jump |= hampel_outliers(points[:, k, 1], half, settings.hampel_sigmas, min_jump)
        points[jump, k, :] = np.nan
    max_gap = int(np.floor(settings.max_gap_s * fps + 1e-9))
    points = fill_gaps(points, max_gap)
    points = lowpass(points, fps, settings.cutoff_hz, settings.order)
    valid = np.isfinite(points).all(axis=2)
    return points, valid
