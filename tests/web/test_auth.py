from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import itsdangerous
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from hipthrust.jobs import RecordingQueue
from hipthrust.service.accounts import invite, visible_athletes
from hipthrust.settings import Settings
from hipthrust.store import transaction
from hipthrust.store.models import UserRow
from hipthrust.web import create_app
from hipthrust.web.routes.auth import safe_next
from hipthrust.web.throttle import MemoryThrottle, ThrottleLimits
from web.browsers import PASSWORD, SECRET, Browser, People

SCRIPT = "<script>alert(1)</script>"


def session_of(browser: Browser) -> dict[str, object]:
    """What the browser's signed session cookie holds."""
    cookie = browser.client.cookies["hipthrust_session"]
    payload = itsdangerous.TimestampSigner(SECRET).unsign(cookie)
    data: dict[str, object] = json.loads(base64.b64decode(payload))
    return data


def who(browser: Browser) -> dict[str, object]:
    answer = browser.get("/api/v1/session")
    assert answer.status_code == 200
    data: dict[str, object] = answer.json()
    browser.csrf = str(data["csrf_token"])
    return data


def sign_up_form(browser: Browser, **fields: str) -> object:
    form = {
        "role": "athlete",
        "display_name": "Ann",
        "email": "ann@example.com",
        "password": PASSWORD,
        "units": "kg",
        **fields,
    }
    return browser.post_form("/signup", form)


def test_signing_up_on_the_page_signs_in_with_httponly_lax_cookies(people: People) -> None:
    browser = people.stranger()
    page = browser.get("/signup")
    assert page.status_code == 200 and 'name="csrf_token"' in page.text
    answer = sign_up_form(browser, units="lb")
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    user = who(browser)["user"]
    assert isinstance(user, dict)
    assert user["display_name"] == "Ann" and user["role"] == "athlete"
    assert isinstance(user["athlete_id"], int)


def test_passwords_are_kept_as_argon2id_hashes_only(people: People, app: FastAPI) -> None:
    sign_up_form(people.stranger(), email="hash@example.com")
    with transaction(app.state.store) as session:
        stored = session.scalars(select(UserRow.password_hash)).one()
    assert stored.startswith("$argon2id$v=19$")
    assert PASSWORD not in stored


def test_a_refused_sign_up_shows_the_sentence_next_to_its_field(people: People) -> None:
    browser = people.stranger()
    short = sign_up_form(browser, password="short", display_name=SCRIPT)
    assert short.status_code == 400
    assert 'id="password-error" role="alert">the password is too short' in short.text
    assert SCRIPT not in short.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in short.text
    sign_up_form(browser, email="taken@example.com")
    again = sign_up_form(people.stranger(), email="Taken@example.com")
    assert again.status_code == 400
    assert 'id="email-error" role="alert">taken@example.com already has an account' in again.text
    bad = sign_up_form(people.stranger(), email="not an address")
    assert 'id="email-error"' in bad.text


def test_signing_in_rotates_the_session(people: People) -> None:
    people.athlete("Ann")
    browser = people.stranger()  # a session planted before sign-in, with a known token
    planted = session_of(browser)
    assert planted["csrf_token"] == browser.csrf
    wrong = browser.post_form("/login", {"email": "ann@example.com", "password": "nope nope"})
    assert wrong.status_code == 400
    assert "the e-mail or the password is wrong" in wrong.text
    right = browser.post_form(
        "/login", {"email": "ann@example.com", "password": PASSWORD, "next": "/coach"}
    )
    assert right.status_code == 303 and right.headers["location"] == "/coach"
    rotated = session_of(browser)
    assert rotated["csrf_token"] != planted["csrf_token"]
    assert isinstance(rotated["user_id"], int)
    # The old token is worthless now.
    assert browser.api("DELETE", "/api/v1/session").status_code == 403


def test_a_post_without_or_with_a_forged_csrf_token_is_refused(people: People) -> None:
    ann = people.athlete("Ann")
    assert ann.client.post("/logout").status_code == 403
    assert ann.client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    forged = ann.client.post("/api/v1/invitations", headers={"X-CSRF-Token": "forged"})
    assert forged.status_code == 403
    assert who(ann)["signed_in"] is True  # still signed in: nothing happened
    assert ann.post_form("/logout").status_code == 303
    assert who(ann)["signed_in"] is False


