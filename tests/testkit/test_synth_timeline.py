from __future__ import annotations

import numpy as np
import pytest

from hipthrust_testkit.synth.spec import RepSpec, SetSpec
from hipthrust_testkit.synth.timeline import Bump, Channel, build_timeline, ease


@pytest.mark.parametrize(("power", "blend"), [(1.0, 1.0), (0.8, 0.4), (1.3, 0.0)])
def test_ease_runs_from_0_to_1_monotonically(power: float, blend: float) -> None:
    s = np.linspace(0, 1, 501)
    e = ease(s, power, blend)
    assert e[0] == pytest.approx(0.0) and e[-1] == pytest.approx(1.0)
    assert (np.diff(e) >= 0).all()


def test_channel_eases_between_knots_and_holds_outside() -> None:
    c = Channel(np.array([1.0, 2.0, 4.0]), np.array([90.0, 180.0, 180.0]))
    v = c.at(np.array([0.0, 1.0, 1.5, 2.0, 3.0, 9.0]), 1.0, 1.0)
    assert np.allclose(v, [90, 90, 135, 180, 180, 180])


def test_bump_is_zero_at_its_ends_and_peaks_in_the_middle() -> None:
    b = Bump(1.0, 3.0, -0.8)
    assert np.allclose(b.at(np.array([0.5, 1.0, 2.0, 3.0, 3.5])), [0, 0, -0.8, 0, 0])


def test_timeline_follows_each_reps_tempo_and_top() -> None:
    reps = (
        RepSpec(concentric_s=1.0, hold_s=2.0, eccentric_s=2.5, pause_s=0.5, peak_hip_deg=176),
        RepSpec(concentric_s=0.7, hold_s=0.0, eccentric_s=0.3, pause_s=0.0, peak_hip_deg=150),
    )
    spec = SetSpec(reps=reps, lead_in_s=1.5, lead_out_s=1.0, idle_sway_deg=0.0)
    tl = build_timeline(spec, 95.0, 80.0)
    w1, w2 = tl.reps
    assert (w1.start_s, w1.top_s, w1.lower_s, w1.end_s) == pytest.approx((1.5, 2.5, 4.5, 7.0))
    assert (w2.start_s, w2.top_s, w2.lower_s, w2.end_s) == pytest.approx((7.5, 8.2, 8.2, 8.5))
    assert tl.duration_s == pytest.approx(spec.duration_s)
    t = np.array([0.0, 1.5, 2.5, 4.5, 7.0, 8.2, tl.duration_s])
    hip = tl.hip_at(t)
    assert hip[[0, 1, 4, 6]] == pytest.approx([95.0] * 4)
    assert hip[2] == pytest.approx(176.0) and hip[3] == pytest.approx(176.0)
    assert hip[5] == pytest.approx(150.0)
    # The hold sags a little in the middle but never rises above the top.
    during = tl.hip_at(np.linspace(2.5, 4.5, 101))
    assert during.max() == pytest.approx(176.0) and during.min() < 176.0


def test_bottoms_never_go_below_the_floor() -> None:
    spec = SetSpec(reps=(RepSpec(bottom_hip_deg=60.0),), idle_sway_deg=0.0)
    tl = build_timeline(spec, 95.0, 85.0)
    assert tl.hip_at(np.linspace(0, tl.duration_s, 400)).min() == pytest.approx(85.0)
