"""Periodisation: which rep range each week works in, which weeks are deloads (domain.md §5).

Linear and weekly undulating periodisation give equal results [lit: Grgic 2017, Harries 2015,
S], so both are offered. *Linear* here is the classic block: within the goal's rep range the
window slides from the high-rep end to the low-rep end across the weeks between deloads (loads
rise as reps fall). *Undulating* rotates a weekly cycle, by default the reader's 12-15 /
9-12 / 6-8 / 3-5 [seed 003]. A deload comes about every 4-6 weeks [lit: Rogerson 2024, W]:
deload weeks do not advance the cycle or the block.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from hipthrust.errors import InputError

__all__ = [
    "DEFAULT_PERIODISATION_RULES",
    "Periodisation",
    "PeriodisationRules",
    "WeekPhase",
    "deload_dose",
    "parse_periodisation",
    "week_phases",
]

Periodisation = Literal["linear", "undulating"]


@dataclass(frozen=True)
class PeriodisationRules:
    """The numbers behind periodisation, as data a coach can override.

    ``undulating_cycle``: the weekly rep ranges, in order [seed 003].
    ``deload_volume_cut`` / ``deload_load_cut``: how much less volume (sets x reps) and load a
    deload week carries: 40-50% and 10-15% [design, after Rogerson 2024, W].
    """

    undulating_cycle: tuple[tuple[int, int], ...] = ((12, 15), (9, 12), (6, 8), (3, 5))
    deload_volume_cut: float = 0.45
    deload_load_cut: float = 0.12

    def __post_init__(self) -> None:
        if not self.undulating_cycle:
            raise InputError("the undulating cycle needs at least one rep range")
        for low, high in self.undulating_cycle:
            if not 1 <= low <= high <= 100:
                raise InputError(f"cycle rep ranges must be 1 <= min <= max, not {(low, high)}")
        if not 0 < self.deload_volume_cut < 1 or not 0 < self.deload_load_cut < 1:
            raise InputError("deload cuts must be between 0 and 1")


DEFAULT_PERIODISATION_RULES = PeriodisationRules()


def parse_periodisation(text: str) -> Periodisation:
    value = text.strip().lower()
    aliases: dict[str, Periodisation] = {
        "linear": "linear",
        "lp": "linear",
        "undulating": "undulating",
        "dup": "undulating",
        "wup": "undulating",
    }
    found = aliases.get(value)
    if found is None:
        raise InputError(f"unknown periodisation {text!r}: use linear or undulating")
    return found


@dataclass(frozen=True)
class WeekPhase:
    """One week: its number (from 1), whether it is a deload, and its rep range for main lifts."""

    week: int
    deload: bool
    reps: tuple[int, int]


def _linear_window(goal_reps: tuple[int, int], index: int, block: int) -> tuple[int, int]:
    low, high = goal_reps
    width = math.ceil((high - low) / 2)
    travel = high - width - low
    if block <= 1 or travel <= 0:
        return (high - width, high)
    start = high - width - round(index * travel / (block - 1))
    return (start, start + width)


def week_phases(
    weeks: int,
    periodisation: Periodisation,
    goal_reps: tuple[int, int],
    deload_every: int | None,
    rules: PeriodisationRules = DEFAULT_PERIODISATION_RULES,
) -> tuple[WeekPhase, ...]:
    """The rep range of every week; every ``deload_every``-th week is a deload (None: never).

    A deload week keeps the rep range of the week before it.
    """
    if not 1 <= weeks <= 52:
        raise InputError(f"weeks must be from 1 to 52, not {weeks}")
    if deload_every is not None and not 2 <= deload_every <= 12:
        raise InputError(f"a deload every {deload_every} weeks: use 2 to 12, or none")
    block = (deload_every - 1) if deload_every else weeks
    phases: list[WeekPhase] = []
    trained = 0  # training weeks so far (deloads not counted)
    for week in range(1, weeks + 1):
        if deload_every and week % deload_every == 0:
            previous = phases[-1].reps if phases else goal_reps
            phases.append(WeekPhase(week, True, previous))
            continue
        if periodisation == "undulating":
            reps = rules.undulating_cycle[trained % len(rules.undulating_cycle)]
        else:
            reps = _linear_window(goal_reps, trained % block, block)
        phases.append(WeekPhase(week, False, reps))
        trained += 1
    return tuple(phases)


def deload_dose(
    sets: int, reps: tuple[int, int], rules: PeriodisationRules = DEFAULT_PERIODISATION_RULES
) -> tuple[int, tuple[int, int]]:
    """Fewer sets and, when that alone cuts too little, a lower top of the rep range.

    Aims for ``deload_volume_cut`` less volume (sets x mean reps) than the normal dose.
    """
    keep = 1 - rules.deload_volume_cut
    new_sets = max(1, round(sets * keep))
    low, high = reps
    target_mean = keep * sets * (low + high) / 2 / new_sets
    new_high = min(high, max(low, round(2 * target_mean - low)))
    return new_sets, (low, new_high)
