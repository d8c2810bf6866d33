"""Comments: the coach's word on an athlete's set, video or day, and the athlete reading it.

Page form: ``POST /athletes/{id}/comments`` (from the coach's History and the video report;
back to where it was sent from). API: ``GET``/``POST /api/v1/athletes/{id}/comments``. The
pages that show comments (Today, History, the video report) read them with
``service.comments``; text is escaped by the templates (Jinja's autoescape).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import Field

from hipthrust.errors import InputError
from hipthrust.service.athlete_portal import athlete_of
from hipthrust.service.comments import MAX_COMMENT_CHARS, add_comment, comments_for
from hipthrust.web.deps import DB, CurrentActor, render
from hipthrust.web.routes.training_common import OpenModel, StrictModel, now_utc, text_of

__all__ = ["router"]

router = APIRouter()

_BACKS = ("history", "video", "today")


def _whole(form: Any, name: str) -> int | None:
    text = text_of(form, name)
    if not text:
        return None
    if not text.isdigit():
        raise InputError(f"{name} must be a whole number, not {text!r}")
    return int(text)


@router.post("/athletes/{athlete_id}/comments", include_in_schema=False)
async def comment_page(request: Request, athlete_id: int, actor: CurrentActor, db: DB) -> Response:
    form = await request.form()
    target = text_of(form, "target")
    text = str(form.get("text") or "")
    back = text_of(form, "back") if text_of(form, "back") in _BACKS else "history"
    day = text_of(form, "day") or None
    try:
        set_id, analysis_id = _whole(form, "set_id"), _whole(form, "analysis_id")
        made = add_comment(
            db,
            actor,
            athlete_id,
            target=target,
            text=text,
            now=now_utc(),
            set_id=set_id,
            analysis_id=analysis_id,
            day=day,
        )
    except InputError as error:
        athlete = athlete_of(db, actor, athlete_id)
        return render(
            request,
            "comment_error.html",
            400,
            actor=actor,
            athlete=athlete,
            error=str(error),
            values={
                "target": target,
                "text": text,
                "set_id": text_of(form, "set_id"),
                "analysis_id": text_of(form, "analysis_id"),
                "day": day or "",
                "back": back,
            },
            max_chars=MAX_COMMENT_CHARS,
        )
    if back == "video" and made.analysis_id is not None:
        where = f"/videos/{made.analysis_id}?commented=1#comments"
    elif back == "today":
        where = f"/athletes/{athlete_id}/today?commented=1#coach-comments"
    else:
        anchor = f"set-{made.set_id}" if made.set_id is not None else f"day-{made.day}"
        where = f"/athletes/{athlete_id}/history?commented=1#{anchor}"
    return RedirectResponse(where, status_code=303)


# --------------------------------------------------------------------------- API


class CommentIn(StrictModel):
    """A comment on one of the athlete's sets, videos or days (the athlete's coach only)."""

    target: Literal["set", "video", "day"] = Field(description="What the comment is on.")
    text: str = Field(
        min_length=1,
        max_length=MAX_COMMENT_CHARS + 200,
        description=f"Stripped, then at most {MAX_COMMENT_CHARS} characters.",
    )
    set_id: int | None = Field(None, description="The set (target set).")
    analysis_id: int | None = Field(None, description="The video analysis (target video).")
    day: str | None = Field(None, description="The day, e.g. 2026-12-07 (target day).")


class CommentOut(OpenModel):
    id: int
    target: str
    set_id: int | None = Field(description="None when not on a set, or the set was removed.")
    analysis_id: int | None
    day: date = Field(description="The athlete's calendar day the comment belongs to.")
    text: str
    author: str = Field(description="The coach's display name when they wrote it.")
    created_at: str = Field(description="ISO time in the athlete's time zone.")


class CommentsOut(OpenModel):
    athlete: str
    time_zone: str
    comments: list[CommentOut]


@router.post(
    "/api/v1/athletes/{athlete_id}/comments",
    response_model=CommentOut,
    status_code=201,
    tags=["coach"],
    responses={403: {"description": "Not this athlete's coach (athletes read comments)."}},
)
def comment_api(athlete_id: int, body: CommentIn, actor: CurrentActor, db: DB) -> dict[str, Any]:
    """The athlete's coach comments on a set, a video analysis or a day."""
    return add_comment(
        db,
        actor,
        athlete_id,
        target=body.target,
        text=body.text,
        now=now_utc(),
        set_id=body.set_id,
        analysis_id=body.analysis_id,
        day=body.day,
    ).to_json()


@router.get("/api/v1/athletes/{athlete_id}/comments", response_model=CommentsOut, tags=["coach"])
def comments_api(
    athlete_id: int,
    actor: CurrentActor,
    db: DB,
    since: Annotated[date | None, Query(description="The first day (included).")] = None,
    until: Annotated[date | None, Query(description="The last day (included).")] = None,
    set_id: Annotated[int | None, Query(description="Only the comments on this set.")] = None,
    analysis_id: Annotated[int | None, Query(description="Only those on this video.")] = None,
) -> dict[str, Any]:
    """The athlete's comments, oldest first (for the athlete and their coaches)."""
    return comments_for(
        db, actor, athlete_id, since=since, until=until, set_id=set_id, analysis_id=analysis_id
    ).to_json()
