"""The assessment at the edge: the answers file (JSON) in, the result file out.

The answers are validated with pydantic, every problem condensed to ONE readable line
(``answers.json: pain_during_bridge: must be between 0 and 10``), and converted into the pure
dataclasses of ``hipthrust.coaching.assessment``. ``answers_schema()`` publishes the file's
JSON Schema; ``write_assessment`` saves the result that ``hipthrust plan --assessment`` reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)
from pydantic_core import ErrorDetails

from hipthrust.coaching.assessment import (
    Answers,
    Assessment,
    BridgeTest,
    EnduranceTest,
    HugComparison,
    SideComparison,
    SideDegrees,
    SingleLegBridge,
    TwoLegBridge,
)
from hipthrust.coaching.records import FELT_IN
from hipthrust.coaching.screening import Condition, ConditionKind, RedFlag
from hipthrust.coaching.units import Units, format_mass, parse_mass
from hipthrust.errors import InputError
from hipthrust.formats.json_file import read_json_file

__all__ = [
    "AnswersModel",
    "AssessmentFile",
    "answers_schema",
    "ceiling_text",
    "condense_errors",
    "parse_answers",
    "parse_load_ceiling",
    "read_answers",
    "read_assessment",
    "write_assessment",
]


def _between(low: float, high: float, unit: str = "") -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not low <= value <= high:
            raise ValueError(f"must be between {low:g} and {high:g}{unit}")
        return value

    return check


def _mass(value: Any) -> Any:
    """A number is kilograms; text needs its unit (``"70kg"``, ``"154 lb"``)."""
    return parse_mass(value) if isinstance(value, str) else value


def _place(value: str) -> str:
    if value not in FELT_IN:
        raise ValueError(f"unknown place {value!r}: use one of {', '.join(FELT_IN)}")
    return value


def _bounds(low: float, high: float) -> Any:
    return Field(json_schema_extra={"minimum": low, "maximum": high})


PainScore = Annotated[int, AfterValidator(_between(0, 10)), _bounds(0, 10)]
Reps = Annotated[int, AfterValidator(_between(0, 200)), _bounds(0, 200)]
Place = Annotated[str, AfterValidator(_place), Field(json_schema_extra={"enum": list(FELT_IN)})]
Degrees = Annotated[float, AfterValidator(_between(-45, 60, " degrees")), _bounds(-45, 60)]
MassKg = Annotated[
    float,
    BeforeValidator(_mass),
    Field(description='Kilograms as a number, or text with a unit such as "154lb".'),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


_TIMES = re.compile(
    r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*(?:x|×|times)\s*(?:bw|bodyweight|body ?weight)?\s*$", re.I
)


def parse_load_ceiling(text: str, units: Units) -> dict[str, float]:
    """A clinician's load ceiling as typed at any door: ``0.8x`` (or ``0.8 x bodyweight``) is a
    multiple of bodyweight, a mass (``60kg``, ``130 lb``, a bare number in ``units``) is a
    mass; the answers-file keys (``max_load_x_bodyweight`` or ``max_load_kg``) with the value.
    InputError in one sentence otherwise."""
    typed = text.strip()
    times = _TIMES.match(typed)
    if times is not None:
        ratio = float(times.group(1).replace(",", "."))
        if not 0.1 <= ratio <= 3:
            raise InputError(f"the load ceiling must be 0.1 to 3 x bodyweight, not {ratio:g}")
        return {"max_load_x_bodyweight": ratio}
    if typed.startswith("-"):
        raise InputError("the load ceiling cannot be negative")
    try:
        kg = parse_mass(typed, units)
    except InputError:
        raise InputError(
            f"write the load ceiling as a multiple of bodyweight (0.8x) or a mass (60kg), "
            f"not {typed!r}"
        ) from None
    if not 1 <= kg <= 1000:
        raise InputError("the load ceiling must be from 1 to 1000 kg")
    return {"max_load_kg": round(kg, 3)}


def ceiling_text(condition: dict[str, Any], units: Units) -> str | None:
    """A condition's load ceiling (answers-file JSON) as typed: ``0.8x`` or ``60 kg``."""
    ratio, kg = condition.get("max_load_x_bodyweight"), condition.get("max_load_kg")
    if isinstance(ratio, int | float):
        return f"{ratio:g}x"
    if isinstance(kg, int | float):
        return format_mass(kg, units)
    return None


