"""Deadlifts in an imported history place the hip thrust's heavy day (issue 16, item 7;
docs/import.md: "a deadlift day in the history informs scheduling")."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from hipthrust.cli import main

HEADER = (
    "Date,Workout Name,Exercise Name,Set Order,Weight,Weight Unit,Reps,RPE,Distance,"
    "Distance Unit,Seconds,Notes,Workout Notes,Workout Duration"
)


def _strong_export(path: Path, deadlift_offsets: list[int]) -> Path:
    """Deadlifts on Mondays (plus ``deadlift_offsets`` days), hip thrusts on Thursdays."""
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    rows = [HEADER]
    for week, offset in zip(range(1, 5), deadlift_offsets, strict=True):
        pulled = monday - timedelta(weeks=week) + timedelta(days=offset)
        thrust = monday - timedelta(weeks=week) + timedelta(days=3)
        rows.append(f"{pulled} 18:00:00,Pull,Deadlift (Barbell),1,140,kg,5,8,,,,,,50m")
        rows.append(f"{thrust} 18:00:00,Hips,Hip Thrust (Barbell),1,100,kg,8,8,,,,,,50m")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _plan(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> dict[str, Any]:
    screening = tmp_path / "screening.json"
    screening.write_text("{}", encoding="utf-8")
    assert main(["assess", "--answers", str(screening)]) == 0
    capsys.readouterr()
    assert main(["plan", "--no-save", "--json", *args]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def test_imported_deadlifts_set_the_deadlift_day_and_the_heavy_day_keeps_away(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["import", str(_strong_export(tmp_path / "strong.csv", [0, 0, 0, 0]))]) == 0
    capsys.readouterr()
    plan = _plan(capsys, tmp_path)
    assert plan["deadlift_day"] == "mon"
    assert any(
        note.startswith("Deadlift day from your log: mon (4 of your 4") for note in plan["notes"]
    )
    assert any("48 hours from the mon deadlift" in note for note in plan["notes"])


def test_a_typed_deadlift_day_wins_and_an_irregular_history_sets_none(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["import", str(_strong_export(tmp_path / "strong.csv", [0, 1, 2, 4]))]) == 0
    capsys.readouterr()
    irregular = _plan(capsys, tmp_path)
    assert irregular["deadlift_day"] is None  # no weekday holds half of the sessions
    typed = _plan(capsys, tmp_path, "--deadlift-day", "wed")
    assert typed["deadlift_day"] == "wed"
    assert not any(note.startswith("Deadlift day from your log") for note in typed["notes"])
