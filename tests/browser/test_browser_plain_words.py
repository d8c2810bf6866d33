"""Plain words everywhere, at phone size: every athlete page (Today, the plan, History, the
check-in, Settings, the assessment result, the questions, a how-to page, the import page) fits
390 px without sideways scrolling and shows no raw ids (``no_pause``, ``barbell_hip_thrust``)
in the text a person reads."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from browser.conftest import Phones
from browser.live import PHONE
from browser.people import assess_an_experienced_lifter, athlete_id_of, sign_up
from browser.test_browser_data import STRONG_EXPORT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# A raw id: lower-case words joined by underscores (as the code names things).
RAW_ID = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
# Text that may legitimately look like one: none so far (add with the reason when needed).
ALLOWED: frozenset[str] = frozenset()
# A file's own name, as the person chose it (the import preview names the file uploaded).
FILE_NAME = re.compile(r"\S+\.(?:csv|json|ics|pdf)\b")


def _log_sets(page: Page, athlete: int) -> None:
    """A set from Today's form, and one through the API with form faults and felt places,
    as a video report or another app would send them."""
    page.goto(f"/athletes/{athlete}/today")
    page.select_option("#other-exercise", "single_leg_glute_bridge_90_90")
    page.fill("#other-reps", "10")
    page.fill("#other-right", "9")
    page.fill("#other-pain", "3")
    page.locator("#log-other").tap()
    expect(page.locator("#logged-notice")).to_be_visible()
    token = page.locator("meta[name=csrf-token]").get_attribute("content") or ""
    answer = page.request.post(
        f"/api/v1/athletes/{athlete}/sets",
        headers={"X-CSRF-Token": token},
        data={
            "exercise": "barbell_hip_thrust",
            "load": "60kg",
            "reps": 8,
            "rpe": 8,
            "pain": 2,
            "felt": "glutes,lower_back",
            "faults": "no_pause,shins_forward",
        },
    )
    assert answer.status == 201, answer.text()
    page.goto(f"/athletes/{athlete}/checkin")
    page.locator("#pain-2").tap()
    expect(page.locator("#checkin-saved")).to_be_visible()


def _problems(page: Page, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    return _problems_here(page, path)


def _problems_here(page: Page, path: str) -> list[str]:
    """Sideways scrolling and raw ids on the page as it is now (``path`` names it)."""
    found: list[str] = []
    width = int(page.evaluate("document.documentElement.scrollWidth"))
    if width > PHONE["width"] + 1:
        wide = page.evaluate(
            """limit => Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > limit + 1)
                .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className)""",
            PHONE["width"],
        )
        found.append(f"{path}: {width} px wide (sideways scrolling): {wide}")
    # What a person reads: the page's text, its title, and the words drawn in charts (SVG).
    text = "\n".join(
        (
            page.title(),
            page.locator("body").inner_text(),
            *page.locator("svg text").all_text_contents(),
            *page.locator("select option").all_text_contents(),
        )
    )
    text = FILE_NAME.sub("", text)
    for raw in sorted(set(RAW_ID.findall(text)) - ALLOWED):
        at = text.find(raw)
        found.append(f"{path}: raw id {raw!r} in ...{text[max(0, at - 60) : at + 60]!r}...")
    return found


def test_every_athlete_page_fits_a_phone_and_speaks_plain_words(phones: Phones) -> None:
    page = phones.open()
    sign_up(page, "athlete", "Wren Words", "wren@example.com")
    athlete = athlete_id_of(page)
    # A bridge test with a detail or two for the result to comment on.
    result = assess_an_experienced_lifter(
        page,
        athlete,
        two_leg_pain=1,
        lumbar_compensation=True,
        single_leg=(15, 11),
        knee_hug_degrees=(15, 5),
    )
    expect(result).to_be_visible()
    page.goto(f"/athletes/{athlete}/plan")
    page.fill("#plan-e1rm", "100")
    page.fill("#plan-weeks", "6")
    page.locator("#write-plan-button").tap()
    expect(page.locator("#plan-written")).to_be_visible()
    _log_sets(page, athlete)

    pages = [
        f"/athletes/{athlete}/today",
        f"/athletes/{athlete}/today?logged=1",
        f"/athletes/{athlete}/plan",
        f"/athletes/{athlete}/history",
        f"/athletes/{athlete}/checkin",
        f"/athletes/{athlete}/settings",
        f"/athletes/{athlete}/assess",
        f"/athletes/{athlete}/assess/result",
        f"/athletes/{athlete}/changes",
        f"/athletes/{athlete}/import",
        "/questions",
        f"/exercises/barbell_hip_thrust?athlete={athlete}",
        "/exercises/single_leg_glute_bridge_90_90",
        f"/athletes/{athlete}/videos",
        "/account",
    ]
    found = [problem for path in pages for problem in _problems(page, path)]
    # Fixing a set and a check-in: the forms with every value as logged.
    page.goto(f"/athletes/{athlete}/history")
    for link in (".fix-set", ".fix-checkin"):
        found += _problems(page, page.locator(link).first.get_attribute("href") or "")
        page.goto(f"/athletes/{athlete}/history")

    # The wizard's later steps, one with a bad answer shown next to its field.
    page.goto(f"/athletes/{athlete}/assess")
    page.locator("#assess-next").tap()
    expect(page.locator("#assess")).to_have_attribute("data-step", "conditions")
    found += _problems_here(page, "the assessment's conditions step")
    page.locator("#assess-next").tap()
    expect(page.locator("#assess")).to_have_attribute("data-step", "pain")
    found += _problems_here(page, "the assessment's pain step")
    page.locator("#pain-now label.pick", has_text=re.compile(r"^0$")).tap()
    page.locator("#assess-next").tap()
    expect(page.locator("#assess")).to_have_attribute("data-step", "bridge")
    found += _problems_here(page, "the assessment's bridge step")
    page.locator("#full_extension-yes").check()
    page.fill("#two_leg_reps", "lots")
    phones.refused.add(f"{phones.site.url}/athletes/{athlete}/assess")
    page.locator("#assess-next").tap()
    expect(page.locator(".field-error").first).to_be_visible()
    found += _problems_here(page, "the bridge step with a bad answer")

    # The import preview of a Strong export: its exercises, skipped rows and warnings.
    page.goto(f"/athletes/{athlete}/import")
    page.locator("#import-file").set_input_files(str(STRONG_EXPORT))
    page.locator("#import-preview-button").tap()
    expect(page.locator("#import-preview")).to_be_visible()
    found += _problems_here(page, "the import preview")

    # On shift with a deadlift day: the plan's sessions say so in words.
    page.goto(f"/athletes/{athlete}/settings")
    page.locator("#settings-on-shift").check()
    page.locator("#settings-form input[name=shift_days][value=tue]").check()
    page.select_option("#settings-deadlift", "sat")
    page.locator("#save-settings").tap()
    expect(page.locator("#settings-saved")).to_be_visible()
    found += _problems_here(page, "settings saved")
    page.goto(f"/athletes/{athlete}/plan")
    page.locator("#write-plan-button").tap()
    expect(page.locator("#plan-written")).to_be_visible()
    found += _problems_here(page, "a plan on shift")
    found += _conditions_pages(phones)
    assert not found, "\n".join(found)


def _conditions_pages(phones: Phones) -> list[str]:
    """Another athlete, with a hip replaced 8 weeks ago (not yet cleared), a sore back since
    3 weeks and an injured wrist: the result's flags, what shapes the plan, Today and the plan."""
    page = phones.open()
    sign_up(page, "athlete", "Cal Conditions", "cal@example.com")
    athlete = athlete_id_of(page)
    today = date.today()
    page.goto(f"/athletes/{athlete}/assess")
    page.locator("#assess-next").tap()
    expect(page.locator("#assess")).to_have_attribute("data-step", "conditions")
    page.locator("#condition-hip_replacement").check()
    page.fill("#since_hip_replacement", (today - timedelta(weeks=8)).isoformat())
    page.locator("#condition-low_back_pain").check()
    page.fill("#since_low_back_pain", (today - timedelta(weeks=3)).isoformat())
    page.locator("#condition-upper_body_injury").check()
    page.locator("#assess-next").tap()
    expect(page.locator("#assess")).to_have_attribute("data-step", "pain")
    page.locator("#pain-now label.pick", has_text=re.compile(r"^2$")).tap()
    page.locator("#assess-next").tap()
    expect(page.locator("#assess")).to_have_attribute("data-step", "bridge")
    page.locator("#full_extension-no").check()
    page.fill("#two_leg_reps", "8")
    page.locator("#two-leg label.pick", has_text=re.compile(r"^2$")).tap()
    page.locator("#assess-next").tap()
    expect(page.locator("#assess")).to_have_attribute("data-step", "single_leg")
    page.fill("#single_left", "3")
    page.fill("#single_right", "6")
    for step in ("knee_hug", "training"):
        page.locator("#assess-next").tap()
        expect(page.locator("#assess")).to_have_attribute("data-step", step)
    page.locator("#assess-next").tap()
    expect(page.locator("#assessment-result")).to_be_visible()
    found = _problems_here(page, "the result with conditions")
    # What shapes the plan, in the words the wizard asked with (not ids with spaces).
    expect(page.locator("#considerations")).to_have_text(
        "Low back pain or a back injury; an injured shoulder, arm, wrist or hand; hip replacement."
    )
    page.goto(f"/athletes/{athlete}/plan")
    page.locator("#write-plan-button").tap()
    expect(page.locator("#plan-written")).to_be_visible()
    found += _problems_here(page, "a plan with conditions")
    found += _problems(page, f"/athletes/{athlete}/today")
    return found
