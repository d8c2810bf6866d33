"""The plan by weeks: ``/athletes/{id}/plan`` shows the active plan and writes a new one.

The "write my plan" form asks what ``hipthrust plan`` takes as flags (goal, weeks, days a
week, which days, an e1RM, periodisation, deloads); what it leaves empty comes from the log
(``service.athlete_portal.plan_request``). API: ``GET``/``POST /api/v1/athletes/{id}/plan``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import Field

from hipthrust.coaching.goals import Goal
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.units import Units, parse_mass
from hipthrust.coaching.week import WEEKDAYS
from hipthrust.errors import InputError
from hipthrust.service.athlete_portal import PlanForm, plan_of, write_plan
from hipthrust.service.decide import prescription
from hipthrust.web.deps import DB, CurrentActor, render
from hipthrust.web.routes.training_common import (
    FieldErrors,
    OpenModel,
    StrictModel,
    dose_text,
    exercise_name,
    field_for,
    load_text,
    now_utc,
    read_choice,
    read_int,
    text_of,
)

__all__ = ["router"]

router = APIRouter()

GOALS = tuple(goal.value for goal in Goal)
PERIODISATIONS = ("linear", "undulating")
_PLAN_FIELDS = ("goal", "weeks", "days_per_week", "training_days", "e1rm", "periodisation")


def _weeks_view(plan: dict[str, Any], units: Units) -> list[dict[str, Any]]:
    """The stored plan JSON as rows to show, loads in ``units``."""
    weeks: list[dict[str, Any]] = []
    for week in plan.get("weeks", []):
        reps = week.get("reps")
        sessions = []
        for item in week.get("sessions", []):
            rows = []
            for kind, entries in (("ramp-up", item.get("warmup", [])), ("", item["exercises"])):
                for entry in entries:
                    found = prescription(entry)
                    if kind and found.load_kg is None:
                        continue  # drills are said once, in the notes
                    rows.append(
                        {
                            "ramp": bool(kind),
                            "name": "ramp-up" if kind else exercise_name(found.variation),
                            "dose": dose_text(found),
                            "load": load_text(found, units),
                            "hold": f"{found.hold_s:g} s" if found.hold_s else "",
                            "rpe": "" if found.rpe_max is None else f"{found.rpe_max:g}",
                        }
                    )
            sessions.append(
                {
                    "day": str(item["day"]).capitalize(),
                    "kind": item["kind"] + (" (shift)" if item.get("on_shift") else ""),
                    "rows": rows,
                    "notes": list(item.get("notes", [])),
                }
            )
        weeks.append(
            {
                "week": week["week"],
                "deload": week.get("deload", False),
                "reps": None if reps is None else f"{reps['min']}-{reps['max']} reps",
                "sessions": sessions,
            }
        )
    return weeks


def _read_form(form: Any, errors: FieldErrors) -> PlanForm:
    goal = read_choice(form, "goal", errors, GOALS, "goal")
    weeks = read_int(form, "weeks", errors, 1, 52, "number of weeks", required=True)
    per_week = read_int(form, "days_per_week", errors, 1, 3, "number of days a week")
    days = [day for day in form.getlist("training_days") if day in WEEKDAYS]
    if len(days) > 3:
        errors["training_days"] = "choose at most 3 training days"
    elif days and per_week is not None and len(days) != per_week:
        errors["training_days"] = (
            f"{len(days)} day(s) chosen for {per_week} session(s) a week: choose as many days "
            "as sessions, or none"
        )
    periodisation = read_choice(form, "periodisation", errors, PERIODISATIONS, "periodisation")
    deload = read_int(form, "deload_every", errors, 0, 52, "deload interval in weeks")
    e1rm = text_of(form, "e1rm")
    if e1rm:
        try:  # the form's own check; the units of a bare number are the athlete's
            if e1rm.startswith("-"):
                raise InputError("the e1RM cannot be negative")
            parse_mass(e1rm, "kg")
        except InputError as error:
            errors["e1rm"] = str(error)
    return PlanForm(
        goal=goal,
        weeks=weeks or 4,
        days_per_week=per_week,
        training_days=",".join(days) or None,
        e1rm=e1rm or None,
        periodisation=periodisation or "linear",
        deload_every=5 if deload is None else deload,
    )


def _page(
    request: Request,
    actor: Any,
    athlete: Any,
    stored: Any,
    errors: FieldErrors,
    values: dict[str, Any],
    status: int = 200,
    notes: tuple[str, ...] = (),
) -> Response:
    units: Units = athlete.units
    plan = None if stored is None else stored.plan
    return render(
        request,
        "training_plan.html",
        status,
        actor=actor,
        athlete=athlete,
        units=units,
        plan=plan,
        rung=None if plan is None else LADDER[int(plan["rung"])],
        weeks=[] if plan is None else _weeks_view(plan, units),
        plan_notes=[] if plan is None else list(dict.fromkeys(plan.get("notes", []))),
        written_notes=notes,
        errors=errors,
        values=values,
        goals=GOALS,
        weekdays=WEEKDAYS,
        periodisations=PERIODISATIONS,
    )


@router.get("/athletes/{athlete_id}/plan", include_in_schema=False)
def plan_page(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    found = plan_of(db, actor, athlete_id)
    values = {"goal": found.athlete.goal or "", "weeks": "4", "training_days": []}
    return _page(request, actor, found.athlete, found.plan, {}, values)


@router.post("/athletes/{athlete_id}/plan", include_in_schema=False)
async def plan_submit(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    form = await request.form()
    errors: FieldErrors = {}
    chosen = _read_form(form, errors)
    if not errors:
        try:
            write_plan(db, actor, athlete_id, chosen, now_utc())
        except InputError as error:
            errors[field_for(error, _PLAN_FIELDS, "goal")] = str(error)
    if not errors:
        return RedirectResponse(f"/athletes/{athlete_id}/plan?written=1", status_code=303)
    found = plan_of(db, actor, athlete_id)
    values: dict[str, Any] = {key: text_of(form, key) for key in _PLAN_FIELDS}
    values["training_days"] = form.getlist("training_days")
    values["deload_every"] = text_of(form, "deload_every")
    return _page(request, actor, found.athlete, found.plan, errors, values, 400)


# --------------------------------------------------------------------------- API


class PlanIn(StrictModel):
    """The "write my plan" form; what is left out comes from the athlete's log."""

    goal: str | None = Field(None, description="strength, hypertrophy, endurance or rehab.")
    weeks: int = Field(4, description="How many weeks, 1-52.")
    days_per_week: int | None = Field(None, description="Hip-thrust sessions a week, 1-3.")
    training_days: str | None = Field(None, description="e.g. mon,thu.")
    e1rm: str | None = Field(None, description="Barbell hip thrust e1RM, e.g. 140kg.")
    periodisation: str = Field("linear", description="linear or undulating.")
    deload_every: int = Field(5, description="A deload week every N weeks (0: none).")


