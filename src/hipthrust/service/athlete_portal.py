"""An athlete's training use cases: each exists once, and every door calls it.

The CLI (as ``LOCAL_OWNER``, the person at the terminal), the web pages, their JSON twins and
the worker call these functions and render what they return: a page and its JSON twin render
the same object. Each takes ``(session, actor, athlete_id, ...)`` and starts with
``athlete_for``: an athlete reaches only their own log, a coach only a linked athlete's, the
local owner every athlete of the local log; anything else is ``AccessDenied`` before a row is
read. Reading (``assessment_of``, ``next_for``, ``today_of``, ``sets_of``, ``progress_of``)
never writes.

``now`` is an aware datetime taken once by the caller; the athlete's time zone gives the
calendar days.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, time, tzinfo
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy.orm import Session

from hipthrust.coaching.assessment import assess
from hipthrust.coaching.assessment_answers import Answers
from hipthrust.coaching.catalogue import Resistance, display_name
from hipthrust.coaching.catalogue import variation as catalogue_variation
from hipthrust.coaching.clearance import FIRST_LOADED_RUNG, SCREENING_NEEDED, Clearance, clearance
from hipthrust.coaching.goals import REST_SECONDS, Goal, parse_goal
from hipthrust.coaching.injuries import LoadCeiling
from hipthrust.coaching.ladder import LADDER, rung
from hipthrust.coaching.loads import Equipment as LoadEquipment
from hipthrust.coaching.loads import default_equipment, plates_per_side
from hipthrust.coaching.pain import DEFAULT_PAIN_RULES, PainZone, pain_zone
from hipthrust.coaching.periodisation import parse_periodisation
from hipthrust.coaching.prescription import Prescription
from hipthrust.coaching.programming import Plan, PlanRequest, build_plan, ramp_up
from hipthrust.coaching.progress import Progress, progress
from hipthrust.coaching.questions import QUESTIONS, Answer, answer_for
from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.screening import Flag
from hipthrust.coaching.units import Units, format_mass, from_kg, parse_mass, parse_units, to_kg
from hipthrust.coaching.week import parse_weekday, parse_weekdays
from hipthrust.errors import InputError, Phrase
from hipthrust.formats.calendar import DEFAULT_REMINDER
from hipthrust.service.accounts import Actor, athlete_for
from hipthrust.service.assessment_io import parse_answers
from hipthrust.service.athletes import (
    CurrentAssessment,
    ProfileChanges,
    change_athlete,
    equipment_of,
    remember_assessment,
)
from hipthrust.service.decide import (
    NextSession,
    Standing,
    load_ceilings,
    next_session,
    standing_of,
)
from hipthrust.service.exporting import log_csv, log_json, plan_ics
from hipthrust.service.handout import plan_handout_for
from hipthrust.service.importing import ImportReport, ProgressCallback, import_file
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
    "Assessed",
    "AthleteSettings",
    "Equipment",
    "PlanForm",
    "Today",
    "WrittenPlan",
    "assessment_of",
    "athlete_of",
    "change_settings",
    "check_in_for",
    "import_for",
    "log_export_for",
    "log_set_for",
    "next_for",
    "plan_export_for",
    "plan_of",
    "plan_request",
    "progress_of",
    "readers_questions",
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
    """What a person asks of a plan, through any door; None takes what the athlete's log says.

    Masses are text (``"140kg"``; bare numbers in ``units``, default the athlete's). ``rung``
    is a rung chosen by the person (an explicit act: kept as the athlete's chosen rung when
    the plan is saved); ``assessment`` an assessment result (``hipthrust assess --json``) that
    replaces the one on record for this plan. ``save`` False: only show the plan.
    """

    goal: str | None = None
    weeks: int = 4
    days_per_week: int | None = None
    training_days: str | None = None
    e1rm: str | None = None
    periodisation: str = "linear"
    deload_every: int = 5
    rung: int | None = None
    units: str | None = None
    bar: str | None = None
    deadlift_day: str | None = None
    on_shift: bool | None = None
    shift_days: str | None = None
    considerations: tuple[str, ...] = ()
    assessment: dict[str, Any] | None = None
    save: bool = True


@dataclass(frozen=True)
class ActivePlan:
    athlete: Athlete
    plan: StoredPlan | None


@dataclass(frozen=True)
class WrittenPlan:
    """A plan written for ``athlete``: ``stored`` None when it was only shown; ``notes`` say
    which input won where two disagreed."""

    athlete: Athlete
    stored: StoredPlan | None
    plan: Plan
    notes: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        data = self.plan.to_json()
        data["notes"] = [*self.notes, *data["notes"]]
        return data


@dataclass(frozen=True)
class WarmupSet:
    """One ramp-up set before the day's first loaded lift: ``reps`` at ``load_kg``."""

    variation: str
    reps: int
    load_kg: float
    plates: str | None  # the plates a side when it is on a barbell

    def to_json(self, units: Units) -> dict[str, Any]:
        return {
            "exercise": self.variation,
            "name": display_name(self.variation),
            "reps": self.reps,
            "load_kg": self.load_kg,
            "load": format_mass(self.load_kg, units),
            "plates": self.plates,
        }


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
    def rest_s(self) -> int:
        """The rest timer's default after a set: by the athlete's goal (hypertrophy when
        none is chosen); the page lets the athlete change it."""
        goal = parse_goal(self.athlete.goal) if self.athlete.goal else Goal.HYPERTROPHY
        return REST_SECONDS[goal]

    @property
    def plates(self) -> dict[str, str]:
        """The plates on each side of the bar for each barbell load prescribed today, with
        the athlete's bar and plates (``hipthrust plates``): ``"20 + 10 + 2.5 a side on the
        20 kg bar"``; a load the plates cannot make exactly says the nearest."""
        equipment = equipment_of(self.athlete)
        found: dict[str, str] = {}
        for item in self.next.decision.session:
            text = _plates_text(item, equipment)
            if text is not None:
                found[item.variation] = text
        return found

    @property
    def warmup(self) -> tuple[WarmupSet, ...]:
        """The ramp-up sets before the day's first loaded lift, from the load decided today
        (the plan's warm-up rule, ``coaching.programming.ramp_up``), each with its plates."""
        equipment = equipment_of(self.athlete)
        main = next((item for item in self.next.decision.session if item.load_kg), None)
        if main is None:
            return ()
        return tuple(
            WarmupSet(
                ramp.variation, ramp.reps[0], ramp.load_kg or 0.0, _plates_text(ramp, equipment)
            )
            for ramp in ramp_up(main, equipment)
        )

    @property
    def stopped(self) -> dict[str, str]:
        """The exercises that pain stopped today, each with what to do instead: once a set
        is logged with pain above the stop line, "Done as prescribed" is no longer offered."""
        rules = DEFAULT_PAIN_RULES
        stops: dict[str, str] = {}
        for logged in self.sets:
            pain = logged.record.pain
            if pain is None or pain_zone(pain, rules) is not PainZone.TOO_MUCH:
                continue
            refer = (
                " Pain this high: check with a clinician before training again."
                if pain >= rules.refer_at
                else ""
            )
            stops[logged.record.variation] = (
                f"Stop here: pain {pain}/10 is above {rules.acceptable_max}. Do no more sets "
                f"of {display_name(logged.record.variation)} today; the rest of the session "
                "only if it stays pain-free (2/10 or less). Check in tomorrow morning: the "
                "next session steps back." + refer
            )
        return stops

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


def _plates_text(item: Prescription, equipment: LoadEquipment) -> str | None:
    """The plates a side for a barbell load, with the bar ("20 + 10 a side on the 20 kg
    bar"); None when the exercise is not on a barbell or has no load."""
    if item.load_kg is None or not _on_a_barbell(item.variation):
        return None
    try:
        achieved, side = plates_per_side(item.load_kg, equipment)
    except InputError:
        return None
    units = equipment.units
    bar = format_mass(to_kg(equipment.bar, units), units)
    text = (
        " + ".join(f"{plate:g}" for plate in side) + " a side" if side else "no plates"
    ) + f" on the {bar} bar"
    if abs(achieved - item.load_kg) >= 0.01:
        text += f" (makes {format_mass(achieved, units)}, the nearest your plates allow)"
    return text


def _on_a_barbell(variation_id: str) -> bool:
    try:
        return catalogue_variation(variation_id).resistance is Resistance.BARBELL
    except InputError:
        return False


def athlete_of(session: Session, actor: Actor, athlete_id: int) -> Athlete:
    """The athlete, when ``actor`` may see them (their profile and units)."""
    return athlete_for(session, actor, athlete_id)


# --------------------------------------------------------------------------- assessment


class Assessed(NamedTuple):
    """The latest assessment as it stands today (None: none yet) and the rung the athlete is
    on with it (derived from it, a chosen rung and the log, as ``next`` finds it)."""

    athlete: Athlete
    current: CurrentAssessment | None
    rung: int

    def to_json(self) -> dict[str, Any]:
        assert self.current is not None, "an assessment is on record"
        result = self.current.result
        return {
            **self.current.to_json(),
            "clinician_flags": [flag.value for flag in result.flags if flag in CLINICIAN_FLAGS],
            "current_rung": self.rung,
        }


def _assessed(session: Session, athlete: Athlete, now: datetime) -> Assessed:
    today = now.astimezone(athlete.zone).date()
    standing = standing_of(session, athlete, today)
    return Assessed(athlete, standing.assessment, standing.rung)


def assessment_of(session: Session, actor: Actor, athlete_id: int, now: datetime) -> Assessed:
    """The latest assessment as it stands today where the athlete lives, and their rung."""
    return _assessed(session, athlete_for(session, actor, athlete_id), now)


def take_assessment(
    session: Session,
    actor: Actor,
    athlete_id: int,
    answers: object,
    now: datetime,
    equipment: Equipment | None = None,
) -> Assessed:
    """Assess the answers (the answers-file shape, or ``Answers`` already read) and keep the
    result (``hipthrust assess``, the wizard and the API); ``equipment`` (when given) is
    written to the profile too."""
    athlete = athlete_for(session, actor, athlete_id)
    parsed = answers if isinstance(answers, Answers) else parse_answers(answers, "answers")
    result = assess(parsed)
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
    kept, _ = remember_assessment(session, athlete, result, now)
    return _assessed(session, kept, now)


# --------------------------------------------------------------------------- plan


def plan_of(session: Session, actor: Actor, athlete_id: int) -> ActivePlan:
    athlete = athlete_for(session, actor, athlete_id)
    return ActivePlan(athlete, active_plan(session, athlete.id))


def plan_request(
    form: PlanForm, defaults: PlanDefaults, standing: Standing
) -> tuple[PlanRequest, tuple[str, ...]]:
    """The plan request: the loading gate and the rung from ``standing`` (or the assessment
    given with the form), what the form leaves out from the log. Every time one input
    overrides another, a note says which and why."""
    units: Units = parse_units(form.units) if form.units else defaults.units
    notes: list[str] = []
    gate, placed, found = _plan_gate(form, standing, notes)
    if not gate.exercise:
        start = 0
    elif form.rung is not None:
        rung(form.rung)
        start = form.rung
        if form.rung != placed:
            notes.append(
                f"You chose rung {form.rung}; your assessment and log place you at rung "
                f"{placed}: the plan starts at your choice, within the screening's limits."
            )
    else:
        start = placed
    if start > gate.ceiling:
        notes.append(
            f"The screening allows rung {gate.ceiling} at most: the plan starts there, not at "
            f"rung {start}."
        )
        start = gate.ceiling
    if not gate.screened and LADDER[start].loaded:
        waits = f"Rung {start} is loaded work, so a plan for it waits for the screening."
        raise InputError(
            Phrase(f"{SCREENING_NEEDED} {waits}", cli=f"{SCREENING_NEEDED.cli} {waits}")
        )
    typed = _positive_mass(form.e1rm, units, "e1RM") if form.e1rm else None
    e1rm_kg = typed if typed is not None else defaults.e1rm_kg
    if typed is not None and defaults.e1rm_kg is not None:
        notes.append(
            f"The e1RM you typed, {format_mass(typed, units)}, sets the loads instead of the "
            f"one from your log ({format_mass(defaults.e1rm_kg, units)})."
        )
    elif typed is None and defaults.e1rm_kg is not None:
        notes.append(f"Loads from your log: {defaults.e1rm_note}")
    if typed is not None and not (LADDER[start].loaded and gate.load):
        notes.append(
            f"An e1RM sets loads, never the rung: this plan is rung {start} "
            f"({LADDER[start].name}), so the e1RM waits for the loaded rungs."
        )
    consider = [item.strip().lower().replace("-", "_") for item in form.considerations]
    flags: list[str] = []
    reasons: list[str] = list(gate.reasons) if not gate.load else []
    cues: list[str] = []
    if found is not None:
        flags, cues = list(found.get("flags", [])), list(found.get("cues", []))
        reasons = list(dict.fromkeys([*found.get("reasons", []), *reasons]))
        consider = list(dict.fromkeys([*found.get("considerations", []), *consider]))
    days = parse_weekdays(form.training_days) if form.training_days else None
    if days is None and defaults.training_days:
        days = defaults.training_days
    per_week = form.days_per_week if form.days_per_week is not None else len(days or ()) or 2
    if form.on_shift is None and form.shift_days is None:
        on_shift, shifts = defaults.on_shift, defaults.shift_days if defaults.on_shift else ()
    else:
        shifts = parse_weekdays(form.shift_days) if form.shift_days else ()
        on_shift = bool(form.on_shift) or bool(shifts)
    deadlift = parse_weekday(form.deadlift_day) if form.deadlift_day else defaults.deadlift_day
    if not form.deadlift_day and defaults.deadlift_note:
        notes.append(defaults.deadlift_note)
    request = PlanRequest(
        goal=parse_goal(form.goal or defaults.goal or "hypertrophy"),
        weeks=form.weeks,
        days_per_week=per_week,
        start_rung=start,
        max_rung=gate.ceiling if gate.exercise else 0,
        loading_allowed=gate.load,
        e1rm_kg=e1rm_kg,
        equipment=_equipment(units, form.bar, defaults),
        periodisation=parse_periodisation(form.periodisation),
        deload_every_weeks=form.deload_every or None,
        deadlift_day=deadlift,
        on_shift=on_shift,
        shift_days=shifts,
        training_days=days,
        considerations=tuple(consider),
        flags=tuple(flags),
        reasons=tuple(reasons),
        cues=tuple(cues),
        bodyweight_kg=defaults.injuries.bodyweight_kg,
        abdomen_weeks_cleared=defaults.injuries.abdomen_weeks_cleared,
        load_ceilings=_ceilings(form, found, defaults),
    )
    return request, tuple(notes)


def _ceilings(
    form: PlanForm, found: dict[str, Any] | None, defaults: PlanDefaults
) -> tuple[LoadCeiling, ...]:
    """The clinicians' load ceilings: those of the assessment given with the form when it
    holds its answers, else those of the athlete's assessment."""
    if form.assessment is not None and found is not None and isinstance(found.get("answers"), dict):
        return load_ceilings(assess(parse_answers(found["answers"], "assessment")))
    return defaults.injuries.load_ceilings


def _plan_gate(
    form: PlanForm, standing: Standing, notes: list[str]
) -> tuple[Clearance, int, dict[str, Any] | None]:
    """The loading gate, the placed rung and the assessment summary a plan is written from:
    the athlete's standing, or the assessment given with the form."""
    stored = standing.assessment
    if form.assessment is None:
        return standing.clearance, standing.rung, None if stored is None else stored.to_json()
    given = form.assessment
    if isinstance(given.get("answers"), dict):
        result = assess(parse_answers(given, "assessment"))
        gate, start, summary = clearance(result), result.start_rung, result.to_json()
    else:
        ceiling, load = int(given["max_rung"]), bool(given["loading_allowed"])
        exercise = ceiling >= 1
        gate = Clearance(
            True,
            exercise,
            load and exercise,
            ceiling if load else min(ceiling, FIRST_LOADED_RUNG - 1),
            tuple(given.get("reasons", ())) if not load else (),
        )
        start, summary = int(given["start_rung"]), given
    if stored is not None:
        notes.append(
            f"The assessment you gave replaces the one on record "
            f"({stored.taken_on.isoformat()}) for this plan."
        )
    return gate, start, summary


def _equipment(units: Units, bar: str | None, defaults: PlanDefaults) -> LoadEquipment:
    """The athlete's equipment when it is in ``units``, else the default gym; ``bar`` replaces
    the bar (``"20kg"``, ``"45lb"``, or a bare number in ``units``)."""
    own = defaults.equipment
    base = own if own.units == units else default_equipment(units)
    if bar is None:
        return base
    return replace(base, bar=round(from_kg(parse_mass(bar, units), units), 3))


def write_plan(
    session: Session, actor: Actor, athlete_id: int, form: PlanForm, now: datetime
) -> WrittenPlan:
    """Build the plan and, unless ``form.save`` is False, keep it as the active one; a rung
    the person chose is kept as the athlete's chosen rung."""
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
    local = now.astimezone(athlete.zone)
    standing = standing_of(session, athlete, local.date())
    request, notes = plan_request(form, plan_defaults(session, athlete, local), standing)
    plan = build_plan(request)
    if not form.save:
        return WrittenPlan(athlete, None, plan, notes)
    chosen = None if form.rung is None or plan.refused else plan.rung
    kept, stored = remember_plan(session, athlete, request, plan, now, chosen_rung=chosen)
    return WrittenPlan(kept, stored, plan, notes)


# --------------------------------------------------------------------------- training


def next_for(
    session: Session, actor: Actor, athlete_id: int, now: datetime, day: date | None = None
) -> NextSession:
    """The next session from everything logged up to ``day`` (default: today where the
    athlete lives): ``hipthrust next``. It only reads."""
    athlete = athlete_for(session, actor, athlete_id)
    return next_session(session, athlete, now=now, day=day)


def today_of(session: Session, actor: Actor, athlete_id: int, now: datetime) -> Today:
    """Today's session as ``hipthrust next`` decides it, from the sets before today (the
    prescription stays the same while the day's sets are logged), and the sets logged so far
    today. It only reads."""
    athlete = athlete_for(session, actor, athlete_id)
    local = now.astimezone(athlete.zone)
    start = datetime.combine(local.date(), time(0, 0), local.tzinfo)
    decided = next_session(session, athlete, now=local, until=start)
    logged = history_of(session, athlete, now=local, since=local.date().isoformat(), limit=1)
    return Today(decided, logged, latest_assessment(session, athlete.id) is not None)


def log_set_for(
    session: Session,
    actor: Actor,
    athlete_id: int,
    entry: SetEntry,
    now: datetime,
    source: str = "web",
) -> LoggedSets:
    """Log the set(s) an entry describes, as they happened (``source``: cli, web), and warn
    when they went past what the screening clears or above the athlete's rung without its
    gate: the log keeps them, the rung does not move for them (``coaching.placement``)."""
    athlete = athlete_for(session, actor, athlete_id)
    local = now.astimezone(athlete.zone)
    logged = log_sets(session, athlete, entry, local, source=source)
    return replace(logged, advice=(*logged.advice, *_log_warnings(session, athlete, logged, local)))


def _log_warnings(
    session: Session, athlete: Athlete, logged: LoggedSets, now: datetime
) -> tuple[str, ...]:
    record = logged.records[0]
    rungs = [number for number in logged.variation.rungs if number > 0]
    if record.warmup or not rungs:
        return ()
    standing = standing_of(session, athlete, now.date())
    warnings: list[str] = []
    gate = standing.clearance
    if any(LADDER[number].loaded for number in rungs) and min(rungs) >= FIRST_LOADED_RUNG:
        if not gate.load and gate.screened:
            warnings.append(
                f"Logged as it happened, but loading is not cleared: {gate.why_no_load}"
            )
        elif not gate.screened:
            warnings.append(SCREENING_NEEDED)
    above = standing.placement.above_gate
    if above is not None and min(rungs) > standing.rung:
        warnings.append(above)
    return tuple(warnings)


def sets_of(
    session: Session,
    actor: Actor,
    athlete_id: int,
    now: datetime,
    *,
    since: str | None = None,
    limit: int | None = 20,
    exercise: str | None = None,
    units: str | None = None,
) -> History:
    """The log by day, check-ins alongside (``hipthrust history``)."""
    athlete = athlete_for(session, actor, athlete_id)
    local = now.astimezone(athlete.zone)
    return history_of(
        session, athlete, now=local, since=since, limit=limit, exercise=exercise, units=units
    )


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
    units: str | None = None,
) -> CheckedIn:
    """The day's check-in (``hipthrust checkin``)."""
    athlete = athlete_for(session, actor, athlete_id)
    local = now.astimezone(athlete.zone)
    return check_in(
        session,
        athlete,
        now=local,
        pain=pain,
        bodyweight=bodyweight,
        notes=notes,
        day=day,
        units=units,
    )


