"""How to do each exercise: ``/exercises/{variation_id}`` and ``/api/v1/exercises/{variation_id}``.

Both render ``service.exercises.how_to_or_none`` (what ``hipthrust exercises --id`` prints):
the setup, the execution cues, the common mistakes with their fixes and the two position
pictures. Anyone may read them, signed in or not; an unknown exercise is the 404 page (the
API's JSON 404).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from hipthrust.service.exercises import how_to_or_none
from hipthrust.web.deps import MaybeActor, render

__all__ = ["router"]

router = APIRouter()

_UNKNOWN = "there is no such exercise"


@router.get("/exercises/{variation_id}", include_in_schema=False)
def exercise_page(request: Request, variation_id: str, actor: MaybeActor) -> Response:
    found = how_to_or_none(variation_id)
    if found is None:
        raise HTTPException(404, _UNKNOWN)
    athlete = request.query_params.get("athlete", "")
    # Opened from an athlete's Today: a link back (that page checks who may see it).
    known = actor is not None and athlete.isdigit() and len(athlete) < 19
    today = f"/athletes/{int(athlete)}/today" if known else None
    page: Response = render(request, "exercise_howto.html", actor=actor, how=found, today=today)
    return page


@router.get(
    "/api/v1/exercises/{variation_id}",
    tags=["exercises"],
    responses={404: {"description": "No exercise has this id."}},
)
def exercise_api(variation_id: str) -> dict[str, Any]:
    """How to do one exercise: setup, execution cues, common mistakes with their fixes, and
    the bottom and top positions as SVG pictures (``hipthrust exercises --id ID``)."""
    found = how_to_or_none(variation_id)
    if found is None:
        raise HTTPException(404, _UNKNOWN)
    return found.to_json()
