"""The next session for an athlete: the pure decision fed with everything the log remembers.

``next_session`` gathers the athlete's hip-thrust-family sets and check-ins, the profile
(rung, goal, equipment, on-shift), the latest assessment as it stands today (its ceiling and
loading permission win over the profile), and the active plan's next session, then calls
``coaching.decision.decide_next``. When the decision moves the rung, the new rung is recorded
on the athlete (``save``), so the loop is only: log, next, train.

Running it twice gives the same answer and records nothing new: the decision starts from
the rung the last session trained (see ``_trained_rung``), not from a rung recorded since.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from hipthrust.coaching.catalogue import variation
from hipthrust.coaching.decision import (
    DEFAULT_DECISION_RULES,
    AthleteContext,
    Decision,
    DecisionKind,
    DecisionRules,
    decide_next,
)
from hipthrust.coaching.goals import Goal, parse_goal
from hipthrust.coaching.history import group_sessions
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.prescription import Prescription
from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.week import WEEKDAYS
from hipthrust.errors import InputError, Phrase
from hipthrust.service.athletes import CurrentAssessment, current_assessment, equipment_of
from hipthrust.store import (
    Athlete,
    StoredPlan,
    active_plan,
    checkins,
    logged_sets,
    update_athlete,
)

__all__ = ["NextSession", "PlannedSession", "next_session", "planned_session", "prescription"]

_TOP_RUNG = LADDER[-1].number


@dataclass(frozen=True)
class PlannedSession:
    """The active plan's next session: ``number`` of ``total`` in the whole plan."""

    plan_id: int
    rung: int
    week: int
    day: str
    number: int
    total: int
    exercises: tuple[Prescription, ...]

    def to_json(self, used: bool) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id,
            "rung": self.rung,
            "week": self.week,
            "day": self.day,
            "number": self.number,
            "of": self.total,
            "used": used,
        }


@dataclass(frozen=True)
class NextSession:
    """The decision for ``athlete`` on ``day`` and what the log made of it.

    ``notes`` explain what the service chose before deciding (the rung, the plan, the
    assessment); ``rung_recorded`` says the athlete's current rung was changed; ``from_log``
    says the decision was made from logged sessions (False: none were, it is a start).
    """

    athlete: Athlete
    day: date
    decision: Decision
    previous_rung: int | None
    rung_recorded: bool
    exercise_allowed: bool
    loading_allowed: bool
    on_shift: bool
    next_day: date | None
    planned: PlannedSession | None
    plan_used: bool
    notes: tuple[str, ...]
    from_log: bool = True

    @property
    def units(self) -> str:
        return self.athlete.units

    def to_json(self) -> dict[str, Any]:
        return {
            **self.decision.to_json(),
            "athlete": self.athlete.name,
            "date": self.day.isoformat(),
            "units": self.athlete.units,
            "rung_name": LADDER[self.decision.rung].name,
            "previous_rung": self.previous_rung,
            "rung_recorded": self.rung_recorded,
            "exercise_allowed": self.exercise_allowed,
            "loading_allowed": self.loading_allowed,
            "on_shift": self.on_shift,
            "next_day": None if self.next_day is None else self.next_day.isoformat(),
            "planned": None if self.planned is None else self.planned.to_json(self.plan_used),
            "notes": list(self.notes),
        }


