"""Fix a mis-logged set on a phone: a session missed on shift is logged back-dated with a
mis-tapped pain 6, Today steps back; fixing the pain to 1 from History brings the session back."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from browser.conftest import Phones
from browser.people import athlete_id_of, sign_up, take_assessment

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_fix_a_mislogged_set_and_see_the_next_session_change_back(phones: Phones) -> None:
    page = phones.open()
    sign_up(page, "athlete", "Fay Fixer", "fay@example.com")
    expect(page).to_have_url(re.compile(r"/athletes/\d+/today$"))
    athlete = athlete_id_of(page)
    take_assessment(page, athlete)

    page.goto(f"/athletes/{athlete}/today")
    first = page.locator("section.exercise").first
    variation = first.get_attribute("data-variation") or ""
    single_leg = first.locator("input[name=right]").count() > 0
    before = page.locator(".decision-kind").inner_text()
    assert before != "Step back"

    # Missed on shift yesterday: logged back-dated, and pain 6 tapped instead of 1.
    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT09:00")
    page.select_option("#other-exercise", variation)
    page.fill("#other-reps", "10")
    if single_leg:
        page.fill("#other-right", "10")
    page.fill("#other-at", yesterday)
    page.fill("#other-pain", "6")
    page.locator("#log-other").tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/today\?logged=1$"))
    page.goto(f"/athletes/{athlete}/today")
    expect(page.locator(".decision-kind")).to_have_text("Step back")
    phones.screenshot(page, "c1-today-after-pain-6")

    # History: Fix, pain 1, save.
    page.goto(f"/athletes/{athlete}/history")
    page.locator("a.fix-set").first.tap()
    expect(page.locator("#set-edit")).to_be_visible()
    page.locator("label.pick", has=page.locator("#edit-pain-1")).tap()
    phones.screenshot(page, "c2-fix-the-set")
    page.locator("#save-set").tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/history\?changed=1$"))
    expect(page.locator("#change-notice")).to_be_visible()

    page.goto(f"/athletes/{athlete}/today")
    expect(page.locator(".decision-kind")).not_to_have_text("Step back")
    page.goto(f"/athletes/{athlete}/changes")
    expect(page.locator("#change-list")).to_have_attribute("data-count", "1")
    expect(page.locator("#change-list")).to_contain_text("Fay Fixer changed")
