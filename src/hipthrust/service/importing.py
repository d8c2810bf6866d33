"""Importing an export of Strong, Hevy or Liftosaur into the training log, all or nothing.

``hipthrust.formats`` reads the file into neutral ``ImportedSet`` rows; this module turns each
into a stored set (``SourcedSet``) and writes them in the caller's transaction:

- a hip thrust family row keeps its catalogue variation id;
- another lift keeps the id ``"deadlift"`` when ``formats.is_deadlift`` says it is one (a
  deadlift day informs scheduling), else its name as free text (the store keeps free text
  in ``exercise_name`` with no variation id);
- a weight of 0 is bodyweight (``load_kg`` None);
- the time of a hip thrust family set is its hold (``hold_s``); the time and distance of
  another lift (a run, a plank) go into its notes, since they are not a hip thrust hold;
- a hip thrust family row ``SetRecord`` refuses (say 250 reps, a 15-minute hold) refuses the
  whole file, with the file and line in the message; nothing is written. Other lifts need
  only be within the parser's wide ``ImportLimits`` (a hip adductor machine set of 1000
  reps is kept as it was done).

Re-importing adds nothing: every set carries the ``source_key`` the parser built (the same
whether the file was exported in kg or in lb), and the store skips keys the athlete already
has.

The import streams: the file is read, checked and written ``CHUNK_SIZE`` sets at a time, in
the caller's one transaction, so memory stays that of one batch whatever the file's size,
and a bad row anywhere (the last batch included) leaves the log as it was once the
transaction rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from hipthrust.coaching.catalogue import display_name
from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.units import Units
from hipthrust.errors import InputError
from hipthrust.formats import (
    ExportStream,
    Format,
    ImportedSet,
    ImportResult,
    is_deadlift,
    open_export,
)
from hipthrust.store import BulkResult, SourcedSet, add_sets_bulk

__all__ = [
    "CHUNK_SIZE",
    "DEADLIFT",
    "SQLITE_IMPORT_CACHE_KIB",
    "ImportReport",
    "ImportedExercise",
    "ProgressCallback",
    "import_file",
    "sourced_set",
    "sourced_sets",
    "store_sets",
]

# The variation id other lifts get when ``formats.is_deadlift`` recognises a deadlift.
DEADLIFT = "deadlift"
# Sets written per statement batch; the progress callback is called after each [design].
CHUNK_SIZE = 2_000
# SQLite's page cache during an import, in KiB (the default is 2,000 KiB) [design].
SQLITE_IMPORT_CACHE_KIB = 65_536

ProgressCallback = Callable[[int, int], None]
"""Called as ``(sets_done, sets_total)`` while the sets are written."""


@dataclass(frozen=True)
class ImportedExercise:
    """One exercise of an export: its name in the file, the name the log shows it by, how
    (``hip thrust family``, ``deadlift`` or ``other lift``), and the sets read of it."""

    name: str
    shown: str
    kind: str
    sets: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "shown": self.shown, "kind": self.kind, "sets": self.sets}


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with ``dry_run``, would do).

    ``inserted`` new sets; ``already_stored`` sets skipped because the log has them (same
    source key); ``skipped_rows`` rows of the file that are not sets, as (line, reason);
    ``exercises`` the file's exercises in the order first met, with the names the log shows.
    """

    file: str
    format: Format
    sets_read: int
    inserted: int
    already_stored: int
    hip_thrust_sets: int
    other_sets: int
    first_day: date | None
    last_day: date | None
    skipped_rows: tuple[tuple[int, str], ...]
    warnings: tuple[str, ...]
    dry_run: bool
    exercises: tuple[ImportedExercise, ...] = ()

    def period(self) -> str:
        """The days the file's sets span, as the CLI and the import page show them:
        ``2026-01-05 to 2026-02-01``, one day, or ``no dates``."""
        if self.first_day is None or self.last_day is None:
            return "no dates"
        if self.first_day == self.last_day:
            return self.first_day.isoformat()
        return f"{self.first_day.isoformat()} to {self.last_day.isoformat()}"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "dry_run": self.dry_run,
            "sets_read": self.sets_read,
            "inserted": self.inserted,
            "already_stored": self.already_stored,
            "hip_thrust_sets": self.hip_thrust_sets,
            "other_sets": self.other_sets,
            "first_day": None if self.first_day is None else self.first_day.isoformat(),
            "last_day": None if self.last_day is None else self.last_day.isoformat(),
            "skipped_rows": [
                {"line": line, "reason": reason} for line, reason in self.skipped_rows
            ],
            "warnings": list(self.warnings),
            "exercises": [exercise.to_json() for exercise in self.exercises],
        }


