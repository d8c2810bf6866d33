from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hipthrust.coaching.catalogue import CATALOGUE, find_variation, variation
from hipthrust.coaching.free_exercise_db import (
    FED_CATEGORIES,
    FED_EQUIPMENT,
    FED_LEVELS,
    FED_MECHANICS,
    FED_MUSCLES,
    to_free_exercise_db,
)

REQUIRED = {
    "id",
    "name",
    "level",
    "mechanic",
    "equipment",
    "primaryMuscles",
    "secondaryMuscles",
    "instructions",
    "category",
    "images",
}
ALLOWED = REQUIRED | {"force", "alternateNames"}


def test_every_exported_exercise_fits_the_schema_vocabulary() -> None:
    exported = to_free_exercise_db()
    assert len(exported) == len(CATALOGUE)
    for item in exported:
        assert REQUIRED <= set(item) <= ALLOWED
        assert re.fullmatch(r"[0-9a-zA-Z_-]+", item["id"])
        assert item["force"] in ("static", "pull", "push", None)
        assert item["level"] in FED_LEVELS
        assert item["mechanic"] in FED_MECHANICS
        assert item["equipment"] in FED_EQUIPMENT
        assert item["category"] in FED_CATEGORIES
        assert item["primaryMuscles"] and set(item["primaryMuscles"]) <= set(FED_MUSCLES)
        assert set(item["secondaryMuscles"]) <= set(FED_MUSCLES)
        assert set(item["primaryMuscles"]).isdisjoint(item["secondaryMuscles"])
        assert all(isinstance(step, str) and step for step in item["instructions"])
        assert item["images"] == []
    assert json.loads(json.dumps(exported)) == exported


@pytest.mark.parametrize(
    ("variation_id", "equipment", "level", "mechanic", "category"),
    [
        ("glute_bridge", "body only", "beginner", "isolation", "strength"),
        ("single_leg_glute_bridge", "body only", "beginner", "isolation", "strength"),
        ("banded_hip_thrust", "bands", "intermediate", "compound", "strength"),
        ("dumbbell_hip_thrust", "dumbbell", "intermediate", "compound", "strength"),
        ("barbell_hip_thrust", "barbell", "intermediate", "compound", "powerlifting"),
        ("machine_hip_thrust", "machine", "intermediate", "compound", "strength"),
        ("deficit_hip_thrust", "barbell", "expert", "compound", "powerlifting"),
    ],
)
def test_mapping_to_the_database_vocabulary(
    variation_id: str, equipment: str, level: str, mechanic: str, category: str
) -> None:
    (item,) = to_free_exercise_db((variation(variation_id),))
    assert item["id"] == variation_id
    assert (item["equipment"], item["level"], item["mechanic"], item["category"]) == (
        equipment,
        level,
        mechanic,
        category,
    )
    assert item["primaryMuscles"][0] == "glutes"


def test_banded_work_names_the_abductors_and_core_work_the_lower_back() -> None:
    (banded,) = to_free_exercise_db((variation("banded_hip_thrust"),))
    assert banded["primaryMuscles"] == ["glutes", "abductors"]
    (barbell,) = to_free_exercise_db((variation("barbell_hip_thrust"),))
    assert {"hamstrings", "adductors", "lower back"} <= set(barbell["secondaryMuscles"])


def test_exported_names_find_their_way_back_in() -> None:
    for item in to_free_exercise_db():
        found = find_variation(item["name"])
        assert found is not None and found.id == item["id"]


@pytest.mark.parametrize(
    ("photo_json", "variation_id"),
    [
        ("Barbell_Hip_Thrust.json", "barbell_hip_thrust"),
        ("Barbell_Glute_Bridge.json", "barbell_glute_bridge"),
        ("Butt_Lift_Bridge.json", "glute_bridge"),
        ("Single_Leg_Glute_Bridge.json", "single_leg_glute_bridge_knee_hug"),
    ],
)
def test_export_matches_the_real_database_files(
    shared_data: Path, photo_json: str, variation_id: str
) -> None:
    real = json.loads((shared_data / "photos" / photo_json).read_text(encoding="utf-8"))
    (ours,) = to_free_exercise_db((variation(variation_id),))
    assert set(real) <= set(ours) <= set(real) | {"alternateNames"}
    for key in ("force", "equipment", "category", "primaryMuscles", "level", "mechanic"):
        assert ours[key] == real[key], key
    assert set(ours["secondaryMuscles"]) & set(real["secondaryMuscles"])
    # The database's own names are understood by the importer's lookup.
    assert find_variation(real["name"]) is not None
