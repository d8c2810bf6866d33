"""The onboarding assessment: a three-step wizard, its result, and its API.

``/athletes/{id}/assess`` asks, one step at a time: screening (red flags; surgeries,
pregnancy and painful conditions with their dates and clearances), pain, then the bridge test
with the training background and the equipment. The answers travel between steps in hidden
fields (the answers-file JSON of docs/assessment.md, nothing kept on the server); each step
is checked on its own and a bad value is shown next to its field. The last step assesses and
keeps the result with ``remember_assessment`` (what ``hipthrust assess`` does), and
``/athletes/{id}/assess/result`` shows it: the start rung, why, and the flags that need a
clinician. API: ``GET``/``POST /api/v1/athletes/{id}/assessment``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.records import FELT_IN
from hipthrust.coaching.screening import (
    CONDITION_DESCRIPTIONS,
    FLAG_DESCRIPTIONS,
    RED_FLAG_DESCRIPTIONS,
    ConditionKind,
    RedFlag,
)
from hipthrust.coaching.units import Units, format_mass, from_kg, parse_mass
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
from hipthrust.web.routes.training_common import (
    FieldErrors,
    OpenModel,
    now_utc,
    read_float,
    read_int,
    text_of,
)

__all__ = ["STEPS", "router"]

router = APIRouter()

STEPS = ("screening", "pain", "bridge")
STEP_TITLES = {
    "screening": "Safety first",
    "pain": "Pain",
    "bridge": "The bridge test and your training",
}
CLEARANCE_KINDS = frozenset(
    {
        ConditionKind.HIP_REPLACEMENT,
        ConditionKind.HIP_RESURFACING,
        ConditionKind.ABDOMINAL_SURGERY_OPEN,
        ConditionKind.ABDOMINAL_SURGERY_LAPAROSCOPIC,
        ConditionKind.HERNIA_REPAIR,
        ConditionKind.ABDOMINOPLASTY,
        ConditionKind.PREGNANCY,
    }
)
EQUIPMENT_FIELDS = ("barbell", "bench", "bands", "machine")
_STEP_KEYS = {
    "screening": ("red_flags", "conditions"),
    "pain": ("pain_now", "pain_worsening"),
    "bridge": (
        "bridge_test",
        "pain_during_bridge",
        "lumbar_compensation",
        "training_age_months",
        "bodyweight_kg",
        "hip_thrust_1rm_kg",
        "single_leg_bridge_endurance",
    ),
}


# --------------------------------------------------------------------------- the steps read


def _carried(form: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A hidden JSON object carried from the earlier steps."""
    text = text_of(form, name)
    if not text:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise InputError("the form was damaged on the way: start the assessment again") from None
    if not isinstance(data, dict):
        raise InputError("the form was damaged on the way: start the assessment again")
    return data


def _read_screening(form: FormData, today: date, errors: FieldErrors) -> dict[str, Any]:
    flags = [value for value in form.getlist("red_flags") if value in set(RedFlag)]
    conditions: list[dict[str, Any]] = []
    for value in form.getlist("condition"):
        if value not in set(ConditionKind):
            continue
        kind = ConditionKind(value)
        entry: dict[str, Any] = {"kind": kind.value}
        if kind is ConditionKind.PREGNANCY:
            entry["weeks_ago"] = read_float(
                form, f"weeks_{kind.value}", errors, 0, 45, "number of weeks pregnant"
            )
        else:
            entry["weeks_ago"] = _weeks_since(form, f"since_{kind.value}", today, errors)
        if kind in CLEARANCE_KINDS:
            entry["cleared"] = text_of(form, f"cleared_{kind.value}") == "on"
        conditions.append(entry)
    return {"red_flags": flags, "conditions": conditions}


def _weeks_since(form: Mapping[str, Any], name: str, today: date, errors: FieldErrors) -> Any:
    text = text_of(form, name)
    if not text:
        return None
    try:
        when = date.fromisoformat(text)
    except ValueError:
        errors[name] = "write the date like 2026-03-14"
        return None
    if when > today:
        errors[name] = "this date is in the future: give the day it happened or began"
        return None
    if (today - when).days > 5200 * 7:
        errors[name] = "this date is too long ago: leave it empty if you do not know it"
        return None
    return round((today - when).days / 7, 1)


def _read_pain(form: FormData, errors: FieldErrors) -> dict[str, Any]:
    return {
        "pain_now": read_int(form, "pain_now", errors, 0, 10, "pain at rest"),
        "pain_worsening": text_of(form, "pain_worsening") == "on",
    }


def _places(form: FormData, name: str) -> list[str]:
    return [value for value in form.getlist(name) if value in FELT_IN]


