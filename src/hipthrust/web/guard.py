"""The outermost layer of every answer: the security headers, and a proper 500.

Pure ASGI (no ``BaseHTTPMiddleware``), so the headers go on the response's start message
whatever produced it: a route, an exception handler, the body limits' 413 or the 500 below.

An exception nobody handled (a bug, a database gone away, a commit that failed) is logged with
its traceback on the ``hipthrust.web`` logger and answered with a 500: a page for people,
``{"detail": ...}`` for the API, with the same headers as every other answer. It is not raised
on to the server, so the client's keep-alive connection stays open. The route's transaction
was rolled back before the answer (``web.deps.db_session`` commits before the response is
sent), so a 500 from a route on the request's transaction stored nothing. When the response
had already started, nothing more can be said: the exception goes on to the server, which
closes the connection (the client sees a cut answer, never a whole wrong one).
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "API_PREFIX",
    "SECURITY_HEADERS",
    "SERVER_ERROR",
    "Guard",
    "refusal",
    "server_error",
    "wants_json",
]

API_PREFIX = "/api/v1"
SERVER_ERROR = "something went wrong on the server: try again in a moment"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; "
        "style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'self'"
    ),
}

log = logging.getLogger("hipthrust.web")


def wants_json(path: str) -> bool:
    """Whether an answer to ``path`` is JSON (the API) rather than a page."""
    return path.startswith(API_PREFIX)


class Guard:
    """Security headers on every response; an unhandled exception becomes a logged 500."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if wants_json(path) or "text/html" in headers.get("content-type", ""):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if started:
                raise
            log.exception("%s %s failed", scope.get("method", "?"), path)
            response = await server_error(scope, receive)
            await response(scope, receive, send_with_headers)


async def refusal(scope: Scope, receive: Receive, message: str, status: int = 400) -> Response:
    """A refusal in one sentence: JSON for the API, the error page for people, with their
    navigation when the session's person can still be read (a plain page when even the page
    cannot be drawn)."""
    if wants_json(scope.get("path", "")):
        return JSONResponse({"detail": message}, status_code=status)
    from hipthrust.web.deps import render, signed_in_actor  # the app's templates and store

    request = Request(scope, receive)
    try:
        actor = await run_in_threadpool(signed_in_actor, request)
    except Exception:  # the store is what failed: the page without the person's links
        actor = None
    try:
        page: Response = render(request, "error.html", status, message=message, actor=actor)
        return page
    except Exception:
        log.exception("the error page could not be drawn")
        return HTMLResponse(f"<!doctype html><title>hipthrust</title><p>{message}</p>", status)


async def server_error(scope: Scope, receive: Receive) -> Response:
    """The 500, as ``refusal`` words it."""
    return await refusal(scope, receive, SERVER_ERROR, 500)
