"""The progression ladder (domain.md §4) as data: rungs, their doses and the gates between them.

Unloaded mastery first, then load. Gates combine reps, hold time, pain and form at once.
Evaluating a gate against a history lives in ``gates.py``; this module is only the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from hipthrust.errors import InputError

__all__ = ["LADDER", "Dose", "Gate", "Rung", "rung"]


@dataclass(frozen=True)
class Dose:
    """A typical prescription: sets and reps as inclusive ranges, top hold in seconds."""

    sets: tuple[int, int]
    reps: tuple[int, int]
    hold_s: float
    per_side: bool = False
    tempo: str = ""


@dataclass(frozen=True)
class Gate:
    """What must be shown, all at once, to move up from a rung.

    ``min_reps`` counts the weaker side for single-leg work; ``min_hold_s`` is the top hold
    each of those reps must have; pain must stay at or below ``max_pain``; form conditions
    come from self-report or video. ``sessions`` is how many separate sessions must show it
    (two on rungs 1-4, so one good day is not enough [design]).
    """

    min_reps: int = 0
    min_hold_s: float = 0.0
    max_pain: int = 2
    full_extension: bool = True
    no_lumbar_compensation: bool = True
    correct_pivot: bool = False
    sessions: int = 1
    strict: bool = True  # a target rather than a prerequisite when False (rung 4)
    # Only sets of these variations count (empty: the rung's variations), and with a load
    # when ``loaded`` (rung 5: the barbell or the machine, under load).
    counts: tuple[str, ...] = ()
    loaded: bool = False


@dataclass(frozen=True)
class Rung:
    number: int
    name: str
    variations: tuple[str, ...]  # catalogue ids, the main one first
    dose: Dose | None
    gate: Gate | None  # None on the top rung
    loaded: bool = False


LADDER: tuple[Rung, ...] = (
    Rung(
        0,
        "Education and the bridge test",
        ("glute_bridge",),
        None,
        # The bridge test records form, it does not require it: rung 1 is where it is learned.
        Gate(max_pain=5, full_extension=False, no_lumbar_compensation=False),
    ),
    Rung(
        1,
        "Two-leg glute bridge, bodyweight",
        ("glute_bridge",),
        Dose(sets=(2, 3), reps=(8, 15), hold_s=3.0, tempo="1-3-2"),
        Gate(min_reps=15, min_hold_s=3.0, max_pain=2, sessions=2),
    ),
    Rung(
        2,
        "Single-leg glute bridge, bodyweight",
        ("single_leg_glute_bridge_90_90", "single_leg_glute_bridge"),
        Dose(sets=(2, 3), reps=(6, 12), hold_s=3.0, per_side=True, tempo="1-3-2"),
        Gate(min_reps=12, min_hold_s=3.0, max_pain=2, sessions=2),
    ),
    Rung(
        3,
        "Two-leg hip thrust, bodyweight (learn the pivot)",
        ("hip_thrust",),
        Dose(sets=(2, 3), reps=(10, 20), hold_s=2.0, tempo="1-2-2"),
        Gate(min_reps=10, min_hold_s=1.0, max_pain=2, correct_pivot=True, sessions=2),
    ),
    Rung(
        4,
        "Single-leg hip thrust, bodyweight",
        ("single_leg_hip_thrust",),
        Dose(sets=(2, 3), reps=(6, 20), hold_s=3.0, per_side=True, tempo="varied"),
        Gate(min_reps=12, min_hold_s=3.0, max_pain=2, sessions=2, strict=False),
    ),
    Rung(
        5,
        "Loaded two-leg hip thrust: band, dumbbell or kettlebell, then barbell",
        ("banded_hip_thrust", "dumbbell_hip_thrust", "barbell_hip_thrust", "machine_hip_thrust"),
        Dose(sets=(3, 5), reps=(8, 15), hold_s=1.5, tempo="1-1-3"),
        # To the top rung (long pauses, deficit, heavy blocks) [design, after seed 002: load is
        # earned by mastery, and seed 001: strength work of 3-6 heavy reps comes with perfect
        # form]: in each of 3 sessions, a loaded barbell or machine set of 8 reps with a 2 s
        # hold at the top, full extension, pain at most 2/10 and no lower-back arching.
        Gate(
            min_reps=8,
            min_hold_s=2.0,
            max_pain=2,
            sessions=3,
            counts=("barbell_hip_thrust", "machine_hip_thrust"),
            loaded=True,
        ),
        loaded=True,
    ),
    Rung(
        6,
        "Advanced: deficit, long pauses, heavy strength blocks",
        ("deficit_hip_thrust", "barbell_hip_thrust"),
        Dose(sets=(3, 5), reps=(3, 6), hold_s=2.0, tempo="1-2-3"),
        None,
        loaded=True,
    ),
)


def rung(number: int) -> Rung:
    if not 0 <= number < len(LADDER):
        raise InputError(f"rung must be from 0 to {len(LADDER) - 1}, not {number}")
    return LADDER[number]
