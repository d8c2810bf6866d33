from __future__ import annotations

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust_testkit.synth.body import (
    WINTER,
    hip_clearance_angle,
    lying_chain,
    lying_setup,
    signed_hip_angle,
    solve_trunk_angle,
    two_circle_knee,
)


def test_two_circle_knee_keeps_both_lengths_and_bends_up() -> None:
    hip = np.array([[0.0, 0.3], [0.1, 0.35], [0.0, 0.2]])
    ankle = np.array([[0.6, 0.07], [0.55, 0.07], [0.5, 0.07]])
    knee, ok = two_circle_knee(hip, ankle, 0.43, 0.43)
    assert ok.all()
    assert np.allclose(np.linalg.norm(knee - hip, axis=1), 0.43)
    assert np.allclose(np.linalg.norm(knee - ankle, axis=1), 0.43)
    assert (knee[:, 1] > np.maximum(hip[:, 1], ankle[:, 1])).all()


def test_two_circle_knee_flags_a_leg_that_cannot_reach() -> None:
    _, ok = two_circle_knee(np.array([[0.0, 0.0]]), np.array([[1.0, 0.0]]), 0.43, 0.43)
    assert not ok[0]


@pytest.mark.parametrize(
    ("shoulder", "hip", "knee", "expected"),
    [
        ((0, 0), (1, 0), (2, 0), 180.0),
        ((0, 0), (1, -1), (2, 0), 90.0),  # hip below the line: flexed
        ((0, 0), (1, 1), (2, 0), 270.0),  # hip above the line: past it
        ((0, 0), (1, 0.1), (2, 0), 180 + 2 * np.degrees(np.arctan(0.1))),
    ],
)
def test_signed_hip_angle_exceeds_180_past_the_shoulder_knee_line(
    shoulder: tuple[float, float],
    hip: tuple[float, float],
    knee: tuple[float, float],
    expected: float,
) -> None:
    angle = signed_hip_angle(*(np.array([p], dtype=float) for p in (shoulder, hip, knee)))
    assert angle[0] == pytest.approx(expected)


@pytest.mark.parametrize(("support", "bench"), [("bench", 0.30), ("bench", 0.42), ("floor", 0.0)])
@pytest.mark.parametrize("tilt", [-18.0, 0.0, 22.0])
def test_feet_are_placed_for_the_requested_shin_tilt_at_full_extension(
    support: str, bench: float, tilt: float
) -> None:
    setup = lying_setup(support, 1.75, bench, 0.0, tilt)  # type: ignore[arg-type]
    theta = solve_trunk_angle(setup, np.array([180.0]))
    chain = lying_chain(setup, theta)
    shin = np.degrees(np.arctan2(*(chain.ankle - chain.knee)[0] * [1, -1]))
    assert shin == pytest.approx(tilt, abs=0.05)
    # Feet too far out (positive tilt) put the ankle farther from the hips than the knee.
    assert np.sign(chain.ankle[0, 0] - chain.knee[0, 0]) == np.sign(tilt) or tilt == 0


@pytest.mark.parametrize(("support", "bench"), [("bench", 0.38), ("floor", 0.0)])
def test_solving_the_trunk_reproduces_the_hip_angle_and_keeps_segment_lengths(
    support: str, bench: float
) -> None:
    setup = lying_setup(support, 1.62, bench, 0.0, 3.0)  # type: ignore[arg-type]
    floor = hip_clearance_angle(setup)
    target = np.linspace(floor + 0.5, 181.0, 40)
    for lumbar, slide in ((0.0, 0.0), (20.0, 0.0), (0.0, 0.1)):
        chain = lying_chain(setup, solve_trunk_angle(setup, target, lumbar, slide), lumbar, slide)
        assert np.allclose(chain.hip_joint_angle, target, atol=1e-3)
        assert chain.reachable.all()
        thigh = np.linalg.norm(chain.knee - chain.hip, axis=1)
        shank = np.linalg.norm(chain.knee - chain.ankle, axis=1)
        assert np.allclose(thigh, WINTER.thigh * 1.62)
        assert np.allclose(shank, WINTER.shank * 1.62)


def test_the_hips_rest_on_the_floor_at_the_clearance_angle() -> None:
    setup = lying_setup("floor", 1.75, 0.0, 0.0, 0.0)
    floor = hip_clearance_angle(setup)
    chain = lying_chain(setup, solve_trunk_angle(setup, np.array([floor])))
    assert chain.hip[0, 1] == pytest.approx(WINTER.hip_depth * 1.75, abs=1e-4)
    assert 110 < floor < 140  # a bridge's bottom with the hips down


def test_lumbar_extension_lifts_the_hip_past_the_shoulder_knee_line() -> None:
    setup = lying_setup("bench", 1.75, 0.38, 0.0, 0.0)
    plain = lying_chain(setup, solve_trunk_angle(setup, np.array([178.0])))
    arched = lying_chain(setup, solve_trunk_angle(setup, np.array([178.0]), 25.0), 25.0)
    assert plain.hip_angle[0] == pytest.approx(178.0, abs=1e-3)
    assert arched.hip_joint_angle[0] == pytest.approx(178.0, abs=1e-3)
    assert arched.hip_angle[0] > 186.0
    assert arched.hip[0, 1] > plain.hip[0, 1]


@pytest.mark.parametrize(
    "args",
    [("bench", 0.8, 0.38, 0.0, 0.0), ("bench", 1.75, 0.9, 0.0, 0.0), ("floor", 1.75, 0, 0, 60.0)],
)
def test_impossible_setups_are_refused(args: tuple[str, float, float, float, float]) -> None:
    with pytest.raises(InputError):
        lying_setup(*args)  # type: ignore[arg-type]
