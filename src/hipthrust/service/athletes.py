"""Athletes and what is remembered about them (domain.md §6, per user).

Profile use cases over the store: add an athlete, change the profile, record a clinician's
clearance, list athletes with their training so far. Equipment lives in the profile as a small
JSON object in its own units (``{"units": "lb", "bar": 45, "plates": [45, 25, 10, 5, 2.5]}``);
``equipment_of`` turns it into ``coaching.loads.Equipment`` (the default gym of the athlete's
units when nothing is stored).

Assessments are remembered too: ``remember_assessment`` stores one and sets the current rung
and loading from it; ``current_assessment`` reads the latest one *as of today*: the weeks
since a surgery have moved on, and clearances recorded since count as given, so a clearance
or the passing of an early window changes what is allowed without a new assessment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from hipthrust.coaching.assessment import Answers, assess
from hipthrust.coaching.assessment import Assessment as AssessmentResult
from hipthrust.coaching.goals import parse_goal
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.loads import Equipment, default_equipment
from hipthrust.coaching.screening import (
    CONDITION_DESCRIPTIONS,
    DEFAULT_SCREENING_RULES,
    Condition,
    ConditionKind,
)
from hipthrust.coaching.units import Units, from_kg, parse_mass, parse_units
from hipthrust.coaching.week import parse_weekday, parse_weekdays
from hipthrust.errors import InputError, Phrase
from hipthrust.service.assessment_io import parse_answers
from hipthrust.store import Assessment as StoredAssessment
from hipthrust.store import (
    Athlete,
    AthleteProfile,
    add_assessment,
    create_athlete,
    get_athlete,
    latest_assessment,
    list_athletes,
    logged_sets,
    update_athlete,
)
from hipthrust.store.athletes import zone_of

__all__ = [
    "CLEARANCE_KINDS",
    "AthleteSummary",
    "Clearance",
    "CurrentAssessment",
    "ProfileChanges",
    "add_athlete",
    "assessment_as_of",
    "athlete_summaries",
    "change_athlete",
    "current_assessment",
    "equipment_of",
    "profile_json",
    "record_clearance",
    "remember_assessment",
]

# The conditions a clinician clears (the screening rules that ask for clearance).
CLEARANCE_KINDS: tuple[str, ...] = tuple(
    rule.kind.value for rule in DEFAULT_SCREENING_RULES.conditions if rule.needs_clearance
)
_NONE = ("none", "-", "")
_EQUIPMENT_FLAGS = ("has_barbell", "has_bench", "has_bands", "has_machine")


@dataclass(frozen=True)
class ProfileChanges:
    """What a person typed to set up or change a profile; None leaves a value as it is.

    Masses and plate sizes are text as typed (``"20kg"``, ``"25,20,10"``; bare numbers are in
    the athlete's units). ``training_days`` and ``deadlift_day`` take ``"none"`` to clear.
    """

    units: str | None = None
    goal: str | None = None
    training_days: str | None = None
    deadlift_day: str | None = None
    on_shift: bool | None = None
    shift_days: str | None = None
    bar: str | None = None
    plates: str | None = None
    dumbbells: str | None = None
    barbell: bool | None = None
    bench: bool | None = None
    bands: bool | None = None
    machine: bool | None = None
    rung: int | None = None
    loading_allowed: bool | None = None
    notes: str | None = None
    rename: str | None = None
    time_zone: str | None = None  # an IANA name; "" or "none" clears it (UTC)

    @property
    def touches_equipment(self) -> bool:
        return any(
            value is not None
            for value in (
                self.bar,
                self.plates,
                self.dumbbells,
                self.barbell,
                self.bench,
                self.bands,
                self.machine,
            )
        )


@dataclass(frozen=True)
class AthleteSummary:
    """One row of ``hipthrust athletes``."""

    athlete: Athlete
    sets_logged: int
    last_session: date | None

    def to_json(self) -> dict[str, Any]:
        return {
            **profile_json(self.athlete),
            "sets_logged": self.sets_logged,
            "last_session": None if self.last_session is None else self.last_session.isoformat(),
        }


@dataclass(frozen=True)
class Clearance:
    """The answer to recording a clearance: the athlete and what it changed, said plainly."""

    athlete: Athlete
    condition: str
    on: date
    effect: str


@dataclass(frozen=True)
class CurrentAssessment:
    """The latest stored assessment, read again as of ``today``.

    ``result`` is the assessment of the stored answers with the weeks since each condition
    moved on to ``today`` and the recorded clearances applied; ``adjusted`` says, in
    sentences, what was changed (empty when nothing was).
    """

    stored: StoredAssessment
    today: date
    result: AssessmentResult
    adjusted: tuple[str, ...]

    @property
    def taken_on(self) -> date:
        return self.stored.taken_at.date()

    def to_json(self) -> dict[str, Any]:
        return {
            **self.result.to_json(),
            "taken_at": self.stored.taken_at.isoformat(),
            "adjusted": list(self.adjusted),
        }


# --------------------------------------------------------------------------- profile


def profile_json(athlete: Athlete) -> dict[str, Any]:
    """The stored profile as JSON (equipment as the loads it makes, in its own units)."""
    equipment = equipment_of(athlete)
    return {
        "name": athlete.name,
        "units": athlete.units,
        "goal": athlete.goal,
        "current_rung": athlete.current_rung,
        "loading_allowed": athlete.loading_allowed,
        "training_days": list(athlete.training_days),
        "deadlift_day": athlete.deadlift_day,
        "on_shift": athlete.on_shift,
        "shift_days": list(_shift_days(athlete)),
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
        "clearances": dict(athlete.clearances),
        "notes": athlete.notes,
        "time_zone": athlete.time_zone,
    }


def add_athlete(session: Session, name: str, changes: ProfileChanges) -> Athlete:
    """Create an athlete from a name and the profile typed (``rename`` is not used here)."""
    if changes.rename is not None:
        raise InputError("a new athlete has no old name to change: give the name only")
    base = AthleteProfile(name=name.strip() or name)
    return create_athlete(session, _changed(base, changes))


def change_athlete(session: Session, name: str, changes: ProfileChanges) -> Athlete:
    """Change the named athlete's profile; every value left None stays as stored."""
    athlete = _named(session, name)
    profile = _changed(athlete, changes)
    if changes.rename is not None:
        profile = replace(profile, name=changes.rename.strip() or changes.rename)
    return update_athlete(session, athlete.id, _as_profile(profile))


def athlete_summaries(session: Session) -> tuple[AthleteSummary, ...]:
    """Every athlete, by name, with how many sets they logged and their last training day."""
    rows: list[AthleteSummary] = []
    for athlete in list_athletes(session):
        sets = logged_sets(session, athlete.id)
        last = sets[-1].record.performed_at.date() if sets else None
        rows.append(AthleteSummary(athlete, len(sets), last))
    return tuple(rows)


def equipment_of(athlete: Athlete) -> Equipment:
    """The athlete's equipment; the default kg or lb gym when none is stored."""
    return _equipment(athlete.equipment, athlete.units, athlete.name)


def _equipment(data: Mapping[str, Any], units: Units, name: str) -> Equipment:
    if not data:
        return default_equipment(units)
    try:
        own: Units = parse_units(str(data.get("units", units)))
        base = default_equipment(own)
        return Equipment(
            units=own,
            bar=float(data.get("bar", base.bar)),
            plates=tuple(float(size) for size in data.get("plates", base.plates)),
            dumbbells=tuple(float(size) for size in data.get("dumbbells", ())),
            **{flag: bool(data.get(flag, getattr(base, flag))) for flag in _EQUIPMENT_FLAGS},
        )
    except (TypeError, ValueError) as error:
        broken = f"the equipment of {name!r} cannot be used ({error})"
        raise InputError(
            Phrase(
                f"{broken}: set the bar and the plates again",
                cli=f"{broken}: set it again with hipthrust athletes set {name} --bar ... "
                "--plates ...",
            )
        ) from None


def _named(session: Session, name: str) -> Athlete:
    athlete = get_athlete(session, name)
    if athlete is None:
        names = ", ".join(item.name for item in list_athletes(session))
        raise InputError(f"there is no athlete named {name!r} (one of: {names})")
    return athlete


def _as_profile(profile: AthleteProfile) -> AthleteProfile:
    """The plain profile part of a stored athlete (for ``update_athlete``)."""
    return AthleteProfile(
        name=profile.name,
        units=profile.units,
        equipment=profile.equipment,
        goal=profile.goal,
        training_days=profile.training_days,
        deadlift_day=profile.deadlift_day,
        on_shift=profile.on_shift,
        shift_schedule=profile.shift_schedule,
        clearances=profile.clearances,
        current_rung=profile.current_rung,
        rung_chosen_at=profile.rung_chosen_at,
        loading_allowed=profile.loading_allowed,
        notes=profile.notes,
        time_zone=profile.time_zone,
    )


def _changed(profile: AthleteProfile, changes: ProfileChanges) -> AthleteProfile:
    units: Units = parse_units(changes.units) if changes.units is not None else profile.units
    updates: dict[str, Any] = {"units": units}
    if changes.goal is not None:
        updates["goal"] = parse_goal(changes.goal).value
    if changes.training_days is not None:
        text = changes.training_days.strip().lower()
        updates["training_days"] = () if text in _NONE else parse_weekdays(text)
        if len(updates["training_days"]) > 3:
            raise InputError("at most 3 hip-thrust days a week (seed 001: 1-3)")
    if changes.deadlift_day is not None:
        text = changes.deadlift_day.strip().lower()
        updates["deadlift_day"] = None if text in _NONE else parse_weekday(text)
    if changes.on_shift is not None:
        updates["on_shift"] = changes.on_shift
    if changes.shift_days is not None:
        text = changes.shift_days.strip().lower()
        days = () if text in _NONE else parse_weekdays(text)
        updates["shift_schedule"] = {**profile.shift_schedule, "days": list(days)}
        if days and changes.on_shift is None:
            updates["on_shift"] = True
    if changes.rung is not None:
        if not 0 <= changes.rung < len(LADDER):
            raise InputError(f"rung must be from 0 to {len(LADDER) - 1}, not {changes.rung}")
        updates["current_rung"] = changes.rung
        updates["rung_chosen_at"] = datetime.now(UTC)  # a rung chosen is an act with a time
    if changes.loading_allowed is not None:
        updates["loading_allowed"] = changes.loading_allowed
    if changes.notes is not None:
        updates["notes"] = changes.notes
    if changes.time_zone is not None:
        zone = changes.time_zone.strip()
        if zone.lower() in _NONE or not zone:
            updates["time_zone"] = None
        else:
            zone_of(zone)
            updates["time_zone"] = zone
    if changes.touches_equipment:
        updates["equipment"] = _equipment_json(profile, units, changes)
    return replace(profile, **updates)


def _equipment_json(
    profile: AthleteProfile, units: Units, changes: ProfileChanges
) -> dict[str, Any]:
    """The equipment with the typed changes, in the athlete's units.

    Stored sizes in the other unit are not converted (a 20 kg plate is not a 44.09 lb plate):
    what is not typed again falls back to the default gym of the new units.
    """
    stored = dict(profile.equipment)
    if stored and stored.get("units", profile.units) != units:
        stored = {key: value for key, value in stored.items() if key in _EQUIPMENT_FLAGS}
    data: dict[str, Any] = {**stored, "units": units}
    if changes.bar is not None:
        data["bar"] = round(from_kg(_mass(changes.bar, units, "bar"), units), 3)
    if changes.plates is not None:
        data["plates"] = list(_sizes(changes.plates, "plate"))
    if changes.dumbbells is not None:
        text = changes.dumbbells.strip().lower()
        data["dumbbells"] = [] if text in _NONE else list(_sizes(text, "dumbbell"))
    for flag, value in (
        ("has_barbell", changes.barbell),
        ("has_bench", changes.bench),
        ("has_bands", changes.bands),
        ("has_machine", changes.machine),
    ):
        if value is not None:
            data[flag] = value
    _equipment(data, units, profile.name)  # refuse what cannot be a gym now, not later
    return data


def _mass(text: str, units: Units, what: str) -> float:
    if text.strip().startswith("-"):
        raise InputError(f"the {what} weight cannot be negative: {text.strip()!r}")
    return parse_mass(text, units)


def _sizes(text: str, what: str) -> tuple[float, ...]:
    sizes: list[float] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            size = float(part)
        except ValueError:
            raise InputError(
                f"cannot read {what} size {part!r}: write sizes like 25,20,10,5 in your units"
            ) from None
        if size <= 0:
            raise InputError(f"a {what} size must be above 0, not {part}")
        sizes.append(size)
    if not sizes:
        raise InputError(f"no {what} sizes given: write them like 25,20,10,5")
    return tuple(sorted(set(sizes), reverse=True))


def _shift_days(athlete: AthleteProfile) -> tuple[str, ...]:
    days = athlete.shift_schedule.get("days", [])
    return tuple(str(day) for day in days) if isinstance(days, list) else ()


# --------------------------------------------------------------------------- clearances


def record_clearance(
    session: Session, name: str, condition: str, on: date, today: date
) -> Clearance:
    """Record that a clinician cleared ``name`` for loaded training after ``condition``.

    The latest assessment is read again with it, and the athlete's loading permission (and
    the current rung, when the assessment has to lower it) follow.
    """
    kind = condition.strip().lower().replace("-", "_").replace(" ", "_")
    if kind not in CLEARANCE_KINDS:
        raise InputError(
            f"{condition!r} is not a condition a clinician clears: use one of "
            f"{', '.join(CLEARANCE_KINDS)}"
        )
    if on > today:
        raise InputError(f"{on.isoformat()} is in the future: record a clearance once given")
    athlete = _named(session, name)
    athlete = update_athlete(
        session,
        athlete.id,
        _as_profile(replace(athlete, clearances={**athlete.clearances, kind: on.isoformat()})),
    )
    current = current_assessment(session, athlete, today)
    what = CONDITION_DESCRIPTIONS[ConditionKind(kind)]
    if current is None:
        effect = (
            f"Recorded the clearance after the {what} on {on.isoformat()}. There is no "
            "assessment on record yet: hipthrust assess takes it into account."
        )
        return Clearance(athlete, kind, on, effect)
    # Nothing trained since the assessment: it starts over as if the clearance had been given
    # then; otherwise the gates go on from the current rung.
    fresh = not logged_sets(session, athlete.id, since=current.stored.taken_at)
    athlete = _follow_assessment(session, athlete, current, reset_rung=fresh)
    loading = "loading is allowed" if current.result.loading_allowed else "loading is not allowed"
    effect = (
        f"Recorded the clearance after the {what} on {on.isoformat()}. With it, the assessment "
        f"of {current.taken_on.isoformat()} allows rungs up to {current.result.max_rung} and "
        f"{loading}; its start rung is {current.result.start_rung}."
    )
    return Clearance(athlete, kind, on, effect)


# --------------------------------------------------------------------------- assessments


def remember_assessment(
    session: Session, athlete: Athlete, result: AssessmentResult, now: datetime
) -> tuple[Athlete, CurrentAssessment]:
    """Store an assessment; the athlete restarts at its start rung with its loading limit.

    Clearances already recorded for the athlete count (see ``current_assessment``).
    """
    add_assessment(
        session,
        athlete.id,
        taken_at=now,
        answers=result.answers.to_json(),
        result=result.to_json(),
        start_rung=result.start_rung,
    )
    current = current_assessment(session, athlete, now.date())
    assert current is not None, "the assessment was just stored"
    # Only a bridge test places the athlete: a screening alone leaves a chosen rung in force.
    placed = result.answers.bridge_test is not None
    return _follow_assessment(session, athlete, current, reset_rung=placed), current


def current_assessment(session: Session, athlete: Athlete, today: date) -> CurrentAssessment | None:
    """The latest assessment as it stands ``today`` (None when there is none).

    Each condition's ``weeks_ago`` grows by the whole weeks since the assessment, and a
    condition counts as cleared when a clearance for its kind is recorded (and dated after
    the surgery, when its date is known). The assessment is then run again on those answers.
    """
    stored = latest_assessment(session, athlete.id)
    return None if stored is None else assessment_as_of(athlete, stored, today)


def assessment_as_of(athlete: Athlete, stored: StoredAssessment, today: date) -> CurrentAssessment:
    """``stored`` (the athlete's latest assessment) read again as of ``today``: see
    ``current_assessment``; for callers that read many athletes' assessments at once."""
    answers = parse_answers(stored.answers, "the stored assessment")
    taken_on = stored.taken_at.date()
    weeks = max(0, (today - taken_on).days // 7)
    adjusted: list[str] = []
    conditions: list[Condition] = []
    for condition in answers.conditions:
        weeks_ago = condition.weeks_ago
        if weeks_ago is not None and weeks:
            weeks_ago = min(weeks_ago + weeks, 5200.0)
        cleared = condition.cleared or _cleared_by_record(athlete.clearances, condition, taken_on)
        if cleared and not condition.cleared:
            adjusted.append(
                f"Cleared after the {CONDITION_DESCRIPTIONS[condition.kind]} on "
                f"{athlete.clearances[condition.kind.value]}."
            )
        conditions.append(replace(condition, weeks_ago=weeks_ago, cleared=cleared))
    if weeks and any(c.weeks_ago is not None for c in answers.conditions):
        adjusted.append(f"{weeks} week(s) have passed since the assessment.")
    result = assess(_with_conditions(answers, tuple(conditions)))
    return CurrentAssessment(stored, today, result, tuple(adjusted))


def _with_conditions(answers: Answers, conditions: tuple[Condition, ...]) -> Answers:
    return replace(answers, conditions=conditions)


def _cleared_by_record(clearances: Mapping[str, Any], condition: Condition, taken_on: date) -> bool:
    recorded = clearances.get(condition.kind.value)
    if not isinstance(recorded, str):
        return False
    try:
        on = date.fromisoformat(recorded)
    except ValueError:
        return False
    if condition.weeks_ago is None:
        return True
    since = taken_on - timedelta(weeks=condition.weeks_ago)
    return on >= since


def _follow_assessment(
    session: Session, athlete: Athlete, current: CurrentAssessment, *, reset_rung: bool
) -> Athlete:
    """Keep the assessment's loading limit on the profile; with ``reset_rung``, a rung chosen
    before it gives way to the assessment's start (``coaching.placement`` reads it)."""
    profile = replace(_as_profile(athlete), loading_allowed=current.result.loading_allowed)
    if reset_rung:
        profile = replace(profile, current_rung=None, rung_chosen_at=None)
    return update_athlete(session, athlete.id, profile)