class PlanOut(OpenModel):
    """The plan JSON of docs/programming.md, with the stored plan's id and notes."""

    plan_id: int
    schema_version: int
    refused: bool
    goal: str
    units: str
    rung: int
    weeks: list[dict[str, Any]]
    notes: list[str]


@router.get(
    "/api/v1/athletes/{athlete_id}/plan",
    response_model=PlanOut,
    responses={404: {"description": "No active plan yet."}},
)
def plan_api(athlete_id: int, actor: CurrentActor, db: DB) -> dict[str, Any]:
    """The active plan (404 when there is none)."""
    found = plan_of(db, actor, athlete_id)
    if found.plan is None:
        raise HTTPException(404, "no active plan yet: POST to write one")
    return {"plan_id": found.plan.id, **found.plan.plan}


@router.post("/api/v1/athletes/{athlete_id}/plan", response_model=PlanOut, status_code=201)
def write_plan_api(athlete_id: int, body: PlanIn, actor: CurrentActor, db: DB) -> dict[str, Any]:
    """Write a plan and keep it as the active one (``hipthrust plan --json``)."""
    written = write_plan(db, actor, athlete_id, PlanForm(**body.model_dump()), now_utc())
    return {"plan_id": None if written.stored is None else written.stored.id, **written.to_json()}
