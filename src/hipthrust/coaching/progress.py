"""Progress over time: e1RM, volume and pain per session and per week, and their trends.

A pure function of the history (``SetRecord``) and the check-ins (``Checkin``); ``today`` is
passed in. Definitions [design unless a source is named]:

- a *session* is a calendar day with at least one hip thrust family set (domain.md §2);
  other lifts that day (a deadlift) count only for its pain;
- *e1RM* follows one lift, so the points compare: ``rules.e1rm_variation``, else the two-leg
  variation with the most loaded working sets in the history (a single-leg load is per leg
  and never compared). A session's e1RM is the best estimate (``e1rm_from_set``, Epley by
  default, reps in reserve counted as reps) over its loaded working sets of that lift.
  Estimates inside the formula's trusted range (1-10 reps to failure) win over those
  outside it; a session with only the latter keeps its best one, marked
  ``in_valid_range=False``;
- *volume load*: kg x reps over the family's working sets (both sides of a single-leg
  set; bodyweight sets add reps but no load); *total reps* the same reps;
- *pain during*: the worst pain reported on any set of the day (pain is pain, as in
  ``safety.py``); *next-morning pain*: the check-in of the day after the session;
- *bodyweight*: a session's is that day's check-in; a week's is the mean of its check-ins;
- trends look at the window of this week and the ``trend_weeks`` weeks before it: the
  e1RM change is the best e1RM of the latest week that has one minus that of the earliest
  week that has one; the pain trend is the least-squares slope of the weekly worst pain.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from hipthrust.coaching.catalogue import CATALOGUE, Stance
from hipthrust.coaching.e1rm import Formula, e1rm_from_set
from hipthrust.coaching.history import total_reps, week_start
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.errors import InputError

__all__ = [
    "DEFAULT_PROGRESS_RULES",
    "MAX_WEEKS",
    "Change",
    "Direction",
    "E1rmMark",
    "Progress",
    "ProgressRules",
    "SessionProgress",
    "Trend",
    "Trends",
    "WeekProgress",
    "e1rm_variation",
    "progress",
]

# The longest look back ``progress(weeks=...)`` takes: a century (the log starts in 1900).
MAX_WEEKS = 5200
_FAMILY = frozenset(item.id for item in CATALOGUE)
_TWO_LEG = frozenset(item.id for item in CATALOGUE if item.stance is Stance.TWO_LEG)


@dataclass(frozen=True)
class ProgressRules:
    """What the progress series count; defaults [design] unless a source is named."""

    # The hip thrust family: the catalogue's variations (domain.md §2).
    family: frozenset[str] = _FAMILY
    # Variations whose loaded sets may give an e1RM: two-leg only (a single-leg load is per leg).
    e1rm_variations: frozenset[str] = _TWO_LEG
    # The one lift the e1RM follows; None: the candidate with the most loaded working sets.
    e1rm_variation: str | None = None
    # e1RM formula (domain.md §5: none validated for the hip thrust; Epley is the default).
    formula: Formula = "epley"
    # Trends: this week and this many weeks before it (issue 3: "over the last 4 weeks").
    trend_weeks: int = 4
    # A weekly pain slope smaller than this (points per week, either way) is steady.
    steady_pain_slope: float = 0.25
    # A weekly e1RM or bodyweight change smaller than this fraction is steady.
    steady_change: float = 0.01

    def __post_init__(self) -> None:
        if not 1 <= self.trend_weeks <= 52:
            raise InputError(f"trend_weeks must be from 1 to 52, not {self.trend_weeks}")
        if self.steady_pain_slope < 0 or self.steady_change < 0:
            raise InputError("the steady thresholds cannot be negative")
        if not self.e1rm_variations <= self.family:
            raise InputError("e1RM variations must belong to the hip thrust family")
        if self.e1rm_variation is not None and self.e1rm_variation not in self.e1rm_variations:
            raise InputError(f"{self.e1rm_variation!r} is not a variation the e1RM can follow")


DEFAULT_PROGRESS_RULES = ProgressRules()


class Direction(StrEnum):
    RISING = "rising"
    FALLING = "falling"
    STEADY = "steady"


@dataclass(frozen=True)
class E1rmMark:
    """The estimate a session's or week's e1RM comes from, and the set behind it."""

    kg: float
    in_valid_range: bool
    variation: str
    load_kg: float
    reps: int
    rpe: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "e1rm_kg": round(self.kg, 2),
            "in_valid_range": self.in_valid_range,
            "variation": self.variation,
            "load_kg": round(self.load_kg, 2),
            "reps": self.reps,
            "rpe": self.rpe,
        }


@dataclass(frozen=True)
class SessionProgress:
    """One training day of the hip thrust family."""

    day: date
    e1rm: E1rmMark | None
    volume_load_kg: float
    total_reps: int
    working_sets: int
    max_pain: int | None
    next_morning_pain: int | None
    bodyweight_kg: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "e1rm": None if self.e1rm is None else self.e1rm.to_json(),
            "volume_load_kg": round(self.volume_load_kg, 2),
            "total_reps": self.total_reps,
            "working_sets": self.working_sets,
            "max_pain": self.max_pain,
            "next_morning_pain": self.next_morning_pain,
            "bodyweight_kg": _rounded(self.bodyweight_kg),
        }


@dataclass(frozen=True)
class WeekProgress:
    """A Monday-to-Sunday week; weeks without sessions are kept (volume 0) so gaps show."""

    week: date
    sessions: int
    e1rm: E1rmMark | None
    volume_load_kg: float
    total_reps: int
    working_sets: int
    max_pain: int | None
    next_morning_pain: int | None
    bodyweight_kg: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week.isoformat(),
            "sessions": self.sessions,
            "e1rm": None if self.e1rm is None else self.e1rm.to_json(),
            "volume_load_kg": round(self.volume_load_kg, 2),
            "total_reps": self.total_reps,
            "working_sets": self.working_sets,
            "max_pain": self.max_pain,
            "next_morning_pain": self.next_morning_pain,
            "bodyweight_kg": _rounded(self.bodyweight_kg),
        }


@dataclass(frozen=True)
class Change:
    """A value from one week to a later one (kg)."""

    start: date
    end: date
    start_kg: float
    end_kg: float
    direction: Direction

    @property
    def change_kg(self) -> float:
        return self.end_kg - self.start_kg

    @property
    def change_pct(self) -> float:
        return 100 * self.change_kg / self.start_kg

    def to_json(self) -> dict[str, Any]:
        return {
            "from_week": self.start.isoformat(),
            "to_week": self.end.isoformat(),
            "from_kg": round(self.start_kg, 2),
            "to_kg": round(self.end_kg, 2),
            "change_kg": round(self.change_kg, 2),
            "change_pct": round(self.change_pct, 1),
            "direction": self.direction.value,
        }


@dataclass(frozen=True)
class Trend:
    """A 0-10 score week by week: its least-squares slope and where it ended."""

    direction: Direction
    slope_per_week: float
    weeks: int
    latest: int

    def to_json(self) -> dict[str, Any]:
        return {
            "direction": self.direction.value,
            "slope_per_week": round(self.slope_per_week, 2),
            "weeks": self.weeks,
            "latest": self.latest,
        }


@dataclass(frozen=True)
class Trends:
    """The recent picture: this week and the ``weeks`` weeks before it (from ``since``)."""

    weeks: int
    since: date
    e1rm: Change | None
    volume_this_week_kg: float
    volume_mean_kg: float
    pain: Trend | None
    next_morning_pain: Trend | None
    bodyweight: Change | None

    def to_json(self) -> dict[str, Any]:
        return {
            "weeks": self.weeks,
            "since": self.since.isoformat(),
            "e1rm": None if self.e1rm is None else self.e1rm.to_json(),
            "volume_this_week_kg": round(self.volume_this_week_kg, 2),
            "volume_mean_kg": round(self.volume_mean_kg, 2),
            "pain": None if self.pain is None else self.pain.to_json(),
            "next_morning_pain": (
                None if self.next_morning_pain is None else self.next_morning_pain.to_json()
            ),
            "bodyweight": None if self.bodyweight is None else self.bodyweight.to_json(),
        }


@dataclass(frozen=True)
class Progress:
    """The series (oldest first) and the trends; ``latest_e1rm`` is the newest estimate.

    ``last_session`` is the last session day of the whole history, even when ``weeks`` left
    it out of the series.
    """

    today: date
    sessions: tuple[SessionProgress, ...]
    weeks: tuple[WeekProgress, ...]
    trends: Trends
    bodyweight: tuple[tuple[date, float], ...] = field(default=())
    last_session: date | None = None
    e1rm_variation: str | None = None

    @property
    def empty(self) -> bool:
        return not self.sessions

    @property
    def latest_e1rm(self) -> tuple[date, E1rmMark] | None:
        for session in reversed(self.sessions):
            if session.e1rm is not None:
                return session.day, session.e1rm
        return None

    def to_json(self) -> dict[str, Any]:
        latest = self.latest_e1rm
        return {
            "today": self.today.isoformat(),
            "last_session": None if self.last_session is None else self.last_session.isoformat(),
            "e1rm_variation": self.e1rm_variation,
            "latest_e1rm": (
                None if latest is None else {"day": latest[0].isoformat(), **latest[1].to_json()}
            ),
            "trends": self.trends.to_json(),
            "sessions": [session.to_json() for session in self.sessions],
            "weeks": [week.to_json() for week in self.weeks],
            "bodyweight": [
                {"day": day.isoformat(), "bodyweight_kg": round(kg, 2)}
                for day, kg in self.bodyweight
            ],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _loaded_working(record: SetRecord) -> bool:
    return (
        not record.warmup and record.load_kg is not None and record.load_kg > 0 and record.reps >= 1
    )


def e1rm_variation(
    history: Sequence[SetRecord], rules: ProgressRules = DEFAULT_PROGRESS_RULES
) -> str | None:
    """The lift the e1RM follows: the rules' choice, else the candidate logged loaded most.

    A tie goes to the variation logged most recently.
    """
    if rules.e1rm_variation is not None:
        return rules.e1rm_variation
    counts: dict[str, tuple[int, datetime]] = {}
    for record in history:
        if record.variation in rules.e1rm_variations and _loaded_working(record):
            count, latest = counts.get(record.variation, (0, record.performed_at))
            counts[record.variation] = (count + 1, max(latest, record.performed_at))
    return max(counts, key=lambda name: counts[name]) if counts else None


def _estimate(record: SetRecord, followed: str | None, rules: ProgressRules) -> E1rmMark | None:
    if record.variation != followed or not _loaded_working(record):
        return None
    assert record.load_kg is not None  # checked by _loaded_working
    rir = record.effective_rir
    estimate = e1rm_from_set(record.load_kg, record.reps, rir=rir, formula=rules.formula)
    return E1rmMark(
        kg=estimate.kg,
        in_valid_range=estimate.in_valid_range,
        variation=record.variation,
        load_kg=record.load_kg,
        reps=record.reps,
        rpe=record.rpe,
    )


def _best(marks: Iterable[E1rmMark | None]) -> E1rmMark | None:
    """The highest estimate, preferring those inside the formula's trusted range."""
    found = [mark for mark in marks if mark is not None]
    trusted = [mark for mark in found if mark.in_valid_range]
    pool = trusted or found
    return max(pool, key=lambda mark: mark.kg) if pool else None


