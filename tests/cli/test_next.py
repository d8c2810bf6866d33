from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, select

from hipthrust.cli import main
from hipthrust.coaching.units import format_mass

TODAY = datetime.now(UTC).astimezone().date()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, ""), err
    return out


def next_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(capsys, "next", "--json", *args))
    return data


def database_rows(home: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table in the CLI's database, to see that nothing was written."""
    engine = create_engine(f"sqlite:///{home / 'hipthrust.sqlite3'}")
    tables = MetaData()
    tables.reflect(engine)
    try:
        with engine.connect() as connection:
            return {
                name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
                for name, table in tables.tables.items()
            }
    finally:
        engine.dispose()


def assessed(capsys: pytest.CaptureFixture[str], folder: Path, answers: dict[str, Any]) -> None:
    """Take the assessment from an answers file, as ``hipthrust assess --answers`` does."""
    path = folder / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    ok(capsys, "assess", "--answers", str(path))


def days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def bridge_sessions(capsys: pytest.CaptureFixture[str], reps: int = 15) -> None:
    for day in (days_ago(4), days_ago(1)):
        ok(
            capsys,
            "log",
            "glute bridge",
            "x",
            str(reps),
            "--hold",
            "3",
            "--pain",
            "0",
            "--full-extension",
            "--sets",
            "3",
            "--date",
            day,
        )


def test_a_new_log_holds_at_rung_1_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    before = datetime.now(UTC).astimezone().date()
    data = next_json(capsys)
    after = datetime.now(UTC).astimezone().date()  # the run may cross midnight
    assert (data["decision"], data["rung"], data["athlete"]) == ("hold", 1, "me")
    assert data["date"] in {before.isoformat(), after.isoformat()}
    assert isinstance(data["reasons"], list) and data["reasons"]
    exercise = data["session"]["exercises"][0]
    assert set(exercise) == {
        "variation",
        "sets",
        "reps",
        "per_side",
        "load_kg",
        "hold_s",
        "tempo",
        "rpe_max",
        "notes",
    }
    assert exercise["variation"] == "glute_bridge"
    assert data["screened"] is False and data["loading_allowed"] is False


def test_a_new_log_is_told_the_command_that_finds_the_start(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = ok(capsys, "next")
    assert "No screening on record: answer the screening with hipthrust assess" in out


BEGINNER = {"bridge_test": {"two_leg": {"full_extension": True, "reps": 10}}}


def test_the_beginner_is_told_to_move_up_and_next_records_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assessed(capsys, tmp_path, BEGINNER)  # the bridge test starts them at rung 1
    bridge_sessions(capsys)
    out = ok(capsys, "next")
    assert out.startswith("Next session for me: Step up, rung 2 (Single-leg glute bridge")
    assert "The rung 1 gate is met: move up to rung 2" in out
    assert "Recorded" not in out
    assert ok(capsys, "next") == out  # asking again gives the same answer
    listed = json.loads(ok(capsys, "athletes", "--json"))
    assert listed["athletes"][0]["current_rung"] is None  # no rung written by a decision


def test_training_the_rung_next_gave_moves_a_chosen_rung_up(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assessed(capsys, tmp_path, {})  # a clean screening
    ok(capsys, "athletes", "set", "me", "--rung", "1")
    bridge_sessions(capsys)  # the rung 1 gate, met before the rung was chosen
    assert next_json(capsys)["rung"] == 2
    out = ok(capsys, "log", "single leg glute bridge x 12/12", "--hold", "3", "--pain", "0")
    assert out.count("\n") == 1 and "!" not in out  # no "your rung stays 1" warning
    data = next_json(capsys)
    assert (data["decision"], data["rung"]) == ("hold", 2)  # one rung-2 session so far
    assert not any("gate is not met yet" in note for note in data["notes"])


def test_next_changes_nothing_in_the_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, _own_data_dir: Path
) -> None:
    assessed(capsys, tmp_path, BEGINNER)
    bridge_sessions(capsys)
    before = database_rows(_own_data_dir)
    data = next_json(capsys)
    assert (data["decision"], data["rung"]) == ("advance", 2)
    ok(capsys, "next")
    past = next_json(capsys, "--date", days_ago(2))  # one session then: not yet
    assert (past["decision"], past["date"]) == ("hold", days_ago(2))
    assert database_rows(_own_data_dir) == before
    code, out, _ = run(capsys, "next", "--no-save")  # there is nothing to save any more
    assert (code, out) == (2, "")


def test_pain_above_5_regresses(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "athletes", "set", "me", "--rung", "3")
    ok(capsys, "log", "hip thrust x 12", "--hold", "2", "--pain", "6", "--date", days_ago(1))
    out = ok(capsys, "next")
    assert out.startswith("Next session for me: Step back, rung 2")
    assert "Pain reached 6/10" in out


def test_the_loaded_lifter_in_pounds(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ok(
        capsys,
        "athletes",
        "add",
        "lee",
        "--units",
        "lb",
        "--goal",
        "strength",
        "--training-days",
        "mon,thu",
    )
    ok(
        capsys,
        "log",
        "-a",
        "lee",
        "barbell hip thrust",
        "225",
        "x",
        "6",
        "@8",
        "--sets",
        "3",
        "--date",
        days_ago(1),
    )
    unscreened = next_json(capsys, "-a", "lee")  # the same dose again until the screening
    assert (unscreened["decision"], unscreened["rung"], unscreened["screened"]) == (
        "hold",
        5,
        False,
    )
    assert format_mass(unscreened["session"]["exercises"][0]["load_kg"], "lb") == "225 lb"
    answers = tmp_path / "screening.json"
    answers.write_text("{}", encoding="utf-8")  # a clean screening, no bridge test
    ok(capsys, "assess", "-a", "lee", "--answers", str(answers))
    data = next_json(capsys, "-a", "lee")
    assert (data["decision"], data["units"]) == ("advance", "lb")
    main_lift = data["session"]["exercises"][0]
    assert format_mass(main_lift["load_kg"], "lb") == "230 lb"
    assert data["next_day"] is not None
    out = ok(capsys, "next", "-a", "lee")
    assert "230 lb" in out and "5 lb to 230 lb" in out


def test_several_athletes_need_athlete(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "athletes", "add", "sam")
    code, out, err = run(capsys, "next")
    assert (code, out) == (2, "")
    assert err == (
        "hipthrust: error: several athletes: pass --athlete NAME"
        " or set HIPTHRUST_ATHLETE (one of: me, sam)\n"
    )
    assert next_json(capsys, "--athlete", "sam")["athlete"] == "sam"


def test_a_bad_date_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "next", "--date", "tomorrow")
    assert (code, out) == (2, "")
    assert (
        err
        == "hipthrust: error: cannot read --date 'tomorrow' as a day: write it like 2026-11-20\n"
    )


# ------------------------------------------------------------- assess and plan remember


def test_assess_keeps_the_result_and_next_starts_there(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(BEGINNER), encoding="utf-8")
    ok(capsys, "assess", "--answers", str(answers), "--no-save", "--json")
    assert json.loads(ok(capsys, "athletes", "--json"))["athletes"][0]["current_rung"] is None
    out = ok(capsys, "assess", "--answers", str(answers))
    assert "Kept in the log of me: start rung 1, loading allowed." in out
    data = next_json(capsys)
    assert (data["rung"], data["loading_allowed"]) == (1, True)


def test_assess_for_another_athlete(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ok(capsys, "athletes", "add", "sam")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"red_flags": ["fever_with_back_pain"]}), encoding="utf-8")
    code, _, err = run(capsys, "assess", "--answers", str(answers))
    assert code == 2 and "several athletes" in err
    ok(capsys, "assess", "--answers", str(answers), "-a", "sam", "--json")
    data = next_json(capsys, "-a", "sam")
    assert (data["exercise_allowed"], data["session"]["exercises"]) == (False, [])


