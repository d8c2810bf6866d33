from __future__ import annotations

import numpy as np
import pytest

from hipthrust.motion.filters import DEFAULT_FILTER_SETTINGS
from hipthrust.motion.side import choose_side
from hipthrust.motion.signals import in_plane
from hipthrust.motion.tracks import side_tracks, two_circle_knee
from hipthrust_testkit.synth import CameraSpec, NoiseSpec, generate_set, plain_set


def test_two_circle_knee_keeps_segment_lengths_and_the_guessed_side() -> None:
    hip = np.array([[0.0, 0.0], [0.0, 0.0]])
    ankle = np.array([[0.0, 100.0], [0.0, 300.0]])  # the second cannot be reached
    guess = np.array([[40.0, 50.0], [5.0, 5.0]])
    knee = two_circle_knee(hip, ankle, 80.0, 80.0, guess)
    assert np.hypot(*knee[0]) == pytest.approx(80.0)
    assert np.hypot(*(knee[0] - ankle[0])) == pytest.approx(80.0)
    assert knee[0, 0] > 0  # on the guess's side
    np.testing.assert_allclose(knee[1], guess[1])


def test_in_plane_moves_toward_the_midpoint_by_the_width_ratio() -> None:
    near = np.array([[10.0, 0.0]])
    far = np.array([[-10.0, 0.0]])
    np.testing.assert_allclose(in_plane("shoulder", near, far, 0.0525), [[5.0, 0.0]])
    np.testing.assert_allclose(in_plane("shoulder", near, None, 0.0525), near)
    np.testing.assert_allclose(in_plane("shoulder", near, far * np.nan, 0.0525), near)


def test_far_planted_leg_is_rebuilt_and_steadier_than_its_raw_track() -> None:
    spec = plain_set(
        "single_leg_glute_bridge",
        3,
        camera=CameraSpec(head_at="left"),
        working_side="left",
        noise=NoiseSpec(jitter_px=3.0),
    )
    s = generate_set(spec, np.random.default_rng(2))
    choice = choose_side(s.pose)
    tracks = side_tracks(s.pose, choice, DEFAULT_FILTER_SETTINGS)
    assert tracks.rebuilt
    ankle = tracks.points["ankle"]
    assert np.ptp(ankle[:, 0]) == 0.0  # a planted ankle is held where it stands
    raw_knee = s.pose.point(f"{choice.side}_knee")
    clean_knee = s.clean.point(f"{choice.side}_knee")
    rebuilt_error = np.nanmedian(np.hypot(*(tracks.points["knee"] - clean_knee).T))
    raw_error = np.nanmedian(np.hypot(*(raw_knee - clean_knee).T))
    assert rebuilt_error < raw_error


def test_near_side_is_used_as_is_for_two_legs() -> None:
    s = generate_set(plain_set("hip_thrust", 2), np.random.default_rng(0))
    tracks = side_tracks(s.pose, choose_side(s.pose), DEFAULT_FILTER_SETTINGS)
    assert not tracks.rebuilt
    assert tracks.feet is not None
