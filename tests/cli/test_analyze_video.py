from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from hipthrust.cli import analyze_video as cli_video
from hipthrust.cli import main
from hipthrust.store import AthleteProfile, create_athlete, logged_sets, open_store, transaction
from hipthrust.video import pipeline as video_analysis
from hipthrust.video.pose_model import FakeEstimator
from hipthrust_testkit.synth import SyntheticSet
from video.clips import film, rendered_set


@pytest.fixture(scope="module")
def synthetic() -> SyntheticSet:
    return rendered_set(reps=3, width=320, height=180)


@pytest.fixture
def clip(synthetic: SyntheticSet, tmp_path: Path) -> Path:
    return film(tmp_path / "set.mp4", synthetic)


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch, synthetic: SyntheticSet) -> None:
    """The CLI's analysis with the fake estimator replaying the drawn landmarks."""

    def analyze(*args: Any, **kwargs: Any) -> video_analysis.VideoResult:
        kwargs["make_estimator"] = functools.partial(FakeEstimator, synthetic.clean)
        kwargs["make_second_look"] = None
        return video_analysis.analyze_video(*args, **kwargs)

    monkeypatch.setattr(cli_video, "analyze_video", analyze)


@pytest.mark.usefixtures("fake_model")
def test_table_per_rep_and_outputs_beside_the_video(
    clip: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(clip)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""  # no progress bar off a terminal, no model chatter
    out = "".join(captured.out.split())  # the console wraps long paths anywhere
    assert "3reps(" in out
    folder = clip.with_name("set.analysis")
    assert f"Annotatedvideo:{folder / 'annotated.mp4'}" in out
    assert f"Reportwrittento{folder / 'report.json'}" in out
    for name in ("report.json", "signals.csv", "hip_angle.png", "annotated.mp4"):
        assert (folder / name).is_file()
    assert json.loads((folder / "report.json").read_text())["rep_count"] == 3


@pytest.mark.usefixtures("fake_model")
def test_json_with_options(clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "here"
    args = ["analyze", str(clip), "--json", "--out", str(out_dir), "--side", "right"]
    code = main(
        [*args, "--load", "20kg", "--no-video", "--max-seconds", "60", "--analysis-fps", "15"]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["report"]["rep_count"] == 3
    assert data["report"]["side"] == "right" and data["report"]["side_overridden"]
    assert data["report"]["load_kg"] == 20.0
    assert data["outputs"]["annotated"] is None
    assert data["outputs"]["report"] == str(out_dir / "report.json")
    assert data["outputs"]["video"]["width"] == 320
    assert data["outputs"]["video"]["analysed_fps"] == 15.0  # every other frame of 30 fps
    assert data["logged"] is None
    assert not (out_dir / "annotated.mp4").exists()


@pytest.mark.usefixtures("fake_model")
def test_log_records_the_set(
    clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'log.sqlite3'}"
    with open_store(url) as store, transaction(store) as session:
        athlete = create_athlete(session, AthleteProfile(name="sam"))
    args = [
        "analyze",
        str(clip),
        "--log",
        "--exercise",
        "glute bridge",
        "--pain",
        "1",
        "-a",
        "sam",
        "--database",
        url,
    ]
    assert main(args) == 0
    assert "Logged 1 set of glute bridge for sam" in " ".join(capsys.readouterr().out.split())
    with open_store(url) as store, transaction(store) as session:
        (stored,) = logged_sets(session, athlete.id)
    assert stored.record.reps == 3 and stored.source == "video"
    assert stored.record.pain == 1  # so the video's set can pass a gate
    # The exercise named sets the rules the faults are judged by: a bridge is on the floor.
    report = json.loads((clip.with_name("set.analysis") / "report.json").read_text())
    assert report["setup"]["value"] == "floor" and report["setup"]["source"] == "given"


def _bad(kind: str, folder: Path) -> list[str]:
    path = folder / "clip.mp4"
    if kind == "text":
        path.write_text("not a video at all\n" * 20)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        whole = film(folder / "whole.mp4", rendered_set(reps=1, width=160, height=90))
        path.write_bytes(whole.read_bytes()[:2000])
    elif kind == "codec":
        whole = film(folder / "whole.mp4", rendered_set(reps=1, width=160, height=90))
        path.write_bytes(whole.read_bytes().replace(b"avc1", b"zzzz"))
    elif kind == "long":
        whole = film(folder / "whole.mp4", rendered_set(reps=1, width=160, height=90))
        return ["analyze", str(whole), "--max-seconds", "1"]
    elif kind == "no_exercise":
        return ["analyze", str(path), "--log"]
    elif kind == "pain_without_log":
        return ["analyze", str(path), "--pain", "2"]
    elif kind == "pain_out_of_range":
        return ["analyze", str(path), "--log", "--exercise", "glute bridge", "--pain", "12"]
    elif kind == "analysis_fps":
        return ["analyze", str(path), "--analysis-fps", "0"]
    elif kind == "unknown_exercise":
        return ["analyze", str(path), "--log", "--exercise", "deadlift"]
    return ["analyze", str(path)]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("text", "clip.mp4: not a video"),
        ("empty", "clip.mp4: the file is empty"),
        ("truncated", "clip.mp4: not a video, or a damaged or truncated one"),
        ("codec", "clip.mp4: uses an unknown video codec"),
        ("long", "longer than the 1 s limit"),
        ("no_exercise", "--log needs --exercise"),
        ("pain_without_log", "--pain goes with --log"),
        ("pain_out_of_range", "pain must be between 0 and 10"),
        ("unknown_exercise", "unknown exercise 'deadlift'"),
        ("analysis_fps", "--analysis-fps must be between 1 and 240"),
    ],
)
def test_bad_input_is_one_line_and_nonzero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, message: str
) -> None:
    assert main(_bad(kind, tmp_path)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("hipthrust: error: ")
    assert message in captured.err
    assert captured.err.count("\n") == 1


def test_log_is_for_videos_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path / "set.json"), "--log"]) == 2
    assert "records a set from a video" in capsys.readouterr().err


