from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from hipthrust.cli import importing as import_cli
from hipthrust.cli import main
from hipthrust.store import logged_sets, open_store, resolve_athlete, transaction

FIXTURES = Path(__file__).resolve().parents[1] / "formats" / "fixtures"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code, out, err = _run(capsys, *args, "--json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def _stored_count(database: str | None = None) -> int:
    with open_store(database) as store, transaction(store) as session:
        return len(logged_sets(session, resolve_athlete(session, None).id))


def _one_line_error(err: str) -> str:
    assert err.startswith("hipthrust: error: ")
    assert err.count("\n") == 1
    return err


def test_import_prints_the_counts_and_a_second_import_adds_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(capsys, str(FIXTURES / "strong_set_orders.csv"))
    assert (code, err) == (0, "")
    assert "strong_set_orders.csv (Strong export)" in out
    assert "added to the log" in out and " 9 " in out
    assert "line 3: rest timer, not a set" in out
    code, out, _ = _run(capsys, str(FIXTURES / "strong_set_orders.csv"))
    assert code == 0
    assert "Nothing new: every set of this file is already in the log." in out
    assert _stored_count() == 9


def test_json_lists_counts_skipped_rows_and_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, str(FIXTURES / "strong_comma_duration.csv"))
    assert data["athlete"] == "me"
    assert (data["format"], data["inserted"], data["already_stored"]) == ("strong", 9, 0)
    assert data["skipped_rows"] == [{"line": 5, "reason": "no reps, time or distance recorded"}]
    assert data["warnings"]  # the file names no unit: the hint was used
    again = _json(capsys, str(FIXTURES / "strong_comma_duration.csv"))
    assert (again["inserted"], again["already_stored"]) == (0, 9)


def test_import_into_any_database(
    capsys: pytest.CaptureFixture[str], empty_database_url: str
) -> None:
    path = str(FIXTURES / "hevy_kg.csv")
    first = _json(capsys, path, "--database", empty_database_url)
    again = _json(capsys, path, "--database", empty_database_url)
    assert (first["inserted"], again["inserted"], again["already_stored"]) == (9, 0, 9)
    assert _stored_count(empty_database_url) == 9


def test_a_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(FIXTURES / "liftosaur.csv"), "--dry-run")
    assert code == 0
    assert "would add to the log" in out
    assert "Dry run: nothing was written." in out
    assert _stored_count() == 0
    assert _json(capsys, str(FIXTURES / "liftosaur.csv"))["inserted"] == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "strong"], "hevy_kg.csv line 1: the header has no 'date' column"),
        (["--format", "fitbod"], "fitbod"),
        (["--units", "stone"], "unknown unit 'stone'"),
        (["--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["--athlete", "nobody"], "there is no athlete named 'nobody'"),
    ],
)
def test_bad_options_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = _run(capsys, str(FIXTURES / "hevy_kg.csv"), *args)
    assert code == 2
    assert message in _one_line_error(err)
    assert out == ""


