"""The training log's use cases: log a set, check in the next morning, read the history.

Nothing here reads a clock: every function takes ``now`` (an aware datetime). Its zone is the
athlete's local zone: typed times without an offset are read in it, and days (a training
session, a check-in) are its calendar days. Loads are stored in kilograms and shown in the
athlete's units (or the ``units`` asked for).

What was typed is read into sets by ``service.set_entry`` (``SetEntry``, re-exported here):
the quick syntax (``barbell hip thrust 100kg x 8 @8``) with the flags winning over it, one
value at a time; impossible values are refused with one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from sqlalchemy.orm import Session

from hipthrust.coaching.catalogue import Variation
from hipthrust.coaching.mistakes import MISTAKES, felt_cues
from hipthrust.coaching.pain import DEFAULT_PAIN_RULES, PainRules, PainZone, pain_zone
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.coaching.units import Units, format_mass, parse_mass, parse_units
from hipthrust.errors import InputError, Phrase
from hipthrust.motion.faults import FAULTS
from hipthrust.service.set_entry import (
    SetEntry,
    entry_fingerprint,
    idempotency_key,
    read_day,
    read_sets,
    resolve_exercise,
)
from hipthrust.store import Athlete, LoggedSet, add_checkin, checkin_on, checkins, log_set
from hipthrust.store import logged_sets as stored_sets
from hipthrust.store.training import keyed_sets, log_keyed_sets

__all__ = [
    "KEY_REUSED",
    "CheckedIn",
    "History",
    "HistoryDay",
    "KeyReused",
    "LoggedSets",
    "SetEntry",
    "check_in",
    "checkin_summary",
    "describe_set",
    "fault_name",
    "history_of",
    "log_sets",
    "set_advice",
    "set_json",
]


@dataclass(frozen=True)
class LoggedSets:
    """What ``log_sets`` stored: the sets (identical when ``--sets N``), their ids, advice."""

    athlete: Athlete
    units: Units
    variation: Variation
    ids: tuple[int, ...]
    records: tuple[SetRecord, ...]
    advice: tuple[str, ...]
    # True when the entry's idempotency key was stored already: these are the sets stored
    # then, and nothing new was written.
    replayed: bool = False

    @property
    def line(self) -> str:
        """One line confirming what was stored, in the athlete's units."""
        record = self.records[0]
        count = len(self.records)
        kind = "warm-up set" if record.warmup else "set"
        amount = f"{count} {kind}s" if count > 1 else f"1 {kind}"
        when = record.performed_at.strftime("%a %Y-%m-%d %H:%M")
        return (
            f"Logged {amount} of {self.variation.name.lower()} for {self.athlete.name} on "
            f"{when}: {describe_set(record, self.units)}."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "athlete": self.athlete.name,
            "units": self.units,
            "logged": [
                {"id": set_id, **set_json(record)}
                for set_id, record in zip(self.ids, self.records, strict=True)
            ],
            "advice": list(self.advice),
        }


@dataclass(frozen=True)
class CheckedIn:
    """A stored check-in and the one it replaced, if the day had one."""

    athlete: Athlete
    units: Units
    checkin: Checkin
    replaced: Checkin | None

    @property
    def line(self) -> str:
        what = _checkin_text(self.checkin, self.units)
        day = self.checkin.day.isoformat()
        if self.replaced is None:
            return f"Checked in for {self.athlete.name} on {day}: {what}."
        before = _checkin_text(self.replaced, self.units)
        return f"Replaced the check-in of {day} for {self.athlete.name} ({before}): {what}."

    def to_json(self) -> dict[str, Any]:
        return {
            "athlete": self.athlete.name,
            "units": self.units,
            "checkin": _checkin_json(self.checkin),
            "replaced": None if self.replaced is None else _checkin_json(self.replaced),
        }


@dataclass(frozen=True)
class HistoryDay:
    """One calendar day of the log: its sets (local times) and its check-in."""

    day: date
    sets: tuple[LoggedSet, ...]
    checkin: Checkin | None

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "sets": [
                {
                    "id": logged.id,
                    "exercise_name": logged.exercise_name,
                    "source": logged.source,
                    **set_json(logged.record),
                }
                for logged in self.sets
            ],
            "checkin": None if self.checkin is None else _checkin_json(self.checkin),
        }


@dataclass(frozen=True)
class History:
    athlete: Athlete
    units: Units
    days: tuple[HistoryDay, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "athlete": self.athlete.name,
            "units": self.units,
            "days": [day.to_json() for day in self.days],
        }


# --------------------------------------------------------------------------- use cases


KEY_REUSED = (
    "this idempotency key was sent before with other values: "
    "nothing was stored (use a new key for a new set)"
)


class KeyReused(InputError):
    """An idempotency key sent again with other values (the API answers 409)."""


