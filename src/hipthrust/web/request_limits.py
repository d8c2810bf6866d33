"""What a request may carry, checked before any route reads it: its body's size, its numbers.

Every request body is limited to ``FORM_BYTES`` (JSON, forms, anything), except a video upload
(``POST /athletes/{id}/videos`` and ``POST /api/v1/athletes/{id}/videos``) from a signed-in
session, which may carry the configured video limit plus ``FORM_BYTES`` for the multipart
framing and the small fields; an export to import (``POST /athletes/{id}/import`` and ``POST
/api/v1/athletes/{id}/imports``) likewise ``MAX_IMPORT_BYTES`` plus ``FORM_BYTES``. The session is
read from its signed cookie (this middleware sits inside ``SessionMiddleware``), so a stranger
never gets the video or the import limit.

A body is refused with 413 by its ``Content-Length`` before a byte of it is read (the answer
says ``Connection: close``, so the server does not read the rest either), and, without a
``Content-Length`` or when it lied, while it streams: the read that crosses the limit raises
``BodyTooLarge`` inside the app (an upload in progress discards its file) and whatever the app
would have answered is replaced by the 413.

A number in the path past what the databases hold (``/api/v1/videos/9223372036854775808``) is
refused with 400 and one sentence: every id in a path is a 64-bit integer, and a larger one
would otherwise be taken for an id that does not exist (403), or break the SQLite driver.
"""

from __future__ import annotations

import re

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hipthrust.service.data_transfer import MAX_IMPORT_BYTES
from hipthrust.store.checks import MAX_ID, TOO_LARGE_NUMBER
from hipthrust.web.guard import refusal

__all__ = ["FORM_BYTES", "BodyTooLarge", "RequestLimits", "body_limit"]

FORM_BYTES = 128 * 1024  # the largest JSON or form body: a set, a plan form, an assessment
_UPLOAD_ROUTE = re.compile(r"^(?:/api/v1)?/athletes/[^/]+/videos/?$")
_IMPORT_ROUTE = re.compile(r"^(?:/athletes/[^/]+/import|/api/v1/athletes/[^/]+/imports)/?$")
_SESSION_USER = "user_id"


class BodyTooLarge(Exception):  # not a ValueError: the parsers must not take it for bad input
    """The request body went past its route's limit while it was read."""


def body_limit(scope: Scope, video_bytes: int) -> int:
    """The largest body ``scope``'s request may send."""
    session = scope.get("session")
    signed_in = isinstance(session, dict) and isinstance(session.get(_SESSION_USER), int)
    if signed_in and scope.get("method") == "POST":
        path = scope.get("path", "")
        if _UPLOAD_ROUTE.match(path):
            return video_bytes + FORM_BYTES
        if _IMPORT_ROUTE.match(path):
            return MAX_IMPORT_BYTES + FORM_BYTES
    return FORM_BYTES


def _megabytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{size // 1024} KB"


async def _too_large(scope: Scope, receive: Receive, limit: int) -> Response:
    message = f"the request is too large: at most {_megabytes(limit)} may be sent here"
    response = await refusal(scope, receive, message, 413)
    response.headers["Connection"] = "close"  # the server need not read the rest either
    return response


def _number_out_of_range(path: str) -> bool:
    for segment in path.split("/"):
        digits = segment[1:] if segment.startswith("-") else segment
        if digits.isascii() and digits.isdecimal() and abs(int(segment)) > MAX_ID:
            return True
    return False


class RequestLimits:
    """Refuses bodies past their route's limit and numbers past the databases' (see the
    module docstring)."""

    def __init__(self, app: ASGIApp, video_bytes: int) -> None:
        self.app = app
        self.video_bytes = video_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _number_out_of_range(scope.get("path", "")):
            await (await refusal(scope, receive, TOO_LARGE_NUMBER))(scope, receive, send)
            return
        limit = body_limit(scope, self.video_bytes)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await (await _too_large(scope, receive, limit))(scope, receive, send)
            return

        received = 0
        exceeded = False
        started = False
        replaced = False  # the 413 went out instead of the app's answer

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                raise BodyTooLarge
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def refuse() -> None:
            nonlocal started, replaced
            started = replaced = True
            await (await _too_large(scope, receive, limit))(scope, receive, send)

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if replaced:
                return
            if exceeded and not started:
                # Whatever the app made of the cut body (a 400, a page), the answer is the 413.
                await refuse()
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not exceeded or (started and not replaced):
                raise
            if not started:  # the cut body stopped the app (or broke a parser): the 413
                await refuse()


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