def _mass_kg(
    form: Mapping[str, Any],
    name: str,
    units: Units,
    low: float,
    high: float,
    what: str,
    errors: FieldErrors,
) -> float | None:
    text = text_of(form, name)
    if not text:
        return None
    try:
        if text.startswith("-"):
            raise InputError(f"the {what} cannot be negative")
        kg = parse_mass(text, units)
    except InputError as error:
        errors[name] = str(error)
        return None
    if not low <= kg <= high:
        errors[name] = (
            f"the {what} must be from {format_mass(low, units)} to {format_mass(high, units)}"
        )
        return None
    return round(kg, 3)


def _pair(
    form: FormData, left: str, right: str, errors: FieldErrors, reader: Any
) -> tuple[Any, Any] | None:
    """Both sides or neither; one alone is an error on the other."""
    a, b = reader(left), reader(right)
    if a is None and b is None:
        return None
    if a is None and left not in errors:
        errors[left] = "give both sides, or leave both empty"
    if b is None and right not in errors:
        errors[right] = "give both sides, or leave both empty"
    return None if a is None or b is None else (a, b)


def _read_bridge(
    form: FormData, units: Units, errors: FieldErrors
) -> tuple[dict[str, Any], Equipment]:
    def reps(name: str) -> int | None:
        return read_int(form, name, errors, 0, 200, "number of reps")

    def degrees(name: str) -> float | None:
        return read_float(form, name, errors, -45, 60, "hip extension in degrees")

    test: dict[str, Any] = {}
    full = text_of(form, "full_extension")
    if full in ("yes", "no"):
        test["two_leg"] = {
            "full_extension": full == "yes",
            "reps": reps("two_leg_reps"),
            "felt_in": _places(form, "two_leg_felt"),
        }
    elif full:
        errors["full_extension"] = "answer yes or no (or leave the test out)"
    single = _pair(form, "single_left", "single_right", errors, reps)
    if single is not None:
        test["single_leg"] = {
            "left_reps": single[0],
            "right_reps": single[1],
            "felt_in": _places(form, "single_felt"),
        }
    hug = _pair(form, "hug_left", "hug_right", errors, degrees)
    if hug is not None:
        test["hug_knee_hip_extension_deg"] = {"left": hug[0], "right": hug[1]}
    endurance = _pair(form, "endurance_left", "endurance_right", errors, reps)
    data: dict[str, Any] = {
        "bridge_test": test or None,
        "pain_during_bridge": read_int(form, "pain_during_bridge", errors, 0, 10, "pain"),
        "lumbar_compensation": text_of(form, "lumbar_compensation") == "on",
        "training_age_months": read_int(
            form, "training_age_months", errors, 0, 1200, "number of months"
        ),
        "bodyweight_kg": _mass_kg(form, "bodyweight", units, 20, 400, "bodyweight", errors),
        "hip_thrust_1rm_kg": _mass_kg(form, "one_rm", units, 1, 1000, "1RM", errors),
        "single_leg_bridge_endurance": None
        if endurance is None
        else {"left_reps": endurance[0], "right_reps": endurance[1]},
    }
    equipment = Equipment(
        **{name: text_of(form, f"has_{name}") == "on" for name in EQUIPMENT_FIELDS}
    )
    return data, equipment


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


# --------------------------------------------------------------------------- the steps shown


def _fields_of(answers: Mapping[str, Any], today: date, units: Units) -> dict[str, Any]:
    """The form values the answers so far give (for Back, and for a step shown again)."""
    fields: dict[str, Any] = {
        "red_flags": list(answers.get("red_flags") or []),
        "condition": [],
        "pain_now": answers.get("pain_now"),
        "pain_worsening": bool(answers.get("pain_worsening")),
        "pain_during_bridge": answers.get("pain_during_bridge"),
        "lumbar_compensation": bool(answers.get("lumbar_compensation")),
        "training_age_months": answers.get("training_age_months"),
    }
    for item in answers.get("conditions") or []:
        if not isinstance(item, dict):
            continue
        kind = str(item.get("kind"))
        fields["condition"].append(kind)
        weeks = item.get("weeks_ago")
        if isinstance(weeks, int | float):
            if kind == ConditionKind.PREGNANCY.value:
                fields[f"weeks_{kind}"] = f"{weeks:g}"
            else:
                fields[f"since_{kind}"] = (today - timedelta(days=round(weeks * 7))).isoformat()
        fields[f"cleared_{kind}"] = bool(item.get("cleared"))
    test = answers.get("bridge_test") or {}
    two = test.get("two_leg") or {}
    if two:
        fields["full_extension"] = "yes" if two.get("full_extension") else "no"
        fields["two_leg_reps"] = two.get("reps")
        fields["two_leg_felt"] = list(two.get("felt_in") or [])
    one = test.get("single_leg") or {}
    fields["single_left"], fields["single_right"] = one.get("left_reps"), one.get("right_reps")
    fields["single_felt"] = list(one.get("felt_in") or [])
    hug = test.get("hug_knee_hip_extension_deg") or {}
    fields["hug_left"], fields["hug_right"] = hug.get("left"), hug.get("right")
    endurance = answers.get("single_leg_bridge_endurance") or {}
    fields["endurance_left"] = endurance.get("left_reps")
    fields["endurance_right"] = endurance.get("right_reps")
    for name, key in (("bodyweight", "bodyweight_kg"), ("one_rm", "hip_thrust_1rm_kg")):
        kg = answers.get(key)
        fields[name] = f"{round(from_kg(kg, units), 1):g}" if isinstance(kg, int | float) else None
    return fields


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
    fields = _fields_of(answers, today, units)
    if form is not None:  # show what was typed, bad values included
        for key in list(fields):
            if key in _LISTS:
                fields[key] = []
            elif isinstance(fields[key], bool):
                fields[key] = False
        for key in form:
            values = form.getlist(key)
            fields[key] = values if key in _LISTS else values[-1]
    have = {name: equipment.get(name) for name in EQUIPMENT_FIELDS}
    if form is not None and step == "bridge":
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
    )


