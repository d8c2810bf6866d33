"""Settings changed on a phone and used by the next plan: units to lb, other training days,
another goal and other equipment on the Settings page; the plan written next on the Plan page
shows lb, those days, the goal's dose and the exercise the equipment allows."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from browser.conftest import Phones
from browser.people import assess_an_experienced_lifter, athlete_id_of, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_DOSE = re.compile(r"^(\d+) x (\d+)(?:-(\d+))?")


@dataclass(frozen=True)
class PlanShown:
    """What the plan page shows: the summary, each session's day, and the working items'
    names, doses and loads (the ramp-up sets left out)."""

    summary: str
    days: list[str]
    names: list[str]
    doses: list[str]
    loads: list[str]


def _plan(page: Page) -> PlanShown:
    items = page.locator(".plan-week li.plan-item:not(.muted)")
    return PlanShown(
        summary=page.locator("#plan-summary").inner_text(),
        days=[text.split(" · ")[0] for text in page.locator(".plan-week h3").all_inner_texts()],
        names=items.locator("strong").all_inner_texts(),
        doses=[text.split(": ", 1)[1] for text in items.all_inner_texts()],
        loads=items.locator(".load").all_inner_texts(),
    )


def test_settings_changed_on_the_page_are_used_by_the_next_plan(phones: Phones) -> None:
    page = phones.open()
    sign_up(page, "athlete", "Sid Settings", "sid@example.com")
    athlete = athlete_id_of(page)
    # A loaded start, so the plan has loads to show in the chosen units.
    result = assess_an_experienced_lifter(page, athlete)
    expect(result).to_have_attribute("data-exercise-allowed", "true")
    page.goto(f"/athletes/{athlete}/plan")
    page.fill("#plan-e1rm", "100")
    page.locator("#write-plan-button").tap()
    expect(page.locator("#plan-written")).to_be_visible()
    before = _plan(page)
    # The defaults: kg, Monday and Thursday, hypertrophy, the barbell hip thrust on a bench.
    assert "Hypertrophy" in before.summary and "loads in kg" in before.summary
    assert set(before.days) == {"Mon", "Thu"}
    assert "Barbell hip thrust" in before.names

    # Settings: lb, Tuesday, Thursday and Saturday, strength, a barbell but no bench.
    page.get_by_role("link", name="Settings").first.tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/settings$"))
    page.locator("input[name=units][value=lb]").check()
    page.select_option("#settings-goal", "strength")
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        box = page.locator(f"#settings-form input[name=training_days][value={day}]")
        box.set_checked(day in ("tue", "thu", "sat"))
    page.locator("#settings-barbell").check()
    page.locator("#settings-bench").uncheck()
    page.locator("#settings-bands").uncheck()
    page.locator("#settings-machine").uncheck()
    page.locator("#save-settings").tap()
    expect(page.locator("#settings-saved")).to_be_visible()
    expect(page.locator("input[name=units][value=lb]")).to_be_checked()
    expect(page.locator("#settings-bench")).not_to_be_checked()
    phones.screenshot(page, "s1-settings-saved")

    # The next plan, with nothing typed but its e1RM (in lb now): the settings decide the rest.
    page.goto(f"/athletes/{athlete}/plan")
    expect(page.locator("label[for=plan-e1rm]")).to_contain_text("(lb")
    page.fill("#plan-e1rm", "220")
    page.locator("#write-plan-button").tap()
    expect(page.locator("#plan-written")).to_be_visible()
    after = _plan(page)
    phones.screenshot(page, "s2-plan-after-settings")
    summary, days = after.summary, after.days
    assert summary.startswith("Strength,") and "loads in lb" in summary, summary
    assert days[:3] == ["Tue", "Thu", "Sat"], days  # each week on the three days chosen
    assert set(days) == {"Tue", "Thu", "Sat"}, days
    names, doses, loads = after.names, after.doses, after.loads
    # No bench: the barbell glute bridge from the floor, never an exercise needing a bench,
    # a band or a machine.
    assert "Barbell glute bridge" in names, names
    assert not [name for name in names if re.search(r"bench|band|machine", name, re.I)], names
    # Loads in lb, never kg; the strength dose (3-6 reps) for the loaded work.
    weighed = [load for load in loads if re.match(r"^[\d.]+ ", load)]
    assert weighed and all(load.endswith(" lb") for load in weighed), loads
    assert not any("kg" in load for load in loads), loads
    for name, dose, load in zip(names, doses, loads, strict=True):
        if name == "Barbell glute bridge":
            found = _DOSE.match(dose)
            assert found, dose
            low, high = int(found.group(2)), int(found.group(3) or found.group(2))
            assert 3 <= low <= high <= 6, dose
            assert float(load.split()[0]) > 45, load  # more than the empty lb bar
