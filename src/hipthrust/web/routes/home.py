"""``/``: where each person starts: an athlete at today's session, a coach at the dashboard."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from hipthrust.web.deps import MaybeActor, render

__all__ = ["router"]

router = APIRouter()


@router.get("/", include_in_schema=False)
def home(request: Request, actor: MaybeActor) -> Response:
    if actor is None:
        return render(request, "welcome.html")
    if actor.is_coach:
        return RedirectResponse("/coach", status_code=303)
    return RedirectResponse(f"/athletes/{actor.athlete_id}/today", status_code=303)