class ConditionModel(_Model):
    kind: ConditionKind = Field(description="What it is.")
    weeks_ago: Annotated[
        float | None, AfterValidator(lambda v: v if v is None else _between(0, 5200)(v))
    ] = Field(
        None,
        description="Weeks since the surgery, or since the pain or injury began; for "
        "pregnancy, weeks pregnant.",
        json_schema_extra={"minimum": 0, "maximum": 5200},
    )
    cleared: bool = Field(False, description="A clinician has cleared you for loaded training.")
    max_load_x_bodyweight: (
        Annotated[float, AfterValidator(_between(0.1, 3, " x bodyweight")), _bounds(0.1, 3)] | None
    ) = Field(
        None,
        description="The load ceiling your clinician gave with the clearance, as a multiple of "
        "bodyweight (e.g. 0.8). Leave out for the method's default (a joint replacement: 1.0 x "
        "bodyweight).",
    )
    max_load_kg: Annotated[MassKg, AfterValidator(_between(1, 1000, " kg"))] | None = Field(
        None,
        description="The load ceiling your clinician gave with the clearance, in kg (a number) "
        'or with a unit ("110lb"); instead of max_load_x_bodyweight.',
    )


class TwoLegModel(_Model):
    full_extension: bool = Field(description="Hips reached a straight shoulder-knee line.")
    felt_in: list[Place] = Field(default_factory=list, description="Where it was felt.")
    reps: Reps | None = Field(None, description="Reps with a 3 s hold, if counted.")


class SingleLegModel(_Model):
    left_reps: Reps = Field(description="Reps on the left leg (other hip and knee at 90°).")
    right_reps: Reps = Field(description="Reps on the right leg.")
    felt_in: list[Place] = Field(default_factory=list, description="Where it was felt.")


class SidesModel(_Model):
    left: Degrees = Field(description="Left hip, degrees of extension (0: barely off the floor).")
    right: Degrees = Field(description="Right hip, degrees of extension.")


class ComparedModel(_Model):
    left: HugComparison = Field(description="Left side, compared with the two-leg bridge.")
    right: HugComparison = Field(description="Right side, compared with the two-leg bridge.")


class BridgeTestModel(_Model):
    two_leg: TwoLegModel | None = Field(None, description="Step 1: two-leg bridge.")
    single_leg: SingleLegModel | None = Field(None, description="Step 2: single-leg, 90/90.")
    hug_knee_hip_extension_deg: SidesModel | None = Field(
        None, description="Step 3: single-leg bridge hugging the other knee (true extension)."
    )
    hug_knee_compared: ComparedModel | None = Field(
        None,
        description="Step 3 without a protractor: how high the hips got, compared with the "
        "two-leg bridge (same, a_bit_lower, much_lower, cannot_lift); the assessment estimates "
        "the angle from it. Give this or hug_knee_hip_extension_deg, not both.",
    )


class EnduranceModel(_Model):
    left_reps: Reps = Field(description="Reps to failure, left heel on a 60 cm box.")
    right_reps: Reps = Field(description="Reps to failure, right heel on a 60 cm box.")


class AnswersModel(_Model):
    """The answers file of ``hipthrust assess --answers FILE``; every field may be left out."""

    model_config = ConfigDict(extra="forbid", title="hipthrust assessment answers")

    red_flags: list[RedFlag] = Field(
        default_factory=list, description="Red flags that apply now (any means: see a clinician)."
    )
    conditions: list[ConditionModel] = Field(
        default_factory=list, description="Surgeries, pregnancy and painful conditions."
    )
    pain_now: PainScore | None = Field(None, description="Pain at rest now, 0-10.")
    pain_during_bridge: PainScore | None = Field(None, description="Pain during a bridge, 0-10.")
    pain_worsening: bool = Field(False, description="The pain keeps getting worse.")
    bridge_test: BridgeTestModel | None = Field(None, description="The three-step bridge test.")
    lumbar_compensation: bool = Field(
        False, description="The lower back arched or took over from the hips."
    )
    training_age_months: (
        Annotated[int, AfterValidator(_between(0, 1200)), _bounds(0, 1200)] | None
    ) = Field(None, description="Months of regular strength training.")
    bodyweight_kg: Annotated[MassKg, AfterValidator(_between(20, 400, " kg"))] | None = None
    hip_thrust_1rm_kg: Annotated[MassKg, AfterValidator(_between(1, 1000, " kg"))] | None = Field(
        None, description="Best single hip thrust (1RM), if known."
    )
    single_leg_bridge_endurance: EnduranceModel | None = Field(
        None, description="Optional endurance test; context only, not a strength test."
    )

    def to_answers(self) -> Answers:
        test = self.bridge_test
        two = test.two_leg if test else None
        one = test.single_leg if test else None
        hug = test.hug_knee_hip_extension_deg if test else None
        compared = test.hug_knee_compared if test else None
        endurance = self.single_leg_bridge_endurance
        return Answers(
            red_flags=tuple(dict.fromkeys(self.red_flags)),
            conditions=tuple(
                Condition(
                    kind=c.kind,
                    weeks_ago=c.weeks_ago,
                    cleared=c.cleared,
                    max_load_x_bodyweight=c.max_load_x_bodyweight,
                    max_load_kg=c.max_load_kg,
                )
                for c in self.conditions
            ),
            pain_now=self.pain_now,
            pain_during_bridge=self.pain_during_bridge,
            pain_worsening=self.pain_worsening,
            bridge_test=None
            if test is None
            else BridgeTest(
                two_leg=None
                if two is None
                else TwoLegBridge(two.full_extension, tuple(two.felt_in), two.reps),
                single_leg=None
                if one is None
                else SingleLegBridge(one.left_reps, one.right_reps, tuple(one.felt_in)),
                hug_knee_hip_extension_deg=None
                if hug is None
                else SideDegrees(hug.left, hug.right),
                hug_knee_compared=None
                if compared is None
                else SideComparison(compared.left, compared.right),
            ),
            lumbar_compensation=self.lumbar_compensation,
            training_age_months=self.training_age_months,
            bodyweight_kg=self.bodyweight_kg,
            hip_thrust_1rm_kg=self.hip_thrust_1rm_kg,
            single_leg_bridge_endurance=None
            if endurance is None
            else EnduranceTest(endurance.left_reps, endurance.right_reps),
        )


_MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a known field (hipthrust assess --schema lists them)",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list",
    "string_type": "must be text",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "literal_error": "has an unsupported value",
}


def _where(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _what(error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "enum":
        return f"unknown value {error['input']!r}: use one of {ctx.get('expected', '')}"
    return _MESSAGES.get(kind, error["msg"][:1].lower() + error["msg"][1:])


def condense_errors(error: ValidationError, source: str) -> str:
    """One line for a pydantic error: ``source: field.path: what is wrong`` (+ how many more)."""
    errors = error.errors(include_url=False)
    first = errors[0]
    where = _where(tuple(first["loc"]))
    line = f"{source}: {where}: {_what(first)}" if where else f"{source}: {_what(first)}"
    more = len(errors) - 1
    return line + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")


def parse_answers(data: object, source: str = "answers") -> Answers:
    """Validate answers already decoded from JSON; raise InputError with one line."""
    if not isinstance(data, dict):
        raise InputError(f"{source}: must be a JSON object with the answers")
    if "schema_version" in data and isinstance(data.get("answers"), dict):
        data = data["answers"]  # a saved assessment result: assess its answers again
    try:
        model = AnswersModel.model_validate(data)
        return model.to_answers()
    except ValidationError as error:
        raise InputError(condense_errors(error, source)) from None
    except InputError as error:
        raise InputError(f"{source}: {error}") from None


def read_answers(path: Path) -> Answers:
    """Read and validate an answers file."""
    return parse_answers(read_json_file(path), str(path))


def answers_schema() -> dict[str, Any]:
    """The JSON Schema of the answers file (draft 2020-12)."""
    schema = AnswersModel.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


class AssessmentFile(BaseModel):
    """The keys of an assessment result file (``hipthrust assess --json``/``--out``) that a
    plan reads (others are kept as they are)."""

    model_config = ConfigDict(extra="ignore", strict=False)

    schema_version: int
    start_rung: int = Field(ge=0, le=6)
    max_rung: int = Field(ge=0, le=6)
    loading_allowed: bool
    flags: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list)
    considerations: list[str] = Field(default_factory=list)


def read_assessment(path: Path) -> dict[str, Any]:
    """Read and check an assessment result file (``write_assessment`` writes it); every
    problem is one InputError sentence."""
    data = read_json_file(path)
    if not isinstance(data, dict):
        raise InputError(f"assessment file {str(path)!r} should hold a JSON object")
    try:
        assessment = AssessmentFile.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        if first["type"] == "missing":
            raise InputError(f"assessment file {str(path)!r} has no {where!r} key") from None
        raise InputError(f"assessment file {str(path)!r}: {where} {first['msg'].lower()}") from None
    if assessment.schema_version != 1:
        raise InputError(
            f"assessment file {str(path)!r} has schema version {assessment.schema_version}, "
            "this version reads 1"
        )
    return {**data, **assessment.model_dump()}


def write_assessment(path: Path, assessment: Assessment) -> None:
    """Save the result JSON (``Assessment.to_json()``) for ``hipthrust plan --assessment``."""
    try:
        path.write_text(
            json.dumps(assessment.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    except OSError as error:
        raise InputError(f"{path}: cannot be written ({error.strerror or error})") from None
