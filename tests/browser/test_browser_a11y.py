"""Accessibility: axe-core finds no serious or critical problem on any page, athlete or coach,
in the light scheme and (on the main pages) in the dark one.

Each page is opened the way a person reaches it, with real data on it (an assessment taken, a
set logged, a check-in saved, a coach with an athlete), then ``check_page`` runs axe-core in
it. A new page is one more line in a list below.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from browser.axe import check_page
from browser.conftest import SECRET_KEY, Phones
from browser.live import BIN, environment
from browser.people import athlete_id_of, invite_an_athlete, sign_up, take_assessment

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Pages anyone can open signed out: (path, what it is).
PUBLIC_PAGES = [
    ("/", "the welcome page"),
    ("/signup", "sign up"),
    ("/login", "sign in"),
    ("/questions", "questions"),
    ("/exercises/glute_bridge", "a how-to page"),
    ("/exercises/barbell_hip_thrust", "a how-to page with a bar and a bench"),
]
# An athlete's own pages ("{a}" is their id), opened once they have trained a little.
ATHLETE_PAGES = [
    ("/athletes/{a}/today", "today"),
    ("/athletes/{a}/plan", "the plan"),
    ("/athletes/{a}/history", "history"),
    ("/athletes/{a}/checkin", "the check-in"),
    ("/athletes/{a}/settings", "settings"),
    ("/athletes/{a}/changes", "the record of changes"),
    ("/athletes/{a}/videos", "the videos list"),
    ("/athletes/{a}/assess/result", "the assessment result"),
    ("/questions", "questions, signed in"),
    ("/account", "the account"),
    ("/athletes/{a}/import", "the import page"),
]
# A coach's pages ("{a}" is their athlete's id).
COACH_PAGES = [
    ("/coach", "the coach's dashboard"),
    ("/athletes/{a}/today", "an athlete's today, seen by their coach"),
    ("/athletes/{a}/history", "an athlete's history, seen by their coach"),
    ("/athletes/{a}/plan", "an athlete's plan, seen by their coach"),
    ("/athletes/{a}/videos", "an athlete's videos, seen by their coach"),
    ("/account", "the coach's account"),
]
# The main pages checked again in the dark scheme (the system's dark mode).
DARK_PAGES = [
    ("/athletes/{a}/today", "today"),
    ("/athletes/{a}/plan", "the plan"),
    ("/athletes/{a}/history", "history"),
    ("/athletes/{a}/checkin", "the check-in"),
    ("/athletes/{a}/settings", "settings"),
    ("/athletes/{a}/assess/result", "the assessment result"),
    ("/exercises/hip_thrust", "a how-to page"),
    ("/athletes/{a}/import", "the import page"),
]


def _visit(page: Page, path: str, what: str, athlete: int = 0) -> None:
    answer = page.goto(path.format(a=athlete))
    assert answer is not None and answer.ok, (path, answer and answer.status)
    check_page(page, what)


def _log_a_set_and_check_in(page: Page, athlete: int) -> None:
    page.goto(f"/athletes/{athlete}/today")
    page.locator("section.exercise").first.locator("button.done-as-prescribed").tap()
    expect(page.locator("#logged-sets")).to_have_attribute("data-count", "1")
    check_page(page, "today, a set just logged")
    page.goto(f"/athletes/{athlete}/checkin")
    page.locator("#pain-1").tap()
    expect(page.locator("#checkin-saved")).to_be_visible()
    check_page(page, "the check-in, saved")


def _assessment_steps(phones: Phones, page: Page, athlete: int) -> None:
    """Every step of the wizard checked as it is shown, then one shown with its errors."""
    page.goto(f"/athletes/{athlete}/assess")
    steps = 0
    while page.locator("#assess").count():
        step = page.locator("#assess").get_attribute("data-step")
        check_page(page, f"the assessment step {step!r}")
        if step == "pain":
            page.locator("#pain-now label.pick", has_text=re.compile(r"^0$")).tap()
        with page.expect_navigation():
            page.locator("#assess-next").tap()
        steps += 1
        assert steps < 10
    assert steps >= 3
    expect(page).to_have_url(re.compile(r"/assess/result$"))
    # A step with a bad value: the messages are next to their fields, and still accessible.
    page.goto(f"/athletes/{athlete}/assess")
    phones.refused.add(page.url)  # the step with an error answers 400
    page.locator("#assess-next").tap()
    expect(page.locator("#assess")).to_have_attribute("data-step", "conditions")
    page.locator("#condition-pregnancy").check()
    page.fill("#weeks_pregnancy", "ninety")
    page.locator("#assess-next").tap()
    expect(page.locator("#step-errors")).to_be_visible()
    check_page(page, "an assessment step with an error")


def test_every_athlete_page_passes_axe(phones: Phones) -> None:
    page = phones.open()
    for path, what in PUBLIC_PAGES:
        _visit(page, path, what)
    assert phones.open_refused(page, "/no-such-page") == 404
    check_page(page, "the 404 page, signed out")

    sign_up(page, "athlete", "Ada Access", "ada@example.com")
    athlete = athlete_id_of(page)
    check_page(page, "today before the assessment")
    _assessment_steps(phones, page, athlete)
    take_assessment(page, athlete)
    check_page(page, "the assessment result")
    _log_a_set_and_check_in(page, athlete)
    for path, what in ATHLETE_PAGES:
        _visit(page, path, what, athlete)

    # The corrections: a set and a check-in opened to fix them, and the record after a fix.
    page.goto(f"/athletes/{athlete}/history")
    page.locator("a.fix-set").first.tap()
    expect(page.locator("#set-edit")).to_be_visible()
    check_page(page, "fix a set")
    page.goto(f"/athletes/{athlete}/history")
    with page.expect_navigation():
        page.locator("a.fix-checkin").first.tap()
    check_page(page, "fix a check-in")

    assert phones.open_refused(page, "/athletes/999999/today") in (403, 404)
    check_page(page, "a refused page")
    assert phones.open_refused(page, "/no-such-page") == 404
    check_page(page, "the 404 page, signed in")


def test_every_coach_page_passes_axe(phones: Phones) -> None:
    coach = phones.open()
    sign_up(coach, "coach", "Cleo Coach", "cleo@example.com")
    check_page(coach, "the coach's empty dashboard")
    link = invite_an_athlete(coach)
    check_page(coach, "the invitation made")

    athlete_page = phones.open()
    sign_up(athlete_page, "athlete", "Axel Athlete", "axel@example.com", next_path=link)
    expect(athlete_page).to_have_url(re.compile(r"/invite/"))
    check_page(athlete_page, "an invitation, opened by the athlete")
    athlete_page.get_by_role("button", name="Accept").tap()
    expect(athlete_page.locator("h1")).to_contain_text("You are coached by")
    check_page(athlete_page, "the invitation accepted")
    athlete_page.get_by_role("link", name="Go on").tap()
    expect(athlete_page).to_have_url(re.compile(r"/athletes/\d+/today$"))
    athlete = athlete_id_of(athlete_page)
    take_assessment(athlete_page, athlete)
    _log_a_set_and_check_in(athlete_page, athlete)

    for path, what in COACH_PAGES:
        _visit(coach, path, what, athlete)

    # A password reset link made by the server's owner (no e-mail server), opened.
    env = environment(phones.site.home, SECRET_KEY)
    made = subprocess.run(
        [
            str(BIN / "hipthrust"),
            "users",
            "reset-link",
            "axel@example.com",
            "--url",
            phones.site.url,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    stranger = phones.open()
    _visit(stranger, made.stdout.strip().removeprefix(phones.site.url), "a password reset link")


def test_the_main_pages_pass_axe_in_the_dark_scheme(phones: Phones) -> None:
    page = phones.open(color_scheme="dark")
    assert page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches")
    _visit(page, "/", "the welcome page")
    sign_up(page, "athlete", "Dora Dark", "dora@example.com")
    athlete = athlete_id_of(page)
    take_assessment(page, athlete)
    check_page(page, "the assessment result")
    _log_a_set_and_check_in(page, athlete)
    for path, what in DARK_PAGES:
        _visit(page, path, what, athlete)
    # The chart is drawn for the dark page: its text is light, its background the page's.
    page.goto(f"/athletes/{athlete}/history")
    chart = page.locator("#progress-chart")
    expect(chart).to_have_attribute("data-rendered", "true")
    colour = chart.evaluate("box => box.layout.font && box.layout.font.color")
    assert colour and _lightness(colour) > 0.6, colour
    _assessment_steps(phones, page, athlete)  # every step of the wizard, dark
    coach = phones.open(color_scheme="dark")
    sign_up(coach, "coach", "Dirk Dark", "dirk@example.com")
    check_page(coach, "the coach's dashboard")


def _lightness(css_colour: str) -> float:
    """0 (black) to 1 (white) for ``#rrggbb`` or ``rgb(r, g, b)``."""
    text = css_colour.strip()
    if text.startswith("#") and len(text) == 7:
        parts = [int(text[i : i + 2], 16) for i in (1, 3, 5)]
    else:
        parts = [int(float(x)) for x in re.findall(r"[\d.]+", text)[:3]]
    return sum(parts) / (3 * 255)