def log_sets(
    session: Session, athlete: Athlete, entry: SetEntry, now: datetime, source: str = "cli"
) -> LoggedSets:
    """Store the sets an entry describes (``entry.sets`` identical ones) for ``athlete``;
    ``source`` says where they were typed (``cli``, ``web``).

    With an idempotency key, an entry is stored once: sent again with the key (a queued set
    sent twice, a double tap, a retry after a lost answer), the sets stored the first time come
    back with ``replayed`` and nothing is written; the key with other values is ``KeyReused``.
    Two requests with one key at once store one set of rows (the database's unique index).
    """
    units: Units = parse_units(entry.units) if entry.units is not None else athlete.units
    key = idempotency_key(entry)
    variation, records = read_sets(entry, units, now)
    if key is None:
        ids = tuple(log_set(session, athlete.id, record, source=source) for record in records)
        return LoggedSets(athlete, units, variation, ids, records, set_advice(records[0]))
    fingerprint = entry_fingerprint(entry)
    stored = keyed_sets(session, athlete.id, key)
    if stored is None:
        written = log_keyed_sets(
            session, athlete.id, records, key=key, fingerprint=fingerprint, source=source
        )
        if written is not None:
            return LoggedSets(athlete, units, variation, written, records, set_advice(records[0]))
        stored = keyed_sets(session, athlete.id, key)  # another request stored it meanwhile
        assert stored is not None  # log_keyed_sets returns None only when the key is taken
    if stored.fingerprint != fingerprint:
        raise KeyReused(KEY_REUSED)
    kept = tuple(
        replace(logged.record, performed_at=logged.record.performed_at.astimezone(now.tzinfo))
        for logged in stored.sets
    )
    return LoggedSets(
        athlete,
        units,
        resolve_exercise(kept[0].variation),
        tuple(logged.id for logged in stored.sets),
        kept,
        set_advice(kept[0]),
        replayed=True,
    )


def set_advice(record: SetRecord, rules: PainRules = DEFAULT_PAIN_RULES) -> tuple[str, ...]:
    """What to do right now after this set, from the pain-monitoring model and where it was felt."""
    advice: list[str] = []
    if record.pain is not None:
        zone = pain_zone(record.pain, rules)
        if zone is PainZone.TOO_MUCH:
            advice.append(
                Phrase(
                    f"Pain {record.pain}/10 is above {rules.acceptable_max}: stop this exercise "
                    "for today. The next session steps back.",
                    cli=f"Pain {record.pain}/10 is above {rules.acceptable_max}: stop this "
                    "exercise for today. The next session steps back (hipthrust next says how).",
                )
            )
            if record.pain >= rules.refer_at:
                advice.append("Pain this high: check with a clinician before training again.")
        elif zone is PainZone.ACCEPTABLE:
            advice.append(
                f"Pain {record.pain}/10 is acceptable: keep this dose and do not add load or "
                f"reps until it is {rules.safe_max} or less."
            )
    if "lower_back" in record.felt_in or "lumbar_hyperextension" in record.faults:
        cue = MISTAKES["lumbar_hyperextension"].fix
        advice.append(f"Felt in the lower back: the back is taking over from the hips. {cue}")
    advice.extend(felt_cues(record.felt_in))
    return tuple(advice)


def check_in(
    session: Session,
    athlete: Athlete,
    *,
    now: datetime,
    pain: int | None = None,
    bodyweight: str | None = None,
    day: str | None = None,
    notes: str = "",
    units: str | None = None,
) -> CheckedIn:
    """The day's check-in: next-morning pain and bodyweight (one per day).

    A second check-in on the same day replaces the values it gives; the ones it leaves out
    stay as they were.
    """
    shown: Units = parse_units(units) if units is not None else athlete.units
    if pain is None and bodyweight is None and not notes.strip():
        raise InputError(
            Phrase(
                "nothing to check in: give the pain (0-10), the bodyweight or a note",
                cli="nothing to check in: give --pain (0-10), --bodyweight or --notes",
            )
        )
    if pain is not None and not 0 <= pain <= 10:
        raise InputError(f"pain must be a whole number from 0 to 10, not {pain}")
    on = now.date() if day is None else read_day(day, "day", "--date")
    if on > now.date():
        raise InputError(f"{on.isoformat()} is in the future: check in on the day itself")
    weight = None
    if bodyweight is not None:
        if bodyweight.strip().startswith("-"):
            raise InputError(f"bodyweight cannot be negative: {bodyweight.strip()!r}")
        weight = parse_mass(bodyweight, shown)
    checkin = Checkin(on, next_morning_pain=pain, bodyweight_kg=weight, notes=notes.strip())
    before = checkin_on(session, athlete.id, on)
    stored = add_checkin(session, athlete.id, checkin)
    return CheckedIn(athlete, shown, stored, before)


