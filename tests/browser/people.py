"""What a person does in the browser, step by step, through the real pages (no shortcuts).

Each helper drives the page the way a person would: it fills visible fields, taps buttons and
waits for the page the app answers with, so a broken form, a missing CSRF field or a script
blocked by the Content-Security-Policy fails the test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Locator, Page, expect

__all__ = [
    "PASSWORD",
    "Person",
    "accept_invitation",
    "assess_an_experienced_lifter",
    "athlete_id_of",
    "invite_an_athlete",
    "log_a_first_set",
    "sign_in",
    "sign_up",
    "take_assessment",
]

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


def invite_an_athlete(coach: Page) -> str:
    """The coach's "Invite an athlete" button on the dashboard; returns the invitation's link."""
    coach.get_by_role("button", name="Invite an athlete").tap()
    return coach.locator("#invitation-url").input_value()


def accept_invitation(page: Page, name: str, email: str, link: str, coach: str) -> int:
    """A new athlete opens ``coach``'s invitation signed out: signs up, comes back to it,
    accepts and goes on to Today. Returns the athlete's id."""
    sign_up(page, "athlete", name, email, next_path=link)
    expect(page).to_have_url(re.compile(r"/invite/"))
    expect(page.locator("main")).to_contain_text(f"{coach} invites you")
    page.get_by_role("button", name="Accept").tap()
    expect(page.locator("h1")).to_have_text(f"You are coached by {coach}")
    page.get_by_role("link", name="Go on").tap()
    expect(page).to_have_url(re.compile(r"/athletes/\d+/today$"))
    return athlete_id_of(page)


def log_a_first_set(page: Page) -> None:
    """On Today, the athlete's first set: 12 glute bridges, logged from the other-exercise form."""
    page.select_option("#other-exercise", "glute_bridge")
    page.fill("#other-reps", "12")
    page.locator("#log-other").tap()
    expect(page.locator("#logged-sets")).to_have_attribute("data-count", "1")


def _walk_the_assessment(
    page: Page,
    athlete: int,
    *,
    two_leg_reps: int,
    two_leg_pain: int,
    lumbar_compensation: bool,
    single_leg: tuple[int, int],
    knee_hug: tuple[str, str] | None,
    knee_hug_degrees: tuple[int, int] | None,
    training_months: int,
    one_rm: int | None,
    barbell_and_bench: bool,
) -> Locator:
    """The assessment wizard with nothing to report and no pain now, every step through its own
    page, and the bridge test and training as given; the result shown at the end."""
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
    page.fill("#two_leg_reps", str(two_leg_reps))
    page.locator("#two-leg label.pick", has_text=re.compile(rf"^{two_leg_pain}$")).tap()
    if lumbar_compensation:
        page.locator("#lumbar_compensation").check()
    next_step("single_leg")
    page.fill("#single_left", str(single_leg[0]))
    page.fill("#single_right", str(single_leg[1]))
    next_step("knee_hug")
    if knee_hug is not None:
        page.locator(f"#hug_compared_left-{knee_hug[0]}").check()
        page.locator(f"#hug_compared_right-{knee_hug[1]}").check()
    if knee_hug_degrees is not None:
        page.fill("#hug_left", str(knee_hug_degrees[0]))
        page.fill("#hug_right", str(knee_hug_degrees[1]))
    next_step("training")
    page.fill("#training_age_months", str(training_months))
    page.fill("#bodyweight", "68")
    if one_rm is not None:
        page.fill("#one_rm", str(one_rm))
    if barbell_and_bench:
        page.locator("#has_barbell").check()
        page.locator("#has_bench").check()
    page.locator("#assess-next").tap()
    return page.locator("#assessment-result")


def take_assessment(page: Page, athlete: int, knee_hug: tuple[str, str] | None = None) -> None:
    """The assessment wizard with nothing to report, no pain and a good bridge test (start at
    rung 2 or 3): every step through its own page, the result shown at the end. ``knee_hug``:
    the knee-hug bridge compared with the two-leg bridge, left and right (``"same"``, ...)."""
    result = _walk_the_assessment(
        page,
        athlete,
        two_leg_reps=15,
        two_leg_pain=0,
        lumbar_compensation=False,
        single_leg=(12, 12),
        knee_hug=knee_hug,
        knee_hug_degrees=None,
        training_months=3,
        one_rm=None,
        barbell_and_bench=False,
    )
    expect(result).to_have_attribute("data-exercise-allowed", "true")


def assess_an_experienced_lifter(
    page: Page,
    athlete: int,
    *,
    two_leg_pain: int = 0,
    lumbar_compensation: bool = False,
    single_leg: tuple[int, int] = (15, 15),
    knee_hug_degrees: tuple[int, int] | None = None,
) -> Locator:
    """The wizard for a lifter with nothing to report, no pain now, 20 two-leg bridges with
    full extension, two years of training, a tested 1RM of 100 kg, a barbell and a bench; the
    bridge test's details (its pain, a lumbar compensation, the single-leg reps and the
    knee-hug angles left and right) as given. Returns the result shown at the end."""
    return _walk_the_assessment(
        page,
        athlete,
        two_leg_reps=20,
        two_leg_pain=two_leg_pain,
        lumbar_compensation=lumbar_compensation,
        single_leg=single_leg,
        knee_hug=None,
        knee_hug_degrees=knee_hug_degrees,
        training_months=24,
        one_rm=100,
        barbell_and_bench=True,
    )
