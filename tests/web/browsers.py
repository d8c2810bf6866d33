"""Web test helpers: signed-in browsers over the app of conftest.py.

``people.athlete("ann")`` signs up an athlete (through the service layer) and returns a
``Browser``: a TestClient whose session cookie says who it is and which carries the CSRF token
(``browser.csrf``; ``browser.post_form`` adds it to a form). ``people.stranger()`` is signed in
as nobody.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

import httpx2 as httpx
import itsdangerous
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hipthrust.service.accounts import Actor, sign_up
from hipthrust.store import transaction
from hipthrust.store.accounts import get_user

SECRET = "test-secret-key"
PASSWORD = "correct horse battery"


def session_cookie(data: dict[str, Any], secret: str = SECRET) -> str:
    """The value Starlette's SessionMiddleware would set for ``data``."""
    payload = base64.b64encode(json.dumps(data).encode())
    return itsdangerous.TimestampSigner(secret).sign(payload).decode()


@dataclass
class Browser:
    client: TestClient
    actor: Actor | None
    csrf: str

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(url, **kwargs)

    def post_form(
        self, url: str, data: dict[str, Any] | None = None, **kwargs: Any
    ) -> httpx.Response:
        return self.client.post(url, data={"csrf_token": self.csrf, **(data or {})}, **kwargs)

    def api(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        headers = {"X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kwargs)


@dataclass
class People:
    app: FastAPI
    made: list[Browser] = field(default_factory=list)

    def _browser(self, actor: Actor | None) -> Browser:
        client = TestClient(self.app, base_url="http://testserver", follow_redirects=False)
        csrf = f"csrf-{len(self.made)}"
        data: dict[str, Any] = {"csrf_token": csrf}
        if actor is not None:
            data["user_id"] = actor.user_id
            # The account's current session epoch: a new browser works even after the
            # account signed out everywhere (as signing in again would).
            with transaction(self.app.state.store) as session:
                user = get_user(session, actor.user_id)
            data["session_epoch"] = 0 if user is None else user.session_epoch
        # The domain the server's own Set-Cookie gets (cookiejar adds ".local" to a dotless
        # host), so a new session from the app replaces this one instead of living beside it.
        client.cookies.set("hipthrust_session", session_cookie(data), domain="testserver.local")
        browser = Browser(client, actor, csrf)
        self.made.append(browser)
        return browser

    def _sign_up(self, role: str, name: str, units: str = "kg") -> Actor:
        with transaction(self.app.state.store) as session:
            return sign_up(session, f"{name.lower()}@example.com", PASSWORD, role, name, units)

    def athlete(self, name: str, units: str = "kg") -> Browser:
        return self._browser(self._sign_up("athlete", name, units))

    def coach(self, name: str) -> Browser:
        return self._browser(self._sign_up("coach", name))

    def stranger(self) -> Browser:
        return self._browser(None)
