from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hipthrust.coaching.catalogue import (
    CATALOGUE,
    NAME_RULES,
    Resistance,
    find_variation,
    normalise_name,
    variation_ids,
)
from hipthrust.errors import InputError
from hipthrust.formats import parse_text
from hipthrust.formats.names import is_deadlift, is_hip_thrust_family, variation_for
from hipthrust.service.set_entry import SetEntry, read_sets, resolve_exercise


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Hip Thrust (Barbell)", "hip thrust barbell"),
        ("Hip Thrust, Barbell", "hip thrust barbell"),
        ("  HIP   thrust  ", "hip thrust"),
        ("Single-Leg Glute Bridge", "single leg glute bridge"),
        ("90/90 Single Leg Glute Bridge", "90 90 single leg glute bridge"),
        ("DB Hip Thrusts", "dumbbell hip thrust"),
        ("SL Glute Bridges", "single leg glute bridge"),
        ("Banded hipthrust", "band hip thrust"),
        ("Glute Bridge – Knee Hugged", "glute bridge knee hug"),
        ("Hüftstoß (Langhantel)", "huftstoss langhantel"),
        ("One-legged hip thrust on the bench", "single leg hip thrust bench"),
    ],
)
def test_normalise_name_ignores_case_punctuation_and_abbreviations(
    name: str, normalised: str
) -> None:
    assert normalise_name(name) == normalised


# The names the apps ship: Strong and Hevy "Name (Equipment)", Liftosaur "Name, Equipment".
@pytest.mark.parametrize(
    ("name", "variation"),
    [
        ("Hip Thrust", "hip_thrust"),
        ("Hip Thrust (Bodyweight)", "hip_thrust"),
        ("Hip Thrust (Barbell)", "barbell_hip_thrust"),
        ("Hip Thrust (Machine)", "machine_hip_thrust"),
        ("Hip Thrust (Smith Machine)", "machine_hip_thrust"),
        ("Hip Thrust (Dumbbell)", "dumbbell_hip_thrust"),
        ("Hip Thrust (Kettlebell)", "dumbbell_hip_thrust"),
        ("Hip Thrust (Band)", "banded_hip_thrust"),
        ("Banded Hip Thrust", "banded_hip_thrust"),
        ("Single Leg Hip Thrust", "single_leg_hip_thrust"),
        ("Single Leg Hip Thrust (Dumbbell)", "single_leg_hip_thrust"),
        ("Glute Bridge", "glute_bridge"),
        ("Glute Bridge (Band)", "glute_bridge"),
        ("Glute Bridge (Barbell)", "barbell_glute_bridge"),
        ("Barbell Glute Bridge", "barbell_glute_bridge"),
        ("Single Leg Glute Bridge", "single_leg_glute_bridge"),
        ("Hip Thrust, Barbell", "barbell_hip_thrust"),
        ("Hip Thrust, Bodyweight", "hip_thrust"),
        ("Hip Thrust, Band", "banded_hip_thrust"),
        ("Hip Thrust, Leverage Machine", "machine_hip_thrust"),
        ("Glute Bridge, Bodyweight", "glute_bridge"),
        ("Glute Bridge, Dumbbell", "glute_bridge"),
        ("Glute Bridge, Barbell", "barbell_glute_bridge"),
        ("Single Leg Bridge", "single_leg_glute_bridge"),
        ("Single Leg Glute Bridge Straight Leg, Bodyweight", "single_leg_glute_bridge"),
        ("Single Leg Glute Bridge Bent Knee, Bodyweight", "single_leg_glute_bridge_90_90"),
        ("Single Leg Hip Thrust, Bodyweight", "single_leg_hip_thrust"),
        ("hip thrust (BARBELL)", "barbell_hip_thrust"),
    ],
)
def test_app_names_map_to_catalogue_ids(name: str, variation: str) -> None:
    assert variation_for(name) == variation
    assert is_hip_thrust_family(name)


