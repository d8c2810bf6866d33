"""``/docs`` works offline under the app's own Content-Security-Policy: Swagger UI comes from
the app (the swagger-ui-bundle package), draws every operation, and can call the API."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Request, expect

from browser.conftest import Phones

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_api_docs_draw_from_this_site_alone(phones: Phones) -> None:
    page = phones.open()
    hosts: set[str] = set()

    def note(request: Request) -> None:
        hosts.add(urlsplit(request.url).netloc)

    page.on("request", note)
    answer = page.goto("/docs")
    assert answer is not None and answer.status == 200
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 15
    expect(page.locator("#swagger-ui")).to_contain_text("/api/v1/athletes/{athlete_id}/sets")
    # A call from the page itself: who is signed in (nobody), with the CSRF token.
    session = page.locator("#operations-accounts-api_session_api_v1_session_get")
    session.locator(".opblock-summary").click()
    session.get_by_role("button", name="Try it out").click()
    session.get_by_role("button", name="Execute").click()
    expect(session.locator(".live-responses-table")).to_contain_text("csrf_token")
    assert hosts == {urlsplit(phones.site.url).netloc}  # nothing from another site
