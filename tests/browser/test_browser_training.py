"""An athlete on a phone: sign up, take the assessment, log today's set with one tap, see it
on the history chart (plotly, drawn in the browser from the progress API)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.conftest import Phones
from browser.people import athlete_id_of, sign_up, take_assessment

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_sign_up_assess_log_a_set_with_one_tap_and_see_it_on_the_chart(phones: Phones) -> None:
    page = phones.open()
    sign_up(page, "athlete", "Ann Lifter", "ann@example.com")
    expect(page).to_have_url(re.compile(r"/athletes/\d+/today$"))
    athlete = athlete_id_of(page)

    # The assessment wizard, step by step: nothing to report, no pain, a good bridge test.
    take_assessment(page, athlete)
    result = page.locator("#assessment-result")
    expect(result).to_have_attribute("data-exercise-allowed", "true")
    expect(page.locator("#start-rung")).to_contain_text("Start at rung")
    phones.screenshot(page, "a1-assessment-result")

    # Today's session: the prescription is prefilled; one tap logs it.
    page.locator("#to-today").tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/today$"))
    expect(page.locator("#logged-sets")).to_have_attribute("data-count", "0")
    card = page.locator("section.exercise").first
    name = card.locator("h2").inner_text()
    reps = int(card.locator("form.one-tap input[name=reps]").get_attribute("value") or "0")
    assert reps > 0
    done = card.locator("button.done-as-prescribed")
    assert done.bounding_box()["height"] >= 48  # a large target, for a phone between sets
    done.tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/today\?logged=1$"))
    expect(page.locator("#logged-notice")).to_be_visible()
    expect(page.locator("#logged-sets")).to_have_attribute("data-count", "1")
    expect(page.locator("#logged-sets li.logged-set")).to_contain_text(name)
    phones.screenshot(page, "a2-today-logged")

    # History: the chart has that one session, drawn by plotly as an SVG.
    page.get_by_role("link", name="History").first.tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/history$"))
    chart = page.locator("#progress-chart")
    expect(chart).to_have_attribute("data-rendered", "true")
    expect(chart).to_have_attribute("data-points", "1")
    expect(chart).to_have_attribute("data-sets", "1")
    expect(chart.locator("svg.main-svg").first).to_be_attached()
    traces = chart.evaluate("box => box.data.map(trace => trace.x.length)")
    assert traces and all(length == 1 for length in traces)
    # Bodyweight work: the bar is the reps of that set, and plotly drew exactly one bar.
    bars = chart.evaluate("box => box.data.filter(t => t.type === 'bar').map(t => t.y)")
    assert bars == [[reps]]
    expect(chart.locator(".barlayer .point")).to_have_count(1)
    expect(page.locator("tr.history-set")).to_have_count(1)
    expect(page.locator("tr.history-set")).to_contain_text(name)
    phones.screenshot(page, "a3-history-chart")
