"""An athlete's training, as the web app offers it: every use case checks who is asking first.

Each function takes ``(session, actor, athlete_id, ...)`` and starts with ``athlete_for``: an
athlete reaches only their own log, a coach only a linked athlete's; anything else is
``AccessDenied`` before a row is read. Behind the check the existing use cases run unchanged
(``remember_assessment``, ``build_plan`` + ``remember_plan``, ``next_session``, ``log_sets``,
``check_in``, ``history_of``, ``coaching.progress``), so the CLI and the web agree.

``now`` is an aware datetime taken once by the caller; its zone gives the calendar days.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, tzinfo

from sqlalchemy.orm import Session

from hipthrust.coaching.assessment import assess
from hipthrust.coaching.goals import parse_goal
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.loads import default_equipment
from hipthrust.coaching.periodisation import parse_periodisation
from hipthrust.coaching.programming import Plan, PlanRequest, build_plan
from hipthrust.coaching.progress import Progress, progress
from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.screening import Flag
from hipthrust.coaching.units import Units, parse_mass
from hipthrust.coaching.week import parse_weekdays
from hipthrust.errors import InputError
from hipthrust.service.accounts import Actor, athlete_for
from hipthrust.service.assessment_io import parse_answers
from hipthrust.service.athletes import (
    CurrentAssessment,
    ProfileChanges,
    change_athlete,
    current_assessment,
    remember_assessment,
)
from hipthrust.service.decide import NextSession, next_session
from hipthrust.service.plans import PlanDefaults, plan_defaults, remember_plan
from hipthrust.service.training import (
    CheckedIn,
    History,
    LoggedSets,
    SetEntry,
    check_in,
    history_of,
    log_sets,
)
from hipthrust.store import (
    Athlete,
    LoggedSet,
    StoredPlan,
    active_plan,
    checkins,
    latest_assessment,
)
from hipthrust.store import history as stored_history

__all__ = [
    "CLINICIAN_FLAGS",
    "ActivePlan",
    "Equipment",
    "PlanForm",
    "Today",
    "WrittenPlan",
    "assessment_of",
    "athlete_of",
    "check_in_for",
    "log_set_for",
    "plan_of",
    "plan_request",
    "progress_of",
    "sets_of",
    "take_assessment",
    "today_of",
    "write_plan",
]

# The assessment flags that send the athlete to a clinician (shown apart, in red).
CLINICIAN_FLAGS: tuple[Flag, ...] = (
    Flag.REFER_CLINICIAN,
    Flag.SURGERY_EARLY_WINDOW,
    Flag.NEEDS_CLEARANCE,
    Flag.PREGNANCY_MODIFY_SUPINE,
)


@dataclass(frozen=True)
class Equipment:
    """What the athlete trains with, as the assessment wizard asks it (None: not asked)."""

    barbell: bool | None = None
    bench: bool | None = None
    bands: bool | None = None
    machine: bool | None = None


@dataclass(frozen=True)
class PlanForm:
    """The "write my plan" form; None takes what the athlete's log says (as ``hipthrust plan``
    does without the flag). Masses are text (``"140kg"``; bare numbers in the athlete's units)."""

    goal: str | None = None
    weeks: int = 4
    days_per_week: int | None = None
    training_days: str | None = None
    e1rm: str | None = None
    periodisation: str = "linear"
    deload_every: int = 5


@dataclass(frozen=True)
class ActivePlan:
    athlete: Athlete
    plan: StoredPlan | None


@dataclass(frozen=True)
class WrittenPlan:
    athlete: Athlete
    stored: StoredPlan
    plan: Plan
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Today:
    """The next-session decision and the sets logged today (local days of ``now``).

    The decision is made from the sets before today (it stays put while the day's sets are
    logged), so ``reasons`` tells it as about those once today has sets of its own."""

    next: NextSession
    history: History
    assessed: bool  # an assessment is on record

    @property
    def athlete(self) -> Athlete:
        return self.next.athlete

    @property
    def sets(self) -> tuple[LoggedSet, ...]:
        return tuple(logged for day in self.history.days for logged in day.sets)

    @property
    def reasons(self) -> tuple[str, ...]:
        """The decision's reasons as they read today: when nothing was logged before today
        but today has sets, the decision's "no sets logged yet" becomes "no sessions before
        today" (the decision itself is the same)."""
        decided = self.next
        reasons = decided.decision.reasons
        if decided.from_log or not decided.exercise_allowed or not self.sets or not reasons:
            return reasons
        rung = LADDER[decided.decision.rung]
        # A decision from no sessions gives one reason, its first (coaching.decision.no_history).
        first = (
            f"No sessions logged before today: today's session is rung {rung.number} "
            f"({rung.name}) at its usual dose."
        )
        return (first, *reasons[1:])


def athlete_of(session: Session, actor: Actor, athlete_id: int) -> Athlete:
    """The athlete, when ``actor`` may see them (their profile and units)."""
    return athlete_for(session, actor, athlete_id)


# --------------------------------------------------------------------------- assessment


def assessment_of(
    session: Session, actor: Actor, athlete_id: int, now: datetime
) -> tuple[Athlete, CurrentAssessment | None]:
    """The latest assessment as it stands today (None when there is none)."""
    athlete = athlete_for(session, actor, athlete_id)
    return athlete, current_assessment(session, athlete, now.date())


def take_assessment(
    session: Session,
    actor: Actor,
    athlete_id: int,
    answers: object,
    now: datetime,
    equipment: Equipment | None = None,
) -> tuple[Athlete, CurrentAssessment]:
    """Assess the answers (the answers-file shape) and keep the result, as ``hipthrust
    assess`` does; ``equipment`` (when given) is written to the profile too."""
    athlete = athlete_for(session, actor, athlete_id)
    result = assess(parse_answers(answers, "answers"))
    if equipment is not None and any(
        value is not None
        for value in (equipment.barbell, equipment.bench, equipment.bands, equipment.machine)
    ):
        athlete = change_athlete(
            session,
            athlete.name,
            ProfileChanges(
                barbell=equipment.barbell,
                bench=equipment.bench,
                bands=equipment.bands,
                machine=equipment.machine,
            ),
        )
    return remember_assessment(session, athlete, result, now)


# --------------------------------------------------------------------------- plan


def plan_of(session: Session, actor: Actor, athlete_id: int) -> ActivePlan:
    athlete = athlete_for(session, actor, athlete_id)
    return ActivePlan(athlete, active_plan(session, athlete.id))


def plan_request(form: PlanForm, defaults: PlanDefaults) -> tuple[PlanRequest, tuple[str, ...]]:
    """The plan request from the form; what it leaves out comes from the log, in the order
    ``hipthrust plan`` uses (the current rung, the stored assessment, a recent e1RM)."""
    units: Units = defaults.units
    notes: list[str] = []
    e1rm_kg = _positive_mass(form.e1rm, units, "e1RM") if form.e1rm else None
    typed_e1rm = e1rm_kg is not None
    if e1rm_kg is None and defaults.e1rm_kg is not None:
        e1rm_kg = defaults.e1rm_kg
        notes.append(f"Loads from your log: {defaults.e1rm_note}")
    found = defaults.assessment
    if defaults.rung is not None:
        start = defaults.rung
        notes.append(f"Starting at rung {start}, where your log says you are now.")
    elif found is not None:
        start = int(found["start_rung"])
    else:
        start = 5 if typed_e1rm else 1
    max_rung, loading = 6, True
    flags: list[str] = []
    reasons: list[str] = []
    cues: list[str] = []
    considerations: list[str] = []
    if found is not None:
        max_rung, loading = int(found["max_rung"]), bool(found["loading_allowed"])
        flags, reasons = list(found["flags"]), list(found["reasons"])
        cues, considerations = list(found["cues"]), list(found["considerations"])
    days = parse_weekdays(form.training_days) if form.training_days else None
    if days is None and defaults.training_days:
        days = defaults.training_days
    per_week = form.days_per_week if form.days_per_week is not None else len(days or ()) or 2
    own = defaults.equipment
    request = PlanRequest(
        goal=parse_goal(form.goal or defaults.goal or "hypertrophy"),
        weeks=form.weeks,
        days_per_week=per_week,
        start_rung=min(start, max_rung),
        max_rung=max_rung,
        loading_allowed=loading,
        e1rm_kg=e1rm_kg,
        equipment=own if own.units == units else default_equipment(units),
        periodisation=parse_periodisation(form.periodisation),
        deload_every_weeks=form.deload_every or None,
        deadlift_day=defaults.deadlift_day,
        on_shift=defaults.on_shift or bool(defaults.shift_days),
        shift_days=defaults.shift_days if defaults.on_shift else (),
        training_days=days,
        considerations=tuple(considerations),
        flags=tuple(flags),
        reasons=tuple(reasons),
        cues=tuple(cues),
    )
    return request, tuple(notes)


def write_plan(
    session: Session, actor: Actor, athlete_id: int, form: PlanForm, now: datetime
) -> WrittenPlan:
    """Build the plan and keep it as the active one (``hipthrust plan`` without flags)."""
    athlete = athlete_for(session, actor, athlete_id)
    if form.training_days is not None and len(parse_weekdays(form.training_days)) > 3:
        raise InputError("choose at most 3 training days a week")
    if form.training_days and form.days_per_week is not None:
        count = len(parse_weekdays(form.training_days))
        if count != form.days_per_week:
            raise InputError(
                f"{count} training day(s) chosen for {form.days_per_week} session(s) a week: "
                "choose as many days as sessions"
            )
    request, notes = plan_request(form, plan_defaults(session, athlete, now))
    plan = build_plan(request)
    kept, stored = remember_plan(session, athlete, request, plan, now)
    return WrittenPlan(kept, stored, plan, notes)


# --------------------------------------------------------------------------- training


def today_of(session: Session, actor: Actor, athlete_id: int, now: datetime) -> Today:
    """Today's session as ``hipthrust next`` decides it (a rung change is recorded), from the
    sets before today: the prescription stays the same while the day's sets are logged. And
    the sets logged so far today."""
    athlete = athlete_for(session, actor, athlete_id)
    start = datetime.combine(now.date(), time(0, 0), now.tzinfo)
    decided = next_session(session, athlete, now=now, until=start)
    logged = history_of(session, decided.athlete, now=now, since=now.date().isoformat(), limit=1)
    return Today(decided, logged, latest_assessment(session, athlete.id) is not None)


def log_set_for(
    session: Session, actor: Actor, athlete_id: int, entry: SetEntry, now: datetime
) -> LoggedSets:
    """Log the set(s) an entry describes, as ``hipthrust log`` does (their source: web)."""
    athlete = athlete_for(session, actor, athlete_id)
    return log_sets(session, athlete, entry, now, source="web")


def sets_of(
    session: Session,
    actor: Actor,
    athlete_id: int,
    now: datetime,
    *,
    since: str | None = None,
    limit: int | None = 20,
) -> History:
    """The log by day, check-ins alongside (``hipthrust history``)."""
    athlete = athlete_for(session, actor, athlete_id)
    return history_of(session, athlete, now=now, since=since, limit=limit)


def check_in_for(
    session: Session,
    actor: Actor,
    athlete_id: int,
    now: datetime,
    *,
    pain: int | None,
    bodyweight: str | None = None,
    notes: str = "",
    day: str | None = None,
) -> CheckedIn:
    """The day's check-in (``hipthrust checkin``)."""
    athlete = athlete_for(session, actor, athlete_id)
    return check_in(
        session, athlete, now=now, pain=pain, bodyweight=bodyweight, notes=notes, day=day
    )


def progress_of(
    session: Session, actor: Actor, athlete_id: int, now: datetime, weeks: int | None = None
) -> tuple[Athlete, Progress]:
    """e1RM, volume and pain per session and week (``hipthrust progress``), days in ``now``'s
    zone."""
    athlete = athlete_for(session, actor, athlete_id)
    zone = now.tzinfo
    records = tuple(_local(record, zone) for record in stored_history(session, athlete.id))
    return athlete, progress(records, checkins(session, athlete.id), now.date(), weeks=weeks)


def _local(record: SetRecord, zone: tzinfo | None) -> SetRecord:
    return replace(record, performed_at=record.performed_at.astimezone(zone))


def _positive_mass(text: str, units: Units, what: str) -> float:
    if text.strip().startswith("-"):
        raise InputError(f"the {what} cannot be negative: {text.strip()!r}")
    return parse_mass(text, units)
