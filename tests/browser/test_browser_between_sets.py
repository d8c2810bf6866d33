"""Between sets on a phone: a barbell exercise on Today shows the plates a side beside its
load (from the athlete's own bar and plates, set on Settings), and logging a set starts the
rest timer (the goal's default, counting down, and a length the athlete can change)."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Page, expect

from browser.conftest import Phones
from browser.people import assess_an_experienced_lifter, athlete_id_of, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BAR_KG = 15.0  # a women's bar: not the default 20 kg, so the plates come from the settings
PLATES_KG = (20.0, 10.0, 5.0, 2.5, 1.25)


def _set_bar_plates_and_goal(page: Page, athlete: int) -> None:
    page.goto(f"/athletes/{athlete}/settings")
    page.locator("input[name=units][value=kg]").check()
    page.select_option("#settings-goal", "strength")
    page.locator("#settings-barbell").check()
    page.locator("#settings-bench").check()
    page.fill("#settings-bar", f"{BAR_KG:g}")
    page.fill("#settings-plates", ",".join(f"{plate:g}" for plate in PLATES_KG))
    page.locator("#save-settings").tap()
    expect(page.locator("#settings-saved")).to_be_visible()
    expect(page.locator("#settings-bar")).to_have_value(f"{BAR_KG:g}")


def test_plates_beside_the_barbell_load_and_the_rest_timer_after_a_set(phones: Phones) -> None:
    page = phones.open()
    sign_up(page, "athlete", "Pia Plates", "pia@example.com")
    athlete = athlete_id_of(page)
    # A loaded start: the result starts on a loaded rung.
    result = assess_an_experienced_lifter(page, athlete)
    expect(result).to_have_attribute("data-exercise-allowed", "true")
    assert int(result.get_attribute("data-start-rung") or "0") >= 5, page.content()
    _set_bar_plates_and_goal(page, athlete)
    # A plan from a known e1RM: Today's barbell load is a share of it, more than the bar.
    page.goto(f"/athletes/{athlete}/plan")
    page.fill("#plan-e1rm", "100")
    page.locator("#write-plan-button").tap()
    expect(page.locator("#plan-written")).to_be_visible()

    page.goto(f"/athletes/{athlete}/today")
    expect(page.locator("#rest-timer")).to_have_count(0)  # nothing logged: no timer yet
    cards = page.locator("section.exercise")
    barbell = [
        i
        for i in range(cards.count())
        if cards.nth(i).get_attribute("data-variation") == "barbell_hip_thrust"
    ]
    assert barbell, [cards.nth(i).get_attribute("data-variation") for i in range(cards.count())]
    n = barbell[0] + 1
    card = page.locator(f"#exercise-{n}")
    load = float(card.locator("form.one-tap input[name=load]").get_attribute("value") or "0")
    assert load > BAR_KG
    expect(card.locator(".prescription")).to_contain_text(f"{load:g} kg")
    plates = page.locator(f"#plates-{n}")
    expect(plates).to_be_visible()
    text = plates.inner_text()
    found = re.fullmatch(r"Plates: ([\d.]+(?: \+ [\d.]+)*) a side on the 15 kg bar(.*)", text)
    assert found, text
    side = [float(plate) for plate in found.group(1).split(" + ")]
    assert all(plate in PLATES_KG for plate in side), side
    assert side == sorted(side, reverse=True)
    made = BAR_KG + 2 * sum(side)
    if found.group(2):  # a load the plates cannot make says the nearest
        assert "the nearest your plates allow" in found.group(2)
        assert abs(made - load) <= 2 * min(PLATES_KG)
    else:
        assert made == pytest.approx(load)
    # Beside the load: the plates line sits right under the prescription, in view.
    box, under = card.locator(".prescription").bounding_box(), plates.bounding_box()
    assert box is not None and under is not None
    assert 0 <= under["y"] - (box["y"] + box["height"]) <= 40
    # The ramp-up before the first loaded lift: lighter sets on the same bar, with their plates.
    ramp = page.locator("#warmup .warmup-set")
    expect(ramp.first).to_be_visible()
    for i in range(ramp.count()):
        line = ramp.nth(i).inner_text()
        step = re.match(r"(\d+) reps at ([\d.]+) kg \((.*) a side on the 15 kg bar", line)
        assert step, line
        assert float(step.group(2)) < load
    phones.screenshot(page, "r1-today-plates")

    # One set done: the rest timer starts at the strength goal's 3 minutes and counts down.
    page.locator(f"#done-{n}").tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/today\?logged=1$"))
    timer = page.locator("#rest-timer")
    expect(timer).to_be_visible()
    expect(timer).to_have_attribute("data-seconds", "180")
    expect(page.locator("#rest-seconds")).to_have_value("180")
    expect(timer).to_have_attribute("data-left", re.compile(r"^\d+$"))
    first = int(timer.get_attribute("data-left") or "0")
    assert 170 <= first <= 180
    expect(page.locator("#rest-left")).to_have_text(re.compile(r"^(3:00|2:5\d|2:4\d)$"))
    time.sleep(2.2)
    later = int(timer.get_attribute("data-left") or "0")
    assert later < first
    shown = page.locator("#rest-left").inner_text()
    minutes, seconds = (int(part) for part in shown.split(":"))
    assert abs(minutes * 60 + seconds - later) <= 1
    expect(page.locator("#rest-done")).to_be_hidden()
    phones.screenshot(page, "r2-rest-timer")

    # The athlete changes it to 75 s: the timer starts again from there ...
    page.fill("#rest-seconds", "75")
    page.locator("#rest-seconds").press("Tab")
    expect(page.locator("#rest-left")).to_have_text(re.compile(r"^1:1[0-5]$"))
    assert int(timer.get_attribute("data-left") or "0") <= 75
    # ... and the next set's timer starts from the length chosen (kept in this browser).
    page.goto(f"/athletes/{athlete}/today")
    page.locator(f"#done-{n}").tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/today\?logged=1$"))
    expect(page.locator("#rest-seconds")).to_have_value("75")
    expect(page.locator("#rest-left")).to_have_text(re.compile(r"^1:1[0-5]$"))
    expect(page.locator(f"#sets-done-{n}")).to_have_attribute("data-done", "2")