# Names no catalogue alias covers, so only the family rules can place them.
@pytest.mark.parametrize(
    ("name", "variation"),
    [
        ("Barbell Hip Thrusts (paused)", "barbell_hip_thrust"),
        ("B-Stance Hip Thrust", "single_leg_hip_thrust"),
        ("One Leg Hip Thrust with Barbell", "single_leg_hip_thrust"),
        ("Deficit Hip Thrust (Barbell)", "deficit_hip_thrust"),
        ("Feet Elevated Hip Thrust", "deficit_hip_thrust"),
        ("Smith Machine Hip Thrusts", "machine_hip_thrust"),
        ("Glute Drive Hip Thrust", "machine_hip_thrust"),
        ("Kettlebell Hip Thrust", "dumbbell_hip_thrust"),
        ("Mini Band Hip Thrust", "banded_hip_thrust"),
        ("Barbell Hip Thrust with Band", "barbell_hip_thrust"),
        ("Bodyweight Hip Thrust off a Bench", "hip_thrust"),
        ("90/90 Single-Leg Glute Bridge", "single_leg_glute_bridge_90_90"),
        ("Single Leg Glute Bridge (knee to chest)", "single_leg_glute_bridge_knee_hug"),
        ("Single Leg Glute Bridge - Knee Hug", "single_leg_glute_bridge_knee_hug"),
        ("Unilateral Hip Bridge", "single_leg_glute_bridge"),
        ("Smith Machine Glute Bridge", "barbell_glute_bridge"),
        ("Banded Glute Bridges", "glute_bridge"),
        ("Kettlebell Glute Bridge", "glute_bridge"),
    ],
)
def test_family_rules_place_names_no_alias_covers(name: str, variation: str) -> None:
    assert variation_for(name) == variation


@pytest.mark.parametrize(
    "name",
    [
        "Deadlift (Barbell)",
        "Squat (Barbell)",
        "Romanian Deadlift (Dumbbell)",
        "Frog Pumps (Dumbbell)",
        "Glute Kickback (Machine)",
        "Wrestler Bridge",
        "Hip Abduction (Machine)",
        "Thruster (Barbell)",
        "",
    ],
)
def test_other_lifts_map_to_none(name: str) -> None:
    assert variation_for(name) is None
    assert not is_hip_thrust_family(name)


def test_every_catalogue_id_is_reachable_by_the_rules() -> None:
    assert {rule.variation for rule in NAME_RULES} == set(variation_ids())


# One resolver: the names below are read the same by ``hipthrust log`` (the quick-log parser),
# by the importers (a Strong file naming the exercise) and by the catalogue lookup. The first
# four were read differently before (the import accepted what ``log`` refused).
AGREED: tuple[tuple[str, str | None], ...] = (
    ("SL hip thrust", "single_leg_hip_thrust"),
    ("B-stance hip thrust", "single_leg_hip_thrust"),
    ("smith machine hip thrust", "machine_hip_thrust"),
    ("hipthrust", "hip_thrust"),
    ("Hip Thrust (Barbell)", "barbell_hip_thrust"),
    ("Hip Thrust, Leverage Machine", "machine_hip_thrust"),
    ("Hip Thrust (Smith Machine)", "machine_hip_thrust"),
    ("Glute Bridge (Band)", "glute_bridge"),
    ("Single Leg Glute Bridge Bent Knee", "single_leg_glute_bridge_90_90"),
    ("single leg glute bridge 90 90", "single_leg_glute_bridge_90_90"),
    ("Single-leg glute bridge, other leg at 90/90", "single_leg_glute_bridge_90_90"),
    ("single_leg_glute_bridge_90_90", "single_leg_glute_bridge_90_90"),
    ("knee hug bridge", "single_leg_glute_bridge_knee_hug"),
    ("Butt Lift (Bridge)", "glute_bridge"),
    ("feet and shoulders elevated hip thrust", "deficit_hip_thrust"),
    ("weighted hip thrust", "barbell_hip_thrust"),
    ("Glute Drive", "machine_hip_thrust"),
    ("bridge", "glute_bridge"),
    ("BB glute bridge", "barbell_glute_bridge"),
    ("DB Hip Thrusts", "dumbbell_hip_thrust"),
    ("Banded hipthrust", "banded_hip_thrust"),
    ("Squat (Barbell)", None),
    ("Frog Pumps", None),
    ("Wrestler Bridge", None),
    ("thrust", None),
)


