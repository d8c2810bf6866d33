from __future__ import annotations

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence
from hipthrust.motion.side import ankle_travel, choose_side

JOINTS = ("shoulder", "hip", "knee", "ankle", "ear")


def _pose(left_conf: float, right_conf: float, left_ankle_moves: bool = False) -> PoseSequence:
    n = 40
    xy = np.full((n, 33, 2), np.nan)
    conf = np.zeros((n, 33))
    base = {
        "shoulder": (100, 300),
        "hip": (300, 300),
        "knee": (450, 200),
        "ankle": (450, 350),
        "ear": (60, 290),
    }
    for side, c in (("left", left_conf), ("right", right_conf)):
        for joint, (x, y) in base.items():
            j = MEDIAPIPE_33.index(f"{side}_{joint}")
            xy[:, j] = (x, y)
            conf[:, j] = c
    if left_ankle_moves:  # a free leg swinging through the set
        j = MEDIAPIPE_33.index("left_ankle")
        xy[:, j, 1] = 350 - 150 * np.abs(np.sin(np.linspace(0, 6, n)))
    return PoseSequence(xy, conf, 30.0, 640, 480)


@pytest.mark.parametrize(
    ("left", "right", "expected"), [(0.9, 0.4, "left"), (0.3, 0.95, "right"), (0.8, 0.8, "left")]
)
def test_better_tracked_side_is_chosen(left: float, right: float, expected: str) -> None:
    choice = choose_side(_pose(left, right))
    assert choice.side == expected
    assert not choice.overridden


def test_override_wins() -> None:
    choice = choose_side(_pose(0.9, 0.4), override="right")
    assert choice.side == "right" and choice.overridden


def test_planted_leg_beats_a_better_seen_free_leg() -> None:
    pose = _pose(0.95, 0.5, left_ankle_moves=True)
    assert ankle_travel(pose, "left") > 0.25 > ankle_travel(pose, "right")
    choice = choose_side(pose)
    assert choice.side == "right"
    assert choice.free_leg == "left"


def test_invalid_override_is_refused() -> None:
    with pytest.raises(InputError):
        choose_side(_pose(0.9, 0.9), override="up")  # type: ignore[arg-type]
