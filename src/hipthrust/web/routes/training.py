"""Today's session and set logging, built for a phone between sets.

Page: ``/athletes/{id}/today`` (the decision, each prescribed exercise with "Done as
prescribed" and a log form, the sets logged today); the forms post to ``/athletes/{id}/sets``.
API: ``GET /api/v1/athletes/{id}/today``, ``GET``/``POST .../sets``. The other training pages:
``training_assess`` (the wizard), ``training_plan``, ``training_history`` (check-in, history).
Every route calls one use case of ``service.athlete_portal`` (which checks who may see what).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from hipthrust.coaching.catalogue import Resistance, Stance, Variation, variation
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.prescription import Prescription
from hipthrust.coaching.records import FELT_IN
from hipthrust.coaching.tempo import prescribed_tempo
from hipthrust.coaching.units import Units
from hipthrust.errors import InputError
from hipthrust.service.athlete_portal import (
    Today,
    log_set_for,
    sets_of,
    today_of,
)
from hipthrust.service.comments import recent_comments
from hipthrust.service.training import KeyReused, SetEntry, describe_set, set_advice
from hipthrust.web.deps import DB, CurrentActor, render
from hipthrust.web.routes.training_common import (
    MAX_NOTE_CHARS,
    PAIN_PICKS,
    RPE_PICKS,
    FieldErrors,
    OpenModel,
    StrictModel,
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

FELT_PICKS = (
    ("glutes", "glutes"),
    ("hamstrings", "hamstrings"),
    ("quads", "quads"),
    ("lower_back", "lower back"),
)
_SET_FIELDS = ("exercise", "load", "reps", "right", "hold", "tempo", "rpe", "pain", "at")


# --------------------------------------------------------------------------- views


@dataclass(frozen=True)
class ExerciseCard:
    """One prescribed exercise, with the values its log form starts from."""

    variation: str
    name: str
    loggable: bool
    sets: int
    dose: str
    load: str
    hold_s: float
    rpe_max: float | None
    tempo: str
    notes: tuple[str, ...]
    prefill_load: str  # a bare number in the athlete's units, "" when it must be found
    prefill_hold: str
    prefill_tempo: str  # the dose's tempo when it names one ("" for varied or none)
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
        sets=item.sets,
        dose=dose_text(item),
        load=load_text(item, units),
        hold_s=item.hold_s,
        rpe_max=item.rpe_max,
        tempo=item.tempo,
        notes=item.notes,
        prefill_load="" if item.load_kg is None else mass_in(item.load_kg, units),
        prefill_hold=f"{item.hold_s:g}" if item.hold_s else "",
        prefill_tempo=_fixed_tempo(item.tempo),
        prefill_reps=item.reps[0],  # the bottom of the range: "as prescribed" claims no more
        per_side=found is not None and found.stance is Stance.SINGLE_LEG,
        needs_load=needs_load,
        bodyweight=not needs_load,
    )


def _fixed_tempo(text: str) -> str:
    try:
        tempo = prescribed_tempo(text)
    except InputError:
        return ""
    return "" if tempo is None else str(tempo)


@dataclass(frozen=True)
class LoggedRow:
    id: int
    time: str
    name: str
    text: str
    advice: tuple[str, ...]


def landing(
    cards: Sequence[ExerciseCard],
    done: Mapping[str, int],
    stopped: Mapping[str, str],
    latest: str | None,
) -> str:
    """Where Today lands after a set of ``latest`` (a variation) is logged: the id of its card
    while sets of it remain, else the next card with sets to do (then an earlier one), else the
    day's log; ``other-set`` for an exercise that is not on today's list."""
    if latest is None:
        return ""
    places = [i for i, card in enumerate(cards) if card.loggable and card.variation == latest]
    if not places:
        return "other-set"

    def to_do(i: int) -> bool:
        card = cards[i]
        left = done.get(card.variation, 0) < card.sets
        return card.loggable and left and card.variation not in stopped

    here = places[0]
    for i in (here, *range(here + 1, len(cards)), *range(here)):
        if to_do(i):
            return f"exercise-{i + 1}"
    return "logged-today"


def _today_context(today: Today, just_logged: bool = False) -> dict[str, Any]:
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
    cards = tuple(_card(item, units) for item in decided.decision.session)
    done = Counter(logged.record.variation for logged in today.sets if not logged.record.warmup)
    latest = today.sets[-1].record.variation if just_logged and today.sets else None
    stopped = today.stopped
    return {
        "athlete": today.athlete,
        "units": units,
        "decision": decided.decision,
        "reasons": today.reasons,
        "rung": LADDER[decided.decision.rung],
        "next": decided,
        "assessed": today.assessed,
        "cards": cards,
        "logged": rows,
        "done": done,
        # After a set is logged the page lands on the next set's card (training.js).
        "land": landing(cards, done, stopped, latest),
        # Each set form carries a new key: a double tap (or a resent form) stores one set.
        "form_key": lambda: str(uuid.uuid4()),
        "stopped": stopped,
        "plates": today.plates,
        # The ramp-up sets before the first loaded lift, in the athlete's units.
        "warmup": tuple(item.to_json(units) for item in today.warmup),
        "rest_s": today.rest_s,
        "exercises": exercise_choices(),
        "rpe_picks": RPE_PICKS,
        "pain_picks": PAIN_PICKS,
        # Where the set was felt: a form signal [seed 001, 002] (docs/felt.md).
        "felt_picks": FELT_PICKS,
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
    tempo = text_of(form, "tempo")
    rpe_text = read_choice(form, "rpe", errors, RPE_PICKS, "RPE")
    pain = read_int(form, "pain", errors, 0, 10, "pain")
    felt = [str(place) for place in form.getlist("felt") if str(place) in FELT_IN]
    return SetEntry(
        words=(exercise,),
        reps=reps,
        right=right,
        load=load or None,
        hold=None if hold is None else f"{hold:g}",
        tempo=tempo or None,
        rpe=None if rpe_text is None else float(rpe_text),
        pain=pain,
        felt=",".join(felt) or None,
        warmup=text_of(form, "warmup") == "on",
        at=text_of(form, "at").replace("T", " ") or None,
        notes=text_of(form, "notes")[:500],
        # A key made for each form when the page was drawn: a double tap stores one set.
        idempotency_key=text_of(form, "idempotency_key") or None,
    )


# --------------------------------------------------------------------------- pages

_FORM_SENT = "this form was sent already with other values: reload the page to log a new set"

# What a correction says once it is done (``?changed=1`` and the like after the redirect).
_FLASHES = {
    "changed": "The set is changed; the change is recorded.",
    "removed": "The set is removed; the change is recorded.",
    "undone": "Undone: the set is removed.",
}


@router.get("/athletes/{athlete_id}/today", include_in_schema=False)
def today_page(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    now = now_utc()
    today = today_of(db, actor, athlete_id, now)
    logged = request.query_params.get("logged")
    flash = next((text for key, text in _FLASHES.items() if key in request.query_params), "")
    return render(
        request,
        "training_today.html",
        actor=actor,
        just_logged=logged is not None,
        flash=flash,
        errors={},
        values={},
        comments=recent_comments(db, actor, athlete_id, now),
        **_today_context(today, just_logged=logged is not None),
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
        except KeyReused:  # the form's own key, with values changed since it was sent
            errors["exercise"] = _FORM_SENT
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
        flash="",
        errors=errors,
        values={key: text_of(form, key) for key in (*_SET_FIELDS, "notes")},
        **_today_context(today),
    )


# --------------------------------------------------------------------------- API models


class SetIn(StrictModel):
    """A set as the log form sends it; ``load`` is text (``"100kg"``, ``"225lb"``, a bare
    number in the athlete's units, ``"bw"``)."""

    exercise: str = Field(description="A catalogue id or name, e.g. barbell_hip_thrust.")
    reps: int | None = Field(None, description="Reps (the left side of a single-leg set).")
    right: int | None = Field(None, description="Right-side reps of a single-leg set.")
    load: str | None = None
    hold: str | None = Field(None, description="Seconds held at the top, e.g. 2.")
    tempo: str | None = Field(
        None,
        max_length=40,
        description="Seconds to lift, hold at the top and lower, e.g. 1-3-2.",
    )
    rpe: float | None = Field(None, description="Effort 1-10, half points.")
    rir: int | None = None
    pain: int | None = Field(None, description="Pain during the set, 0-10.")
    felt: str | None = Field(None, description="Where it was felt, e.g. glutes,hamstrings.")
    faults: str | None = None
    full_extension: bool | None = None
    warmup: bool = False
    sets: int = Field(1, description="Identical sets to log at once (1-20).")
    at: str | None = Field(None, description="When, e.g. 2026-11-20 18:30 (past only).")
    notes: str = Field("", max_length=MAX_NOTE_CHARS)
    idempotency_key: str | None = Field(
        None,
        max_length=100,
        description="A key you chose for this set (a UUID), as the Idempotency-Key header: "
        "sent again, the set is stored once.",
    )


class LoggedOut(OpenModel):
    athlete: str
    units: str
    logged: list[dict[str, Any]]
    advice: list[str]


class HistoryOut(OpenModel):
    athlete: str
    units: str
    days: list[dict[str, Any]]


class HowToLink(BaseModel):
    """Where to read how to do an exercise: the page and its JSON twin."""

    page: str = Field(description="The how-to page, e.g. /exercises/barbell_hip_thrust.")
    api: str = Field(description="The same as JSON, e.g. /api/v1/exercises/barbell_hip_thrust.")


class TodayOut(OpenModel):
    decision: str
    reasons: list[str]
    rung: int
    rung_name: str
    units: str
    exercise_allowed: bool
    session: dict[str, Any]
    logged_today: list[dict[str, Any]]
    stopped: dict[str, str]
    plates: dict[str, str]
    warmup: list[dict[str, Any]] = Field(
        description="The ramp-up sets before the day's first loaded lift (from the load "
        "decided today): exercise, name, reps, load_kg, load (in the athlete's units), plates."
    )
    rest_s: int
    how_to: dict[str, HowToLink] = Field(
        description="For each catalogue exercise of today's session (by id), its how-to: "
        "the page Today links to and the API giving the same."
    )


# --------------------------------------------------------------------------- API


@router.get("/api/v1/athletes/{athlete_id}/today", response_model=TodayOut)
def today_api(athlete_id: int, actor: CurrentActor, db: DB) -> dict[str, Any]:
    """The next session as ``hipthrust next --json`` gives it, and today's sets."""
    today = today_of(db, actor, athlete_id, now_utc())
    return {
        **today.next.to_json(),
        "logged_today": today.history.to_json()["days"],
        "stopped": today.stopped,
        "plates": today.plates,
        "warmup": [item.to_json(today.athlete.units) for item in today.warmup],
        "rest_s": today.rest_s,
        "how_to": {
            card.variation: _how_to_link(card.variation)
            for card in (_card(item, today.athlete.units) for item in today.next.decision.session)
            if card.loggable
        },
    }


def _how_to_link(variation_id: str) -> dict[str, str]:
    """The how-to of a catalogue exercise, as Today's card links to it."""
    return {"page": f"/exercises/{variation_id}", "api": f"/api/v1/exercises/{variation_id}"}


@router.post(
    "/api/v1/athletes/{athlete_id}/sets",
    response_model=LoggedOut,
    status_code=201,
    responses={
        200: {"model": LoggedOut, "description": "The key was sent before: the set stored then."},
        409: {"description": "The key was sent before with other values: nothing stored."},
    },
)
def log_set_api(
    athlete_id: int,
    body: SetIn,
    actor: CurrentActor,
    db: DB,
    response: Response,
    key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            max_length=100,
            description="A key you chose for this set (a UUID): sent again with the same "
            "values, the set is stored once and the answer is 200 with the set stored then.",
        ),
    ] = None,
) -> Any:
    """Log a set (or ``sets`` identical ones), as ``hipthrust log --json``. With an
    ``Idempotency-Key`` (header or field) a set sent twice is stored once (docs/log.md)."""
    if key is not None and body.idempotency_key is not None and key != body.idempotency_key:
        raise InputError("the Idempotency-Key header and the idempotency_key field differ")
    entry = SetEntry(
        words=(body.exercise,),
        **body.model_dump(exclude={"exercise", "idempotency_key"}),
        idempotency_key=key if key is not None else body.idempotency_key,
    )
    try:
        logged = log_set_for(db, actor, athlete_id, entry, now_utc())
    except KeyReused as reused:
        return JSONResponse({"detail": str(reused)}, status_code=409)
    if logged.replayed:
        response.status_code = 200
    return logged.to_json()


@router.get("/api/v1/athletes/{athlete_id}/sets", response_model=HistoryOut)
def sets_api(
    athlete_id: int,
    actor: CurrentActor,
    db: DB,
    since: Annotated[str | None, Query(description="First day, e.g. 2026-11-01.")] = None,
    limit: Annotated[int, Query(ge=0, description="The latest days kept (0: all).")] = 20,
) -> dict[str, Any]:
    """The log by day with the check-ins, as ``hipthrust history --json``."""
    return sets_of(db, actor, athlete_id, now_utc(), since=since, limit=limit).to_json()
