from __future__ import annotations

import json
from dataclasses import replace

import pytest

from hipthrust.coaching.catalogue import (
    CATALOGUE,
    EQUIPMENT,
    MUSCLES,
    Elevation,
    Family,
    Resistance,
    Stance,
    Variation,
    display_name,
    find_variation,
    variation,
    variation_ids,
)
from hipthrust.coaching.ladder import LADDER
from hipthrust.errors import InputError

IDS = (
    "glute_bridge",
    "single_leg_glute_bridge",
    "single_leg_glute_bridge_90_90",
    "single_leg_glute_bridge_knee_hug",
    "barbell_glute_bridge",
    "hip_thrust",
    "single_leg_hip_thrust",
    "banded_hip_thrust",
    "dumbbell_hip_thrust",
    "barbell_hip_thrust",
    "machine_hip_thrust",
    "deficit_hip_thrust",
)

B, T = Family.BRIDGE, Family.HIP_THRUST
TWO, ONE = Stance.TWO_LEG, Stance.SINGLE_LEG
NONE, SHOULDERS, BOTH = Elevation.NONE, Elevation.SHOULDERS, Elevation.BOTH
BW, BAND, DB, BB, MACHINE = (
    Resistance.BODYWEIGHT,
    Resistance.BAND,
    Resistance.DUMBBELL_KETTLEBELL,
    Resistance.BARBELL,
    Resistance.MACHINE,
)


def test_the_catalogue_has_exactly_the_agreed_ids_in_order() -> None:
    assert variation_ids() == IDS
    assert tuple(item.id for item in CATALOGUE) == IDS


@pytest.mark.parametrize(
    ("variation_id", "family", "stance", "elevation", "resistance"),
    [
        ("glute_bridge", B, TWO, NONE, BW),
        ("single_leg_glute_bridge", B, ONE, NONE, BW),
        ("single_leg_glute_bridge_90_90", B, ONE, NONE, BW),
        ("single_leg_glute_bridge_knee_hug", B, ONE, NONE, BW),
        ("barbell_glute_bridge", B, TWO, NONE, BB),
        ("hip_thrust", T, TWO, SHOULDERS, BW),
        ("single_leg_hip_thrust", T, ONE, SHOULDERS, BW),
        ("banded_hip_thrust", T, TWO, SHOULDERS, BAND),
        ("dumbbell_hip_thrust", T, TWO, SHOULDERS, DB),
        ("barbell_hip_thrust", T, TWO, SHOULDERS, BB),
        ("machine_hip_thrust", T, TWO, SHOULDERS, MACHINE),
        ("deficit_hip_thrust", T, TWO, BOTH, BB),
    ],
)
def test_each_variation_is_classified(
    variation_id: str,
    family: Family,
    stance: Stance,
    elevation: Elevation,
    resistance: Resistance,
) -> None:
    item = variation(variation_id)
    assert (item.family, item.stance, item.elevation, item.resistance) == (
        family,
        stance,
        elevation,
        resistance,
    )
    assert item.loaded == (resistance is not Resistance.BODYWEIGHT)


@pytest.mark.parametrize("item", CATALOGUE, ids=lambda item: item.id)
def test_naming_rule_bridge_on_the_floor_hip_thrust_when_elevated(item: Variation) -> None:
    # Seed 002: both shoulders and feet on the floor = glute bridge, even loaded.
    on_floor = item.elevation is Elevation.NONE
    assert (item.family is Family.BRIDGE) == on_floor
    assert ("bridge" in item.name.lower()) == on_floor
    assert ("hip thrust" in item.name.lower()) == (not on_floor)


def test_a_variation_breaking_the_naming_rule_is_refused() -> None:
    with pytest.raises(InputError, match="glute bridge"):
        replace(variation("barbell_glute_bridge"), elevation=Elevation.SHOULDERS)
    with pytest.raises(InputError, match="unknown muscle"):
        replace(variation("glute_bridge"), primary_muscles=("biceps",))


@pytest.mark.parametrize("item", CATALOGUE, ids=lambda item: item.id)
def test_every_variation_is_fully_described(item: Variation) -> None:
    assert item.setup and item.execution and item.mistakes
    assert all(len(text) > 20 and text.endswith(".") for text in (*item.setup, *item.execution))
    assert "gluteus_maximus" in item.primary_muscles
    assert set(item.primary_muscles).isdisjoint(item.secondary_muscles)
    assert set(item.primary_muscles) | set(item.secondary_muscles) <= set(MUSCLES)
    assert set(item.equipment) <= set(EQUIPMENT)
    assert item.rungs and all(0 <= rung < len(LADDER) for rung in item.rungs)
    mistakes = {mistake.id for mistake in item.mistakes}
    # The bench variations need the pivot; loads bring "too much weight"; one leg, the pelvis.
    assert ("wrong_pivot" in mistakes) == ("bench" in item.equipment)
    assert ("too_much_weight" in mistakes) == item.loaded
    assert ("pelvis_drop" in mistakes) == (item.stance is Stance.SINGLE_LEG)
    if item.resistance is not MACHINE:
        assert ("bench" in item.equipment) == (item.elevation in (SHOULDERS, BOTH))


