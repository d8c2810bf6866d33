"""Fitting hip-thrust sessions into a training week (domain.md §5.1, seed 002).

Days are the short names ``mon`` .. ``sun``. Heavy hip thrusts and heavy deadlifts go on
different days at least 48 hours apart [design], so a heavy session is never the day before,
the day of, or the day after the deadlift day: the hip thrust is the *second* posterior-chain
session of the week [seed 002]. Days not given are chosen to spread sessions out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from hipthrust.errors import InputError

__all__ = [
    "WEEKDAYS",
    "DayRole",
    "ScheduleRules",
    "WeekSlot",
    "Weekday",
    "day_gap",
    "parse_weekday",
    "parse_weekdays",
    "schedule_week",
]

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DayRole = Literal["heavy", "light", "technique"]

_NAMES: dict[str, Weekday] = {
    **{day: day for day in WEEKDAYS},
    "monday": "mon",
    "tues": "tue",
    "tuesday": "tue",
    "wednesday": "wed",
    "thur": "thu",
    "thurs": "thu",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
}


def parse_weekday(text: str) -> Weekday:
    """``"Mon"``, ``"monday"`` -> ``"mon"``; anything else raises InputError."""
    day = _NAMES.get(text.strip().lower())
    if day is None:
        raise InputError(f"unknown day {text!r}: use mon, tue, wed, thu, fri, sat or sun")
    return day


def parse_weekdays(text: str) -> tuple[Weekday, ...]:
    """``"mon,wed,fri"`` -> days in week order; repeats raise InputError."""
    days = [parse_weekday(part) for part in text.split(",") if part.strip()]
    if not days:
        raise InputError("no days given: write them like mon,wed,fri")
    if len(set(days)) != len(days):
        raise InputError(f"a day is repeated in {text!r}")
    return tuple(sorted(days, key=WEEKDAYS.index))


def day_gap(a: Weekday, b: Weekday) -> int:
    """Days between two weekdays around the week (0-3)."""
    diff = abs(WEEKDAYS.index(a) - WEEKDAYS.index(b)) % 7
    return min(diff, 7 - diff)


@dataclass(frozen=True)
class ScheduleRules:
    """Spacing rules as data.

    ``heavy_min_days_from_deadlift``: 2 days = 48 h [design, domain §5.1].
    ``default_days``: the days used when the user gives none and has no deadlift day [design].
    """

    heavy_min_days_from_deadlift: int = 2
    default_days: tuple[tuple[Weekday, ...], ...] = (
        ("wed",),
        ("mon", "thu"),
        ("mon", "wed", "fri"),
    )


DEFAULT_SCHEDULE_RULES = ScheduleRules()


@dataclass(frozen=True)
class WeekSlot:
    """One training day of the week and its role; ``on_shift`` days get the shift caps."""

    day: Weekday
    role: DayRole
    on_shift: bool = False


def _min_circular_gap(days: Sequence[Weekday]) -> int:
    if len(days) < 2:
        return 7
    return min(day_gap(a, b) for a, b in combinations(days, 2))


def _heavy_day(
    days: Sequence[Weekday],
    deadlift_day: Weekday | None,
    shift_days: Sequence[Weekday],
    rules: ScheduleRules,
) -> Weekday | None:
    """The day for the heavy session: far from the deadlift day, preferably off shift."""
    eligible = [
        day
        for day in days
        if deadlift_day is None or day_gap(day, deadlift_day) >= rules.heavy_min_days_from_deadlift
    ]
    if not eligible:
        return None
    if deadlift_day is None:
        off_shift = [day for day in eligible if day not in shift_days]
        return (off_shift or eligible)[0]
    start = WEEKDAYS.index(deadlift_day)

    def score(day: Weekday) -> tuple[bool, int, int]:
        after = (WEEKDAYS.index(day) - start) % 7  # days after the deadlift day
        # Off shift first, then farthest from the deadlift, then soonest after it (more
        # recovery before the next deadlift day).
        return (day not in shift_days, day_gap(day, deadlift_day), -after)

    return max(eligible, key=score)


def _choose_days(
    count: int,
    deadlift_day: Weekday | None,
    shift_days: Sequence[Weekday],
    rules: ScheduleRules,
) -> tuple[Weekday, ...]:
    if deadlift_day is None and not shift_days:
        return rules.default_days[count - 1]
    best: tuple[Weekday, ...] | None = None
    best_score: tuple[int, ...] | None = None
    for combo in combinations(WEEKDAYS, count):
        if deadlift_day in combo:
            continue
        heavy = _heavy_day(combo, deadlift_day, shift_days, rules)
        if heavy is None:
            continue
        posterior = (*combo, deadlift_day) if deadlift_day else combo
        score = (
            heavy not in shift_days,
            day_gap(heavy, deadlift_day) if deadlift_day else 0,
            _min_circular_gap(posterior),
            _min_circular_gap(combo),
            -sum(day in shift_days for day in combo),
        )
        if best_score is None or score > best_score:
            best, best_score = combo, score
    if best is None:  # pragma: no cover - seven days always leave room for three sessions
        raise InputError("cannot fit the sessions around the deadlift day")
    return best


def schedule_week(
    days_per_week: int,
    *,
    training_days: Sequence[Weekday] | None = None,
    deadlift_day: Weekday | None = None,
    on_shift: bool = False,
    shift_days: Sequence[Weekday] = (),
    rules: ScheduleRules = DEFAULT_SCHEDULE_RULES,
) -> tuple[tuple[WeekSlot, ...], tuple[str, ...]]:
    """The week's slots in week order with their roles, and notes on what was decided.

    One heavy session (never within 48 h of the deadlift day); the next session is light and a
    third is technique work. Given training days are kept: if none of them is far enough from
    the deadlift day, every session is light and a note says so. ``on_shift`` with no
    ``shift_days`` puts every session under the shift caps.
    """
    if not 1 <= days_per_week <= len(rules.default_days):
        raise InputError(
            f"days per week must be from 1 to {len(rules.default_days)}, not {days_per_week}"
        )
    notes: list[str] = []
    if training_days is not None:
        days = tuple(sorted(set(training_days), key=WEEKDAYS.index))
        if len(days) != days_per_week:
            raise InputError(f"{len(days)} training days given for {days_per_week} sessions a week")
    else:
        days = _choose_days(days_per_week, deadlift_day, shift_days, rules)
    heavy = _heavy_day(days, deadlift_day, shift_days, rules)
    if deadlift_day is not None:
        if heavy is None:
            notes.append(
                f"No training day is 48 hours from the {deadlift_day} deadlift day, so every "
                "hip-thrust session is light; move one to keep a heavy day."
            )
        else:
            notes.append(
                f"Heavy hip thrusts on {heavy}, at least 48 hours from the {deadlift_day} "
                "deadlift: the hip thrust is the week's second posterior-chain session."
            )
        if deadlift_day in days:
            notes.append(
                f"Hip thrusts on the {deadlift_day} deadlift day stay light: single-leg work "
                "for reps after the deadlift."
            )
    order = list(days)
    if heavy is not None:
        start = order.index(heavy)
        order = order[start:] + order[:start]
    roles: list[DayRole] = ["heavy", "light", "technique"] if heavy else ["light", "technique"]
    role_of: dict[Weekday, DayRole] = {}
    for index, day in enumerate(order):
        role_of[day] = roles[min(index, len(roles) - 1)]
    shift_set = set(shift_days) if shift_days else set(days) if on_shift else set()
    slots = tuple(WeekSlot(day, role_of[day], day in shift_set) for day in days)
    return slots, tuple(notes)
