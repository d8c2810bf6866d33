"""Restoring a hipthrust backup (its own JSON export) into an athlete's log, all or nothing.

``service.importing.import_file`` hands a JSON file (or ``format="hipthrust"``) here, so the
CLI, the web's preview and confirmation, and the API restore through the one import use case.
``formats.backup`` reads the file a set at a time; this module turns each exported set back
into its stored form (``service.exporting.set_from_json``: tempo and per-rep fault counts
included) and writes the sets in batches, then the check-ins, assessments and plans, all in the
caller's transaction (a dry run inside a savepoint rolled back).

What a restored set keeps: everything ``set_from_json`` reads, its training day (the export's
``date``: the set is stored at the same instant, on that day), its set type, its exercise name
as written, and its ``source`` (``web``, ``video``, ``strong`` ...: any short name the store
takes; one it does not take becomes ``hipthrust``). Not kept: its id and its
``video_analysis_id`` (the video stays with the old log).

Again adds nothing: a set keeps the ``source_key`` it was imported under, and a set that had
none gets a key made from what it is (its instant, exercise, values, notes and source; the
n-th identical set at one instant gets ``#n``), so a second restore of the same backup, or of a
later backup of the restored log, skips it. A set the log holds already without a key (logged
by hand, restored into the log it came from) is recognised by the same content key.

Check-ins fill days the log has no check-in for; on a day it has one, the log's values stay
and only what it lacks is filled in. Assessments keep their ``taken_at`` (the screening the
loading gate reads is the latest by that time, so an older restored assessment never replaces
a newer one of the log). Plans keep their ``created_at``; the backup's active plan becomes the
active plan only when the athlete has none, otherwise it is kept inactive and the report says
so. The athlete's profile (units, goal, rung, clearances, training days ...) is never restored.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import IO, Any, get_args

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipthrust.coaching.catalogue import display_name
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.errors import InputError
from hipthrust.formats.backup import BackupParts, read_backup
from hipthrust.formats.csvtext import resolve_zone
from hipthrust.service.assessment_io import parse_answers
from hipthrust.service.exporting import set_from_json
from hipthrust.service.import_report import (
    CHUNK_SIZE,
    ImportedExercise,
    ImportReport,
    ProgressCallback,
    RecordCounts,
    import_transaction,
)
from hipthrust.store import (
    HIP_THRUST_FAMILY,
    SetType,
    SourcedSet,
    StoredPlan,
    active_plan,
    add_assessment,
    add_checkin,
    add_sets_bulk,
    assessments,
    checkins,
    latest_assessment,
    plans,
    save_plan,
)
from hipthrust.store.checkins import add_new_checkins
from hipthrust.store.models import SetRow, require_zone
from hipthrust.store.training import logged_set

__all__ = ["BACKUP_SOURCE", "backup_key", "restore_backup"]

# The source a restored set gets when its own is missing or not one the store takes.
BACKUP_SOURCE = "hipthrust"
_MAX_SOURCE = 20  # the store's limit on a source's name (store/training.py)
_DEADLIFT = "deadlift"
_SET_TYPES: tuple[str, ...] = get_args(SetType)
_KEY_PREFIX = "backup:"


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def backup_key(
    record: SetRecord, exercise_name: str, set_type: str, source: str, occurrence: int = 1
) -> str:
    """The source key of a restored set that had none: made from what the set is (its time in
    UTC to the second, exercise, every value, notes and source), so the same set gives the same
    key in any log; the ``occurrence``-th identical set within one second gets ``#occurrence``.
    To the second: a backup written before times were kept to the microsecond still matches."""
    tempo = record.tempo
    content = [
        _second(record.performed_at),
        exercise_name,
        record.variation,
        set_type,
        record.load_kg,
        record.reps,
        record.reps_right,
        record.hold_s,
        record.rpe,
        record.rir,
        record.pain,
        list(record.felt_in),
        list(record.faults),
        record.full_extension,
        record.warmup,
        record.notes,
        None if tempo is None else [tempo.up_s, tempo.top_s, tempo.down_s],
        None if record.fault_reps is None else [list(pair) for pair in record.fault_reps],
        source,
    ]
    key = _KEY_PREFIX + hashlib.sha256(_canonical(content).encode("utf-8")).hexdigest()
    return key if occurrence == 1 else f"{key}#{occurrence}"


def _on_day(moment: datetime, day: date) -> datetime | None:
    """``moment`` (the same instant) in an offset whose calendar day is ``day``; None when no
    offset under 24 hours gives it (the export's date does not belong to its time)."""
    utc = moment.astimezone(UTC)
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=UTC)
    lowest, highest = midnight - utc, midnight + timedelta(days=1) - utc  # offset in [lo, hi)
    if lowest <= timedelta(0) < highest:
        return utc
    offset = lowest if lowest > timedelta(0) else highest - timedelta(seconds=1)
    if abs(offset) >= timedelta(days=1):
        return None
    return utc.astimezone(timezone(offset))