def test_every_ladder_rung_names_catalogue_variations_that_list_that_rung() -> None:
    for rung in LADDER:
        for variation_id in rung.variations:
            assert rung.number in variation(variation_id).rungs, (rung.number, variation_id)


def test_the_bridge_test_variations_belong_to_rung_0() -> None:
    rung_0 = {item.id for item in CATALOGUE if 0 in item.rungs}
    assert rung_0 == {
        "glute_bridge",
        "single_leg_glute_bridge_90_90",
        "single_leg_glute_bridge_knee_hug",
    }


def test_unknown_id_is_an_input_error_with_a_suggestion() -> None:
    with pytest.raises(InputError, match="did you mean barbell_hip_thrust"):
        variation("barbel_hip_thrust")
    with pytest.raises(InputError, match="unknown exercise 'squat'"):
        variation("squat")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Barbell Hip Thrust", "barbell_hip_thrust"),
        ("barbell_hip_thrust", "barbell_hip_thrust"),
        ("hip-thrusts (barbell)", "barbell_hip_thrust"),
        ("BB hip thrust", "barbell_hip_thrust"),
        ("Barbell Glute Bridge", "barbell_glute_bridge"),
        ("Butt Lift (Bridge)", "glute_bridge"),
        ("glute bridges", "glute_bridge"),
        ("Single Leg Glute Bridge", "single_leg_glute_bridge"),
        ("one-legged hip thrust", "single_leg_hip_thrust"),
        ("KB hip thrust", "dumbbell_hip_thrust"),
        ("Dumbbell Hip Thrust", "dumbbell_hip_thrust"),
        ("hip thrust with band", "banded_hip_thrust"),
        ("feet-elevated hip thrust", "deficit_hip_thrust"),
        ("Hip Thrust Machine", "machine_hip_thrust"),
        ("knee hug bridge", "single_leg_glute_bridge_knee_hug"),
        ("  HIP   THRUST ", "hip_thrust"),
    ],
)
def test_find_variation_forgives_how_people_write_names(name: str, expected: str) -> None:
    found = find_variation(name)
    assert found is not None and found.id == expected


@pytest.mark.parametrize("name", ["", "  ", "Pelvic Tilt Into Bridge", "back squat", "thrust"])
def test_find_variation_returns_none_when_nothing_fits(name: str) -> None:
    assert find_variation(name) is None


def test_every_name_and_alias_finds_its_own_variation() -> None:
    for item in CATALOGUE:
        for text in (item.id, item.name, *item.aliases):
            found = find_variation(text)
            assert found is not None and found.id == item.id, text


def test_to_json_carries_the_full_description() -> None:
    data = variation("single_leg_hip_thrust").to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["family"] == "hip_thrust"
    assert data["stance"] == "single_leg"
    assert data["elevation"] == "shoulders"
    assert data["resistance"] == "bodyweight"
    assert data["loaded"] is False
    assert data["rungs"] == [4, 5]
    assert data["equipment"] == ["bench"]
    assert "pelvis_drop" in [mistake["id"] for mistake in data["mistakes"]]
    assert all({"id", "name", "sign", "fix", "felt_in"} <= set(m) for m in data["mistakes"])


@pytest.mark.parametrize(
    ("exercise", "shown"),
    [
        ("single_leg_glute_bridge_90_90", "Single-leg glute bridge, other leg at 90/90"),
        ("barbell_hip_thrust", "Barbell hip thrust"),
        ("hip_thrust", "Hip thrust (bodyweight, shoulders on a bench)"),
        ("deadlift", "Deadlift"),
        ("Squat (Barbell)", "Squat (Barbell)"),
    ],
)
def test_one_display_name_per_variation(exercise: str, shown: str) -> None:
    assert display_name(exercise) == shown


def test_display_names_are_the_catalogue_names_and_never_ids() -> None:
    for item in CATALOGUE:
        assert display_name(item.id) == item.name
        assert "_" not in item.name and item.name[0].isupper()
