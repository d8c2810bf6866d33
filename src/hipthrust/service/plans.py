"""Plans remembered: the profile as the plan's defaults, and the plan kept as the active one.

``plan_defaults`` reads what ``hipthrust plan`` should assume when a flag is not given: the
athlete's units, goal, training days, deadlift day, on-shift days, equipment, current rung,
the latest assessment as it stands today, and an e1RM estimated from recent barbell hip
thrust sets. ``remember_plan`` stores the request and the plan; ``hipthrust next`` follows it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from hipthrust.coaching.e1rm import (
    E1RM_LOOKBACK_WEEKS,
    E1RM_MAX_REPS,
    E1RM_VARIATION,
    recent_best_e1rm,
)
from hipthrust.coaching.injuries import Injuries
from hipthrust.coaching.loads import Equipment
from hipthrust.coaching.programming import Plan, PlanRequest
from hipthrust.coaching.units import Units, format_mass
from hipthrust.coaching.week import WEEKDAYS, Weekday, parse_weekday, parse_weekdays
from hipthrust.service.athletes import current_assessment, equipment_of
from hipthrust.service.decide import injuries_of
from hipthrust.store import Athlete, StoredPlan, logged_sets, save_plan, update_athlete
from hipthrust.store.checkins import latest_bodyweight

__all__ = [
    "DEADLIFT_VARIATION",
    "E1RM_LOOKBACK_WEEKS",
    "E1RM_MAX_REPS",
    "E1RM_VARIATION",
    "PlanDefaults",
    "logged_deadlift_day",
    "plan_defaults",
    "recent_e1rm",
    "remember_plan",
    "request_json",
]

# The plan's loads come from the barbell hip thrust's e1RM (docs/programming.md): the rule
# and its numbers are ``coaching.e1rm.recent_best_e1rm``'s (E1RM_* re-exported here).
# The deadlift day read from the log (imported or typed deadlifts) when the profile has none:
# the id imports give a deadlift, the weeks looked at, and how regular it must be [design].
DEADLIFT_VARIATION = "deadlift"
DEADLIFT_LOOKBACK_WEEKS = 8
DEADLIFT_MIN_SESSIONS = 2
DEADLIFT_DAY_SHARE = 0.5


@dataclass(frozen=True)
class PlanDefaults:
    """What the athlete's log says a plan should assume; None: not known."""

    athlete: Athlete
    units: Units
    goal: str | None
    training_days: tuple[Weekday, ...]
    deadlift_day: Weekday | None
    on_shift: bool
    shift_days: tuple[Weekday, ...]
    equipment: Equipment
    rung: int | None
    assessment: dict[str, Any] | None
    e1rm_kg: float | None
    e1rm_note: str | None
    deadlift_note: str | None = None  # set when the deadlift day was read from the log
    # Bodyweight and weeks since an abdominal clearance, for the injury rules.
    injuries: Injuries = field(default_factory=Injuries)


def plan_defaults(session: Session, athlete: Athlete, now: datetime) -> PlanDefaults:
    """The plan defaults for ``athlete`` as of ``now``."""
    current = current_assessment(session, athlete, now.date())
    days = athlete.shift_schedule.get("days") or []
    e1rm = recent_e1rm(session, athlete, now)
    deadlift_day: Weekday | None = None
    deadlift_note: str | None = None
    if athlete.deadlift_day:
        deadlift_day = parse_weekday(athlete.deadlift_day)
    else:
        found = logged_deadlift_day(session, athlete, now)
        if found is not None:
            deadlift_day, deadlift_note = found
    return PlanDefaults(
        athlete=athlete,
        units=athlete.units,
        goal=athlete.goal,
        training_days=parse_weekdays(",".join(athlete.training_days))
        if athlete.training_days
        else (),
        deadlift_day=deadlift_day,
        on_shift=athlete.on_shift,
        shift_days=parse_weekdays(",".join(days)) if days else (),
        equipment=equipment_of(athlete),
        rung=athlete.current_rung,
        assessment=None if current is None else current.to_json(),
        e1rm_kg=None if e1rm is None else e1rm[0],
        e1rm_note=None if e1rm is None else e1rm[1],
        deadlift_note=deadlift_note,
        injuries=injuries_of(
            athlete, current, latest_bodyweight(session, athlete.id, now.date()), now.date()
        ),
    )


