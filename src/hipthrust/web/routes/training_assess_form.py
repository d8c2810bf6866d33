"""The assessment wizard's forms: each step read field by field, and the answers shown again.

The answers so far travel in a hidden field as the answers-file JSON (docs/assessment.md);
``read_step`` reads one step's fields into that shape (a bad value goes to ``errors`` under its
field's name), ``merge_step`` puts them in place of that step's earlier answers (the bridge
test's three parts are three steps, each its own part of ``bridge_test``), and ``fields_of``
turns answers back into form values, for "Back" and for a step shown again with its errors.
Seven short steps, none longer than two phone screens (tests/browser measures them).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from starlette.datastructures import FormData

from hipthrust.coaching.assessment import HugComparison
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
    "HUG_COMPARISONS",
    "LIST_FIELDS",
    "NOT_DONE_BUT_FILLED",
    "STEPS",
    "STEP_KEYS",
    "carried",
    "fields_of",
    "merge_step",
    "read_step",
]

STEPS = ("screening", "conditions", "pain", "bridge", "single_leg", "knee_hug", "training")
CLEARANCE_KINDS = CLEARANCE_CONDITIONS
EQUIPMENT_FIELDS = ("barbell", "bench", "bands", "machine")
# The answers each step gives ("bridge_test.x" is one part of the bridge test).
STEP_KEYS = {
    "screening": ("red_flags",),
    "conditions": ("conditions",),
    "pain": ("pain_now", "pain_worsening"),
    "bridge": ("bridge_test.two_leg", "pain_during_bridge", "lumbar_compensation"),
    "single_leg": ("bridge_test.single_leg",),
    "knee_hug": ("bridge_test.hug_knee_hip_extension_deg", "bridge_test.hug_knee_compared"),
    "training": (
        "training_age_months",
        "bodyweight_kg",
        "hip_thrust_1rm_kg",
        "single_leg_bridge_endurance",
    ),
}
HUG_COMPARISONS = tuple(answer.value for answer in HugComparison)


LIST_FIELDS = frozenset({"red_flags", "condition", "two_leg_felt", "single_felt"})
NOT_DONE_BUT_FILLED = (
    'you chose "I did not do the test" but filled it in: answer yes or no, '
    "or empty the reps and where you felt it"
)


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


def read_screening(form: FormData) -> dict[str, Any]:
    return {"red_flags": [value for value in form.getlist("red_flags") if value in set(RedFlag)]}


def read_conditions(
    form: FormData, today: date, errors: FieldErrors, units: Units = "kg"
) -> dict[str, Any]:
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
    return {"conditions": conditions}


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


def _reps(form: FormData, name: str, errors: FieldErrors) -> int | None:
    return read_int(form, name, errors, 0, 200, "number of reps")


def read_two_leg(form: FormData, errors: FieldErrors) -> dict[str, Any]:
    test: dict[str, Any] = {}
    full = text_of(form, "full_extension")
    if full in ("yes", "no"):
        test["two_leg"] = {
            "full_extension": full == "yes",
            "reps": _reps(form, "two_leg_reps", errors),
            "felt_in": _places(form, "two_leg_felt"),
        }
    elif full:
        errors["full_extension"] = "answer yes or no (or leave the test out)"
    elif text_of(form, "two_leg_reps") or _places(form, "two_leg_felt"):
        # "I did not do the test" (checked until another answer is picked) with the test
        # filled in: keeping the reps would contradict the answer, dropping them would lose
        # a count typed by someone who forgot yes or no. Neither silently: ask (as the API
        # and the answers file refuse a two-leg bridge without full_extension).
        _reps(form, "two_leg_reps", errors)  # an impossible count is also named as such
        errors["full_extension"] = NOT_DONE_BUT_FILLED
    return {
        "bridge_test": test,
        "pain_during_bridge": read_int(form, "pain_during_bridge", errors, 0, 10, "pain"),
        "lumbar_compensation": text_of(form, "lumbar_compensation") == "on",
    }


def read_single_leg(form: FormData, errors: FieldErrors) -> dict[str, Any]:
    single = _pair(form, "single_left", "single_right", errors, lambda n: _reps(form, n, errors))
    if single is None:
        if _places(form, "single_felt") and not errors:
            errors["single_left"] = "give the reps of both sides, or untick where you felt it"
        return {"bridge_test": {}}
    return {
        "bridge_test": {
            "single_leg": {
                "left_reps": single[0],
                "right_reps": single[1],
                "felt_in": _places(form, "single_felt"),
            }
        }
    }


def read_knee_hug(form: FormData, errors: FieldErrors) -> dict[str, Any]:
    """Degrees when measured, or the comparison with the two-leg bridge (not both)."""

    def degrees(name: str) -> float | None:
        return read_float(form, name, errors, -45, 60, "hip extension in degrees")

    def compared(name: str) -> str | None:
        value = text_of(form, name)
        if value and value not in HUG_COMPARISONS:
            errors[name] = "pick one of the answers"
            return None
        return value or None

    hug = _pair(form, "hug_left", "hug_right", errors, degrees)
    by_eye = _pair(form, "hug_compared_left", "hug_compared_right", errors, compared)
    if hug is not None and by_eye is not None:
        errors["hug_left"] = (
            "give the degrees or the comparison with the two-leg bridge, not both: "
            "empty these if you did not measure the angle"
        )
        return {"bridge_test": {}}
    test: dict[str, Any] = {}
    if hug is not None:
        test["hug_knee_hip_extension_deg"] = {"left": hug[0], "right": hug[1]}
    if by_eye is not None:
        test["hug_knee_compared"] = {"left": by_eye[0], "right": by_eye[1]}
    return {"bridge_test": test}


def read_training(
    form: FormData, units: Units, errors: FieldErrors
) -> tuple[dict[str, Any], Equipment]:
    endurance = _pair(
        form, "endurance_left", "endurance_right", errors, lambda n: _reps(form, n, errors)
    )
    data: dict[str, Any] = {
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


def read_step(
    step: str, form: FormData, today: date, units: Units, errors: FieldErrors
) -> tuple[dict[str, Any], Equipment | None]:
    """One step's answers (answers-file shape) and, on the last step, the equipment."""
    if step == "screening":
        return read_screening(form), None
    if step == "conditions":
        return read_conditions(form, today, errors, units), None
    if step == "pain":
        return read_pain(form, errors), None
    if step == "bridge":
        return read_two_leg(form, errors), None
    if step == "single_leg":
        return read_single_leg(form, errors), None
    if step == "knee_hug":
        return read_knee_hug(form, errors), None
    return read_training(form, units, errors)


