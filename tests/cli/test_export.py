from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from hipthrust.cli import main
from hipthrust.coaching.programming import PlanRequest, build_plan
from hipthrust.service.exporting import LOG_COLUMNS, NO_PLAN
from hipthrust.store import open_store, resolve_athlete, save_plan, transaction, update_athlete

FIXTURES = Path(__file__).resolve().parents[1] / "formats" / "fixtures"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _import(capsys: pytest.CaptureFixture[str], name: str = "hevy_kg.csv") -> None:
    assert main(["import", str(FIXTURES / name), "--json"]) == 0
    capsys.readouterr()


def _save_plan() -> dict[str, object]:
    plan = build_plan(PlanRequest(start_rung=5, e1rm_kg=140.0, weeks=2, days_per_week=2))
    data = plan.to_json()
    with open_store() as store, transaction(store) as session:
        save_plan(session, resolve_athlete(session, None).id, request={}, plan=data)
    return data


def _error(err: str) -> str:
    assert err.startswith("hipthrust: error: ")
    assert err.count("\n") == 1
    return err.removeprefix("hipthrust: error: ").rstrip("\n")


# --------------------------------------------------------------------------- the log


def test_log_as_csv_on_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    _import(capsys)
    code, out, err = _run(capsys, "log")
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert tuple(rows[0]) == LOG_COLUMNS
    assert len(rows) == 9
    assert {row["source"] for row in rows} == {"hevy"}
    assert rows[1]["variation"] == "barbell_hip_thrust"


def test_log_csv_shows_pounds_for_a_pounds_athlete(capsys: pytest.CaptureFixture[str]) -> None:
    _import(capsys)
    with open_store() as store, transaction(store) as session:
        me = resolve_athlete(session, None)
        update_athlete(session, me.id, replace(me, units="lb"))
    _, out, _ = _run(capsys, "log")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    thrust = next(row for row in rows if row["variation"] == "barbell_hip_thrust")
    assert (thrust["set_type"], thrust["load_kg"], thrust["load_lb"]) == ("warmup", "40", "88.18")
    _, out, _ = _run(capsys, "log", "--units", "kg")
    assert "load_lb" not in out.splitlines()[0]


@pytest.mark.parametrize(
    ("args", "name", "kind"),
    [
        (["--format", "json"], "log.txt", "json"),
        ([], "log.json", "json"),
        ([], "log.csv", "csv"),
        (["--format", "CSV"], "log.data", "csv"),
    ],
)
def test_log_to_a_file_in_the_format_asked_or_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], name: str, kind: str
) -> None:
    _import(capsys)
    out_path = tmp_path / name
    code, out, err = _run(capsys, "log", *args, "--out", str(out_path))
    assert (code, err) == (0, "")
    assert out == f"Wrote log ({kind}) to {out_path}.\n"
    text = out_path.read_text(encoding="utf-8")
    if kind == "json":
        data = json.loads(text)
        assert len(data["sets"]) == 9
        assert data["athlete"]["name"] == "me"
    else:
        assert text.startswith("date,time,athlete,")


def test_json_flag_prints_the_log_or_a_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _import(capsys)
    code, out, _ = _run(capsys, "log", "--json")
    assert code == 0
    assert len(json.loads(out)["sets"]) == 9
    target = tmp_path / "log.csv"
    code, out, _ = _run(capsys, "log", "--out", str(target), "--json")
    summary = json.loads(out)
    assert summary["format"] == "csv"
    assert summary["sets"] == 9
    assert summary["bytes"] == target.stat().st_size


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "--format", "xlsx"], "unknown format 'xlsx': use csv or json"),
        (["log", "--json", "--format", "csv"], "--json prints the log as JSON"),
        (["log", "--units", "stone"], "unknown unit 'stone'"),
        (["plan", "--format", "docx", "--out", "x.docx"], "unknown format 'docx'"),
        (["plan", "--out", "plan.txt"], "say which format with --format ics|pdf"),
        (["plan", "--format", "pdf"], "a PDF needs a file: pass --out handout.pdf"),
        (["plan", "--format", "ics", "--json"], "--json prints a summary of the file written"),
        (["plan", "--format", "ics", "--start", "next monday"], "cannot read 'next monday'"),
        (["log", "--athlete", "nobody"], "there is no athlete named 'nobody'"),
    ],
)
def test_bad_options_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    _save_plan()
    code, out, err = _run(capsys, *args)
    assert code == 2
    assert message in _error(err)
    assert out == ""