def next_session(
    session: Session,
    athlete: Athlete,
    *,
    now: datetime,
    day: date | None = None,
    save: bool = True,
    rules: DecisionRules = DEFAULT_DECISION_RULES,
    until: datetime | None = None,
) -> NextSession:
    """Decide the athlete's next session as of ``day`` (default: ``now``'s day).

    ``now``'s zone gives the calendar days of the sets. A rung change is recorded only with
    ``save`` and when deciding for today or later (a look back changes nothing). Sets done at
    or after ``until`` are left out: with the start of today, the decision is the one the
    day's session started from, however many of its sets are logged already.
    """
    zone = now.tzinfo
    today = day or now.date()
    records = tuple(
        replace(item.record, performed_at=item.record.performed_at.astimezone(zone))
        for item in logged_sets(session, athlete.id, until=until)
        if item.is_hip_thrust_family
    )
    known = tuple(record for record in records if record.performed_at.date() <= today)
    notes: list[str] = []
    assessment = current_assessment(session, athlete, today)
    if assessment is not None and not assessment.result.exercise_allowed:
        return _no_exercise(athlete, today, assessment)
    loading = athlete.loading_allowed if assessment is None else assessment.result.loading_allowed
    ceiling = _TOP_RUNG if assessment is None else assessment.result.max_rung
    start = _recorded_rung(athlete, assessment, known, notes)
    rung = min(_trained_rung(known, start, notes), ceiling)
    if rung < start and rung == ceiling:
        notes.append(f"The assessment allows rung {ceiling} at most for now.")
    if assessment is None and not loading and LADDER[rung].loaded:
        missing = f"No assessment on record and loading is not marked as allowed for {athlete.name}"
        notes.append(
            Phrase(
                f"{missing}: take the assessment, or mark loading as allowed in the profile if "
                "you already train with load.",
                cli=f"{missing}: take hipthrust assess, or hipthrust athletes set "
                f"{athlete.name} --loading if you already train with load.",
            )
        )
    plan = active_plan(session, athlete.id)
    planned = planned_session(plan, known, today, notes) if plan is not None else None
    use_plan = planned is not None and planned.rung == rung
    next_day = _next_day(athlete, planned, known, today)
    on_shift = _on_shift(athlete, next_day)
    context = AthleteContext(
        rung=rung,
        goal=parse_goal(athlete.goal) if athlete.goal else Goal.HYPERTROPHY,
        loading_allowed=loading,
        equipment=equipment_of(athlete),
        on_shift=on_shift,
        planned=planned.exercises if use_plan and planned is not None else None,
    )
    decision = decide_next(records, checkins(session, athlete.id), context, today, rules)
    if planned is not None and planned.rung != decision.rung:
        follows = (
            f"The active plan is written for rung {planned.rung} and the next session is on "
            f"rung {decision.rung}: it follows the ladder's dose"
        )
        notes.append(
            Phrase(
                f"{follows} (write a new plan to match).",
                cli=f"{follows} (hipthrust plan writes a new plan).",
            )
        )
    previous = athlete.current_rung
    recorded = False
    # A rung is recorded once something backs it: a recorded rung, sets or an assessment.
    grounded = previous is not None or bool(known) or assessment is not None
    if save and today >= now.date() and grounded:
        moved = previous != decision.rung
        if moved or (assessment is not None and athlete.loading_allowed != loading):
            athlete = update_athlete(
                session,
                athlete.id,
                replace(athlete, current_rung=decision.rung, loading_allowed=loading),
            )
        recorded = moved
    return NextSession(
        athlete=athlete,
        day=today,
        decision=decision,
        previous_rung=previous,
        rung_recorded=recorded,
        exercise_allowed=True,
        loading_allowed=loading,
        on_shift=on_shift,
        next_day=next_day,
        planned=planned,
        plan_used=use_plan and decision.rung == rung,
        notes=tuple(notes),
        from_log=bool(known),  # what decide_next groups into sessions
    )


def _no_exercise(athlete: Athlete, today: date, assessment: CurrentAssessment) -> NextSession:
    result = assessment.result
    reasons = (
        f"The assessment of {assessment.taken_on.isoformat()} advises no exercise for now: "
        "nothing is prescribed.",
        *result.reasons,
        *result.cues,
    )
    if result.reassess_in_weeks is not None:
        reasons += (f"Assess again in {result.reassess_in_weeks:g} week(s).",)
    decision = Decision(DecisionKind.HOLD, reasons, 0, ())
    return NextSession(
        athlete=athlete,
        day=today,
        decision=decision,
        previous_rung=athlete.current_rung,
        rung_recorded=False,
        exercise_allowed=False,
        loading_allowed=False,
        on_shift=athlete.on_shift,
        next_day=None,
        planned=None,
        plan_used=False,
        notes=assessment.adjusted,
        from_log=False,
    )


def _recorded_rung(
    athlete: Athlete,
    assessment: CurrentAssessment | None,
    history: tuple[SetRecord, ...],
    notes: list[str],
) -> int:
    """The athlete's current rung; when none is recorded, the assessment's start, else 1."""
    if athlete.current_rung is not None:
        return athlete.current_rung
    if assessment is not None:
        notes.append(
            f"No current rung recorded: starting from the assessment's rung "
            f"{assessment.result.start_rung}."
        )
        return assessment.result.start_rung
    if not history:
        notes.append(
            Phrase(
                "No current rung and no assessment on record: starting at rung 1 (the "
                "assessment finds where you should start).",
                cli="No current rung and no assessment on record: starting at rung 1 (hipthrust "
                "assess finds where you should start).",
            )
        )
    return 1


