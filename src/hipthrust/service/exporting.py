"""The training log out: every set as CSV, the whole log as JSON, the plan as ICS and PDF.

The columns and keys are documented in docs/export.md. Times are written in UTC (ISO 8601);
``date`` is the training day the set was logged on (the athlete's own calendar day). Loads
are always given in kilograms, plus the athlete's units when those are pounds.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipthrust.coaching.catalogue import display_name, variation, variation_ids
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.coaching.tempo import Tempo
from hipthrust.coaching.units import Units, from_kg
from hipthrust.errors import InputError
from hipthrust.formats.calendar import DEFAULT_REMINDER, plan_to_ics
from hipthrust.formats.handout import plan_handout_pdf
from hipthrust.store import (
    Assessment,
    Athlete,
    LoggedSet,
    StoredPlan,
    active_plan,
    assessments,
    checkins,
    logged_sets,
    plans,
)
from hipthrust.store.models import TrainingSessionRow

__all__ = [
    "LOG_COLUMNS",
    "LOG_SCHEMA_VERSION",
    "NO_PLAN",
    "log_columns",
    "log_csv",
    "log_json",
    "plan_cues",
    "plan_ics",
    "plan_pdf",
    "set_from_json",
    "set_to_json",
    "spreadsheet_safe",
    "stored_plan_json",
]

LOG_SCHEMA_VERSION = 1
NO_PLAN = "no plan yet: run hipthrust plan first"

# The CSV columns in order; ``load_lb`` follows ``load_kg`` when the athlete uses pounds.
LOG_COLUMNS: tuple[str, ...] = (
    "date",
    "time",
    "athlete",
    "exercise",
    "exercise_name",
    "variation",
    "set_type",
    "load_kg",
    "reps",
    "reps_right",
    "hold_s",
    "rpe",
    "rir",
    "pain",
    "felt_in",
    "faults",
    "full_extension",
    "notes",
    "source",
)
# The store keeps a variation id (catalogue id, "deadlift") in its own column and free text
# only as the exercise name; an id is lower case, digits and underscores (store/training.py).
_VARIATION_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")
_LIST_SEPARATOR = ";"
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection, OWASP);
# such a cell is written with a leading single quote, unless it is a plain number.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_TEMPO_PHASES = ("up_s", "top_s", "down_s")


def spreadsheet_safe(cell: str) -> str:
    """The cell as written to CSV: a formula-looking text gets a leading ``'``, numbers stay."""
    if cell.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def log_columns(units: Units) -> tuple[str, ...]:
    """The CSV header for an athlete who reads loads in ``units``."""
    if units == "kg":
        return LOG_COLUMNS
    at = LOG_COLUMNS.index("load_kg") + 1
    return (*LOG_COLUMNS[:at], f"load_{units}", *LOG_COLUMNS[at:])


def _variation_id(record: SetRecord) -> str | None:
    return record.variation if _VARIATION_ID.fullmatch(record.variation) else None


def _number(value: float | None, decimals: int) -> str:
    if value is None:
        return ""
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _flag(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _instant(moment: datetime) -> str:
    """A stored time as the JSON backup writes it: UTC, to the microsecond when it has any
    (``2025-06-02T16:00:00.250000+00:00``), so a restored record is at the same instant."""
    return moment.astimezone(UTC).isoformat()


def _session_days(session: Session, athlete_id: int) -> dict[int, date]:
    query = select(TrainingSessionRow.id, TrainingSessionRow.day).where(
        TrainingSessionRow.athlete_id == athlete_id
    )
    return {row_id: day for row_id, day in session.execute(query)}


def _csv_row(logged: LoggedSet, day: date, athlete: str, units: Units) -> dict[str, str]:
    record = logged.record
    row = {
        "date": day.isoformat(),
        "time": _utc(record.performed_at),
        "athlete": athlete,
        "exercise": display_name(record.variation),
        "exercise_name": logged.exercise_name,
        "variation": _variation_id(record) or "",
        "set_type": logged.set_type,
        "load_kg": _number(record.load_kg, 3),
        "reps": str(record.reps),
        "reps_right": "" if record.reps_right is None else str(record.reps_right),
        "hold_s": _number(record.hold_s, 1),
        "rpe": _number(record.rpe, 1),
        "rir": "" if record.rir is None else str(record.rir),
        "pain": "" if record.pain is None else str(record.pain),
        "felt_in": _LIST_SEPARATOR.join(record.felt_in),
        "faults": _LIST_SEPARATOR.join(record.faults),
        "full_extension": _flag(record.full_extension),
        "notes": record.notes,
        "source": logged.source,
    }
    if units != "kg":
        load = None if record.load_kg is None else from_kg(record.load_kg, units)
        row[f"load_{units}"] = _number(load, 2)
    return {column: spreadsheet_safe(cell) for column, cell in row.items()}


def log_csv(session: Session, athlete: Athlete, units: Units | None = None) -> str:
    """Every set of the athlete, oldest first, one CSV row each (CRLF line ends, RFC 4180)."""
    shown: Units = units or athlete.units
    days = _session_days(session, athlete.id)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=log_columns(shown), lineterminator="\r\n")
    writer.writeheader()
    for logged in logged_sets(session, athlete.id):
        writer.writerow(_csv_row(logged, days[logged.session_id], athlete.name, shown))
    return buffer.getvalue()


