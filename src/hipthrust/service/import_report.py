"""What an import did (or would do), and the one transaction every format is written in.

Shared by ``service.importing`` (other apps' CSV exports) and ``service.restoring`` (a hipthrust
backup), so the CLI, the web page and the API read one report whatever the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from hipthrust.formats import Format

__all__ = [
    "CHUNK_SIZE",
    "SQLITE_IMPORT_CACHE_KIB",
    "ImportReport",
    "ImportedExercise",
    "ProgressCallback",
    "RecordCounts",
    "import_transaction",
]

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
class RecordCounts:
    """Records of one kind in a backup (check-ins, assessments, plans): how many the file
    holds, how many were (or would be) added, and how many the log has already."""

    read: int
    added: int
    already_stored: int

    def to_json(self) -> dict[str, int]:
        return {"read": self.read, "added": self.added, "already_stored": self.already_stored}


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with ``dry_run``, would do).

    ``inserted`` new sets; ``already_stored`` sets skipped because the log has them (same
    source key); ``skipped_rows`` rows of the file that are not sets, as (line, reason);
    ``exercises`` the file's exercises in the order first met, with the names the log shows.
    A hipthrust backup also counts its ``checkins``, ``assessments`` and ``plans`` (None for
    other formats).
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
    checkins: RecordCounts | None = None
    assessments: RecordCounts | None = None
    plans: RecordCounts | None = None

    def period(self) -> str:
        """The days the file's sets span, as the CLI and the import page show them:
        ``2026-01-05 to 2026-02-01``, one day, or ``no dates``."""
        if self.first_day is None or self.last_day is None:
            return "no dates"
        if self.first_day == self.last_day:
            return self.first_day.isoformat()
        return f"{self.first_day.isoformat()} to {self.last_day.isoformat()}"

    def counts(self) -> dict[str, Any]:
        """Every count of the report: what the web's confirmation compares with its preview."""
        return {
            "sets_read": self.sets_read,
            "inserted": self.inserted,
            "already_stored": self.already_stored,
            **{
                name: None if found is None else found.to_json()
                for name, found in self._records().items()
            },
        }

    def _records(self) -> dict[str, RecordCounts | None]:
        return {"checkins": self.checkins, "assessments": self.assessments, "plans": self.plans}

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
            **{
                name: None if found is None else found.to_json()
                for name, found in self._records().items()
            },
        }


@contextmanager
def import_transaction(session: Session, *, dry_run: bool) -> Iterator[None]:
    """The writes of one import, in the caller's transaction; with ``dry_run`` inside a
    savepoint rolled back at the end, so the counts are exactly a real import's and nothing
    stays. Tunes the connection for a bulk import meanwhile (see the comments)."""
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
    try:
        yield
    finally:
        if savepoint is not None:
            savepoint.rollback()
        if backend == "sqlite":
            session.execute(text(f"PRAGMA cache_size = {int(cache)}"))
