"""Athletes: who is being coached, and the profile their plan needs (domain.md §6, per user)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipthrust.coaching.goals import Goal
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.units import Units
from hipthrust.coaching.week import WEEKDAYS
from hipthrust.errors import InputError
from hipthrust.store.models import AthleteRow, UserRow

__all__ = [
    "DEFAULT_ATHLETE",
    "WEEKDAYS",
    "Athlete",
    "AthleteProfile",
    "athlete_by_id",
    "create_athlete",
    "ensure_default_athlete",
    "get_athlete",
    "list_athletes",
    "resolve_athlete",
    "update_athlete",
    "zone_of",
]

# The athlete a new database starts with, so one person training alone needs no setup.
DEFAULT_ATHLETE = "me"
_MAX_NAME = 80


@dataclass(frozen=True)
class AthleteProfile:
    """What can be set about an athlete; checked on creation.

    ``equipment`` (bar, plates, bench ...), ``shift_schedule`` and ``clearances`` are free-form
    JSON objects owned by the layers that read them; ``training_days`` and ``deadlift_day``
    are weekday names from ``WEEKDAYS``.
    """

    name: str
    units: Units = "kg"
    equipment: dict[str, Any] = field(default_factory=dict)
    goal: str | None = None
    training_days: tuple[str, ...] = ()
    deadlift_day: str | None = None
    on_shift: bool = False
    shift_schedule: dict[str, Any] = field(default_factory=dict)
    clearances: dict[str, Any] = field(default_factory=dict)
    current_rung: int | None = None  # a rung chosen by the athlete or a coach
    rung_chosen_at: datetime | None = None  # when it was chosen
    loading_allowed: bool = False
    notes: str = ""
    time_zone: str | None = None  # IANA name, e.g. "America/New_York"; None: UTC
    # The name people see on the web when it is not ``name`` (which is unique in the log):
    # a web account's own name, shared by as many people as are called that.
    display_name: str | None = None

    def __post_init__(self) -> None:
        if not self.name.strip() or self.name != self.name.strip():
            raise InputError(f"an athlete's name cannot be blank or padded: {self.name!r}")
        if len(self.name) > _MAX_NAME:
            raise InputError(f"an athlete's name has at most {_MAX_NAME} characters")
        shown = self.display_name
        if shown is not None and (not shown.strip() or len(shown) > _MAX_NAME):
            raise InputError(f"a shown name has 1 to {_MAX_NAME} characters, not {shown!r}")
        if self.units not in ("kg", "lb"):
            raise InputError(f"unknown unit {self.units!r}: use kg or lb")
        if self.goal is not None and self.goal not in {goal.value for goal in Goal}:
            raise InputError(f"unknown goal {self.goal!r}: use one of {', '.join(Goal)}")
        for day in (*self.training_days, self.deadlift_day):
            if day is not None and day not in WEEKDAYS:
                raise InputError(f"unknown weekday {day!r}: use one of {', '.join(WEEKDAYS)}")
        if self.current_rung is not None and not 0 <= self.current_rung < len(LADDER):
            raise InputError(f"rung must be from 0 to {len(LADDER) - 1}, not {self.current_rung}")
        if self.time_zone is not None:
            zone_of(self.time_zone)

    @property
    def zone(self) -> tzinfo:
        """The athlete's time zone: their calendar days are days there."""
        return UTC if self.time_zone is None else zone_of(self.time_zone)


def zone_of(name: str) -> tzinfo:
    """The IANA time zone ``name``, or InputError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/London"
        ) from None


@dataclass(frozen=True, kw_only=True)
class Athlete(AthleteProfile):
    """A stored athlete: the profile plus its id and when it was created."""

    id: int
    created_at: datetime

    @property
    def shown_name(self) -> str:
        """The name to show people: the display name, else the log's name."""
        return self.display_name or self.name


def create_athlete(session: Session, profile: AthleteProfile) -> Athlete:
    _refuse_taken_name(session, profile.name)
    row = AthleteRow(**_profile_columns(profile))
    session.add(row)
    session.flush()
    return _athlete(row)


