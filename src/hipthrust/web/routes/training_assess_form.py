"""The assessment wizard's forms: each step read field by field, and the answers shown again.

The answers so far travel in a hidden field as the answers-file JSON (docs/assessment.md);
``read_screening``, ``read_pain`` and ``read_bridge`` read one step's fields into that shape
(a bad value goes to ``errors`` under its field's name) and ``fields_of`` turns answers back
into form values, for "Back" and for a step shown again with its errors.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from starlette.datastructures import FormData

from hipthrust.coaching.records import FELT_IN
from hipthrust.coaching.screening import (
    CEILING_CONDITIONS,
    CLEARANCE_CONDITIONS,
    ConditionKind,
    RedFlag,
)
from hipthrust.coaching.units import Units, format_mass, from_kg, parse_mass
from hipthrust.errors import InputError
from hipthrust.service.assessment_io import ceiling_text, parse_load_ceiling
from hipthrust.service.athlete_portal import Equipment
from hipthrust.web.routes.training_common import FieldErrors, read_float, read_int, text_of

__all__ = [
    "CLEARANCE_KINDS",
    "EQUIPMENT_FIELDS",
    "LIST_FIELDS",
    "STEPS",
    "STEP_KEYS",
    "carried",
    "fields_of",
    "read_bridge",
    "read_pain",
    "read_screening",
    "without_empty",
]

STEPS = ("screening", "pain", "bridge")
CLEARANCE_KINDS = CLEARANCE_CONDITIONS
EQUIPMENT_FIELDS = ("barbell", "bench", "bands", "machine")
STEP_KEYS = {
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


LIST_FIELDS = frozenset({"red_flags", "condition", "two_leg_felt", "single_felt"})


# --------------------------------------------------------------------------- the steps read


def carried(form: Mapping[str, Any], name: str) -> dict[str, Any]:
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


def read_screening(
    form: FormData, today: date, errors: FieldErrors, units: Units = "kg"
) -> dict[str, Any]:
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
            # The clinician's load ceiling, given with the clearance (issue 16): 0.8x or 60kg.
            ceiling = text_of(form, f"ceiling_{kind.value}")
            if ceiling and kind in CEILING_CONDITIONS:
                try:
                    entry.update(parse_load_ceiling(ceiling, units))
                except InputError as error:
                    errors[f"ceiling_{kind.value}"] = str(error)
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


def read_pain(form: FormData, errors: FieldErrors) -> dict[str, Any]:
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


def read_bridge(
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


def without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


# --------------------------------------------------------------------------- the steps shown


def fields_of(answers: Mapping[str, Any], today: date, units: Units) -> dict[str, Any]:
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
        fields[f"ceiling_{kind}"] = ceiling_text(item, units)
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