@dataclass
class _Sets:
    """Running totals of the sets restored so far."""

    read: int = 0
    inserted: int = 0
    skipped: int = 0
    family: int = 0
    first_day: date | None = None
    last_day: date | None = None
    exercises: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    occurrences: dict[str, int] = field(default_factory=dict)
    sources_changed: int = 0

    def count(self, stored: SourcedSet, day: date) -> None:
        variation = stored.record.variation
        name = stored.exercise_name or variation
        if name == variation:  # logged in hipthrust: its name is the id; show the words
            name = display_name(variation)
        if variation in HIP_THRUST_FAMILY:
            self.family += 1
            kind = "hip thrust family"
        else:
            kind = "deadlift" if variation == _DEADLIFT else "other lift"
        _, _, seen = self.exercises.get(name, (variation, kind, 0))
        self.exercises[name] = (variation, kind, seen + 1)
        self.first_day = day if self.first_day is None else min(self.first_day, day)
        self.last_day = day if self.last_day is None else max(self.last_day, day)


def _text(item: Mapping[str, Any], key: str) -> str | None:
    value = item.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _restored_set(
    item: Any, index: int, label: str, zone: tzinfo, totals: _Sets
) -> tuple[SourcedSet, date]:
    """One exported set in stored form, and its training day; InputError naming the set."""
    where = f"{label}: set {index + 1} (sets[{index}])"
    if not isinstance(item, Mapping):
        raise InputError(f"{where}: an exported set is a JSON object, not {_canonical(item)[:40]}")
    try:
        record = set_from_json(item)
    except InputError as error:
        raise InputError(f"{where}: {error}") from None
    if record.performed_at.tzinfo is None:
        raise InputError(f"{where}: its performed_at has no time zone")
    set_type = item.get("set_type", "warmup" if record.warmup else "normal")
    if set_type not in _SET_TYPES:
        raise InputError(f"{where}: unknown set type {set_type!r}: use {', '.join(_SET_TYPES)}")
    if (set_type == "warmup") != record.warmup:
        raise InputError(f"{where}: a {set_type} set cannot have warmup={record.warmup}")
    day_text = item.get("date")
    if day_text is None:
        day = record.performed_at.astimezone(zone).date()
    else:
        try:
            day = date.fromisoformat(day_text)
        except (TypeError, ValueError):
            raise InputError(f"{where}: date is a day like 2025-06-02, not {day_text!r}") from None
    moment = _on_day(record.performed_at, day)
    if moment is None:
        raise InputError(
            f"{where}: its date {day.isoformat()} is not a day its time "
            f"{record.performed_at.isoformat()} can fall on"
        )
    if moment != record.performed_at or moment.tzinfo is not record.performed_at.tzinfo:
        record = replace(record, performed_at=moment)
    exercise_name = _text(item, "exercise_name") or record.variation
    source = _text(item, "source")
    if source is None or len(source) > _MAX_SOURCE:
        totals.sources_changed += 1
        source = BACKUP_SOURCE
    key = _text(item, "source_key")
    if key is None:
        key = backup_key(record, exercise_name, set_type, source)
        occurrence = totals.occurrences.get(key, 0) + 1
        totals.occurrences[key] = occurrence
        if occurrence > 1:
            key = f"{key}#{occurrence}"
    stored = SourcedSet(
        record=record,
        source_key=key,
        exercise_name=exercise_name,
        set_type=set_type,
        source=source,
    )
    return stored, day


