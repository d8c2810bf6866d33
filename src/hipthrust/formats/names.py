"""From the exercise names the apps use to our catalogue variation ids.

Matching first normalises a name (case, accents, punctuation, a few abbreviations), then looks
it up in ``NAME_TABLE`` (the names the apps actually ship), then falls back to ``RULES``: a name
in the hip thrust or glute bridge family takes the id of the first rule whose phrases it
contains. Anything else is another lift and maps to ``None``. docs/import.md shows the table.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

__all__ = [
    "DEADLIFT_EXCLUDED_PHRASES",
    "DEADLIFT_PHRASES",
    "FAMILY_PHRASES",
    "NAME_TABLE",
    "RULES",
    "TOKEN_SYNONYMS",
    "VARIATION_IDS",
    "Family",
    "NameRule",
    "is_deadlift",
    "is_hip_thrust_family",
    "normalise_name",
    "variation_for",
]

# The catalogue variation ids (domain.md §2); fixed strings shared with the catalogue.
VARIATION_IDS: tuple[str, ...] = (
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

# Words rewritten before matching: plurals, abbreviations and run-together spellings.
TOKEN_SYNONYMS: Mapping[str, str] = MappingProxyType(
    {
        "thrusts": "thrust",
        "hipthrust": "hip thrust",
        "hipthrusts": "hip thrust",
        "bridges": "bridge",
        "bridging": "bridge",
        "banded": "band",
        "bands": "band",
        "dumbbells": "dumbbell",
        "kettlebells": "kettlebell",
        "db": "dumbbell",
        "kb": "kettlebell",
        "bb": "barbell",
        "bw": "bodyweight",
        "sl": "single leg",
        "singleleg": "single leg",
        "legged": "leg",
        "hugged": "hug",
        "hugging": "hug",
    }
)

Family = Literal["hip thrust", "glute bridge"]

# A name belongs to a family when it contains one of these phrases (whole words).
FAMILY_PHRASES: Mapping[Family, tuple[str, ...]] = MappingProxyType(
    {
        "hip thrust": ("hip thrust",),
        "glute bridge": ("glute bridge", "hip bridge", "single leg bridge", "butt bridge"),
    }
)

_SINGLE_LEG = ("single leg", "one leg", "1 leg", "unilateral", "b stance")


@dataclass(frozen=True)
class NameRule:
    """A name of ``family`` matching every group of ``all_of`` gets ``variation``.

    A group matches when the name contains any one of its phrases. An empty ``all_of``
    matches every name of the family, so it closes the family's list.
    """

    family: Family
    all_of: tuple[tuple[str, ...], ...]
    variation: str


# Ordered; the first match wins, so the more specific rules come first [design]:
# one leg beats everything; for the hip thrust the elevation (deficit) beats the equipment;
# a guided bar (Smith) counts as a machine; a band with a bar or dumbbell is the loaded lift.
RULES: tuple[NameRule, ...] = (
    NameRule("hip thrust", (_SINGLE_LEG,), "single_leg_hip_thrust"),
    NameRule(
        "hip thrust",
        (("deficit", "feet elevated", "elevated feet", "double elevated", "feet on bench"),),
        "deficit_hip_thrust",
    ),
    NameRule(
        "hip thrust",
        (("machine", "smith", "lever", "leverage", "glute drive", "plate loaded"),),
        "machine_hip_thrust",
    ),
    NameRule("hip thrust", (("barbell", "bar"),), "barbell_hip_thrust"),
    NameRule("hip thrust", (("dumbbell", "kettlebell"),), "dumbbell_hip_thrust"),
    NameRule("hip thrust", (("band", "mini band", "loop"),), "banded_hip_thrust"),
    NameRule("hip thrust", (), "hip_thrust"),
    NameRule(
        "glute bridge",
        (_SINGLE_LEG, ("90 90", "bent knee", "bent leg")),
        "single_leg_glute_bridge_90_90",
    ),
    NameRule(
        "glute bridge",
        (_SINGLE_LEG, ("knee hug", "hug", "knee to chest", "knee chest")),
        "single_leg_glute_bridge_knee_hug",
    ),
    NameRule("glute bridge", (_SINGLE_LEG,), "single_leg_glute_bridge"),
    NameRule("glute bridge", (("barbell", "bar", "smith"),), "barbell_glute_bridge"),
    NameRule("glute bridge", (), "glute_bridge"),
)


def normalise_name(name: str) -> str:
    """Lower-case words and single spaces: ``"Hip Thrust (Barbell)"`` is ``"hip thrust barbell"``.

    Accents are dropped, every run of punctuation becomes a space (so ``"90/90"`` is
    ``"90 90"`` and ``"Single-Leg"`` is ``"single leg"``), and ``TOKEN_SYNONYMS`` apply.
    """
    decomposed = unicodedata.normalize("NFKD", name).casefold()
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    return " ".join(TOKEN_SYNONYMS.get(word, word) for word in words)


# The names the apps ship, normalised, with the id each stands for. Strong and Hevy write
# "Name (Equipment)", Liftosaur writes "Name, Equipment"; both normalise to the same key.
NAME_TABLE: Mapping[str, str] = MappingProxyType(
    {
        normalise_name(app_name): variation
        for app_name, variation in (
            # Strong and Hevy
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
            # Liftosaur ("Exercise, Equipment")
            ("Hip Thrust, Barbell", "barbell_hip_thrust"),
            ("Hip Thrust, Bodyweight", "hip_thrust"),
            ("Hip Thrust, Band", "banded_hip_thrust"),
            ("Hip Thrust, Dumbbell", "dumbbell_hip_thrust"),
            ("Hip Thrust, Kettlebell", "dumbbell_hip_thrust"),
            ("Hip Thrust, Smith", "machine_hip_thrust"),
            ("Hip Thrust, Leverage Machine", "machine_hip_thrust"),
            ("Glute Bridge, Bodyweight", "glute_bridge"),
            ("Glute Bridge, Dumbbell", "glute_bridge"),
            ("Glute Bridge, Band", "glute_bridge"),
            ("Glute Bridge, Barbell", "barbell_glute_bridge"),
            ("Glute Bridge March", "glute_bridge"),
            ("Single Leg Bridge", "single_leg_glute_bridge"),
            ("Single Leg Glute Bridge Straight Leg", "single_leg_glute_bridge"),
            ("Single Leg Glute Bridge Bent Knee", "single_leg_glute_bridge_90_90"),
            ("Single Leg Hip Thrust, Bodyweight", "single_leg_hip_thrust"),
        )
    }
)


def _contains(normalised: str, phrase: str) -> bool:
    return f" {phrase} " in f" {normalised} "


def _family(normalised: str) -> Family | None:
    for family, phrases in FAMILY_PHRASES.items():
        if any(_contains(normalised, phrase) for phrase in phrases):
            return family
    return None


@lru_cache(maxsize=4096)
def variation_for(exercise_name: str) -> str | None:
    """The catalogue id an app's exercise name stands for, or ``None`` for any other lift."""
    normalised = normalise_name(exercise_name)
    if normalised in NAME_TABLE:
        return NAME_TABLE[normalised]
    family = _family(normalised)
    if family is None:
        return None
    for rule in RULES:
        if rule.family == family and all(
            any(_contains(normalised, phrase) for phrase in group) for group in rule.all_of
        ):
            return rule.variation
    return None


def is_hip_thrust_family(exercise_name: str) -> bool:
    """Whether the name is a glute bridge or hip thrust of the catalogue."""
    return variation_for(exercise_name) is not None


# A deadlift for scheduling (domain.md §5: heavy deadlifts and heavy hip thrusts on different
# days) is a floor pull loading the spine; the hinge accessories below are not deadlift days.
DEADLIFT_PHRASES: tuple[str, ...] = ("deadlift", "rack pull", "block pull")
DEADLIFT_EXCLUDED_PHRASES: tuple[str, ...] = (
    "romanian",
    "rdl",
    "stiff leg",
    "straight leg",
    *_SINGLE_LEG,
    "high pull",
)


def is_deadlift(exercise_name: str) -> bool:
    """Whether the name is a deadlift (conventional, sumo, trap bar, deficit, rack pull ...).

    Romanian, stiff-legged and single-leg deadlifts and the deadlift high pull are not.
    """
    normalised = normalise_name(exercise_name)
    if not any(_contains(normalised, phrase) for phrase in DEADLIFT_PHRASES):
        return False
    return not any(_contains(normalised, phrase) for phrase in DEADLIFT_EXCLUDED_PHRASES)