def test_the_check_fails_on_a_real_problem_and_says_what_to_fix(phones: Phones) -> None:
    """The helper is not a rubber stamp: a field without a label and pale text on white, put on
    a page that passes, fail it with the rules' names, the elements and the scheme."""
    page = phones.open()
    _visit(page, "/login", "sign in")
    page.evaluate(
        """() => {
            const form = document.querySelector("main form");
            const bare = document.createElement("input");
            bare.id = "no-label";
            form.append(bare);
            const pale = document.createElement("p");
            pale.id = "pale";
            pale.textContent = "Hard to read";
            pale.style.color = "#c8c8c8";
            pale.style.background = "#ffffff";
            form.append(pale);
        }"""
    )
    with pytest.raises(AssertionError) as failed:
        check_page(page, "sign in, spoiled")
    message = str(failed.value)
    assert "on sign in, spoiled" in message and "light scheme" in message
    assert "critical: label:" in message and "#no-label" in message
    assert "serious: color-contrast:" in message and "#pale" in message


def test_the_keyboard_skips_the_navigation_to_the_page(phones: Phones) -> None:
    page = phones.open()
    sign_up(page, "athlete", "Kay Keys", "kay@example.com")
    page.keyboard.press("Tab")  # the first stop on every page
    skip = page.get_by_role("link", name="Skip to the page")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0  # shown while it has the focus
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is in the page, not the navigation
    inside = page.evaluate("() => !!document.activeElement.closest('main')")
    assert inside