def test_plan_takes_the_profile_and_next_follows_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    ok(
        capsys,
        "athletes",
        "set",
        "me",
        "--units",
        "lb",
        "--goal",
        "strength",
        "--training-days",
        "tue,fri",
        "--deadlift-day",
        "mon",
    )
    ok(capsys, "log", "barbell hip thrust", "200", "x", "5", "@8", "--date", days_ago(3))
    code, _, err = run(capsys, "plan", "--weeks", "1", "--json")  # no loaded plan unscreened
    assert code == 2 and "No screening on record" in err and "hipthrust assess" in err
    assessed(capsys, tmp_path, {})  # a clean screening: the logged work places rung 5
    plan = json.loads(ok(capsys, "plan", "--weeks", "1", "--json"))
    assert (plan["units"], plan["goal"], plan["rung"], plan["deadlift_day"]) == (
        "lb",
        "strength",
        5,
        "mon",
    )
    assert [s["day"] for s in plan["weeks"][0]["sessions"]] == ["tue", "fri"]
    assert plan["e1rm_kg"] is not None  # from the logged set
    assert any(note.startswith("Loads from your log: e1RM") for note in plan["notes"])
    data = next_json(capsys)
    assert data["planned"] is not None and data["planned"]["used"] is True
    assert data["planned"]["number"] == 1 and data["planned"]["day"] == "tue"
    planned_main = plan["weeks"][0]["sessions"][0]["exercises"][0]
    assert data["session"]["exercises"][0]["sets"] == planned_main["sets"]


def test_plan_no_save_keeps_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "plan", "--weeks", "1", "--rung", "2", "--no-save", "--json")
    assert next_json(capsys)["planned"] is None
    out = ok(capsys, "plan", "--weeks", "1", "--rung", "2")
    assert out.rstrip().endswith("Kept as the active plan of me: hipthrust next follows it.")
    assert next_json(capsys)["planned"]["rung"] == 2


def test_felt_in_the_hamstrings_is_in_the_next_session(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ok(
        capsys,
        "log",
        "glute bridge x 12",
        "--pain",
        "0",
        "--felt",
        "hamstrings",
        "--date",
        days_ago(1),
    )
    data = next_json(capsys)
    assert any("Felt in the hamstrings" in r and "closer" in r for r in data["reasons"])
    assert any("Felt in the hamstrings" in n for n in data["session"]["exercises"][0]["notes"])


LIFTER = {
    "hip_thrust_1rm_kg": 140,
    "training_age_months": 24,
    "bridge_test": {
        "two_leg": {"full_extension": True, "reps": 15},
        "single_leg": {"left_reps": 12, "right_reps": 12},
    },
}


def test_three_clean_loaded_sessions_open_the_top_rung(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assessed(capsys, tmp_path, LIFTER)
    assert next_json(capsys)["rung"] == 5
    for day in (days_ago(7), days_ago(4), days_ago(1)):
        ok(
            capsys,
            "log",
            "barbell hip thrust",
            "80kg",
            "x",
            "8",
            "--hold",
            "2",
            "--pain",
            "0",
            "--full-extension",
            "--sets",
            "3",
            "--date",
            day,
        )
    data = next_json(capsys)
    assert (data["decision"], data["rung"]) == ("advance", 6)
    assert any("The rung 5 gate is met" in reason for reason in data["reasons"])
