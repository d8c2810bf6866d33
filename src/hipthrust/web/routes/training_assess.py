"""The onboarding assessment: a seven-step wizard, its result, and its API.

``/athletes/{id}/assess`` asks, one short step at a time (none longer than two phone screens):
red flags; surgeries, pregnancy and painful conditions with their dates and clearances; pain;
the bridge test's three parts (two legs, one leg, hugging the other knee: in degrees, or
compared with the two-leg bridge when there is nothing to measure the angle with); then the
training background and the equipment. The answers travel between steps in hidden
fields (the answers-file JSON of docs/assessment.md, nothing kept on the server); each step
is checked on its own and a bad value is shown next to its field. The last step assesses and
keeps the result with ``remember_assessment`` (what ``hipthrust assess`` does), and
``/athletes/{id}/assess/result`` shows it: the start rung, why, and the flags that need a
clinician. API: ``GET``/``POST /api/v1/athletes/{id}/assessment``.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from hipthrust.coaching.assessment_answers import HUG_COMPARISON_DESCRIPTIONS, HugComparison
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.records import FELT_IN
from hipthrust.coaching.screening import (
    CONDITION_DESCRIPTIONS,
    FLAG_DESCRIPTIONS,
    RED_FLAG_DESCRIPTIONS,
    ConditionKind,
    RedFlag,
)
from hipthrust.coaching.units import Units, format_mass
from hipthrust.errors import InputError
from hipthrust.service.athlete_portal import (
    CLINICIAN_FLAGS,
    Equipment,
    assessment_of,
    athlete_of,
    take_assessment,
)
from hipthrust.service.athletes import CurrentAssessment
from hipthrust.web.deps import DB, CurrentActor, render
from hipthrust.web.routes.training_assess_form import (
    CLEARANCE_KINDS,
    EQUIPMENT_FIELDS,
    LIST_FIELDS,
    STEPS,
    carried,
    fields_of,
    merge_step,
    read_step,
)
from hipthrust.web.routes.training_common import (
    FieldErrors,
    OpenModel,
    now_utc,
    text_of,
)

__all__ = ["STEPS", "router"]

router = APIRouter()

STEP_TITLES = {
    "screening": "Safety first",
    "conditions": "Surgeries, pregnancy and pain",
    "pain": "Pain",
    "bridge": "The bridge test, part 1 of 3: two legs",
    "single_leg": "The bridge test, part 2 of 3: one leg",
    "knee_hug": "The bridge test, part 3 of 3: hugging a knee",
    "training": "Your training and equipment",
}
# The knee-hug bridge compared with the two-leg bridge (no protractor needed).
HUG_CHOICES = [(answer.value, HUG_COMPARISON_DESCRIPTIONS[answer]) for answer in HugComparison]


def _show_step(
    request: Request,
    actor: Any,
    athlete: Any,
    step: str,
    answers: dict[str, Any],
    equipment: dict[str, Any],
    today: date,
    errors: FieldErrors | None = None,
    form: FormData | None = None,
    status: int = 200,
) -> Response:
    units: Units = athlete.units
    fields = fields_of(answers, today, units)
    if form is not None:  # show what was typed, bad values included
        for key in list(fields):
            if key in LIST_FIELDS:
                fields[key] = []
            elif isinstance(fields[key], bool):
                fields[key] = False
        for key in form:
            values = form.getlist(key)
            fields[key] = values if key in LIST_FIELDS else values[-1]
    have = {name: equipment.get(name) for name in EQUIPMENT_FIELDS}
    if form is not None and step == "training":
        have = {name: text_of(form, f"has_{name}") == "on" for name in EQUIPMENT_FIELDS}
    return render(
        request,
        "training_assess.html",
        status,
        actor=actor,
        athlete=athlete,
        step=step,
        number=STEPS.index(step) + 1,
        total=len(STEPS),
        title=STEP_TITLES[step],
        answers_json=json.dumps(answers, separators=(",", ":")),
        equipment_json=json.dumps(equipment, separators=(",", ":")),
        fields=fields,
        have=have,
        errors=errors or {},
        units=units,
        today=today.isoformat(),
        red_flags=[(flag.value, RED_FLAG_DESCRIPTIONS[flag]) for flag in RedFlag],
        conditions=[
            (kind.value, CONDITION_DESCRIPTIONS[kind], kind in CLEARANCE_KINDS)
            for kind in ConditionKind
        ],
        places=[(place, place.replace("_", " ")) for place in FELT_IN],
        scores=[str(score) for score in range(11)],
        hug_choices=HUG_CHOICES,
    )


# --------------------------------------------------------------------------- pages


@router.get("/athletes/{athlete_id}/assess", include_in_schema=False)
def assess_page(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    now = now_utc()
    athlete = athlete_of(db, actor, athlete_id)
    return _show_step(request, actor, athlete, "screening", {}, {}, now.date())


@router.post("/athletes/{athlete_id}/assess", include_in_schema=False)
async def assess_step(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    form = await request.form()
    now = now_utc()
    today = now.date()
    athlete = athlete_of(db, actor, athlete_id)
    step = text_of(form, "step")
    if step not in STEPS:
        step = "screening"
    answers = carried(form, "answers")
    equipment = carried(form, "equipment")
    if text_of(form, "action") == "back":
        earlier = STEPS[max(0, STEPS.index(step) - 1)]
        return _show_step(request, actor, athlete, earlier, answers, equipment, today)
    errors: FieldErrors = {}
    read, kit = read_step(step, form, today, athlete.units, errors)
    if errors:
        return _show_step(
            request, actor, athlete, step, answers, equipment, today, errors, form, 400
        )
    merged = merge_step(answers, step, read)
    if kit is not None:
        equipment = {name: getattr(kit, name) for name in EQUIPMENT_FIELDS}
    referred = step == "screening" and bool(merged.get("red_flags"))
    if step != STEPS[-1] and not referred:
        following = STEPS[STEPS.index(step) + 1]
        return _show_step(request, actor, athlete, following, merged, equipment, today)
    kept = Equipment(**{name: equipment.get(name) for name in EQUIPMENT_FIELDS})
    try:
        take_assessment(db, actor, athlete_id, merged, now, kept)
    except InputError as error:
        errors["answers"] = str(error)
        return _show_step(
            request, actor, athlete, step, answers, equipment, today, errors, form, 400
        )
    return RedirectResponse(f"/athletes/{athlete_id}/assess/result", status_code=303)


@router.get("/athletes/{athlete_id}/assess/result", include_in_schema=False)
def assess_result(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    athlete, current, _ = assessment_of(db, actor, athlete_id, now_utc())
    if current is None:
        return RedirectResponse(f"/athletes/{athlete_id}/assess", status_code=303)
    return render(
        request,
        "training_assess_result.html",
        actor=actor,
        athlete=athlete,
        **_result_view(current, athlete.units),
    )


# What shapes the plan, in the words the wizard asked about it ("low back pain or a back
# injury", not "low back pain"); the surgeries of the abdomen are one consideration.
_CONSIDERATION_WORDS = {kind.value: text for kind, text in CONDITION_DESCRIPTIONS.items()} | {
    "abdominal_surgery": "abdominal surgery"
}


def _result_view(current: CurrentAssessment, units: Units) -> dict[str, Any]:
    result = current.result
    clinician = [flag for flag in result.flags if flag in CLINICIAN_FLAGS]
    others = [flag for flag in result.flags if flag not in CLINICIAN_FLAGS]
    level = result.strength_level
    one_rm = result.answers.hip_thrust_1rm_kg
    strength = None
    if level is not None and one_rm is not None:
        strength = (
            f"Hip thrust 1RM {format_mass(one_rm, units)} = {level.ratio:g} x bodyweight. "
            f"{level.note}"
        )
    return {
        "result": result,
        "taken_on": current.taken_on.isoformat(),
        "adjusted": current.adjusted,
        "start": LADDER[result.start_rung],
        "ceiling": LADDER[result.max_rung],
        "clinician_flags": [(flag.value, FLAG_DESCRIPTIONS[flag]) for flag in clinician],
        "other_flags": [(flag.value, FLAG_DESCRIPTIONS[flag]) for flag in others],
        "considerations": [
            _CONSIDERATION_WORDS.get(item, item.replace("_", " ")) for item in result.considerations
        ],
        "strength": strength,
    }


# --------------------------------------------------------------------------- API


class AssessmentOut(OpenModel):
    """The assessment result contract of docs/assessment.md (``schema_version`` 1), as it
    stands today, with ``taken_at`` and ``adjusted``, and the athlete's rung after it."""

    schema_version: int
    start_rung: int
    max_rung: int
    loading_allowed: bool
    exercise_allowed: bool
    flags: list[str]
    clinician_flags: list[str]
    reasons: list[str]
    cues: list[str]
    taken_at: str
    current_rung: int | None


