"""Fixing a mistake in the log: edit or remove a set or a check-in, and "Undo" right after logging.

Pages: ``/athletes/{id}/sets/{set_id}`` (the set's form: change it, or remove it),
``POST .../sets/{set_id}/delete`` (``undo=1`` from the notice after logging),
``/athletes/{id}/checkins/{day}`` (the same for a day's check-in), ``/athletes/{id}/changes``
(every correction: who, when, what it was). API: ``PATCH``/``DELETE
/api/v1/athletes/{id}/sets/{set_id}`` and ``.../checkins/{day}``, ``GET .../changes``.
Every route calls one use case of ``service.athlete_portal``; every change is recorded.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import Field

from hipthrust.coaching.catalogue import display_name
from hipthrust.coaching.units import Units, format_mass
from hipthrust.errors import InputError
from hipthrust.service.corrections import (
    SetEdit,
    changes_of,
    checkin_of,
    delete_checkin_for,
    delete_set_for,
    describe_change,
    edit_checkin_for,
    edit_set_for,
    set_of,
)
from hipthrust.service.training import checkin_summary, describe_set
from hipthrust.store.changes import Change
from hipthrust.web.deps import DB, CurrentActor, render
from hipthrust.web.routes.training_common import (
    MAX_NOTE_CHARS,
    PAIN_PICKS,
    RPE_PICKS,
    FieldErrors,
    OpenModel,
    StrictModel,
    field_for,
    mass_in,
    now_utc,
    read_choice,
    read_int,
    text_of,
)

__all__ = ["router"]

router = APIRouter()

_EDIT_FIELDS = ("load", "reps", "right", "hold", "rpe", "pain", "at", "notes")
_BACK = {"today": "today", "history": "history"}


def _back(form_or_query: Any, athlete_id: int) -> str:
    where = _BACK.get(str(form_or_query.get("back") or ""), "today")
    return f"/athletes/{athlete_id}/{where}"


# --------------------------------------------------------------------------- pages


@router.get("/athletes/{athlete_id}/sets/{set_id}", include_in_schema=False)
def set_page(
    request: Request, athlete_id: int, set_id: int, actor: CurrentActor, db: DB
) -> Response:
    athlete, logged = set_of(db, actor, athlete_id, set_id)
    return _set_form(request, actor, athlete, logged, {}, {}, 200)


def _set_form(
    request: Request,
    actor: Any,
    athlete: Any,
    logged: Any,
    errors: FieldErrors,
    values: dict[str, str],
    status: int,
) -> Response:
    units: Units = athlete.units
    record = logged.record
    local = record.performed_at.astimezone(athlete.zone)
    start = {
        "load": "" if record.load_kg is None else mass_in(record.load_kg, units),
        "reps": str(record.reps),
        "right": "" if record.reps_right is None else str(record.reps_right),
        "hold": "" if record.hold_s is None else f"{record.hold_s:g}",
        "rpe": "" if record.rpe is None else f"{record.rpe:g}",
        "pain": "" if record.pain is None else str(record.pain),
        "at": local.strftime("%Y-%m-%dT%H:%M"),
        "notes": record.notes,
    }
    return render(
        request,
        "training_set_edit.html",
        status,
        actor=actor,
        athlete=athlete,
        units=units,
        set_id=logged.id,
        name=display_name(record.variation),
        text=describe_set(record, units),
        values={**start, **values},
        errors=errors,
        back=_BACK.get(request.query_params.get("back") or "", "today"),
        rpe_picks=RPE_PICKS,
        pain_picks=PAIN_PICKS,
    )


def _edit_from_form(form: Any, errors: FieldErrors) -> SetEdit:
    reps = read_int(form, "reps", errors, 0, 200, "reps", required=True)
    right = read_int(form, "right", errors, 0, 200, "right-side reps")
    pain = read_int(form, "pain", errors, 0, 10, "pain")
    rpe = read_choice(form, "rpe", errors, RPE_PICKS, "RPE")
    load = text_of(form, "load")
    if load.startswith("-"):
        errors["load"] = "a load cannot be negative"
    return SetEdit(
        reps=reps,
        right=right,
        load=load,
        hold=text_of(form, "hold"),
        rpe=None if rpe is None else float(rpe),
        pain=pain,
        notes=text_of(form, "notes")[:500],
        at=text_of(form, "at").replace("T", " ") or None,
    )


@router.post("/athletes/{athlete_id}/sets/{set_id}", include_in_schema=False)
async def set_submit(
    request: Request, athlete_id: int, set_id: int, actor: CurrentActor, db: DB
) -> Response:
    form = await request.form()
    errors: FieldErrors = {}
    edit = _edit_from_form(form, errors)
    if not errors:
        try:
            edit_set_for(db, actor, athlete_id, set_id, edit, now_utc())
        except InputError as error:
            errors[field_for(error, _EDIT_FIELDS, "reps")] = str(error)
    if not errors:
        return RedirectResponse(_back(form, athlete_id) + "?changed=1", status_code=303)
    athlete, logged = set_of(db, actor, athlete_id, set_id)
    values = {key: text_of(form, key) for key in _EDIT_FIELDS}
    return _set_form(request, actor, athlete, logged, errors, values, 400)


@router.post("/athletes/{athlete_id}/sets/{set_id}/delete", include_in_schema=False)
async def set_delete(
    request: Request, athlete_id: int, set_id: int, actor: CurrentActor, db: DB
) -> Response:
    form = await request.form()
    undo = text_of(form, "undo") == "1"
    delete_set_for(db, actor, athlete_id, set_id, now_utc(), undo=undo)
    flag = "undone" if undo else "removed"
    return RedirectResponse(f"{_back(form, athlete_id)}?{flag}=1", status_code=303)


@router.get("/athletes/{athlete_id}/checkins/{day}", include_in_schema=False)
def checkin_edit_page(
    request: Request, athlete_id: int, day: str, actor: CurrentActor, db: DB
) -> Response:
    athlete, found = checkin_of(db, actor, athlete_id, day)
    return _checkin_form(request, actor, athlete, found, {}, {}, 200)


def _checkin_form(
    request: Request,
    actor: Any,
    athlete: Any,
    checkin: Any,
    errors: FieldErrors,
    values: dict[str, str],
    status: int,
) -> Response:
    units: Units = athlete.units
    start = {
        "pain": "" if checkin.next_morning_pain is None else str(checkin.next_morning_pain),
        "bodyweight": ""
        if checkin.bodyweight_kg is None
        else format_mass(checkin.bodyweight_kg, units),
        "notes": checkin.notes,
    }
    return render(
        request,
        "training_checkin_edit.html",
        status,
        actor=actor,
        athlete=athlete,
        units=units,
        day=checkin.day.isoformat(),
        text=checkin_summary(checkin, units),
        values={**start, **values},
        errors=errors,
        pain_picks=PAIN_PICKS,
    )


@router.post("/athletes/{athlete_id}/checkins/{day}", include_in_schema=False)
async def checkin_edit_submit(
    request: Request, athlete_id: int, day: str, actor: CurrentActor, db: DB
) -> Response:
    form = await request.form()
    errors: FieldErrors = {}
    pain = read_int(form, "pain", errors, 0, 10, "pain")
    if not errors:
        try:
            edit_checkin_for(
                db,
                actor,
                athlete_id,
                day,
                now_utc(),
                pain=pain,
                clear_pain=pain is None,
                bodyweight=text_of(form, "bodyweight"),
                notes=text_of(form, "notes")[:500],
            )
        except InputError as error:
            errors[field_for(error, ("pain", "bodyweight", "notes"), "pain")] = str(error)
    if not errors:
        return RedirectResponse(f"/athletes/{athlete_id}/history?changed=1", status_code=303)
    athlete, found = checkin_of(db, actor, athlete_id, day)
    values = {key: text_of(form, key) for key in ("pain", "bodyweight", "notes")}
    return _checkin_form(request, actor, athlete, found, errors, values, 400)


@router.post("/athletes/{athlete_id}/checkins/{day}/delete", include_in_schema=False)
def checkin_delete(athlete_id: int, day: str, actor: CurrentActor, db: DB) -> Response:
    delete_checkin_for(db, actor, athlete_id, day, now_utc())
    return RedirectResponse(f"/athletes/{athlete_id}/history?removed=1", status_code=303)


@router.get("/athletes/{athlete_id}/changes", include_in_schema=False)
def changes_page(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    athlete, found = changes_of(db, actor, athlete_id)
    units: Units = athlete.units
    return render(
        request,
        "training_changes.html",
        actor=actor,
        athlete=athlete,
        rows=[_change_row(change, units, athlete.zone) for change in found],
    )


_ACTIONS = {"edit": "changed", "delete": "removed", "undo": "undone right after logging"}


def _change_row(change: Change, units: Units, zone: Any) -> dict[str, str]:
    when = change.changed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    what, was, now = describe_change(change, units)
    return {
        "when": when,
        "who": change.changed_by_name,
        "action": _ACTIONS[change.action],
        "what": what,
        "was": was,
        "now": now,
    }


# --------------------------------------------------------------------------- API


class SetEditIn(StrictModel):
    """What changes in a logged set; a key left out keeps the stored value."""

    reps: int | None = Field(None, description="Reps (the left side of a single-leg set).")
    right: int | None = Field(None, description="Right-side reps of a single-leg set.")
    load: str | None = Field(None, description='e.g. 100kg, 225lb, bare in your units, "bw".')
    hold: str | None = Field(None, description="Seconds held at the top, e.g. 2.")
    rpe: float | None = Field(None, description="Effort 1-10, half points.")
    pain: int | None = Field(None, description="Pain during the set, 0-10.")
    notes: str | None = Field(None, max_length=MAX_NOTE_CHARS)
    at: str | None = Field(None, description="When, e.g. 2026-11-20 18:30 (past only).")


class CheckinEditIn(StrictModel):
    """What changes in a day's check-in; a key left out keeps the stored value."""

    pain: int | None = Field(None, description="Pain that morning, 0-10.")
    bodyweight: str | None = Field(None, description='e.g. 80kg; "" clears it.')
    notes: str | None = Field(None, max_length=MAX_NOTE_CHARS)


