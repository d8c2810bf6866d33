"""A coach invites an athlete, who accepts; the coach sees them on the dashboard and opens
their history. Another coach does not see them, and is refused (403) on their pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.conftest import Phones
from browser.people import (
    accept_invitation,
    invite_an_athlete,
    log_a_first_set,
    sign_up,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Markup in a name must come out as text, everywhere the coach sees it.
ATHLETE_NAME = "Dan <i>O'Neil</i>"


def test_a_coach_sees_the_athlete_they_invited_and_another_coach_is_refused(
    phones: Phones,
) -> None:
    cora = phones.open()
    sign_up(cora, "coach", "Cora Coach", "cora@example.com")
    expect(cora).to_have_url(re.compile(r"/coach$"))
    expect(cora.locator("section.athlete")).to_have_count(0)
    link = invite_an_athlete(cora)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/invite/[A-Za-z0-9_-]{40,}", link), link

    # The athlete opens the link signed out: sign up, come back to it, accept.
    dan = phones.open()
    athlete = accept_invitation(dan, ATHLETE_NAME, "dan@example.com", link, "Cora Coach")
    log_a_first_set(dan)

    # The coach's dashboard lists the athlete; their history opens with the set in it.
    cora.goto("/coach")
    card = cora.locator(f"#athlete-{athlete}")
    expect(card.locator("h2")).to_have_text(ATHLETE_NAME)
    expect(card.locator("h2 i")).to_have_count(0)
    expect(card).to_contain_text("Last trained")
    phones.screenshot(cora, "c1-coach-dashboard")
    card.get_by_role("link", name="History").tap()
    expect(cora).to_have_url(re.compile(rf"/athletes/{athlete}/history$"))
    expect(cora.locator(".athlete-name strong")).to_have_text(ATHLETE_NAME)
    expect(cora.locator("tr.history-set")).to_have_count(1)
    expect(cora.locator("tr.history-set")).to_contain_text("Glute bridge")
    expect(cora.locator("#progress-chart")).to_have_attribute("data-rendered", "true")
    phones.screenshot(cora, "c2-coach-opens-history")

    # Another coach: an empty dashboard, and every page and API of that athlete refused.
    eve = phones.open()
    sign_up(eve, "coach", "Eve Other", "eve@example.com")
    expect(eve).to_have_url(re.compile(r"/coach$"))
    expect(eve.locator("section.athlete")).to_have_count(0)
    expect(eve.locator("main")).not_to_contain_text("Dan")
    for page in ("today", "history", "plan", "videos", "checkin", "assess"):
        status = phones.open_refused(eve, f"/athletes/{athlete}/{page}")
        assert status == 403, (page, status)
        expect(eve.locator("main")).not_to_contain_text("Dan")
    phones.screenshot(eve, "c3-other-coach-refused")
    for path in ("today", "sets", "progress", "plan", "assessment", "videos"):
        answer = eve.request.get(f"/api/v1/athletes/{athlete}/{path}")
        assert answer.status == 403, (path, answer.status)
    board = eve.request.get("/api/v1/coach/dashboard")
    assert board.status == 200 and board.json()["athletes"] == []
