from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from starlette.datastructures import FormData

from hipthrust.errors import InputError
from hipthrust.service.assessment_io import parse_answers
from hipthrust.web.routes.training_assess_form import (
    NOT_DONE_BUT_FILLED,
    STEP_KEYS,
    STEPS,
    carried,
    fields_of,
    merge_step,
    read_conditions,
    read_step,
)

TODAY = date(2026, 12, 6)


def read(step: str, form: FormData, errors: dict[str, str], units: str = "kg") -> Any:
    data, _ = read_step(step, form, TODAY, units, errors)  # type: ignore[arg-type]
    return data


def test_screening_dates_become_weeks_and_clearances_are_kept() -> None:
    errors: dict[str, str] = {}
    form = FormData(
        [
            ("red_flags", "fever_with_back_pain"),
            ("red_flags", "not_a_flag"),
            ("condition", "hip_replacement"),
            ("since_hip_replacement", "2026-06-07"),
            ("cleared_hip_replacement", "on"),
            ("condition", "pregnancy"),
            ("weeks_pregnancy", "12,5"),
            ("condition", "knee_pain"),
        ]
    )
    assert read("screening", form, errors) == {"red_flags": ["fever_with_back_pain"]}
    conditions = read("conditions", form, errors)
    assert errors == {}
    assert conditions["conditions"] == [
        {"kind": "hip_replacement", "weeks_ago": 26.0, "cleared": True},
        {"kind": "pregnancy", "weeks_ago": 12.5, "cleared": False},
        {"kind": "knee_pain", "weeks_ago": None},
    ]
    parse_answers(conditions)  # the answers-file shape, as hipthrust assess reads it


def test_bad_dates_and_unreadable_numbers_go_to_their_field() -> None:
    errors: dict[str, str] = {}
    form = FormData(
        [
            ("condition", "hernia_repair"),
            ("since_hernia_repair", "14/03/2026"),
            ("condition", "pregnancy"),
            ("weeks_pregnancy", "many"),
        ]
    )
    read("conditions", form, errors)
    assert errors == {
        "since_hernia_repair": "write the date like 2026-03-14",
        "weeks_pregnancy": "the number of weeks pregnant must be a number from 0 to 45",
    }
    pain_errors: dict[str, str] = {}
    read("pain", FormData([("pain_now", "11")]), pain_errors)
    assert pain_errors == {
        "pain_now": "the pain at rest must be a whole number from 0 to 10, not 11"
    }


def test_the_bridge_and_training_steps_read_masses_in_the_athletes_units() -> None:
    errors: dict[str, str] = {}
    form = FormData(
        [
            ("full_extension", "no"),
            ("two_leg_felt", "hamstrings"),
            ("two_leg_felt", "elbows"),
            ("lumbar_compensation", "on"),
            ("bodyweight", "154"),
            ("one_rm", "100kg"),
            ("has_bands", "on"),
        ]
    )
    bridge = read("bridge", form, errors)
    assert bridge["bridge_test"] == {
        "two_leg": {"full_extension": False, "reps": None, "felt_in": ["hamstrings"]}
    }
    assert bridge["lumbar_compensation"] is True
    data, kit = read_step("training", form, TODAY, "lb", errors)
    assert errors == {}
    assert data["bodyweight_kg"] == pytest.approx(69.853, abs=0.001)
    assert data["hip_thrust_1rm_kg"] == 100
    assert kit is not None and (kit.bands, kit.barbell) == (True, False)
    light: dict[str, str] = {}
    read("training", FormData([("bodyweight", "10kg")]), light)
    read("single_leg", FormData([("single_right", "8")]), light)
    assert light == {
        "bodyweight": "the bodyweight must be from 20 kg to 400 kg",
        "single_left": "give both sides, or leave both empty",
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # "I did not do the test" with nothing else: skipped, no error.
        ([], {}),
        ([("two_leg_reps", "")], {}),
        # With a count, valid or not, or places ticked: asked, never kept nor dropped silently.
        ([("two_leg_reps", "12")], {"full_extension": NOT_DONE_BUT_FILLED}),
        (
            [("two_leg_reps", "500")],
            {
                "full_extension": NOT_DONE_BUT_FILLED,
                "two_leg_reps": "the number of reps must be a whole number from 0 to 200, not 500",
            },
        ),
        (
            [("two_leg_reps", "lots")],
            {
                "full_extension": NOT_DONE_BUT_FILLED,
                "two_leg_reps": "the number of reps must be a whole number from 0 to 200",
            },
        ),
        ([("two_leg_felt", "glutes")], {"full_extension": NOT_DONE_BUT_FILLED}),
    ],
)
def test_the_two_leg_bridge_not_done_but_filled_in_is_asked_again(
    typed: list[tuple[str, str]], expected: dict[str, str]
) -> None:
    errors: dict[str, str] = {}
    bridge = read("bridge", FormData([("full_extension", ""), *typed]), errors)
    assert errors == expected
    assert bridge["bridge_test"] == {}  # nothing of the test is kept


def test_the_single_leg_bridge_felt_without_reps_is_asked_again() -> None:
    errors: dict[str, str] = {}
    assert read("single_leg", FormData([("single_felt", "glutes")]), errors) == {"bridge_test": {}}
    assert errors == {"single_left": "give the reps of both sides, or untick where you felt it"}
    skipped: dict[str, str] = {}
    assert read("single_leg", FormData([]), skipped) == {"bridge_test": {}}
    assert skipped == {}


