"""The landmark file: pose landmarks of one clip as JSON, read, validated and written.

Format (docs/motion-report.md)::

    {"fps": 30, "width": 1280, "height": 720,
     "landmark_names": ["nose", ..., "right_foot_index"],
     "frames": [null, [[x, y, visibility], ..., null], ...],
     "times_s": [0.0, 0.033, ...]}            # optional, one per frame, increasing

A frame is ``null`` when no person was seen, otherwise one entry per name: ``[x, y,
visibility]`` in pixels (visibility 0-1), or ``null`` for a landmark not seen. Names are
MediaPipe's; landmarks not listed are treated as never seen. Every problem is one InputError
line naming the file and, where it applies, the frame index.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from hipthrust.errors import InputError
from hipthrust.formats.json_file import read_json_file
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence

__all__ = [
    "landmark_document",
    "parse_landmark_document",
    "read_landmark_file",
    "write_landmark_file",
]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _header(data: dict[str, Any], where: str) -> tuple[float, int, int, list[str]]:
    for key in ("fps", "width", "height", "landmark_names", "frames"):
        if key not in data:
            raise InputError(f"{where}: missing {key!r}")
    fps = data["fps"]
    if not _is_number(fps) or not math.isfinite(fps) or not 0 < fps <= 1000:
        raise InputError(f"{where}: fps must be a number between 0 and 1000, not {fps!r}")
    size = []
    for key in ("width", "height"):
        value = data[key]
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise InputError(f"{where}: {key} must be a positive whole number, not {value!r}")
        size.append(value)
    names = data["landmark_names"]
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise InputError(f"{where}: landmark_names must be a non-empty list of names")
    unknown = [n for n in names if n not in MEDIAPIPE_33]
    if unknown:
        raise InputError(f"{where}: {unknown[0]!r} is not a MediaPipe landmark name")
    if len(set(names)) != len(names):
        raise InputError(f"{where}: landmark_names lists a name twice")
    if not isinstance(data["frames"], list):
        raise InputError(f"{where}: frames must be a list")
    return float(fps), size[0], size[1], names


def _frame(
    frame: Any, i: int, names: list[str], columns: list[int], xy: Any, conf: Any, where: str
) -> None:
    if frame is None:
        return
    if not isinstance(frame, list) or len(frame) != len(names):
        raise InputError(
            f"{where}: frame {i} must be null or a list of {len(names)} landmarks, one per name"
        )
    for name, column, entry in zip(names, columns, frame, strict=True):
        if entry is None:
            continue
        if not isinstance(entry, list) or len(entry) != 3 or not all(map(_is_number, entry)):
            raise InputError(f"{where}: frame {i}: {name} must be [x, y, visibility] or null")
        x, y, visibility = (float(v) for v in entry)
        if not (math.isfinite(x) and math.isfinite(y)):
            raise InputError(f"{where}: frame {i}: {name} has a coordinate that is not finite")
        if not 0 <= visibility <= 1:
            raise InputError(f"{where}: frame {i}: {name} visibility must be between 0 and 1")
        xy[i, column] = (x, y)
        conf[i, column] = visibility


def _times(data: dict[str, Any], n: int, where: str) -> Any:
    times = data.get("times_s")
    if times is None:
        return np.empty(0)
    if not isinstance(times, list) or len(times) != n or not all(map(_is_number, times)):
        raise InputError(f"{where}: times_s must be a list of {n} numbers, one per frame")
    for i in range(1, n):
        if not times[i] > times[i - 1]:
            raise InputError(f"{where}: frame {i}: times_s must increase")
    return np.asarray(times, dtype=np.float64)


def parse_landmark_document(data: Any, where: str = "landmarks") -> PoseSequence:
    """A ``PoseSequence`` (MediaPipe's 33 names) from the parsed JSON of a landmark file."""
    if not isinstance(data, dict):
        raise InputError(f"{where}: must be a JSON object with fps, width, height, frames")
    fps, width, height, names = _header(data, where)
    frames = data["frames"]
    if not frames:
        raise InputError(f"{where}: frames is empty: there is nothing to analyse")
    n = len(frames)
    xy = np.full((n, len(MEDIAPIPE_33), 2), np.nan)
    conf = np.zeros((n, len(MEDIAPIPE_33)))
    columns = [MEDIAPIPE_33.index(name) for name in names]
    for i, frame in enumerate(frames):
        _frame(frame, i, names, columns, xy, conf, where)
    return PoseSequence(xy, conf, fps, width, height, MEDIAPIPE_33, _times(data, n, where))


def read_landmark_file(path: Path) -> PoseSequence:
    """Read and validate a landmark file; every problem is one InputError line."""
    return parse_landmark_document(read_json_file(path), str(path))


def landmark_document(pose: PoseSequence) -> dict[str, Any]:
    """The JSON form of a pose sequence (the inverse of ``parse_landmark_document``)."""
    frames: list[list[list[float] | None] | None] = []
    for i in range(pose.n_frames):
        seen = np.isfinite(pose.xy[i]).all(axis=1)
        if not bool(seen.any()):
            frames.append(None)
            continue
        frames.append(
            [
                [round(float(x), 2), round(float(y), 2), round(float(c), 4)] if ok else None
                for (x, y), c, ok in zip(pose.xy[i], pose.confidence[i], seen, strict=True)
            ]
        )
    return {
        "fps": pose.fps,
        "width": pose.width,
        "height": pose.height,
        "landmark_names": list(pose.names),
        "frames": frames,
        "times_s": [round(float(t), 6) for t in pose.t],
    }


def write_landmark_file(pose: PoseSequence, path: Path) -> None:
    path.write_text(json.dumps(landmark_document(pose)), encoding="utf-8")
