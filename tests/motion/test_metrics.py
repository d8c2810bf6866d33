from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.motion.metrics import (
    DEFAULT_VELOCITY_MODEL,
    RepMetrics,
    VelocityModel,
    rep_metrics,
    scale_from_body_height,
    set_metrics,
)
from hipthrust.motion.reps import RepSpan
from hipthrust.motion.signals import Kinematics


@pytest.mark.parametrize(
    ("velocity", "pct"),
    [(0.25, 100.0), (0.446, 80.0), (0.1, 100.0), (2.0, 0.0)],
)
def test_velocity_model_maps_velocity_to_pct_1rm(velocity: float, pct: float) -> None:
    assert DEFAULT_VELOCITY_MODEL.pct_1rm(velocity) == pytest.approx(pct, abs=0.01)


def test_velocity_model_refuses_backwards_line() -> None:
    with pytest.raises(InputError):
        VelocityModel(velocity_at_1rm_m_s=0.5, second_point_m_s=0.4)


def _rep(index: int, v: float | None) -> RepMetrics:
    return RepMetrics(
        index, 0, 1, 0.5, 178, 100, 78, 0.3, 1, 1.5, 1, 2, 90, 0, 5, 20, 0, 0.0, "bench", v
    )


def test_velocity_loss_and_estimates_with_a_load() -> None:
    reps = tuple(_rep(i, v) for i, v in enumerate([0.50, 0.52, 0.46, 0.42, 0.38], 1))
    m = set_metrics(reps, load_kg=100.0)
    assert m.velocity_loss_from_first == pytest.approx(1 - 0.38 / 0.50)
    assert m.velocity_loss_from_best == pytest.approx(1 - 0.38 / 0.52)
    # the best rep sets %1RM; 1RM = load / %1RM
    assert m.estimated_pct_1rm == pytest.approx(DEFAULT_VELOCITY_MODEL.pct_1rm(0.52))
    assert m.estimated_1rm_kg == pytest.approx(100.0 / (m.estimated_pct_1rm / 100))
    assert m.pct_1rm_error == 7.0
    # the trend (-0.035 m/s per rep) reaches 0.25 m/s after (0.38 - 0.25) / 0.035 more reps
    slope = np.polyfit(np.arange(5), [0.50, 0.52, 0.46, 0.42, 0.38], 1)[0]
    assert m.estimated_rir == pytest.approx((0.38 - 0.25) / -slope)


def test_no_load_no_estimates_and_too_few_reps_no_trend() -> None:
    reps = tuple(_rep(i, v) for i, v in enumerate([0.5, 0.4], 1))
    assert set_metrics(reps, None).estimated_pct_1rm is None
    with_load = set_metrics(reps, 80.0)
    assert with_load.estimated_rir is None  # two reps make no trend
    assert with_load.estimated_pct_1rm is not None


def test_no_velocity_no_loss() -> None:
    m = set_metrics((_rep(1, None), _rep(2, None)), 80.0)
    assert m.velocity_loss_from_first is None and m.estimated_pct_1rm is None


def test_at_or_below_the_1rm_velocity_there_is_nothing_in_reserve() -> None:
    reps = tuple(_rep(i, v) for i, v in enumerate([0.35, 0.3, 0.24], 1))
    assert set_metrics(reps, 120.0).estimated_rir == 0.0


def test_scale_from_body_height() -> None:
    m_per_px, error = scale_from_body_height(1.75, 400.0)
    assert m_per_px == pytest.approx(0.491 * 1.75 / 400)
    assert error == 0.05
    with pytest.raises(InputError):
        scale_from_body_height(4.0, 400.0)
    with pytest.raises(InputError):
        scale_from_body_height(1.75, float("nan"))


def _kinematics(n: int = 90) -> Kinematics:
    t = np.arange(n) / 30.0
    rise = np.clip((t - 0.5) / 1.0, 0, 1)  # hips rise 0.5-1.5 s, stay up
    flat = np.zeros(n)
    return Kinematics(
        t=t,
        hip_angle=100 + 78 * rise,
        knee_angle=flat + 90,
        shin_angle=flat + 3,
        trunk_angle=10 * rise,
        head_angle=flat + 20,
        hip_height=0.1 + 0.3 * rise,
        hip_height_px=40 + 120 * rise,
        pivot_u_px=flat + 50 + 30 * rise,  # the back slides 30 px as the hips rise
        body_scale_px=400.0,
        trunk_length_px=200.0,
        foot_direction=1,
        support="bench",
        tilt_deg=0.0,
        tilt_source="none",
    )


def test_rep_metrics_measure_the_rep() -> None:
    rep = RepSpan(1, 0.5, 1.5, 1.4, 2.0, 2.9, 2.5, 2.9, 60, 178.0, 100.0)
    m = rep_metrics(rep, _kinematics(), m_per_px=0.0025)
    assert m.range_of_motion_deg == pytest.approx(78.0)
    assert m.range_of_motion_height == pytest.approx(0.3)
    assert (m.hold_s, m.concentric_s, m.eccentric_s) == pytest.approx((1.0, 1.0, 0.4))
    assert m.shin_angle_top_deg == pytest.approx(3.0)
    assert m.pivot_slide == pytest.approx(30 / 200)
    # 120 px in 1 s at 2.5 mm per pixel
    assert m.mean_concentric_velocity_m_s == pytest.approx(0.3)
    assert rep_metrics(rep, _kinematics(), None).mean_concentric_velocity_m_s is None
    no_hold = dataclasses.replace(rep, lowering_s=1.5)
    assert rep_metrics(no_hold, _kinematics(), None).hold_s == 0.0