def merge_step(answers: Mapping[str, Any], step: str, read: Mapping[str, Any]) -> dict[str, Any]:
    """The answers with this step's earlier answers replaced by ``read``."""
    merged = {key: value for key, value in answers.items() if key not in STEP_KEYS[step]}
    test = dict(merged.get("bridge_test") or {})
    for key in STEP_KEYS[step]:
        if key.startswith("bridge_test."):
            test.pop(key.removeprefix("bridge_test."), None)
    for key, value in read.items():
        if key == "bridge_test":
            test.update(without_empty(value))
        elif value is not None:
            merged[key] = value
    merged.pop("bridge_test", None)
    if test:
        merged["bridge_test"] = test
    return merged


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
    by_eye = test.get("hug_knee_compared") or {}
    fields["hug_compared_left"] = by_eye.get("left") or ""
    fields["hug_compared_right"] = by_eye.get("right") or ""
    endurance = answers.get("single_leg_bridge_endurance") or {}
    fields["endurance_left"] = endurance.get("left_reps")
    fields["endurance_right"] = endurance.get("right_reps")
    for name, key in (("bodyweight", "bodyweight_kg"), ("one_rm", "hip_thrust_1rm_kg")):
        kg = answers.get(key)
        fields[name] = f"{round(from_kg(kg, units), 1):g}" if isinstance(kg, int | float) else None
    return fields
