from __future__ import annotations

import json
from typing import Any

import pytest

from hipthrust.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def logged(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["log", "glute bridge x 15", "--hold", "3", "--sets", "2", "--date", "2024-03-04"],
        [
            "log",
            "barbell hip thrust 100kg x 8 @8",
            "--pain",
            "1",
            "--sets",
            "3",
            "--date",
            "2024-03-07",
        ],
        ["log", "barbell hip thrust 100kg x 7 @9", "--pain", "1", "--date", "2024-03-07"],
        ["checkin", "--pain", "2", "--bodyweight", "70kg", "--date", "2024-03-08"],
    ):
        assert run(capsys, *args)[0] == 0


@pytest.mark.usefixtures("wide_console")
def test_a_table_by_day_with_checkins_alongside(capsys: pytest.CaptureFixture[str]) -> None:
    logged(capsys)
    code, out, err = run(capsys, "history")
    assert (code, err) == (0, "")
    rows = [line for line in out.splitlines() if "2024-03" in line or "barbell" in line]
    assert "Mon 2024-03-04" in rows[0] and "glute bridge" in rows[0]
    assert "bw x 15, 3 s hold (x2)" in rows[0]
    assert "Thu 2024-03-07" in rows[1]
    assert "100 kg x 8 @8, pain 1 (x3); 100 kg x 7 @9, pain 1" in rows[1]
    assert "Fri 2024-03-08" in rows[2] and "pain 2/10, bodyweight 70 kg" in rows[2]


def test_json_filters_and_limits(capsys: pytest.CaptureFixture[str]) -> None:
    logged(capsys)
    code, out, _ = run(capsys, "history", "--json")
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    assert (data["athlete"], data["units"]) == ("me", "kg")
    assert [day["date"] for day in data["days"]] == ["2024-03-04", "2024-03-07", "2024-03-08"]
    assert [len(day["sets"]) for day in data["days"]] == [2, 4, 0]
    assert data["days"][2]["checkin"]["next_morning_pain"] == 2
    first = data["days"][1]["sets"][0]
    assert (first["variation"], first["load_kg"], first["reps"], first["rpe"], first["pain"]) == (
        "barbell_hip_thrust",
        100.0,
        8,
        8.0,
        1,
    )
    _, out, _ = run(capsys, "history", "--json", "--exercise", "BB hip thrust")
    assert [len(day["sets"]) for day in json.loads(out)["days"]] == [4, 0]
    _, out, _ = run(capsys, "history", "--json", "--limit", "1")
    assert [day["date"] for day in json.loads(out)["days"]] == ["2024-03-08"]
    _, out, _ = run(capsys, "history", "--json", "--since", "2024-03-05")
    assert [day["date"] for day in json.loads(out)["days"]] == ["2024-03-07", "2024-03-08"]
    _, out, _ = run(capsys, "history", "--json", "--units", "lb")
    assert json.loads(out)["units"] == "lb"


def test_an_empty_log(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "history") == (0, "Nothing in the log of me to show.\n", "")
    assert (
        run(capsys, "history", "--since", "2999-01-01")[1] == "Nothing in the log of me to show.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "yesterday"], "cannot read --since 'yesterday'"),
        (["--exercise", "bench press"], "unknown exercise 'bench press'"),
        (["--limit", "-2"], "--limit must be 0"),
    ],
)
def test_bad_options_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "history", *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and message in err
