from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hipthrust.cli import main
from hipthrust.coaching.units import from_kg
from hipthrust.coaching.week import day_gap

# What `hipthrust assess --json` prints for the seed 003 reader: two months after a hernia
# repair and a tummy tuck, not yet cleared by the surgeon.
NOT_CLEARED: dict[str, Any] = {
    "schema_version": 1,
    "start_rung": 1,
    "max_rung": 4,
    "loading_allowed": False,
    "flags": ["needs_clearance"],
    "reasons": [
        "Hernia repair and tummy tuck 8 weeks ago without clearance: bodyweight work only."
    ],
    "cues": ["Keep pressure off the scar: a thick pad or a band on the hip bones."],
    "considerations": ["abdominal_surgery"],
    "strength_level": None,
}

# The answers of a trained lifter: a clean bridge test, single-leg mastery and hip thrust
# experience: `hipthrust assess` starts them at rung 5, with load.
LIFTER: dict[str, Any] = {
    "hip_thrust_1rm_kg": 140,
    "training_age_months": 24,
    "bridge_test": {
        "two_leg": {"full_extension": True, "reps": 15},
        "single_leg": {"left_reps": 12, "right_reps": 12},
    },
}


def _write(tmp_path: Path, data: object, name: str = "assessment.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _assessed(capsys: pytest.CaptureFixture[str], tmp_path: Path, answers: object) -> None:
    """The athlete takes the assessment (kept in their log) before asking for a plan."""
    assert main(["assess", "--answers", _write(tmp_path, answers, "answers.json")]) == 0
    capsys.readouterr()


def _plan(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["plan", *args, "--json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def _exercises(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for w in data["weeks"] for s in w["sessions"] for e in s["exercises"]]


def test_reader_after_abdominal_surgery_gets_no_load(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(tmp_path, NOT_CLEARED)
    data = _plan(capsys, "--assessment", path, "--e1rm", "80kg", "--weeks", "3")
    assert data["loading_allowed"] is False and data["refused"] is False
    assert all(e["load_kg"] is None for e in _exercises(data))
    assert {e["variation"] for e in _exercises(data)} <= {
        "glute_bridge",
        "single_leg_glute_bridge_90_90",
    }
    assert any(n.startswith("No load in this plan") for n in data["notes"])
    assert NOT_CLEARED["reasons"][0] in data["notes"]
    assert NOT_CLEARED["cues"][0] in data["notes"]
    # the human output tells why, too
    assert main(["plan", "--assessment", path, "--weeks", "1"]) == 0
    out = capsys.readouterr().out
    assert "No load in this plan" in out and "tummy tuck" in out


def test_rung_flag_cannot_override_the_assessment_limits(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write(tmp_path, NOT_CLEARED)
    data = _plan(capsys, "--assessment", path, "--rung", "6", "--e1rm", "100kg", "--weeks", "1")
    assert data["rung"] == 4
    assert all(e["load_kg"] is None for e in _exercises(data))
    assert any(n.startswith("You chose rung 6") for n in data["notes"])
    capped = "The screening allows rung 4 at most: the plan starts there, not at rung 6."
    assert capped in data["notes"]
    assert any(n.startswith("An e1RM sets loads, never the rung") for n in data["notes"])
    # the rung chosen, within the limits, is kept as the athlete's chosen rung
    assert main(["athletes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["athletes"][0]["current_rung"] == 4


def test_no_exercise_window_is_an_empty_refused_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    referred = {**NOT_CLEARED, "start_rung": 0, "max_rung": 0, "flags": ["refer_clinician"]}
    path = _write(tmp_path, referred)
    data = _plan(capsys, "--assessment", path)
    assert data["refused"] is True and data["weeks"] == []
    assert any("clinician" in n for n in data["notes"])
    assert main(["plan", "--assessment", path]) == 0
    assert "No plan: exercise is not advised yet." in capsys.readouterr().out


def test_stav_weekly_undulating_cycle_on_two_glute_days(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _assessed(capsys, tmp_path, LIFTER)
    data = _plan(
        capsys,
        "--goal", "hypertrophy",
        "--e1rm", "100kg",
        "--periodisation", "undulating",
        "--training-days", "mon,fri",
        "--weeks", "8",
        "--deload-every", "0",
    )  # fmt: skip
    reps = [(w["reps"]["min"], w["reps"]["max"]) for w in data["weeks"]]
    assert reps == [(12, 15), (9, 12), (6, 8), (3, 5)] * 2
    for week in data["weeks"]:
        assert [s["day"] for s in week["sessions"]] == ["mon", "fri"]


def test_firefighter_on_shift_with_a_deadlift_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _assessed(capsys, tmp_path, LIFTER)
    data = _plan(
        capsys,
        "--goal", "strength",
        "--e1rm", "180kg",
        "--deadlift-day", "mon",
        "--on-shift",
        "--days-per-week", "2",
        "--weeks", "2",
    )  # fmt: skip
    assert data["deadlift_day"] == "mon" and data["rung"] == 5
    assert any(e["load_kg"] for e in _exercises(data))
    for week in data["weeks"]:
        for session in week["sessions"]:
            assert session["on_shift"] is True
            assert session["day"] != "mon"
            if session["kind"] == "heavy":
                assert day_gap(session["day"], "mon") >= 2
            assert all(e["rpe_max"] <= 7.5 for e in session["exercises"])
    assert main(["plan", "--e1rm", "180kg", "--deadlift-day", "mon", "--on-shift"]) == 0
    out = capsys.readouterr().out
    assert "(shift)" in out and "no set to failure" in out


def test_kg_and_lb_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _assessed(capsys, tmp_path, LIFTER)
    kg = _plan(capsys, "--e1rm", "140kg", "--weeks", "1")
    lb = _plan(capsys, "--e1rm", "300lb", "--units", "lb", "--weeks", "1")
    assert kg["units"] == "kg" and lb["units"] == "lb"
    assert any(e["load_kg"] for e in _exercises(lb))
    for exercise in _exercises(lb):
        if exercise["load_kg"] is not None:
            pounds = from_kg(exercise["load_kg"], "lb")
            # load_kg is rounded to 0.01 kg in JSON: within 0.05 lb of a 5 lb step
            assert (pounds - 45) / 5 == pytest.approx(round((pounds - 45) / 5), abs=0.01)
    assert main(["plan", "--e1rm", "300lb", "--units", "lb", "--weeks", "1"]) == 0
    out = capsys.readouterr().out
    assert " lb" in out and " kg" not in out
    assert main(["plan", "--e1rm", "140", "--weeks", "1"]) == 0  # a bare number is in --units
    assert "kg" in capsys.readouterr().out


def test_bodyweight_plan_without_flags(capsys: pytest.CaptureFixture[str]) -> None:
    data = _plan(capsys, "--weeks", "1")
    assert data["rung"] == 1  # no rung and no e1RM: the first rung
    assert len(data["weeks"][0]["sessions"]) == 2
    typed = _plan(capsys, "--e1rm", "100kg", "--weeks", "1")
    assert typed["rung"] == 1  # an e1RM sets loads, never the rung, and says so
    assert all(e["load_kg"] is None for e in _exercises(typed))
    assert any(n.startswith("An e1RM sets loads, never the rung") for n in typed["notes"])


def test_training_days_set_the_frequency(capsys: pytest.CaptureFixture[str]) -> None:
    data = _plan(capsys, "--training-days", "tue,thu,sat", "--weeks", "1")
    assert [s["day"] for s in data["weeks"][0]["sessions"]] == ["tue", "thu", "sat"]


def test_considerations_flag(capsys: pytest.CaptureFixture[str]) -> None:
    data = _plan(capsys, "--e1rm", "100kg", "--consider", "knee-pain", "--weeks", "1")
    assert any("friendlier to the knee" in n for n in data["notes"])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--weeks", "0"], "weeks must be from 1 to 52"),
        (["--e1rm", "banana"], "cannot read 'banana'"),
        (["--goal", "flying"], "unknown goal 'flying'"),
        (["--rung", "9"], "rung must be from 0 to 6"),
        (["--days-per-week", "5"], "days per week must be from 1 to 3"),
        (["--units", "stone"], "unknown unit"),
        (["--deadlift-day", "someday"], "unknown day"),
        (["--periodisation", "block"], "unknown periodisation"),
        (
            ["--training-days", "mon,wed", "--days-per-week", "3"],
            "2 training day(s) chosen for 3 session(s) a week",
        ),
        (["--assessment", "/no/such/file.json"], "no such file"),
    ],
)
def test_bad_flags_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    assert main(["plan", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("hipthrust: error:")
    assert captured.err.count("\n") == 1
    assert words in captured.err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("{not json", "not valid JSON (line 1"),
        ("[1, 2]", "should hold a JSON object"),
        (json.dumps({k: v for k, v in NOT_CLEARED.items() if k != "max_rung"}), "no 'max_rung'"),
        (json.dumps({**NOT_CLEARED, "max_rung": 9}), "max_rung"),
        (json.dumps({**NOT_CLEARED, "loading_allowed": "maybe"}), "loading_allowed"),
        (json.dumps({**NOT_CLEARED, "schema_version": 2}), "schema version 2"),
    ],
)
def test_broken_assessment_files_are_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, words: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    assert main(["plan", "--assessment", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("hipthrust: error:")
    assert captured.err.count("\n") == 1
    assert words in captured.err


def test_a_shoulder_in_a_sling_gets_no_two_handed_bar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    sling = {**LIFTER, "conditions": [{"kind": "upper_body_injury", "weeks_ago": 2}]}
    _assessed(capsys, tmp_path, sling)
    data = _plan(capsys, "--weeks", "1")
    assert data["rung"] == 5
    assert not any("barbell" in e["variation"] for e in _exercises(data))
    assert any("two-handed" in n for n in data["notes"])
    assert not any("no dumbbell held in the hands" in n for n in data["notes"])


def test_low_back_pain_makes_the_single_leg_the_main_lift(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    back = {**LIFTER, "conditions": [{"kind": "low_back_pain", "weeks_ago": 30}]}
    _assessed(capsys, tmp_path, back)
    data = _plan(capsys, "--weeks", "1", "--e1rm", "140kg")
    first = data["weeks"][0]["sessions"][0]["exercises"]
    assert first[0]["variation"] == "single_leg_hip_thrust"
    assert first[1]["load_kg"] is not None and first[1]["load_kg"] <= 140 * 0.6