def _variation(imported: ImportedSet) -> str:
    if imported.variation is not None:
        return imported.variation
    if is_deadlift(imported.exercise_name):
        return DEADLIFT
    return imported.exercise_name


def _exercise_kind(imported: ImportedSet, variation: str) -> str:
    if imported.is_hip_thrust_family:
        return "hip thrust family"
    return "deadlift" if variation == DEADLIFT else "other lift"


def _exercises(counts: dict[str, tuple[str, str, int]]) -> tuple[ImportedExercise, ...]:
    """The exercises met, each with the name the log shows it by (the variation's, for the
    hip thrust family and deadlifts; an other lift keeps its name as written)."""
    return tuple(
        ImportedExercise(name, display_name(variation), kind, sets)
        for name, (variation, kind, sets) in counts.items()
    )


def _other_lift_notes(imported: ImportedSet) -> str:
    parts = [imported.notes] if imported.notes else []
    if imported.duration_s is not None:
        parts.append(f"time {imported.duration_s:g} s")
    if imported.distance_m is not None:
        parts.append(f"distance {imported.distance_m:g} m")
    return "; ".join(parts)


def sourced_set(imported: ImportedSet, file: str) -> SourcedSet:
    """The stored form of one imported row, or an InputError naming ``file`` and the line."""
    family = imported.is_hip_thrust_family
    try:
        record = SetRecord(
            performed_at=imported.performed_at,
            variation=_variation(imported),
            reps=imported.reps,
            load_kg=imported.load_kg or None,
            hold_s=imported.duration_s if family else None,
            rpe=imported.rpe,
            warmup=imported.warmup,
            notes=imported.notes if family else _other_lift_notes(imported),
        )
    except InputError as error:
        raise InputError(f"{file} line {imported.line}: {error}") from None
    return SourcedSet(
        record=record,
        source_key=imported.source_key,
        exercise_name=imported.exercise_name,
        set_type=imported.set_type,
        other_keys=imported.other_keys,
    )


def sourced_sets(result: ImportResult, file: str) -> tuple[SourcedSet, ...]:
    """Every row of a parsed file in stored form; the first refused row refuses them all."""
    return tuple(sourced_set(imported, file) for imported in result.sets)


