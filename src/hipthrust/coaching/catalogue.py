"""The exercise catalogue (domain.md §2): every bridge and hip thrust variation as data.

Naming rule [seed 002]: with both the shoulders and the feet on the floor it is a **glute
bridge**, even when loaded; with the shoulders or the feet elevated it is a **hip thrust**,
and the name says which is elevated.

The cue wording is ours; the facts behind it (bench height, pivot point, foot placement, the
mistakes and their fixes) come from seed 001 and seed 002.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hipthrust.coaching.mistakes import MISTAKES, Mistake
from hipthrust.errors import InputError, Phrase

__all__ = [
    "CATALOGUE",
    "EQUIPMENT",
    "FAMILY_PHRASES",
    "MUSCLES",
    "NAME_FILLER",
    "NAME_RULES",
    "NAME_SYNONYMS",
    "Elevation",
    "Family",
    "NameRule",
    "Resistance",
    "Stance",
    "Variation",
    "display_name",
    "find_variation",
    "normalise_name",
    "variation",
    "variation_id_for",
    "variation_ids",
    "variation_name",
    "variation_or_none",
]


class Family(StrEnum):
    BRIDGE = "bridge"
    HIP_THRUST = "hip_thrust"


class Stance(StrEnum):
    TWO_LEG = "two_leg"
    SINGLE_LEG = "single_leg"


class Elevation(StrEnum):
    NONE = "none"
    SHOULDERS = "shoulders"
    FEET = "feet"
    BOTH = "both"


class Resistance(StrEnum):
    BODYWEIGHT = "bodyweight"
    BAND = "band"
    DUMBBELL_KETTLEBELL = "dumbbell_kettlebell"
    BARBELL = "barbell"
    MACHINE = "machine"


# Muscle ids and what each names [seed 001: glute max the prime mover; glute medius and
# minimus stabilise; hamstrings and adductor magnus assist hip extension; trunk muscles
# brace isometrically; quadriceps hold the knee angle].
MUSCLES: dict[str, str] = {
    "gluteus_maximus": "gluteus maximus",
    "gluteus_medius": "gluteus medius and minimus",
    "hamstrings": "hamstrings",
    "adductor_magnus": "adductor magnus",
    "quadriceps": "quadriceps",
    "erector_spinae": "spinal erectors",
    "abdominals": "abdominal wall (bracing)",
}

EQUIPMENT: dict[str, str] = {
    "bench": "a stable bench or box about 30-40 cm (12-16 in) high",
    "barbell": "a barbell and plates",
    "bar_pad": "a thick bar pad",
    "mini_band": "a loop band around the knees",
    "dumbbell_or_kettlebell": "a dumbbell or a kettlebell",
    "hip_thrust_machine": "a hip thrust machine",
    "box_or_step": "a low step, box or plates for the feet",
}


@dataclass(frozen=True)
class Variation:
    """One variation of the bridge or the hip thrust, described as data."""

    id: str
    name: str
    family: Family
    stance: Stance
    elevation: Elevation
    resistance: Resistance
    setup: tuple[str, ...]
    execution: tuple[str, ...]
    mistakes: tuple[Mistake, ...]
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    rungs: tuple[int, ...]  # ladder rungs (coaching/ladder.py) this variation belongs to
    equipment: tuple[str, ...] = ()  # EQUIPMENT ids; empty means only the floor
    aliases: tuple[str, ...] = ()  # other names people use, for find_variation

    def __post_init__(self) -> None:
        bridge = self.elevation is Elevation.NONE
        if bridge != (self.family is Family.BRIDGE):
            raise InputError(
                f"{self.id}: a glute bridge has nothing elevated and a hip thrust has something"
            )
        unknown = [m for m in (*self.primary_muscles, *self.secondary_muscles) if m not in MUSCLES]
        unknown += [item for item in self.equipment if item not in EQUIPMENT]
        if unknown:
            raise InputError(f"{self.id}: unknown muscle or equipment {unknown[0]!r}")

    @property
    def loaded(self) -> bool:
        """True when something other than bodyweight provides the resistance."""
        return self.resistance is not Resistance.BODYWEIGHT

    @property
    def needs_load(self) -> bool:
        """True when a set of it is not a set without its load in kg (barbell, dumbbell,
        kettlebell, machine); a band's pull is not a load."""
        return self.resistance in (
            Resistance.BARBELL,
            Resistance.DUMBBELL_KETTLEBELL,
            Resistance.MACHINE,
        )

    def check_set(self, reps: int, reps_right: int | None, load_kg: float | None) -> None:
        """Refuse a set this variation cannot have been: one count for a single-leg set, two
        for a two-leg one, a load on bodyweight or band work, no load on loaded work."""
        if self.stance is Stance.SINGLE_LEG and reps_right is None:
            sides = (
                f"{self.id} is done one leg at a time: give reps for each side, like "
                f"x {reps}/{reps} (left/right)"
            )
            raise InputError(Phrase(sides, cli=f"{sides} or --reps {reps} --right {reps}"))
        if self.stance is Stance.TWO_LEG and reps_right is not None:
            raise InputError(
                f"{self.id} uses both legs at once: give one rep count, not {reps}/{reps_right}"
            )
        if load_kg is not None and self.resistance is Resistance.BODYWEIGHT:
            loaded = ", ".join(
                item.id
                for item in CATALOGUE
                if item.loaded
                and item.resistance is not Resistance.BAND
                and item.stance is self.stance
                and item.family is self.family
            )
            hint = f": for a load, log {loaded}" if loaded else ""
            raise InputError(f"{self.id} is a bodyweight exercise{hint}")
        if load_kg is not None and self.resistance is Resistance.BAND:
            band = f"{self.id}: a band's pull is not a load in kg or lb; log it without one"
            raise InputError(
                Phrase(
                    f"{band} (its colour can go in the notes)",
                    cli=f"{band} (its colour can go in --notes)",
                )
            )
        if load_kg is None and self.needs_load:
            needs = f"{self.id} needs the load: write it like 100kg x 8"
            raise InputError(Phrase(needs, cli=f"{needs} (or --load 100kg)"))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "family": self.family.value,
            "stance": self.stance.value,
            "elevation": self.elevation.value,
            "resistance": self.resistance.value,
            "loaded": self.loaded,
            "rungs": list(self.rungs),
            "equipment": list(self.equipment),
            "primary_muscles": list(self.primary_muscles),
            "secondary_muscles": list(self.secondary_muscles),
            "setup": list(self.setup),
            "execution": list(self.execution),
            "mistakes": [mistake.to_json() for mistake in self.mistakes],
            "aliases": list(self.aliases),
        }


