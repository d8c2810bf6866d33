from __future__ import annotations

from datetime import date

import pytest
from starlette.datastructures import FormData

from hipthrust.errors import InputError
from hipthrust.service.assessment_io import parse_answers
from hipthrust.web.routes.training_assess_form import (
    carried,
    fields_of,
    read_bridge,
    read_pain,
    read_screening,
    without_empty,
)

TODAY = date(2026, 12, 6)


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
    read = read_screening(form, TODAY, errors)
    assert errors == {}
    assert read["red_flags"] == ["fever_with_back_pain"]
    assert read["conditions"] == [
        {"kind": "hip_replacement", "weeks_ago": 26.0, "cleared": True},
        {"kind": "pregnancy", "weeks_ago": 12.5, "cleared": False},
        {"kind": "knee_pain", "weeks_ago": None},
    ]
    parse_answers(read)  # the answers-file shape, as hipthrust assess reads it


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
    read_screening(form, TODAY, errors)
    assert errors == {
        "since_hernia_repair": "write the date like 2026-03-14",
        "weeks_pregnancy": "the number of weeks pregnant must be a number from 0 to 45",
    }
    pain_errors: dict[str, str] = {}
    read_pain(FormData([("pain_now", "11")]), pain_errors)
    assert pain_errors == {
        "pain_now": "the pain at rest must be a whole number from 0 to 10, not 11"
    }


def test_the_bridge_step_reads_masses_in_the_athletes_units() -> None:
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
    data, kit = read_bridge(form, "lb", errors)
    assert errors == {}
    assert data["bridge_test"] == {
        "two_leg": {"full_extension": False, "reps": None, "felt_in": ["hamstrings"]}
    }
    assert data["lumbar_compensation"] is True
    assert data["bodyweight_kg"] == pytest.approx(69.853, abs=0.001)
    assert data["hip_thrust_1rm_kg"] == 100
    assert (kit.bands, kit.barbell) == (True, False)
    light: dict[str, str] = {}
    read_bridge(FormData([("bodyweight", "10kg"), ("single_right", "8")]), "kg", light)
    assert light == {
        "bodyweight": "the bodyweight must be from 20 kg to 400 kg",
        "single_left": "give both sides, or leave both empty",
    }


def test_answers_come_back_as_the_form_values_they_came_from() -> None:
    errors: dict[str, str] = {}
    screening = read_screening(
        FormData([("condition", "abdominoplasty"), ("since_abdominoplasty", "2026-10-04")]),
        TODAY,
        errors,
    )
    bridge, _ = read_bridge(
        FormData([("full_extension", "yes"), ("two_leg_reps", "15"), ("bodyweight", "70")]),
        "kg",
        errors,
    )
    answers = {**without_empty(screening), **without_empty(bridge)}
    fields = fields_of(answers, TODAY, "kg")
    assert fields["condition"] == ["abdominoplasty"]
    assert fields["since_abdominoplasty"] == "2026-10-04"
    assert fields["cleared_abdominoplasty"] is False
    assert (fields["full_extension"], fields["two_leg_reps"], fields["bodyweight"]) == (
        "yes",
        15,
        "70",
    )


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
    read = read_screening(form, TODAY, errors, "lb")
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
    read_screening(form, TODAY, errors)
    assert "multiple of bodyweight (0.8x) or a mass (60kg)" in errors["ceiling_hip_resurfacing"]