def _keyless_keys(session: Session, athlete_id: int, batch: list[SourcedSet]) -> set[str]:
    """The content keys of the athlete's sets stored without a source key (logged by hand, by
    video) at the batch's instants: the sets of the backup the log has already."""
    times = [stored.record.performed_at for stored in batch]
    query = (
        select(SetRow)
        .where(
            SetRow.athlete_id == athlete_id,
            SetRow.source_key.is_(None),
            SetRow.performed_at >= require_zone(min(times)),
            SetRow.performed_at <= require_zone(max(times)),
        )
        .order_by(SetRow.performed_at, SetRow.id)
    )
    keys: set[str] = set()
    seen: dict[str, int] = {}
    for row in session.scalars(query):
        logged = logged_set(row)
        key = backup_key(logged.record, logged.exercise_name, logged.set_type, logged.source)
        seen[key] = seen.get(key, 0) + 1
        keys.add(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return keys


def _write(session: Session, athlete_id: int, batch: list[SourcedSet], totals: _Sets) -> None:
    if not batch:
        return
    known = _keyless_keys(session, athlete_id, batch)
    fresh = [stored for stored in batch if stored.source_key not in known]
    written = add_sets_bulk(session, athlete_id, fresh, source=BACKUP_SOURCE)
    totals.inserted += written.inserted
    totals.skipped += written.skipped + len(batch) - len(fresh)
    totals.read += len(batch)


def _list(value: Any, name: str, label: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{label}: {name} is a list, not {_canonical(value)[:40]}")
    return value


def _moment(item: Mapping[str, Any], key: str, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(item[key])
    except KeyError:
        raise InputError(f"{where}: it has no {key!r}") from None
    except (TypeError, ValueError):
        raise InputError(f"{where}: {key} is a time like 2025-06-02T16:00:00+00:00") from None
    if moment.tzinfo is None:
        raise InputError(f"{where}: its {key} has no time zone")
    return moment


def _object(item: Mapping[str, Any], key: str, where: str) -> dict[str, Any]:
    value = item.get(key)
    if not isinstance(value, dict):
        raise InputError(f"{where}: {key} is a JSON object")
    return value


def _restore_checkins(
    session: Session, athlete_id: int, items: list[Any], label: str
) -> tuple[RecordCounts, int]:
    """Check-ins in; the counts, and how many days the log kept other values on."""
    stored = {checkin.day: checkin for checkin in checkins(session, athlete_id)}
    fresh: dict[date, Checkin] = {}
    differing = 0
    for index, item in enumerate(items):
        where = f"{label}: check-in {index + 1} (checkins[{index}])"
        if not isinstance(item, Mapping):
            raise InputError(f"{where}: a check-in is a JSON object")
        try:
            notes = item.get("notes") or ""
            if not isinstance(notes, str):
                raise TypeError("notes are text")
            found = Checkin(
                day=date.fromisoformat(item["day"]),
                next_morning_pain=item.get("next_morning_pain"),
                bodyweight_kg=item.get("bodyweight_kg"),
                notes=notes,
            )
        except KeyError:
            raise InputError(f"{where}: it has no 'day'") from None
        except (TypeError, ValueError, InputError) as error:
            raise InputError(f"{where}: {error}") from None
        _check_checkin_values(found, where)
        have = stored.get(found.day)
        if have is None:
            fresh[found.day] = found
            stored[found.day] = found
            continue
        if found.day in fresh:  # twice in the backup: the first one stays, as in a log
            fresh[found.day] = stored[found.day] = _merged(fresh[found.day], found)
            continue
        merged = _merged(have, found)
        if any(
            mine is not None and theirs is not None and mine != theirs
            for mine, theirs in (
                (have.next_morning_pain, found.next_morning_pain),
                (have.bodyweight_kg, found.bodyweight_kg),
            )
        ) or (have.notes and found.notes and have.notes != found.notes):
            differing += 1
        if merged != have:
            stored[found.day] = add_checkin(session, athlete_id, merged)
    added = add_new_checkins(session, athlete_id, list(fresh.values()))
    return RecordCounts(len(items), added, len(items) - added), differing


def _merged(have: Checkin, found: Checkin) -> Checkin:
    """The log's check-in ``have`` with what it lacks filled in from ``found``."""
    return Checkin(
        day=have.day,
        next_morning_pain=_first(have.next_morning_pain, found.next_morning_pain),
        bodyweight_kg=_first(have.bodyweight_kg, found.bodyweight_kg),
        notes=have.notes or found.notes,
    )


def _check_checkin_values(found: Checkin, where: str) -> None:
    pain, weight = found.next_morning_pain, found.bodyweight_kg
    if pain is not None and (isinstance(pain, bool) or not isinstance(pain, int)):
        raise InputError(f"{where}: next_morning_pain is a whole number 0-10, not {pain!r}")
    if weight is not None and (isinstance(weight, bool) or not isinstance(weight, int | float)):
        raise InputError(f"{where}: bodyweight_kg is a number, not {weight!r}")


def _second(moment: datetime) -> str:
    """A stored time to the second, in UTC: how a record is recognised again (a backup
    written before times were kept to the microsecond has whole seconds)."""
    if moment.tzinfo is None:  # SQLite may give a time back without its zone: it is UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _first(mine: Any, theirs: Any) -> Any:
    return theirs if mine is None else mine


def _restore_assessments(
    session: Session, athlete_id: int, items: list[Any], label: str
) -> tuple[RecordCounts, str | None]:
    """Assessments in, each at its own ``taken_at``; the counts and a sentence on which one
    the screening now counts from (None when nothing was added)."""
    before = latest_assessment(session, athlete_id)
    have = {
        (_second(item.taken_at), _canonical(item.answers), _canonical(item.result))
        for item in assessments(session, athlete_id)
    }
    added = 0
    for index, item in enumerate(items):
        where = f"{label}: assessment {index + 1} (assessments[{index}])"
        if not isinstance(item, Mapping):
            raise InputError(f"{where}: an assessment is a JSON object")
        taken_at = _moment(item, "taken_at", where)
        answers, result = _object(item, "answers", where), _object(item, "result", where)
        parse_answers(answers, where)  # the screening reads them again every day
        rung = item.get("start_rung")
        if rung is not None and (isinstance(rung, bool) or not isinstance(rung, int)):
            raise InputError(f"{where}: start_rung is a whole number, not {rung!r}")
        key = (_second(taken_at), _canonical(answers), _canonical(result))
        if key in have:
            continue
        try:
            add_assessment(
                session,
                athlete_id,
                taken_at=taken_at,
                answers=answers,
                result=result,
                start_rung=rung,
            )
        except InputError as error:
            raise InputError(f"{where}: {error}") from None
        have.add(key)
        added += 1
    counts = RecordCounts(len(items), added, len(items) - added)
    if not added:
        return counts, None
    after = latest_assessment(session, athlete_id)
    assert after is not None, "an assessment was just added"
    taken = after.taken_at.astimezone(UTC).date().isoformat()
    if before is not None and before.id == after.id:
        return counts, (
            f"the log's own assessment of {taken} is newer than the restored ones and stays "
            "the one the screening (and whether loading is allowed) counts from"
        )
    return counts, (
        f"the screening (and whether loading is allowed) now counts from the restored "
        f"assessment of {taken}"
    )


def _restore_plans(
    session: Session, athlete_id: int, items: list[Any], label: str
) -> tuple[RecordCounts, str | None]:
    """Plans in, each at its own ``created_at``; the backup's active plan becomes active only
    when the athlete has none. The counts and a sentence on the active plan (None: nothing
    to say)."""
    have = {
        (_second(item.created_at), _canonical(item.request), _canonical(item.plan))
        for item in plans(session, athlete_id)
    }
    current = active_plan(session, athlete_id)
    added = 0
    note: str | None = None
    for index, item in enumerate(items):
        where = f"{label}: plan {index + 1} (plans[{index}])"
        if not isinstance(item, Mapping):
            raise InputError(f"{where}: a plan is a JSON object")
        created_at = _moment(item, "created_at", where)
        request, plan = _object(item, "request", where), _object(item, "plan", where)
        if not isinstance(plan.get("weeks", []), list):
            raise InputError(f"{where}: its weeks are a list")
        active = item.get("active") is True
        key = (_second(created_at), _canonical(request), _canonical(plan))
        if key in have:
            continue
        activate = active and current is None
        saved = save_plan(
            session,
            athlete_id,
            request=request,
            plan=plan,
            activate=activate,
            created_at=created_at,
        )
        if activate:
            current = saved
            note = f"the backup's active plan (written {_written(saved)}) is active"
        elif active and current is not None:
            note = (
                f"the log's active plan (written {_written(current)}) stays active; the "
                f"backup's active plan (written {_written(saved)}) is kept in the plan history, "
                "not active"
            )
        have.add(key)
        added += 1
    return RecordCounts(len(items), added, len(items) - added), note


def _written(plan: StoredPlan) -> str:
    """The day a plan was written (its ``saved_at``, else when it was stored), in UTC."""
    saved = plan.request.get("saved_at")
    try:
        when = datetime.fromisoformat(saved) if isinstance(saved, str) else plan.created_at
    except ValueError:
        when = plan.created_at
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC).date().isoformat()


@contextmanager
def _opened(path: Path, label: str) -> Iterator[IO[bytes]]:
    try:
        file = path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a backup file") from None
    except OSError as error:
        raise InputError(f"{label}: cannot be read ({error.strerror or error})") from None
    with file:
        yield file


def _profile_note(athlete: Any) -> str | None:
    if not isinstance(athlete, Mapping):
        return None
    name = athlete.get("name")
    whose = f" of {name!r}" if isinstance(name, str) and name else ""
    return (
        f"the backup's athlete profile{whose} (units, goal, rung, loading allowed, "
        "clearances, training days, time zone) was not restored: this athlete keeps their own "
        "settings"
    )


def restore_backup(
    session: Session,
    athlete_id: int,
    path: Path,
    *,
    label: str,
    tz: tzinfo | str = UTC,
    dry_run: bool = False,
    on_progress: ProgressCallback | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> ImportReport:
    """Restore the backup at ``path`` into the athlete's log, in the caller's transaction (see
    the module doc). ``tz`` gives the training day of a set whose export has no ``date``.
    Anything refused raises InputError with one line naming ``label`` and the record."""
    zone = resolve_zone(tz)
    parts = BackupParts()
    totals = _Sets()
    with import_transaction(session, dry_run=dry_run), _opened(path, label) as file:
        size = os.fstat(file.fileno()).st_size
        batch: list[SourcedSet] = []
        for index, item in read_backup(file, label, parts):
            stored, day = _restored_set(item, index, label, zone, totals)
            batch.append(stored)
            totals.count(stored, day)
            if len(batch) >= chunk_size:
                _write(session, athlete_id, batch, totals)
                batch = []
                if on_progress is not None:
                    read = file.tell()
                    estimate = round(totals.read * size / read) if 0 < read < size else totals.read
                    on_progress(totals.read, max(totals.read, estimate))
        _write(session, athlete_id, batch, totals)
        if on_progress is not None:
            on_progress(totals.read, totals.read)
        checkin_counts, differing = _restore_checkins(
            session, athlete_id, _list(parts.checkins, "checkins", label), label
        )
        assessment_counts, screening = _restore_assessments(
            session, athlete_id, _list(parts.assessments, "assessments", label), label
        )
        plan_counts, plan_note = _restore_plans(
            session, athlete_id, _list(parts.plans, "plans", label), label
        )
    notes = [_profile_note(parts.athlete), screening, plan_note]
    if differing:
        notes.append(
            f"{differing} check-in day(s) of the backup differ from the log's: the log's values "
            "were kept (only what it lacked was filled in)"
        )
    if totals.sources_changed:
        notes.append(
            f"{totals.sources_changed} set(s) had no source the log takes: restored as "
            f"{BACKUP_SOURCE!r}"
        )
    return ImportReport(
        file=label,
        format="hipthrust",
        sets_read=totals.read,
        inserted=totals.inserted,
        already_stored=totals.skipped,
        hip_thrust_sets=totals.family,
        other_sets=totals.read - totals.family,
        first_day=totals.first_day,
        last_day=totals.last_day,
        skipped_rows=(),
        warnings=tuple(note for note in notes if note),
        dry_run=dry_run,
        exercises=tuple(
            ImportedExercise(name, display_name(variation), kind, count)
            for name, (variation, kind, count) in totals.exercises.items()
        ),
        checkins=checkin_counts,
        assessments=assessment_counts,
        plans=plan_counts,
    )