def update_athlete(session: Session, athlete_id: int, profile: AthleteProfile) -> Athlete:
    """Replace an athlete's profile; e.g. ``update_athlete(s, a.id, replace(a, units="lb"))``.
    A ``display_name`` of None leaves the stored one."""
    row = session.get(AthleteRow, athlete_id)
    if row is None:
        raise InputError(f"there is no athlete with id {athlete_id}")
    if profile.name != row.name:
        _refuse_taken_name(session, profile.name)
    columns = _profile_columns(profile)
    if profile.display_name is None:  # a profile rebuilt without it keeps the shown name
        del columns["display_name"]
    for column, value in columns.items():
        setattr(row, column, value)
    session.flush()
    return _athlete(row)


def athlete_by_id(session: Session, athlete_id: int) -> Athlete | None:
    row = session.get(AthleteRow, athlete_id)
    return None if row is None else _athlete(row)


def get_athlete(session: Session, name: str) -> Athlete | None:
    row = session.scalars(select(AthleteRow).where(AthleteRow.name == name)).one_or_none()
    return None if row is None else _athlete(row)


def list_athletes(session: Session) -> tuple[Athlete, ...]:
    rows = session.scalars(select(AthleteRow).order_by(AthleteRow.name))
    return tuple(_athlete(row) for row in rows)


def resolve_athlete(session: Session, name: str | None) -> Athlete:
    """The named athlete; with no name, the only athlete of the command line.

    The command line's athletes are those no web account owns (``me``, and those added with
    ``hipthrust athletes add``): people who sign up on the web get their own logs, which the
    command line never picks unless named, so ``hipthrust next`` keeps meaning ``me`` after
    web sign-ups [design]. Several athletes of the command line need a name (``--athlete``
    or ``HIPTHRUST_ATHLETE``, which the commands read).
    """
    athletes = list_athletes(session)
    names = ", ".join(athlete.name for athlete in athletes)
    if name is not None:
        for athlete in athletes:
            if athlete.name == name:
                return athlete
        raise InputError(f"there is no athlete named {name!r} (one of: {names})")
    if len(athletes) == 1:
        return athletes[0]
    if not athletes:
        raise InputError("there is no athlete yet: add one first")
    owned = set(session.scalars(select(UserRow.athlete_id).where(UserRow.athlete_id.is_not(None))))
    local = [athlete for athlete in athletes if athlete.id not in owned]
    if len(local) == 1:
        return local[0]
    raise InputError(
        f"several athletes: pass --athlete NAME or set HIPTHRUST_ATHLETE (one of: {names})"
    )


def ensure_default_athlete(session: Session) -> None:
    """Create the athlete ``"me"`` when there is none at all (a new database)."""
    if session.scalars(select(AthleteRow.id).limit(1)).first() is None:
        create_athlete(session, AthleteProfile(name=DEFAULT_ATHLETE))


def _refuse_taken_name(session: Session, name: str) -> None:
    if session.scalars(select(AthleteRow.id).where(AthleteRow.name == name)).first() is not None:
        raise InputError(f"an athlete named {name!r} already exists")


def _profile_columns(profile: AthleteProfile) -> dict[str, Any]:
    return {
        "name": profile.name,
        "units": profile.units,
        "equipment": dict(profile.equipment),
        "goal": profile.goal,
        "training_days": list(profile.training_days),
        "deadlift_day": profile.deadlift_day,
        "on_shift": profile.on_shift,
        "shift_schedule": dict(profile.shift_schedule),
        "clearances": dict(profile.clearances),
        "current_rung": profile.current_rung,
        "rung_chosen_at": profile.rung_chosen_at,
        "loading_allowed": profile.loading_allowed,
        "notes": profile.notes,
        "time_zone": profile.time_zone,
        "display_name": profile.display_name,
    }


def _athlete(row: AthleteRow) -> Athlete:
    units: Units = "lb" if row.units == "lb" else "kg"
    return Athlete(
        id=row.id,
        created_at=row.created_at,
        name=row.name,
        units=units,
        equipment=dict(row.equipment),
        goal=row.goal,
        training_days=tuple(row.training_days),
        deadlift_day=row.deadlift_day,
        on_shift=row.on_shift,
        shift_schedule=dict(row.shift_schedule),
        clearances=dict(row.clearances),
        current_rung=row.current_rung,
        rung_chosen_at=row.rung_chosen_at,
        loading_allowed=row.loading_allowed,
        notes=row.notes,
        time_zone=row.time_zone,
        display_name=row.display_name,
    )
