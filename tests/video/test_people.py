from __future__ import annotations

import numpy as np
import pytest

from hipthrust.motion.pose import MEDIAPIPE_33
from hipthrust.video.people import (
    PeopleCheck,
    PeopleRules,
    check_for_others,
    mask_person,
    people_verdict,
)
from hipthrust.video.pose_model import FramePose

N = len(MEDIAPIPE_33)


def _person(x0: float, y0: float, x1: float, y1: float, visibility: float = 0.9) -> FramePose:
    """33 landmarks spread over the box (x0, y0)-(x1, y1)."""
    rng = np.random.default_rng(0)
    xy = np.column_stack([rng.uniform(x0, x1, N), rng.uniform(y0, y1, N)])
    xy[0], xy[1] = (x0, y0), (x1, y1)
    return FramePose(xy, np.full(N, visibility))


class _Sees:
    """A still-image estimator that finds ``other`` in any frame (None: nobody)."""

    def __init__(self, other: FramePose | None) -> None:
        self.other = other
        self.frames: list[np.ndarray] = []

    def estimate(self, frame_rgb: np.ndarray, t_s: float) -> FramePose | None:
        self.frames.append(frame_rgb)
        return self.other


LIFTER = _person(100, 200, 400, 300)  # lying: wide and low, diagonal ~316 px
FRAME = np.full((360, 640, 3), 50, np.uint8)


@pytest.mark.parametrize(
    ("other", "found"),
    [
        (None, False),
        (_person(420, 20, 620, 200), True),  # beside the lifter, as big
        (_person(500, 20, 560, 80), False),  # far away in the background: small
        (_person(120, 210, 380, 290), False),  # inside the painted box: the lifter again
        (_person(420, 20, 620, 200, visibility=0.2), False),  # not really seen
    ],
)
def test_another_person_counts_only_when_big_apart_and_seen(
    other: FramePose | None, found: bool
) -> None:
    check = check_for_others(FRAME, 3.0, LIFTER, _Sees(other))
    assert check.other_found is found
    assert check.t_s == 3.0
    assert (check.size_ratio > 0.5) is found


def test_the_lifter_is_painted_over_before_looking_again() -> None:
    frame = FRAME.copy()
    frame[250, 250] = 255  # a pixel of the lifter
    frame[10, 10] = 255  # a pixel elsewhere
    second = _Sees(None)
    check_for_others(frame, 0.0, LIFTER, second)
    seen = second.frames[0]
    assert tuple(seen[250, 250]) == (50, 50, 50)  # the frame's median colour
    assert tuple(seen[10, 10]) == (255, 255, 255)
    assert frame[250, 250].max() == 255  # the original is untouched


def test_mask_grows_by_the_margin() -> None:
    _, box = mask_person(FRAME, LIFTER, margin=0.1)
    pad = 0.1 * float(np.hypot(300, 100))
    assert box == pytest.approx((100 - pad, 200 - pad, 400 + pad, min(360, 300 + pad)))


@pytest.mark.parametrize(
    ("found", "total", "several"),
    [(0, 10, False), (1, 10, False), (2, 10, False), (3, 10, True), (2, 2, True),
     (1, 1, False), (0, 0, False)],
)  # fmt: skip
def test_verdict_needs_enough_sightings(found: int, total: int, several: bool) -> None:
    checks = [PeopleCheck(float(i), i < found, 1.0 if i < found else 0.0) for i in range(total)]
    verdict = people_verdict(checks, PeopleRules(min_fraction=0.3, min_checks=2))
    assert verdict.several is several
    assert verdict.to_json() == {"checks": total, "others_found": found}
