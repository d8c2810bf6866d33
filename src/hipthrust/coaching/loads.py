"""Loads a person can actually put on: equipment, rounding to plates, double progression.

Everything is stored in kilograms, but plates live in the user's units: a 45 lb plate is not
20.4 kg in anyone's gym. So the arithmetic here works in the equipment's own units, on an
integer grid (thousandths of a unit), and converts back to kilograms at the end.

Achievable loads (domain.md §5): the bar plus pairs of plates (any number of each size), or
one dumbbell / kettlebell across the hips. A load below the lightest achievable one rounds
*up* to it whatever the direction asked for; callers that must tell "lighter than an empty
bar" apart (to prescribe a band or bodyweight instead) compare with ``minimum_load``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.units import Units, format_mass, from_kg, to_kg
from hipthrust.errors import InputError

__all__ = [
    "DEFAULT_PROGRESSION_RULES",
    "MAX_LOAD_KG",
    "Direction",
    "Equipment",
    "Implement",
    "ProgressionRules",
    "ProgressionStep",
    "default_equipment",
    "double_progression",
    "implement_for",
    "minimum_load",
    "plates_per_side",
    "round_load",
]

Direction = Literal["nearest", "down", "up"]
# What carries the load: a barbell with plates, one dumbbell/kettlebell, a machine stack
# (rounded to multiples of the smallest step), or "any" (the nearest of barbell and dumbbell).
Implement = Literal["any", "barbell", "dumbbell", "machine"]

# Heavier than any hip thrust on record, with room to spare; above it is a typing mistake.
MAX_LOAD_KG = 1000.0

_GRID = 1000  # thousandths of a unit: 1.25 kg and 2.5 lb are exact integers


@dataclass(frozen=True)
class Equipment:
    """What the user has; every mass here is in ``units``.

    ``plates`` are the per-side plate sizes, each available in as many pairs as needed (a
    normal gym). ``smallest_step`` is the smallest load jump wanted between sessions (e.g.
    2.5 kg / 5 lb); None means two of the smallest plate. ``dumbbells`` are the single
    dumbbells or kettlebells available (one is held across the hips). ``has_bands``: a
    resistance band for the banded hip thrust. ``has_bench``: something 30-40 cm high and
    stable for the shoulders; without it, thrusts become bridges.
    """

    units: Units = "kg"
    bar: float = 20.0
    plates: tuple[float, ...] = (25, 20, 15, 10, 5, 2.5, 1.25)
    smallest_step: float | None = None
    has_barbell: bool = True
    has_bench: bool = True
    has_bands: bool = True
    has_machine: bool = False
    dumbbells: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if self.units not in ("kg", "lb"):
            raise InputError(f"units must be kg or lb, not {self.units!r}")
        if not 0 <= self.bar <= 100:
            raise InputError(f"bar weight must be between 0 and 100 {self.units}, not {self.bar}")
        for size in (*self.plates, *self.dumbbells):
            if not (math.isfinite(size) and 0 < size <= 200):
                raise InputError(f"plate and dumbbell sizes must be above 0, not {size}")
            if abs(size * 100 - round(size * 100)) > 1e-6:
                raise InputError(f"plate and dumbbell sizes must be in hundredths, not {size}")
        if self.smallest_step is not None and not 0 < self.smallest_step <= 50:
            raise InputError(
                f"smallest step must be above 0 and at most 50, not {self.smallest_step}"
            )
        if self.has_barbell and not self.plates and self.bar == 0:
            raise InputError("a barbell needs a bar weight or plates")

    @property
    def step(self) -> float:
        """The smallest load jump, in ``units``."""
        if self.smallest_step is not None:
            return self.smallest_step
        if self.plates:
            return 2 * min(self.plates)
        return 2.5 if self.units == "kg" else 5.0

    @property
    def step_kg(self) -> float:
        return to_kg(self.step, self.units)


def default_equipment(units: Units = "kg") -> Equipment:
    """A standard gym: 20 kg bar and 25-1.25 kg plates, or a 45 lb bar and 45-2.5 lb plates."""
    if units == "lb":
        return Equipment(units="lb", bar=45.0, plates=(45, 35, 25, 10, 5, 2.5))
    if units == "kg":
        return Equipment()
    raise InputError(f"units must be kg or lb, not {units!r}")


def _ticks(value: float) -> int:
    return round(value * _GRID)


@lru_cache(maxsize=64)
def _per_side_sums(plates: tuple[int, ...], limit: int) -> tuple[int, tuple[bool, ...]]:
    """Which per-side sums (in multiples of the plates' gcd, up to ``limit`` ticks) are possible.

    Returns the gcd and a table ``reachable[k]`` for the sum ``k * gcd``: an unbounded
    subset-sum over plate sizes.
    """
    if not plates:
        return 1, (True,)
    gcd = 0
    for plate in plates:
        gcd = math.gcd(gcd, plate)
    sizes = sorted({plate // gcd for plate in plates})
    cells = limit // gcd + 1
    reachable = [False] * cells
    reachable[0] = True
    for k in range(1, cells):
        reachable[k] = any(size <= k and reachable[k - size] for size in sizes)
    return gcd, tuple(reachable)


def _side_limit_ticks(equipment: Equipment) -> int:
    top = from_kg(MAX_LOAD_KG, equipment.units)
    return max(0, _ticks((top - equipment.bar) / 2)) + _ticks(max(equipment.plates, default=0))


def _barbell_candidates(target_ticks: float, equipment: Equipment) -> list[int]:
    """Achievable barbell loads (ticks) bracketing ``target_ticks``: the closest below and above."""
    plate_ticks = tuple(sorted({_ticks(p) for p in equipment.plates}))
    gcd, reachable = _per_side_sums(plate_ticks, _side_limit_ticks(equipment))
    bar = _ticks(equipment.bar)
    side = (target_ticks - bar) / 2
    if side <= 0:
        return [bar]
    below = min(math.floor(side / gcd), len(reachable) - 1)
    while below > 0 and not reachable[below]:
        below -= 1
    above = math.ceil(side / gcd)
    while above < len(reachable) and not reachable[above]:
        above += 1
    out = [bar + 2 * below * gcd]
    if above < len(reachable):
        out.append(bar + 2 * above * gcd)
    return out


def _candidates(target_ticks: float, equipment: Equipment, implement: Implement) -> list[int]:
    found: list[int] = []
    if implement in ("any", "barbell") and equipment.has_barbell:
        found += _barbell_candidates(target_ticks, equipment)
    if implement in ("any", "dumbbell"):
        found += [_ticks(d) for d in equipment.dumbbells]
    if implement == "machine":
        step = _ticks(equipment.step)
        below = math.floor(target_ticks / step) * step
        found += [max(step, below), max(step, below + step)]
    return found


def minimum_load(equipment: Equipment, implement: Implement = "any") -> float | None:
    """The lightest achievable load in kg (the empty bar, the lightest dumbbell), or None."""
    found = _candidates(0, equipment, implement)
    return to_kg(min(found) / _GRID, equipment.units) if found else None


def round_load(
    kg: float,
    equipment: Equipment,
    direction: Direction = "nearest",
    *,
    implement: Implement = "any",
) -> float:
    """Round ``kg`` to a load the equipment can make; the result is in kg.

    ``nearest`` breaks ties upward. Below the lightest achievable load the result is that load
    (an empty bar is never rounded down to nothing); see ``minimum_load``.
    """
    if not math.isfinite(kg) or kg < 0:
        raise InputError(f"a load must be zero or more, not {kg}")
    if kg > MAX_LOAD_KG:
        raise InputError(f"{kg:.0f} kg is not a load anyone lifts")
    exact = from_kg(kg, equipment.units) * _GRID  # compare with the exact target, not a tick
    found = sorted(set(_candidates(exact, equipment, implement)))
    if not found:
        raise InputError(f"no {'equipment' if implement == 'any' else implement} to load with")
    lower = [value for value in found if value <= exact + 1e-6]
    upper = [value for value in found if value >= exact - 1e-6]
    if not lower:
        chosen = found[0]
    elif direction == "down" or not upper:
        chosen = max(lower)
    elif direction == "up":
        chosen = min(upper)
    else:
        low, high = max(lower), min(upper)
        chosen = low if exact - low < high - exact else high
    return to_kg(chosen / _GRID, equipment.units)


def plates_per_side(kg: float, equipment: Equipment) -> tuple[float, tuple[float, ...]]:
    """The nearest achievable barbell load to ``kg`` and the plates on each side, heaviest first.

    Raises InputError for a negative or absurd load, or one lighter than the empty bar.
    Exact: the load is the nearest the plate set can make (ties go up), and the plates are
    the lexicographically heaviest combination that makes it, so usually the fewest plates.
    """
    if not equipment.has_barbell:
        raise InputError("no barbell in the equipment")
    if not math.isfinite(kg) or kg <= 0:
        raise InputError(f"a load must be above zero, not {kg}")
    bar_kg = to_kg(equipment.bar, equipment.units)
    if kg < bar_kg - 1e-9:
        raise InputError(
            f"{format_mass(kg, equipment.units)} is lighter than the "
            f"{format_mass(bar_kg, equipment.units)} bar"
        )
    achieved = round_load(kg, equipment, "nearest", implement="barbell")
    side = (_ticks(from_kg(achieved, equipment.units)) - _ticks(equipment.bar)) // 2
    sizes = sorted({_ticks(p) for p in equipment.plates}, reverse=True)
    gcd, reachable = _per_side_sums(tuple(sorted(sizes)), _side_limit_ticks(equipment))
    plates: list[float] = []
    while side > 0:
        for size in sizes:
            rest = side - size
            if rest >= 0 and reachable[rest // gcd]:
                plates.append(size / _GRID)
                side = rest
                break
        else:  # pragma: no cover - the table says side is reachable
            raise AssertionError("plate table out of step")
    return achieved, tuple(plates)


# --------------------------------------------------------------------------- progression


@dataclass(frozen=True)
class ProgressionRules:
    """Double progression as data [lit: ACSM 2009, S; defaults for the hip thrust: design].

    ACSM allows 2-10% per step; the hip thrust defaults to 2.5% when the top of the rep range
    is just reached and 5% when every working set beats it by ``big_beat_reps`` or more.
    """

    small_increase: float = 0.025
    large_increase: float = 0.05
    max_increase: float = 0.10
    big_beat_reps: int = 2

    def __post_init__(self) -> None:
        if not 0 < self.small_increase <= self.large_increase <= self.max_increase <= 0.5:
            raise InputError("progression increases must satisfy 0 < small <= large <= max <= 0.5")
        if self.big_beat_reps < 1:
            raise InputError("big_beat_reps must be at least 1")


DEFAULT_PROGRESSION_RULES = ProgressionRules()


@dataclass(frozen=True)
class ProgressionStep:
    """What double progression says for the next session.

    ``new_load_kg`` is None for bodyweight work. ``target_reps`` is the per-set rep goal next
    time: the bottom of the range after a load increase, one more than the weakest set otherwise.
    """

    new_load_kg: float | None
    progressed: bool
    reason: str
    target_reps: int


def implement_for(variation: str) -> Implement:
    """Which implement a catalogue variation is loaded with."""
    if variation.startswith("dumbbell"):
        return "dumbbell"
    if variation.startswith("machine"):
        return "machine"
    if variation.startswith("barbell") or variation == "deficit_hip_thrust":
        return "barbell"
    return "any"


def double_progression(
    last_sets: Sequence[SetRecord],
    rep_range: tuple[int, int],
    equipment: Equipment,
    rules: ProgressionRules = DEFAULT_PROGRESSION_RULES,
) -> ProgressionStep:
    """Double progression over the sets of the last session [lit: ACSM 2009].

    Working sets are the non-warm-up sets at the session's top load (lighter back-off sets
    do not count). When every one reaches the top of ``rep_range`` (the weaker side for
    single-leg sets), the load goes up by ``small_increase`` (or ``large_increase`` when
    every set beat the top by ``big_beat_reps``), rounded to the equipment and at least its
    smallest step; otherwise the load stays and the target is one more rep.
    """
    low, high = rep_range
    if not 1 <= low <= high <= 100:
        raise InputError(f"rep range must be 1 <= min <= max <= 100, not {rep_range}")
    working = [s for s in last_sets if not s.warmup]
    if not working:
        raise InputError("no working sets in the last session to progress from")
    loads = [s.load_kg for s in working if s.load_kg is not None]
    top = max(loads) if loads else None
    counted = [s for s in working if s.load_kg == top]
    weakest = min(s.min_side_reps for s in counted)
    if top is None or top == 0:
        if weakest >= high:
            return ProgressionStep(
                None,
                False,
                f"Every set reached {high} reps without load: add a hold, a harder variation "
                "or a load rather than more reps.",
                high,
            )
        return ProgressionStep(
            None,
            False,
            f"Bodyweight work: keep going and aim for {min(weakest + 1, high)} reps a set.",
            min(weakest + 1, high),
        )
    units = equipment.units
    if weakest < high:
        return ProgressionStep(
            top,
            False,
            f"Not every set reached {high} reps (weakest {weakest}): keep "
            f"{format_mass(top, units)} and aim for {min(weakest + 1, high)} reps a set.",
            min(weakest + 1, high),
        )
    beat = weakest - high
    fraction = rules.large_increase if beat >= rules.big_beat_reps else rules.small_increase
    implement = implement_for(working[0].variation)
    candidate = round_load(top * (1 + fraction), equipment, "nearest", implement=implement)
    if candidate - top < equipment.step_kg - 1e-6:
        candidate = round_load(top + equipment.step_kg, equipment, "up", implement=implement)
    ceiling = round_load(top * (1 + rules.max_increase), equipment, "down", implement=implement)
    if candidate > ceiling and ceiling - top >= equipment.step_kg - 1e-6:
        candidate = ceiling
    if candidate <= top + 1e-6:
        return ProgressionStep(
            top,
            False,
            f"Every set reached {high} reps but the equipment has nothing heavier than "
            f"{format_mass(top, units)}: add reps, a pause or a harder variation.",
            high,
        )
    how = f"beat {high} reps by {beat}" if beat >= rules.big_beat_reps else f"reached {high} reps"
    return ProgressionStep(
        candidate,
        True,
        f"Every working set {how}: go from {format_mass(top, units)} to "
        f"{format_mass(candidate, units)} and start again at {low} reps.",
        low,
    )
