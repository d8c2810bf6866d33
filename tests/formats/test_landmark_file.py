from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.formats.landmark_file import (
    landmark_document,
    parse_landmark_document,
    read_landmark_file,
    write_landmark_file,
)
from hipthrust.motion.pose import MEDIAPIPE_33

NAMES = ["left_shoulder", "left_hip", "left_knee"]


def _doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "fps": 30,
        "width": 640,
        "height": 480,
        "landmark_names": NAMES,
        "frames": [
            [[100.0, 200.0, 0.9], [300.0, 210.0, 0.95], None],
            None,
            [[101.0, 201.0, 0.9], [301, 211, 1], [450.5, 100.0, 0.5]],
        ],
    }
    doc.update(changes)
    return doc


def test_parses_frames_nulls_and_names() -> None:
    pose = parse_landmark_document(_doc())
    assert pose.names == MEDIAPIPE_33 and pose.n_frames == 3 and pose.fps == 30.0
    np.testing.assert_allclose(pose.point("left_hip")[0], [300.0, 210.0])
    assert pose.score("left_hip")[0] == pytest.approx(0.95)
    assert np.isnan(pose.point("left_knee")[0]).all()  # null landmark: unseen
    assert (pose.confidence[1] == 0).all()  # null frame: nobody
    assert np.isnan(pose.point("nose")).all()  # not listed: never seen
    np.testing.assert_allclose(pose.t, [0.0, 1 / 30, 2 / 30])


def test_optional_times() -> None:
    pose = parse_landmark_document(_doc(times_s=[0.0, 0.04, 0.07]))
    np.testing.assert_allclose(pose.t, [0.0, 0.04, 0.07])


BAD: list[tuple[dict[str, Any], str]] = [
    ({"fps": 0}, "fps must be"),
    ({"fps": "30"}, "fps must be"),
    ({"width": 12.5}, "width must be"),
    ({"height": -1}, "height must be"),
    ({"landmark_names": []}, "landmark_names"),
    ({"landmark_names": ["left_hip", "tail"]}, "'tail' is not a MediaPipe"),
    ({"landmark_names": ["left_hip", "left_hip"]}, "twice"),
    ({"frames": {}}, "frames must be a list"),
    ({"frames": []}, "frames is empty"),
    ({"frames": [[[1, 2, 0.5]]]}, "frame 0 must be null or a list of 3"),
    ({"frames": [None, [[1, 2, 0.5], [1, 2], None]]}, "frame 1: left_hip must be"),
    ({"frames": [None, None, [[1, 2, 0.5], None, [1, 2, 1.5]]]}, "frame 2: left_knee visibility"),
    ({"frames": [[[1, True, 0.5], None, None]]}, "frame 0: left_shoulder must be"),
    ({"frames": [[["1", 2, 0.5], None, None]]}, "frame 0: left_shoulder must be"),
    ({"times_s": [0.0, 0.1]}, "times_s must be a list of 3"),
    ({"times_s": [0.0, 0.1, 0.1]}, "frame 2: times_s must increase"),
]


@pytest.mark.parametrize(("change", "message"), BAD)
def test_every_malformed_case_is_one_clear_line(change: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as error:
        parse_landmark_document(_doc(**change), "set.json")
    text = str(error.value)
    assert message in text and text.startswith("set.json: ") and "\n" not in text


@pytest.mark.parametrize("missing", ["fps", "width", "height", "landmark_names", "frames"])
def test_missing_keys(missing: str) -> None:
    doc = _doc()
    del doc[missing]
    with pytest.raises(InputError, match=f"missing '{missing}'"):
        parse_landmark_document(doc)


def test_not_an_object() -> None:
    with pytest.raises(InputError, match="JSON object"):
        parse_landmark_document([1, 2, 3])


def test_infinite_coordinates_are_refused() -> None:
    doc = _doc(frames=[[[float("inf"), 2, 0.5], None, None]])
    with pytest.raises(InputError, match="not finite"):
        parse_landmark_document(doc)


def test_read_and_write_round_trip(tmp_path: Path) -> None:
    pose = parse_landmark_document(_doc())
    path = tmp_path / "set.json"
    write_landmark_file(pose, path)
    again = read_landmark_file(path)
    np.testing.assert_allclose(again.xy, pose.xy, atol=0.01)
    np.testing.assert_allclose(again.confidence, pose.confidence, atol=1e-4)
    np.testing.assert_allclose(again.t, pose.t, atol=1e-6)
    assert landmark_document(again)["frames"][1] is None


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_landmark_file(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_landmark_file(broken)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="cannot be read"):
        read_landmark_file(binary)
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_doc()), encoding="utf-8")
    assert read_landmark_file(good).n_frames == 3