def test_failed_sign_ins_are_limited_with_a_sentence_saying_when(
    people: People, app: FastAPI
) -> None:
    app.state.login_throttle = MemoryThrottle(ThrottleLimits(per_email=5, per_client=20))
    people.athlete("Ann")
    browser = people.stranger()
    for _ in range(5):
        answer = browser.post_form("/login", {"email": "ann@example.com", "password": "guess1234"})
        assert answer.status_code == 400
    shut = browser.post_form("/login", {"email": "ann@example.com", "password": PASSWORD})
    assert shut.status_code == 429
    assert "too many failed sign-ins: wait 15 minutes and try again" in shut.text
    assert 800 < int(shut.headers["retry-after"]) <= 900
    api = browser.api(
        "POST", "/api/v1/session", json={"email": "ann@example.com", "password": PASSWORD}
    )
    assert api.status_code == 429 and api.json()["detail"].startswith("too many failed sign-ins")


def test_a_success_clears_the_e_mail_count(people: People, app: FastAPI) -> None:
    app.state.login_throttle = MemoryThrottle(ThrottleLimits(per_email=2, per_client=20))
    people.athlete("Ann")
    browser = people.stranger()
    body = {"email": "ann@example.com", "password": "guess1234"}
    assert browser.api("POST", "/api/v1/session", json=body).status_code == 400
    body["password"] = PASSWORD
    signed = browser.api("POST", "/api/v1/session", json=body)
    assert signed.status_code == 200
    browser.csrf = signed.json()["csrf_token"]
    body["password"] = "guess1234"
    assert browser.api("POST", "/api/v1/session", json=body).status_code == 400
    body["password"] = PASSWORD
    assert browser.api("POST", "/api/v1/session", json=body).status_code == 200


def test_the_json_api_signs_up_in_and_out(people: People) -> None:
    script = people.stranger()
    assert who(script) == {"signed_in": False, "user": None, "csrf_token": script.csrf}
    made = script.api(
        "POST",
        "/api/v1/signup",
        json={
            "role": "coach",
            "display_name": "Cora",
            "email": "cora@example.com",
            "password": PASSWORD,
        },
    )
    assert made.status_code == 201
    assert made.json()["user"]["role"] == "coach" and made.json()["user"]["athlete_id"] is None
    script.csrf = made.json()["csrf_token"]
    short = script.api(
        "POST",
        "/api/v1/signup",
        json={
            "role": "athlete",
            "display_name": "X",
            "email": "x@example.com",
            "password": "short",
        },
    )
    assert short.status_code == 400 and short.json()["detail"].startswith("the password is too")
    assert script.api("DELETE", "/api/v1/session").status_code == 204
    assert who(script)["signed_in"] is False
    again = script.api(
        "POST", "/api/v1/session", json={"email": "CORA@example.com", "password": PASSWORD}
    )
    assert again.status_code == 200 and again.json()["user"]["display_name"] == "Cora"


def test_an_invitation_brings_a_new_athlete_through_sign_up_to_one_tap(
    people: People, app: FastAPI
) -> None:
    cora = people.coach(SCRIPT)
    made = cora.api("POST", "/api/v1/invitations")
    assert made.status_code == 201
    link = made.json()["url"]
    token = made.json()["token"]
    assert link == f"http://testserver/invite/{token}"
    visitor = people.stranger()
    sent = visitor.get(f"/invite/{token}")
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/signup?next=%2Finvite%2F{token}"
    form = visitor.get(sent.headers["location"])
    assert f'name="next" value="/invite/{token}"' in form.text
    back = sign_up_form(
        visitor, display_name="Bea", email="bea@example.com", next=f"/invite/{token}"
    )
    assert back.headers["location"] == f"/invite/{token}"
    who(visitor)
    offer = visitor.get(f"/invite/{token}")
    assert offer.status_code == 200
    assert (
        SCRIPT not in offer.text
        and "&lt;script&gt;alert(1)&lt;/script&gt;</strong> invites you" in offer.text
    )
    accepted = visitor.post_form(f"/invite/{token}")
    assert accepted.status_code == 200 and "You are coached by" in accepted.text
    assert cora.actor is not None
    with transaction(app.state.store) as session:
        assert [a.name for a in visible_athletes(session, cora.actor)] == ["Bea"]
    # Used: nobody else can take it.
    dan = people.athlete("Dan")
    assert dan.get(f"/invite/{token}").status_code == 400
    used = dan.api("POST", f"/api/v1/invitations/{token}/accept")
    assert used.status_code == 400 and "used already" in used.json()["detail"]


