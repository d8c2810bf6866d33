"""Inputs that once gave a 500 (issue 12) answer 400 with one sentence, and store nothing,
on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from hipthrust.jobs import RecordingQueue
from hipthrust.settings import Settings
from hipthrust.web import create_app
from web.browsers import SECRET, Browser, People

BIG = 2**63  # one past the largest id a database holds


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    def app_over(url: str | None) -> Iterator[FastAPI]:
        config = Settings(secret_key=SECRET, data_dir=tmp_path / "data", database=url)
        application = create_app(config, RecordingQueue())
        with TestClient(application):
            yield application

    if request.param == "sqlite":
        yield from app_over(None)
        return
    schema: Callable[[], AbstractContextManager[str]] = request.getfixturevalue(
        "new_postgres_schema"
    )
    with schema() as url:
        yield from app_over(url)


@pytest.fixture
def any_people(any_app: FastAPI) -> Iterator[People]:
    made = People(any_app)
    yield made
    for browser in made.made:
        browser.client.close()


def _count(app: FastAPI, table: str) -> int:
    engine = create_engine(app.state.store.engine.url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


def _post_json(browser: Browser, url: str, body: dict[str, Any]) -> Any:
    # Sent as ASCII JSON: a lone surrogate travels as the escape \\ud800, as a script sends it.
    return browser.api(
        "POST", url, content=json.dumps(body), headers={"Content-Type": "application/json"}
    )


def _one_sentence(answer: Any, *words: str) -> None:
    assert answer.status_code == 400, answer.text[:300]
    detail = answer.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and "Traceback" not in detail
    for word in words:
        assert word in detail


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"at": "0001-01-01T00:00:00+01:00"}, ("0001-01-01 is too long ago",)),
        ({"at": "1899-12-31 23:00"}, ("too long ago",)),
        ({"notes": "\ud800"}, ("notes",)),
        ({"notes": "before\x00after"}, ("notes", "U+0000")),
        ({"reps": True}, ("reps",)),
        ({"notes": "n" * 2001}, ("notes", "2000")),
    ],
)
def test_a_set_with_an_impossible_value_is_400_and_stores_nothing(
    any_app: FastAPI, any_people: People, body: dict[str, Any], words: tuple[str, ...]
) -> None:
    ann = any_people.athlete("Ann")
    assert ann.actor is not None
    url = f"/api/v1/athletes/{ann.actor.athlete_id}/sets"
    _one_sentence(_post_json(ann, url, {"exercise": "glute_bridge", "reps": 10, **body}), *words)
    assert _count(any_app, "sets") == 0


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"notes": "\ud800"}, ("notes",)),
        ({"notes": "sore\x00"}, ("U+0000",)),
        ({"pain": 2, "date": "0001-01-01"}, ("too long ago",)),
        ({"pain": False}, ("pain",)),
        ({"notes": "n" * 2001}, ("notes", "2000")),
    ],
)
def test_a_check_in_with_an_impossible_value_is_400_and_stores_nothing(
    any_app: FastAPI, any_people: People, body: dict[str, Any], words: tuple[str, ...]
) -> None:
    ann = any_people.athlete("Ann")
    assert ann.actor is not None
    url = f"/api/v1/athletes/{ann.actor.athlete_id}/checkins"
    _one_sentence(_post_json(ann, url, body), *words)
    assert _count(any_app, "checkins") == 0


def test_progress_over_a_million_weeks_is_400(any_people: People) -> None:
    ann = any_people.athlete("Ann")
    assert ann.actor is not None
    answer = ann.get(f"/api/v1/athletes/{ann.actor.athlete_id}/progress?weeks=1000000")
    _one_sentence(answer, "weeks", "5200")


def test_ids_past_the_database_range_are_400_on_the_api_and_the_pages(
    any_people: People,
) -> None:
    ann = any_people.athlete("Ann")
    for method, url in [
        ("GET", f"/api/v1/videos/{BIG}"),
        ("POST", f"/api/v1/videos/{BIG}/log"),
        ("GET", f"/api/v1/athletes/{BIG}/today"),
        ("GET", f"/api/v1/videos/-{BIG + 1}"),
    ]:
        _one_sentence(ann.api(method, url), "too large")
    for method, url in [
        ("GET", f"/videos/{BIG}"),
        ("GET", f"/videos/{BIG}/files/report.json"),
        ("POST", f"/videos/{BIG}/log"),
        ("GET", f"/athletes/{BIG}/today"),
    ]:
        page = ann.post_form(url) if method == "POST" else ann.get(url)
        assert page.status_code == 400, (url, page.status_code)
        assert "a number is too large" in page.text
        assert "Sign out" in page.text  # the page still knows who is signed in
        assert page.headers["x-frame-options"] == "DENY"
    # The largest id is an id like any other: someone else's, or nobody's, is 403.
    assert ann.get(f"/api/v1/videos/{BIG - 1}").status_code == 403


def test_a_sign_up_name_with_a_nul_byte_is_400_and_makes_no_account(
    any_app: FastAPI, any_people: People
) -> None:
    stranger = any_people.stranger()
    before = _count(any_app, "users")
    body = {
        "role": "athlete",
        "display_name": "Nul\x00Name",
        "email": "nul@example.com",
        "password": "long enough password",
    }
    _one_sentence(_post_json(stranger, "/api/v1/signup", body), "U+0000")
    _one_sentence(
        _post_json(
            stranger, "/api/v1/signup", {**body, "display_name": "Ok", "email": "a\x00@b.c"}
        ),
        "U+0000",
    )
    assert _count(any_app, "users") == before
