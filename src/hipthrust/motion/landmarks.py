"""Adapters from pose-model outputs to ``PoseSequence`` (MediaPipe's 33 landmark names).

Pure array conversions at the edge: the video layer calls these with what its model returned,
and nothing downstream knows which model ran.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from hipthrust.errors import InputError
from hipthrust.motion.pose import COCO_17, MEDIAPIPE_33, PoseSequence

__all__ = ["from_coco17", "from_mediapipe"]


def from_mediapipe(
    landmarks: ArrayLike,
    fps: float,
    width: int,
    height: int,
    normalized: bool = True,
) -> PoseSequence:
    """``(n_frames, 33, 3 or 4)`` MediaPipe landmarks to a ``PoseSequence`` in pixels.

    The last axis is ``x, y, visibility`` or ``x, y, z, visibility`` (z is dropped). With
    ``normalized`` (MediaPipe's image landmarks) x and y are fractions of the frame's width and
    height. A frame of NaN means no person was seen.
    """
    data = np.asarray(landmarks, dtype=np.float64)
    if data.ndim != 3 or data.shape[1] != 33 or data.shape[2] not in (3, 4):
        raise InputError(
            f"MediaPipe landmarks must have shape (frames, 33, 3 or 4), not {data.shape}"
        )
    xy = data[:, :, :2].copy()
    if normalized:
        xy *= np.array([width, height], dtype=np.float64)
    visibility = np.clip(data[:, :, -1], 0.0, 1.0)
    return PoseSequence(xy, visibility, fps, width, height, MEDIAPIPE_33)


def from_coco17(keypoints: ArrayLike, fps: float, width: int, height: int) -> PoseSequence:
    """``(n_frames, 17, 3)`` COCO keypoints (x, y in pixels, score) onto MediaPipe's names.

    The 16 MediaPipe landmarks COCO does not have (eye corners, mouth, hands, heels, toes) are
    left unseen.
    """
    data = np.asarray(keypoints, dtype=np.float64)
    if data.ndim != 3 or data.shape[1:] != (17, 3):
        raise InputError(f"COCO keypoints must have shape (frames, 17, 3), not {data.shape}")
    n = data.shape[0]
    xy = np.full((n, len(MEDIAPIPE_33), 2), np.nan)
    confidence = np.zeros((n, len(MEDIAPIPE_33)))
    for k, name in enumerate(COCO_17):
        j = MEDIAPIPE_33.index(name)
        xy[:, j, :] = data[:, k, :2]
        confidence[:, j] = np.clip(data[:, k, 2], 0.0, 1.0)
    return PoseSequence(xy, confidence, fps, width, height, MEDIAPIPE_33)
