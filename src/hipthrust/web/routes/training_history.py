"""The next-morning check-in and the history with its charts.

Pages: ``/athletes/{id}/checkin`` (pain 0-10 as big buttons, optional bodyweight) and
``/athletes/{id}/history`` (the chart drawn by ``static/history.js`` with plotly.js, and the
log as a table). API: ``POST /api/v1/athletes/{id}/checkins`` and ``GET .../progress``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import ConfigDict, Field

from hipthrust.coaching.progress import MAX_WEEKS, Progress
from hipthrust.coaching.units import Units, format_mass, from_kg
from hipthrust.errors import InputError
from hipthrust.service.athlete_portal import athlete_of, check_in_for, progress_of, sets_of
from hipthrust.service.comments import MAX_COMMENT_CHARS, comments_for
from hipthrust.service.training import checkin_summary, describe_set
from hipthrust.web.deps import DB, CurrentActor, render
from hipthrust.web.routes.training_common import (
    MAX_NOTE_CHARS,
    PAIN_PICKS,
    FieldErrors,
    OpenModel,
    StrictModel,
    exercise_name,
    field_for,
    now_utc,
    read_int,
    text_of,
)

__all__ = ["router"]

router = APIRouter()

_HISTORY_DAYS = 60  # the latest days the History page shows


@router.get("/athletes/{athlete_id}/checkin", include_in_schema=False)
def checkin_page(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    athlete = athlete_of(db, actor, athlete_id)
    return render(
        request,
        "training_checkin.html",
        actor=actor,
        athlete=athlete,
        pain_picks=PAIN_PICKS,
        errors={},
        values={},
        saved=None,
    )


@router.post("/athletes/{athlete_id}/checkin", include_in_schema=False)
async def checkin_submit(
    request: Request, athlete_id: int, actor: CurrentActor, db: DB
) -> Response:
    form = await request.form()
    errors: FieldErrors = {}
    pain = read_int(form, "pain", errors, 0, 10, "pain")
    bodyweight = text_of(form, "bodyweight") or None
    notes = text_of(form, "notes")[:500]
    saved = None
    if not errors and pain is None and bodyweight is None and not notes:
        errors["pain"] = "tap a pain score, or give your bodyweight or a note"
    if not errors:
        try:
            saved = check_in_for(
                db, actor, athlete_id, now_utc(), pain=pain, bodyweight=bodyweight, notes=notes
            )
        except InputError as error:
            fallback = "bodyweight" if bodyweight else "pain"
            errors[field_for(error, ("pain", "bodyweight"), fallback)] = str(error)
    athlete = saved.athlete if saved is not None else athlete_of(db, actor, athlete_id)
    return render(
        request,
        "training_checkin.html",
        400 if errors else 200,
        actor=actor,
        athlete=athlete,
        pain_picks=PAIN_PICKS,
        errors=errors,
        values={"bodyweight": bodyweight or "", "notes": notes},
        saved=saved,
    )


@router.get("/athletes/{athlete_id}/history", include_in_schema=False)
def history_page(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    now = now_utc()
    athlete, found = progress_of(db, actor, athlete_id, now)
    history = sets_of(db, actor, athlete_id, now, limit=_HISTORY_DAYS)
    units: Units = athlete.units
    days = [
        {
            "date": day.day.isoformat(),
            "sets": [
                {
                    "id": logged.id,
                    "time": logged.record.performed_at.strftime("%H:%M"),
                    "name": exercise_name(logged.record.variation),
                    "text": describe_set(logged.record, units),
                }
                for logged in day.sets
            ],
            "checkin": None if day.checkin is None else checkin_summary(day.checkin, units),
        }
        for day in reversed(history.days)
    ]
    chart = _series(found, units)
    # The comments of the days shown: all of them when the whole log is shown.
    first = days[-1]["date"] if len(days) >= _HISTORY_DAYS else None
    notes = comments_for(
        db, actor, athlete_id, since=None if first is None else date.fromisoformat(first)
    )
    # A day with a comment and nothing logged (a rest day) is shown for its comments.
    logged_days = {day["date"] for day in days}
    for day_text in sorted({c.day.isoformat() for c in notes.items} - logged_days):
        days.append({"date": day_text, "sets": [], "checkin": None})
    days.sort(key=lambda day: str(day["date"]), reverse=True)
    return render(
        request,
        "training_history.html",
        comments=notes,
        shown_sets=frozenset(row["id"] for day in days for row in day["sets"]),
        max_comment=MAX_COMMENT_CHARS,
        actor=actor,
        athlete=athlete,
        units=units,
        days=days,
        changed=any(key in request.query_params for key in ("changed", "removed", "undone")),
        points=len(chart["day"]),
        sets=sum(found_session.working_sets for found_session in found.sessions),
        last_day=chart["day"][-1] if chart["day"] else "",
    )


# --------------------------------------------------------------------------- API


# What the check-in refuses without one of them, said in the schema too.
_ONE_OF_THEM = {
    "anyOf": [
        {"required": ["pain"], "properties": {"pain": {"type": "integer"}}},
        {"required": ["bodyweight"], "properties": {"bodyweight": {"type": "string"}}},
        {"required": ["notes"], "properties": {"notes": {"type": "string", "pattern": "\\S"}}},
    ]
}


class CheckinIn(StrictModel):
    """A check-in gives at least one of the pain, the bodyweight or a note."""

    model_config = ConfigDict(json_schema_extra=_ONE_OF_THEM)

    pain: int | None = Field(None, description="Pain this morning, 0-10.")
    bodyweight: str | None = Field(None, description="e.g. 80kg, 176lb, or bare in your units.")
    notes: str = Field("", max_length=MAX_NOTE_CHARS)
    date: str | None = Field(None, description="The day, e.g. 2026-11-21 (default today).")


class CheckedInOut(OpenModel):
    athlete: str
    units: str
    checkin: dict[str, Any]
    replaced: dict[str, Any] | None


class ProgressOut(OpenModel):
    athlete: str
    units: str
    empty: bool
    chart: dict[str, list[Any]]


@router.post("/api/v1/athletes/{athlete_id}/checkins", response_model=CheckedInOut, status_code=201)
def checkin_api(athlete_id: int, body: CheckinIn, actor: CurrentActor, db: DB) -> dict[str, Any]:
    """The day's check-in; a second one the same day replaces the values it gives."""
    return check_in_for(
        db,
        actor,
        athlete_id,
        now_utc(),
        pain=body.pain,
        bodyweight=body.bodyweight,
        notes=body.notes,
        day=body.date,
    ).to_json()


