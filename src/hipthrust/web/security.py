"""Cross-site request forgery protection: one token per browser session.

Every form carries the token in a hidden ``csrf_token`` field (``csrf_input()`` in a
template); scripts send it in the ``X-CSRF-Token`` header (``GET /api/v1/session`` hands it
out). Every POST, PUT, PATCH and DELETE without the right token is refused with 403 before
the route runs. The comparison takes constant time.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request
from markupsafe import Markup, escape

__all__ = ["CSRF_FIELD", "CSRF_HEADER", "check_csrf", "csrf_input", "csrf_token"]

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def csrf_token(request: Request) -> str:
    """This browser session's token, made on first use."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


def csrf_input(request: Request) -> Markup:
    """The hidden form field carrying the token."""
    return Markup(
        f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf_token(request))}">'
    )


async def check_csrf(request: Request) -> None:
    """A dependency on every route: unsafe methods need the session's token."""
    if request.method in _SAFE:
        return
    expected = request.session.get(CSRF_FIELD)
    sent = request.headers.get(CSRF_HEADER)
    form = None
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()  # parsed once; the route reads the same form
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or sent is None or not hmac.compare_digest(expected, sent):
        if form is not None:
            await form.close()  # refused: any uploaded file is dropped at once
        raise HTTPException(403, "the form has expired or did not come from this site: reload it")
