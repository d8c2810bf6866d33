"""Data in and out on the web: an export imported through the page (preview, then all or
nothing), its JSON twin, and the log and the plan as downloads."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import MetaData, func, select

from hipthrust.coaching.records import Checkin
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.athlete_portal import PlanForm, write_plan
from hipthrust.store import add_checkin, transaction
from web.browsers import Browser, People
from web.training_support import athlete_id, field_error, hidden, link

FIXTURES = Path(__file__).resolve().parents[1] / "formats" / "fixtures"


def _file(name: str, content: bytes | None = None) -> dict[str, tuple[str, bytes, str]]:
    data = (FIXTURES / name).read_bytes() if content is None else content
    return {"export": (name, data, "text/csv")}


def _rows(app: FastAPI) -> dict[str, int]:
    tables = MetaData()
    tables.reflect(app.state.store.engine)
    with app.state.store.engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in tables.tables.items()
        }


def _sets(browser: Browser, target: int) -> list[dict[str, object]]:
    days = browser.api("GET", f"/api/v1/athletes/{target}/sets").json()["days"]
    return [item for day in days for item in day["sets"]]


def _preview(browser: Browser, target: int, name: str, content: bytes | None = None):  # type: ignore[no-untyped-def]
    return browser.client.post(
        f"/athletes/{target}/import",
        data={"csrf_token": browser.csrf},
        files=_file(name, content),
    )


def test_an_export_is_previewed_then_imported_all_at_once(app: FastAPI, people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    page = ann.get(f"/athletes/{target}/import")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    before = _rows(app)
    preview = _preview(ann, target, "strong_comma_duration.csv")
    assert preview.status_code == 200, preview.text
    assert _rows(app) == before  # the preview wrote nothing
    text = html.unescape(preview.text)
    new = int(re.search(r'id="import-new">(\d+)<', text).group(1))  # type: ignore[union-attr]
    assert new > 0
    assert "2024-03-04 to 2024-03-07" in text
    assert "<td>Hip Thrust (Barbell)</td><td>Barbell hip thrust</td>" in text
    assert (
        'Deadlift (Barbell)</td><td>Deadlift <span class="muted">(counts as a deadlift day)' in text
    )
    assert "Line 5:" in text  # the set never done, left out with its reason
    token = hidden(preview.text, "token")

    done = ann.post_form(f"/athletes/{target}/import/confirm", {"token": token})
    assert done.status_code == 303
    assert done.headers["location"] == f"/athletes/{target}/import?imported={new}&already=0"
    assert len(_sets(ann, target)) == new
    shown = ann.get(done.headers["location"]).text
    assert f"Imported: {new} set(s) added" in shown
    history = ann.get(f"/athletes/{target}/history").text
    assert "Barbell hip thrust" in history and "history-log-csv" in history

    # The same token again imports nothing more; the same file again adds nothing.
    again = ann.post_form(f"/athletes/{target}/import/confirm", {"token": token})
    assert again.status_code == 400 and "expired or was already imported" in again.text
    second = _preview(ann, target, "strong_comma_duration.csv")
    assert 'id="import-new">0<' in second.text and 'id="import-confirm" disabled' in second.text
    assert len(_sets(ann, target)) == new


def test_a_broken_file_is_refused_next_to_the_field_and_imports_nothing(
    app: FastAPI, people: People
) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    before = _rows(app)
    text = (FIXTURES / "hevy_kg.csv").read_text(encoding="utf-8")
    broken = text.replace('"normal",90,8,,0,8\n', '"normal",90,eight,,0,8\n', 1).encode()
    refused = _preview(ann, target, "my export.csv", broken)
    assert refused.status_code == 400
    message = field_error(refused.text, "export") or ""
    assert message.startswith("my export.csv line 3:"), message
    not_csv = _preview(ann, target, "notes.csv", b"Date,Exercise,Sets,Reps\n2024-01-01,x,3,10\n")
    assert "not a Strong, Hevy or Liftosaur export" in (field_error(not_csv.text, "export") or "")
    empty = ann.client.post(
        f"/athletes/{target}/import",
        data={"csrf_token": ann.csrf},
        files={"export": ("", b"", "application/octet-stream")},
    )
    assert empty.status_code == 400
    assert field_error(empty.text, "export") == (
        "choose the CSV file your app exported, or a hipthrust backup"
    )
    assert _rows(app) == before
    staging = app.state.config.data_dir / "imports"
    assert not staging.exists() or list(staging.iterdir()) == []


def test_a_coach_imports_for_their_athlete_and_nobody_else_can(
    app: FastAPI, people: People
) -> None:
    ann, cora, dan = people.athlete("Ann"), people.coach("Cora"), people.coach("Dan")
    link(app, cora, ann)
    target = athlete_id(ann)
    assert _preview(dan, target, "liftosaur.csv").status_code == 403
    preview = _preview(cora, target, "liftosaur.csv")
    assert preview.status_code == 200
    token = hidden(preview.text, "token")
    # Ann cannot confirm her coach's preview, nor Dan: the token is Cora's, for Ann.
    assert ann.post_form(f"/athletes/{target}/import/confirm", {"token": token}).status_code == 400
    assert dan.post_form(f"/athletes/{target}/import/confirm", {"token": token}).status_code == 403
    assert _sets(ann, target) == []
    done = cora.post_form(f"/athletes/{target}/import/confirm", {"token": token})
    assert done.status_code == 303 and _sets(ann, target)


def test_cancel_drops_the_preview(app: FastAPI, people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    token = hidden(_preview(ann, target, "liftosaur.csv").text, "token")
    gone = ann.post_form(f"/athletes/{target}/import/cancel", {"token": token})
    assert gone.status_code == 303
    assert ann.post_form(f"/athletes/{target}/import/confirm", {"token": token}).status_code == 400
    assert _sets(ann, target) == []


def test_the_api_previews_with_dry_run_then_imports(app: FastAPI, people: People) -> None:
    ann = people.athlete("Ann", units="lb")
    target = athlete_id(ann)
    url = f"/api/v1/athletes/{target}/imports"
    files = {"file": ("hevy_lb.csv", (FIXTURES / "hevy_lb.csv").read_bytes(), "text/csv")}
    before = _rows(app)
    dry = ann.api("POST", url + "?dry_run=true", files=files)
    assert dry.status_code == 200, dry.text
    body = dry.json()
    assert body["dry_run"] is True and body["format"] == "hevy" and body["inserted"] > 0
    assert body["athlete"] == "Ann" and body["exercises"]
    assert _rows(app) == before
    done = ann.api("POST", url + "?dry_run=false", files=files)
    assert done.status_code == 201
    assert done.json()["inserted"] == body["inserted"] == len(_sets(ann, target))
    again = ann.api("POST", url, files=files).json()
    assert (again["inserted"], again["already_stored"]) == (0, body["inserted"])
    bad = ann.api("POST", url, files={"file": ("x.csv", b"a,b\n1,2\n", "text/csv")})
    assert bad.status_code == 400 and "x.csv line 1: not a Strong" in bad.json()["detail"]
    wrong = ann.api("POST", url, files=files, data={"format": "strong"})
    assert wrong.status_code == 400


def test_an_export_larger_than_a_form_is_accepted_for_import(app: FastAPI, people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    header = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
    rows = [
        f"2024-{1 + day // 28:02d}-{1 + day % 28:02d} 18:00:00,Glutes,Hip Thrust (Barbell),{n},"
        f"{60 + n},10\n"
        for day in range(300)
        for n in range(1, 5)
    ]
    content = (header + "".join(rows) * 1).encode()
    padded = content + b"".join(
        f"2025-01-{1 + i % 28:02d} 07:00:00,Row{i},Rowing (Machine),1,0,{i % 50 + 1}\n".encode()
        for i in range(3000)
    )
    assert len(padded) > 128 * 1024
    answer = ann.api(
        "POST",
        f"/api/v1/athletes/{target}/imports?dry_run=true",
        files={"file": ("big.csv", padded, "text/csv")},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["sets_read"] == 1200 + 3000
    stranger = people.stranger()
    refused = stranger.api(
        "POST",
        f"/api/v1/athletes/{target}/imports",
        files={"file": ("big.csv", padded, "text/csv")},
    )
    assert refused.status_code == 413  # a stranger gets the form's limit only


def _with_plan(app: FastAPI, target: int) -> None:
    with transaction(app.state.store) as session:
        write_plan(session, LOCAL_OWNER, target, PlanForm(weeks=2), datetime.now(UTC))


def test_the_log_downloads_as_csv_and_json(people: People) -> None:
    ann = people.athlete("Ann-Lee")
    target = athlete_id(ann)
    ann.post_form(
        f"/athletes/{target}/sets",
        {"exercise": "barbell_hip_thrust", "load": "80", "reps": "10", "pain": "1"},
    )
    today = datetime.now(UTC).date().isoformat()
    csv_answer = ann.get(f"/athletes/{target}/export/log.csv")
    assert csv_answer.status_code == 200
    assert csv_answer.headers["content-type"].startswith("text/csv")
    assert csv_answer.headers["content-disposition"] == (
        f'attachment; filename="hipthrust-log-ann-lee-{today}.csv"'
    )
    lines = csv_answer.text.split("\r\n")
    assert lines[0].startswith("date,time,athlete,exercise,")
    assert ",Ann-Lee,Barbell hip thrust," in lines[1] and ",80," in lines[1]
    json_answer = ann.get(f"/api/v1/athletes/{target}/export/log.json")
    assert json_answer.status_code == 200
    assert json_answer.headers["content-disposition"].endswith(f'-{today}.json"')
    data = json.loads(json_answer.text)
    assert [item["reps"] for item in data["sets"]] == [10]
    lb = ann.get(f"/api/v1/athletes/{target}/export/log.csv?units=lb").text
    assert "load_lb" in lb.split("\r\n")[0]
    assert ann.get(f"/athletes/{target}/export/log.csv?units=stone").status_code == 400


def test_the_plan_downloads_as_a_calendar_with_reminders(app: FastAPI, people: People) -> None:
    ann, cora, dan = people.athlete("Ann"), people.coach("Cora"), people.coach("Dan")
    link(app, cora, ann)
    target = athlete_id(ann)
    none = ann.get(f"/athletes/{target}/plan/calendar.ics")
    assert none.status_code == 400 and "write one on the Plan page" in none.text
    _with_plan(app, target)
    assert 'id="download-calendar"' in ann.get(f"/athletes/{target}/plan").text
    for who in (ann, cora):
        answer = who.get(f"/athletes/{target}/plan/calendar.ics")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/calendar")
        assert answer.headers["content-disposition"].startswith(
            'attachment; filename="hipthrust-plan-ann-'
        )
        text = answer.text
        assert text.startswith("BEGIN:VCALENDAR\r\n")
        events = text.count("BEGIN:VEVENT")
        assert events > 0 and text.count("BEGIN:VALARM") == events
        assert "TRIGGER;RELATED=START:PT7H0M" in text
    assert dan.get(f"/athletes/{target}/plan/calendar.ics").status_code == 403
    later = ann.get(f"/api/v1/athletes/{target}/plan/calendar.ics?remind=18:30&start=2027-01-04")
    assert "PT18H30M" in later.text and "DTSTART;VALUE=DATE:202701" in later.text
    quiet = ann.get(f"/api/v1/athletes/{target}/plan/calendar.ics?remind=none").text
    assert "VALARM" not in quiet
    assert ann.get(f"/api/v1/athletes/{target}/plan/calendar.ics?remind=25:00").status_code == 400


def test_a_backup_is_previewed_then_restored_into_another_log(app: FastAPI, people: People) -> None:
    ann, bob = people.athlete("Ann"), people.athlete("Bob")
    source, target = athlete_id(ann), athlete_id(bob)
    hevy = {"file": ("hevy_kg.csv", (FIXTURES / "hevy_kg.csv").read_bytes(), "text/csv")}
    assert ann.api("POST", f"/api/v1/athletes/{source}/imports", files=hevy).status_code == 201
    ann.post_form(
        f"/athletes/{source}/sets",
        {"exercise": "barbell_hip_thrust", "load": "80", "reps": "10", "pain": "1"},
    )
    with transaction(app.state.store) as session:
        add_checkin(session, source, Checkin(date(2025, 9, 16), next_morning_pain=2))
    backup = ann.get(f"/athletes/{source}/export/log.json").content
    sets = len(_sets(ann, source))

    before = _rows(app)
    preview = bob.client.post(
        f"/athletes/{target}/import",
        data={"csrf_token": bob.csrf},
        files={"export": ("my backup.json", backup, "application/json")},
    )
    assert preview.status_code == 200, preview.text
    assert _rows(app) == before  # the preview wrote nothing
    text = html.unescape(preview.text)
    assert "my backup.json is a hipthrust backup." in text
    assert f'id="import-new">{sets}<' in text
    assert 'id="import-checkins">1 / 0<' in text
    assert "profile of 'Ann'" in text and "was not restored" in text
    token = hidden(preview.text, "token")
    done = bob.post_form(f"/athletes/{target}/import/confirm", {"token": token})
    assert done.status_code == 303
    assert done.headers["location"] == f"/athletes/{target}/import?imported={sets}&already=0"
    restored = _sets(bob, target)
    assert [(item["reps"], item["load_kg"]) for item in restored] == [
        (item["reps"], item["load_kg"]) for item in _sets(ann, source)
    ]

    again = bob.api(
        "POST",
        f"/api/v1/athletes/{target}/imports?dry_run=true",
        files={"file": ("backup.json", backup, "application/json")},
    )
    assert again.status_code == 200, again.text
    body = again.json()
    assert (body["format"], body["inserted"], body["already_stored"]) == ("hipthrust", 0, sets)
    assert body["checkins"] == {"read": 1, "added": 0, "already_stored": 1}
    second = bob.client.post(
        f"/athletes/{target}/import",
        data={"csrf_token": bob.csrf},
        files={"export": ("backup.json", backup, "application/json")},
    )
    assert 'id="import-new">0<' in second.text and 'id="import-confirm" disabled' in second.text
    broken = bob.api(
        "POST",
        f"/api/v1/athletes/{target}/imports",
        files={"file": ("backup.json", backup[: len(backup) // 2], "application/json")},
    )
    assert broken.status_code == 400
    assert broken.json()["detail"].startswith("backup.json: not valid JSON (line ")
    assert len(_sets(bob, target)) == sets