# Shared wording, combined per variation below.
_FLOOR = (
    "Lie on your back on a mat, knees bent, feet flat about hip-width apart, arms on the "
    "floor by your sides."
)
_SHINS = (
    "Place the heels so that at the top the shins are vertical and the knees sit over the "
    "ankles; the toes may turn out slightly."
)
_BENCH = (
    "Brace a bench about 30-40 cm (12-16 in) high against a wall or stand it on a non-slip "
    "mat so it cannot slide.",
    "Sit on the floor with your back to the bench and rest the bottom of your shoulder blades "
    "(the bra-strap line) on its edge, never your neck.",
)
_BAR = (
    "Roll the bar over your legs to the crease of the hips, centred over the pelvis, with a "
    "thick pad between the bar and your body.",
    "If the bench is too high for the bar to start from the floor, raise the plates on blocks.",
)
_GAZE = (
    "Keep the chin tucked and the eyes forward; the gaze follows the breastbone, not the ceiling."
)
_DRIVE = "Brace the trunk, breathe out, and push through the heels and the balls of the feet."
_TOP = (
    "Squeeze the glutes and tuck the pelvis slightly at the top so shoulders, hips and knees "
    "form one straight line, with no arch in the lower back."
)
_LOWER = (
    "Lower slowly under control, breathing in and keeping the glutes working; "
    "never let the hips drop."
)
_PIVOT = (
    "Hinge around the bench edge: the upper back rolls on it instead of sliding or pushing it away."
)
_ONE_LEG_LEVEL = "Keep both hip bones level throughout; the free leg stays where you set it."