class CorrectedOut(OpenModel):
    athlete: str
    set_id: int
    action: str
    before: dict[str, Any]
    after: dict[str, Any] | None


class CheckinOut(OpenModel):
    athlete: str
    checkin: dict[str, Any]


class ChangesOut(OpenModel):
    athlete: str
    changes: list[dict[str, Any]]


@router.patch("/api/v1/athletes/{athlete_id}/sets/{set_id}", response_model=CorrectedOut)
def set_edit_api(
    athlete_id: int, set_id: int, body: SetEditIn, actor: CurrentActor, db: DB
) -> dict[str, Any]:
    """Correct a logged set (``hipthrust sets edit``); the old values are recorded."""
    edit = SetEdit(**body.model_dump())
    return edit_set_for(db, actor, athlete_id, set_id, edit, now_utc()).to_json()


@router.delete("/api/v1/athletes/{athlete_id}/sets/{set_id}", response_model=CorrectedOut)
def set_delete_api(
    athlete_id: int, set_id: int, actor: CurrentActor, db: DB, undo: bool = False
) -> dict[str, Any]:
    """Remove a logged set (``hipthrust sets delete``); ``undo`` marks it taken back right
    after logging. What it was is recorded."""
    return delete_set_for(db, actor, athlete_id, set_id, now_utc(), undo=undo).to_json()


