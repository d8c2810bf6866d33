from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from hipthrust.cli import main
from hipthrust.cli.progress import NO_HISTORY
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.coaching.units import format_mass
from hipthrust.formats.charts import PNG_MAGIC
from hipthrust.store import (
    add_checkin,
    log_set,
    open_store,
    resolve_athlete,
    transaction,
    update_athlete,
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the chart goes to the current folder by default


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["progress", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _log_weeks(weeks: int, *, ending: date | None = None, units: str = "kg") -> None:
    """One session a week for ``weeks`` weeks up to ``ending`` (today): 8 reps at RPE 8, the
    load 2.5 kg up each week, pain 1 during and a next-morning check-in of 0."""
    last = ending or date.today()
    with open_store() as store, transaction(store) as session:
        me = resolve_athlete(session, None)
        if units != me.units:
            update_athlete(session, me.id, replace(me, units=units))  # type: ignore[arg-type]
        for week in range(weeks):
            day = last - timedelta(days=7 * (weeks - 1 - week))
            start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
            for index in range(3):
                record = SetRecord(
                    start + timedelta(minutes=3 * index),
                    "barbell_hip_thrust",
                    8,
                    load_kg=100.0 + 2.5 * week,
                    rpe=8.0,
                    pain=1,
                )
                log_set(session, me.id, record)
            add_checkin(session, me.id, Checkin(day + timedelta(days=1), next_morning_pain=0))


def test_no_history_is_one_clear_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = _run(capsys)
    assert (code, err) == (0, "")
    assert out == NO_HISTORY + "\n"
    assert not (tmp_path / "hipthrust-progress.png").exists()


def test_no_history_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--json")
    data = json.loads(out)
    assert (code, data["empty"], data["chart"], data["sessions"]) == (0, True, None, [])


def test_summary_and_chart(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _log_weeks(6)
    code, out, err = _run(capsys)
    assert (code, err) == (0, "")
    first_e1rm = 100.0 * (1 + 10 / 30)
    latest = (100.0 + 2.5 * 5) * (1 + 10 / 30)
    assert "latest e1RM" in out
    assert format_mass(latest, "kg") in out
    assert "e1RM change, last 4 weeks" in out
    change = (latest - (100.0 + 2.5) * (1 + 10 / 30)) / ((100.0 + 2.5) * (1 + 10 / 30))
    assert f"+{100 * change:.1f}%" in out  # from week 2 of 6 (4 weeks back) to week 6
    assert "rising" in out
    assert "pain during" in out and "steady" in out
    assert format_mass(first_e1rm, "kg") in out  # the weekly table: 6 weeks fit in its 8
    assert "Chart: hipthrust-progress.png" in out
    assert (tmp_path / "hipthrust-progress.png").read_bytes().startswith(PNG_MAGIC)


def test_values_are_in_the_athletes_units(capsys: pytest.CaptureFixture[str]) -> None:
    _log_weeks(2, units="lb")
    _, out, _ = _run(capsys, "--no-chart")
    latest_lb = (100.0 + 2.5) * (1 + 10 / 30) / 0.45359237
    assert format_mass(latest_lb * 0.45359237, "lb") in out
    assert " kg" not in out
    _, out, _ = _run(capsys, "--no-chart", "--units", "kg")
    assert format_mass((100.0 + 2.5) * (1 + 10 / 30), "kg") in out


def test_json_gives_the_series(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _log_weeks(3)
    chart = tmp_path / "mine.png"
    code, out, _ = _run(capsys, "--json", "--out", str(chart))
    data = json.loads(out)
    assert code == 0
    assert (data["athlete"], data["units"], data["empty"]) == ("me", "kg", False)
    assert data["chart"] == str(chart)
    assert chart.read_bytes().startswith(PNG_MAGIC)
    assert [s["e1rm"]["load_kg"] for s in data["sessions"]] == [100.0, 102.5, 105.0]
    assert [s["next_morning_pain"] for s in data["sessions"]][:2] == [0, 0]
    assert data["trends"]["e1rm"]["direction"] == "rising"
    assert data["weeks"][-1]["sessions"] == 1


def test_weeks_limits_the_series(capsys: pytest.CaptureFixture[str]) -> None:
    _log_weeks(6)
    _, out, _ = _run(capsys, "--json", "--no-chart", "--weeks", "2")
    data = json.loads(out)
    assert len(data["weeks"]) == 2
    assert len(data["sessions"]) == 2
    assert data["chart"] is None


def test_old_history_outside_the_weeks_asked(capsys: pytest.CaptureFixture[str]) -> None:
    last = date.today() - timedelta(days=100)
    _log_weeks(2, ending=last)
    code, out, _ = _run(capsys, "--weeks", "4")
    assert code == 0
    assert out == (
        f"No hip thrust sets in the last 4 weeks: the last session was on {last.isoformat()}.\n"
    )
    _, out, _ = _run(capsys, "--no-chart")
    assert f"no sessions in the last 4 weeks (the last was on {last.isoformat()})" in " ".join(
        out.split()
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weeks", "0"], "--weeks"),
        (["--units", "stone"], "unknown unit 'stone'"),
        (["--out", "no/such/folder/chart.png"], "cannot write no/such/folder/chart.png"),
    ],
)
def test_bad_options_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    _log_weeks(1)
    code, out, err = _run(capsys, *args)
    assert code == 2
    assert err.startswith("hipthrust: error: ") and err.count("\n") == 1
    assert message in err
    assert out == ""