_TWO_LEG_MISTAKES = tuple(
    MISTAKES[key]
    for key in (
        "lumbar_hyperextension",
        "incomplete_extension",
        "feet_too_far",
        "feet_too_close",
        "neck_extension",
        "rushing",
    )
)
_BENCH_MISTAKES = (*_TWO_LEG_MISTAKES, MISTAKES["wrong_pivot"])
_SINGLE_LEG_FLOOR_MISTAKES = (*_TWO_LEG_MISTAKES, MISTAKES["pelvis_drop"])
_SINGLE_LEG_BENCH_MISTAKES = (*_BENCH_MISTAKES, MISTAKES["pelvis_drop"])
_LOADED_MISTAKES = (*_BENCH_MISTAKES, MISTAKES["too_much_weight"])

_BRIDGE_SECONDARY = ("hamstrings", "adductor_magnus", "erector_spinae", "abdominals")
_THRUST_SECONDARY = ("hamstrings", "adductor_magnus", "quadriceps", "erector_spinae", "abdominals")
_ONE_LEG_SECONDARY = ("gluteus_medius", "hamstrings", "adductor_magnus", "erector_spinae")

CATALOGUE: tuple[Variation, ...] = (
    Variation(
        "glute_bridge",
        "Glute bridge",
        Family.BRIDGE,
        Stance.TWO_LEG,
        Elevation.NONE,
        Resistance.BODYWEIGHT,
        setup=(_FLOOR, _SHINS, _GAZE),
        execution=(
            _DRIVE + " Lift the hips off the floor.",
            _TOP,
            "Hold the top for 2-3 s while the glutes stay squeezed.",
            _LOWER,
        ),
        mistakes=_TWO_LEG_MISTAKES,
        primary_muscles=("gluteus_maximus",),
        secondary_muscles=_BRIDGE_SECONDARY,
        rungs=(0, 1),
        aliases=(
            "bridge",
            "hip bridge",
            "floor bridge",
            "two leg glute bridge",
            "butt lift bridge",
        ),
    ),
    Variation(
        "single_leg_glute_bridge",
        "Single-leg glute bridge (other leg straight)",
        Family.BRIDGE,
        Stance.SINGLE_LEG,
        Elevation.NONE,
        Resistance.BODYWEIGHT,
        setup=(
            _FLOOR,
            "Straighten one leg and hold it in line with the bent one, thighs level.",
            _SHINS,
        ),
        execution=(
            _DRIVE + " Lift the hips on the working leg alone.",
            _TOP,
            _ONE_LEG_LEVEL,
            "Hold the top for 3 s, then lower under control; do all reps, then switch legs.",
        ),
        mistakes=_SINGLE_LEG_FLOOR_MISTAKES,
        primary_muscles=("gluteus_maximus",),
        secondary_muscles=_ONE_LEG_SECONDARY,
        rungs=(2,),
        aliases=("single leg bridge", "one leg glute bridge", "straight leg single leg bridge"),
    ),
    Variation(
        "single_leg_glute_bridge_90_90",
        "Single-leg glute bridge, other leg at 90/90",
        Family.BRIDGE,
        Stance.SINGLE_LEG,
        Elevation.NONE,
        Resistance.BODYWEIGHT,
        setup=(
            _FLOOR,
            "Lift one leg so that hip and knee are both bent to 90 degrees, shin parallel to "
            "the floor.",
            _SHINS,
        ),
        execution=(
            _DRIVE + " Lift the hips on the working leg alone.",
            _TOP,
            _ONE_LEG_LEVEL,
            "Hold the top for 3 s, then lower under control; count the reps each side.",
        ),
        mistakes=_SINGLE_LEG_FLOOR_MISTAKES,
        primary_muscles=("gluteus_maximus",),
        secondary_muscles=_ONE_LEG_SECONDARY,
        rungs=(0, 2),
        aliases=("single leg glute bridge 90 90", "90 90 single leg bridge"),
    ),
    Variation(
        "single_leg_glute_bridge_knee_hug",
        "Single-leg glute bridge, other knee hugged to the chest",
        Family.BRIDGE,
        Stance.SINGLE_LEG,
        Elevation.NONE,
        Resistance.BODYWEIGHT,
        setup=(
            _FLOOR,
            "Pull one knee to the chest and hold it there with both hands; this locks the "
            "pelvis so the lower back cannot arch.",
        ),
        execution=(
            _DRIVE + " Lift the hip on the working leg as far as it goes.",
            "Whatever height you reach is your true hip extension; do not chase more by arching.",
            "Hold 2-3 s, lower under control, and compare both sides.",
        ),
        mistakes=(
            MISTAKES["lumbar_hyperextension"],
            MISTAKES["feet_too_far"],
            MISTAKES["rushing"],
            MISTAKES["pelvis_drop"],
        ),
        primary_muscles=("gluteus_maximus",),
        secondary_muscles=("hamstrings", "adductor_magnus"),
        rungs=(0,),
        aliases=("knee hug bridge", "single leg glute bridge knee hug", "hug knee bridge"),
    ),
    Variation(
        "barbell_glute_bridge",
        "Barbell glute bridge",
        Family.BRIDGE,
        Stance.TWO_LEG,
        Elevation.NONE,
        Resistance.BARBELL,
        setup=(
            "Sit on the floor with a loaded bar over your legs, then lie back.",
            _BAR[0],
            _SHINS,
            _GAZE,
        ),
        execution=(
            _DRIVE + " Drive the bar straight up.",
            _TOP,
            "Hold the top for 1-2 s.",
            _LOWER,
        ),
        mistakes=(*_TWO_LEG_MISTAKES, MISTAKES["too_much_weight"]),
        primary_muscles=("gluteus_maximus",),
        secondary_muscles=_BRIDGE_SECONDARY,
        rungs=(5,),
        equipment=("barbell", "bar_pad"),
        aliases=("loaded glute bridge", "bb glute bridge"),
    ),
    Variation(
        "hip_thrust",
        "Hip thrust (bodyweight, shoulders on a bench)",
        Family.HIP_THRUST,
        Stance.TWO_LEG,
        Elevation.SHOULDERS,
        Resistance.BODYWEIGHT,
        setup=(*_BENCH, _SHINS, _GAZE),
        execution=(_DRIVE, _PIVOT, _TOP, "Hold the top for 1-2 s.", _LOWER),
        mistakes=_BENCH_MISTAKES,
        primary_muscles=("gluteus_maximus",),
        secondary_muscles=_THRUST_SECONDARY,
        rungs=(3,),
        equipment=("bench",),
        aliases=("bodyweight hip thrust", "bench hip thrust", "shoulder elevated hip thrust"),
    ),
    Variation(
        "single_leg_hip_thrust",
        "Single-leg hip thrust (shoulders on a bench)",
        Family.HIP_THRUST,
        Stance.SINGLE_LEG,
        Elevation.SHOULDERS,
        Resistance.BODYWEIGHT,
        setup=(
            *_BENCH,
            "Plant one foot with the shin vertical at the top; hold the other leg bent or "
            "straight in the air.",
            _GAZE,
        ),
        execution=(
            _DRIVE,
            _PIVOT,
            _TOP,
            _ONE_LEG_LEVEL,
            "Vary the tempo and hold the top up to 3 s; do all reps, then switch legs.",
        ),
        mistakes=_SINGLE_LEG_BENCH_MISTAKES,
        primary_muscles=("gluteus_maximus",),
        secondary_muscles=(*_ONE_LEG_SECONDARY, "quadriceps"),
        rungs=(4, 5),
        equipment=("bench",),
        aliases=("one leg hip thrust", "single leg bench hip thrust"),
    ),
    Variation(
        "banded_hip_thrust",
        "Banded hip thrust (band around the knees)",
        Family.HIP_THRUST,
        Stance.TWO_LEG,
        Elevation.SHOULDERS,
        Resistance.BAND,
        setup=(
            *_BENCH,
            "Loop a band just above the knees; set the feet hip-width with a little tension "
            "in the band.",
            _SHINS,
            _GAZE,
        ),
        execution=(
            _DRIVE + " Press the knees out into the band as you rise.",
            _PIVOT,
            _TOP,
            "Hold the top for 1-2 s.",
            _LOWER,
        ),
        mistakes=(*_LOADED_MISTAKES, MISTAKES["knees_caving"]),
        primary_muscles=("gluteus_maximus", "gluteus_medius"),
        secondary_muscles=("hamstrings", "adductor_magnus", "quadriceps"),
        rungs=(5,),
        equipment=("bench", "mini_band"),
        aliases=("band hip thrust", "hip thrust with band", "mini band hip thrust"),
    ),
    Variation(
        "dumbbell_hip_thrust",
        "Dumbbell or kettlebell hip thrust",
        Family.HIP_THRUST,
        Stance.TWO_LEG,
        Elevation.SHOULDERS,
        Resistance.DUMBBELL_KETTLEBELL,
        setup=(
            *_BENCH,
            "Rest the dumbbell or kettlebell on the hip crease over a folded towel or pad and "
            "steady it with both hands.",
            _SHINS,
            _GAZE,
        ),
        execution=(_DRIVE, _PIVOT, _TOP, "Hold the top for 1-2 s.", _LOWER),
        mistakes=_LOADED_MISTAKES,
        primary_muscles=("gluteus_maximus",),
        secondary_muscles=_THRUST_SECONDARY,
        rungs=(5,),
        equipment=("bench", "dumbbell_or_kettlebell"),
        aliases=("kettlebell hip thrust", "db hip thrust", "kb hip thrust"),
    ),
    Variation(
        "barbell_hip_thrust",
        "Barbell hip thrust",
        Family.HIP_THRUST,
        Stance.TWO_LEG,
        Elevation.SHOULDERS,
        Resistance.BARBELL,
        setup=(*_BENCH, *_BAR, _SHINS, _GAZE),
        execution=(_DRIVE, _PIVOT, _TOP, "Hold the top for 1-2 s.", _LOWER),
        mistakes=_LOADED_MISTAKES,
        primary_muscles=("gluteus_maximus",),
        secondary_muscles=_THRUST_SECONDARY,
        rungs=(5, 6),
        equipment=("bench", "barbell", "bar_pad"),
        aliases=("bb hip thrust", "loaded hip thrust", "weighted hip thrust"),
    ),
    Variation(
        "machine_hip_thrust",
        "Machine hip thrust",
        Family.HIP_THRUST,
        Stance.TWO_LEG,
        Elevation.SHOULDERS,
        Resistance.MACHINE,
        setup=(
            "Set the back pad so it meets the bottom of the shoulder blades and the hip pad or "
            "belt so it sits across the hip crease.",
            _SHINS,
            _GAZE,
        ),
        execution=(
            _DRIVE,
            "Let the machine guide the path; the hips still do the work.",
            _TOP,
            "Hold the top for 1-2 s.",
            _LOWER,
        ),
        mistakes=(
            MISTAKES["lumbar_hyperextension"],
            MISTAKES["incomplete_extension"],
            MISTAKES["feet_too_far"],
            MISTAKES["feet_too_close"],
            MISTAKES["neck_extension"],
            MISTAKES["rushing"],
            MISTAKES["too_much_weight"],
        ),
        primary_muscles=("gluteus_maximus",),
        secondary_muscles=_THRUST_SECONDARY,
        rungs=(5,),
        equipment=("hip_thrust_machine",),
        aliases=("hip thrust machine", "glute drive"),
    ),
    Variation(
        "deficit_hip_thrust",
        "Deficit hip thrust (shoulders and feet elevated)",
        Family.HIP_THRUST,
        Stance.TWO_LEG,
        Elevation.BOTH,
        Resistance.BARBELL,
        setup=(
            *_BENCH,
            "Put the feet on a low step or stacked plates so the hips can sink below them at "
            "the bottom.",
            *_BAR,
            _GAZE,
        ),
        execution=(
            _DRIVE + " Start from the deeper bottom position without bouncing.",
            _PIVOT,
            _TOP,
            "Hold the top for 1-2 s; use less load than for the standard hip thrust.",
            _LOWER,
        ),
        mistakes=_LOADED_MISTAKES,
        primary_muscles=("gluteus_maximus",),
        secondary_muscles=_THRUST_SECONDARY,
        rungs=(6,),
        equipment=("bench", "box_or_step", "barbell", "bar_pad"),
        aliases=("feet elevated hip thrust", "feet and shoulders elevated hip thrust"),
    ),
)