def store_sets(
    session: Session,
    athlete_id: int,
    sets: Sequence[SourcedSet],
    *,
    source: str,
    dry_run: bool = False,
    on_progress: ProgressCallback | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> BulkResult:
    """Write ``sets`` in the caller's transaction, ``chunk_size`` at a time, skipping known keys.

    With ``dry_run`` the writes happen inside a savepoint that is rolled back, so the counts
    are exactly those a real import would give and nothing stays.
    """
    if chunk_size < 1:
        raise InputError(f"chunk size must be at least 1, not {chunk_size}")
    if session.get_bind().dialect.name == "postgresql":
        # psycopg prepares a statement after five runs, and PostgreSQL may then keep a generic
        # plan made while the table was small (a sequential scan): every batch's key lookup
        # would grow slower as the import fills the table. Custom plans, for this transaction.
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    savepoint = session.begin_nested() if dry_run else None
    inserted = skipped = 0
    try:
        for start in range(0, len(sets), chunk_size):
            result = add_sets_bulk(
                session, athlete_id, sets[start : start + chunk_size], source=source
            )
            inserted += result.inserted
            skipped += result.skipped
            if on_progress is not None:
                on_progress(inserted + skipped, len(sets))
    finally:
        if savepoint is not None:
            savepoint.rollback()
    return BulkResult(inserted=inserted, skipped=skipped)


def import_file(
    session: Session,
    athlete_id: int,
    path: Path,
    *,
    format: str | None = None,
    units_hint: Units | str = "kg",
    tz: tzinfo | str = UTC,
    dry_run: bool = False,
    on_progress: ProgressCallback | None = None,
    chunk_size: int = CHUNK_SIZE,
    name: str | None = None,
) -> ImportReport:
    """Stream an export into the caller's transaction (see the module doc).

    ``format`` forces one of ``strong``, ``hevy``, ``liftosaur`` (detected by default);
    ``units_hint`` is the unit of a Strong file that names none; ``tz`` the zone of the
    file's wall-clock times. Any malformed or refused row raises InputError; the batches
    written before it are undone when the caller's transaction rolls back (with
    ``transaction(store)``, as the CLI and the web do). ``on_progress`` gets the sets done
    and an estimate of the total from the share of the file read so far. ``name`` labels
    the file in messages and the report (default: the path's file name).
    """
    if chunk_size < 1:
        raise InputError(f"chunk size must be at least 1, not {chunk_size}")
    label = name or Path(path).name
    backend = session.get_bind().dialect.name
    if backend == "sqlite":
        # The unique key index takes random keys: with SQLite's default 2 MB page cache a big
        # import keeps evicting its pages. A larger cache for this import (bounded) [design].
        cache = session.execute(text("PRAGMA cache_size")).scalar_one()
        session.execute(text(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}"))
    if backend == "postgresql":
        # psycopg prepares a statement after five runs, and PostgreSQL may then keep a generic
        # plan made while the table was small (a sequential scan): every batch's key lookup
        # would grow slower as the import fills the table. Custom plans, for this transaction.
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    savepoint = session.begin_nested() if dry_run else None
    sets_read = inserted = skipped = family = 0
    first_day: date | None = None
    last_day: date | None = None
    exercises: dict[str, tuple[str, str, int]] = {}
    try:
        with open_export(Path(path), format, units_hint, tz, name=label) as stream:
            batch: list[SourcedSet] = []
            for imported in stream.sets:
                stored = sourced_set(imported, label)
                batch.append(stored)
                family += imported.is_hip_thrust_family
                variation = stored.record.variation
                _, kind, seen = exercises.get(
                    imported.exercise_name, ("", _exercise_kind(imported, variation), 0)
                )
                exercises[imported.exercise_name] = (variation, kind, seen + 1)
                day = imported.performed_at.date()
                if first_day is None or day < first_day:
                    first_day = day
                if last_day is None or day > last_day:
                    last_day = day
                if len(batch) >= chunk_size:
                    written = add_sets_bulk(session, athlete_id, batch, source=stream.format)
                    inserted, skipped = inserted + written.inserted, skipped + written.skipped
                    sets_read += len(batch)
                    batch = []
                    if on_progress is not None:
                        on_progress(sets_read, _estimated_total(sets_read, stream))
            written = add_sets_bulk(session, athlete_id, batch, source=stream.format)
            inserted, skipped = inserted + written.inserted, skipped + written.skipped
            sets_read += len(batch)
            if on_progress is not None:
                on_progress(sets_read, sets_read)
            found_format: Format = stream.format
            notes = stream.notes
    finally:
        if savepoint is not None:
            savepoint.rollback()
        if backend == "sqlite":
            session.execute(text(f"PRAGMA cache_size = {int(cache)}"))
    return ImportReport(
        file=label,
        format=found_format,
        sets_read=sets_read,
        inserted=inserted,
        already_stored=skipped,
        hip_thrust_sets=family,
        other_sets=sets_read - family,
        first_day=first_day,
        last_day=last_day,
        skipped_rows=tuple(notes.skipped),
        warnings=tuple(notes.warnings),
        dry_run=dry_run,
        exercises=_exercises(exercises),
    )


def _estimated_total(done: int, stream: ExportStream) -> int:
    """The sets the whole file holds, judged from the share of its bytes read so far."""
    read = stream.position()
    if read <= 0 or stream.size <= read:
        return done
    return max(done, round(done * stream.size / read))
