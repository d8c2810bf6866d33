"""The pose-model seam: one method from an RGB frame to 33 landmarks, and its implementations.

``PoseEstimator.estimate(frame_rgb, t_s)`` returns a ``FramePose`` (MediaPipe's 33 landmarks in
pixels, with visibility and, when the model gives them, world coordinates in metres) or None
when no person was found. Nothing downstream knows which model ran.

- ``BlazePose``: MediaPipe's legacy BlazePose solution (the "full" model ships inside the
  mediapipe wheel; "lite" and "heavy" are downloaded on first use upstream, which cannot happen
  here, so they are refused unless their file is already installed).
- ``FakeEstimator``: replays a known ``PoseSequence`` by time, for tests and benchmarks.

Importing this module does not import mediapipe (slow, noisy); ``BlazePose`` does on creation,
with mediapipe's C++ logging turned down first, and only its pose solution
(``hipthrust.video.pose_solution``: not the other solutions, matplotlib or the Tasks API).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import HipthrustError, InputError
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence

__all__ = [
    "MODEL_FILES",
    "BlazePose",
    "FakeEstimator",
    "FramePose",
    "ModelUnavailableError",
    "PoseEstimator",
    "model_path",
    "quiet_mediapipe_logs",
    "silenced_stderr",
]

FloatArray = NDArray[np.float64]
N_LANDMARKS = len(MEDIAPIPE_33)

# The landmark model file each BlazePose complexity needs, inside the mediapipe package.
MODEL_FILES: dict[int, str] = {
    0: "modules/pose_landmark/pose_landmark_lite.tflite",
    1: "modules/pose_landmark/pose_landmark_full.tflite",
    2: "modules/pose_landmark/pose_landmark_heavy.tflite",
}
DETECTOR_FILE = "modules/pose_detection/pose_detection.tflite"
_COMPLEXITY_NAMES = {0: "lite", 1: "full", 2: "heavy"}


class ModelUnavailableError(HipthrustError):
    """The pose model's file is not installed (and nothing is downloaded at run time)."""


