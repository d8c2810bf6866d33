"""One array-backed container for a pose sequence: time is always the first axis.

``xy`` holds pixel coordinates ``(n_frames, n_landmarks, 2)`` (x to the right, y down, as in
the image), NaN where a landmark was not seen; ``confidence`` holds ``(n_frames, n_landmarks)``
in [0, 1], 0 where not seen; ``t`` holds each frame's time in seconds (variable frame rates
are allowed; it must increase). ``names`` are MediaPipe's landmark names (``left_hip`` ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError

__all__ = ["COCO_17", "MEDIAPIPE_33", "PoseSequence"]

MEDIAPIPE_33: tuple[str, ...] = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)

COCO_17: tuple[str, ...] = (
    "nose",
    "left_eye",
    "right_eye",
    "left_ear",
    "right_ear",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
)

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class PoseSequence:
    xy: FloatArray
    confidence: FloatArray
    fps: float
    width: int
    height: int
    names: tuple[str, ...] = MEDIAPIPE_33
    t: FloatArray = field(default_factory=lambda: np.empty(0))

    def __post_init__(self) -> None:
        xy = np.asarray(self.xy, dtype=np.float64)
        confidence = np.asarray(self.confidence, dtype=np.float64)
        if xy.ndim != 3 or xy.shape[2] != 2:
            raise InputError(
                f"landmark coordinates must have shape (frames, landmarks, 2), not {xy.shape}"
            )
        n, m, _ = xy.shape
        if confidence.shape != (n, m):
            raise InputError(f"confidence must have shape {(n, m)}, not {confidence.shape}")
        if len(self.names) != m:
            raise InputError(f"{len(self.names)} landmark names given for {m} landmarks")
        if len(set(self.names)) != m:
            raise InputError("landmark names must be unique")
        if not (np.isfinite(self.fps) and 0 < self.fps <= 1000):
            raise InputError(f"fps must be between 0 and 1000, not {self.fps}")
        if self.width <= 0 or self.height <= 0:
            raise InputError(f"frame size must be positive, not {self.width}x{self.height}")
        conf_ok = np.isnan(confidence) | ((confidence >= 0) & (confidence <= 1))
        if not bool(conf_ok.all()):
            raise InputError("confidence values must lie between 0 and 1")
        unseen = ~np.isfinite(xy).all(axis=2)
        xy = xy.copy()
        xy[unseen] = np.nan
        confidence = np.where(unseen | np.isnan(confidence), 0.0, confidence)
        t = np.asarray(self.t, dtype=np.float64)
        if t.size == 0:
            t = np.arange(n, dtype=np.float64) / self.fps
        if t.shape != (n,):
            raise InputError(f"times must have one entry per frame ({n}), not {t.shape}")
        if n > 1 and not bool(np.all(np.diff(t) > 0)):
            raise InputError("frame times must increase")
        for array in (xy, confidence, t):
            array.setflags(write=False)
        object.__setattr__(self, "xy", xy)
        object.__setattr__(self, "confidence", confidence)
        object.__setattr__(self, "t", t)

    @property
    def n_frames(self) -> int:
        return int(self.xy.shape[0])

    @property
    def duration_s(self) -> float:
        return float(self.t[-1] - self.t[0]) if self.n_frames > 1 else 0.0

    def index(self, name: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise InputError(f"no landmark named {name!r}") from None

    def point(self, name: str) -> FloatArray:
        """``(n_frames, 2)`` pixel positions of one landmark, NaN where unseen."""
        return self.xy[:, self.index(name), :]

    def score(self, name: str) -> FloatArray:
        """``(n_frames,)`` confidence of one landmark, 0 where unseen."""
        return self.confidence[:, self.index(name)]

    def every(self, step: int) -> PoseSequence:
        """Every ``step``-th frame (times kept, the rate divided): a lower analysis rate."""
        if step < 1:
            raise ValueError(f"the step must be at least 1, not {step}")
        return PoseSequence(
            self.xy[::step],
            self.confidence[::step],
            self.fps / step,
            self.width,
            self.height,
            self.names,
            self.t[::step],
        )

    def slice(self, start: int, stop: int) -> PoseSequence:
        """Frames ``start:stop`` as a new sequence (times kept)."""
        return PoseSequence(
            self.xy[start:stop],
            self.confidence[start:stop],
            self.fps,
            self.width,
            self.height,
            self.names,
            self.t[start:stop],
        )
