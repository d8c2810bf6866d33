from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from hipthrust.coaching.catalogue import variation
from hipthrust.coaching.programming import PlanRequest, build_plan
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.coaching.tempo import Tempo
from hipthrust.errors import InputError
from hipthrust.service.exporting import (
    LOG_COLUMNS,
    NO_PLAN,
    log_columns,
    log_csv,
    log_json,
    plan_cues,
    plan_ics,
    plan_pdf,
    set_from_json,
)
from hipthrust.service.importing import import_file
from hipthrust.store import (
    Athlete,
    AthleteProfile,
    Store,
    add_assessment,
    add_checkin,
    create_athlete,
    log_set,
    resolve_athlete,
    save_plan,
    transaction,
    update_athlete,
)
from hipthrust.store.models import SetRow
from service.sample_sets import FROM_VIDEO, PARIS_SUMMER, TYPED_IN_FULL

FIXTURES = Path(__file__).resolve().parents[1] / "formats" / "fixtures"
STAMP = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

LOGGED = (
    TYPED_IN_FULL,
    SetRecord(
        performed_at=datetime(2025, 6, 2, 18, 10, tzinfo=PARIS_SUMMER),
        variation="single_leg_hip_thrust",
        reps=12,
        reps_right=10,
        rir=2,
        warmup=False,
        full_extension=False,
    ),
    # Half past midnight in Paris: the training day is 3 June, the UTC time 2 June.
    SetRecord(
        performed_at=datetime(2025, 6, 3, 0, 30, tzinfo=PARIS_SUMMER),
        variation="glute_bridge",
        reps=20,
        warmup=True,
    ),
)


@pytest.fixture
def me(store: Store) -> Athlete:
    with transaction(store) as session:
        athlete = resolve_athlete(session, None)
        for record in LOGGED:
            log_set(session, athlete.id, record)
        return athlete


def _lb(store: Store, me: Athlete) -> Athlete:
    with transaction(store) as session:
        return update_athlete(session, me.id, replace(me, units="lb"))


def _plan(store: Store, me: Athlete, **request: Any) -> dict[str, Any]:
    plan = build_plan(PlanRequest(**request)).to_json()
    with transaction(store) as session:
        save_plan(session, me.id, request={"asked": request}, plan=plan)
    return plan


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize(
    ("units", "extra"),
    [("kg", None), ("lb", "load_lb")],
)
def test_csv_columns_follow_the_athletes_units(
    store: Store, me: Athlete, units: str, extra: str | None
) -> None:
    athlete = _lb(store, me) if units == "lb" else me
    with transaction(store) as session:
        text = log_csv(session, athlete)
    header = text.split("\r\n", 1)[0].split(",")
    assert tuple(header) == log_columns(athlete.units)
    assert [c for c in header if c not in LOG_COLUMNS] == ([] if extra is None else [extra])
    if extra is not None:
        assert header.index(extra) == header.index("load_kg") + 1


def test_csv_rows_hold_every_set_oldest_first(store: Store, me: Athlete) -> None:
    lb = _lb(store, me)
    with transaction(store) as session:
        rows = _rows(log_csv(session, lb))
    assert len(rows) == len(LOGGED)
    first, second, third = rows
    assert first == {
        "date": "2025-06-02",
        "time": "2025-06-02T16:00:00+00:00",
        "athlete": "me",
        "exercise": "Barbell hip thrust",
        "exercise_name": "barbell_hip_thrust",
        "variation": "barbell_hip_thrust",
        "set_type": "normal",
        "load_kg": "102.5",
        "load_lb": "225.97",
        "reps": "8",
        "reps_right": "",
        "hold_s": "1.5",
        "rpe": "8.5",
        "rir": "",
        "pain": "2",
        "felt_in": "glutes;hamstrings",
        "faults": "lumbar_hyperextension",
        "full_extension": "true",
        "notes": 'Bar pad, "thick"\nsecond line',
        "source": "cli",
    }
    assert (second["reps"], second["reps_right"], second["rir"]) == ("12", "10", "2")
    assert (second["load_kg"], second["full_extension"]) == ("", "false")
    assert (third["date"], third["time"]) == ("2025-06-03", "2025-06-02T22:30:00+00:00")
    assert third["set_type"] == "warmup"