def progress_of(
    session: Session, actor: Actor, athlete_id: int, now: datetime, weeks: int | None = None
) -> tuple[Athlete, Progress]:
    """e1RM, volume and pain per session and week (``hipthrust progress``), calendar days in
    the athlete's time zone."""
    athlete = athlete_for(session, actor, athlete_id)
    zone = athlete.zone
    records = tuple(_local(record, zone) for record in stored_history(session, athlete.id))
    today = now.astimezone(zone).date()
    return athlete, progress(records, checkins(session, athlete.id), today, weeks=weeks)


def _local(record: SetRecord, zone: tzinfo | None) -> SetRecord:
    return replace(record, performed_at=record.performed_at.astimezone(zone))


def _positive_mass(text: str, units: Units, what: str) -> float:
    if text.strip().startswith("-"):
        raise InputError(f"the {what} cannot be negative: {text.strip()!r}")
    return parse_mass(text, units)


# --------------------------------------------------------------------------- data in and out


def import_for(
    session: Session,
    actor: Actor,
    athlete_id: int,
    path: Path,
    *,
    format: str | None = None,
    units_hint: str | None = None,
    tz: str = "UTC",
    dry_run: bool = False,
    on_progress: ProgressCallback | None = None,
    name: str | None = None,
) -> tuple[Athlete, ImportReport]:
    """Import a Strong, Hevy or Liftosaur export, or restore a hipthrust backup, into the
    athlete's log, all or nothing (``hipthrust import``); bare masses in ``units_hint``,
    default the athlete's units; ``tz`` the zone of the file's times; ``name`` the file's
    name in messages."""
    athlete = athlete_for(session, actor, athlete_id)
    report = import_file(
        session,
        athlete.id,
        path,
        format=format,
        units_hint=units_hint or athlete.units,
        tz=tz,
        dry_run=dry_run,
        on_progress=on_progress,
        name=name,
    )
    return athlete, report