def test_a_malformed_file_names_the_line_and_imports_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = (FIXTURES / "hevy_kg.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[6] = lines[6].replace('"normal",150,5,', '"normal",150,five,')
    broken = tmp_path / "broken.csv"
    broken.write_text("".join(lines), encoding="utf-8")
    code, _, err = _run(capsys, str(broken))
    assert code == 2
    assert "broken.csv line 7" in _one_line_error(err)
    assert _stored_count() == 0


def test_a_row_the_log_refuses_names_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = (FIXTURES / "hevy_kg.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace('"normal",90,8,', '"normal",90,300,')
    broken = tmp_path / "hevy.csv"
    broken.write_text("".join(lines), encoding="utf-8")
    code, _, err = _run(capsys, str(broken))
    assert code == 2
    assert "hevy.csv line 3: reps must be between 0 and 200, not 300" in _one_line_error(err)
    assert _stored_count() == 0


def test_a_missing_file_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, str(tmp_path / "nope.csv"))
    assert code == 2
    assert "nope.csv: no such file" in _one_line_error(err)


def test_the_units_option_reads_a_file_without_units(capsys: pytest.CaptureFixture[str]) -> None:
    assert _json(capsys, str(FIXTURES / "strong_comma_duration.csv"), "--units", "lb")
    with open_store() as store, transaction(store) as session:
        sets = logged_sets(session, 1)
    loads = [s.record.load_kg for s in sets if s.record.variation == "barbell_hip_thrust"]
    assert loads == pytest.approx([60 * 0.45359237, 80 * 0.45359237, 100 * 0.45359237])


def test_many_skipped_rows_are_summarised(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (FIXTURES / "strong_set_orders.csv").read_text(encoding="utf-8")
    timer = "2023-10-02 19:15:00,Hips,Hip Thrust (Barbell),Rest Timer,,,,,,,90,,,55m\n"
    path = tmp_path / "timers.csv"
    path.write_text(text + timer * 30, encoding="utf-8")
    code, out, _ = _run(capsys, str(path))
    assert code == 0
    shown = import_cli.SHOWN_SKIPPED_ROWS
    assert out.count("\n- line ") == shown  # 3 skipped rows in the fixture, 30 timers added
    assert f"... and {33 - shown} more (--json lists them all)" in out


def test_a_large_file_shows_progress_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = io.StringIO()
    terminal = Console(file=screen, force_terminal=True, width=100)
    monkeypatch.setattr(import_cli, "console", terminal)
    monkeypatch.setattr(import_cli, "PROGRESS_MIN_BYTES", 0)
    code, _, err = _run(capsys, str(FIXTURES / "hevy_kg.csv"))
    assert code == 0, err
    assert "storing sets" in screen.getvalue()
    assert "added to the log" in screen.getvalue()


def test_no_progress_bar_when_not_on_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_cli, "PROGRESS_MIN_BYTES", 0)
    code, out, _ = _run(capsys, str(FIXTURES / "hevy_kg.csv"))
    assert code == 0
    assert "storing sets" not in out


def test_a_backup_restores_into_a_new_database_and_again_adds_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _run(capsys, str(FIXTURES / "hevy_kg.csv"))
    assert main(["checkin", "--pain", "1", "--bodyweight", "64.5"]) == 0
    backup = tmp_path / "backup.json"
    assert main(["export", "log", "--out", str(backup)]) == 0
    capsys.readouterr()
    fresh = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    data = _json(capsys, str(backup), "--database", fresh)
    assert (data["format"], data["inserted"], data["already_stored"]) == ("hipthrust", 9, 0)
    assert data["checkins"] == {"read": 1, "added": 1, "already_stored": 0}
    assert any("was not restored" in str(note) for note in data["warnings"])  # type: ignore[attr-defined]
    again = _json(capsys, str(backup), "--database", fresh)
    assert (again["inserted"], again["already_stored"]) == (0, 9)
    assert _stored_count(fresh) == _stored_count() == 9
    code, out, err = _run(capsys, str(backup), "--database", fresh, "--dry-run")
    assert (code, err) == (0, "")
    assert "backup.json (hipthrust backup)" in out and "check-ins: would add / already" in out


def test_a_broken_backup_is_one_line_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _run(capsys, str(FIXTURES / "hevy_kg.csv"))
    backup = tmp_path / "backup.json"
    assert main(["export", "log", "--out", str(backup)]) == 0
    data = json.loads(backup.read_text(encoding="utf-8"))
    data["sets"][4]["rpe"] = 12
    backup.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    fresh = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    code, out, err = _run(capsys, str(backup), "--database", fresh)
    assert code != 0 and out == ""
    assert "backup.json: set 5 (sets[4]): " in _one_line_error(err) and "RPE" in err
    assert _stored_count(fresh) == 0
