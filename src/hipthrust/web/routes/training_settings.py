"""The athlete's settings: units, training days, time zone, equipment, goal, shift work.

Page: ``/athletes/{id}/settings`` (one form, every value shown as stored); API: ``GET`` and
``PATCH /api/v1/athletes/{id}/settings`` (the profile as ``hipthrust athletes --json`` gives
it). Both call ``service.athlete_portal.change_settings``; the next plan and Today use them.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import Field

from hipthrust.coaching.goals import Goal
from hipthrust.coaching.week import WEEKDAYS
from hipthrust.errors import InputError
from hipthrust.service.athlete_portal import AthleteSettings, athlete_of, change_settings
from hipthrust.service.athletes import profile_json
from hipthrust.store import Athlete
from hipthrust.web.deps import DB, CurrentActor, render
from hipthrust.web.routes.training_common import OpenModel, StrictModel, text_of

__all__ = ["router"]

router = APIRouter()

_FIELDS = ("units", "goal", "training_days", "time_zone", "bar", "plates", "shift_days")
_ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Asia/Tokyo",
)


def _values(athlete: Athlete) -> dict[str, Any]:
    profile = profile_json(athlete)
    equipment = profile["equipment"]
    return {
        "units": athlete.units,
        "goal": athlete.goal or "",
        "training_days": list(athlete.training_days),
        "time_zone": athlete.time_zone or "",
        "bar": f"{equipment['bar']:g}",
        "plates": ",".join(f"{size:g}" for size in equipment["plates"]),
        "equipment_units": equipment["units"],
        "barbell": equipment["has_barbell"],
        "bench": equipment["has_bench"],
        "bands": equipment["has_bands"],
        "machine": equipment["has_machine"],
        "on_shift": athlete.on_shift,
        "shift_days": profile["shift_days"],
        "deadlift_day": athlete.deadlift_day or "",
    }


def _page(
    request: Request,
    actor: Any,
    athlete: Athlete,
    status: int = 200,
    error: str = "",
    saved: bool = False,
) -> Response:
    return render(
        request,
        "training_settings.html",
        status,
        actor=actor,
        athlete=athlete,
        values=_values(athlete),
        weekdays=WEEKDAYS,
        goals=[goal.value for goal in Goal],
        zones=_ZONES,
        error=error,
        saved=saved,
    )


@router.get("/athletes/{athlete_id}/settings", include_in_schema=False)
def settings_page(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    athlete = athlete_of(db, actor, athlete_id)
    return _page(request, actor, athlete, saved="saved" in request.query_params)


def _days(form: Any, name: str) -> str:
    days = [day for day in form.getlist(name) if day in WEEKDAYS]
    return ",".join(days) if days else "none"


@router.post("/athletes/{athlete_id}/settings", include_in_schema=False)
async def settings_submit(
    request: Request, athlete_id: int, actor: CurrentActor, db: DB
) -> Response:
    form = await request.form()
    settings = AthleteSettings(
        units=text_of(form, "units") or None,
        goal=text_of(form, "goal") or None,
        training_days=_days(form, "training_days"),
        time_zone=text_of(form, "time_zone"),
        bar=text_of(form, "bar") or None,
        plates=text_of(form, "plates") or None,
        barbell=text_of(form, "barbell") == "on",
        bench=text_of(form, "bench") == "on",
        bands=text_of(form, "bands") == "on",
        machine=text_of(form, "machine") == "on",
        on_shift=text_of(form, "on_shift") == "on",
        shift_days=_days(form, "shift_days"),
        deadlift_day=text_of(form, "deadlift_day") or "none",
    )
    try:
        change_settings(db, actor, athlete_id, settings)
    except InputError as error:
        athlete = athlete_of(db, actor, athlete_id)
        return _page(request, actor, athlete, 400, error=str(error))
    return RedirectResponse(f"/athletes/{athlete_id}/settings?saved=1", status_code=303)


class SettingsIn(StrictModel):
    """The settings to change; a key left out keeps the stored value."""

    units: str | None = Field(None, description="kg or lb.")
    goal: str | None = Field(None, description="strength, hypertrophy, endurance or rehab.")
    training_days: str | None = Field(None, description='e.g. "mon,thu"; "none" clears.')
    time_zone: str | None = Field(None, description='An IANA name, e.g. "America/New_York".')
    bar: str | None = Field(None, description="The bar, e.g. 20kg or 45lb.")
    plates: str | None = Field(None, description='Plate sizes, e.g. "25,20,10,5,2.5,1.25".')
    barbell: bool | None = None
    bench: bool | None = None
    bands: bool | None = None
    machine: bool | None = None
    on_shift: bool | None = Field(None, description="Working shifts (firefighters).")
    shift_days: str | None = Field(None, description='e.g. "tue,wed"; "none" clears.')
    deadlift_day: str | None = Field(None, description='e.g. "tue"; "none" clears.')


class SettingsOut(OpenModel):
    name: str
    units: str
    time_zone: str | None


@router.get("/api/v1/athletes/{athlete_id}/settings", response_model=SettingsOut)
def settings_api(athlete_id: int, actor: CurrentActor, db: DB) -> dict[str, Any]:
    """The athlete's settings, as ``hipthrust athletes --json`` gives a profile."""
    return profile_json(athlete_of(db, actor, athlete_id))


@router.patch("/api/v1/athletes/{athlete_id}/settings", response_model=SettingsOut)
def settings_change_api(
    athlete_id: int, body: SettingsIn, actor: CurrentActor, db: DB
) -> dict[str, Any]:
    """Change the athlete's settings (``hipthrust athletes set``)."""
    return profile_json(
        change_settings(db, actor, athlete_id, AthleteSettings(**body.model_dump()))
    )