_BY_ID: dict[str, Variation] = {item.id: item for item in CATALOGUE}
# An exercise id: lower case, digits and underscores (as the store keeps them).
_VARIATION_ID = re.compile(r"[a-z][a-z0-9_]{0,39}")


def variation_ids() -> tuple[str, ...]:
    return tuple(_BY_ID)


def variation_or_none(variation_id: str) -> Variation | None:
    """The variation with this exact id, or None (lifts outside the catalogue)."""
    return _BY_ID.get(variation_id)


def variation(variation_id: str) -> Variation:
    """The variation with this exact id, or InputError naming the closest ids."""
    found = _BY_ID.get(variation_id)
    if found is None:
        close = difflib.get_close_matches(variation_id, list(_BY_ID), n=2, cutoff=0.6)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        unknown = f"unknown exercise {variation_id!r}{hint}"
        raise InputError(Phrase(unknown, cli=f"{unknown} (hipthrust exercises lists them)"))
    return found


# One resolver for every door (the log, the importers, the web, the video pages): a name as
# people or apps write it -> a catalogue id. Three steps, in order:
# 1. the names and aliases of the catalogue (``Variation.aliases`` is the one alias table),
#    compared word for word, then as a set of words (word order does not matter);
# 2. ``NAME_RULES``: a name of the hip thrust or glute bridge family (it contains one of
#    ``FAMILY_PHRASES``) takes the id of the first rule whose phrases it contains, so the
#    names training apps ship ("Hip Thrust (Smith Machine)", "Glute Bridge, Band") and their
#    variants ("B-Stance Hip Thrust", "Barbell Hip Thrusts (paused)") are placed;
# 3. anything else is another lift: None.
# A name holding a number the rules do not know (``hip thrust 100``) is never placed by a rule:
# the quick-log syntax reads numbers as loads and reps, so they are not part of a name. Nor is
# a name with a misspelt word ("barbel hip thrust", "singel leg hip thrust"): a rule would
# quietly take it for the plain bodyweight lift; ``log`` suggests the close ids instead and an
# import keeps it as another lift.

