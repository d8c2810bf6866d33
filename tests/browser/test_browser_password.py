"""A new password on one phone ends the account's other sessions: signed in on two phones,
the password is changed on the first (the Account page); the second phone's next page is the
sign-in page, the old password no longer signs in and the new one does. The phone that made
the change stays signed in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from browser.conftest import Phones
from browser.people import PASSWORD, athlete_id_of, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NEW_PASSWORD = "a new and longer passphrase 42"


def _sign_in(page: Page, email: str, password: str, next_path: str) -> None:
    """From a page that needs signing in: the sign-in form, filled and sent."""
    page.goto(next_path)
    expect(page).to_have_url(re.compile(r"/login\?next="))
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in").tap()
    page.wait_for_load_state()


def test_a_new_password_ends_the_other_sessions_and_only_it_signs_in(phones: Phones) -> None:
    phone = phones.open()
    person = sign_up(phone, "athlete", "Pat Password", "pat@example.com")
    athlete = athlete_id_of(phone)
    today = f"/athletes/{athlete}/today"

    # The same account on a second phone (its own cookies).
    other = phones.open()
    _sign_in(other, person.email, PASSWORD, today)
    expect(other).to_have_url(re.compile(rf"{today}$"))
    expect(other.locator("#decision")).to_be_visible()

    # The first phone changes the password from the Account page.
    phone.get_by_role("link", name="Account").first.tap()
    expect(phone).to_have_url(re.compile(r"/account$"))
    phone.fill("#current_password", PASSWORD)
    phone.fill("#new_password", NEW_PASSWORD)
    phone.get_by_role("button", name="Change the password").tap()
    expect(phone).to_have_url(re.compile(r"/account\?done=password$"))
    expect(phone.locator("#account-done")).to_contain_text("Every other session")
    phones.screenshot(phone, "p1-password-changed")
    # This phone stays signed in.
    phone.goto(today)
    expect(phone).to_have_url(re.compile(rf"{today}$"))
    expect(phone.locator("#decision")).to_be_visible()

    # The second phone's next page load is the sign-in page, with a way back to where it was.
    other.reload()
    expect(other).to_have_url(re.compile(rf"/login\?next={today}$"))
    expect(other.get_by_role("heading", name="Sign in")).to_be_visible()
    other.goto("/account")
    expect(other).to_have_url(re.compile(r"/login\?next="))

    # The old password no longer signs in (the form is answered 400: expected here) ...
    phones.refused.add(f"{phones.site.url}/login")
    _sign_in(other, person.email, PASSWORD, today)
    expect(other).to_have_url(re.compile(r"/login$"))
    expect(other.locator("#login-error")).to_have_text("the e-mail or the password is wrong")
    # ... the new one does, and lands where it was going.
    _sign_in(other, person.email, NEW_PASSWORD, today)
    expect(other).to_have_url(re.compile(rf"{today}$"))
    expect(other.locator("#decision")).to_be_visible()