def log_export_for(
    session: Session, actor: Actor, athlete_id: int, kind: str, now: datetime, units: Units | None
) -> tuple[Athlete, str, int]:
    """The athlete's log as ``kind`` (csv or json) text, and how many sets it holds."""
    athlete = athlete_for(session, actor, athlete_id)
    if kind == "csv":
        text = log_csv(session, athlete, units)
        return athlete, text, text.count("\r\n") - 1
    data = log_json(session, athlete, exported_at=now)
    return athlete, json.dumps(data, indent=2, ensure_ascii=False) + "\n", len(data["sets"])


def plan_export_for(
    session: Session,
    actor: Actor,
    athlete_id: int,
    kind: str,
    *,
    start: date,
    now: datetime,
    units: Units | None,
    reminder: time | None = DEFAULT_REMINDER,
) -> tuple[Athlete, str | bytes]:
    """The active plan as a calendar (``ics``, each session with an alarm at ``reminder`` on
    its day) or the printable handout (``pdf``)."""
    athlete = athlete_for(session, actor, athlete_id)
    if kind == "ics":
        ics = plan_ics(session, athlete, start=start, stamp=now, units=units, reminder=reminder)
        return athlete, ics
    handout = plan_handout_for(session, actor, athlete_id, now=now, start=start, units=units)
    return athlete, handout.pdf


