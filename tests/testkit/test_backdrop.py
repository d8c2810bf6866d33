"""The backgrounds drawn behind the mannequin: a white studio, and cluttered gyms that differ by
seed and repeat by seed."""

from __future__ import annotations

import numpy as np
import pytest

from hipthrust.motion.pose import MEDIAPIPE_33
from hipthrust_testkit.backdrop import standing_person
from hipthrust_testkit.mannequin import Figure, Scene, render_scene


def _edges(frame: np.ndarray) -> float:
    """The share of neighbouring pixel pairs that differ clearly: how busy a picture is."""
    grey = frame.astype(np.int32).sum(axis=2)
    return float((np.abs(np.diff(grey, axis=1)) > 60).mean())


def test_the_plain_scene_is_unchanged_by_default() -> None:
    frame = render_scene(Scene(160, 90), [])
    assert tuple(frame[0, 0]) == (200, 205, 210) and tuple(frame[-1, 0]) == (120, 100, 90)


def test_the_studio_is_white() -> None:
    frame = render_scene(Scene(320, 180, background="studio"), [])
    assert frame.min() >= 230 and _edges(frame) == 0.0


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_a_gym_is_the_same_for_a_seed_and_busy(seed: int) -> None:
    scene = Scene(640, 360, background="gym", seed=seed)
    first = render_scene(scene, [])
    again = render_scene(Scene(640, 360, background="gym", seed=seed), [])
    assert np.array_equal(first, again)
    assert _edges(first) > 20 * _edges(render_scene(Scene(640, 360), []))
    colours = {tuple(c) for c in first[::8, ::8].reshape(-1, 3) // 32}
    assert len(colours) >= 12  # racks, plates, posters, floor, mirror: not one or two colours


def test_gyms_differ_between_seeds() -> None:
    frames = [render_scene(Scene(320, 180, background="gym", seed=s), []) for s in (1, 2, 3)]
    for a in range(3):
        for b in range(a + 1, 3):
            assert float(np.mean(frames[a] != frames[b])) > 0.3


def test_rendering_a_gym_leaves_its_background_untouched() -> None:
    """The background is drawn once per scene: a figure drawn on one frame is not on the next."""
    scene = Scene(320, 180, background="gym", seed=5)
    empty = render_scene(scene, [])
    render_scene(scene, [Figure(standing_person(160, 170, 120))])
    assert np.array_equal(render_scene(scene, []), empty)


def test_the_standing_person_stands() -> None:
    xy = standing_person(100.0, 300.0, 200.0)
    index = {n: i for i, n in enumerate(MEDIAPIPE_33)}
    heights = [xy[index[f"right_{j}"], 1] for j in ("ankle", "knee", "hip", "shoulder", "ear")]
    assert heights == sorted(heights, reverse=True)  # feet lowest, head highest (y down)
    assert 300.0 - xy[:, 1].min() == pytest.approx(0.935 * 200.0)


def test_an_unknown_background_is_refused() -> None:
    with pytest.raises(ValueError, match="plain, studio or gym"):
        render_scene(Scene(160, 90, background="beach"), [])
