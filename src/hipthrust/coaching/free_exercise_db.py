"""The catalogue in free-exercise-db's exercise schema (yuhonas/free-exercise-db, schema.json).

That public-domain database describes each exercise with ``name, force, level, mechanic,
equipment, primaryMuscles, secondaryMuscles, instructions, category, images, id`` and a closed
vocabulary for most of them. The mapping from our fields to that vocabulary is data below.
"""

from __future__ import annotations

from typing import Any

from hipthrust.coaching.catalogue import CATALOGUE, Resistance, Variation

__all__ = [
    "FED_CATEGORIES",
    "FED_EQUIPMENT",
    "FED_LEVELS",
    "FED_MECHANICS",
    "FED_MUSCLES",
    "to_free_exercise_db",
]

# The closed vocabularies of free-exercise-db's schema.json.
FED_LEVELS = ("beginner", "intermediate", "expert")
FED_MECHANICS = ("isolation", "compound", None)
FED_EQUIPMENT = (
    None,
    "medicine ball",
    "dumbbell",
    "body only",
    "bands",
    "kettlebells",
    "foam roll",
    "cable",
    "machine",
    "barbell",
    "exercise ball",
    "e-z curl bar",
    "other",
)
FED_MUSCLES = (
    "abdominals",
    "abductors",
    "adductors",
    "biceps",
    "calves",
    "chest",
    "forearms",
    "glutes",
    "hamstrings",
    "lats",
    "lower back",
    "middle back",
    "neck",
    "quadriceps",
    "shoulders",
    "traps",
    "triceps",
)
FED_CATEGORIES = (
    "powerlifting",
    "strength",
    "stretching",
    "cardio",
    "olympic weightlifting",
    "strongman",
    "plyometrics",
)

_EQUIPMENT = {
    Resistance.BODYWEIGHT: "body only",
    Resistance.BAND: "bands",
    Resistance.DUMBBELL_KETTLEBELL: "dumbbell",
    Resistance.BARBELL: "barbell",
    Resistance.MACHINE: "machine",
}
_MUSCLE = {
    "gluteus_maximus": "glutes",
    "gluteus_medius": "abductors",  # the band and single-leg work load it as a hip abductor
    "hamstrings": "hamstrings",
    "adductor_magnus": "adductors",
    "quadriceps": "quadriceps",
    "erector_spinae": "lower back",
    "abdominals": "abdominals",
}
# The database files barbell hip thrusts and bridges under powerlifting; the rest under
# strength. Bodyweight bridges are single-joint (isolation) there, loaded ones compound.
_CATEGORY = {Resistance.BARBELL: "powerlifting"}


def _level(item: Variation) -> str:
    # Bridge rungs are for beginners, the advanced rung (6) for experts [design].
    first = min(item.rungs)
    if first <= 2:
        return "beginner"
    return "expert" if first >= 6 else "intermediate"


def _muscles(ids: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[str]:
    names: list[str] = []
    for muscle in ids:
        name = _MUSCLE[muscle]
        if name not in names and name not in exclude:
            names.append(name)
    return names


def _one(item: Variation) -> dict[str, Any]:
    primary = _muscles(item.primary_muscles)
    return {
        "name": item.name,
        "force": "push",
        "level": _level(item),
        "mechanic": "compound" if item.loaded else "isolation",
        "equipment": _EQUIPMENT[item.resistance],
        "primaryMuscles": primary,
        "secondaryMuscles": _muscles(item.secondary_muscles, exclude=tuple(primary)),
        "instructions": [*item.setup, *item.execution],
        "category": _CATEGORY.get(item.resistance, "strength"),
        "images": [],
        "id": item.id,
        "alternateNames": list(item.aliases),
    }


def to_free_exercise_db(items: tuple[Variation, ...] = CATALOGUE) -> list[dict[str, Any]]:
    """Each variation as one free-exercise-db exercise object, in catalogue order."""
    return [_one(item) for item in items]
