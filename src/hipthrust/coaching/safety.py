"""Pain and form signals that override progression (domain.md §4; Silbernagel 2007).

The pain-monitoring model: pain during exercise 0-2/10 is fine, 3-5 is acceptable (hold the
dose), above 5 means regress. So does next-morning pain that has not settled, and pain that
rises week to week. Lumbar compensation seen in consecutive sessions means cue and regress.

Definitions used here [design]:

- *pain during* a session is the worst pain reported on any of its sets (warm-ups and other
  variations included: pain is pain);
- *next-morning pain* is the check-in of the day after the last session; it has not settled
  when it is above ``PainRules.next_morning_max`` or above the pain during that session;
- *rising pain* is the worst pain of each week (Monday to Sunday, weeks with pain reported)
  going up ``rising_weeks`` weeks in a row, ending above ``rising_floor`` (a rise inside the
  "fine" zone, 0 to 1 to 2, is not a signal);
- *lumbar compensation in a row* is a lumbar fault or a set felt in the lower back in each
  of the last ``lumbar_sessions`` sessions.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from hipthrust.coaching.gates import DEFAULT_GATE_RULES, GateRules
from hipthrust.coaching.history import TrainingSession, week_start
from hipthrust.coaching.pain import DEFAULT_PAIN_RULES, PainRules, PainZone, pain_zone
from hipthrust.coaching.records import Checkin
from hipthrust.errors import InputError

__all__ = [
    "DEFAULT_SAFETY_RULES",
    "SafetyCheck",
    "SafetyRules",
    "check_safety",
    "weekly_max_pain",
]


@dataclass(frozen=True)
class SafetyRules:
    pain: PainRules = DEFAULT_PAIN_RULES
    form: GateRules = DEFAULT_GATE_RULES
    # Rising pain: the weekly worst pain went up this many weeks in a row [design, after
    # Silbernagel 2007 "pain must not increase from week to week"] ...
    rising_weeks: int = 2
    # ... and ended above this score (rises within 0-2 are not a signal) [design].
    rising_floor: int = 2
    # Lumbar compensation in this many consecutive sessions: cue and regress [domain.md §4].
    lumbar_sessions: int = 2

    def __post_init__(self) -> None:
        if self.rising_weeks < 1:
            raise InputError("rising_weeks must be at least 1")
        if not 0 <= self.rising_floor <= 10:
            raise InputError("rising_floor must be from 0 to 10")
        if self.lumbar_sessions < 1:
            raise InputError("lumbar_sessions must be at least 1")


DEFAULT_SAFETY_RULES = SafetyRules()


@dataclass(frozen=True)
class SafetyCheck:
    """What the pain and form signals say about the last session.

    ``regress``: sentences for each signal that calls for regression (empty: none).
    ``hold``: the acceptable-pain sentence when pain was 3-5 (hold the dose).
    ``refer``: pain reached ``PainRules.refer_at``: see a clinician.
    ``lumbar``: lumbar compensation in a row (the decision adds the cue).
    """

    regress: tuple[str, ...] = ()
    hold: tuple[str, ...] = ()
    refer: bool = False
    lumbar: bool = False
    signals: tuple[str, ...] = field(default=())  # ids of the signals seen, for tests and logs


def weekly_max_pain(sessions: Sequence[TrainingSession]) -> tuple[tuple[date, int], ...]:
    """The worst pain reported in each week that has any, as (Monday, score), oldest first."""
    worst: dict[date, int] = {}
    for session in sessions:
        pain = session.max_pain
        if pain is None:
            continue
        monday = week_start(session.day)
        worst[monday] = max(worst.get(monday, 0), pain)
    return tuple(sorted(worst.items()))


def _next_morning(
    last: TrainingSession, checkins: Sequence[Checkin], rules: PainRules
) -> tuple[str, ...]:
    morning = last.day + timedelta(days=1)
    scores = [c.next_morning_pain for c in checkins if c.day == morning]
    reported = [score for score in scores if score is not None]
    if not reported:
        return ()
    score = max(reported)
    during = last.max_pain
    if score > rules.next_morning_max or (during is not None and score > during):
        during_text = "" if during is None else f" after {during}/10 during the session"
        return (
            f"Pain the next morning ({morning.isoformat()}) was {score}/10{during_text}: it "
            f"should settle to {rules.next_morning_max}/10 or less and not exceed the pain "
            "during, so the dose goes down.",
        )
    return ()


def _rising(sessions: Sequence[TrainingSession], rules: SafetyRules) -> tuple[str, ...]:
    weeks = weekly_max_pain(sessions)
    needed = rules.rising_weeks + 1
    if len(weeks) < needed:
        return ()
    recent = weeks[-needed:]
    scores = [score for _, score in recent]
    rising = all(a < b for a, b in itertools.pairwise(scores))
    if not rising or scores[-1] <= rules.rising_floor:
        return ()
    path = " to ".join(str(score) for score in scores)
    return (
        f"The worst pain each week rose from {path}/10 over the last {needed} weeks "
        f"(weeks of {recent[0][0].isoformat()} to {recent[-1][0].isoformat()}), so the "
        "dose goes down.",
    )


def _lumbar_in_a_row(sessions: Sequence[TrainingSession], rules: SafetyRules) -> tuple[str, ...]:
    needed = rules.lumbar_sessions
    recent = sessions[-needed:]
    if len(recent) < needed:
        return ()
    if not all(any(rules.form.lumbar_compensation(s) for s in session.sets) for session in recent):
        return ()
    days = ", ".join(session.day.isoformat() for session in recent)
    return (
        f"Lower-back arching (a lumbar fault, or the set felt in the lower back) in each of "
        f"the last {needed} sessions ({days}), so the load or the rung goes down.",
    )


def check_safety(
    sessions: Sequence[TrainingSession],
    checkins: Sequence[Checkin],
    rules: SafetyRules = DEFAULT_SAFETY_RULES,
) -> SafetyCheck:
    """Read the pain and form signals of the history (the last session and the weeks before)."""
    if not sessions:
        return SafetyCheck()
    last = sessions[-1]
    regress: list[str] = []
    hold: list[str] = []
    signals: list[str] = []
    during = last.max_pain
    zone = None if during is None else pain_zone(during, rules.pain)
    if during is not None and zone is PainZone.TOO_MUCH:
        regress.append(
            f"Pain reached {during}/10 during the last session ({last.day.isoformat()}), above "
            f"{rules.pain.acceptable_max}/10, so the dose goes down."
        )
        signals.append("pain_during")
    morning = _next_morning(last, checkins, rules.pain)
    if morning:
        signals.append("next_morning")
    rising = _rising(sessions, rules)
    if rising:
        signals.append("rising")
    lumbar = _lumbar_in_a_row(sessions, rules)
    if lumbar:
        signals.append("lumbar")
    regress += [*morning, *rising, *lumbar]
    if during is not None and zone is PainZone.ACCEPTABLE:
        hold.append(
            f"Pain reached {during}/10 during the last session: acceptable "
            f"({rules.pain.safe_max + 1}-{rules.pain.acceptable_max}/10), so the dose stays "
            f"the same until it is {rules.pain.safe_max}/10 or less."
        )
        signals.append("pain_acceptable")
    worst = max(
        [during or 0]
        + [
            c.next_morning_pain
            for c in checkins
            if c.next_morning_pain is not None and c.day == last.day + timedelta(days=1)
        ]
    )
    return SafetyCheck(
        regress=tuple(regress),
        hold=tuple(hold),
        refer=worst >= rules.pain.refer_at,
        lumbar=bool(lumbar),
        signals=tuple(signals),
    )
