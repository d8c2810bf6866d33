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


def listed(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    code, out, _ = run(capsys, "athletes", "--json", *args)
    assert code == 0
    athletes: list[dict[str, Any]] = json.loads(out)["athletes"]
    return athletes


def test_a_new_log_has_one_athlete(capsys: pytest.CaptureFixture[str]) -> None:
    (me,) = listed(capsys)
    assert (me["name"], me["units"], me["current_rung"], me["sets_logged"]) == ("me", "kg", None, 0)
    assert me["equipment"]["bar"] == 20.0 and me["last_session"] is None


@pytest.mark.usefixtures("wide_console")
def test_add_list_and_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "athletes",
        "add",
        "sam",
        "--units",
        "lb",
        "--goal",
        "strength",
        "--training-days",
        "mon,thu",
        "--deadlift-day",
        "tue",
        "--on-shift",
        "--bar",
        "45lb",
        "--plates",
        "45,25,10,5,2.5",
    )
    assert (code, err) == (0, "")
    assert out == (
        "Added sam: units lb; goal strength; rung not set; loading not allowed; training "
        "mon,thu; deadlift tue; on shift; bar 45 lb, plates 45,25,10,5,2.5.\n"
    )
    run(capsys, "log", "-a", "sam", "glute bridge x 12", "--date", "2024-03-04")
    rows = {row["name"]: row for row in listed(capsys)}
    assert (rows["sam"]["sets_logged"], rows["sam"]["last_session"]) == (1, "2024-03-04")
    assert rows["sam"]["on_shift"] and rows["sam"]["training_days"] == ["mon", "thu"]
    code, out, _ = run(capsys, "athletes")
    table = [line for line in out.splitlines() if " sam " in line]
    assert table and "lb" in table[0] and "strength" in table[0] and "2024-03-04" in table[0]
    code, out, _ = run(
        capsys,
        "athletes",
        "set",
        "sam",
        "--goal",
        "endurance",
        "--off-shift",
        "--rung",
        "2",
        "--json",
    )
    data = json.loads(out)
    assert (data["goal"], data["on_shift"], data["current_rung"]) == ("endurance", False, 2)
    assert data["training_days"] == ["mon", "thu"]  # kept


def test_clear_records_a_clinicians_clearance(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "athletes", "clear", "me", "--condition", "hernia_repair", "--date", "2024-03-04"
    )
    assert code == 0 and out.startswith("Recorded the clearance after the hernia repair")
    (me,) = listed(capsys)
    assert me["clearances"] == {"hernia_repair": "2024-03-04"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "me"], "an athlete named 'me' already exists"),
        (["add", "sam", "--goal", "flying"], "unknown goal 'flying'"),
        (["add", "sam", "--training-days", "mon,blursday"], "unknown day 'blursday'"),
        (["add", "sam", "--plates", "25,ten"], "cannot read plate size 'ten'"),
        (["set", "kim", "--goal", "strength"], "no athlete named 'kim' (one of: me)"),
        (["set", "me", "--rung", "7"], "rung must be from 0 to 6, not 7"),
        (["clear", "me", "--condition", "knee_pain"], "not a condition a clinician clears"),
        (["clear", "me", "--condition", "pregnancy", "--date", "2999-01-01"], "in the future"),
    ],
)
def test_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "athletes", *args)
    assert (code, out) == (2, "")
    assert err.startswith("hipthrust: error: ") and err.count("\n") == 1
    assert message in err


def test_an_explicit_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'coach.sqlite3'}"
    assert run(capsys, "athletes", "add", "kim", "--database", url)[0] == 0
    assert [row["name"] for row in listed(capsys, "--database", url)] == ["kim", "me"]
    assert [row["name"] for row in listed(capsys)] == ["me"]  # the default log is another one
    code, out, _ = run(capsys, "athletes", "--database", url, "set", "kim", "--goal", "rehab")
    assert code == 0 and "goal rehab" in out
