from __future__ import annotations

import pytest

from hipthrust.coaching.units import KG_PER_LB
from hipthrust.errors import InputError
from hipthrust.formats.quicklog import QuickSet, parse_quick


def _names(text: str) -> str:
    return text.lower().replace(" ", "_")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (
            ["barbell hip thrust", "100kg", "x", "8"],
            QuickSet("barbell_hip_thrust", 100.0, 8, None, None),
        ),
        (
            ["barbell hip thrust", "100kgx8", "@8"],
            QuickSet("barbell_hip_thrust", 100.0, 8, None, 8.0),
        ),
        (
            ["barbell", "hip", "thrust", "100", "x8"],
            QuickSet("barbell_hip_thrust", 100.0, 8, None, None),
        ),
        (["glute bridge", "bw", "x", "15"], QuickSet("glute_bridge", None, 15, None, None)),
        (["glute bridge", "15"], QuickSet("glute_bridge", None, 15, None, None)),
        (
            ["single leg hip thrust", "x", "12/10"],
            QuickSet("single_leg_hip_thrust", None, 12, 10, None),
        ),
        (["hip thrust", "102,5kg", "x", "6", "@9.5"], QuickSet("hip_thrust", 102.5, 6, None, 9.5)),
        (["hip thrust"], QuickSet("hip_thrust", None, None, None, None)),
    ],
)
def test_quick_syntax(words: list[str], expected: QuickSet) -> None:
    assert parse_quick(words, "kg", _names) == expected


def test_bare_load_takes_the_athletes_units() -> None:
    parsed = parse_quick(["hip thrust", "225", "x", "5"], "lb", _names)
    assert parsed.load_kg == pytest.approx(225 * KG_PER_LB)


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["100kg", "x", "8"], "name the exercise first"),
        (["hip thrust", "100kg", "120kg", "x", "8"], "load is given twice"),
        (["hip thrust", "100kg", "x", "8", "x", "9"], "reps are given twice"),
        (["hip thrust", "100kg", "x", "8", "please"], "did not understand 'please'"),
        (["hip thrust", "100furlongs", "x", "8"], "did not understand"),
    ],
)
def test_refuses_what_it_cannot_read(words: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_quick(words, "kg", _names)