@pytest.mark.slow
def test_real_model_keeps_the_terminal_clean(
    clip: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    frames_dir = tmp_path / "out"
    assert main(["analyze", str(clip), "--json", "--out", str(frames_dir)]) == 0
    captured = capfd.readouterr()
    assert captured.err == ""  # mediapipe's C++ logging stays off the terminal (fd 2 too)
    assert json.loads(captured.out)["report"]["rep_count"] == 3


def test_help_names_the_default_length_limit(capsys: pytest.CaptureFixture[str]) -> None:
    from hipthrust.video.decode import DEFAULT_MAX_SECONDS

    assert main(["analyze", "--help"]) == 0
    assert f"(default: {DEFAULT_MAX_SECONDS:g}" in " ".join(capsys.readouterr().out.split())


def test_default_folder_is_beside_the_video() -> None:
    assert cli_video.default_out_dir(Path("/v/squat day.mov")) == Path("/v/squat day.analysis")


def test_plate_diameter_sets_the_scale_of_a_barbell_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from video.barbell_clips import barbell_clip

    clip = barbell_clip(reps=2)
    path = clip.film(tmp_path / "thrust.mp4")

    def analyze(*args: Any, **kwargs: Any) -> video_analysis.VideoResult:
        kwargs["make_estimator"] = functools.partial(FakeEstimator, clip.fooled)
        kwargs["make_second_look"] = None
        return video_analysis.analyze_video(*args, **kwargs)

    monkeypatch.setattr(cli_video, "analyze_video", analyze)
    scales = {}
    for diameter in ("45cm", "17.7in", "40cm"):
        out = tmp_path / diameter
        args = ["analyze", str(path), "--json", "--no-video", "--out", str(out)]
        assert main([*args, "--plate-diameter", diameter]) == 0
        scale = json.loads(capsys.readouterr().out)["report"]["scale"]
        assert scale["source"] == "plate"
        scales[diameter] = scale["m_per_px"]
    assert scales["45cm"] == pytest.approx(clip.synthetic.scale_m_per_px, rel=0.05)
    assert scales["17.7in"] == pytest.approx(scales["45cm"] * 0.44958 / 0.45, rel=1e-3)
    assert scales["40cm"] == pytest.approx(scales["45cm"] * 0.40 / 0.45, rel=1e-3)
    assert main(["analyze", str(path), "--plate-diameter", "3m"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "plate diameter" in err[0]


@pytest.mark.parametrize(
    ("exercise", "setup"),
    [
        ("barbell_hip_thrust", "bench"),
        ("glute_bridge", "floor"),
        ("barbell_glute_bridge", "floor"),
    ],
)
def test_the_exercise_named_gives_the_setup_its_faults_are_judged_by(
    exercise: str, setup: str
) -> None:
    from hipthrust.service.set_entry import resolve_exercise

    assert cli_video.setup_of(resolve_exercise(exercise).elevation) == setup
    assert cli_video.setup_of("feet") is None  # feet raised only: the pose decides


@pytest.mark.usefixtures("fake_model")
def test_landmarks_out_saves_a_file_that_analyses_again_alike(
    clip: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "set.landmarks.json"
    args = ["analyze", str(clip), "--json", "--no-video", "--out", str(tmp_path / "a")]
    assert main([*args, "--landmarks-out", str(saved)]) == 0
    from_video = json.loads(capsys.readouterr().out)["report"]
    assert saved.is_file()
    assert main(["analyze", str(saved), "--json", "--out", str(tmp_path / "b")]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["rep_count"] == from_video["rep_count"] == 3
    assert [rep["peak_hip_angle_deg"] for rep in again["reps"]] == pytest.approx(
        [rep["peak_hip_angle_deg"] for rep in from_video["reps"]], abs=0.5
    )


def test_landmarks_out_is_for_videos_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = Path(__file__).parents[2] / "docs" / "examples" / "set.json"
    code = main(["analyze", str(sample), "--landmarks-out", str(tmp_path / "x.json")])
    assert code == 2
    assert "--landmarks-out saves the landmarks of a video" in capsys.readouterr().err
