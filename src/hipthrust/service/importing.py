"""Importing an export of Strong, Hevy or Liftosaur into the training log, all or nothing.

The one import use case of every door (``hipthrust import``, the web's import page, the API):
a hipthrust backup (its own JSON export) goes the same way, handed on to
``service.restoring`` once the file is seen to be JSON (or ``format="hipthrust"``).

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

from collections.abc import Sequence
from datetime import UTC, date, tzinfo
from pathlib import Path

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
    parse_format_name,
)
from hipthrust.formats.detect import looks_like_json
from hipthrust.service.import_report import (
    CHUNK_SIZE,
    SQLITE_IMPORT_CACHE_KIB,
    ImportedExercise,
    ImportReport,
    ProgressCallback,
    RecordCounts,
    import_transaction,
)
from hipthrust.service.restoring import restore_backup
from hipthrust.store import BulkResult, SourcedSet, add_sets_bulk

__all__ = [
    "CHUNK_SIZE",
    "DEADLIFT",
    "SQLITE_IMPORT_CACHE_KIB",
    "ImportReport",
    "ImportedExercise",
    "ProgressCallback",
    "RecordCounts",
    "import_file",
    "sourced_set",
    "sourced_sets",
    "store_sets",
]

# The variation id other lifts get when ``formats.is_deadlift`` recognises a deadlift.
DEADLIFT = "deadlift"


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

    ``format`` forces one of ``strong``, ``hevy``, ``liftosaur`` or ``hipthrust`` (detected by
    default: a JSON file is a hipthrust backup, restored by ``service.restoring``; a CSV is
    told by its header);
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
    chosen = None if format is None else parse_format_name(format)
    if chosen == "hipthrust" or (chosen is None and _is_json(Path(path))):
        return restore_backup(
            session,
            athlete_id,
            Path(path),
            label=label,
            tz=tz,
            dry_run=dry_run,
            on_progress=on_progress,
            chunk_size=chunk_size,
        )
    sets_read = inserted = skipped = family = 0
    first_day: date | None = None
    last_day: date | None = None
    exercises: dict[str, tuple[str, str, int]] = {}
    with (
        import_transaction(session, dry_run=dry_run),
        open_export(Path(path), chosen, units_hint, tz, name=label) as stream,
    ):
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


def _is_json(path: Path) -> bool:
    """Whether the file is JSON (a hipthrust backup) rather than a CSV, from its first bytes;
    a file that cannot be opened is left to the CSV reader, whose message names it."""
    try:
        with path.open("rb") as file:
            return looks_like_json(file.read(4096))
    except OSError:
        return False


def _estimated_total(done: int, stream: ExportStream) -> int:
    """The sets the whole file holds, judged from the share of its bytes read so far."""
    read = stream.position()
    if read <= 0 or stream.size <= read:
        return done
    return max(done, round(done * stream.size / read))
