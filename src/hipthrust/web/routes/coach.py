"""The coach's side: the dashboard of their athletes, and inviting an athlete.

Pages: ``/coach`` (the dashboard: ``?sort=&filter=&q=`` order, filter and search it, with no
JavaScript needed), ``POST /coach/invitations`` (a new invitation link, shown once),
``POST /coach/invitations/{id}/revoke``. API: ``GET /api/v1/coach/dashboard`` (the same
parameters), ``DELETE /api/v1/coach/invitations/{id}``. Each athlete links to their own pages
(``/athletes/{id}/today``, ``/history``, ``/videos``), which a linked coach may open.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from hipthrust.service.accounts import invite
from hipthrust.service.dashboard import FILTERS, SORTS, coach_dashboard
from hipthrust.service.invitations import revoke_invitation
from hipthrust.web.deps import DB, CurrentActor, render
from hipthrust.web.routes.auth import invitation_url

__all__ = ["router"]

router = APIRouter()


def _now() -> datetime:
    return datetime.now(UTC)


_SORT = Query(description="Order: " + "; ".join(f"{k} ({v})" for k, v in SORTS.items()))
_FILTER = Query(description="Show: " + "; ".join(f"{k} ({v})" for k, v in FILTERS.items()))
_SEARCH = Query(description="Only athletes whose name contains this (any case).")
Sort = Annotated[str | None, _SORT]
Filter = Annotated[str | None, _FILTER]
Search = Annotated[str | None, _SEARCH]


@router.get("/coach", include_in_schema=False)
def dashboard_page(
    request: Request,
    session: DB,
    actor: CurrentActor,
    sort: Sort = None,
    filter: Filter = None,
    q: Search = None,
) -> Response:
    board = coach_dashboard(session, actor, _now(), sort=sort, show=filter, query=q)
    return render(
        request,
        "coach_dashboard.html",
        actor=actor,
        board=board,
        sorts=SORTS,
        filters=FILTERS,
        revoked="revoked" in request.query_params,
    )


@router.post("/coach/invitations/{invitation_id}/revoke", include_in_schema=False)
def revoke_page(invitation_id: int, session: DB, actor: CurrentActor) -> Response:
    revoke_invitation(session, actor, invitation_id)
    return RedirectResponse("/coach?revoked=1#invitations", status_code=303)


@router.delete("/api/v1/coach/invitations/{invitation_id}", status_code=204, tags=["coach"])
def revoke_api(invitation_id: int, session: DB, actor: CurrentActor) -> Response:
    """Take back an invitation not yet accepted: its link stops working (403 for another
    coach's or an unknown id, 400 once accepted)."""
    revoke_invitation(session, actor, invitation_id)
    return Response(status_code=204)


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


class StandingOut(BaseModel):
    rung: int | None = Field(description="The rung the athlete is on (coaching.placement).")
    rung_name: str | None
    decision: str | None = Field(description="advance, hold, regress or deload")
    label: str = Field(description='e.g. "Step up", "Same again"')
    next_rung: int | None = Field(description="The next session's rung.")
    words: str = Field(description="The next decision in plain words, with its first reason.")


class InvitationOut(BaseModel):
    id: int
    created_at: datetime
    expires_at: datetime


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
    standing: StandingOut | None
    worst_pain: int | None = Field(description="The worst pain of the last two weeks.")
    inactive: bool = Field(description="No training in the last seven days.")


class DashboardOut(BaseModel):
    coach: str
    today: date
    sort: str
    filter: str
    q: str
    total: int = Field(description="The coach's athletes before filtering and searching.")
    athletes: list[AthleteCardOut]
    invitations: list[InvitationOut] = Field(description="Not yet accepted nor expired.")


@router.get("/api/v1/coach/dashboard", response_model=DashboardOut, tags=["coach"])
def api_dashboard(
    session: DB,
    actor: CurrentActor,
    sort: Sort = None,
    filter: Filter = None,
    q: Search = None,
) -> Any:
    """The signed-in coach's athletes: the rung each is on and the next decision, adherence
    over four weeks, pain alerts over two, what needs a clinician, and the latest videos
    (default: those needing attention first); and the invitations not yet accepted."""
    return coach_dashboard(session, actor, _now(), sort=sort, show=filter, query=q).to_json()
