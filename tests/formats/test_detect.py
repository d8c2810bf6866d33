from __future__ import annotations

import pytest

from hipthrust.errors import InputError
from hipthrust.formats.csvtext import read_table
from hipthrust.formats.detect import detect_format, parse_format_name

from .helpers import fixture_text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("strong_comma_duration.csv", "strong"),
        ("strong_semicolon.csv", "strong"),
        ("strong_set_orders.csv", "strong"),
        ("hevy_kg.csv", "hevy"),
        ("hevy_lb.csv", "hevy"),
        ("liftosaur.csv", "liftosaur"),
        ("liftosaur_legacy.csv", "liftosaur"),
    ],
)
def test_detects_each_fixture_from_its_header(name: str, expected: str) -> None:
    assert detect_format(read_table(fixture_text(name), name).header, name) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["Date", "Exercise Name", "Set Order", "Weight", "Reps"], "strong"),
        ([" date ", "EXERCISE NAME", "set order"], "strong"),
        (["title", "start_time", "exercise_title", "set_type", "weight_lbs"], "hevy"),
        (["Workout DateTime", "Exercise", "Is Warmup Set?"], "liftosaur"),
    ],
)
def test_detection_ignores_case_spacing_and_extra_columns(header: list[str], expected: str) -> None:
    assert detect_format(header) == expected


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        (["Date", "Exercise", "Sets", "Reps"], "Date, Exercise, Sets, Reps"),
        (["a", "b", "c", "d", "e", "f", "g"], "a, b, c, d, e, f, ..."),
        (["Date", "Exercise Name"], "Date, Exercise Name"),
        ([], "nothing"),
    ],
)
def test_an_unknown_csv_is_refused_in_one_line(header: list[str], shown: str) -> None:
    with pytest.raises(InputError) as caught:
        detect_format(header, "mine.csv")
    assert str(caught.value) == (
        f"mine.csv line 1: not a Strong, Hevy or Liftosaur export (its header reads: {shown}); "
        "pass --format to force one"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [("strong", "strong"), (" Hevy ", "hevy"), ("LIFTOSAUR", "liftosaur")],
)
def test_parse_format_name(text: str, expected: str) -> None:
    assert parse_format_name(text) == expected


def test_parse_format_name_refuses_unknown_apps() -> None:
    with pytest.raises(
        InputError, match=r"^unknown format 'fitbod': use strong, hevy, liftosaur or hipthrust$"
    ):
        parse_format_name("fitbod")
