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
from hipthrust.motion.signals import (
    PIVOT_ALONG_TRUNK,
    PIVOT_BEHIND_SHOULDER,
    Kinematics,
    compute_kinematics,
)


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
    # 30 px toward the feet over a 200 px trunk; the trunk turning 10 deg lets a rolling back
    # explain 0-0.1 trunk lengths per radian of the travel toward the head, not this way.
    turn = np.radians(10.0) * np.cos(np.radians(10.0))
    assert m.pivot_slide == pytest.approx(30 / 200 + 0.05 * turn)
    assert m.pivot_roll_span == pytest.approx(0.1 * turn)
    # 120 px in 1 s at 2.5 mm per pixel
    assert m.mean_concentric_velocity_m_s == pytest.approx(0.3)
    assert rep_metrics(rep, _kinematics(), None).mean_concentric_velocity_m_s is None
    no_hold = dataclasses.replace(rep, lowering_s=1.5)
    assert rep_metrics(no_hold, _kinematics(), None).hold_s == 0.0


# A back on a bench edge, in image pixels (y down, head to the left): a 200 px trunk turning
# from 35 deg hips-down to level over the rise (0.5-1.5 s), held, lowered (2.5-3.5 s).
_TRUNK_PX = 200.0


def _on_the_edge(roll_per_rad: float, slide: float) -> tuple[RepSpan, Kinematics]:
    """The contact with the edge moves ``roll_per_rad`` trunk lengths down the back per radian
    the trunk turns (a back rolling over the edge; where the analysis puts it with the trunk
    level), and the back slides ``slide`` trunk lengths toward the head as the hips rise
    (a wrong pivot); the edge itself stays put."""
    t = np.arange(0.0, 4.0, 1 / 30)
    up = np.clip((t - 0.5) / 1.0, 0, 1) * np.clip((3.5 - t) / 1.0, 0, 1)
    theta = np.radians(-35.0 * (1 - up))
    caudal = np.stack((np.cos(theta), np.sin(theta)), axis=1)  # floor coordinates, v up
    anterior = np.stack((-np.sin(theta), np.cos(theta)), axis=1)
    edge = np.stack((500.0 - slide * _TRUNK_PX * up, np.full(t.size, 300.0)), axis=1)
    drop = _TRUNK_PX * (PIVOT_ALONG_TRUNK + roll_per_rad * theta)
    shoulder = edge - drop[:, None] * caudal + PIVOT_BEHIND_SHOULDER * _TRUNK_PX * anterior
    hip = shoulder + _TRUNK_PX * caudal
    knee = np.broadcast_to((hip[0, 0] + 200.0, 420.0), hip.shape)
    ankle = np.broadcast_to((hip[0, 0] + 220.0, 230.0), hip.shape)
    ear = shoulder - 60.0 * caudal + 20.0 * anterior

    def image(p: np.ndarray) -> np.ndarray:
        return np.stack((p[:, 0], 720.0 - p[:, 1]), axis=1)

    points = {
        "shoulder": image(shoulder),
        "hip": image(hip),
        "knee": image(np.asarray(knee)),
        "ankle": image(np.asarray(ankle)),
        "ear": image(ear),
    }
    k = compute_kinematics(points, t, (640.0, 360.0), tilt_deg=0.0)
    rep = RepSpan(1, 0.5, 1.5, 1.3, 2.0, 2.7, 2.5, 3.5, 60, 180.0, 120.0)
    return rep, k


def test_a_back_rolling_over_the_edge_is_not_read_as_sliding() -> None:
    rep, k = _on_the_edge(roll_per_rad=0.1, slide=0.0)
    assert k.support == "bench"
    m = rep_metrics(rep, k, None)
    # The trunk turned 35 deg: a fixed point of the back travelled 0.05 trunk lengths toward
    # the head (0.1 x 35 deg in radians x cos 35 deg); the roll's range (0-0.1 per radian)
    # explains all of it: the slide reads 0 give or take half the span.
    span = 0.1 * np.radians(35.0) * np.cos(np.radians(35.0))
    assert m.pivot_roll_span == pytest.approx(span, rel=0.01)
    assert m.pivot_slide <= 0.5 * span + 1e-3
    # A fixed pivot (no roll) sits at the range's other end: also within it.
    fixed = rep_metrics(rep, _on_the_edge(roll_per_rad=0.0, slide=0.0)[1], None)
    assert fixed.pivot_slide <= 0.5 * span + 1e-3


def test_a_slide_up_the_bench_is_measured_past_the_roll() -> None:
    rep, k = _on_the_edge(roll_per_rad=0.05, slide=0.25)
    m = rep_metrics(rep, k, None)
    # 0.25 trunk lengths of slide, read to within half the roll's span
    assert abs(m.pivot_slide - 0.25) <= 0.5 * m.pivot_roll_span + 1e-3
