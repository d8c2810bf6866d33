from __future__ import annotations

import numpy as np
import pytest

from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence


def _sequence(n: int = 10, fps: float = 30.0) -> PoseSequence:
    xy = np.arange(n * 33 * 2, dtype=np.float64).reshape(n, 33, 2)
    return PoseSequence(xy, np.ones((n, 33)), fps, 640, 480, MEDIAPIPE_33, np.arange(n) / fps)


def test_every_kth_frame_keeps_its_times_at_a_lower_rate() -> None:
    pose = _sequence()
    half = pose.every(2)
    assert half.fps == 15.0 and half.n_frames == 5
    assert half.t == pytest.approx(pose.t[::2])
    assert np.array_equal(half.xy, pose.xy[::2])
    assert pose.every(1).n_frames == pose.n_frames
    with pytest.raises(ValueError, match="at least 1"):
        pose.every(0)