def test_an_unwritable_file_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "log", "--out", str(tmp_path / "no" / "such" / "log.csv"))
    assert code == 2
    assert _error(err).startswith("cannot write ")


# --------------------------------------------------------------------------- the plan


@pytest.mark.parametrize("kind", ["ics", "pdf"])
def test_no_plan_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str) -> None:
    code, _, err = _run(capsys, "plan", "--out", str(tmp_path / f"plan.{kind}"))
    assert code == 2
    assert _error(err) == NO_PLAN
    assert not (tmp_path / f"plan.{kind}").exists()


def test_plan_as_icalendar_starting_on_the_day_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plan = _save_plan()
    target = tmp_path / "plan.ics"
    code, out, err = _run(capsys, "plan", "--out", str(target), "--start", "2026-11-23")
    assert (code, err) == (0, "")
    assert out == f"Wrote plan (ics) to {target}.\n"
    text = target.read_bytes().decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    events = text.count("BEGIN:VEVENT")
    assert events == sum(len(w["sessions"]) for w in plan["weeks"])  # type: ignore[attr-defined]
    starts = [line for line in text.split("\r\n") if line.startswith("DTSTART")]
    assert min(line.rsplit(":", 1)[1] for line in starts) >= "20261123"


def test_plan_as_icalendar_on_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    _save_plan()
    code, out, _ = _run(capsys, "plan", "--format", "ics")
    assert code == 0
    assert out.startswith("BEGIN:VCALENDAR")
    assert out.rstrip().endswith("END:VCALENDAR")
    today = date.today().strftime("%Y%m%d")
    starts = [line for line in out.splitlines() if line.startswith("DTSTART")]
    assert min(line.rsplit(":", 1)[1] for line in starts) >= today


def test_plan_as_a_pdf_handout(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _save_plan()
    target = tmp_path / "handout.pdf"
    code, out, _ = _run(capsys, "plan", "--format", "pdf", "--out", str(target), "--json")
    assert code == 0
    summary = json.loads(out)
    assert (summary["what"], summary["format"], summary["out"]) == ("plan", "pdf", str(target))
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert summary["bytes"] == len(data)


def test_the_pdf_handout_dates_start_from_the_plans_own_start(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Without --start the handout counts from the day the plan was saved (as the web's
    download does: both call ``service.handout.plan_handout_for``)."""
    plan = build_plan(PlanRequest(start_rung=5, e1rm_kg=140.0, weeks=2, days_per_week=2))
    with open_store() as store, transaction(store) as session:
        save_plan(
            session,
            resolve_athlete(session, None).id,
            request={"saved_at": "2026-11-20T10:00:00+00:00"},  # a Friday
            plan=plan.to_json(),
        )
    target = tmp_path / "handout.pdf"
    code, out, _ = _run(capsys, "plan", "--out", str(target), "--json")
    assert code == 0
    assert json.loads(out)["start"] == "2026-11-20"
    text = " ".join(
        " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(target.read_bytes())).pages
        ).split()
    )
    # Week 1 is the week of the start; its Monday (16 Nov) is past, so it begins 23 Nov.
    assert "Mon 23 Nov 2026" in text and "Mon 16 Nov 2026" not in text
    code, out, _ = _run(capsys, "plan", "--out", str(target), "--start", "2027-01-04", "--json")
    assert json.loads(out)["start"] == "2027-01-04"
    assert "Mon 4 Jan 2027" in " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages).split()
    )
