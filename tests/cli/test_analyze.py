from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from hipthrust.cli import main
from hipthrust.cli.analyze import load_pose, parse_height
from hipthrust.errors import InputError
from hipthrust.formats.landmark_file import write_landmark_file
from hipthrust_testkit.synth import NoiseSpec, RepSpec, generate_set, plain_set


@pytest.fixture(scope="module")
def synthetic() -> tuple[object, object]:
    rep = RepSpec(concentric_s=1.0, hold_s=1.5, eccentric_s=2.0, pause_s=0.5)
    spec = plain_set(
        "barbell_hip_thrust", 4, ("shins_forward",), rep=rep, noise=NoiseSpec(jitter_px=1.5)
    )
    return spec, generate_set(spec, np.random.default_rng(4))


@pytest.fixture
def landmarks(tmp_path: Path, synthetic: tuple[object, object]) -> Path:
    path = tmp_path / "set.json"
    write_landmark_file(synthetic[1].pose, path)  # type: ignore[attr-defined]
    return path


def test_table_and_report_beside_the_input(
    landmarks: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(landmarks)]) == 0
    out = " ".join(capsys.readouterr().out.split())  # undo the console's line wrapping
    assert "4 reps" in out
    assert "Rep 1: shins slope forward at the top" in out
    assert "Move your feet closer so the shins are vertical at the top." in out
    assert "° off the side view (0-" in out  # filmed square to the side: a band from 0
    report = landmarks.with_name("set.report.json")
    assert f"Report written to {report}" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["rep_count"] == 4 and data["schema_version"] == 1
    assert landmarks.with_name("set.signals.csv").read_text().startswith("t_s,hip_angle_deg")


def test_json_to_stdout_and_out_dir(
    landmarks: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    code = main(
        [
            "analyze",
            str(landmarks),
            "--json",
            "--out",
            str(out_dir),
            "--side",
            "right",
            "--load",
            "225lb",
            "--height",
            "1.75m",
        ]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data == json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert (out_dir / "signals.csv").is_file()
    assert data["side"] == "right" and data["side_overridden"] is True
    assert data["load_kg"] == pytest.approx(102.06, abs=0.01)
    assert data["scale"]["source"] == "body_height"
    assert all(r["mean_concentric_velocity_m_s"] is not None for r in data["reps"])
    assert data["estimated_pct_1rm"]["error"] == 7.0


def test_pounds_shown_in_pounds(landmarks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["analyze", str(landmarks), "--load", "225lb", "--height", "175cm", "--units", "lb"])
        == 0
    )
    assert "Estimated 1RM:" in capsys.readouterr().out.replace("\n", " ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--side", "up"], "--side must be left or right"),
        (["--load", "heavy"], "cannot read 'heavy' as a mass"),
        (["--height", "tall"], "cannot read 'tall' as a height"),
        (["--units", "stone"], "unknown unit"),
    ],
)
def test_bad_options_are_one_line(
    landmarks: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(landmarks), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hipthrust: error:") and message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("set.mp4", b"\x00", "not a video"),
        ("set.txt", b"hello", "give a landmark file"),
        ("set.json", b'{"fps": 30}', "missing 'width'"),
        ("missing.json", None, "no such file"),
    ],
)
def test_bad_inputs_are_one_line(
    tmp_path: Path,
    name: str,
    content: bytes | None,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["analyze", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_nobody_in_the_clip_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.json"
    path.write_text(
        json.dumps(
            {
                "fps": 30,
                "width": 640,
                "height": 480,
                "landmark_names": ["left_hip"],
                "frames": [None] * 40,
            }
        )
    )
    assert main(["analyze", str(path)]) == 2
    assert "no person was seen" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("1.75m", 1.75),
        ("175cm", 1.75),
        ("175 cm", 1.75),
        ("5ft9in", 1.7526),
        ("5'9\"", 1.7526),
        ("6ft", 1.8288),
        ("1,8m", 1.8),
    ],
)
def test_parse_height(text: str, metres: float) -> None:
    assert parse_height(text) == pytest.approx(metres)


@pytest.mark.parametrize("text", ["175", "9m", "tall", "1.75 furlongs"])
def test_parse_height_refuses(text: str) -> None:
    with pytest.raises(InputError):
        parse_height(text)


def test_load_pose_dispatches_by_kind(landmarks: Path) -> None:
    assert load_pose(landmarks).n_frames > 0
    with pytest.raises(InputError, match="give a landmark file"):
        load_pose(landmarks.with_suffix(".txt"))
    with pytest.raises(InputError, match="no such file"):
        load_pose(landmarks.with_suffix(".MOV"))  # a video: goes to the video reader


def test_the_readmes_sample_landmark_file_gives_three_reps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = Path(__file__).parents[2] / "docs" / "examples" / "set.json"
    assert main(["analyze", str(sample), "--json", "--out", str(tmp_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rep_count"] == 3 and report["setup"]["value"] == "bench"
    assert (tmp_path / "report.json").is_file() and (tmp_path / "signals.csv").is_file()
