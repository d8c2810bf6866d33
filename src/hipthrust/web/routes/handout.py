"""The printable handout: ``/athletes/{id}/plan/handout.pdf`` (the plan page's download) and
its API twin ``/api/v1/athletes/{id}/plan/handout.pdf``.

Both render ``service.handout.plan_handout_for``, the use case ``hipthrust export plan
--format pdf`` calls: the active plan for someone who may see it (the athlete, their coach),
with calendar dates from the plan's start, or from ``?start=YYYY-MM-DD``.
"""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import Response

from hipthrust.service.handout import Handout, plan_handout_for
from hipthrust.web.deps import DB, CurrentActor
from hipthrust.web.routes.training_common import attachment, now_utc, read_day

__all__ = ["router"]

router = APIRouter()

_START = Query(
    None,
    max_length=10,
    description="The day week 1 starts, e.g. 2026-11-23 (default: the day the plan was written).",
)


def _pdf(handout: Handout) -> Response:
    return attachment(handout.pdf, "application/pdf", handout.filename)


@router.get("/athletes/{athlete_id}/plan/handout.pdf", include_in_schema=False)
def handout_page(
    athlete_id: int, actor: CurrentActor, db: DB, start: str | None = _START
) -> Response:
    return _pdf(plan_handout_for(db, actor, athlete_id, now=now_utc(), start=read_day(start)))


@router.get(
    "/api/v1/athletes/{athlete_id}/plan/handout.pdf",
    tags=["plan"],
    response_class=Response,
    responses={
        200: {
            "description": "The handout, an A4 PDF to print.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def handout_api(
    athlete_id: int, actor: CurrentActor, db: DB, start: str | None = _START
) -> Response:
    """The active plan as the printable handout a physiotherapist hands over: the athlete's
    name, every session with its dates (weeks that repeat once, with all their dates), the
    warm-up drills, each exercise's cues and pictures, and a pain diary
    (``hipthrust export plan --format pdf``). 400 when there is no plan to print."""
    return _pdf(plan_handout_for(db, actor, athlete_id, now=now_utc(), start=read_day(start)))