def readers_questions(question_id: str | None = None) -> tuple[Answer, ...]:
    """Seed 003's readers' questions and the method's answers (every one, or one by id):
    the same list for the questions page, its JSON twin and ``hipthrust questions``. Anyone
    may read them, signed in or not."""
    if question_id is None:
        return QUESTIONS
    return (answer_for(question_id),)


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class AthleteSettings:
    """What an athlete (or their coach) sets on the settings page; None keeps the stored value.

    The rung and whether loading is allowed are not here: the screening and the log decide
    them (a coach or the CLI chooses a rung through the plan)."""

    units: str | None = None
    goal: str | None = None
    training_days: str | None = None  # "mon,thu"; "none" clears
    time_zone: str | None = None  # an IANA name; "" clears (UTC)
    bar: str | None = None
    plates: str | None = None
    barbell: bool | None = None
    bench: bool | None = None
    bands: bool | None = None
    machine: bool | None = None
    on_shift: bool | None = None
    shift_days: str | None = None  # "none" clears
    deadlift_day: str | None = None  # "none" clears


def change_settings(
    session: Session, actor: Actor, athlete_id: int, settings: AthleteSettings
) -> Athlete:
    """Change the athlete's settings (``hipthrust athletes set``): what is given replaces what
    is stored; the next plan and Today use them."""
    athlete = athlete_for(session, actor, athlete_id)
    changes = ProfileChanges(
        units=settings.units,
        goal=settings.goal,
        training_days=settings.training_days,
        time_zone=settings.time_zone,
        bar=settings.bar,
        plates=settings.plates,
        barbell=settings.barbell,
        bench=settings.bench,
        bands=settings.bands,
        machine=settings.machine,
        on_shift=settings.on_shift,
        shift_days=settings.shift_days,
        deadlift_day=settings.deadlift_day,
    )
    return change_athlete(session, athlete.name, changes)
