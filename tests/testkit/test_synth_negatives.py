from __future__ import annotations

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust_testkit.synth import NEGATIVE_KINDS, negative_example
from hipthrust_testkit.synth.noise import NoiseSpec

CLEAN = NoiseSpec()


def _example(kind: str, seed: int = 0):  # type: ignore[no-untyped-def]
    return negative_example(kind, np.random.default_rng(seed), noise=CLEAN)  # type: ignore[arg-type]


def _mid(pose, joint: str) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.nanmedian((pose.point(f"left_{joint}") + pose.point(f"right_{joint}")) / 2, axis=0)


def test_no_person_gives_almost_only_empty_frames() -> None:
    pose = _example("no_person").pose
    seen = pose.confidence > 0
    assert seen.any(axis=1).mean() < 0.05
    assert pose.confidence.max() <= 0.3


def test_a_standing_person_is_upright_with_the_head_on_top() -> None:
    ex = _example("standing")
    shoulder, hip, ankle = (_mid(ex.pose, j) for j in ("shoulder", "hip", "ankle"))
    assert shoulder[1] < hip[1] < ankle[1]  # image y grows downward
    assert abs(shoulder[0] - hip[0]) < 0.2 * (hip[1] - shoulder[1])
    assert ex.cycles == 0


def test_squats_move_the_hip_angle_through_real_cycles() -> None:
    ex = _example("squat")
    pose = ex.pose
    side = "right"
    s, h, k = (pose.point(f"{side}_{j}") for j in ("shoulder", "hip", "knee"))
    a, b = s - h, k - h
    angle = np.degrees(
        np.arccos(np.sum(a * b, 1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1))
    )
    assert np.ptp(angle) > 60 and 5 <= ex.cycles <= 10


def test_a_prone_person_faces_the_floor() -> None:
    pose = _example("prone").pose
    nose = np.nanmedian(pose.point("nose"), axis=0)
    ears = _mid(pose, "ear")
    assert nose[1] > ears[1]  # the nose is below the ears on screen
    shoulder, hip = _mid(pose, "shoulder"), _mid(pose, "hip")
    assert abs(shoulder[1] - hip[1]) < 0.2 * abs(shoulder[0] - hip[0])  # lying


def test_a_front_view_spreads_left_and_right_apart() -> None:
    pose = _example("front_view").pose
    shoulder_gap = np.nanmedian(
        np.abs(pose.point("left_shoulder")[:, 0] - pose.point("right_shoulder")[:, 0])
    )
    trunk = np.nanmedian(
        np.linalg.norm(pose.point("left_shoulder") - pose.point("left_hip"), axis=1)
    )
    assert shoulder_gap > 0.5 * trunk
    # Both sides face the camera: neither is guessed.
    assert abs(pose.score("left_hip").mean() - pose.score("right_hip").mean()) < 0.1


@pytest.mark.parametrize("kind", NEGATIVE_KINDS)
def test_negative_examples_are_reproducible(kind: str) -> None:
    a, b = _example(kind, 3), _example(kind, 3)
    assert np.array_equal(a.pose.xy, b.pose.xy, equal_nan=True)
    assert a.pose.n_frames >= 30 * 14


def test_unknown_kinds_are_refused() -> None:
    with pytest.raises(InputError):
        negative_example("juggling", np.random.default_rng(0))  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["leg_raise", "dead_bug", "crunch"])
def test_lying_exercises_move_the_hip_angle_with_the_hips_down(kind: str) -> None:
    ex = _example(kind, seed=2)
    pose = ex.pose
    side = "right"
    s, h, k = (pose.point(f"{side}_{j}") for j in ("shoulder", "hip", "knee"))
    a, b = s - h, k - h
    angle = np.degrees(
        np.arccos(np.sum(a * b, 1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1))
    )
    assert np.ptp(angle) > 25 and ex.cycles >= 4  # cycles a naive counter would count
    hip_y = (pose.point("left_hip")[:, 1] + pose.point("right_hip")[:, 1]) / 2
    leg = np.nanmedian(np.linalg.norm(h - k, axis=1)) * 2
    assert np.ptp(hip_y) < 0.03 * leg  # the hips never leave the bench or the floor
    nose, ears = np.nanmedian(pose.point("nose"), axis=0), _mid(pose, "ear")
    assert nose[1] < ears[1] + 0.02 * leg  # face up, not prone


@pytest.mark.parametrize("kind", ["leg_raise", "dead_bug", "crunch"])
@pytest.mark.parametrize("seed", [0, 1])
def test_lying_exercises_give_no_reps_and_say_why(kind: str, seed: int) -> None:
    from hipthrust.motion.analysis import analyze_pose

    ex = negative_example(kind, np.random.default_rng(seed))  # type: ignore[arg-type]
    report = analyze_pose(ex.pose)
    assert report.rep_count == 0
    ids = [w.id for w in report.warnings]
    assert "hips_stay_down" in ids or "no_hip_movement" in ids, ids
    assert "partial_rep" not in ids
