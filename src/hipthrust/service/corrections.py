"""Fixing a mistake: editing and deleting a logged set or check-in, undo right after logging,
and the record of every change (who, when, what it was). The decision, the rung and the
alerts follow the corrected log, since they are read from it each time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hipthrust.coaching.catalogue import display_name
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.coaching.units import Units, format_mass, parse_mass
from hipthrust.errors import InputError
from hipthrust.service.accounts import Actor, athlete_for
from hipthrust.service.set_entry import load_in, performed_when, read_day
from hipthrust.service.training import (
    set_json,
)
from hipthrust.store import (
    Athlete,
    LoggedSet,
    checkin_on,
)
from hipthrust.store.changes import (
    Change,
    Changer,
    change_checkin,
    change_set,
    logged_set_of,
    remove_checkin,
    remove_set,
)
from hipthrust.store.changes import changes as stored_changes

__all__ = [
    "Corrected",
    "SetEdit",
    "changes_of",
    "checkin_of",
    "delete_checkin_for",
    "delete_set_for",
    "describe_change",
    "edit_checkin_for",
    "edit_set_for",
    "set_of",
]


# --------------------------------------------------------------------------- corrections


@dataclass(frozen=True)
class SetEdit:
    """What a person changes in a logged set; None keeps the stored value. ``load`` is text
    (``"100kg"``, a bare number in the athlete's units, ``"bw"``), ``hold`` seconds as text,
    ``at`` a past date and time (``2026-11-20 18:30``) in the athlete's time zone."""

    reps: int | None = None
    right: int | None = None
    load: str | None = None
    hold: str | None = None
    rpe: float | None = None
    pain: int | None = None
    notes: str | None = None
    at: str | None = None


@dataclass(frozen=True)
class Corrected:
    """A set as it is after a correction (``after`` None: removed) and as it was."""

    athlete: Athlete
    set_id: int
    before: SetRecord
    after: SetRecord | None
    action: str

    def to_json(self) -> dict[str, Any]:
        return {
            "athlete": self.athlete.name,
            "set_id": self.set_id,
            "action": self.action,
            "before": set_json(self.before),
            "after": None if self.after is None else set_json(self.after),
        }


def _changer(actor: Actor) -> Changer:
    return Changer(None if actor.is_owner else actor.user_id, actor.display_name)


def edit_set_for(
    session: Session, actor: Actor, athlete_id: int, set_id: int, edit: SetEdit, now: datetime
) -> Corrected:
    """Correct a logged set (``hipthrust sets edit``): the values given replace the stored
    ones, checked as a new set would be; the old values are recorded with who and when. The
    decision and alerts are made from the log, so they follow the corrected set."""
    athlete = athlete_for(session, actor, athlete_id)
    local = now.astimezone(athlete.zone)
    stored = _athlete_set(session, athlete, set_id)
    old = stored.record
    units: Units = athlete.units
    changes: dict[str, Any] = {}
    if edit.reps is not None:
        changes["reps"] = edit.reps
    if edit.right is not None:
        changes["reps_right"] = edit.right
    if edit.load is not None:
        changes["load_kg"] = load_in(edit.load, units) if edit.load.strip() else None
    if edit.hold is not None:
        changes["hold_s"] = _seconds(edit.hold)
    if edit.rpe is not None:
        if edit.rpe * 2 != int(edit.rpe * 2):
            raise InputError(f"RPE goes in half points (8, 8.5, 9), not {edit.rpe:g}")
        changes["rpe"] = edit.rpe
    if edit.pain is not None:
        changes["pain"] = edit.pain
    if edit.notes is not None:
        changes["notes"] = edit.notes.strip()[:500]
    if edit.at is not None and edit.at.strip():
        changes["performed_at"] = performed_when(edit.at, None, local)
    record = replace(old, **changes)
    if record.variation == stored.record.variation and stored.is_hip_thrust_family:
        record = record.checked()
    kept = change_set(session, athlete.id, set_id, record, _changer(actor), now)
    return Corrected(athlete, set_id, old, kept.record, "edit")


def set_of(
    session: Session, actor: Actor, athlete_id: int, set_id: int
) -> tuple[Athlete, LoggedSet]:
    """One logged set of the athlete's (to show it before changing it)."""
    athlete = athlete_for(session, actor, athlete_id)
    return athlete, logged_set_of(session, athlete.id, set_id)


def delete_set_for(
    session: Session,
    actor: Actor,
    athlete_id: int,
    set_id: int,
    now: datetime,
    *,
    undo: bool = False,
) -> Corrected:
    """Remove a logged set (``hipthrust sets delete``; ``undo``: the "Undo" right after
    logging it); what it was is recorded with who and when."""
    athlete = athlete_for(session, actor, athlete_id)
    old = remove_set(session, athlete.id, set_id, _changer(actor), now, undo=undo)
    return Corrected(athlete, set_id, old.record, None, "undo" if undo else "delete")


def edit_checkin_for(
    session: Session,
    actor: Actor,
    athlete_id: int,
    day: str,
    now: datetime,
    *,
    pain: int | None = None,
    clear_pain: bool = False,
    bodyweight: str | None = None,
    notes: str | None = None,
) -> tuple[Athlete, Checkin]:
    """Correct the check-in of ``day``: the values given replace the stored ones
    (``clear_pain``: no pain recorded); the old values are recorded with who and when."""
    athlete = athlete_for(session, actor, athlete_id)
    on = read_day(day, "day", "--date")
    found = checkin_on(session, athlete.id, on)
    if found is None:
        raise InputError(f"there is no check-in on {on.isoformat()}")
    if pain is not None and not 0 <= pain <= 10:
        raise InputError(f"pain must be a whole number from 0 to 10, not {pain}")
    weight = found.bodyweight_kg
    if bodyweight is not None:
        if bodyweight.strip().startswith("-"):
            raise InputError(f"bodyweight cannot be negative: {bodyweight.strip()!r}")
        weight = parse_mass(bodyweight, athlete.units) if bodyweight.strip() else None
    new = Checkin(
        on,
        next_morning_pain=None
        if clear_pain
        else (found.next_morning_pain if pain is None else pain),
        bodyweight_kg=weight,
        notes=found.notes if notes is None else notes.strip()[:500],
    )
    return athlete, change_checkin(session, athlete.id, new, _changer(actor), now)


def delete_checkin_for(
    session: Session, actor: Actor, athlete_id: int, day: str, now: datetime
) -> tuple[Athlete, Checkin]:
    """Remove the check-in of ``day``; what it was is recorded with who and when."""
    athlete = athlete_for(session, actor, athlete_id)
    on = read_day(day, "day", "--date")
    return athlete, remove_checkin(session, athlete.id, on, _changer(actor), now)


def checkin_of(
    session: Session, actor: Actor, athlete_id: int, day: str
) -> tuple[Athlete, Checkin]:
    """The check-in of ``day`` (to show it before changing it)."""
    athlete = athlete_for(session, actor, athlete_id)
    on = read_day(day, "day", "--date")
    found = checkin_on(session, athlete.id, on)
    if found is None:
        raise InputError(f"there is no check-in on {on.isoformat()}")
    return athlete, found


def changes_of(
    session: Session, actor: Actor, athlete_id: int, limit: int | None = 50
) -> tuple[Athlete, tuple[Change, ...]]:
    """The corrections made to the athlete's log, newest first: who, when, what it was."""
    athlete = athlete_for(session, actor, athlete_id)
    return athlete, stored_changes(session, athlete.id, limit)


def describe_change(change: Change, units: Units) -> tuple[str, str, str]:
    """A recorded change in words: what it was about, what it was, what it is ("" when
    removed)."""
    if change.subject == "set":
        what = display_name(str(change.before.get("variation", "")))
        was = _set_words(change.before, units)
        now = "" if change.after is None else _set_words(change.after, units)
    else:
        what = f"Check-in of {change.day.isoformat() if change.day else ''}"
        was = _checkin_words(change.before, units)
        now = "" if change.after is None else _checkin_words(change.after, units)
    return what, was, now


def _set_words(values: dict[str, Any], units: Units) -> str:
    parts = [f"{values.get('reps')} reps"]
    if values.get("reps_right") is not None:
        parts[0] = f"{values.get('reps')}/{values.get('reps_right')} reps (left/right)"
    if values.get("load_kg") is not None:
        parts.append(format_mass(float(values["load_kg"]), units))
    if values.get("hold_s"):
        parts.append(f"hold {float(values['hold_s']):g} s")
    if values.get("rpe") is not None:
        parts.append(f"RPE {float(values['rpe']):g}")
    if values.get("pain") is not None:
        parts.append(f"pain {values['pain']}/10")
    return ", ".join(parts)


def _checkin_words(values: dict[str, Any], units: Units) -> str:
    parts = []
    if values.get("next_morning_pain") is not None:
        parts.append(f"pain {values['next_morning_pain']}/10")
    if values.get("bodyweight_kg") is not None:
        parts.append(f"bodyweight {format_mass(float(values['bodyweight_kg']), units)}")
    if values.get("notes"):
        parts.append(f"notes: {values['notes']}")
    return ", ".join(parts) or "nothing"


def _athlete_set(session: Session, athlete: Athlete, set_id: int) -> LoggedSet:
    return logged_set_of(session, athlete.id, set_id)


def _seconds(text: str) -> float | None:
    value = text.strip().removesuffix("s").strip()
    if not value:
        return None
    if value.startswith("-"):
        raise InputError(f"a hold cannot be negative: {text.strip()!r}")
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise InputError(
            f"cannot read the hold {text.strip()!r}: write seconds, like 2 or 2s"
        ) from None
