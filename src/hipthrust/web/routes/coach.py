"""The coach's side: the dashboard of their athletes, and inviting an athlete.

Pages: ``/coach`` (the dashboard), ``POST /coach/invitations`` (a new invitation link, shown
once). API: ``GET /api/v1/coach/dashboard``. Each athlete links to their own pages
(``/athletes/{id}/today``, ``/history``, ``/videos``), which a linked coach may open.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from hipthrust.service.accounts import invite
from hipthrust.service.dashboard import coach_dashboard
from hipthrust.web.deps import DB, CurrentActor, render
from hipthrust.web.routes.auth import invitation_url

__all__ = ["router"]

router = APIRouter()


def _now() -> datetime:
    return datetime.now(UTC)


@router.get("/coach", include_in_schema=False)
def dashboard_page(request: Request, session: DB, actor: CurrentActor) -> Response:
    board = coach_dashboard(session, actor, _now())
    return render(request, "coach_dashboard.html", actor=actor, board=board, invitation=None)


@router.post("/coach/invitations", include_in_schema=False)
def invitation_page(request: Request, session: DB, actor: CurrentActor) -> Response:
    made = invite(session, actor, _now())
    return render(
        request,
        "coach_invitation.html",
        actor=actor,
        url=invitation_url(request, made.token),
        expires_at=made.expires_at,
    )


class AdherenceOut(BaseModel):
    since: date
    until: date
    trained: int = Field(description="days with hip thrust work (warm-ups aside)")
    planned: int | None = Field(description="the active plan's sessions due; None: no plan")
    percent: int | None


class PainAlertOut(BaseModel):
    day: date
    kind: str = Field(description='"set" (pain during a set) or "next_morning"')
    score: int
    sentence: str


class VideoOut(BaseModel):
    id: int
    filename: str
    status: str
    error: str | None
    uploaded_at: datetime


class AthleteCardOut(BaseModel):
    athlete_id: int
    name: str
    units: str
    adherence: AdherenceOut
    last_trained: date | None
    pain_alerts: list[PainAlertOut]
    clinician: list[str] = Field(description="what needs a clinician, in sentences")
    assessed: bool
    videos: list[VideoOut]
    needs_attention: bool


class DashboardOut(BaseModel):
    coach: str
    today: date
    athletes: list[AthleteCardOut]


@router.get("/api/v1/coach/dashboard", response_model=DashboardOut, tags=["coach"])
def api_dashboard(session: DB, actor: CurrentActor) -> Any:
    """The signed-in coach's athletes: adherence over four weeks, pain alerts over two, what
    needs a clinician, and the latest videos; those needing attention first."""
    return coach_dashboard(session, actor, _now()).to_json()
