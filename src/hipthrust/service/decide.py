"""The next session for an athlete: the pure decision fed with everything the log remembers.

``next_session`` gathers the athlete's hip-thrust-family sets and check-ins (calendar days in
the athlete's time zone), the screening as it stands today and its loading gate
(``coaching.clearance``), the rung the athlete is on (``coaching.placement``: derived from the
assessment, a chosen rung and the log, never stored by a decision), and the active plan's
next session, then calls ``coaching.decision.decide_next``.

It only reads: Today, ``hipthrust next`` and every GET leave the store as it was, and running
it twice gives the same answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from hipthrust.coaching.assessment import Assessment
from hipthrust.coaching.clearance import Clearance, clearance
from hipthrust.coaching.decision import (
    DEFAULT_DECISION_RULES,
    AthleteContext,
    Decision,
    DecisionKind,
    DecisionRules,
    decide_next,
)
from hipthrust.coaching.goals import Goal, parse_goal
from hipthrust.coaching.history import group_sessions, week_start
from hipthrust.coaching.injuries import Injuries, LoadCeiling, top_rung
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.placement import Anchor, Placement, moves_nothing, place
from hipthrust.coaching.prescription import Prescription
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.coaching.safety import weekly_max_pain
from hipthrust.coaching.screening import DEFAULT_SCREENING_RULES, ConditionKind
from hipthrust.coaching.week import WEEKDAYS
from hipthrust.errors import Phrase
from hipthrust.service.athletes import CurrentAssessment, current_assessment, equipment_of
from hipthrust.store import Athlete, StoredPlan, active_plan, checkins
from hipthrust.store.checkins import latest_bodyweight
from hipthrust.store.training import (
    family_pain_before,
    family_sets,
    family_trained_with_load,
    family_working_variations,
)

__all__ = [
    "WINDOW_WEEKS",
    "NextSession",
    "PlannedSession",
    "Standing",
    "injuries_of",
    "load_ceilings",
    "next_session",
    "plan_start_date",
    "planned_session",
    "prescription",
    "standing_of",
]


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
class Standing:
    """Where an athlete stands today: the screening, its loading gate and their rung."""

    assessment: CurrentAssessment | None
    clearance: Clearance
    placement: Placement
    history: tuple[SetRecord, ...]  # hip-thrust-family sets up to today, in the athlete's zone

    @property
    def rung(self) -> int:
        return self.placement.rung

    def notes(self) -> tuple[str, ...]:
        """What the athlete should know about how the rung and the load were found."""
        notes = list(self.placement.reasons)
        if self.placement.above_gate:
            notes.append(self.placement.above_gate)
        if not self.clearance.load:
            notes.extend(self.clearance.reasons)
        return tuple(dict.fromkeys(notes))


WINDOW_WEEKS = 8
"""The recent history a decision reads first: the whole weeks since the Monday this many weeks
before today. It is checked against half as many weeks again, and the whole log is read
whenever they could disagree with it (see ``_Window``)."""


def standing_of(
    session: Session,
    athlete: Athlete,
    today: date,
    *,
    until: datetime | None = None,
    history: tuple[SetRecord, ...] | None = None,
    window_weeks: int | None = WINDOW_WEEKS,
) -> Standing:
    """The screening as it stands on ``today``, the loading gate and the rung placed from the
    log (sets at or after ``until`` left out; ``history`` when already read).

    With ``window_weeks`` (and no ``history``) the recent weeks are read first, and the whole
    log only when they may not tell (the answer is the same either way; ``Standing.history``
    then holds the recent weeks only)."""
    assessment = current_assessment(session, athlete, today)
    if history is None and window_weeks is not None:
        window = _Window.read(session, athlete, today, until, assessment, window_weeks)
        if window is not None:
            near, wide = window.standings()
            if near == replace(wide, history=near.history):
                return near
    if history is None:
        history = family_sets(session, athlete.id, until=until, zone=athlete.zone)
    known = tuple(record for record in history if record.performed_at.date() <= today)
    return _standing(athlete, today, known, assessment)


def _standing(
    athlete: Athlete,
    today: date,
    known: tuple[SetRecord, ...],
    assessment: CurrentAssessment | None,
    anchor: Anchor | None = None,
) -> Standing:
    """The standing from the sets up to ``today`` (pure); ``anchor`` replaces the athlete's
    (see ``_Window``)."""
    gate = clearance(None if assessment is None else assessment.result)
    placement = place(
        group_sessions(known, today),
        anchor or _anchor(athlete, assessment),
        gate,
        screened_on=None if assessment is None else assessment.taken_on,
    )
    return Standing(assessment, gate, placement, known)


@dataclass(frozen=True)
class _Window:
    """The recent weeks of the log (``near``) and half as many again (``wide``), with what the
    rules would need from before them, or None (``read``) when they cannot tell.

    Why the near weeks decide as the whole log would [design, checked by
    tests/service/test_decide_window.py on randomised histories and on the benchmark's]:

    - every rule looks back a bounded number of sessions or weeks (the last session's pain, the
      next morning's check-in, lumbar faults in the last sessions, the gate's last sessions,
      the fatigue sessions, the deload's reference weeks) except three, handled here: the
      weeks with pain reported (the rising-pain rule wants the last ``rising_weeks + 1`` of
      them: the near weeks must hold that many, or no pain was reported before them, asked
      of the database), the weeks since the last deload week, and the rung's anchor or first
      evidence (``place``: the anchor must fall in the near weeks, or the sessions from it to
      them be ones that move nothing, ``placement.moves_nothing``, asked of the database as
      one distinct list of variations; with no anchor, the evidence session must be in them);
    - the session builder's latest work on a variation: every variation trained before the
      near weeks must be trained in them too (the same list);
    - whether an unscreened athlete trains with load is one summary query over the whole log;
    - the active plan counts the days trained since it was saved: it must be saved in the
      near weeks;
    - then the answer from the near weeks must equal the answer from the wide ones; a rule
      that reaches further back (a deload week or the gate's sessions long ago) makes the two
      differ, and the whole log is read instead.
    """

    athlete: Athlete
    today: date
    assessment: CurrentAssessment | None
    anchor: Anchor | None  # the rung the near weeks start from
    near: tuple[SetRecord, ...]
    wide: tuple[SetRecord, ...]
    near_start: datetime
    wide_start: datetime
    end: datetime  # sets before it count: the start of tomorrow, or ``until``

    @classmethod
    def read(
        cls,
        session: Session,
        athlete: Athlete,
        today: date,
        until: datetime | None,
        assessment: CurrentAssessment | None,
        weeks: int,
        rising_weeks: int = DEFAULT_DECISION_RULES.safety.rising_weeks,
    ) -> _Window | None:
        zone = athlete.zone
        monday = week_start(today)
        near_start = datetime.combine(monday - timedelta(weeks=weeks), time.min, zone)
        wide_start = datetime.combine(
            monday - timedelta(weeks=weeks + (weeks + 1) // 2), time.min, zone
        )
        end = datetime.combine(today + timedelta(days=1), time.min, zone)
        if until is not None:
            end = min(end, until)
        wide = family_sets(session, athlete.id, wide_start, end, zone)
        near = tuple(record for record in wide if record.performed_at >= near_start)
        if not near:
            return None
        # What was trained before the near weeks: every variation must be trained in them
        # too (the session builder looks for the latest work on a variation), and, with an
        # anchor before them, none may move the rung (``moves_nothing``): then the near weeks
        # start from the anchor's rung.
        earlier = family_working_variations(session, athlete.id, None, near_start)
        if not earlier <= {r.variation for r in near if not r.warmup}:
            return None
        anchor = _anchor(athlete, assessment)
        if anchor is not None:
            if anchor.since < near_start.date():
                if not moves_nothing(anchor.rung, earlier):
                    return None
                anchor = Anchor(anchor.rung, near_start.date(), anchor.source)
        elif assessment is not None and not any(
            record.performed_at.date() <= assessment.taken_on for record in near
        ):
            return None  # the last session before the screening is older: it places the rung
        needed = rising_weeks + 1
        if len(weekly_max_pain(group_sessions(near, today))) < needed and family_pain_before(
            session, athlete.id, near_start
        ):
            return None
        return cls(athlete, today, assessment, anchor, near, wide, near_start, wide_start, end)

    def standings(self) -> tuple[Standing, Standing]:
        return (
            _standing(self.athlete, self.today, self.near, self.assessment, self.anchor),
            _standing(self.athlete, self.today, self.wide, self.assessment, self.anchor),
        )


def _anchor(athlete: Athlete, assessment: CurrentAssessment | None) -> Anchor | None:
    """The latest act that set a rung: a chosen rung, or an assessment with its bridge test."""
    anchors: list[Anchor] = []
    if athlete.current_rung is not None:
        chosen = athlete.rung_chosen_at
        since = date.min if chosen is None else chosen.astimezone(athlete.zone).date()
        anchors.append(Anchor(athlete.current_rung, since, "chosen"))
    if assessment is not None and assessment.result.answers.bridge_test is not None:
        anchors.append(Anchor(assessment.result.start_rung, assessment.taken_on, "assessment"))
    return max(anchors, key=lambda anchor: anchor.since) if anchors else None


@dataclass(frozen=True)
class NextSession:
    """The decision for ``athlete`` on ``day``.

    ``notes`` explain what the service chose before deciding (the rung, the plan, the
    screening); ``from_log`` says the decision was made from logged sessions (False: none
    were, it is a start).
    """

    athlete: Athlete
    day: date
    decision: Decision
    clearance: Clearance
    on_shift: bool
    next_day: date | None
    planned: PlannedSession | None
    plan_used: bool
    notes: tuple[str, ...]
    from_log: bool = True
    placed_rung: int | None = None  # the rung the athlete is on (``standing_of``'s), decided from

    @property
    def units(self) -> str:
        return self.athlete.units

    @property
    def exercise_allowed(self) -> bool:
        return self.clearance.exercise

    @property
    def loading_allowed(self) -> bool:
        return self.clearance.load

    def to_json(self) -> dict[str, Any]:
        return {
            **self.decision.to_json(),
            "athlete": self.athlete.name,
            "date": self.day.isoformat(),
            "units": self.athlete.units,
            "rung_name": LADDER[self.decision.rung].name,
            "screened": self.clearance.screened,
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
    rules: DecisionRules = DEFAULT_DECISION_RULES,
    until: datetime | None = None,
    window_weeks: int | None = WINDOW_WEEKS,
) -> NextSession:
    """Decide the athlete's next session as of ``day`` (default: ``now``'s day where the
    athlete lives). Sets done at or after ``until`` are left out: with the start of today,
    the decision is the one the day's session started from, however many of its sets are
    logged already. Nothing is written.

    The recent ``window_weeks`` are read first (``_Window``) and the whole log only when they
    may not tell; None reads the whole log (the same answer, slower)."""
    today = day or now.astimezone(athlete.zone).date()
    assessment = current_assessment(session, athlete, today)
    plan = active_plan(session, athlete.id)
    window = None
    if window_weeks is not None:
        window = _Window.read(
            session, athlete, today, until, assessment, window_weeks, rules.safety.rising_weeks
        )
    if window is not None and (plan is None or _plan_in(plan, window.near_start)):
        near, wide = window.standings()
        marks = checkins(session, athlete.id, since=window.wide_start.date())
        loaded = _loaded(session, athlete, near.clearance, near.history, window.end)
        fast = _decided(session, athlete, today, rules, near, marks, plan, loaded)
        if fast == _decided(session, athlete, today, rules, wide, marks, plan, loaded):
            return fast
    history = family_sets(session, athlete.id, until=until, zone=athlete.zone)
    known = tuple(record for record in history if record.performed_at.date() <= today)
    standing = _standing(athlete, today, known, assessment)
    loaded = _trains_with_load(known)
    return _decided(
        session, athlete, today, rules, standing, checkins(session, athlete.id), plan, loaded
    )


def _plan_in(plan: StoredPlan, start: datetime) -> bool:
    """Whether the plan was saved at or after ``start`` (its sessions are counted from then)."""
    try:
        return _plan_since(plan) >= start
    except (TypeError, ValueError):
        return False


def _plan_since(plan: StoredPlan) -> datetime:
    saved = plan.request.get("saved_at")
    return datetime.fromisoformat(saved) if isinstance(saved, str) else plan.created_at


def plan_start_date(request: object, created_at: datetime, zone: tzinfo) -> date:
    """The calendar day a plan starts, in the athlete's time zone ``zone``: the day of its
    ``saved_at`` (in ``request``), else of when it was stored; naive times are UTC (SQLite
    gives them back so). One rule for the handout, the calendar and the coach's dashboard."""
    saved = request.get("saved_at") if isinstance(request, dict) else None
    when = created_at
    if isinstance(saved, str):
        try:
            when = datetime.fromisoformat(saved)
        except ValueError:  # an unreadable saved_at: when it was stored
            when = created_at
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(zone).date()


def _loaded(
    session: Session,
    athlete: Athlete,
    gate: Clearance,
    near: tuple[SetRecord, ...],
    end: datetime,
) -> bool:
    """Whether the athlete trained with load up to ``end``: the near weeks first, else one
    summary query (asked only when the answer matters, for an unscreened athlete)."""
    if gate.load or gate.screened or _trains_with_load(near):
        return _trains_with_load(near)
    return family_trained_with_load(session, athlete.id, end)


def _decided(
    session: Session,
    athlete: Athlete,
    today: date,
    rules: DecisionRules,
    standing: Standing,
    marks: tuple[Checkin, ...],
    plan: StoredPlan | None,
    trains_with_load: bool,
) -> NextSession:
    """The decision from the standing, the check-ins and the plan (reads nothing more)."""
    gate = standing.clearance
    if standing.assessment is not None and not gate.exercise:
        return _no_exercise(athlete, today, standing.assessment, gate, standing.rung)
    known = standing.history
    notes = list(standing.notes())
    rung = standing.rung
    planned = planned_session(plan, known, today, notes) if plan is not None else None
    use_plan = planned is not None and planned.rung == rung
    next_day = _next_day(athlete, planned, known, today)
    on_shift = _on_shift(athlete, next_day)
    # The injury rules read the latest bodyweight, however old (one indexed query; only an
    # assessed athlete has injury rules).
    weighed = (
        latest_bodyweight(session, athlete.id, today) if standing.assessment is not None else ()
    )
    injuries = injuries_of(athlete, standing.assessment, weighed, today)
    ceiling = top_rung(injuries)
    if ceiling is not None and rung > ceiling:
        notes.append(
            f"After a joint replacement no heavy strength blocks: rung {ceiling}, not "
            f"{rung} [seed 003; design]."
        )
        rung = ceiling
    context = AthleteContext(
        rung=rung,
        goal=parse_goal(athlete.goal) if athlete.goal else Goal.HYPERTROPHY,
        # Unscreened lifters keep a load they already train with (no increase, no new load):
        # see coaching.decision.
        loading_allowed=gate.load or (not gate.screened and trains_with_load),
        equipment=equipment_of(athlete),
        on_shift=on_shift,
        planned=planned.exercises if use_plan and planned is not None else None,
        screened=gate.screened,
        injuries=injuries,
        max_rung=gate.ceiling,
    )
    decision = decide_next(known, marks, context, today, rules)
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
    return NextSession(
        athlete=athlete,
        day=today,
        decision=decision,
        clearance=gate,
        on_shift=on_shift,
        next_day=next_day,
        planned=planned,
        plan_used=use_plan and decision.rung == rung,
        notes=tuple(notes),
        from_log=bool(known),  # what decide_next groups into sessions
        placed_rung=rung,
    )


_ABDOMEN = (
    ConditionKind.ABDOMINAL_SURGERY_OPEN,
    ConditionKind.ABDOMINAL_SURGERY_LAPAROSCOPIC,
    ConditionKind.HERNIA_REPAIR,
    ConditionKind.ABDOMINOPLASTY,
)


def injuries_of(
    athlete: Athlete,
    assessment: CurrentAssessment | None,
    days: Sequence[Checkin],
    today: date,
) -> Injuries:
    """What the injury rules (``coaching.injuries``) need: the screening's considerations, the
    latest bodyweight (a check-in, else the assessment's) and the weeks since an abdominal
    surgery was cleared (the recorded clearance's date, else the assessment that said so)."""
    if assessment is None:
        return Injuries()
    result = assessment.result
    weights = [c for c in days if c.bodyweight_kg is not None and c.day <= today]
    bodyweight = (
        max(weights, key=lambda c: c.day).bodyweight_kg if weights else result.answers.bodyweight_kg
    )
    cleared_on: list[date] = []
    for condition in result.answers.conditions:
        if condition.kind not in _ABDOMEN or not condition.cleared:
            continue
        recorded = athlete.clearances.get(condition.kind.value)
        try:
            cleared_on.append(date.fromisoformat(str(recorded)))
        except ValueError:
            cleared_on.append(assessment.taken_on)
    weeks = None if not cleared_on else max(0, (today - max(cleared_on)).days) / 7
    return Injuries(tuple(result.considerations), bodyweight, weeks, load_ceilings(result))


def load_ceilings(result: Assessment) -> tuple[LoadCeiling, ...]:
    """The load ceilings clinicians gave with the clearances the screening records (a
    condition not cleared has none in force: it gets no load at all)."""
    ceilings: list[LoadCeiling] = []
    for condition in result.answers.conditions:
        given = condition.load_ceiling()
        if given is None or not condition.cleared:
            continue
        consideration = DEFAULT_SCREENING_RULES.rule(condition.kind).consideration
        ceilings.append(LoadCeiling(consideration, x_bodyweight=given[0], kg=given[1]))
    return tuple(ceilings)


def _trains_with_load(history: tuple[SetRecord, ...]) -> bool:
    return any(record.load_kg for record in history if not record.warmup)


def _no_exercise(
    athlete: Athlete, today: date, assessment: CurrentAssessment, gate: Clearance, rung: int
) -> NextSession:
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
        clearance=gate,
        on_shift=athlete.on_shift,
        next_day=None,
        planned=None,
        plan_used=False,
        notes=assessment.adjusted,
        from_log=False,
        placed_rung=rung,
    )


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
        since = _plan_since(plan)
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
