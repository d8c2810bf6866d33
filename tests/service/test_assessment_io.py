from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hipthrust.coaching.assessment import (
    Answers,
    BridgeTest,
    EnduranceTest,
    SideDegrees,
    SingleLegBridge,
    TwoLegBridge,
    assess,
)
from hipthrust.coaching.records import FELT_IN
from hipthrust.coaching.screening import Condition, ConditionKind, RedFlag
from hipthrust.coaching.units import KG_PER_LB
from hipthrust.errors import InputError
from hipthrust.service.assessment_io import (
    answers_schema,
    parse_answers,
    read_answers,
    write_assessment,
)

FULL = {
    "red_flags": [],
    "conditions": [
        {"kind": "hernia_repair", "weeks_ago": 9, "cleared": False},
        {"kind": "abdominoplasty", "weeks_ago": 9},
    ],
    "pain_now": 1,
    "pain_during_bridge": 2,
    "pain_worsening": False,
    "bridge_test": {
        "two_leg": {"full_extension": True, "felt_in": ["glutes", "hamstrings"], "reps": 15},
        "single_leg": {"left_reps": 10, "right_reps": 12, "felt_in": ["glutes"]},
        "hug_knee_hip_extension_deg": {"left": 12, "right": 8.5},
    },
    "lumbar_compensation": False,
    "training_age_months": 24,
    "bodyweight_kg": 70,
    "hip_thrust_1rm_kg": "220lb",
    "single_leg_bridge_endurance": {"left_reps": 24, "right_reps": 28},
}


def test_a_full_answers_file_becomes_the_dataclasses() -> None:
    answers = parse_answers(FULL, "answers.json")
    assert answers.conditions == (
        Condition(ConditionKind.HERNIA_REPAIR, 9, False),
        Condition(ConditionKind.ABDOMINOPLASTY, 9, False),
    )
    assert answers.bridge_test == BridgeTest(
        TwoLegBridge(True, ("glutes", "hamstrings"), 15),
        SingleLegBridge(10, 12, ("glutes",)),
        SideDegrees(12, 8.5),
    )
    assert answers.single_leg_bridge_endurance == EnduranceTest(24, 28)
    assert answers.hip_thrust_1rm_kg == pytest.approx(220 * KG_PER_LB)
    assert answers.bodyweight_kg == 70


def test_an_empty_object_is_valid_and_everything_defaults() -> None:
    assert parse_answers({}, "answers.json") == Answers()


def test_answers_round_trip_through_json() -> None:
    answers = Answers(
        red_flags=(RedFlag.SADDLE_NUMBNESS,),
        conditions=(Condition(ConditionKind.PREGNANCY, 20.5, True),),
        pain_during_bridge=3,
        bridge_test=BridgeTest(single_leg=SingleLegBridge(7, 9, ("quads",))),
        hip_thrust_1rm_kg=100.0,
    )
    assert parse_answers(json.loads(json.dumps(answers.to_json()))) == answers