def test_the_knee_hug_step_reads_degrees_or_the_comparison_not_both() -> None:
    errors: dict[str, str] = {}
    by_eye = FormData([("hug_compared_left", "much_lower"), ("hug_compared_right", "same")])
    assert read("knee_hug", by_eye, errors) == {
        "bridge_test": {"hug_knee_compared": {"left": "much_lower", "right": "same"}}
    }
    measured = FormData([("hug_left", "12"), ("hug_right", "8,5")])
    assert read("knee_hug", measured, errors) == {
        "bridge_test": {"hug_knee_hip_extension_deg": {"left": 12, "right": 8.5}}
    }
    assert read("knee_hug", FormData([]), errors) == {"bridge_test": {}}
    assert errors == {}
    both: dict[str, str] = {}
    read("knee_hug", FormData([*by_eye.multi_items(), *measured.multi_items()]), both)
    assert "not both" in both["hug_left"]
    odd: dict[str, str] = {}
    read("knee_hug", FormData([("hug_compared_left", "higher")]), odd)
    assert odd == {"hug_compared_left": "pick one of the answers"}


def test_each_step_replaces_only_its_own_part_of_the_bridge_test() -> None:
    errors: dict[str, str] = {}
    answers: dict[str, Any] = {}
    for step, form in (
        ("pain", FormData([("pain_now", "2")])),
        ("bridge", FormData([("full_extension", "yes"), ("two_leg_reps", "15")])),
        ("single_leg", FormData([("single_left", "10"), ("single_right", "12")])),
        ("knee_hug", FormData([("hug_compared_left", "same"), ("hug_compared_right", "same")])),
    ):
        answers = merge_step(answers, step, read(step, form, errors))
    assert set(answers["bridge_test"]) == {"two_leg", "single_leg", "hug_knee_compared"}
    # Back to the knee-hug step, now measured: the comparison goes, the rest stays.
    measured = read("knee_hug", FormData([("hug_left", "14"), ("hug_right", "15")]), errors)
    again = merge_step(answers, "knee_hug", measured)
    assert set(again["bridge_test"]) == {"two_leg", "single_leg", "hug_knee_hip_extension_deg"}
    # The two-leg bridge skipped the second time: it is gone, and so is its pain score.
    skipped = merge_step(
        {**again, "pain_during_bridge": 3}, "bridge", read("bridge", FormData([]), errors)
    )
    assert "two_leg" not in skipped["bridge_test"] and "pain_during_bridge" not in skipped
    assert skipped["pain_now"] == 2
    assert errors == {}
    parse_answers(skipped)
    assert set(STEP_KEYS) == set(STEPS)


def test_answers_come_back_as_the_form_values_they_came_from() -> None:
    errors: dict[str, str] = {}
    answers: dict[str, Any] = {}
    for step, form in (
        (
            "conditions",
            FormData([("condition", "abdominoplasty"), ("since_abdominoplasty", "2026-10-04")]),
        ),
        ("bridge", FormData([("full_extension", "yes"), ("two_leg_reps", "15")])),
        (
            "knee_hug",
            FormData([("hug_compared_left", "a_bit_lower"), ("hug_compared_right", "same")]),
        ),
        ("training", FormData([("bodyweight", "70")])),
    ):
        answers = merge_step(answers, step, read(step, form, errors))
    fields = fields_of(answers, TODAY, "kg")
    assert fields["condition"] == ["abdominoplasty"]
    assert fields["since_abdominoplasty"] == "2026-10-04"
    assert fields["cleared_abdominoplasty"] is False
    assert (fields["full_extension"], fields["two_leg_reps"], fields["bodyweight"]) == (
        "yes",
        15,
        "70",
    )
    assert (fields["hug_compared_left"], fields["hug_compared_right"]) == ("a_bit_lower", "same")


def test_a_carried_field_that_is_not_an_object_is_refused() -> None:
    assert carried(FormData([("answers", '{"pain_now": 2}')]), "answers") == {"pain_now": 2}
    assert carried(FormData([]), "answers") == {}
    for damaged in ("[1, 2]", "{", "null"):
        with pytest.raises(InputError, match="start the assessment again"):
            carried(FormData([("answers", damaged)]), "answers")


def test_a_clinicians_load_ceiling_is_read_with_the_clearance() -> None:
    errors: dict[str, str] = {}
    form = FormData(
        [
            ("condition", "hip_replacement"),
            ("since_hip_replacement", "2026-06-07"),
            ("cleared_hip_replacement", "on"),
            ("ceiling_hip_replacement", "0.8x"),
            ("condition", "hernia_repair"),
            ("cleared_hernia_repair", "on"),
            ("ceiling_hernia_repair", "44"),  # a bare number is in the athlete's units
        ]
    )
    read = read_conditions(form, TODAY, errors, "lb")
    assert errors == {}
    hip, hernia = read["conditions"]
    assert hip["max_load_x_bodyweight"] == 0.8
    assert hernia["max_load_kg"] == pytest.approx(19.958, abs=0.001)
    answers = parse_answers(read)
    assert answers.conditions[0].load_ceiling() == (0.8, None)
    fields = fields_of(read, TODAY, "lb")
    assert fields["ceiling_hip_replacement"] == "0.8x"
    assert fields["ceiling_hernia_repair"] == "44 lb"


def test_a_bad_load_ceiling_goes_to_its_field() -> None:
    errors: dict[str, str] = {}
    form = FormData(
        [
            ("condition", "hip_resurfacing"),
            ("cleared_hip_resurfacing", "on"),
            ("ceiling_hip_resurfacing", "a lot"),
        ]
    )
    read_conditions(form, TODAY, errors)
    assert "multiple of bodyweight (0.8x) or a mass (60kg)" in errors["ceiling_hip_resurfacing"]
