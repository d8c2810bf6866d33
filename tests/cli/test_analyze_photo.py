from __future__ import annotations

import json
import math
from pathlib import Path
from types import TracebackType

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray

from hipthrust.cli import main
from hipthrust.motion.pose import MEDIAPIPE_33
from hipthrust.video import pose_model
from hipthrust.video.photo import mirror_pose
from hipthrust.video.pose_model import FramePose

Image = NDArray[np.uint8]


def _top() -> dict[str, tuple[float, float]]:
    """The top of a bodyweight bridge from the side: hip 180 degrees, knee 90."""
    return {
        "ear": (620.0, 205.0),
        "shoulder": (580.0, 230.0),
        "hip": (380.0, 230.0),
        "knee": (210.0, 230.0),
        "ankle": (210.0, 400.0),
        "heel": (222.0, 418.0),
        "foot_index": (165.0, 422.0),
    }


def _pose() -> FramePose:
    xy = np.zeros((33, 2))
    for side in ("left", "right"):
        for joint, p in _top().items():
            xy[MEDIAPIPE_33.index(f"{side}_{joint}")] = p
    return FramePose(xy, np.full(33, 0.97))


def _picture() -> Image:
    img = np.full((480, 720, 3), 95, np.uint8)
    points = _top()
    for a, b in (("shoulder", "hip"), ("hip", "knee"), ("knee", "ankle")):
        p = tuple(int(v) for v in points[a])
        q = tuple(int(v) for v in points[b])
        cv2.line(img, p, q, (225, 195, 165), 14)
    return img


class _FakeModel:
    """Stands in for BlazePose: the drawn person on the photo and its mirror image."""

    def __init__(self, static_image_mode: bool = False) -> None:
        assert static_image_mode, "photos need the still-image mode"
        self.image = _picture()

    def estimate(self, frame_rgb: Image, t_s: float) -> FramePose | None:
        if np.array_equal(frame_rgb, self.image):
            return _pose()
        if np.array_equal(frame_rgb, self.image[:, ::-1]):
            return mirror_pose(_pose(), self.image.shape[1])
        return None

    def __enter__(self) -> _FakeModel:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


@pytest.fixture
def photo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(pose_model, "BlazePose", _FakeModel)
    path = tmp_path / "top.png"
    cv2.imwrite(str(path), cv2.cvtColor(_picture(), cv2.COLOR_RGB2BGR))
    return path


def test_photo_json_gives_the_position(photo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(photo), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "photo" and isinstance(data["schema_version"], int)
    position = data["position"]
    assert position["side"] in ("left", "right")
    assert math.isclose(position["hip_angle_deg"], 180.0, abs_tol=0.5)
    assert math.isclose(position["knee_angle_deg"], 90.0, abs_tol=0.5)
    assert math.isclose(position["shin_angle_deg"], 0.0, abs_tol=0.5)
    assert position["barbell"] == {"detected": False}
    assert position["repairs"] == [] and position["warnings"] == []
    assert not list(photo.parent.glob("*.report.json"))  # a photo writes no report files


def test_photo_table(photo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(photo), "--side", "right"]) == 0
    out = capsys.readouterr().out
    assert "top.png: right side" in out
    rows = {ln.split()[0]: ln.split()[1] for ln in out.splitlines() if len(ln.split()) == 2}
    assert rows["hip"] == "180" and rows["knee"] == "90" and rows["shin"] == "0"


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"plain text, not a picture", "not an image"), (None, "no person was found")],
)
def test_photo_errors_are_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: bytes | None,
    message: str,
) -> None:
    monkeypatch.setattr(pose_model, "BlazePose", _FakeModel)
    path = tmp_path / "photo.jpg"
    if content is None:
        cv2.imwrite(str(path), np.full((200, 300, 3), 128, np.uint8))  # nobody in it
    else:
        path.write_bytes(content)
    assert main(["analyze", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("hipthrust: error: ") and message in lines[0]


def test_plate_diameter_sets_the_photos_scale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plate drawn over the hip: found, and read with the diameter given."""
    picture = _picture()
    cv2.circle(picture, (380, 230), 100, (30, 50, 120), -1, cv2.LINE_AA)

    class _PlateModel(_FakeModel):
        def __init__(self, static_image_mode: bool = False) -> None:
            super().__init__(static_image_mode)
            self.image = picture

    monkeypatch.setattr(pose_model, "BlazePose", _PlateModel)
    path = tmp_path / "barbell.png"
    cv2.imwrite(str(path), cv2.cvtColor(picture, cv2.COLOR_RGB2BGR))
    plates = {}
    for diameter in (None, "40cm"):
        extra = [] if diameter is None else ["--plate-diameter", diameter]
        assert main(["analyze", str(path), "--json", *extra]) == 0
        plates[diameter] = json.loads(capsys.readouterr().out)["position"]["barbell"]
    assert plates[None]["detected"] and plates[None]["diameter_m"] == 0.45
    assert plates["40cm"]["diameter_m"] == 0.4
    assert plates["40cm"]["m_per_px"] == pytest.approx(plates[None]["m_per_px"] * 0.4 / 0.45, 1e-2)
    assert main(["analyze", str(path), "--plate-diameter", "big"]) == 2
    assert "plate diameter" in capsys.readouterr().err


def test_photo_out_writes_the_json_and_the_annotated_photo(
    photo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "photo-out"
    assert main(["analyze", str(photo), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    written = out / "top.position.json"
    picture = out / "top.annotated.png"
    assert f"Wrote {written} and {picture}" in said.replace("\n", "")
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["kind"] == "photo"
    assert math.isclose(data["position"]["hip_angle_deg"], 180.0, abs_tol=0.5)
    drawn = cv2.imread(str(picture))
    original = cv2.imread(str(photo))
    assert drawn is not None and drawn.shape == original.shape
    assert (np.abs(drawn.astype(int) - original.astype(int)).sum(axis=2) > 60).sum() > 500
    # --json with --out prints the same document it writes
    assert main(["analyze", str(photo), "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == data