def _logged_as(name: str) -> str | None:
    """What ``hipthrust log NAME <numbers>`` records, or None when ``log`` refuses the name."""
    found = find_variation(name)
    numbers = "x 10/10" if found is not None and found.stance.value == "single_leg" else "x 10"
    if found is not None and found.resistance not in (Resistance.BODYWEIGHT, Resistance.BAND):
        numbers = "20kg " + numbers
    now = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    try:
        variation, records = read_sets(SetEntry(words=(name, *numbers.split())), "kg", now)
    except InputError as error:
        assert "unknown exercise" in str(error)
        return None
    assert records[0].variation == variation.id
    return variation.id


def _imported_as(name: str) -> str | None:
    """The variation a Strong export naming the exercise gives its set."""
    text = (
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Seconds\n"
        f'2026-11-20 18:00:00,Glutes,"{name}",1,20,10,0\n'
    )
    (imported,) = parse_text(text, units_hint="kg").sets
    return imported.variation


@pytest.mark.parametrize(("name", "expected"), AGREED)
def test_the_log_and_the_importers_resolve_names_identically(
    name: str, expected: str | None
) -> None:
    assert _logged_as(name) == expected
    assert _imported_as(name) == expected
    assert variation_for(name) == expected
    found = find_variation(name)
    assert (None if found is None else found.id) == expected
    if expected is not None:
        assert resolve_exercise(name).id == expected


def test_every_catalogue_name_and_alias_is_imported_as_its_variation() -> None:
    for item in CATALOGUE:
        for text in (item.id, item.name, *item.aliases):
            assert variation_for(text) == item.id, text


@pytest.mark.parametrize(
    "words",
    [
        "barbell hip thrust 100kg x 8",
        "barbell hip thrust 100 x 8",
        "single leg glute bridge 90 90 x 10/10",
        "hip thrust 1",
        "barbel hip thrust",
        "singel leg hip thrust",
        "Hip Thurst (Barbell)",
    ],
)
def test_numbers_and_misspellings_are_never_placed_by_a_rule(words: str) -> None:
    assert variation_for(words) is None


@pytest.mark.parametrize(
    ("name", "deadlift"),
    [
        ("Deadlift (Barbell)", True),
        ("Deadlift, Barbell", True),
        ("Sumo Deadlift", True),
        ("Deadlift (Trap bar)", True),
        ("Trap Bar Deadlift", True),
        ("Deficit Deadlift", True),
        ("Rack Pull", True),
        ("Romanian Deadlift (Barbell)", False),
        ("RDL", False),
        ("Stiff Leg Deadlift", False),
        ("Straight Leg Deadlift", False),
        ("Single Leg Romanian Deadlift (Dumbbell)", False),
        ("Deadlift High Pull", False),
        ("Hip Thrust (Barbell)", False),
        ("Squat (Barbell)", False),
    ],
)
def test_is_deadlift(name: str, deadlift: bool) -> None:
    assert is_deadlift(name) is deadlift


DOCS = Path(__file__).resolve().parents[2] / "docs" / "import.md"


def _documented_names() -> list[tuple[str, str]]:
    text = DOCS.read_text(encoding="utf-8")
    table = text.split("<!-- name-table:start -->")[1].split("<!-- name-table:end -->")[0]
    return re.findall(r"^\| ([^|`]+?) \| `([a-z0-9_]+)` \|$", table, flags=re.MULTILINE)


def test_the_documented_app_names_resolve_as_documented() -> None:
    documented = _documented_names()
    assert len(documented) >= 30
    assert [(name, variation_for(name)) for name, _ in documented] == documented