def test_csv_other_lifts_have_a_name_and_only_ids_as_variation(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        import_file(session, me.id, FIXTURES / "strong_semicolon.csv")
        rows = _rows(log_csv(session, me))
    by_name = {row["exercise_name"]: row for row in rows}
    assert by_name["Squat (Barbell)"]["variation"] == ""
    assert by_name["Hip Thrust (Machine)"]["variation"] == "machine_hip_thrust"
    assert by_name["Squat (Barbell)"]["source"] == "strong"


@pytest.mark.parametrize(
    ("notes", "written"),
    [
        ('=HYPERLINK("http://x.test","click")', '\'=HYPERLINK("http://x.test","click")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tleading tab", "'\tleading tab"),
        ("\rleading return", "'\rleading return"),
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("felt = good", "felt = good"),
    ],
)
def test_csv_neutralises_formula_cells_and_keeps_numbers(
    store: Store, me: Athlete, notes: str, written: str
) -> None:
    record = replace(LOGGED[0], performed_at=STAMP, notes=notes)
    with transaction(store) as session:
        log_set(session, me.id, record)
        row = _rows(log_csv(session, me))[-1]
    assert row["notes"] == written
    assert (row["load_kg"], row["reps"], row["rpe"]) == ("102.5", "8", "8.5")


def test_csv_neutralises_an_imported_exercise_name(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    text = (
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Seconds\n"
        "2026-11-20 18:00:00,=1+1,\"=cmd|' /C calc'!A0\",1,-0,10,0\n"
    )
    export = tmp_path / "evil.csv"
    export.write_text(text, encoding="utf-8")
    with transaction(store) as session:
        import_file(session, me.id, export)
        (row,) = [row for row in _rows(log_csv(session, me)) if row["source"] == "strong"]
    assert row["exercise_name"] == "'=cmd|' /C calc'!A0"
    assert row["exercise"] == "'=cmd|' /C calc'!A0"
    assert row["load_kg"] == ""


def test_json_sets_carry_the_display_name(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        bridge = replace(
            LOGGED[0],
            performed_at=STAMP,
            variation="single_leg_glute_bridge_90_90",
            load_kg=None,
            reps=10,
            reps_right=10,
        )
        log_set(session, me.id, bridge)
        data = log_json(session, me, exported_at=STAMP)
    item = data["sets"][-1]
    assert data["sets"][0]["exercise"] == "Barbell hip thrust"
    assert item["exercise"] == "Single-leg glute bridge, other leg at 90/90"
    assert item["exercise_name"] == item["variation"] == "single_leg_glute_bridge_90_90"


def test_csv_units_can_be_chosen(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        text = log_csv(session, me, "lb")
    assert "load_lb" in text.split("\r\n", 1)[0]


def test_csv_of_an_empty_log_is_the_header(store: Store) -> None:
    with transaction(store) as session:
        athlete = resolve_athlete(session, None)
        text = log_csv(session, athlete)
    assert text == ",".join(LOG_COLUMNS) + "\r\n"


# --------------------------------------------------------------------------- JSON


def test_json_round_trip_gives_back_what_was_logged(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        import_file(session, me.id, FIXTURES / "hevy_kg.csv")
        data = log_json(session, me, exported_at=STAMP)
    data = json.loads(json.dumps(data))  # what a file holds
    records = [set_from_json(item) for item in data["sets"]]
    assert records[:3] == list(LOGGED)  # June 2025, before the September 2025 import
    assert len(records) == len(LOGGED) + 9
    plank = next(item for item in data["sets"] if item["exercise_name"] == "Plank")
    assert (plank["variation"], plank["source"], plank["notes"]) == (None, "hevy", "time 45 s")
    assert set_from_json(plank).variation == "Plank"


TYPED_TEMPO = SetRecord(
    performed_at=datetime(2025, 6, 4, 18, 10, tzinfo=PARIS_SUMMER),
    variation="glute_bridge",
    reps=15,
    tempo=Tempo(1, 3, 2),
    faults=("rushing",),
)
# Columns a restored set gets anew in its new log: its identity, not what was done.
_IDENTITY = {"id", "athlete_id", "session_id", "created_at"}


def _stored_rows(store: Store, athlete_id: int) -> list[dict[str, Any]]:
    with transaction(store) as session:
        rows = session.scalars(
            select(SetRow).where(SetRow.athlete_id == athlete_id).order_by(SetRow.performed_at)
        )
        return [
            {c.key: getattr(row, c.key) for c in SetRow.__table__.columns if c.key not in _IDENTITY}
            for row in rows
        ]


def test_json_backup_restores_every_stored_column(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        log_set(session, me.id, FROM_VIDEO, source="web")
        log_set(session, me.id, TYPED_TEMPO, set_type="dropset")
        data = json.loads(json.dumps(log_json(session, me, exported_at=STAMP)))
        restored = create_athlete(session, AthleteProfile(name="restored"))
        for item in data["sets"]:
            record = set_from_json(item)
            log_set(session, restored.id, record, source=item["source"], set_type=item["set_type"])
    assert data["sets"][3]["tempo"] == {"up_s": 0.83, "top_s": 1.27, "down_s": 1.55}
    assert data["sets"][3]["fault_reps"] == {"lumbar_hyperextension": 3, "rushing": 7}
    assert data["sets"][4]["fault_reps"] is None  # faults known per set only
    assert data["sets"][0]["tempo"] is None
    original, copy = _stored_rows(store, me.id), _stored_rows(store, restored.id)
    assert len(copy) == len(LOGGED) + 2
    assert copy == original
    assert [row["tempo_top_s"] for row in copy][3:] == [1.27, 3.0]


def test_a_backup_written_before_tempo_and_fault_reps_still_reads(
    store: Store, me: Athlete
) -> None:
    with transaction(store) as session:
        log_set(session, me.id, FROM_VIDEO)
        item = log_json(session, me, exported_at=STAMP)["sets"][-1]
    old = {key: value for key, value in item.items() if key not in ("tempo", "fault_reps")}
    assert set_from_json(old) == replace(FROM_VIDEO, tempo=None, fault_reps=None)
    assert set_from_json(item) == FROM_VIDEO


def test_json_holds_the_profile_checkins_assessments_and_plans(store: Store, me: Athlete) -> None:
    taken = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)
    with transaction(store) as session:
        add_checkin(
            session, me.id, Checkin(date(2025, 6, 3), next_morning_pain=1, bodyweight_kg=64.5)
        )
        add_assessment(
            session,
            me.id,
            taken_at=taken,
            answers={"bridge_hold_s": 30},
            result={"start_rung": 2},
            start_rung=2,
        )
    plan = _plan(store, me, start_rung=2, weeks=1)
    with transaction(store) as session:
        data = log_json(session, me, exported_at=STAMP)
    assert data["schema_version"] == 1
    assert data["exported_at"] == "2026-11-20T09:00:00+00:00"
    assert (data["athlete"]["name"], data["athlete"]["units"]) == ("me", "kg")
    assert data["checkins"] == [
        {"day": "2025-06-03", "next_morning_pain": 1, "bodyweight_kg": 64.5, "notes": ""}
    ]
    assert data["assessments"][0]["answers"] == {"bridge_hold_s": 30}
    assert data["assessments"][0]["taken_at"] == "2025-05-01T09:00:00+00:00"
    assert data["plans"][0]["plan"] == json.loads(json.dumps(plan))
    assert data["plans"][0]["active"] is True
    assert [item["date"] for item in data["sets"]] == ["2025-06-02", "2025-06-02", "2025-06-03"]
    json.dumps(data)  # everything is plain JSON


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"performed_at": "2025-01-01T00:00:00+00:00"}, "no 'variation' key"),
        (
            {
                **dict.fromkeys(("reps_right", "hold_s", "rpe", "rir", "pain", "load_kg")),
                "performed_at": "yesterday",
                "variation": "hip_thrust",
                "exercise_name": "hip_thrust",
                "reps": 10,
                "felt_in": [],
                "faults": [],
                "full_extension": None,
                "warmup": False,
                "notes": "",
            },
            "cannot be read",
        ),
    ],
)
def test_a_broken_exported_set_is_one_line(item: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        set_from_json(item)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"tempo": "1-3-2"}, "tempo is"),
        ({"tempo": {"up_s": 1, "top_s": 3}}, "number of seconds"),
        ({"tempo": {"up_s": 1, "top_s": 3, "down_s": 90}}, "lowering must be"),
        ({"fault_reps": {"rushing": "7"}}, "count of reps"),
        ({"fault_reps": {"rushing": 7}}, "per-rep fault count"),  # not one of the set's faults
    ],
)
def test_a_broken_tempo_or_fault_count_is_one_line(extra: dict[str, Any], message: str) -> None:
    item = {
        **dict.fromkeys(("reps_right", "hold_s", "rpe", "rir", "pain", "load_kg")),
        "performed_at": "2025-01-01T00:00:00+00:00",
        "variation": "glute_bridge",
        "exercise_name": "glute_bridge",
        "reps": 10,
        "felt_in": [],
        "faults": [],
        "full_extension": None,
        "warmup": False,
        "notes": "",
        **extra,
    }
    with pytest.raises(InputError, match=message):
        set_from_json(item)