def history_of(
    session: Session,
    athlete: Athlete,
    *,
    now: datetime,
    since: str | None = None,
    exercise: str | None = None,
    limit: int | None = 20,
    units: str | None = None,
) -> History:
    """The athlete's log by day (in ``now``'s zone), check-ins alongside.

    ``since`` is a first day; ``exercise`` keeps one variation's sets (days with only a
    check-in stay); ``limit`` keeps the latest days (None or 0: all).
    """
    shown: Units = parse_units(units) if units is not None else athlete.units
    zone = now.tzinfo
    start = None if since is None else read_day(since, "first day", "--since")
    if limit is not None and limit < 0:
        limits = f"must be 0 (everything) or more, not {limit}"
        raise InputError(Phrase(f"the number of days {limits}", cli=f"--limit {limits}"))
    wanted = None if exercise is None else resolve_exercise(exercise).id
    first = None if start is None else datetime.combine(start, time(0, 0), zone)
    by_day: dict[date, list[LoggedSet]] = {}
    for logged in stored_sets(session, athlete.id, since=first):
        if wanted is not None and logged.record.variation != wanted:
            continue
        local = replace(logged.record, performed_at=logged.record.performed_at.astimezone(zone))
        by_day.setdefault(local.performed_at.date(), []).append(replace(logged, record=local))
    notes = {c.day: c for c in checkins(session, athlete.id, since=start)}
    days = tuple(
        HistoryDay(day, tuple(by_day.get(day, ())), notes.get(day))
        for day in sorted(set(by_day) | set(notes))
    )
    if limit:
        days = days[-limit:]
    return History(athlete, shown, days)


# --------------------------------------------------------------------------- shapes


def describe_set(record: SetRecord, units: Units) -> str:
    """A set as people write it: ``100 kg x 8 @8, 2 s hold, pain 1``."""
    load = "bw" if record.load_kg is None else format_mass(record.load_kg, units)
    reps = f"{record.reps}" if record.reps_right is None else f"{record.reps}/{record.reps_right}"
    text = f"{load} x {reps}"
    if record.rpe is not None:
        text += f" @{record.rpe:g}"
    elif record.rir is not None:
        text += f" RIR {record.rir}"
    extras: list[str] = []
    if record.hold_s:
        extras.append(f"{record.hold_s:g} s hold")
    if record.tempo is not None:
        extras.append(f"tempo {record.tempo}")
    if record.pain is not None:
        extras.append(f"pain {record.pain}")
    if record.felt_in:
        extras.append("felt in " + " and ".join(p.replace("_", " ") for p in record.felt_in))
    if record.full_extension is False:
        extras.append("short of full extension")
    if record.faults:
        counted = dict(record.fault_reps or ())
        extras.append(
            "faults: "
            + "; ".join(
                fault_name(fault)
                + (f" ({counted[fault]} of {record.reps} reps)" if fault in counted else "")
                for fault in record.faults
            )
        )
    if record.notes:
        extras.append(f'"{record.notes}"')
    prefix = "warm-up " if record.warmup else ""
    return prefix + ", ".join([text, *extras])


def fault_name(fault: str) -> str:
    """A form fault in words ("no_pause" is "no pause at the top"): the video's fault names,
    then the coaching mistakes, else the id as words."""
    known = FAULTS.get(fault)
    if known is not None:
        return known.name[:1].lower() + known.name[1:]
    mistake = MISTAKES.get(fault)
    if mistake is not None:
        return mistake.name[:1].lower() + mistake.name[1:]
    return fault.replace("_", " ")


def set_json(record: SetRecord) -> dict[str, Any]:
    return {
        "performed_at": record.performed_at.isoformat(),
        "variation": record.variation,
        "load_kg": None if record.load_kg is None else round(record.load_kg, 3),
        "reps": record.reps,
        "reps_right": record.reps_right,
        "hold_s": record.hold_s,
        "tempo": None if record.tempo is None else str(record.tempo),
        "rpe": record.rpe,
        "rir": record.rir,
        "pain": record.pain,
        "felt_in": list(record.felt_in),
        "faults": list(record.faults),
        "fault_reps": None if record.fault_reps is None else dict(record.fault_reps),
        "full_extension": record.full_extension,
        "warmup": record.warmup,
        "notes": record.notes,
    }


def _checkin_json(checkin: Checkin) -> dict[str, Any]:
    return {
        "date": checkin.day.isoformat(),
        "next_morning_pain": checkin.next_morning_pain,
        "bodyweight_kg": None if checkin.bodyweight_kg is None else round(checkin.bodyweight_kg, 3),
        "notes": checkin.notes,
    }


def _checkin_text(checkin: Checkin, units: Units) -> str:
    parts: list[str] = []
    if checkin.next_morning_pain is not None:
        parts.append(f"pain {checkin.next_morning_pain}/10")
    if checkin.bodyweight_kg is not None:
        parts.append(f"bodyweight {format_mass(checkin.bodyweight_kg, units)}")
    if checkin.notes:
        parts.append(f'"{checkin.notes}"')
    return ", ".join(parts) or "no values"


def checkin_summary(checkin: Checkin, units: Units) -> str:
    """A check-in in a few words, for tables: ``pain 2/10, bodyweight 80 kg``."""
    return _checkin_text(checkin, units)