# Words rewritten before names are compared: abbreviations, plurals, run-together spellings.
NAME_SYNONYMS: dict[str, str] = {
    "db": "dumbbell",
    "dumbbells": "dumbbell",
    "kb": "kettlebell",
    "kettlebells": "kettlebell",
    "bb": "barbell",
    "bw": "bodyweight",
    "sl": "single leg",
    "singleleg": "single leg",
    "one": "single",
    "1": "single",
    "legged": "leg",
    "thrusts": "thrust",
    "thruster": "thrust",
    "hipthrust": "hip thrust",
    "hipthrusts": "hip thrust",
    "bridges": "bridge",
    "bridging": "bridge",
    "glutes": "glute",
    "banded": "band",
    "bands": "band",
    "weighted": "loaded",
    "hugged": "hug",
    "hugging": "hug",
}
# Words that never tell variations apart.
NAME_FILLER = frozenset({"the", "a", "an", "with", "on", "of", "and", "exercise", "s"})

# A name belongs to a family when it contains one of these phrases (whole words, normalised).
FAMILY_PHRASES: dict[Family, tuple[str, ...]] = {
    Family.HIP_THRUST: ("hip thrust",),
    Family.BRIDGE: ("glute bridge", "hip bridge", "single leg bridge", "butt bridge"),
}