def logged_deadlift_day(
    session: Session, athlete: Athlete, now: datetime
) -> tuple[Weekday, str] | None:
    """The weekday the log's deadlifts (typed or imported) fall on, when the profile names
    none: the heavy hip-thrust day keeps 48 h away from it (seed 002; docs/programming.md).

    The deadlift sessions of the last ``DEADLIFT_LOOKBACK_WEEKS`` weeks, by the athlete's own
    calendar day; a weekday counts when it holds at least ``DEADLIFT_DAY_SHARE`` of them and
    there were ``DEADLIFT_MIN_SESSIONS`` or more [design]. Returns the weekday and a sentence.
    """
    since = now - timedelta(weeks=DEADLIFT_LOOKBACK_WEEKS)
    days = {
        logged.record.performed_at.astimezone(athlete.zone).date()
        for logged in logged_sets(session, athlete.id, since=since, until=now)
        if logged.record.variation == DEADLIFT_VARIATION and not logged.record.warmup
    }
    if len(days) < DEADLIFT_MIN_SESSIONS:
        return None
    counts = Counter(WEEKDAYS[day.weekday()] for day in days)
    weekday, count = max(counts.items(), key=lambda item: (item[1], -WEEKDAYS.index(item[0])))
    if count < DEADLIFT_DAY_SHARE * len(days):
        return None
    return weekday, (
        f"Deadlift day from your log: {weekday} ({count} of your {len(days)} deadlift sessions "
        f"in the last {DEADLIFT_LOOKBACK_WEEKS} weeks); the heavy hip-thrust day keeps 48 h "
        "away from it (set --deadlift-day to change it) [design]."
    )


def recent_e1rm(session: Session, athlete: Athlete, now: datetime) -> tuple[float, str] | None:
    """The best e1RM of the barbell hip thrust's working sets (1-10 reps) in the lookback
    (``coaching.e1rm.recent_best_e1rm``, the rule the decision's caps read too). Returns the
    kilograms and a sentence naming the set it came from.
    """
    since = now - timedelta(weeks=E1RM_LOOKBACK_WEEKS)
    records = (logged.record for logged in logged_sets(session, athlete.id, since=since, until=now))
    found = recent_best_e1rm(records, now)
    if found is None:
        return None
    estimate, record = found
    assert record.load_kg is not None
    effort = "" if record.rpe is None else f" @{record.rpe:g}"
    if record.rpe is None and record.rir is not None:
        effort = f" RIR {record.rir}"
    return (
        estimate.kg,
        f"e1RM {format_mass(estimate.kg, athlete.units)} from your barbell hip thrust "
        f"{format_mass(record.load_kg, athlete.units)} x {record.reps}{effort} on "
        f"{record.performed_at.astimezone(now.tzinfo).date().isoformat()}.",
    )


def request_json(request: PlanRequest) -> dict[str, Any]:
    """What the plan was built from, as JSON (kept with the plan)."""
    equipment = request.equipment
    return {
        "goal": request.goal.value,
        "weeks": request.weeks,
        "days_per_week": request.days_per_week,
        "start_rung": request.start_rung,
        "max_rung": request.max_rung,
        "loading_allowed": request.loading_allowed,
        "e1rm_kg": request.e1rm_kg,
        "equipment": {
            "units": equipment.units,
            "bar": equipment.bar,
            "plates": list(equipment.plates),
            "dumbbells": list(equipment.dumbbells),
            "has_barbell": equipment.has_barbell,
            "has_bench": equipment.has_bench,
            "has_bands": equipment.has_bands,
            "has_machine": equipment.has_machine,
        },
        "periodisation": request.periodisation,
        "deload_every_weeks": request.deload_every_weeks,
        "deadlift_day": request.deadlift_day,
        "on_shift": request.on_shift,
        "shift_days": list(request.shift_days),
        "training_days": None if request.training_days is None else list(request.training_days),
        "considerations": list(request.considerations),
        "load_ceilings": [
            {"condition": c.consideration, "x_bodyweight": c.x_bodyweight, "kg": c.kg}
            for c in request.load_ceilings
        ],
        "flags": list(request.flags),
    }


def remember_plan(
    session: Session,
    athlete: Athlete,
    request: PlanRequest,
    plan: Plan,
    now: datetime,
    chosen_rung: int | None = None,
) -> tuple[Athlete, StoredPlan]:
    """Keep the plan as the athlete's active plan (the previous one retires).

    ``now`` is kept with the request as ``saved_at``: training days from then on count as
    the plan's sessions (``hipthrust next``). ``chosen_rung``: a rung the person chose for
    this plan, kept as the athlete's chosen rung from ``now`` (``coaching.placement``);
    otherwise the athlete's rung stays derived from the assessment and the log.
    """
    data = {**request_json(request), "saved_at": now.isoformat()}
    stored = save_plan(session, athlete.id, request=data, plan=plan.to_json())
    if chosen_rung is None:
        return athlete, stored
    profile = replace(athlete, current_rung=chosen_rung, rung_chosen_at=now)
    return update_athlete(session, athlete.id, profile), stored