# --------------------------------------------------------------------------- the plan


def _unfolded(ics: str) -> list[str]:
    lines: list[str] = []
    for line in ics.split("\r\n"):
        if line.startswith(" ") and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    return lines


@pytest.mark.parametrize("make", [plan_ics, plan_pdf])
def test_no_plan_is_one_line(store: Store, me: Athlete, make: Any) -> None:
    with transaction(store) as session, pytest.raises(InputError) as raised:
        if make is plan_ics:
            make(session, me, start=date(2026, 11, 23), stamp=STAMP)
        else:
            make(session, me, made_on=date(2026, 11, 20))
    assert str(raised.value) == NO_PLAN == "no plan yet: run hipthrust plan first"


def test_a_refused_plan_has_nothing_to_export(store: Store, me: Athlete) -> None:
    _plan(store, me, start_rung=1, max_rung=0)
    with transaction(store) as session, pytest.raises(InputError, match="no sessions"):
        plan_ics(session, me, start=date(2026, 11, 23), stamp=STAMP)


def test_ics_has_one_event_per_planned_session(store: Store, me: Athlete) -> None:
    plan = _plan(store, me, start_rung=5, e1rm_kg=140.0, weeks=3, days_per_week=2)
    with transaction(store) as session:
        text = plan_ics(session, me, start=date(2026, 11, 23), stamp=STAMP, units="lb")
    lines = _unfolded(text)
    sessions = sum(len(week["sessions"]) for week in plan["weeks"])
    assert (lines[0], lines[-1]) == ("BEGIN:VCALENDAR", "END:VCALENDAR")
    assert lines.count("BEGIN:VEVENT") == sessions == 6
    starts = sorted(line.split(":", 1)[1] for line in lines if line.startswith("DTSTART"))
    assert starts[0] >= "20261123"
    assert all(line.startswith("DTSTAMP:20261120T090000Z") for line in lines if "DTSTAMP" in line)
    assert any(" lb" in line for line in lines if line.startswith("DESCRIPTION"))


def test_pdf_handout_names_the_athlete_and_has_the_cues(store: Store, me: Athlete) -> None:
    _plan(store, me, start_rung=5, e1rm_kg=140.0, weeks=1)
    with transaction(store) as session:
        pdf = plan_pdf(session, me, made_on=date(2026, 11, 20))
    assert pdf.startswith(b"%PDF-")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(
        "\n", " "
    )
    assert "Your hip thrust plan" in text
    assert "For me." in text
    assert "How to do them well" in text
    assert "bench" in text.lower()


def test_cues_come_from_the_catalogue_for_the_variations_the_plan_uses() -> None:
    plan = build_plan(PlanRequest(start_rung=5, e1rm_kg=140.0, weeks=1)).to_json()
    cues = plan_cues(plan)
    assert "barbell_hip_thrust" in cues
    assert "single_leg_hip_thrust" in cues
    assert "hip_mobility" not in cues  # a warm-up drill, not a catalogue variation
    found = variation("barbell_hip_thrust")
    assert cues["barbell_hip_thrust"] == (*found.setup, *found.execution)