def _checkin_json(athlete: Any, checkin: Any) -> dict[str, Any]:
    return {
        "athlete": athlete.name,
        "checkin": {
            "day": checkin.day.isoformat(),
            "next_morning_pain": checkin.next_morning_pain,
            "bodyweight_kg": checkin.bodyweight_kg,
            "notes": checkin.notes,
        },
    }


@router.patch("/api/v1/athletes/{athlete_id}/checkins/{day}", response_model=CheckinOut)
def checkin_edit_api(
    athlete_id: int, day: str, body: CheckinEditIn, actor: CurrentActor, db: DB
) -> dict[str, Any]:
    """Correct a day's check-in; the old values are recorded."""
    athlete, checkin = edit_checkin_for(
        db,
        actor,
        athlete_id,
        day,
        now_utc(),
        pain=body.pain,
        bodyweight=body.bodyweight,
        notes=body.notes,
    )
    return _checkin_json(athlete, checkin)


@router.delete("/api/v1/athletes/{athlete_id}/checkins/{day}", response_model=CheckinOut)
def checkin_delete_api(athlete_id: int, day: str, actor: CurrentActor, db: DB) -> dict[str, Any]:
    """Remove a day's check-in; what it was is recorded."""
    athlete, checkin = delete_checkin_for(db, actor, athlete_id, day, now_utc())
    return _checkin_json(athlete, checkin)


@router.get("/api/v1/athletes/{athlete_id}/changes", response_model=ChangesOut)
def changes_api(athlete_id: int, actor: CurrentActor, db: DB) -> dict[str, Any]:
    """Every correction of the log, newest first: who, when, what it was and what it is."""
    athlete, found = changes_of(db, actor, athlete_id)
    return {
        "athlete": athlete.name,
        "changes": [change.to_json() for change in found],
    }
