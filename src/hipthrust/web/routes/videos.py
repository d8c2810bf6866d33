"""Videos of sets: upload, progress while analysed, the report, one tap to log the set.

Pages: ``/athletes/{id}/videos`` (the upload form and the athlete's analyses), ``/videos/{id}``
(progress while pending or running, then the annotated video, the per-rep timeline, the cues,
the chart and "Log this set"; or the reason it failed), ``/videos/{id}/files/{name}`` (the four
outputs, with HTTP range requests so a video can be scrubbed). API: ``POST`` and ``GET
/api/v1/athletes/{id}/videos``, ``GET /api/v1/videos/{id}``, ``POST /api/v1/videos/{id}/log``.
Who may see what is the service layer's (``athlete_for``) throughout.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from hipthrust.coaching.catalogue import CATALOGUE, Stance
from hipthrust.errors import InputError
from hipthrust.service.accounts import Actor, actor_of
from hipthrust.service.comments import MAX_COMMENT_CHARS, comments_for
from hipthrust.service.uploads import (
    OUTPUT_FILES,
    FieldError,
    IncomingVideo,
    UploadPlace,
    VideoChoice,
    accept_video,
    analyses_of,
    log_analysed_set,
    output_file,
    receive_video,
)
from hipthrust.service.video_pages import VideoReport, describe_analysis, video_report
from hipthrust.store import Store, transaction
from hipthrust.store.videos import VideoAnalysis
from hipthrust.web.deps import DB, SESSION_EPOCH, SESSION_USER, CurrentActor, config_of, render
from hipthrust.web.upload_stream import close_form, form_values, receive_form

__all__ = ["VIDEO_EXERCISES", "router"]

router = APIRouter()

# The exercises a video can be analysed as: both legs at once (the analysis counts one side).
VIDEO_EXERCISES = tuple((v.id, v.name) for v in CATALOGUE if v.stance is Stance.TWO_LEG)


class VideoAnalysisOut(BaseModel):
    """An uploaded video's analysis: where it is, and what came of it."""

    id: int
    athlete_id: int
    source_filename: str
    status: str = Field(description="pending, running, done or failed")
    stage: str | None = Field(None, description="while running: pose, video, saving ...")
    stage_words: str
    progress: float = Field(description="0 to 1")
    error: str | None = Field(None, description="why it failed, one sentence")
    exercise: str
    load: str | None
    created_at: datetime | None
    report_url: str
    files: dict[str, str] = Field(description="the outputs when done, by name")
    rep_count: int | None
    report: dict[str, Any] | None = Field(None, description="the set report when done")
    logged_set_id: int | None


class VideoSetLogIn(BaseModel):
    """What the lifter adds to the analysed set: the pain during it (a set without pain
    passes no gate)."""

    pain: int | None = Field(None, ge=0, le=10, description="Pain during the set, 0-10.")


def _pain(text: str) -> int | None:
    """The pain typed on the report page ('' : not given), or InputError in one sentence."""
    if not text.strip():
        return None
    try:
        score = int(text.strip())
    except ValueError:
        raise InputError(
            f"pain must be a whole number from 0 to 10, not {text.strip()!r}"
        ) from None
    if not 0 <= score <= 10:
        raise InputError(f"pain must be between 0 and 10, not {score}")
    return score


class VideoSetLoggedOut(BaseModel):
    set_id: int
    line: str
    advice: list[str]


def _out(view: VideoReport) -> VideoAnalysisOut:
    analysis = view.analysis
    report = analysis.report if analysis.status == "done" else None
    return VideoAnalysisOut(
        id=analysis.id,
        athlete_id=analysis.athlete_id,
        source_filename=analysis.source_filename,
        status=analysis.status,
        stage=analysis.stage,
        stage_words=view.stage_words,
        progress=analysis.progress or 0.0,
        error=analysis.error,
        exercise=view.exercise,
        load=view.load,
        created_at=analysis.created_at,
        report_url=f"/videos/{analysis.id}",
        files=view.files,
        rep_count=len(view.reps) if report is not None else None,
        report=report,
        logged_set_id=view.logged_set_id,
    )


def _signed_in(request: Request) -> Actor:
    """The signed-in actor, looked up in a transaction of its own (NotSignedIn if none).

    Upload routes do not hold the request's transaction open while a video streams in: it
    would keep a pooled connection (and, for the upload's own write, SQLite's write lock,
    ``hipthrust.store.db``) for as long as the phone takes to send the file."""
    user_id = request.session.get(SESSION_USER)
    with transaction(request.app.state.store) as session:
        epoch = request.session.get(SESSION_EPOCH)  # an ended session is signed out here too
        return actor_of(session, user_id if isinstance(user_id, int) else None, epoch)


async def _upload(request: Request, athlete_id: int) -> tuple[Actor, VideoAnalysis]:
    config = config_of(request)
    store: Store = request.app.state.store
    place = UploadPlace(config.uploads_dir, config.max_upload_bytes)
    try:
        actor = await run_in_threadpool(_signed_in, request)

        def start() -> IncomingVideo:
            with transaction(store) as session:
                return receive_video(session, actor, athlete_id, place)

        incoming = await run_in_threadpool(start)
        form = await receive_form(request, incoming)
        choice = VideoChoice(
            form.fields.get("exercise", ""),
            form.fields.get("load", ""),
            form.fields.get("side", ""),
        )
        analysis = await run_in_threadpool(
            accept_video,
            store,
            incoming,
            form.filename or "video",
            choice,
            request.app.state.queue,
            datetime.now(UTC),
        )
    finally:
        await close_form(request)
    return actor, analysis


# --------------------------------------------------------------------------- pages


