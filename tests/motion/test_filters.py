from __future__ import annotations

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.motion.filters import (
    FilterSettings,
    clean_points,
    fill_gaps,
    hampel_outliers,
    lowpass,
    runs,
)

NAN = np.nan


@pytest.mark.parametrize(
    ("mask", "expected"),
    [
        ([], []),
        ([False, False], []),
        ([True, True, False, True], [(0, 2), (3, 4)]),
        ([False, True, True, True], [(1, 4)]),
    ],
)
def test_runs(mask: list[bool], expected: list[tuple[int, int]]) -> None:
    assert runs(np.array(mask, dtype=bool)) == expected


@pytest.mark.parametrize(
    ("values", "max_gap", "expected"),
    [
        # a one-sample gap is filled linearly
        ([0.0, NAN, 2.0], 1, [0.0, 1.0, 2.0]),
        # a gap longer than max_gap stays missing
        ([0.0, NAN, NAN, 3.0], 1, [0.0, NAN, NAN, 3.0]),
        ([0.0, NAN, NAN, 3.0], 2, [0.0, 1.0, 2.0, 3.0]),
        # nothing is invented at either end
        ([NAN, 1.0, 2.0, NAN], 5, [NAN, 1.0, 2.0, NAN]),
    ],
)
def test_fill_gaps(values: list[float], max_gap: int, expected: list[float]) -> None:
    np.testing.assert_allclose(fill_gaps(np.array(values), max_gap), expected)


def test_fill_gaps_fills_columns_independently() -> None:
    x = np.array([[0.0, 10.0], [NAN, 11.0], [2.0, NAN], [3.0, 13.0]])
    np.testing.assert_allclose(fill_gaps(x, 1), [[0, 10], [1, 11], [2, 12], [3, 13]])


def test_hampel_flags_a_spike_but_not_the_top_of_a_slow_wave() -> None:
    t = np.arange(0, 6, 1 / 30)
    wave = 100 * np.sin(2 * np.pi * t / 2.5)
    spiked = wave.copy()
    spiked[40] += 60
    flags = hampel_outliers(spiked, half_window=6, sigmas=4, min_jump=20)
    assert flags[40]
    assert flags.sum() == 1
    assert not hampel_outliers(wave, half_window=6, sigmas=4, min_jump=20).any()


def test_hampel_ignores_missing_samples() -> None:
    x = np.array([1.0, 1.1, NAN, 0.9, 1.0, 50.0, 1.0, 1.05, NAN, 1.0])
    flags = hampel_outliers(x, half_window=3, sigmas=3, min_jump=1)
    assert flags.tolist() == [False] * 5 + [True] + [False] * 4


def test_lowpass_keeps_slow_motion_and_removes_fast_noise() -> None:
    fps = 30.0
    t = np.arange(0, 10, 1 / fps)
    slow = np.sin(2 * np.pi * 0.5 * t)
    fast = 0.5 * np.sin(2 * np.pi * 13 * t)
    out = lowpass(slow + fast, fps, 6.0, 2)
    inner = slice(30, -30)
    assert np.max(np.abs(out[inner] - slow[inner])) < 0.05


def test_lowpass_filters_each_stretch_alone_and_keeps_gaps() -> None:
    x = np.concatenate((np.full(20, 5.0), [NAN] * 5, np.full(20, -5.0)))
    out = lowpass(x, 30.0, 6.0, 2)
    assert np.isnan(out[20:25]).all()
    # no ringing across the gap: each stretch is constant, so it stays constant
    np.testing.assert_allclose(out[:20], 5.0)
    np.testing.assert_allclose(out[25:], -5.0)


def test_lowpass_above_nyquist_is_a_no_op() -> None:
    x = np.arange(10.0)
    np.testing.assert_array_equal(lowpass(x, 10.0, 6.0), x)


def test_clean_points_drops_low_confidence_rejects_jumps_and_fills() -> None:
    n = 60
    xy = np.zeros((n, 1, 2))
    xy[:, 0, 0] = np.linspace(100, 160, n)
    xy[:, 0, 1] = 300.0
    conf = np.full((n, 1), 0.9)
    conf[10, 0] = 0.1  # unsure: dropped, then filled
    xy[30, 0, 1] = 420.0  # a jump: rejected, then filled
    conf[45:55, 0] = 0.0  # a long loss: stays missing
    cleaned, valid = clean_points(xy, conf, 30.0, body_scale_px=200.0)
    assert valid[10, 0] and valid[30, 0]
    assert abs(cleaned[30, 0, 1] - 300.0) < 1.0
    assert not valid[45:55, 0].any()
    assert np.isnan(cleaned[45:55]).all()


def test_clean_points_rejects_bad_shape() -> None:
    with pytest.raises(InputError):
        clean_points(np.zeros((5, 2)), np.ones((5, 1)), 30.0, 100.0)


@pytest.mark.parametrize(
    "kwargs",
    [{"min_confidence": 1.5}, {"max_gap_s": -1}, {"cutoff_hz": 0}, {"order": 0}],
)
def test_filter_settings_refuse_nonsense(kwargs: dict[str, float]) -> None:
    with pytest.raises(InputError):
        FilterSettings(**kwargs)  # type: ignore[arg-type]
