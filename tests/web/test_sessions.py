"""Sessions that can be ended: sign out everywhere, a new password, a one-time reset link.

A session cookie copied from a signed-in browser (what a thief or a shared computer keeps)
must stop working once its owner signs out everywhere or changes the password.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hipthrust.service.accounts import make_reset_link
from hipthrust.store import transaction
from hipthrust.web.throttle import MemoryThrottle, ThrottleLimits
from web.browsers import PASSWORD, Browser, People

NEW_PASSWORD = "a new and longer secret"


def signed_in(app: FastAPI, email: str = "ann@example.com", password: str = PASSWORD) -> Browser:
    """A browser that signed in through the API, as a script or a phone would."""
    client = TestClient(app, base_url="http://testserver", follow_redirects=False)
    token = client.get("/api/v1/session").json()["csrf_token"]
    answer = client.post(
        "/api/v1/session",
        json={"email": email, "password": password},
        headers={"X-CSRF-Token": token},
    )
    assert answer.status_code == 200, answer.text
    return Browser(client, None, answer.json()["csrf_token"])


def copy_of(app: FastAPI, browser: Browser) -> Browser:
    """Another client holding the same session cookie (a stolen or left-behind copy)."""
    client = TestClient(app, base_url="http://testserver", follow_redirects=False)
    client.cookies.set(
        "hipthrust_session", browser.client.cookies["hipthrust_session"], domain="testserver.local"
    )
    return Browser(client, None, browser.csrf)


def is_signed_in(browser: Browser) -> bool:
    return bool(browser.get("/api/v1/session").json()["signed_in"])


def test_signing_out_everywhere_ends_copied_cookies(people: People, app: FastAPI) -> None:
    ann = people.athlete("Ann").actor
    assert ann is not None
    phone = signed_in(app)
    laptop = signed_in(app)
    stolen = copy_of(app, phone)
    assert is_signed_in(stolen) and is_signed_in(laptop)
    assert phone.api("POST", "/api/v1/account/sign-out-everywhere").status_code == 204
    for browser in (phone, laptop, stolen):
        assert not is_signed_in(browser)
        assert browser.get("/api/v1/coach/dashboard").status_code == 401
    assert stolen.get("/account").status_code == 303  # the page sends it to sign in
    upload = stolen.api(
        "POST",
        f"/api/v1/athletes/{ann.athlete_id}/videos",
        files={"video": ("set.mp4", b"not a video", "video/mp4")},
    )
    assert upload.status_code == 401  # the upload routes look the session up themselves
    # Signing in again works, and makes a session that lives.
    again = signed_in(app)
    assert is_signed_in(again)


def test_signing_out_on_one_browser_leaves_the_others(people: People, app: FastAPI) -> None:
    people.athlete("Ann")
    phone, laptop = signed_in(app), signed_in(app)
    assert phone.api("DELETE", "/api/v1/session").status_code == 204
    assert not is_signed_in(phone) and is_signed_in(laptop)


def test_the_sign_out_everywhere_button(people: People, app: FastAPI) -> None:
    people.athlete("Ann")
    phone = signed_in(app)
    stolen = copy_of(app, phone)
    page = phone.get("/account")
    assert page.status_code == 200 and 'id="sign-out-everywhere"' in page.text
    assert 'href="/account"' in page.text  # the bar links to the page
    done = phone.post_form("/account/sign-out-everywhere")
    assert done.status_code == 303 and done.headers["location"] == "/login"
    assert not is_signed_in(phone) and not is_signed_in(stolen)


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(
    people: People, app: FastAPI
) -> None:
    people.athlete("Ann")
    phone = signed_in(app)
    stolen = copy_of(app, phone)
    laptop = signed_in(app)
    changed = phone.api(
        "POST",
        "/api/v1/account/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["signed_in"] is True
    phone.csrf = changed.json()["csrf_token"]
    assert is_signed_in(phone)
    assert not is_signed_in(stolen) and not is_signed_in(laptop)
    # The old password is gone, the new one signs in.
    client = TestClient(app, base_url="http://testserver", follow_redirects=False)
    token = client.get("/api/v1/session").json()["csrf_token"]
    old = client.post(
        "/api/v1/session",
        json={"email": "ann@example.com", "password": PASSWORD},
        headers={"X-CSRF-Token": token},
    )
    assert old.status_code == 400
    assert is_signed_in(signed_in(app, password=NEW_PASSWORD))


def test_a_password_change_is_refused_in_one_sentence(people: People, app: FastAPI) -> None:
    people.athlete("Ann")
    phone = signed_in(app)

    def change(current: str, new: str) -> tuple[int, str]:
        answer = phone.api(
            "POST",
            "/api/v1/account/password",
            json={"current_password": current, "new_password": new},
        )
        return answer.status_code, answer.json()["detail"]

    assert change("not my password", NEW_PASSWORD) == (400, "the current password is wrong")
    assert change(PASSWORD, "short") == (
        400,
        "the password is too short: use at least 10 characters",
    )
    assert change(PASSWORD, PASSWORD) == (
        400,
        "the new password is the current one: choose another",
    )
    assert is_signed_in(phone)  # nothing ended
    assert is_signed_in(signed_in(app))  # the password is unchanged
    stranger = people.stranger()
    refused = stranger.api(
        "POST",
        "/api/v1/account/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert refused.status_code == 401


def test_wrong_current_passwords_are_throttled(people: People, app: FastAPI) -> None:
    app.state.login_throttle = MemoryThrottle(ThrottleLimits(per_email=3, per_client=20))
    people.athlete("Ann")
    phone = signed_in(app)
    body = {"current_password": "guess guess", "new_password": NEW_PASSWORD}
    for _ in range(3):
        assert phone.api("POST", "/api/v1/account/password", json=body).status_code == 400
    body["current_password"] = PASSWORD
    shut = phone.api("POST", "/api/v1/account/password", json=body)
    assert shut.status_code == 429 and "retry-after" in shut.headers


def test_the_password_page(people: People, app: FastAPI) -> None:
    people.athlete("Ann")
    phone = signed_in(app)
    stolen = copy_of(app, phone)
    wrong = phone.post_form(
        "/account/password", {"current_password": "nope nope", "new_password": NEW_PASSWORD}
    )
    assert wrong.status_code == 400 and "the current password is wrong" in wrong.text
    done = phone.post_form(
        "/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert done.status_code == 303 and done.headers["location"] == "/account?done=password"
    page = phone.get("/account?done=password")
    assert page.status_code == 200 and 'id="account-done"' in page.text
    assert not is_signed_in(stolen)


def _reset_token(app: FastAPI, email: str = "ann@example.com", now: datetime | None = None) -> str:
    with transaction(app.state.store) as session:
        return make_reset_link(session, email, now or datetime.now(UTC)).token


def test_a_reset_link_sets_a_new_password_once_and_ends_every_session(
    people: People, app: FastAPI
) -> None:
    people.athlete("Ann")
    phone = signed_in(app)
    token = _reset_token(app)
    visitor = people.stranger()
    page = visitor.get(f"/reset/{token}")
    assert page.status_code == 200 and "ann@example.com" in page.text
    short = visitor.post_form(f"/reset/{token}", {"new_password": "short"})
    assert short.status_code == 400 and "the password is too short" in short.text
    assert 'id="reset-form"' in short.text  # the link still works after a refused password
    done = visitor.post_form(f"/reset/{token}", {"new_password": NEW_PASSWORD})
    assert done.status_code == 303
    assert is_signed_in(visitor) and not is_signed_in(phone)
    again = people.stranger().post_form(f"/reset/{token}", {"new_password": "yet another one"})
    assert again.status_code == 400
    assert "this reset link has been used already: ask for a new one" in again.text
    assert is_signed_in(signed_in(app, password=NEW_PASSWORD))


def test_a_reset_link_expires_and_unknown_links_are_refused(people: People, app: FastAPI) -> None:
    people.athlete("Ann")
    old = _reset_token(app, now=datetime.now(UTC) - timedelta(hours=25))
    visitor = people.stranger()
    page = visitor.get(f"/reset/{old}")
    assert page.status_code == 400 and "this reset link has expired" in page.text
    assert visitor.post_form(f"/reset/{old}", {"new_password": NEW_PASSWORD}).status_code == 400
    assert "is not known" in visitor.get("/reset/made-up").text
    assert is_signed_in(signed_in(app))  # the password is unchanged


@pytest.mark.parametrize("email", ["nobody@example.com", "not an address"])
def test_a_reset_link_needs_an_account(people: People, app: FastAPI, email: str) -> None:
    from hipthrust.errors import InputError

    with pytest.raises(InputError):
        _reset_token(app, email)
