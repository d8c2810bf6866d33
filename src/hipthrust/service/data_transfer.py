"""Data in and out through the web: an export previewed before it is imported, and downloads.

Importing on the web takes two steps, so a person sees what will be added before it is:

1. ``stage_import`` keeps the uploaded file in the staging folder under a random token (a
   file ``{token}.csv`` and its record ``{token}.json``: who uploaded it, for which athlete,
   when) and runs the import as a dry run (``import_file(dry_run=True)``: the rows are
   written inside a savepoint that is rolled back, so the counts are exactly those of a real
   import and nothing stays). A refused file is deleted at once and its one-line message
   raised: nothing is kept, nothing imported.
2. ``confirm_import`` imports that same file (the bytes previewed, checked by their SHA-256),
   for the same person and athlete, within ``STAGED_FOR`` of the preview, all or nothing.
   When the log changed in between (another import, a set logged by hand that the file also
   holds) the counts would differ from those shown: then nothing is imported, and the new
   counts come back as the preview to confirm (``Confirmed.changed``). The staged file is
   deleted once imported, or cancelled (``drop_import``); a staged file older than
   ``STAGED_FOR`` is swept away by the next upload.

``import_upload`` is the API's one step: the upload imported (or, with ``dry_run``, counted)
from a temporary file deleted afterwards. The exports (``export_filename``, ``plan_start``)
serve the download pages; the text itself comes from ``athlete_portal.log_export_for`` and
``plan_export_for``, as for ``hipthrust export``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import tempfile
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from hipthrust.errors import InputError
from hipthrust.formats import parse_format_name
from hipthrust.service.accounts import Actor, athlete_for
from hipthrust.service.athlete_portal import import_for
from hipthrust.service.handout import plan_start_day
from hipthrust.service.importing import ImportReport
from hipthrust.store import Athlete, active_plan

__all__ = [
    "MAX_IMPORT_BYTES",
    "STAGED_FOR",
    "Confirmed",
    "StagedImport",
    "confirm_import",
    "drop_import",
    "export_filename",
    "import_upload",
    "plan_start",
    "stage_import",
]

MAX_IMPORT_BYTES = 32 * 1024 * 1024  # [design] ten years of daily training in Strong is ~8 MB
STAGED_FOR = timedelta(minutes=30)  # [design] how long a previewed upload waits for "Import"
_COPY_BYTES = 1024 * 1024
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
_NAME_CHARS = re.compile(r"[^A-Za-z0-9._ ()-]+")
_GONE = "this preview has expired or was already imported: upload the file again"


@dataclass(frozen=True)
class StagedImport:
    """An upload waiting for its confirmation: ``report`` is what importing it would do."""

    token: str
    athlete: Athlete
    report: ImportReport
    expires_at: datetime


@dataclass(frozen=True)
class Confirmed:
    """The import done (``changed`` False), or, when the log changed since the preview,
    nothing done and ``report`` the new preview (``changed`` True, ``token`` still valid)."""

    athlete: Athlete
    report: ImportReport
    changed: bool
    token: str


def _file_label(filename: str) -> str:
    """The upload's own name, as messages show it: no folders, no odd characters."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _NAME_CHARS.sub("_", base).strip(" .")[:100]
    return cleaned or "export.csv"


def _receive(data: IO[bytes], target: Path) -> str:
    """Copy the upload into ``target`` (at most ``MAX_IMPORT_BYTES``); its SHA-256."""
    digest = hashlib.sha256()
    size = 0
    try:
        with target.open("xb") as out:
            while chunk := data.read(_COPY_BYTES):
                size += len(chunk)
                if size > MAX_IMPORT_BYTES:
                    raise InputError(
                        f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB: "
                        "export a shorter period from the app (a hipthrust backup this large: "
                        "restore it with hipthrust import)"
                    )
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if size == 0:
        target.unlink(missing_ok=True)
        raise InputError("the file is empty: choose the CSV the app exported")
    return digest.hexdigest()


def _format(text: str | None) -> str | None:
    return parse_format_name(text) if text and text.strip() else None


def _zone_name(athlete: Athlete) -> str:
    return athlete.time_zone or "UTC"


def _paths(folder: Path, token: str) -> tuple[Path, Path]:
    if not _TOKEN.fullmatch(token):
        raise InputError(_GONE)
    return folder / f"{token}.csv", folder / f"{token}.json"


def _sweep(folder: Path, now: datetime) -> None:
    """Delete staged uploads older than ``STAGED_FOR`` (any person's: nobody can use them)."""
    oldest = (now - STAGED_FOR).timestamp()
    for path in folder.iterdir():
        if not (_TOKEN.fullmatch(path.stem) and path.suffix in (".csv", ".json", ".part")):
            continue  # not a staged upload: never ours to delete
        try:
            if path.stat().st_mtime < oldest:
                path.unlink(missing_ok=True)
        except OSError:
            continue