def test_invitations_refused_plainly(people: People, app: FastAPI) -> None:
    cora = people.coach("Cora")
    ann = people.athlete("Ann")
    assert ann.api("POST", "/api/v1/invitations").status_code == 403
    assert people.stranger().api("POST", "/api/v1/invitations").status_code == 401
    assert cora.actor is not None
    with transaction(app.state.store) as session:
        old = invite(session, cora.actor, datetime.now(UTC) - timedelta(days=30))
    expired = ann.get(f"/invite/{old.token}")
    assert expired.status_code == 400 and "this invitation has expired" in expired.text
    assert ann.get("/invite/nonsense").status_code == 400
    fresh = cora.api("POST", "/api/v1/invitations").json()["token"]
    opened = cora.get(f"/invite/{fresh}")
    assert opened.status_code == 400 and "Accept</button>" not in opened.text
    assert "an invitation is for an athlete" in opened.text
    as_coach = cora.api("POST", f"/api/v1/invitations/{fresh}/accept")
    assert as_coach.status_code == 400
    assert as_coach.json()["detail"].startswith("an invitation is for an athlete")
    ok = ann.api("POST", f"/api/v1/invitations/{fresh}/accept")
    assert ok.status_code == 200 and ok.json()["coach"]["display_name"] == "Cora"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/athletes/3/today?x=1", "/athletes/3/today?x=1"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_only_paths_of_this_site_are_followed_after_sign_in(
    target: str | None, expected: str
) -> None:
    assert safe_next(target) == expected


def test_cookies_are_secure_when_configured(web_config: Settings) -> None:
    app = create_app(replace(web_config, secure_cookies=True), RecordingQueue())
    with TestClient(app, base_url="https://testserver") as client:
        cookie = client.get("/login").headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


def test_the_throttle_is_in_redis_when_redis_is_configured(web_config: Settings) -> None:
    from starlette.requests import Request

    from hipthrust.web.routes.auth import login_throttle
    from hipthrust.web.throttle import RedisThrottle

    for url, kind in ((None, MemoryThrottle), ("redis://127.0.0.1:6379/0", RedisThrottle)):
        app = create_app(replace(web_config, redis_url=url), RecordingQueue())
        request = Request({"type": "http", "app": app, "headers": []})
        throttle = login_throttle(request)
        assert isinstance(throttle, kind)
        assert login_throttle(request) is throttle  # one per app
        if isinstance(throttle, RedisThrottle):
            throttle.close()


def _sign_in_from(app: FastAPI, peer: str, email: str, password: str, forwarded: str = "") -> int:
    client = TestClient(app, base_url="http://testserver", client=(peer, 40000))
    token = client.get("/api/v1/session").json()["csrf_token"]
    headers = {"X-CSRF-Token": token}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    body = {"email": email, "password": password}
    status: int = client.post("/api/v1/session", json=body, headers=headers).status_code
    client.close()
    return status


def test_a_forged_forwarded_for_does_not_escape_the_address_limit(
    people: People, app: FastAPI
) -> None:
    app.state.login_throttle = MemoryThrottle(ThrottleLimits(per_email=50, per_client=4))
    people.athlete("Ann")
    # No proxy configured: a local process sending a new X-Forwarded-For each time is still
    # one address.
    for n in range(4):
        answer = _sign_in_from(app, "127.0.0.1", f"u{n}@example.com", "guess1234", f"6.6.6.{n}")
        assert answer == 400
    assert _sign_in_from(app, "127.0.0.1", "ann@example.com", PASSWORD, "6.6.6.99") == 429
    assert _sign_in_from(app, "192.0.2.8", "ann@example.com", PASSWORD) == 200