def test_a_saved_result_can_be_assessed_again() -> None:
    answers = parse_answers(FULL)
    result = json.loads(json.dumps(assess(answers).to_json()))
    assert parse_answers(result) == answers


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"pain_during_bridge": 11}, "answers.json: pain_during_bridge: must be between 0 and 10"),
        ({"pain_now": -1}, "answers.json: pain_now: must be between 0 and 10"),
        ({"pain_now": 4.5}, "answers.json: pain_now: must be a whole number"),
        ({"pain_now": "high"}, "answers.json: pain_now: must be a whole number"),
        ({"red_flags": ["headache"]}, "answers.json: red_flags[0]: unknown value 'headache'"),
        ({"red_flags": "saddle_numbness"}, "answers.json: red_flags: must be a list"),
        (
            {"conditions": [{"kind": "hip_replacement", "weeks_ago": -2}]},
            "answers.json: conditions[0].weeks_ago: must be between 0 and 5200",
        ),
        (
            {"conditions": [{"kind": "broken_toe"}]},
            "answers.json: conditions[0].kind: unknown value 'broken_toe'",
        ),
        ({"conditions": [{"weeks_ago": 3}]}, "answers.json: conditions[0].kind: is required"),
        (
            {"bridge_test": {"two_leg": {"full_extension": "maybe"}}},
            "answers.json: bridge_test.two_leg.full_extension: must be true or false",
        ),
        (
            {"bridge_test": {"two_leg": {"full_extension": True, "felt_in": ["butt"]}}},
            "answers.json: bridge_test.two_leg.felt_in[0]: unknown place 'butt'",
        ),
        (
            {"bridge_test": {"single_leg": {"left_reps": 10}}},
            "answers.json: bridge_test.single_leg.right_reps: is required",
        ),
        (
            {"bridge_test": {"hug_knee_hip_extension_deg": {"left": 5, "right": 95}}},
            "hug_knee_hip_extension_deg.right: must be between -45 and 60 degrees",
        ),
        (
            {"bridge_test": {"hug_knee_compared": {"left": "lower", "right": "same"}}},
            "answers.json: bridge_test.hug_knee_compared.left: unknown value 'lower'",
        ),
        (
            {
                "bridge_test": {
                    "hug_knee_compared": {"left": "same", "right": "same"},
                    "hug_knee_hip_extension_deg": {"left": 5, "right": 5},
                }
            },
            "answers.json: give the knee-hug bridge in degrees or compared with the two-leg "
            "bridge, not both",
        ),
        ({"bodyweight_kg": 5}, "answers.json: bodyweight_kg: must be between 20 and 400 kg"),
        ({"bodyweight_kg": "seventy"}, "answers.json: bodyweight_kg: cannot read 'seventy'"),
        ({"hip_thrust_1rm_kg": "100"}, "answers.json: hip_thrust_1rm_kg: '100' has no unit"),
        ({"training_age_months": 2000}, "training_age_months: must be between 0 and 1200"),
        ({"favourite_colour": "red"}, "answers.json: favourite_colour: is not a known field"),
        (
            {"pain_now": 20, "pain_during_bridge": 20},
            "answers.json: pain_now: must be between 0 and 10 (and 1 more problem)",
        ),
    ],
)
def test_each_bad_answer_is_one_line_naming_the_field(change: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_answers({**FULL, **change}, "answers.json")
    text = str(caught.value)
    assert message in text
    assert "\n" not in text
    assert "pydantic" not in text and "errors.pydantic.dev" not in text


def test_the_top_level_must_be_an_object() -> None:
    with pytest.raises(InputError, match=r"^answers.json: must be a JSON object"):
        parse_answers([1, 2], "answers.json")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("{not json", "not valid JSON (line 1, column 2"),
        ('{"pain_now": 11}', "pain_now: must be between 0 and 10"),
        ("[]", "must be a JSON object"),
    ],
)
def test_read_answers_problems_are_one_line(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "answers.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_answers(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_a_directory_is_not_an_answers_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_answers(tmp_path)


def test_the_schema_describes_the_file() -> None:
    schema = answers_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["additionalProperties"] is False
    properties = schema["properties"]
    assert set(properties) == set(Answers().to_json())
    defs = schema["$defs"]
    assert set(defs["RedFlag"]["enum"]) == {flag.value for flag in RedFlag}
    assert set(defs["ConditionKind"]["enum"]) == {kind.value for kind in ConditionKind}
    pain = next(option for option in properties["pain_during_bridge"]["anyOf"] if "type" in option)
    assert (pain["type"], pain["minimum"], pain["maximum"]) == ("integer", 0, 10)
    felt = defs["TwoLegModel"]["properties"]["felt_in"]["items"]
    assert felt["enum"] == list(FELT_IN)
    assert json.loads(json.dumps(schema)) == schema


def test_write_assessment_saves_the_result_json(tmp_path: Path) -> None:
    result = assess(parse_answers(FULL))
    path = tmp_path / "result.json"
    write_assessment(path, result)
    assert json.loads(path.read_text(encoding="utf-8")) == result.to_json()
    with pytest.raises(InputError, match="cannot be written"):
        write_assessment(tmp_path / "missing" / "result.json", result)


def test_the_knee_hug_compared_with_the_two_leg_bridge_is_read_and_kept() -> None:
    data = {"bridge_test": {"hug_knee_compared": {"left": "much_lower", "right": "a_bit_lower"}}}
    answers = parse_answers(data)
    assert answers.bridge_test is not None
    compared = answers.bridge_test.hug_knee_compared
    assert compared is not None
    assert (compared.left.value, compared.right.value) == ("much_lower", "a_bit_lower")
    again = parse_answers(answers.to_json())  # the saved answers read back the same
    assert again == answers
    schema = answers_schema()
    assert "hug_knee_compared" in json.dumps(schema)
