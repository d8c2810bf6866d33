from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hipthrust.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def log_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code, out, err = run(capsys, "log", *args, "--json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


ISSUES_EXAMPLE = ("barbell hip thrust", "100kg", "x", "8", "--hold", "2", "--rpe", "8")


def test_the_issues_example_is_one_confirming_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    screening = tmp_path / "screening.json"
    screening.write_text("{}", encoding="utf-8")  # a clean screening, no bridge test
    assert run(capsys, "assess", "--answers", str(screening))[0] == 0
    code, out, err = run(capsys, "log", *ISSUES_EXAMPLE, "--pain", "1")
    assert (code, err) == (0, "")
    assert out.count("\n") == 1
    assert out.startswith("Logged 1 set of barbell hip thrust for me on ")
    assert out.endswith(": 100 kg x 8 @8, 2 s hold, pain 1.\n")


def test_loaded_work_without_a_screening_is_kept_with_a_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "log", *ISSUES_EXAMPLE, "--pain", "1")
    assert (code, err) == (0, "")
    logged, warning = out.splitlines()
    assert logged.endswith(": 100 kg x 8 @8, 2 s hold, pain 1.")  # recorded as it happened
    assert warning.startswith(
        "! No screening on record: answer the screening with hipthrust assess"
    )
    data = log_json(capsys, *ISSUES_EXAMPLE)
    assert len(data["logged"]) == 1 and data["advice"][-1].startswith("No screening on record")


def test_flags_for_everything(capsys: pytest.CaptureFixture[str]) -> None:
    data = log_json(
        capsys,
        "single leg hip thrust",
        "--reps",
        "12",
        "--right",
        "10",
        "--hold",
        "3s",
        "--tempo",
        "1-3-2",
        "--rir",
        "2",
        "--pain",
        "0",
        "--felt",
        "glutes,hamstrings",
        "--faults",
        "no_pause",
        "--no-full-extension",
        "--sets",
        "2",
        "--date",
        "2024-03-04",
        "--notes",
        "slow",
    )
    assert data["athlete"] == "me" and data["units"] == "kg"
    # Felt in the hamstrings: the foot cue at once [seed 001, 002].
    assert len(data["advice"]) == 1 and "Walk the feet closer" in data["advice"][0]
    assert len(data["logged"]) == 2 and data["logged"][0]["id"] != data["logged"][1]["id"]
    first = data["logged"][0]
    assert first["performed_at"].startswith("2024-03-04T12:00:00")
    del first["id"], first["performed_at"]
    assert first == {
        "variation": "single_leg_hip_thrust",
        "load_kg": None,
        "reps": 12,
        "reps_right": 10,
        "hold_s": 3.0,
        "tempo": "1-3-2",
        "rpe": None,
        "rir": 2,
        "pain": 0,
        "felt_in": ["glutes", "hamstrings"],
        "faults": ["no_pause"],
        "fault_reps": None,  # typed: no per-rep counts (a video's set has them)
        "full_extension": False,
        "warmup": False,
        "notes": "slow",
    }