def stage_import(
    session: Session,
    actor: Actor,
    athlete_id: int,
    folder: Path,
    filename: str,
    data: IO[bytes],
    now: datetime,
    *,
    format: str | None = None,
) -> StagedImport:
    """Keep the upload under a new token and say what importing it would do (writes no row).

    A file refused (not an export, a bad row) is deleted and its message raised."""
    athlete = athlete_for(session, actor, athlete_id)
    chosen = _format(format)
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder, now)
    token = secrets.token_urlsafe(24)
    upload, record = _paths(folder, token)
    label = _file_label(filename)
    digest = _receive(data, upload)
    try:
        _, report = import_for(
            session,
            actor,
            athlete.id,
            upload,
            format=chosen,
            tz=_zone_name(athlete),
            dry_run=True,
            name=label,
        )
        _write_record(
            record,
            {
                "user_id": actor.user_id,
                "athlete_id": athlete.id,
                "file": label,
                "format": report.format,
                "sha256": digest,
                "staged_at": now.isoformat(),
                "preview": report.counts(),
            },
        )
    except BaseException:
        upload.unlink(missing_ok=True)
        record.unlink(missing_ok=True)
        raise
    return StagedImport(token, athlete, report, now + STAGED_FOR)


def _write_record(path: Path, record: dict[str, Any]) -> None:
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps(record), encoding="utf-8")
    os.replace(partial, path)


def _staged(
    folder: Path, actor: Actor, athlete: Athlete, token: str, now: datetime
) -> tuple[Path, Path, dict[str, Any]]:
    """The staged upload ``token`` of this person for this athlete, still fresh and intact."""
    upload, record_path = _paths(folder, token)
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
        staged_at = datetime.fromisoformat(record["staged_at"])
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(_GONE) from None
    if record.get("user_id") != actor.user_id or record.get("athlete_id") != athlete.id:
        raise InputError(_GONE)  # another's token tells nothing more than a stale one
    if now - staged_at > STAGED_FOR:
        upload.unlink(missing_ok=True)
        record_path.unlink(missing_ok=True)
        raise InputError(_GONE)
    try:
        with upload.open("rb") as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        raise InputError(_GONE) from None
    if digest != record.get("sha256"):
        raise InputError(_GONE)
    return upload, record_path, record


def confirm_import(
    session: Session, actor: Actor, athlete_id: int, folder: Path, token: str, now: datetime
) -> Confirmed:
    """Import the upload previewed under ``token``, exactly as previewed, all or nothing.

    The rows go in inside a savepoint: released when the counts are the preview's, rolled
    back (nothing imported, the new counts returned as the preview) when they are not."""
    athlete = athlete_for(session, actor, athlete_id)
    upload, record_path, record = _staged(folder, actor, athlete, token, now)
    savepoint = session.begin_nested()
    try:
        _, report = import_for(
            session,
            actor,
            athlete.id,
            upload,
            format=record.get("format"),
            tz=_zone_name(athlete),
            name=str(record.get("file") or "export.csv"),
        )
    except BaseException:
        savepoint.rollback()
        raise
    if report.counts() != record.get("preview"):
        savepoint.rollback()
        record["preview"] = report.counts()
        _write_record(record_path, record)
        preview = replace(report, dry_run=True)
        return Confirmed(athlete, preview, changed=True, token=token)
    savepoint.commit()
    upload.unlink(missing_ok=True)
    record_path.unlink(missing_ok=True)
    return Confirmed(athlete, report, changed=False, token=token)


def drop_import(actor: Actor, athlete: Athlete, folder: Path, token: str, now: datetime) -> None:
    """Cancel a preview: its staged file is deleted (a stale or unknown token: nothing to do)."""
    try:
        upload, record_path, _ = _staged(folder, actor, athlete, token, now)
    except InputError:
        return
    upload.unlink(missing_ok=True)
    record_path.unlink(missing_ok=True)


def import_upload(
    session: Session,
    actor: Actor,
    athlete_id: int,
    folder: Path,
    filename: str,
    data: IO[bytes],
    *,
    dry_run: bool,
    format: str | None = None,
) -> tuple[Athlete, ImportReport]:
    """The API's import in one step: the upload imported all or nothing, or with ``dry_run``
    only counted (nothing written). The upload's copy is deleted afterwards either way."""
    athlete = athlete_for(session, actor, athlete_id)
    chosen = _format(format)
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(suffix=".csv", dir=folder)
    os.close(handle)
    upload = Path(name)
    upload.unlink()
    try:
        _receive(data, upload)
        return import_for(
            session,
            actor,
            athlete.id,
            upload,
            format=chosen,
            tz=_zone_name(athlete),
            dry_run=dry_run,
            name=_file_label(filename),
        )
    finally:
        upload.unlink(missing_ok=True)


def export_filename(athlete: Athlete, what: str, day: date, suffix: str) -> str:
    """A download's file name: ``hipthrust-log-ann-2026-12-07.csv`` (ASCII, no spaces)."""
    slug = re.sub(r"[^a-z0-9]+", "-", athlete.name.lower()).strip("-")[:40] or "athlete"
    return f"hipthrust-{what}-{slug}-{day.isoformat()}.{suffix}"


def plan_start(session: Session, actor: Actor, athlete_id: int, today: date) -> date:
    """The day week 1 of the active plan starts: the day it was written (in the athlete's
    zone; ``service.handout.plan_start_day``), so a calendar downloaded in week 3 still puts
    week 3 in this week; ``today`` when there is no plan."""
    athlete = athlete_for(session, actor, athlete_id)
    if active_plan(session, athlete.id) is None:
        return today
    return min(plan_start_day(session, athlete), today)