_SINGLE_LEG_PHRASES = ("single leg", "unilateral", "b stance")


@dataclass(frozen=True)
class NameRule:
    """A name of ``family`` containing a phrase of every group of ``all_of`` is ``variation``.

    An empty ``all_of`` matches every name of the family, so it closes the family's list.
    """

    family: Family
    all_of: tuple[tuple[str, ...], ...]
    variation: str


# Ordered; the first match wins, so the more specific rules come first [design]: one leg beats
# everything; for the hip thrust the elevation (deficit) beats the equipment; a guided bar
# (Smith) counts as a machine for the hip thrust and as a barbell for the bridge; a band with
# a bar or a dumbbell is the loaded lift; a dumbbell or band glute bridge is a glute bridge.
NAME_RULES: tuple[NameRule, ...] = (
    NameRule(Family.HIP_THRUST, (_SINGLE_LEG_PHRASES,), "single_leg_hip_thrust"),
    NameRule(
        Family.HIP_THRUST,
        (("deficit", "feet elevated", "elevated feet", "double elevated", "feet bench"),),
        "deficit_hip_thrust",
    ),
    NameRule(
        Family.HIP_THRUST,
        (("machine", "smith", "lever", "leverage", "glute drive", "plate loaded"),),
        "machine_hip_thrust",
    ),
    NameRule(Family.HIP_THRUST, (("barbell", "bar"),), "barbell_hip_thrust"),
    NameRule(Family.HIP_THRUST, (("dumbbell", "kettlebell"),), "dumbbell_hip_thrust"),
    NameRule(Family.HIP_THRUST, (("band", "mini band", "loop"),), "banded_hip_thrust"),
    NameRule(Family.HIP_THRUST, (), "hip_thrust"),
    NameRule(
        Family.BRIDGE,
        (_SINGLE_LEG_PHRASES, ("90 90", "bent knee", "bent leg")),
        "single_leg_glute_bridge_90_90",
    ),
    NameRule(
        Family.BRIDGE,
        (_SINGLE_LEG_PHRASES, ("knee hug", "hug", "knee to chest", "knee chest")),
        "single_leg_glute_bridge_knee_hug",
    ),
    NameRule(Family.BRIDGE, (_SINGLE_LEG_PHRASES,), "single_leg_glute_bridge"),
    NameRule(Family.BRIDGE, (("barbell", "bar", "smith"),), "barbell_glute_bridge"),
    NameRule(Family.BRIDGE, (), "glute_bridge"),
)