_LISTS = frozenset({"red_flags", "condition", "two_leg_felt", "single_felt"})


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
    answers = _carried(form, "answers")
    equipment = _carried(form, "equipment")
    if text_of(form, "action") == "back":
        earlier = STEPS[max(0, STEPS.index(step) - 1)]
        return _show_step(request, actor, athlete, earlier, answers, equipment, today)
    errors: FieldErrors = {}
    kit = None
    if step == "screening":
        read = _read_screening(form, today, errors)
    elif step == "pain":
        read = _read_pain(form, errors)
    else:
        read, kit = _read_bridge(form, athlete.units, errors)
    if errors:
        return _show_step(
            request, actor, athlete, step, answers, equipment, today, errors, form, 400
        )
    merged = {key: value for key, value in answers.items() if key not in _STEP_KEYS[step]}
    merged.update(_without_empty(read))
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
    athlete, current = assessment_of(db, actor, athlete_id, now_utc())
    if current is None:
        return RedirectResponse(f"/athletes/{athlete_id}/assess", status_code=303)
    return render(
        request,
        "training_assess_result.html",
        actor=actor,
        athlete=athlete,
        **_result_view(current, athlete.units),
    )


def _result_view(current: CurrentAssessment, units: Units) -> dict[str, Any]:
    result = current.result
    clinician = [flag for flag in result.flags if flag in CLINICIAN_FLAGS]
    others = [flag for flag in result.flags if flag not in CLINICIAN_FLAGS]
    level = result.strength_level
    one_rm = result.answers.hip_thrust_1rm_kg
    strength = None
    if level is not None and one_rm is not None:
        strength = (
            f"Hip thrust 1RM {format_mass(one_rm, units)} = {level.ratio:g} x bodyweight: "
            f"around '{level.level}'. {level.note}"
        )
    return {
        "result": result,
        "taken_on": current.taken_on.isoformat(),
        "adjusted": current.adjusted,
        "start": LADDER[result.start_rung],
        "ceiling": LADDER[result.max_rung],
        "clinician_flags": [(flag.value, FLAG_DESCRIPTIONS[flag]) for flag in clinician],
        "other_flags": [(flag.value, FLAG_DESCRIPTIONS[flag]) for flag in others],
        "considerations": [item.replace("_", " ") for item in result.considerations],
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


def _assessment_json(athlete: Any, current: CurrentAssessment) -> dict[str, Any]:
    return {
        **current.to_json(),
        "clinician_flags": [flag.value for flag in current.result.flags if flag in CLINICIAN_FLAGS],
        "current_rung": athlete.current_rung,
    }


@router.get("/api/v1/athletes/{athlete_id}/assessment", response_model=AssessmentOut)
def assessment_api(athlete_id: int, actor: CurrentActor, db: DB) -> dict[str, Any]:
    """The latest assessment as it stands today (404 when there is none)."""
    athlete, current = assessment_of(db, actor, athlete_id, now_utc())
    if current is None:
        raise HTTPException(404, "no assessment yet: POST the answers to take one")
    return _assessment_json(athlete, current)


@router.post(
    "/api/v1/athletes/{athlete_id}/assessment", response_model=AssessmentOut, status_code=201
)
def take_assessment_api(
    athlete_id: int,
    actor: CurrentActor,
    db: DB,
    answers: dict[str, Any] = Body(  # noqa: B008
        description="The answers file of docs/assessment.md (hipthrust assess --schema); "
        "every field may be left out."
    ),
) -> dict[str, Any]:
    """Assess the answers and keep the result, as ``hipthrust assess --answers FILE``."""
    athlete, current = take_assessment(db, actor, athlete_id, answers, now_utc())
    return _assessment_json(athlete, current)