@dataclass(frozen=True, eq=False)
class FramePose:
    """One person's 33 landmarks in one frame.

    ``xy`` ``(33, 2)`` pixels (x right, y down; may lie outside the frame), ``visibility``
    ``(33,)`` in [0, 1], ``world`` ``(33, 3)`` metres around the hips or None.
    """

    xy: FloatArray
    visibility: FloatArray
    world: FloatArray | None = None

    def __post_init__(self) -> None:
        xy = np.asarray(self.xy, dtype=np.float64)
        visibility = np.clip(np.asarray(self.visibility, dtype=np.float64), 0.0, 1.0)
        if xy.shape != (N_LANDMARKS, 2):
            raise ValueError(f"landmark pixels must have shape (33, 2), not {xy.shape}")
        if visibility.shape != (N_LANDMARKS,):
            raise ValueError(f"visibility must have shape (33,), not {visibility.shape}")
        object.__setattr__(self, "xy", xy)
        object.__setattr__(self, "visibility", np.nan_to_num(visibility, nan=0.0))
        if self.world is not None:
            world = np.asarray(self.world, dtype=np.float64)
            if world.shape != (N_LANDMARKS, 3):
                raise ValueError(f"world landmarks must have shape (33, 3), not {world.shape}")
            object.__setattr__(self, "world", world)

    def bounding_box(self, min_visibility: float = 0.0) -> tuple[float, float, float, float]:
        """``(x0, y0, x1, y1)`` around the landmarks seen with at least ``min_visibility``."""
        seen = np.isfinite(self.xy).all(axis=1) & (self.visibility >= min_visibility)
        if not bool(seen.any()):
            seen = np.isfinite(self.xy).all(axis=1)
        points = self.xy[seen]
        if points.size == 0:
            return (0.0, 0.0, 0.0, 0.0)
        (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
        return (float(x0), float(y0), float(x1), float(y1))


@runtime_checkable
class PoseEstimator(Protocol):
    """Anything that finds one person's pose in an RGB frame taken at ``t_s`` seconds."""

    def estimate(self, frame_rgb: NDArray[np.uint8], t_s: float) -> FramePose | None: ...


def quiet_mediapipe_logs() -> None:
    """Keep mediapipe's C++ (glog) and TensorFlow Lite chatter off the terminal.

    Must run before mediapipe is first imported; values the user set are kept.
    """
    os.environ.setdefault("GLOG_minloglevel", "2")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@contextmanager
def silenced_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for a while.

    mediapipe's C++ side logs through absl before its logging is initialised, straight to the
    process's stderr, whatever GLOG_minloglevel says ("Created TensorFlow Lite XNNPACK
    delegate", "Feedback manager requires a model ..."): only the file descriptor can stop it.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _mediapipe_root() -> Path:
    spec = importlib.util.find_spec("mediapipe")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(
            "the pose model is not installed: install the mediapipe package (pip install -e .)"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def model_path(model_complexity: int = 1) -> Path:
    """The landmark model file for ``model_complexity``; ModelUnavailableError if absent."""
    if model_complexity not in MODEL_FILES:
        raise InputError(f"model complexity must be 0, 1 or 2, not {model_complexity!r}")
    root = _mediapipe_root()
    detector = root / DETECTOR_FILE
    if not detector.is_file():
        raise ModelUnavailableError(
            f"the pose detector model is missing from the mediapipe install ({detector}); "
            "reinstall mediapipe==0.10.21"
        )
    path = root / MODEL_FILES[model_complexity]
    if not path.is_file():
        name = _COMPLEXITY_NAMES[model_complexity]
        extra = "" if model_complexity != 1 else "; reinstall mediapipe==0.10.21"
        raise ModelUnavailableError(
            f"the BlazePose {name} model (complexity {model_complexity}) is not installed and "
            f"cannot be downloaded here; use model complexity 1 (full){extra}"
        )
    return path


class BlazePose:
    """MediaPipe BlazePose (legacy solution API), one person per frame.

    Video mode (``static_image_mode=False``) tracks the person from frame to frame and smooths
    the landmarks; frames must then come in time order. The real presentation times are passed
    to mediapipe's smoothing filter, so variable frame rates are honoured. Use as a context
    manager, or call ``close()``.
    """

    # Imported once in the fork server that starts the pose processes (hipthrust.video.track),
    # not once in each of them, and without the rest of mediapipe (``pose_solution``).
    preload_modules: tuple[str, ...] = ("hipthrust.video.pose_solution",)

    def __init__(
        self,
        static_image_mode: bool = False,
        model_complexity: int = 1,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        smooth_landmarks: bool = True,
    ) -> None:
        model_path(model_complexity)
        for name, value in (
            ("min_detection_confidence", min_detection_confidence),
            ("min_tracking_confidence", min_tracking_confidence),
        ):
            if not 0.0 <= value <= 1.0:
                raise InputError(f"{name} must be between 0 and 1, not {value}")
        quiet_mediapipe_logs()
        with silenced_stderr():
            from hipthrust.video.pose_solution import load_pose_solution

            mp_pose = load_pose_solution()
            self._pose: Any = mp_pose.Pose(
                static_image_mode=static_image_mode,
                model_complexity=model_complexity,
                smooth_landmarks=smooth_landmarks,
                min_detection_confidence=min_detection_confidence,
                min_tracking_confidence=min_tracking_confidence,
            )
            # The graph opens its calculators (and logs) on its own threads: wait for them.
            graph = getattr(self._pose, "_graph", None)
            if graph is not None:
                graph.wait_until_idle()
        self.static_image_mode = static_image_mode
        self._last_us = -1

    def _set_timestamp(self, t_s: float) -> None:
        # The legacy API stamps packets 1/30 s apart whatever the video's rate; its smoothing
        # filter is time-based, so give it the frame's real time (kept strictly increasing).
        if self.static_image_mode or not hasattr(self._pose, "_simulated_timestamp"):
            return
        now_us = max(round(float(t_s * 1e6)), self._last_us + 1)
        self._pose._simulated_timestamp = now_us - 33333  # process() adds 33333
        self._last_us = now_us

    def estimate(self, frame_rgb: NDArray[np.uint8], t_s: float) -> FramePose | None:
        if self._pose is None:
            raise RuntimeError("this BlazePose estimator is closed")
        if frame_rgb.ndim != 3 or frame_rgb.shape[2] != 3 or frame_rgb.dtype != np.uint8:
            raise ValueError(f"expected an RGB uint8 frame (h, w, 3), not {frame_rgb.shape}")
        self._set_timestamp(t_s)
        with silenced_stderr():  # three system calls: nothing next to the model's 15 ms
            result = self._pose.process(frame_rgb)
        found = result.pose_landmarks
        if found is None:
            return None
        height, width = frame_rgb.shape[:2]
        points = np.array([(p.x, p.y, p.visibility) for p in found.landmark], dtype=np.float64)
        world = None
        if result.pose_world_landmarks is not None:
            world = np.array(
                [(p.x, p.y, p.z) for p in result.pose_world_landmarks.landmark], dtype=np.float64
            )
        xy = points[:, :2] * np.array([width, height], dtype=np.float64)
        return FramePose(xy, points[:, 2], world)

    def close(self) -> None:
        if self._pose is not None:
            self._pose.close()
            self._pose = None

    def __enter__(self) -> BlazePose:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class FakeEstimator:
    """Replays a ``PoseSequence`` by time: the frame nearest ``t_s``, scaled to the frame size.

    Returns None where the sequence saw nobody, before its first and after its last frame
    (beyond half a frame interval), so tests can drive "no person" and partial clips.
    ``calls`` counts the frames it was asked about.
    """

    def __init__(self, sequence: PoseSequence, min_visibility: float = 0.0) -> None:
        if sequence.names != MEDIAPIPE_33:
            raise ValueError("the fake estimator replays sequences with MediaPipe's 33 names")
        self.sequence = sequence
        self.min_visibility = min_visibility
        self.calls = 0
        t = sequence.t
        self._tolerance = 0.5 / sequence.fps if t.size < 2 else 0.5 * float(np.max(np.diff(t)))

    def estimate(self, frame_rgb: NDArray[np.uint8], t_s: float) -> FramePose | None:
        self.calls += 1
        t = self.sequence.t
        i = int(np.clip(np.searchsorted(t, t_s), 0, t.size - 1))
        if i > 0 and abs(t[i - 1] - t_s) <= abs(t[i] - t_s):
            i -= 1
        if abs(t[i] - t_s) > self._tolerance + 1e-9:
            return None
        xy = self.sequence.xy[i]
        conf = self.sequence.confidence[i]
        seen = np.isfinite(xy).all(axis=1) & (conf > self.min_visibility)
        if not bool(seen.any()):
            return None
        height, width = frame_rgb.shape[:2]
        scale = np.array(
            [width / self.sequence.width, height / self.sequence.height], dtype=np.float64
        )
        return FramePose(np.where(seen[:, None], xy * scale, np.nan), np.where(seen, conf, 0.0))