@router.get("/api/v1/athletes/{athlete_id}/progress", response_model=ProgressOut)
def progress_api(
    athlete_id: int,
    actor: CurrentActor,
    db: DB,
    weeks: Annotated[
        int | None, Query(ge=1, le=MAX_WEEKS, description="Only the last N weeks.")
    ] = None,
) -> dict[str, Any]:
    """e1RM, volume and pain per session (``hipthrust progress --json``); ``chart`` holds
    the same series ready to draw, masses in the athlete's units."""
    athlete, found = progress_of(db, actor, athlete_id, now_utc(), weeks)
    return {
        "athlete": athlete.shown_name,
        "units": athlete.units,
        "empty": found.empty,
        "chart": _series(found, athlete.units),
        **found.to_json(),
    }


def _series(found: Progress, units: Units) -> dict[str, list[Any]]:
    """One point per session: e1RM and volume load in ``units``, pain 0-10 (None: no value)."""

    def mass(kg: float | None) -> float | None:
        return None if kg is None else round(from_kg(kg, units), 1)

    sessions = found.sessions
    return {
        "day": [item.day.isoformat() for item in sessions],
        "e1rm": [mass(None if item.e1rm is None else item.e1rm.kg) for item in sessions],
        "volume": [mass(item.volume_load_kg) for item in sessions],
        "reps": [item.total_reps for item in sessions],
        "sets": [item.working_sets for item in sessions],
        "pain": [item.max_pain for item in sessions],
        "morning_pain": [item.next_morning_pain for item in sessions],
        "e1rm_label": [
            ""
            if item.e1rm is None
            else f"{format_mass(item.e1rm.load_kg, units)} x {item.e1rm.reps}"
            for item in sessions
        ],
    }
