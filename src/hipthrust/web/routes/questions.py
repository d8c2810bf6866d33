"""``/questions``: readers' questions answered from the method, for anyone, signed in or not.

The page and its JSON twin (``/api/v1/questions``) render ``athlete_portal.readers_questions``,
the list ``hipthrust questions`` prints. A signed-in athlete's links go to their own pages
(the assessment, the plan ...); anyone else is offered the sign-up. Sources are shown by
title (the article's, or the study's citation), linked to the page's list of every source the
app cites (the other pages' sentences link there too: ``deps.cited``), never as the raw tags
the docs use (``[seed 003]``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hipthrust.coaching.questions import SOURCES
from hipthrust.service.athlete_portal import readers_questions
from hipthrust.web.deps import MaybeActor, render

__all__ = ["router"]

router = APIRouter()


@router.get("/questions", include_in_schema=False)
def questions_page(request: Request, actor: MaybeActor) -> Response:
    own = None if actor is None or actor.is_coach else actor.athlete_id
    answers = readers_questions()
    page: Response = render(
        request,
        "questions.html",
        actor=actor,
        answers=answers,
        sources=tuple(SOURCES.values()),
        athlete_id=own,
    )
    return page


@router.get("/api/v1/questions", tags=["questions"])
def api_questions() -> dict[str, Any]:
    """Readers' questions and the method's answers: each with its tag (seed, literature or
    design) and the same in words (``carried_by``), its sources (``sources``: the short ids
    the docs cite; ``cited``: each one's title and what it is about, as the page shows them),
    when to see a clinician, and what the app does about it."""
    return {"questions": [answer.to_json() for answer in readers_questions()]}