def _max(values: Iterable[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return max(known) if known else None


def _session(
    day: date,
    records: Sequence[SetRecord],
    morning: dict[date, int],
    weights: dict[date, float],
    followed: str | None,
    rules: ProgressRules,
) -> SessionProgress:
    working = [r for r in records if not r.warmup and r.variation in rules.family]
    return SessionProgress(
        day=day,
        e1rm=_best(_estimate(record, followed, rules) for record in working),
        volume_load_kg=math.fsum((r.load_kg or 0.0) * total_reps(r) for r in working),
        total_reps=sum(total_reps(r) for r in working),
        working_sets=len(working),
        max_pain=_max(record.pain for record in records),
        next_morning_pain=morning.get(day + timedelta(days=1)),
        bodyweight_kg=weights.get(day),
    )


def _week(
    monday: date, sessions: Sequence[SessionProgress], weights: Sequence[float]
) -> WeekProgress:
    return WeekProgress(
        week=monday,
        sessions=len(sessions),
        e1rm=_best(session.e1rm for session in sessions),
        volume_load_kg=math.fsum(session.volume_load_kg for session in sessions),
        total_reps=sum(session.total_reps for session in sessions),
        working_sets=sum(session.working_sets for session in sessions),
        max_pain=_max(session.max_pain for session in sessions),
        next_morning_pain=_max(session.next_morning_pain for session in sessions),
        bodyweight_kg=statistics.fmean(weights) if weights else None,
    )


def _direction(change: float, scale: float, threshold: float) -> Direction:
    if abs(change) <= threshold * scale:
        return Direction.STEADY
    return Direction.RISING if change > 0 else Direction.FALLING


def _change(points: Sequence[tuple[date, float]], threshold: float) -> Change | None:
    if len(points) < 2:
        return None
    (start, first), (end, last) = points[0], points[-1]
    return Change(start, end, first, last, _direction(last - first, first, threshold))


def _trend(points: Sequence[tuple[date, int]], threshold: float) -> Trend | None:
    """Least-squares slope (points a week) of weekly scores; None with fewer than 2 weeks."""
    if len(points) < 2:
        return None
    xs = [(day - points[0][0]).days / 7 for day, _ in points]
    ys = [float(score) for _, score in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return Trend(_direction(slope, 1.0, threshold), slope, len(points), points[-1][1])


def _trends(weeks: Sequence[WeekProgress], today: date, rules: ProgressRules) -> Trends:
    this_week = week_start(today)
    since = this_week - timedelta(days=7 * rules.trend_weeks)
    window = [week for week in weeks if since <= week.week <= this_week]
    before = [week for week in window if week.week < this_week]
    current = [week for week in window if week.week == this_week]
    e1rm = [(week.week, week.e1rm.kg) for week in window if week.e1rm is not None]
    pain = [(week.week, week.max_pain) for week in window if week.max_pain is not None]
    morning = [
        (week.week, week.next_morning_pain) for week in window if week.next_morning_pain is not None
    ]
    weights = [(week.week, week.bodyweight_kg) for week in window if week.bodyweight_kg]
    return Trends(
        weeks=rules.trend_weeks,
        since=since,
        e1rm=_change(e1rm, rules.steady_change),
        volume_this_week_kg=current[0].volume_load_kg if current else 0.0,
        volume_mean_kg=statistics.fmean(week.volume_load_kg for week in before) if before else 0.0,
        pain=_trend(pain, rules.steady_pain_slope),
        next_morning_pain=_trend(morning, rules.steady_pain_slope),
        bodyweight=_change(weights, rules.steady_change),
    )


def progress(
    history: Sequence[SetRecord],
    checkins: Sequence[Checkin],
    today: date,
    *,
    weeks: int | None = None,
    rules: ProgressRules = DEFAULT_PROGRESS_RULES,
) -> Progress:
    """Per-session and per-week series up to ``today`` (later entries are left out).

    ``weeks`` keeps only the last ``weeks`` weeks of the series (this week included); the
    trends always look at the ``rules.trend_weeks`` window.
    """
    if weeks is not None and not 1 <= weeks <= MAX_WEEKS:
        raise InputError(f"weeks must be from 1 to {MAX_WEEKS} (a century), not {weeks}")
    by_day: dict[date, list[SetRecord]] = {}
    for record in history:
        day = record.performed_at.date()
        if day <= today:
            by_day.setdefault(day, []).append(record)
    known = [c for c in checkins if c.day <= today]
    followed = e1rm_variation([r for records in by_day.values() for r in records], rules)
    morning = {c.day: c.next_morning_pain for c in known if c.next_morning_pain is not None}
    weights = {c.day: c.bodyweight_kg for c in known if c.bodyweight_kg is not None}
    sessions = [
        _session(day, records, morning, weights, followed, rules)
        for day, records in sorted(by_day.items())
        if any(record.variation in rules.family for record in records)
    ]
    series: list[WeekProgress] = []
    if sessions:
        by_week: dict[date, list[SessionProgress]] = {}
        for session in sessions:
            by_week.setdefault(week_start(session.day), []).append(session)
        weight_weeks: dict[date, list[float]] = {}
        for day, kg in weights.items():
            weight_weeks.setdefault(week_start(day), []).append(kg)
        monday, this_week = week_start(sessions[0].day), week_start(today)
        while monday <= this_week:
            series.append(_week(monday, by_week.get(monday, []), weight_weeks.get(monday, [])))
            monday += timedelta(days=7)
    trends = _trends(series, today, rules)
    bodyweight = tuple(sorted(weights.items()))
    last = sessions[-1].day if sessions else None
    if weeks is not None:
        first = week_start(today) - timedelta(days=7 * (weeks - 1))
        sessions = [session for session in sessions if session.day >= first]
        series = [week for week in series if week.week >= first]
        bodyweight = tuple(item for item in bodyweight if item[0] >= first)
    return Progress(today, tuple(sessions), tuple(series), trends, bodyweight, last, followed)