@router.get(
    "/api/v1/athletes/{athlete_id}/assessment",
    response_model=AssessmentOut,
    responses={404: {"description": "No assessment yet."}},
)
def assessment_api(athlete_id: int, actor: CurrentActor, db: DB) -> dict[str, Any]:
    """The latest assessment as it stands today (404 when there is none)."""
    found = assessment_of(db, actor, athlete_id, now_utc())
    if found.current is None:
        raise HTTPException(404, "no assessment yet: POST the answers to take one")
    return found.to_json()


@router.post(
    "/api/v1/athletes/{athlete_id}/assessment", response_model=AssessmentOut, status_code=201
)
def take_assessment_api(
    athlete_id: int,
    actor: CurrentActor,
    db: DB,
    answers: dict[str, Any] = Body(  # noqa: B008
        description="The answers file of docs/assessment.md (hipthrust assess --schema); "
        "every field may be left out.",
        openapi_examples={
            "after surgery": {
                "summary": "A hernia repair 9 weeks ago, not cleared, and the bridge test",
                "value": {
                    "conditions": [{"kind": "hernia_repair", "weeks_ago": 9, "cleared": False}],
                    "pain_now": 1,
                    "bridge_test": {
                        "two_leg": {"full_extension": True, "felt_in": ["glutes"], "reps": 15},
                        "single_leg": {"left_reps": 10, "right_reps": 12},
                    },
                    "bodyweight_kg": 70,
                },
            }
        },
    ),
) -> dict[str, Any]:
    """Assess the answers and keep the result, as ``hipthrust assess --answers FILE``."""
    return take_assessment(db, actor, athlete_id, answers, now_utc()).to_json()