def test_quick_syntax_and_flags_together(capsys: pytest.CaptureFixture[str]) -> None:
    data = log_json(capsys, "glute", "bridge", "x", "12", "--at", "2024-03-04 18:30", "--warmup")
    record = data["logged"][0]
    assert (record["variation"], record["reps"], record["warmup"]) == ("glute_bridge", 12, True)
    assert record["performed_at"][:16] == "2024-03-04T18:30"
    flagged = log_json(capsys, "barbell hip thrust 100kg x 8 @8", "--load", "105kg", "--reps", "6")
    assert (flagged["logged"][0]["load_kg"], flagged["logged"][0]["reps"]) == (105.0, 6)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["hip thrust", "-20kg", "x", "8"], "cannot be negative: '-20kg'"),
        (["barbell hip thrust", "x", "8", "--load", "-20kg"], "a load cannot be negative"),
        (["glute bridge", "x", "500"], "reps must be between 0 and 200, not 500"),
        (["glute bridge", "--reps", "500"], "reps must be between 0 and 200, not 500"),
        (["glute bridge", "x", "15", "--pain", "11"], "pain must be a whole number from 0 to 10"),
        (["barbell hip thrust", "100kg", "x", "8", "@11"], "RPE must be between 1 and 10, not 11"),
        (["barbell hip thrust 100kg x 8", "--rpe", "11"], "RPE must be between 1 and 10, not 11"),
        (["glute bridge x 15", "--date", "2999-01-01"], "2999-01-01 is in the future"),
        (["glute bridge x 15", "--at", "2999-01-01 10:00"], "2999-01-01 10:00 is in the future"),
        # Years a time zone cannot carry, and days no one logged a set on (issue 12).
        (["glute bridge x 15", "--at", "0001-01-01T00:00:00+01:00"], "0001-01-01 is too long ago"),
        (["glute bridge x 15", "--at", "9999-12-31T23:59:59-01:00"], "is in the future"),
        (["glute bridge x 15", "--date", "0001-01-01"], "give a day from 1900-01-01 on"),
        (["glute bridge x 15", "--date", "1899-12-31"], "1899-12-31 is too long ago"),
        (["glute bridge x 15", "--notes", "a\x00b"], "cannot contain the character U+0000"),
        (["barbel hip trust", "100kg", "x", "8"], "did you mean barbell_hip_thrust"),
        (["glute bridge x 15", "--felt", "elbow"], "unknown place 'elbow': use one of glutes"),
        (["single leg hip thrust x 12"], "give reps for each side"),
        (["glute bridge x 15", "--pain", "bad"], "Invalid value for '--pain'"),
        (["glute bridge"], "how many reps"),
        # The command line names its flags and commands (the web says it without them).
        (["glute bridge x 15", "--sets", "21"], "--sets must be from 1 to 20, not 21"),
        (["glute bridge x 15", "--rpe", "8", "--rir", "2"], "as --rpe or as --rir, not both"),
        (["barbell hip thrust x 8"], "(or --load 100kg)"),
        (["single leg hip thrust x 8"], "or --reps 8 --right 8"),
        (["glute brige x 8"], "(hipthrust exercises lists them)"),
        (["100kg x 8"], 'e.g. hipthrust log "hip thrust" 100kg x 8'),
    ],
)
def test_impossible_values_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "log", *args)
    assert code == 2 and out == ""
    assert err.startswith("hipthrust: error: ") and err.count("\n") == 1
    assert message in err
    code, out, _ = run(capsys, "history", "--json")
    assert json.loads(out)["days"] == []  # nothing was stored


def test_pain_above_5_or_the_lower_back_gets_the_advice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "log", "glute bridge x 10", "--pain", "7", "--felt", "lower_back")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Logged 1 set of glute bridge")
    assert lines[1].startswith("! Pain 7/10 is above 5: stop this exercise for today.")
    assert lines[1].endswith("(hipthrust next says how).")
    assert lines[2].startswith("! Felt in the lower back: the back is taking over")
    calm = log_json(capsys, "glute bridge x 10", "--pain", "1")
    assert calm["advice"] == []


def test_loads_in_the_athletes_units(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "athletes", "set", "me", "--units", "lb")[0] == 0
    code, out, _ = run(capsys, "log", "barbell hip thrust", "225", "x", "5")
    assert code == 0 and "225 lb x 5" in out
    data = log_json(capsys, "barbell hip thrust", "225", "x", "5")
    assert data["units"] == "lb"
    assert data["logged"][0]["load_kg"] == pytest.approx(102.058, abs=1e-3)
    code, out, _ = run(capsys, "log", "barbell hip thrust", "100", "x", "5", "--units", "kg")
    assert "100 kg x 5" in out


def test_several_athletes_need_athlete(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "athletes", "add", "sam")[0] == 0
    code, out, err = run(capsys, "log", "glute bridge x 10")
    assert code == 2 and out == ""
    assert err == (
        "hipthrust: error: several athletes: pass --athlete NAME"
        " or set HIPTHRUST_ATHLETE (one of: me, sam)\n"
    )
    code, out, _ = run(capsys, "log", "glute bridge x 10", "--athlete", "sam")
    assert code == 0 and " for sam on " in out
    code, _, err = run(capsys, "log", "glute bridge x 10", "-a", "kim")
    assert code == 2 and "no athlete named 'kim' (one of: me, sam)" in err


def test_progress_still_works_after_the_oldest_day_a_set_may_have(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where a chart would be written
    code, _, err = run(capsys, "log", "barbell hip thrust 60kg x 8", "--date", "1900-01-01")
    assert (code, err) == (0, "")
    code, out, err = run(capsys, "progress", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["sessions"][0]["day"] == "1900-01-01"
    code, _, err = run(capsys, "progress", "--weeks", "1000000", "--json")
    assert code == 2 and err.count("\n") == 1
    assert "weeks must be from 1 to 5200" in err


def test_felt_in_the_quads_gives_the_foot_cue_at_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "log", "hip thrust x 12", "--pain", "0", "--felt", "quads")
    assert code == 0
    assert "! Felt in the quads: the feet are too close" in out
    assert "Move the feet further out" in out
