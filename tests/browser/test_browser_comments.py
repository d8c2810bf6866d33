"""A coach's comment reaching the athlete: the coach finds the athlete on the dashboard (the
search narrows the cards as it is typed), comments on a set in their History, and the
athlete, signing in again later, reads it on Today and beside the set in History; the text
shows as text (markup is not run). The coach also revokes an invitation sent by mistake."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.conftest import Phones
from browser.people import (
    PASSWORD,
    accept_invitation,
    invite_an_athlete,
    log_a_first_set,
    sign_up,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COMMENT = "Lovely lockout <b>bold?</b> Squeeze 2 s at the top next time."


def test_a_coach_s_comment_on_a_set_reaches_the_athlete(phones: Phones) -> None:
    cora = phones.open()
    sign_up(cora, "coach", "Cora Coach", "cora.comments@example.com")
    link = invite_an_athlete(cora)

    bea = phones.open()
    athlete = accept_invitation(bea, "Bea Comments", "bea.comments@example.com", link, "Cora Coach")
    log_a_first_set(bea)
    expect(bea.locator("#coach-comments")).to_have_count(0)  # nothing from the coach yet
    bea.context.clear_cookies()  # she leaves; she signs in again later

    # A second invitation, sent by mistake: revoked from the dashboard.
    cora.goto("/coach")
    mistaken = invite_an_athlete(cora)
    cora.goto("/coach")
    expect(cora.locator("#invitations li")).to_have_count(1)
    cora.locator("#invitations").get_by_role("button", name=re.compile("Revoke")).tap()
    expect(cora.locator("#revoked-notice")).to_be_visible()
    expect(cora.locator("#invitations li")).to_have_count(0)

    # The dashboard: the rung and the next decision; the search narrows as it is typed.
    card = cora.locator(f"#athlete-{athlete}")
    expect(card.locator(".standing")).to_contain_text("Rung")
    expect(card.locator(".standing")).to_contain_text("Next session on rung")
    cora.fill("#board-q", "nobody")
    expect(card).to_be_hidden()
    cora.fill("#board-q", "bea")
    expect(card).to_be_visible()
    phones.screenshot(cora, "c4-coach-dashboard-search")
    card.get_by_role("link", name="History").tap()
    expect(cora).to_have_url(re.compile(rf"/athletes/{athlete}/history$"))

    row = cora.locator("tr.history-set").first
    row.get_by_text("Comment on this set").tap()
    row.get_by_label("Your comment").fill(COMMENT)
    row.get_by_role("button", name="Send to the athlete").tap()
    expect(cora).to_have_url(re.compile(r"/history\?commented=1#set-\d+$"))
    expect(cora.locator("tr.history-set .comment-text")).to_have_text(COMMENT)
    phones.screenshot(cora, "c5-coach-commented")

    # The athlete signs in again: the comment is on Today and beside the set in History.
    bea.goto("/login")
    bea.fill("#email", "bea.comments@example.com")
    bea.fill("#password", PASSWORD)
    bea.get_by_role("button", name="Sign in").tap()
    expect(bea).to_have_url(re.compile(rf"/athletes/{athlete}/today$"))
    comments = bea.locator("#coach-comments")
    expect(comments.locator("h2")).to_have_text("From your coach")
    expect(comments.locator(".comment-text")).to_have_text(COMMENT)  # markup shown as text
    expect(comments.locator(".comment-text b")).to_have_count(0)
    expect(comments.locator(".comment-by")).to_contain_text("Cora Coach, ")
    phones.screenshot(bea, "t-today-coach-comment")
    bea.get_by_role("link", name="History").first.tap()
    expect(bea).to_have_url(re.compile(rf"/athletes/{athlete}/history$"))
    beside = bea.locator("tr.history-set").first
    expect(beside).to_contain_text("Glute bridge")
    expect(beside.locator(".comment-text")).to_have_text(COMMENT)
    expect(bea.locator("details.comment-form")).to_have_count(0)  # athletes read, not write

    # The revoked link no longer works for anyone.
    eve = phones.open()
    phones.refused.add(mistaken)  # its page answers 400: expected
    sign_up(eve, "athlete", "Eve Late", "eve.late@example.com", next_path=mistaken)
    expect(eve).to_have_url(re.compile(r"/invite/"))
    expect(eve.locator("main")).to_contain_text("not known")