def _trained_rung(history: tuple[SetRecord, ...], recorded: int, notes: list[str]) -> int:
    """The rung the last session trained: ``recorded`` when its main exercise belongs there.

    Otherwise the rung (of that exercise) nearest to ``recorded``, leaving out the bridge test
    (rung 0) when the exercise also belongs to a training rung. This is what makes deciding
    idempotent: after a decision moved the recorded rung, the same last session still
    decides from the rung it was trained on.
    """
    sessions = group_sessions(history)
    main = sessions[-1].main_variation if sessions else None
    if main is None:
        return recorded
    try:
        rungs = variation(main).rungs
    except InputError:
        return recorded
    if not rungs or recorded in rungs:
        return recorded
    training = [rung for rung in rungs if rung > 0] or list(rungs)
    trained = min(training, key=lambda rung: (abs(rung - recorded), rung))
    notes.append(
        f"The last session ({sessions[-1].day.isoformat()}) was rung {trained} work "
        f"({variation(main).name.lower()}): the decision starts from rung {trained}."
    )
    return trained


def planned_session(
    plan: StoredPlan, history: tuple[SetRecord, ...], today: date, notes: list[str]
) -> PlannedSession | None:
    """The plan's session after the training days logged since the plan was saved
    (``saved_at`` in its request, else when it was stored).

    Sessions are taken in order (week 1's, then week 2's ...): a missed day does not skip a
    session. None when the plan is refused, unreadable or done (``notes`` says which).
    """
    data = plan.plan
    if data.get("refused"):
        return None
    try:
        saved = plan.request.get("saved_at")
        since = datetime.fromisoformat(saved) if isinstance(saved, str) else plan.created_at
        sessions = [
            (int(week["week"]), item) for week in data["weeks"] for item in week["sessions"]
        ]
        rung = int(data["rung"])
        done = {
            record.performed_at.date()
            for record in history
            if not record.warmup
            and record.performed_at >= since
            and record.performed_at.date() <= today
        }
        if len(done) >= len(sessions):
            done_all = f"All {len(sessions)} sessions of the active plan are done"
            notes.append(
                Phrase(
                    f"{done_all}: write the next one.",
                    cli=f"{done_all}: hipthrust plan writes the next one.",
                )
            )
            return None
        week, item = sessions[len(done)]
        exercises = tuple(prescription(entry) for entry in item["exercises"])
        day = str(item["day"])
    except (KeyError, TypeError, ValueError):
        notes.append("The active plan could not be read: deciding without it.")
        return None
    if not exercises:
        return None
    return PlannedSession(plan.id, rung, week, day, len(done) + 1, len(sessions), exercises)


def prescription(data: dict[str, Any]) -> Prescription:
    """A ``Prescription`` back from its JSON (``Prescription.to_json()``)."""
    load = data.get("load_kg")
    cap = data.get("rpe_max")
    return Prescription(
        variation=str(data["variation"]),
        sets=int(data["sets"]),
        reps=(int(data["reps"]["min"]), int(data["reps"]["max"])),
        load_kg=None if load is None else float(load),
        hold_s=float(data.get("hold_s") or 0.0),
        rpe_max=None if cap is None else float(cap),
        per_side=bool(data.get("per_side", False)),
        tempo=str(data.get("tempo", "")),
        notes=tuple(str(note) for note in data.get("notes", ())),
    )


def _next_day(
    athlete: Athlete,
    planned: PlannedSession | None,
    history: tuple[SetRecord, ...],
    today: date,
) -> date | None:
    """The next training day: the planned session's weekday, else a training day, from today
    (tomorrow when today was trained already); None when no days are known."""
    days = (planned.day,) if planned is not None else athlete.training_days
    if not days:
        return None
    trained_today = any(record.performed_at.date() == today for record in history)
    start = today + timedelta(days=1) if trained_today else today
    for offset in range(7):
        candidate = start + timedelta(days=offset)
        if WEEKDAYS[candidate.weekday()] in days:
            return candidate
    return None


def _on_shift(athlete: Athlete, next_day: date | None) -> bool:
    """On shift: the profile says so and the next day is a shift day (or unknown)."""
    if not athlete.on_shift:
        return False
    days = athlete.shift_schedule.get("days") or []
    if not days or next_day is None:
        return True
    return WEEKDAYS[next_day.weekday()] in days