def _tokens(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.findall(r"[a-z0-9]+", plain)


def normalise_name(name: str) -> str:
    """The words a name is compared by: ``"Hip-Thrusts (BB)"`` is ``"hip thrust barbell"``.

    Case, accents and punctuation are dropped (``"90/90"`` is ``"90 90"``), ``NAME_SYNONYMS``
    rewrite words and ``NAME_FILLER`` words are left out.
    """
    words = (NAME_SYNONYMS.get(token, token) for token in _tokens(name))
    return " ".join(word for word in words if word not in NAME_FILLER)


def _contains(normalised: str, phrase: str) -> bool:
    return f" {phrase} " in f" {normalised} "


def _stray_number(name: str) -> bool:
    """Whether the name holds a number that is not part of ``90/90`` or ``1-leg``."""
    tokens = _tokens(name)
    for index, token in enumerate(tokens):
        if not any(char.isdigit() for char in token):
            continue
        before = tokens[index - 1] if index else ""
        after = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token == "90" and "90" in (before, after):
            continue
        if token == "1" and after in ("leg", "legged"):
            continue
        return True
    return False


def _name_index() -> tuple[dict[str, str], dict[frozenset[str], str]]:
    exact: dict[str, str] = {}
    unordered: dict[frozenset[str], str] = {}
    for item in CATALOGUE:
        for text in (item.id.replace("_", " "), item.name, *item.aliases):
            words = normalise_name(text)
            exact.setdefault(words, item.id)
            unordered.setdefault(frozenset(words.split()), item.id)
    return exact, unordered


_EXACT, _UNORDERED = _name_index()


def _vocabulary() -> frozenset[str]:
    words: set[str] = set()
    for item in CATALOGUE:
        for text in (item.id.replace("_", " "), item.name, *item.aliases):
            words.update(normalise_name(text).split())
    for rule in NAME_RULES:
        for group in rule.all_of:
            words.update(word for phrase in group for word in phrase.split())
    for phrases in FAMILY_PHRASES.values():
        words.update(word for phrase in phrases for word in phrase.split())
    return frozenset(words)


_VOCABULARY = _vocabulary()


def _misspelt(normalised: str) -> bool:
    """Whether a word is not one of ours but close to one (``barbel`` for ``barbell``)."""
    for word in normalised.split():
        if word in _VOCABULARY or word.removesuffix("s") in _VOCABULARY or word.isdigit():
            continue
        if difflib.get_close_matches(word, _VOCABULARY, n=1, cutoff=0.8):
            return True
    return False


def _by_rule(normalised: str) -> str | None:
    family = next(
        (
            family
            for family, phrases in FAMILY_PHRASES.items()
            if any(_contains(normalised, phrase) for phrase in phrases)
        ),
        None,
    )
    if family is None:
        return None
    for rule in NAME_RULES:
        if rule.family is family and all(
            any(_contains(normalised, phrase) for phrase in group) for group in rule.all_of
        ):
            return rule.variation
    return None


@functools.lru_cache(maxsize=4096)
def variation_id_for(name: str) -> str | None:
    """The catalogue id a name stands for, or None for any other lift (see the steps above)."""
    normalised = normalise_name(name)
    if not normalised:
        return None
    found = _EXACT.get(normalised) or _UNORDERED.get(frozenset(normalised.split()))
    if found is not None:
        return found
    if _stray_number(name) or _misspelt(normalised):
        return None
    return _by_rule(normalised)


def find_variation(name: str) -> Variation | None:
    """Find a variation by a name as people or apps write it, or None when nothing fits.

    Case, punctuation, plurals, word order and the usual abbreviations (DB, KB, BB, SL,
    "one-legged") do not matter: ``"Barbell Hip Thrust"``, ``"hip-thrusts (barbell)"``,
    ``"Hip Thrust (Barbell)"`` and ``"BB hip thrust"`` all find ``barbell_hip_thrust``. The
    log, the importers and the web all resolve names here.
    """
    found = variation_id_for(name)
    return None if found is None else _BY_ID[found]


def display_name(exercise: str) -> str:
    """The one name people read for an exercise: the catalogue's name for a catalogue id.

    ``"single_leg_glute_bridge_90_90"`` is "Single-leg glute bridge, other leg at 90/90";
    another id (``"deadlift"``) reads as words with a capital ("Deadlift"); any other text
    (an app's own name, "Squat (Barbell)") is shown as written.
    """
    found = _BY_ID.get(exercise)
    if found is not None:
        return found.name
    if _VARIATION_ID.fullmatch(exercise):
        return exercise.replace("_", " ").capitalize()
    return exercise


def variation_name(variation_id: str) -> str:
    """The display name in running text ("barbell hip thrust")."""
    name = display_name(variation_id)
    return name[:1].lower() + name[1:]
