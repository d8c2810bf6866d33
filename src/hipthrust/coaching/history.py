"""The training history seen as sessions and weeks: the shapes the decision rules read.

A session is every set logged on one calendar day (domain.md §6 logs a date and time per
set); a week runs Monday to Sunday. Nothing here reads a clock: callers pass ``today``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from hipthrust.coaching.records import SetRecord

__all__ = [
    "TrainingSession",
    "group_sessions",
    "set_rpe",
    "top_load_sets",
    "total_reps",
    "week_start",
]


def set_rpe(record: SetRecord) -> float | None:
    """The set's effort as RPE, from RPE or RIR (RPE 10 = 0 reps in reserve; Zourdos 2016)."""
    rir = record.effective_rir
    return None if rir is None else 10.0 - rir


def total_reps(record: SetRecord) -> int:
    """Reps done in the set, both sides counted for a single-leg set."""
    return record.reps + (record.reps_right or 0)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def top_load_sets(sets: Iterable[SetRecord]) -> tuple[SetRecord, ...]:
    """The working sets at the heaviest load among ``sets`` (all of them for bodyweight work)."""
    working = [s for s in sets if not s.warmup]
    loads = [s.load_kg for s in working if s.load_kg is not None]
    top = max(loads) if loads else None
    return tuple(s for s in working if s.load_kg == top)


@dataclass(frozen=True)
class TrainingSession:
    """The sets of one calendar day, in the order they were done."""

    day: date
    sets: tuple[SetRecord, ...]

    @property
    def working(self) -> tuple[SetRecord, ...]:
        return tuple(s for s in self.sets if not s.warmup)

    def working_of(self, variations: Iterable[str]) -> tuple[SetRecord, ...]:
        """Working sets of the given variations."""
        wanted = set(variations)
        return tuple(s for s in self.sets if not s.warmup and s.variation in wanted)

    @property
    def max_pain(self) -> int | None:
        """The worst pain reported during any set of the day (warm-ups included)."""
        reported = [s.pain for s in self.sets if s.pain is not None]
        return max(reported) if reported else None

    @property
    def max_rpe(self) -> float | None:
        """The hardest working set of the day as RPE, or None when effort was not logged."""
        efforts = [rpe for s in self.working if (rpe := set_rpe(s)) is not None]
        return max(efforts) if efforts else None

    @property
    def volume(self) -> int:
        """Working reps of the day, both sides counted."""
        return sum(total_reps(s) for s in self.working)

    @property
    def main_variation(self) -> str | None:
        """The variation with the most working sets (the first done wins a tie)."""
        counts: dict[str, int] = {}
        for record in self.working:
            counts[record.variation] = counts.get(record.variation, 0) + 1
        if not counts:
            return None
        return max(counts, key=lambda name: counts[name])


def group_sessions(
    history: Sequence[SetRecord], today: date | None = None
) -> tuple[TrainingSession, ...]:
    """Group sets into sessions by calendar day, oldest first.

    With ``today`` given, sets dated after it are left out: a decision is made from what had
    happened by then.
    """
    by_day: dict[date, list[SetRecord]] = {}
    for record in history:
        day = record.performed_at.date()
        if today is not None and day > today:
            continue
        by_day.setdefault(day, []).append(record)
    return tuple(
        TrainingSession(day, tuple(sorted(records, key=lambda s: s.performed_at)))
        for day, records in sorted(by_day.items())
    )
