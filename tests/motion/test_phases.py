from __future__ import annotations

import numpy as np
import pytest

from hipthrust.motion.phases import (
    PROFILES,
    Transition,
    best_profile,
    fit_transition,
    plateau_level,
)

FPS = 60.0


def _ramp(profile: str, start: float, duration: float, falling: bool = False):
    s = np.linspace(0.0, 1.0, 4001)
    shapes = {
        "linear": s,
        "cosine": (1 - np.cos(np.pi * s)) / 2,
        "jerk": s**3 * (10 - 15 * s + 6 * s**2),
    }
    t = np.arange(0.0, start + duration + 1.0, 1 / FPS)
    u = np.clip((t - start) / duration, 0.0, 1.0)
    x = 100 + 80 * np.interp(u, s, shapes[profile])
    return t, (180 - (x - 100) if falling else x)


@pytest.mark.parametrize("profile", ["linear", "cosine", "jerk"])
def test_rise_start_and_end_are_found_for_each_profile(profile: str) -> None:
    t, x = _ramp(profile, 0.5, 1.2)
    top = int(np.argmax(x >= 179.999))
    tr = Transition.measure(t, x, 0, top, 100.0, 180.0)
    assert tr is not None and not tr.falling
    _, start, end = fit_transition(best_profile([tr]), tr)
    assert start == pytest.approx(0.5, abs=0.02)
    assert end == pytest.approx(1.7, abs=0.02)


def test_lowering_is_measured_from_the_bottom_up() -> None:
    t, x = _ramp("jerk", 0.5, 2.0, falling=True)  # 180 down to 100
    bottom = t.size - 1
    tr = Transition.measure(t, x, bottom, 0, 100.0, 180.0)
    assert tr is not None and tr.falling
    _, start, end = fit_transition(best_profile([tr]), tr)
    assert (start, end) == pytest.approx((0.5, 2.5), abs=0.02)


def test_wobble_on_the_plateaus_does_not_move_the_crossings() -> None:
    t, x = _ramp("cosine", 1.0, 1.0)
    wobble = np.where((t < 0.9) | (t > 2.1), 4.0 * np.sin(2 * np.pi * 3 * t), 0.0)
    top = t.size - 1
    clean = Transition.measure(t, x, 0, top, 100.0, 180.0)
    noisy = Transition.measure(t, x + wobble, 0, top, 100.0, 180.0)
    assert clean is not None and noisy is not None
    np.testing.assert_allclose(noisy.times, clean.times, atol=1e-9)


def test_no_transition_without_a_rise() -> None:
    t = np.arange(0, 2, 1 / FPS)
    assert Transition.measure(t, np.full(t.size, 100.0), 0, t.size - 1, 100.0, 180.0) is None


def test_profiles_are_inverses_in_range() -> None:
    for inverse in PROFILES.values():
        assert np.all(np.diff(inverse) > 0)
        assert inverse[0] > 0 and inverse[-1] < 1


def test_plateau_level_percentiles_and_fallback() -> None:
    t = np.arange(10.0)
    x = np.arange(10.0)
    assert plateau_level(t, x, 0, 9, -1.0, 75) == pytest.approx(6.75)
    assert plateau_level(t, x, 0, 1, -1.0, 75) == -1.0