def set_to_json(logged: LoggedSet, day: date) -> dict[str, Any]:
    """One stored set as the JSON export writes it (values unrounded)."""
    record = logged.record
    return {
        "id": logged.id,
        "date": day.isoformat(),
        "performed_at": _instant(record.performed_at),
        "exercise": display_name(record.variation),
        "exercise_name": logged.exercise_name,
        "variation": _variation_id(record),
        "set_type": logged.set_type,
        "load_kg": record.load_kg,
        "reps": record.reps,
        "reps_right": record.reps_right,
        "hold_s": record.hold_s,
        "rpe": record.rpe,
        "rir": record.rir,
        "pain": record.pain,
        "felt_in": list(record.felt_in),
        "faults": list(record.faults),
        "full_extension": record.full_extension,
        "warmup": record.warmup,
        "notes": record.notes,
        "tempo": _tempo_json(record.tempo),
        "fault_reps": None if record.fault_reps is None else dict(record.fault_reps),
        "source": logged.source,
        "source_key": logged.source_key,
        "video_analysis_id": logged.video_analysis_id,
    }


def _tempo_json(tempo: Tempo | None) -> dict[str, float] | None:
    if tempo is None:
        return None
    return {"up_s": tempo.up_s, "top_s": tempo.top_s, "down_s": tempo.down_s}


def _seconds_from_json(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"a tempo phase is a number of seconds, not {value!r}")
    return float(value)


