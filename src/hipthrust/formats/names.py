"""From the exercise names the apps use to our catalogue variation ids.

There is one resolver, ``hipthrust.coaching.catalogue.variation_id_for`` (the catalogue's
names and aliases, then the family rules); the importers call it through ``variation_for``
so the log and an import always agree on a name. ``is_deadlift`` tells the deadlift days
among the other lifts. docs/import.md and docs/catalogue.md show the names and the rules.
"""

from __future__ import annotations

import functools

from hipthrust.coaching.catalogue import normalise_name, variation_id_for

__all__ = [
    "DEADLIFT_EXCLUDED_PHRASES",
    "DEADLIFT_PHRASES",
    "is_deadlift",
    "is_hip_thrust_family",
    "variation_for",
]


def variation_for(exercise_name: str) -> str | None:
    """The catalogue id an app's exercise name stands for, or ``None`` for any other lift."""
    return variation_id_for(exercise_name)


def is_hip_thrust_family(exercise_name: str) -> bool:
    """Whether the name is a glute bridge or hip thrust of the catalogue."""
    return variation_id_for(exercise_name) is not None


# A deadlift for scheduling (domain.md §5: heavy deadlifts and heavy hip thrusts on different
# days) is a floor pull loading the spine; the hinge accessories below are not deadlift days.
# Phrases are compared normalised (``normalise_name``: "one leg" reads "single leg").
DEADLIFT_PHRASES: tuple[str, ...] = ("deadlift", "rack pull", "block pull")
DEADLIFT_EXCLUDED_PHRASES: tuple[str, ...] = (
    "romanian",
    "rdl",
    "stiff leg",
    "straight leg",
    "single leg",
    "unilateral",
    "b stance",
    "high pull",
)


def _contains(normalised: str, phrase: str) -> bool:
    return f" {phrase} " in f" {normalised} "


@functools.lru_cache(maxsize=4096)
def is_deadlift(exercise_name: str) -> bool:
    """Whether the name is a deadlift (conventional, sumo, trap bar, deficit, rack pull ...).

    Romanian, stiff-legged and single-leg deadlifts and the deadlift high pull are not.
    """
    normalised = normalise_name(exercise_name)
    if not any(_contains(normalised, phrase) for phrase in DEADLIFT_PHRASES):
        return False
    return not any(_contains(normalised, phrase) for phrase in DEADLIFT_EXCLUDED_PHRASES)
