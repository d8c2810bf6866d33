"""What a person does in the browser, step by step, through the real pages (no shortcuts).

Each helper drives the page the way a person would: it fills visible fields, taps buttons and
waits for the page the app answers with, so a broken form, a missing CSRF field or a script
blocked by the Content-Security-Policy fails the test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Page, expect

__all__ = ["PASSWORD", "Person", "athlete_id_of", "sign_in", "sign_up", "take_assessment"]

PASSWORD = "correct horse battery staple"
_ATHLETE_PATH = re.compile(r"/athletes/(\d+)/")


@dataclass(frozen=True)
class Person:
    page: Page
    name: str
    email: str


def sign_up(page: Page, role: str, name: str, email: str, next_path: str | None = None) -> Person:
    """Sign up through the sign-up page (from the welcome page, or ``next_path``'s redirect)."""
    if next_path is None:
        page.goto("/")
        page.get_by_role("link", name="Sign up").first.tap()
    else:
        page.goto(next_path)  # a stranger is sent to sign up, and comes back here afterwards
    expect(page).to_have_url(re.compile(r"/signup"))
    page.locator(f"input[name=role][value={role}]").check()
    page.fill("#display_name", name)
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign up").tap()
    page.wait_for_load_state()
    expect(page).not_to_have_url(re.compile(r"/signup"))
    return Person(page, name, email)


def sign_in(page: Page, email: str) -> None:
    """Sign in through the sign-in page (a second phone of someone who signed up)."""
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").tap()
    expect(page).not_to_have_url(re.compile(r"/login"))


def athlete_id_of(page: Page) -> int:
    """The athlete id in the page's address (``/athletes/{id}/...``)."""
    found = _ATHLETE_PATH.search(page.url)
    assert found, f"not an athlete's page: {page.url}"
    return int(found.group(1))


def take_assessment(page: Page, athlete: int, knee_hug: tuple[str, str] | None = None) -> None:
    """The assessment wizard with nothing to report, no pain and a good bridge test (start at
    rung 2 or 3): every step through its own page, the result shown at the end. ``knee_hug``:
    the knee-hug bridge compared with the two-leg bridge, left and right (``"same"``, ...)."""
    page.goto(f"/athletes/{athlete}/assess")

    def next_step(expected: str) -> None:
        page.locator("#assess-next").tap()
        expect(page.locator("#assess")).to_have_attribute("data-step", expected)

    expect(page.locator("#assess")).to_have_attribute("data-step", "screening")
    next_step("conditions")
    next_step("pain")
    page.locator("#pain-now label.pick", has_text=re.compile(r"^0$")).tap()
    next_step("bridge")
    page.locator("#full_extension-yes").check()
    page.fill("#two_leg_reps", "15")
    page.locator("#two-leg label.pick", has_text=re.compile(r"^0$")).tap()
    next_step("single_leg")
    page.fill("#single_left", "12")
    page.fill("#single_right", "12")
    next_step("knee_hug")
    if knee_hug is not None:
        page.locator(f"#hug_compared_left-{knee_hug[0]}").check()
        page.locator(f"#hug_compared_right-{knee_hug[1]}").check()
    next_step("training")
    page.fill("#training_age_months", "3")
    page.fill("#bodyweight", "68")
    page.locator("#assess-next").tap()
    expect(page.locator("#assessment-result")).to_have_attribute("data-exercise-allowed", "true")