def _tempo_from_json(value: Any) -> Tempo | None:
    """The tempo an exported set carries: ``{"up_s", "top_s", "down_s"}`` or null/absent."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ValueError(f"the tempo is {{'up_s', 'top_s', 'down_s'}} seconds, not {value!r}")
    return Tempo(*(_seconds_from_json(value.get(phase)) for phase in _TEMPO_PHASES))


def _fault_reps_from_json(value: Any) -> tuple[tuple[str, int], ...] | None:
    """The per-rep fault counts an exported set carries: ``{"fault": reps}`` or null/absent."""
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(
        isinstance(count, int) and not isinstance(count, bool) for count in value.values()
    ):
        raise ValueError(f"fault_reps maps each fault to a count of reps, not {value!r}")
    return tuple(sorted((str(fault), count) for fault, count in value.items()))


def set_from_json(item: Mapping[str, Any]) -> SetRecord:
    """The ``SetRecord`` an exported set describes (the inverse of ``set_to_json``).

    ``tempo`` and ``fault_reps`` are optional: an export written before they were carried
    reads as a set with no tempo and faults known per set only."""
    try:
        return SetRecord(
            performed_at=datetime.fromisoformat(item["performed_at"]),
            variation=item["variation"] or item["exercise_name"],
            reps=item["reps"],
            load_kg=item["load_kg"],
            reps_right=item["reps_right"],
            hold_s=item["hold_s"],
            rpe=item["rpe"],
            rir=item["rir"],
            pain=item["pain"],
            felt_in=tuple(item["felt_in"]),
            faults=tuple(item["faults"]),
            full_extension=item["full_extension"],
            warmup=item["warmup"],
            notes=item["notes"],
            tempo=_tempo_from_json(item.get("tempo")),
            fault_reps=_fault_reps_from_json(item.get("fault_reps")),
        )
    except KeyError as missing:
        raise InputError(f"an exported set has no {missing.args[0]!r} key") from None
    except (TypeError, ValueError) as error:
        raise InputError(f"an exported set cannot be read: {error}") from None


def _checkin_json(checkin: Checkin) -> dict[str, Any]:
    return {
        "day": checkin.day.isoformat(),
        "next_morning_pain": checkin.next_morning_pain,
        "bodyweight_kg": checkin.bodyweight_kg,
        "notes": checkin.notes,
    }


def _assessment_json(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.id,
        "taken_at": _instant(assessment.taken_at),
        "start_rung": assessment.start_rung,
        "answers": assessment.answers,
        "result": assessment.result,
    }


def stored_plan_json(plan: StoredPlan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "created_at": _instant(plan.created_at),
        "active": plan.active,
        "request": plan.request,
        "plan": plan.plan,
    }


def _athlete_json(athlete: Athlete) -> dict[str, Any]:
    profile = {"id": athlete.id, **dataclasses.asdict(athlete)}
    profile["created_at"] = _utc(athlete.created_at)
    profile["training_days"] = list(athlete.training_days)
    return profile


def log_json(session: Session, athlete: Athlete, *, exported_at: datetime) -> dict[str, Any]:
    """The athlete's whole log: profile, sets, check-ins, assessments and plans."""
    days = _session_days(session, athlete.id)
    return {
        "schema_version": LOG_SCHEMA_VERSION,
        "exported_at": _utc(exported_at),
        "athlete": _athlete_json(athlete),
        "sets": [
            set_to_json(logged, days[logged.session_id])
            for logged in logged_sets(session, athlete.id)
        ],
        "checkins": [_checkin_json(item) for item in checkins(session, athlete.id)],
        "assessments": [_assessment_json(item) for item in assessments(session, athlete.id)],
        "plans": [stored_plan_json(item) for item in plans(session, athlete.id)],
    }


def _active_plan(session: Session, athlete: Athlete) -> dict[str, Any]:
    stored = active_plan(session, athlete.id)
    if stored is None:
        raise InputError(NO_PLAN)
    if stored.plan.get("refused") or not stored.plan.get("weeks"):
        raise InputError(
            "the active plan has no sessions (exercise is not advised yet): see its notes"
        )
    return stored.plan


def plan_cues(plan: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Setup and execution cues of every catalogue variation the plan uses, in plan order."""
    known = set(variation_ids())
    used: dict[str, None] = {}
    for week in plan.get("weeks", []):
        for planned in week.get("sessions", []):
            for item in (*planned.get("warmup", []), *planned.get("exercises", [])):
                if item.get("variation") in known:
                    used[item["variation"]] = None
    cues: dict[str, tuple[str, ...]] = {}
    for variation_id in used:
        found = variation(variation_id)
        cues[variation_id] = (*found.setup, *found.execution)
    return cues


def plan_ics(
    session: Session,
    athlete: Athlete,
    *,
    start: date,
    stamp: datetime,
    units: Units | None = None,
    reminder: time | None = DEFAULT_REMINDER,
) -> str:
    """The active plan as iCalendar text, week 1 in the week of ``start``; each session with
    an alarm at ``reminder`` on its day (None: none)."""
    plan = _active_plan(session, athlete)
    return plan_to_ics(plan, start, stamp, units or athlete.units, reminder)


def plan_pdf(
    session: Session,
    athlete: Athlete,
    *,
    made_on: date,
    units: Units | None = None,
    start: date | None = None,
) -> bytes:
    """The active plan as the printable A4 handout (``formats.handout``): week 1 in the week
    of ``start`` (default ``made_on``), each exercise's setup, cues, mistakes and pictures."""
    plan = _active_plan(session, athlete)
    return plan_handout_pdf(
        plan,
        athlete=athlete.shown_name,
        units=units or athlete.units,
        made_on=made_on,
        start=start,
    )
