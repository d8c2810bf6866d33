"""Today's session, set logging, the next-morning check-in and the history with its charts.

Pages: ``/athletes/{id}/today``, ``/athletes/{id}/checkin``, ``/athletes/{id}/history``.
API: ``GET /api/v1/athletes/{id}/today``, ``GET``/``POST .../sets``, ``POST .../checkins``,
``GET .../progress``. The assessment wizard is ``training_assess``; the plan ``training_plan``.
Every route calls one use case of ``service.athlete_portal`` (which checks who may see what).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from hipthrust.coaching.catalogue import Resistance, Stance, Variation, variation
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.prescription import Prescription
from hipthrust.coaching.progress import Progress
from hipthrust.coaching.units import Units, format_mass, from_kg
from hipthrust.errors import InputError
from hipthrust.service.athlete_portal import (
    Today,
    athlete_of,
    check_in_for,
    log_set_for,
    progress_of,
    sets_of,
    today_of,
)
from hipthrust.service.training import SetEntry, checkin_summary, describe_set, set_advice
from hipthrust.web.deps import DB, CurrentActor, render
from hipthrust.web.routes.training_common import (
    FieldErrors,
    OpenModel,
    dose_text,
    exercise_choices,
    exercise_name,
    field_for,
    load_text,
    mass_in,
    now_utc,
    read_choice,
    read_float,
    read_int,
    text_of,
)

__all__ = ["router"]

router = APIRouter()

RPE_PICKS = ("6", "7", "7.5", "8", "8.5", "9", "9.5", "10")
PAIN_PICKS = tuple(str(score) for score in range(11))
_SET_FIELDS = ("exercise", "load", "reps", "right", "hold", "rpe", "pain")


# --------------------------------------------------------------------------- views


@dataclass(frozen=True)
class ExerciseCard:
    """One prescribed exercise, with the values its log form starts from."""

    variation: str
    name: str
    loggable: bool
    dose: str
    load: str
    hold_s: float
    rpe_max: float | None
    tempo: str
    notes: tuple[str, ...]
    prefill_load: str  # a bare number in the athlete's units, "" when it must be found
    prefill_hold: str
    prefill_reps: int
    per_side: bool
    needs_load: bool
    bodyweight: bool

    @property
    def one_tap(self) -> bool:
        """ "Done as prescribed" is offered when nothing is left to choose."""
        return self.loggable and (self.bodyweight or bool(self.prefill_load))


def _card(item: Prescription, units: Units) -> ExerciseCard:
    try:
        found: Variation | None = variation(item.variation)
    except InputError:  # a drill outside the catalogue (mobility, a stretch): shown, not logged
        found = None
    needs_load = found is not None and found.resistance in (
        Resistance.BARBELL,
        Resistance.DUMBBELL_KETTLEBELL,
        Resistance.MACHINE,
    )
    return ExerciseCard(
        variation=item.variation,
        name=exercise_name(item.variation),
        loggable=found is not None,
        dose=dose_text(item),
        load=load_text(item, units),
        hold_s=item.hold_s,
        rpe_max=item.rpe_max,
        tempo=item.tempo,
        notes=item.notes,
        prefill_load="" if item.load_kg is None else mass_in(item.load_kg, units),
        prefill_hold=f"{item.hold_s:g}" if item.hold_s else "",
        prefill_reps=item.reps[0],  # the bottom of the range: "as prescribed" claims no more
        per_side=found is not None and found.stance is Stance.SINGLE_LEG,
        needs_load=needs_load,
        bodyweight=not needs_load,
    )


@dataclass(frozen=True)
class LoggedRow:
    id: int
    time: str
    name: str
    text: str
    advice: tuple[str, ...]


def _today_context(today: Today) -> dict[str, Any]:
    units: Units = today.athlete.units
    decided = today.next
    rows = tuple(
        LoggedRow(
            logged.id,
            logged.record.performed_at.strftime("%H:%M"),
            exercise_name(logged.record.variation),
            describe_set(logged.record, units),
            set_advice(logged.record),
        )
        for logged in today.sets
    )
    return {
        "athlete": today.athlete,
        "units": units,
        "decision": decided.decision,
        "rung": LADDER[decided.decision.rung],
        "next": decided,
        "cards": tuple(_card(item, units) for item in decided.decision.session),
        "logged": rows,
        "exercises": exercise_choices(),
        "rpe_picks": RPE_PICKS,
        "pain_picks": PAIN_PICKS,
    }


def _set_entry(form: Any, errors: FieldErrors) -> SetEntry:
    """The set form, field by field (bare loads are in the athlete's units)."""
    exercise = text_of(form, "exercise")
    if not exercise:
        errors["exercise"] = "choose the exercise"
    load = text_of(form, "load")
    if load.startswith("-"):
        errors["load"] = "a load cannot be negative"
    reps = read_int(form, "reps", errors, 0, 200, "reps", required=True)
    right = read_int(form, "right", errors, 0, 200, "right-side reps")
    hold = read_float(form, "hold", errors, 0, 120, "hold in seconds")
    rpe_text = read_choice(form, "rpe", errors, RPE_PICKS, "RPE")
    pain = read_int(form, "pain", errors, 0, 10, "pain")
    return SetEntry(
        words=(exercise,),
        reps=reps,
        right=right,
        load=load or None,
        hold=None if hold is None else f"{hold:g}",
        rpe=None if rpe_text is None else float(rpe_text),
        pain=pain,
        warmup=text_of(form, "warmup") == "on",
        notes=text_of(form, "notes")[:500],
    )


# --------------------------------------------------------------------------- pages


@router.get("/athletes/{athlete_id}/today", include_in_schema=False)
def today_page(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    today = today_of(db, actor, athlete_id, now_utc())
    logged = request.query_params.get("logged")
    return render(
        request,
        "training_today.html",
        actor=actor,
        just_logged=logged is not None,
        errors={},
        values={},
        **_today_context(today),
    )


@router.post("/athletes/{athlete_id}/sets", include_in_schema=False)
async def log_set_page(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    form = await request.form()
    now = now_utc()
    errors: FieldErrors = {}
    entry = _set_entry(form, errors)
    if not errors:
        try:
            log_set_for(db, actor, athlete_id, entry, now)
        except InputError as error:
            errors[field_for(error, _SET_FIELDS, "exercise")] = str(error)
    if not errors:
        return RedirectResponse(f"/athletes/{athlete_id}/today?logged=1", status_code=303)
    today = today_of(db, actor, athlete_id, now)
    return render(
        request,
        "training_today.html",
        400,
        actor=actor,
        just_logged=False,
        errors=errors,
        values={key: text_of(form, key) for key in (*_SET_FIELDS, "notes")},
        **_today_context(today),
    )


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
    history = sets_of(db, actor, athlete_id, now, limit=60)
    units: Units = athlete.units
    days = [
        {
            "date": day.day.isoformat(),
            "sets": [
                {
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
    return render(
        request,
        "training_history.html",
        actor=actor,
        athlete=athlete,
        units=units,
        days=days,
        points=len(chart["day"]),
        sets=sum(found_session.working_sets for found_session in found.sessions),
        last_day=chart["day"][-1] if chart["day"] else "",
    )


# --------------------------------------------------------------------------- API models


class SetIn(BaseModel):
    """A set as the log form sends it; ``load`` is text (``"100kg"``, ``"225lb"``, a bare
    number in the athlete's units, ``"bw"``)."""

    model_config = ConfigDict(extra="forbid")

    exercise: str = Field(description="A catalogue id or name, e.g. barbell_hip_thrust.")
    reps: int | None = Field(None, description="Reps (the left side of a single-leg set).")
    right: int | None = Field(None, description="Right-side reps of a single-leg set.")
    load: str | None = None
    hold: str | None = Field(None, description="Seconds held at the top, e.g. 2.")
    rpe: float | None = Field(None, description="Effort 1-10, half points.")
    rir: int | None = None
    pain: int | None = Field(None, description="Pain during the set, 0-10.")
    felt: str | None = Field(None, description="Where it was felt, e.g. glutes,hamstrings.")
    faults: str | None = None
    full_extension: bool | None = None
    warmup: bool = False
    sets: int = Field(1, description="Identical sets to log at once (1-20).")
    at: str | None = Field(None, description="When, e.g. 2026-11-20 18:30 (past only).")
    notes: str = ""


class CheckinIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pain: int | None = Field(None, description="Pain this morning, 0-10.")
    bodyweight: str | None = Field(None, description="e.g. 80kg, 176lb, or bare in your units.")
    notes: str = ""
    date: str | None = Field(None, description="The day, e.g. 2026-11-21 (default today).")


class LoggedOut(OpenModel):
    athlete: str
    units: str
    logged: list[dict[str, Any]]
    advice: list[str]


class HistoryOut(OpenModel):
    athlete: str
    units: str
    days: list[dict[str, Any]]


class CheckedInOut(OpenModel):
    athlete: str
    units: str
    checkin: dict[str, Any]
    replaced: dict[str, Any] | None


class TodayOut(OpenModel):
    decision: str
    reasons: list[str]
    rung: int
    rung_name: str
    units: str
    exercise_allowed: bool
    session: dict[str, Any]
    logged_today: list[dict[str, Any]]


class ProgressOut(OpenModel):
    athlete: str
    units: str
    empty: bool
    chart: dict[str, list[Any]]


# --------------------------------------------------------------------------- API


@router.get("/api/v1/athletes/{athlete_id}/today", response_model=TodayOut)
def today_api(athlete_id: int, actor: CurrentActor, db: DB) -> dict[str, Any]:
    """The next session as ``hipthrust next --json`` gives it, and today's sets."""
    today = today_of(db, actor, athlete_id, now_utc())
    return {**today.next.to_json(), "logged_today": today.history.to_json()["days"]}


@router.post("/api/v1/athletes/{athlete_id}/sets", response_model=LoggedOut, status_code=201)
def log_set_api(athlete_id: int, body: SetIn, actor: CurrentActor, db: DB) -> dict[str, Any]:
    """Log a set (or ``sets`` identical ones), as ``hipthrust log --json``."""
    entry = SetEntry(words=(body.exercise,), **body.model_dump(exclude={"exercise"}))
    return log_set_for(db, actor, athlete_id, entry, now_utc()).to_json()


@router.get("/api/v1/athletes/{athlete_id}/sets", response_model=HistoryOut)
def sets_api(
    athlete_id: int,
    actor: CurrentActor,
    db: DB,
    since: Annotated[str | None, Query(description="First day, e.g. 2026-11-01.")] = None,
    limit: Annotated[int, Query(description="The latest days kept (0: all).")] = 20,
) -> dict[str, Any]:
    """The log by day with the check-ins, as ``hipthrust history --json``."""
    return sets_of(db, actor, athlete_id, now_utc(), since=since, limit=limit).to_json()


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
    weeks: Annotated[int | None, Query(ge=1, description="Only the last N weeks.")] = None,
) -> dict[str, Any]:
    """e1RM, volume and pain per session (``hipthrust progress --json``); ``chart`` holds
    the same series ready to draw, masses in the athlete's units."""
    athlete, found = progress_of(db, actor, athlete_id, now_utc(), weeks)
    return {
        "athlete": athlete.name,
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