def test_behind_a_trusted_proxy_the_owner_is_not_locked_out(web_config: Settings) -> None:
    config = replace(web_config, trusted_proxies=("127.0.0.1",))
    app = create_app(config, RecordingQueue())
    with TestClient(app):
        app.state.login_throttle = MemoryThrottle(ThrottleLimits(per_email=3, per_client=20))
        People(app).athlete("Ann")
        for _ in range(3):  # a stranger, through the proxy
            assert _sign_in_from(app, "127.0.0.1", "ann@example.com", "x" * 12, "6.6.6.6") == 400
        assert _sign_in_from(app, "127.0.0.1", "ann@example.com", PASSWORD, "6.6.6.6") == 429
        # The stranger cannot pose as Ann's address by writing it to the left: the proxy
        # appends the address it saw.
        forged = "198.51.100.7, 6.6.6.6"
        assert _sign_in_from(app, "127.0.0.1", "ann@example.com", PASSWORD, forged) == 429
        # Ann, at home, through the same proxy.
        assert _sign_in_from(app, "127.0.0.1", "ann@example.com", PASSWORD, "198.51.100.7") == 200


def test_the_trusted_proxies_come_from_the_environment(tmp_path: object) -> None:
    from pathlib import Path

    from hipthrust.errors import InputError
    from hipthrust.settings import load_settings

    home = Path(str(tmp_path))
    env = {"HIPTHRUST_SECRET_KEY": "k", "HIPTHRUST_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"}
    assert load_settings(env, home).trusted_proxies == ("127.0.0.1", "10.0.0.0/8")
    assert load_settings({"HIPTHRUST_SECRET_KEY": "k"}, home).trusted_proxies == ()
    with pytest.raises(InputError, match="HIPTHRUST_TRUSTED_PROXIES: 'proxy' is not an address"):
        load_settings({"HIPTHRUST_SECRET_KEY": "k", "HIPTHRUST_TRUSTED_PROXIES": "proxy"}, home)


def test_two_people_called_alex_are_both_alex(people: People, app: FastAPI) -> None:
    from hipthrust.service.athletes import ProfileChanges, change_athlete
    from hipthrust.store.athletes import athlete_by_id

    cora = people.coach("Cora")
    assert cora.actor is not None
    first = people.athlete("Alex")
    second = people.stranger()
    made = second.api(
        "POST",
        "/api/v1/signup",
        json={
            "role": "athlete",
            "display_name": "Alex",
            "email": "other.alex@example.com",
            "password": PASSWORD,
        },
    )
    assert made.status_code == 201 and made.json()["user"]["display_name"] == "Alex"
    second.csrf = made.json()["csrf_token"]
    ids = [first.actor.athlete_id if first.actor else None, made.json()["user"]["athlete_id"]]
    for alex, athlete_id in zip((first, second), ids, strict=True):
        with transaction(app.state.store) as session:
            token = invite(session, cora.actor, datetime.now(UTC)).token
        assert alex.api("POST", f"/api/v1/invitations/{token}/accept").status_code == 200
        page = alex.get(f"/athletes/{athlete_id}/videos")
        assert "Videos of Alex<" in page.text and "(2)" not in page.text
    cards = cora.get("/api/v1/coach/dashboard").json()["athletes"]
    assert [card["name"] for card in cards] == ["Alex", "Alex"]
    today = cora.get(f"/athletes/{ids[1]}/today")
    assert "Athlete: <strong>Alex</strong>" in today.text and "(2)" not in today.text
    # The log keeps a unique handle for the command line; changing the profile there keeps
    # the shown name.
    with transaction(app.state.store) as session:
        athlete = athlete_by_id(session, ids[1])
        assert athlete is not None and athlete.name == "Alex (2)"
        change_athlete(session, athlete.name, ProfileChanges(units="lb"))
        changed = athlete_by_id(session, ids[1])
        assert changed is not None and changed.shown_name == "Alex" and changed.units == "lb"
