"""Helpers of the training pages' tests: a coach linked by a real invitation, ids, form fields."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from fastapi import FastAPI

from hipthrust.service.accounts import accept_invitation, invite
from hipthrust.store import transaction
from web.browsers import Browser


def link(app: FastAPI, coach: Browser, athlete: Browser) -> None:
    """The coach invites, the athlete accepts (through the service layer, as the pages do)."""
    assert coach.actor is not None and athlete.actor is not None
    now = datetime.now(UTC)
    with transaction(app.state.store) as session:
        token = invite(session, coach.actor, now).token
        accept_invitation(session, athlete.actor, token, now)


def athlete_id(browser: Browser) -> int:
    assert browser.actor is not None and browser.actor.athlete_id is not None
    return browser.actor.athlete_id


def field_error(page: str, name: str) -> str | None:
    """The message shown next to field ``name`` (None when there is none)."""
    found = re.search(
        rf'<p class="field-error" id="error-{re.escape(name)}"[^>]*>([^<]*)</p>', page
    )
    return None if found is None else html.unescape(found.group(1))


def hidden(page: str, name: str) -> str:
    """The value of the (first) hidden field ``name`` (HTML entities left as they are)."""
    found = re.search(rf'<input type="hidden" name="{re.escape(name)}" value="([^"]*)"', page)
    assert found is not None, f"no hidden field {name!r}"
    return found.group(1)
