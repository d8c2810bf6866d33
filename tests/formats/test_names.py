from __future__ import annotations

import re
from pathlib import Path

import pytest

from hipthrust.formats.names import (
    NAME_TABLE,
    RULES,
    VARIATION_IDS,
    is_deadlift,
    is_hip_thrust_family,
    normalise_name,
    variation_for,
)


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


# Names no app ships, so only the keyword rules can place them.
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
def test_keyword_rules_place_names_missing_from_the_table(name: str, variation: str) -> None:
    assert normalise_name(name) not in NAME_TABLE
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


def test_table_keys_are_normalised_and_values_are_catalogue_ids() -> None:
    assert all(normalise_name(key) == key for key in NAME_TABLE)
    assert set(NAME_TABLE.values()) <= set(VARIATION_IDS)
    assert {rule.variation for rule in RULES} <= set(VARIATION_IDS)


def test_every_catalogue_id_is_reachable_by_the_rules() -> None:
    assert {rule.variation for rule in RULES} == set(VARIATION_IDS)


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


def test_the_documented_name_table_is_the_table_in_code() -> None:
    documented = _documented_names()
    assert all(variation_for(name) == variation for name, variation in documented)
    assert {normalise_name(name): variation for name, variation in documented} == dict(NAME_TABLE)
