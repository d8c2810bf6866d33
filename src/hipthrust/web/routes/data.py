"""Data in and out: import a Strong, Hevy or Liftosaur export or restore a hipthrust backup;
download the log and the plan.

Pages: ``/athletes/{id}/import`` (choose the file; ``POST`` shows the preview of what will be
added, nothing written; ``POST .../import/confirm`` imports exactly that, all or nothing;
``POST .../import/cancel`` drops it), ``/athletes/{id}/export/log.csv`` and ``log.json``, and
``/athletes/{id}/plan/calendar.ics`` (downloads). API: ``POST /api/v1/athletes/{id}/imports``
(multipart, ``?dry_run=true`` to count only) and the same three downloads under ``/api/v1``.
The use cases are ``service.data_transfer`` and ``service.athlete_portal``'s exports, the
ones ``hipthrust import`` and ``hipthrust export`` call; who may see what is ``athlete_for``'s.

The preview keeps the uploaded file for ``STAGED_FOR`` in the data folder's ``imports/``, under
a random token bound to the person and the athlete; confirming imports that file (checked by
its SHA-256), so what is imported is what was shown, or, when the log changed meanwhile,
nothing, and the new preview is shown instead.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from pydantic import Field
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from hipthrust.coaching.units import Units, parse_units
from hipthrust.errors import InputError
from hipthrust.formats import FORMAT_NAMES, FORMATS
from hipthrust.service.accounts import Actor
from hipthrust.service.athlete_portal import athlete_of, log_export_for, plan_export_for
from hipthrust.service.data_transfer import (
    MAX_IMPORT_BYTES,
    STAGED_FOR,
    StagedImport,
    confirm_import,
    drop_import,
    export_filename,
    import_upload,
    plan_start,
    stage_import,
)
from hipthrust.service.exporting import NO_PLAN
from hipthrust.store import Athlete
from hipthrust.web.deps import DB, CurrentActor, config_of, render
from hipthrust.web.routes.training_common import (
    OpenModel,
    attachment,
    now_utc,
    read_day,
    text_of,
)

__all__ = ["SHOWN_ROWS", "imports_dir", "router"]

router = APIRouter()

SHOWN_ROWS = 50  # rows left out, listed on the preview page (the API lists them all) [design]
_FILE_FIELD = "export"
_NO_PLAN_WEB = "no plan yet: write one on the Plan page first"
_REMIND = r"^(?:[01]\d|2[0-3]):[0-5]\d$|^none$"
_DAY = r"^\d{4}-\d{2}-\d{2}$"


def imports_dir(request: Request) -> Path:
    """Where previewed uploads wait for their confirmation."""
    return config_of(request).data_dir / "imports"


def _today(athlete: Athlete, now: datetime) -> date:
    return now.astimezone(athlete.zone).date()


# --------------------------------------------------------------------------- import pages


def _import_page(
    request: Request,
    actor: Actor,
    athlete: Athlete,
    status: int = 200,
    *,
    staged: StagedImport | None = None,
    changed: bool = False,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    report = None if staged is None else staged.report
    return render(
        request,
        "data_import.html",
        status,
        actor=actor,
        athlete=athlete,
        formats=FORMATS,
        format_names=FORMAT_NAMES,
        staged=staged,
        report=report,
        period="" if report is None else report.period(),
        skipped=() if report is None else report.skipped_rows[:SHOWN_ROWS],
        more_skipped=0 if report is None else max(0, len(report.skipped_rows) - SHOWN_ROWS),
        changed=changed,
        minutes=int(STAGED_FOR.total_seconds() // 60),
        max_mb=MAX_IMPORT_BYTES // (1024 * 1024),
        errors=errors or {},
        values=values or {},
        imported=request.query_params.get("imported"),
        already=request.query_params.get("already"),
    )


@router.get("/athletes/{athlete_id}/import", include_in_schema=False)
def import_page(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    return _import_page(request, actor, athlete_of(db, actor, athlete_id))


@router.post("/athletes/{athlete_id}/import", include_in_schema=False)
async def import_preview(
    request: Request, athlete_id: int, actor: CurrentActor, db: DB
) -> Response:
    form = await request.form()  # parsed by the CSRF check already (its files spooled)
    try:
        chosen = text_of(form, "format")
        upload = form.get(_FILE_FIELD)
        athlete = athlete_of(db, actor, athlete_id)
        errors: dict[str, str] = {}
        staged = None
        if not isinstance(upload, StarletteUpload) or not (upload.filename or upload.size):
            errors[_FILE_FIELD] = "choose the CSV file your app exported, or a hipthrust backup"
        else:
            folder, filename = imports_dir(request), upload.filename or "export.csv"
            try:
                staged = await run_in_threadpool(
                    stage_import,
                    db,
                    actor,
                    athlete_id,
                    folder,
                    filename,
                    upload.file,
                    now_utc(),
                    format=chosen or None,
                )
            except InputError as error:
                errors[_FILE_FIELD] = str(error)
    finally:
        await form.close()  # the spooled upload is deleted; the staged copy stays
    if staged is None:
        values = {"format": chosen}
        return _import_page(request, actor, athlete, 400, errors=errors, values=values)
    return _import_page(request, actor, athlete, staged=staged)


@router.post("/athletes/{athlete_id}/import/confirm", include_in_schema=False)
async def import_confirm(
    request: Request, athlete_id: int, actor: CurrentActor, db: DB
) -> Response:
    form = await request.form()
    token = text_of(form, "token")
    found = await run_in_threadpool(
        confirm_import, db, actor, athlete_id, imports_dir(request), token, now_utc()
    )
    if found.changed:
        staged = StagedImport(token, found.athlete, found.report, now_utc() + STAGED_FOR)
        return _import_page(request, actor, found.athlete, staged=staged, changed=True)
    done = found.report
    return RedirectResponse(
        f"/athletes/{athlete_id}/import?imported={done.inserted}&already={done.already_stored}",
        status_code=303,
    )


@router.post("/athletes/{athlete_id}/import/cancel", include_in_schema=False)
async def import_cancel(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    form = await request.form()
    athlete = athlete_of(db, actor, athlete_id)
    drop_import(actor, athlete, imports_dir(request), text_of(form, "token"), now_utc())
    return RedirectResponse(f"/athletes/{athlete_id}/import", status_code=303)


# --------------------------------------------------------------------------- downloads


def _units(text: str | None) -> Units | None:
    return None if not text else parse_units(text)


def _log_download(
    db: Session, actor: Actor, athlete_id: int, kind: str, units: str | None
) -> Response:
    now = now_utc()
    athlete, text, _ = log_export_for(db, actor, athlete_id, kind, now, _units(units))
    filename = export_filename(athlete, "log", _today(athlete, now), kind)
    media = "text/csv; charset=utf-8" if kind == "csv" else "application/json"
    return attachment(text, media, filename)


def _reminder(text: str | None) -> time | None:
    if text is None or not text.strip():
        return time(7, 0)
    if text.strip().lower() == "none":
        return None
    found = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if found is None:
        raise InputError(f"cannot read {text!r} as a time of day: write it like 07:30, or none")
    return time(int(found.group(1)), int(found.group(2)))


def _calendar_download(
    db: Session, actor: Actor, athlete_id: int, start: str | None, remind: str | None
) -> Response:
    now = now_utc()
    athlete = athlete_of(db, actor, athlete_id)
    today = _today(athlete, now)
    first = read_day(start) or plan_start(db, actor, athlete_id, today)
    reminder = _reminder(remind)
    try:
        _, data = plan_export_for(
            db, actor, athlete_id, "ics", start=first, now=now, units=None, reminder=reminder
        )
    except InputError as error:
        if str(error) == NO_PLAN:
            raise InputError(_NO_PLAN_WEB) from None
        raise
    filename = export_filename(athlete, "plan", first, "ics")
    return attachment(data, "text/calendar; charset=utf-8", filename)


_UNITS_QUERY = Query(
    pattern="^(kg|lb)$",
    description="kg or lb: the units loads are shown in (default: the athlete's).",
)
_START_QUERY = Query(
    pattern=_DAY,
    description="The day week 1 starts, e.g. 2026-11-23 (default: the day the plan was written).",
)
_REMIND_QUERY = Query(
    pattern=_REMIND,
    description="The time of each session's reminder on its day, e.g. 07:30 (default 07:00); "
    "none: no reminders.",
)


# ------------------------------------------------------------------ the pages and the API
# Each download answers at two addresses: the page's link (left out of the OpenAPI document)
# and the API's, documented there. One function serves both.


def _text_body(media: str, what: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": what, "content": {media: {"schema": {"type": "string"}}}}}


@router.get("/athletes/{athlete_id}/export/log.csv", include_in_schema=False)
@router.get(
    "/api/v1/athletes/{athlete_id}/export/log.csv",
    response_class=Response,
    responses=_text_body("text/csv", "Every set, one CSV row each (columns: docs/export.md)."),
)
def log_csv_api(
    athlete_id: int, actor: CurrentActor, db: DB, units: Annotated[str | None, _UNITS_QUERY] = None
) -> Response:
    """The log as CSV, as ``hipthrust export log`` writes it (an attachment)."""
    return _log_download(db, actor, athlete_id, "csv", units)


@router.get("/athletes/{athlete_id}/export/log.json", include_in_schema=False)
@router.get(
    "/api/v1/athletes/{athlete_id}/export/log.json",
    response_class=Response,
    responses={
        200: {
            "description": "The whole log: profile, sets, check-ins, assessments, plans.",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
def log_json_api(
    athlete_id: int, actor: CurrentActor, db: DB, units: Annotated[str | None, _UNITS_QUERY] = None
) -> Response:
    """The whole log as JSON, as ``hipthrust export log --format json`` writes it."""
    return _log_download(db, actor, athlete_id, "json", units)


@router.get("/athletes/{athlete_id}/plan/calendar.ics", include_in_schema=False)
@router.get(
    "/api/v1/athletes/{athlete_id}/plan/calendar.ics",
    response_class=Response,
    responses=_text_body(
        "text/calendar", "The active plan: one all-day event per session, each with a reminder."
    ),
)
def calendar_api(
    athlete_id: int,
    actor: CurrentActor,
    db: DB,
    start: Annotated[str | None, _START_QUERY] = None,
    remind: Annotated[str | None, _REMIND_QUERY] = None,
) -> Response:
    """The active plan as an iCalendar file (400 when there is no plan)."""
    return _calendar_download(db, actor, athlete_id, start, remind)


class ImportOut(OpenModel):
    """What the import did, or with ``dry_run`` would do (``hipthrust import --json``)."""

    athlete: str
    file: str
    format: str
    dry_run: bool
    sets_read: int
    inserted: int = Field(description="New sets (with dry_run: that would be added).")
    already_stored: int = Field(description="Sets the log has already: skipped.")
    hip_thrust_sets: int
    other_sets: int
    first_day: str | None
    last_day: str | None
    skipped_rows: list[dict[str, Any]] = Field(description="Rows that are not sets: line, reason.")
    warnings: list[str]
    exercises: list[dict[str, Any]] = Field(
        description="Each exercise of the file: name (as written), shown (our name), kind, sets."
    )
    checkins: dict[str, int] | None = Field(
        default=None,
        description="A hipthrust backup's check-ins: read, added, already_stored (else null).",
    )
    assessments: dict[str, int] | None = Field(
        default=None,
        description="A hipthrust backup's assessments: read, added, already_stored (else null).",
    )
    plans: dict[str, int] | None = Field(
        default=None,
        description="A hipthrust backup's plans: read, added, already_stored (else null).",
    )


@router.post(
    "/api/v1/athletes/{athlete_id}/imports",
    response_model=ImportOut,
    responses={
        200: {"description": "With dry_run=true: what importing would do; nothing written."},
        201: {"description": "Imported, all of it.", "model": ImportOut},
    },
)
def import_api(
    athlete_id: int,
    actor: CurrentActor,
    db: DB,
    request: Request,
    response: Response,
    file: Annotated[
        UploadFile,
        File(description="The CSV export of Strong, Hevy or Liftosaur, or a hipthrust backup."),
    ],
    format: Annotated[
        Literal["strong", "hevy", "liftosaur", "hipthrust"] | None,
        Form(description="Force a format (default: detected from the file)."),
    ] = None,
    dry_run: Annotated[
        bool, Query(description="true: count what would be added, write nothing.")
    ] = False,
) -> dict[str, Any]:
    """Import an export all or nothing (201), or with ``dry_run=true`` preview it (200):
    counts, dates, exercises with the names the log shows, rows left out. A hipthrust backup
    (its JSON export) is restored the same way, with its check-ins, assessments and plans.
    A refused file (400, ``detail`` naming the line) imports nothing; a second import adds
    nothing."""
    athlete, report = import_upload(
        db,
        actor,
        athlete_id,
        imports_dir(request),
        file.filename or "export.csv",
        file.file,
        dry_run=dry_run,
        format=format,
    )
    response.status_code = 200 if dry_run else 201
    return {"athlete": athlete.shown_name, **report.to_json()}
