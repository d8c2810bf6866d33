"""The edges of the video pipeline: decode, pose estimator adapters, overlay annotators, encode.

The only package that touches frames and video files. Submodules: ``pose_model`` (the
``PoseEstimator`` seam, ``BlazePose``, ``FakeEstimator``), ``decode``, ``encode``, ``overlay``.
Importing the package imports neither mediapipe nor PyAV.
"""

from __future__ import annotations

from hipthrust.video.pose_model import (
    BlazePose,
    FakeEstimator,
    FramePose,
    ModelUnavailableError,
    PoseEstimator,
)

__all__ = ["BlazePose", "FakeEstimator", "FramePose", "ModelUnavailableError", "PoseEstimator"]
