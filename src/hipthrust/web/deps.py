"""What routes depend on: the database session, the signed-in actor, the templates.

Routes stay thin: parse the request, call one service function with the ``Actor``, render.
Authorization is the service layer's (``hipthrust.service.accounts.athlete_for``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from hipthrust.coaching.questions import CITATION, DESIGN_WORDS, Citation, read_citation
from hipthrust.errors import NotSignedIn
from hipthrust.service.accounts import Actor, actor_of
from hipthrust.settings import Settings
from hipthrust.store import Store, read_transaction, transaction
from hipthrust.web.security import csrf_input, csrf_token

__all__ = [
    "DB",
    "CurrentActor",
    "MaybeActor",
    "cited",
    "config_of",
    "current_actor",
    "db_session",
    "maybe_actor",
    "render",
    "signed_in_actor",
    "templates",
]

SESSION_USER = "user_id"
SESSION_EPOCH = "session_epoch"  # the user's session epoch when signed in: ends with a bump


def _citation_shown(citation: Citation) -> Markup:
    items = [
        Markup('<a class="cite" href="/questions#{}">{}</a>').format(source.anchor, source.title)
        for source in citation.sources
    ]
    if citation.design:
        items.append(escape(DESIGN_WORDS))
    label = ""
    if citation.sources:
        label = "source: " if len(citation.sources) == 1 else "sources: "
    return Markup(" (") + label + Markup("; ").join(items) + Markup(")")


def cited(text: object) -> Markup:
    """A coaching sentence as a person reads it: each tag (``[seed 002, 003]``,
    ``[seed 003; design]``) becomes its sources by title, linked to the list on /questions,
    and "our own cautious choice" for ``design``; a bracket that names no known source stays
    as written. The rest of the text is escaped."""
    value = str(text)
    parts: list[Markup] = []
    at = 0
    for match in CITATION.finditer(value):
        citation = read_citation(match.group(1))
        if citation is None:
            continue
        parts.append(escape(value[at : match.start()]))
        parts.append(_citation_shown(citation))
        at = match.end()
    parts.append(escape(value[at:]))
    return Markup("").join(parts)


templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["csrf_input"] = csrf_input
templates.env.globals["csrf_token"] = csrf_token
templates.env.filters["cited"] = cited


def config_of(request: Request) -> Settings:
    config: Settings = request.app.state.config
    return config


def db_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the route has returned and its answer is
    made, before a byte of it is sent; rolled back when the route raises.

    The dependency's scope is the route function's (``scope="function"``), so the commit runs
    before the response goes out: a 201 is sent only for a row that is stored, and a commit
    that fails (a constraint checked at commit, the database gone) raises here, so the client
    gets the 500 (``web.guard``) and nothing is stored."""
    store: Store = request.app.state.store
    if request.method in _READING:
        # GET and HEAD only read (tests/web/test_reads_write_nothing.py): a deferred read
        # transaction, which on SQLite neither waits for nor blocks the writer.
        with read_transaction(store) as session:
            yield session
        return
    with transaction(store) as session:
        yield session


_READING = frozenset({"GET", "HEAD"})


DB = Annotated[Session, Depends(db_session, scope="function")]


def maybe_actor(request: Request, session: DB) -> Actor | None:
    user_id = request.session.get(SESSION_USER)
    if not isinstance(user_id, int):
        return None
    try:
        return actor_of(session, user_id, request.session.get(SESSION_EPOCH))
    except NotSignedIn:  # gone, or its sessions were ended (signed out everywhere, new password)
        request.session.pop(SESSION_USER, None)
        request.session.pop(SESSION_EPOCH, None)
        return None


async def current_actor(actor: Annotated[Actor | None, Depends(maybe_actor)]) -> Actor:
    """The signed-in actor; ``NotSignedIn`` (401 for the API, the sign-in page for pages).
    Async because it does no I/O: it runs on the event loop, with no hop to a worker thread
    and back (a plain ``def`` would take one on every signed-in request)."""
    if actor is None:
        raise NotSignedIn("sign in first")
    return actor


CurrentActor = Annotated[Actor, Depends(current_actor)]
MaybeActor = Annotated[Actor | None, Depends(maybe_actor)]


def signed_in_actor(request: Request) -> Actor | None:
    """The session's actor, read in a transaction of its own: for pages rendered outside a
    route (the error pages), so their navigation still knows who is signed in."""
    user_id = request.session.get(SESSION_USER)
    if not isinstance(user_id, int):
        return None
    try:
        with transaction(request.app.state.store) as session:
            return actor_of(session, user_id, request.session.get(SESSION_EPOCH))
    except NotSignedIn:
        return None


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Any:
    """A page; ``actor`` (or None) is always in the context for the navigation."""
    context.setdefault("actor", None)
    return templates.TemplateResponse(request, template, context, status_code=status_code)