def _list_page(
    request: Request,
    session: DB,
    actor: Actor,
    athlete_id: int,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    athlete, analyses = analyses_of(session, actor, athlete_id)
    rows = [(a, *describe_analysis(a, athlete)) for a in analyses]
    return render(
        request,
        "videos_list.html",
        status,
        actor=actor,
        athlete=athlete,
        rows=rows,
        exercises=VIDEO_EXERCISES,
        errors=errors or {},
        values=values or {"exercise": "barbell_hip_thrust"},
        max_mb=round(config_of(request).max_upload_bytes / (1024 * 1024)),
    )


@router.get("/athletes/{athlete_id}/videos", include_in_schema=False)
def videos_page(request: Request, athlete_id: int, session: DB, actor: CurrentActor) -> Response:
    return _list_page(request, session, actor, athlete_id)


@router.post("/athletes/{athlete_id}/videos", include_in_schema=False)
async def upload_page(request: Request, athlete_id: int) -> Response:
    try:
        _, analysis = await _upload(request, athlete_id)
    except FieldError as error:
        values = await form_values(request, ("exercise", "load", "side"))
        return await run_in_threadpool(
            _refused_page, request, athlete_id, {error.field: str(error)}, values
        )
    return RedirectResponse(f"/videos/{analysis.id}", status_code=303)


def _refused_page(
    request: Request, athlete_id: int, errors: dict[str, str], values: dict[str, str]
) -> Response:
    actor = _signed_in(request)
    with transaction(request.app.state.store) as session:
        return _list_page(request, session, actor, athlete_id, 400, errors, values)


@router.get("/videos/{analysis_id}", include_in_schema=False)
def report_page(request: Request, analysis_id: int, session: DB, actor: CurrentActor) -> Response:
    view = video_report(session, actor, analysis_id)
    notes = comments_for(session, actor, view.athlete.id, analysis_id=analysis_id)
    return render(
        request,
        "videos_report.html",
        actor=actor,
        view=view,
        a=view.analysis,
        comments=notes.items,
        max_comment=MAX_COMMENT_CHARS,
    )


@router.post("/videos/{analysis_id}/log", include_in_schema=False)
def log_page(
    request: Request,
    analysis_id: int,
    session: DB,
    actor: CurrentActor,
    pain: Annotated[str, Form()] = "",
) -> Response:
    try:
        score = _pain(pain)
        log_analysed_set(session, actor, analysis_id, datetime.now(UTC), score)
    except InputError as error:
        view = video_report(session, actor, analysis_id)
        return render(
            request,
            "videos_report.html",
            400,
            actor=actor,
            view=view,
            a=view.analysis,
            log_error=str(error),
        )
    return RedirectResponse(f"/videos/{analysis_id}#logged-set", status_code=303)


@router.get("/videos/{analysis_id}/files/{name}", include_in_schema=False)
def video_file(analysis_id: int, name: str, session: DB, actor: CurrentActor) -> Response:
    path = output_file(session, actor, analysis_id, name)
    return FileResponse(
        path,
        media_type=OUTPUT_FILES[name],
        headers={"Cache-Control": "private, no-store"},  # gone from the browser at sign-out
    )


# --------------------------------------------------------------------------- API


@router.post(
    "/api/v1/athletes/{athlete_id}/videos",
    status_code=201,
    response_model=VideoAnalysisOut,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["video"],
                        "properties": {
                            "video": {"type": "string", "format": "binary"},
                            "exercise": {"type": "string", "example": "barbell_hip_thrust"},
                            "load": {"type": "string", "example": "60kg"},
                            "side": {"type": "string", "enum": ["", "left", "right"]},
                        },
                    }
                }
            },
        }
    },
)
async def upload_api(request: Request, athlete_id: int) -> Any:
    """Upload a set's video (multipart: ``video``, ``exercise``, ``load``, ``side``); it is
    checked by content and queued. Poll ``GET /api/v1/videos/{id}`` for its progress. A
    refusal is 400 with ``detail`` and the form ``field`` it is about."""
    try:
        actor, analysis = await _upload(request, athlete_id)
    except FieldError as error:
        return JSONResponse({"detail": str(error), "field": error.field}, status_code=400)
    store: Store = request.app.state.store

    def view() -> VideoAnalysisOut:
        with transaction(store) as session:
            return _out(video_report(session, actor, analysis.id))

    return await run_in_threadpool(view)


@router.get("/api/v1/athletes/{athlete_id}/videos", response_model=list[VideoAnalysisOut])
def videos_api(athlete_id: int, session: DB, actor: CurrentActor) -> list[VideoAnalysisOut]:
    """The athlete's analysed videos, newest first."""
    _, analyses = analyses_of(session, actor, athlete_id)
    return [_out(video_report(session, actor, a.id)) for a in analyses]


@router.get("/api/v1/videos/{analysis_id}", response_model=VideoAnalysisOut)
def video_api(analysis_id: int, session: DB, actor: CurrentActor) -> VideoAnalysisOut:
    """One analysis: status, stage, progress and error; the report when done."""
    return _out(video_report(session, actor, analysis_id))


@router.post("/api/v1/videos/{analysis_id}/log", status_code=201, response_model=VideoSetLoggedOut)
def log_api(
    analysis_id: int, session: DB, actor: CurrentActor, body: VideoSetLogIn | None = None
) -> VideoSetLoggedOut:
    """Log the analysed set in the athlete's training log, linked to the analysis, with the
    pain during it (0-10; without it the set passes no gate)."""
    pain = None if body is None else body.pain
    logged = log_analysed_set(session, actor, analysis_id, datetime.now(UTC), pain)
    return VideoSetLoggedOut(set_id=logged.ids[0], line=logged.line, advice=list(logged.advice))
