"""The exercise catalogue (domain.md §2): every bridge and hip thrust variation as data.

Naming rule [seed 002]: with both the shoulders and the feet on the floor it is a **glute
bridge**, even when loaded; with the shoulders or the feet elevated it is a **hip thrust**,
and the name says which is elevated.

The cue wording is ours; the facts behind it (bench height, pivot point, foot placement, the
mistakes and their fixes) come from seed 001 and seed 002.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hipthrust.coaching.mistakes import MISTAKES, Mistake
from hipthrust.errors import InputError, Phrase

__all__ = [
    "CATALOGUE",
    "EQUIPMENT",
    "MUSCLES",
    "Elevation",
    "Family",
    "Resistance",
    "Stance",
    "Variation",
    "find_variation",
    "variation",
    "variation_ids",
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


# Words people use interchangeably; mapped before names are compared.
_SYNONYMS = {
    "db": "dumbbell",
    "kb": "kettlebell",
    "bb": "barbell",
    "one": "single",
    "1": "single",
    "legged": "leg",
    "thrusts": "thrust",
    "thruster": "thrust",
    "bridges": "bridge",
    "glutes": "glute",
    "banded": "band",
    "bands": "band",
    "weighted": "loaded",
}
_FILLER = frozenset({"the", "a", "an", "with", "on", "of", "and", "exercise", "s"})


def _words(text: str) -> tuple[str, ...]:
    tokens = re.findall(r"[a-z0-9]+", text.lower())
    return tuple(_SYNONYMS.get(token, token) for token in tokens if token not in _FILLER)


def _name_index() -> tuple[dict[tuple[str, ...], str], dict[frozenset[str], str]]:
    exact: dict[tuple[str, ...], str] = {}
    unordered: dict[frozenset[str], str] = {}
    for item in CATALOGUE:
        for text in (item.id.replace("_", " "), item.name, *item.aliases):
            words = _words(text)
            exact.setdefault(words, item.id)
            unordered.setdefault(frozenset(words), item.id)
    return exact, unordered


_EXACT, _UNORDERED = _name_index()


def find_variation(name: str) -> Variation | None:
    """Find a variation by a name as people write it, or None when nothing fits.

    Case, punctuation, plurals, word order and the usual abbreviations (DB, KB, BB,
    "one-legged") do not matter: ``"Barbell Hip Thrust"``, ``"hip-thrusts (barbell)"`` and
    ``"BB hip thrust"`` all find ``barbell_hip_thrust``.
    """
    words = _words(name)
    if not words:
        return None
    found = _EXACT.get(words) or _UNORDERED.get(frozenset(words))
    return None if found is None else _BY_ID[found]
