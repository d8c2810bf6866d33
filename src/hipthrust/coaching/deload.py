"""When a deload is due, read from the training history (domain.md §5; Rogerson 2024, W).

A deload comes about every 4-6 weeks (default 5) for about a week, with less volume and load;
or earlier when fatigue shows. Everything here is read from the sets of the loaded rungs
(hard training); bodyweight rehab work does not build up to a deload [design].

Definitions [design]:

- *volume* of a week or a session: working reps of the tracked variations, both sides
  counted (load is left out so bodyweight, band and barbell work compare);
- a *deload week* is a finished week (before the week of ``today``) whose volume is below
  ``light_ratio`` (60%) of the median of the ``reference_weeks`` (3) weeks before it, or in
  which at least half the sessions were light; a week with no training at all is a rest week
  and counts as a deload. A *light session* has volume below ``light_ratio`` of the median
  session volume of the 3 weeks before its week;
- *hard weeks* are the finished weeks with training since the last deload week (or since
  ``last_deload`` when the caller knows it); a deload is due after ``every_weeks`` of them;
- a deload is *in progress* when ``last_deload`` is less than ``length_days`` before today,
  or when every session so far this week was light: finish the week light;
- *fatigue signs*: over the last ``fatigue_sessions`` (3) sessions of the main variation at
  the same load, the hardest set's RPE went up step by step by ``rpe_creep`` (1 point) or
  more while reps did not go up; or the reps per working set fell session after session.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from hipthrust.coaching.history import (
    TrainingSession,
    set_rpe,
    top_load_sets,
    total_reps,
    week_start,
)
from hipthrust.errors import InputError

__all__ = ["DEFAULT_DELOAD_RULES", "DeloadCheck", "DeloadRules", "check_deload"]


@dataclass(frozen=True)
class DeloadRules:
    every_weeks: int = 5  # about every 4-6 weeks [lit: Rogerson 2024, W]; 5 [design]
    length_days: int = 7  # about a week [lit: Rogerson 2024, W]
    light_ratio: float = 0.6  # below 60% of the usual volume = light [design]
    reference_weeks: int = 3  # "the usual": the median of the 3 weeks before [design]
    fatigue_sessions: int = 3  # fatigue read over 3 sessions at the same load [design]
    rpe_creep: float = 1.0  # RPE up 1 point or more at the same load [design]
    from_rung: int = 5  # deloads apply to the loaded rungs (5-6) [design]

    def __post_init__(self) -> None:
        if not 2 <= self.every_weeks <= 12:
            raise InputError(f"a deload every {self.every_weeks} weeks: use 2 to 12")
        if not 1 <= self.length_days <= 14:
            raise InputError("a deload lasts 1 to 14 days")
        if not 0 < self.light_ratio < 1:
            raise InputError("light_ratio must be between 0 and 1")
        if self.reference_weeks < 1 or self.fatigue_sessions < 2:
            raise InputError("reference_weeks must be 1 or more and fatigue_sessions 2 or more")
        if self.rpe_creep <= 0:
            raise InputError("rpe_creep must be above 0")


DEFAULT_DELOAD_RULES = DeloadRules()


@dataclass(frozen=True)
class DeloadCheck:
    """Whether the next session should be a deload, and why (plain sentences)."""

    due: bool
    reasons: tuple[str, ...]
    hard_weeks: int
    in_progress: bool = False
    fatigue: bool = False


def _volume(sets: Sequence[TrainingSession], variations: frozenset[str]) -> int:
    return sum(total_reps(r) for s in sets for r in s.working_of(variations))


def _weeks_from(first: date, last: date) -> list[date]:
    weeks = []
    monday = week_start(first)
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


class _Weeks:
    """Sessions of the tracked variations indexed by week; volumes are computed once, when
    first asked for (a decision reads only the weeks since the last deload)."""

    def __init__(self, sessions: Sequence[TrainingSession], variations: frozenset[str]) -> None:
        self.variations = variations
        self.sessions = [s for s in sessions if s.working_of(variations)]
        self.by_week: dict[date, list[TrainingSession]] = {}
        for session in self.sessions:
            self.by_week.setdefault(week_start(session.day), []).append(session)
        self.volumes: dict[date, list[int]] = {}
        self.references: dict[tuple[date, DeloadRules], tuple[float, float] | None] = {}

    def session_volumes(self, monday: date) -> list[int]:
        if monday not in self.volumes:
            week = self.by_week.get(monday, [])
            self.volumes[monday] = [_volume([s], self.variations) for s in week]
        return self.volumes[monday]

    def volume(self, monday: date) -> int:
        return sum(self.session_volumes(monday))

    def reference(self, monday: date, rules: DeloadRules) -> tuple[float, float] | None:
        """Median weekly and per-session volume of the reference weeks before ``monday``."""
        key = (monday, rules)
        if key not in self.references:
            self.references[key] = self._reference(monday, rules)
        return self.references[key]

    def _reference(self, monday: date, rules: DeloadRules) -> tuple[float, float] | None:
        if not self.sessions:
            return None
        first = week_start(self.sessions[0].day)
        weeks = [
            monday - timedelta(days=7 * k)
            for k in range(1, rules.reference_weeks + 1)
            if monday - timedelta(days=7 * k) >= first
        ]
        if not weeks:
            return None
        per_week = statistics.median(self.volume(w) for w in weeks)
        session_volumes = [v for w in weeks for v in self.session_volumes(w)]
        per_session = statistics.median(session_volumes) if session_volumes else 0.0
        return per_week, per_session

    def light_sessions(self, monday: date, rules: DeloadRules) -> tuple[int, int]:
        """How many sessions of the week were light, out of how many."""
        volumes = self.session_volumes(monday)
        reference = self.reference(monday, rules)
        if reference is None or reference[1] <= 0:
            return 0, len(volumes)
        light = [v for v in volumes if v < rules.light_ratio * reference[1]]
        return len(light), len(volumes)

    def is_deload_week(self, monday: date, rules: DeloadRules) -> bool:
        reference = self.reference(monday, rules)
        if reference is None:
            return False
        if self.volume(monday) < rules.light_ratio * reference[0]:
            return True
        light, total = self.light_sessions(monday, rules)
        return total > 0 and 2 * light >= total


def _fatigue(
    sessions: Sequence[TrainingSession], variations: frozenset[str], rules: DeloadRules
) -> tuple[str, ...]:
    trained = [s for s in sessions if s.working_of(variations)]
    if not trained:
        return ()
    main = trained[-1].main_variation
    if main is None or main not in variations:
        return ()
    recent = [s for s in trained if s.working_of((main,))][-rules.fatigue_sessions :]
    if len(recent) < rules.fatigue_sessions:
        return ()
    tops = [top_load_sets(s.working_of((main,))) for s in recent]
    loads = {sets[0].load_kg for sets in tops}
    if len(loads) != 1:
        return ()
    reps = [sum(r.min_side_reps for r in sets) / len(sets) for sets in tops]
    efforts = [[e for r in sets if (e := set_rpe(r)) is not None] for sets in tops]
    found: list[str] = []
    if all(efforts):
        hardest = [max(e) for e in efforts]
        steady = all(a <= b for a, b in itertools.pairwise(hardest))
        if steady and hardest[-1] - hardest[0] >= rules.rpe_creep and reps[-1] <= reps[0]:
            path = " to ".join(f"{e:g}" for e in hardest)
            found.append(
                f"Effort crept up at the same load over the last {len(recent)} sessions "
                f"(hardest set RPE {path}) without more reps: a sign of fatigue."
            )
    if all(a > b for a, b in itertools.pairwise(reps)):
        path = " to ".join(f"{r:g}" for r in reps)
        found.append(
            f"Reps per set fell at the same load over the last {len(recent)} sessions "
            f"({path}): a sign of fatigue."
        )
    return tuple(found)


def check_deload(
    sessions: Sequence[TrainingSession],
    tracked_variations: Sequence[str],
    today: date,
    last_deload: date | None = None,
    rules: DeloadRules = DEFAULT_DELOAD_RULES,
) -> DeloadCheck:
    """Whether a deload is due, in progress, or called for by fatigue signs."""
    variations = frozenset(tracked_variations)
    weeks = _Weeks([s for s in sessions if s.day <= today], variations)
    this_week = week_start(today)
    if last_deload is not None and 0 <= (today - last_deload).days < rules.length_days:
        return DeloadCheck(
            due=True,
            reasons=(
                f"The deload that started on {last_deload.isoformat()} lasts "
                f"{rules.length_days} days: keep this session light.",
            ),
            hard_weeks=0,
            in_progress=True,
        )
    if not weeks.sessions:
        return DeloadCheck(due=False, reasons=(), hard_weeks=0)
    light, total = weeks.light_sessions(this_week, rules)
    if total > 0 and light == total:
        return DeloadCheck(
            due=True,
            reasons=(
                f"This week is a deload week ({light} light session{'s' if light != 1 else ''} "
                "so far): keep the rest of the week light.",
            ),
            hard_weeks=0,
            in_progress=True,
        )
    finished = _weeks_from(weeks.sessions[0].day, this_week - timedelta(days=7))
    # Count back from last week to the last deload week: only the weeks since it matter, so
    # years of history cost no more than the weeks since the last deload.
    hard = 0
    for monday in reversed(finished):
        if last_deload is not None and monday <= week_start(last_deload):
            break
        if weeks.is_deload_week(monday, rules):
            break
        if weeks.volume(monday) > 0:
            hard += 1
    fatigue = _fatigue(weeks.sessions, variations, rules)
    reasons: list[str] = []
    if hard >= rules.every_weeks:
        reasons.append(
            f"{hard} weeks of hard training since the last deload (a deload comes every "
            f"{rules.every_weeks} weeks): this week is a deload week."
        )
    reasons += fatigue
    return DeloadCheck(
        due=bool(reasons), reasons=tuple(reasons), hard_weeks=hard, fatigue=bool(fatigue)
    )
