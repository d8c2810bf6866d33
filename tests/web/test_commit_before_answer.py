"""Nothing acknowledged is lost: the request's transaction commits before its answer is sent.

A 201 must mean the row is stored (a reader on another connection sees it the moment the
answer starts), and a commit that fails must answer an error and leave nothing: on SQLite a
hook raising at commit, on PostgreSQL for real a deferred constraint trigger.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, event, text
from starlette.types import Message, Receive, Scope, Send

from hipthrust.jobs import RecordingQueue
from hipthrust.settings import Settings
from hipthrust.web import create_app
from web.browsers import SECRET, Browser, People

MARK = "refuse me at commit"


def _sets_url(browser: Browser) -> str:
    assert browser.actor is not None
    return f"/api/v1/athletes/{browser.actor.athlete_id}/sets"


def _stored_sets(app: FastAPI) -> int:
    """The sets another connection sees (a reader outside the request's transaction)."""
    engine = create_engine(app.state.store.engine.url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM sets")).scalar_one())
    finally:
        engine.dispose()


def _assert_server_error(answer: Any) -> None:
    assert answer.status_code == 500
    assert answer.json() == {"detail": "something went wrong on the server: try again in a moment"}
    assert answer.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["cache-control"] == "no-store"


def test_a_commit_that_fails_answers_500_with_the_headers_and_stores_nothing(
    app: FastAPI, people: People
) -> None:
    ann = people.athlete("Ann")
    engine = app.state.store.engine

    def refuse(connection: Connection) -> None:
        raise RuntimeError("the disk is full")

    event.listen(engine, "commit", refuse)
    try:
        answer = ann.api("POST", _sets_url(ann), json={"exercise": "glute_bridge", "reps": 12})
    finally:
        event.remove(engine, "commit", refuse)
    _assert_server_error(answer)
    assert _stored_sets(app) == 0
    # The app goes on: the same set, without the failure, is stored and acknowledged.
    again = ann.api("POST", _sets_url(ann), json={"exercise": "glute_bridge", "reps": 12})
    assert again.status_code == 201
    assert _stored_sets(app) == 1


def test_a_form_whose_commit_fails_gets_the_error_page_and_stores_nothing(
    app: FastAPI, people: People
) -> None:
    ann = people.athlete("Ann")
    assert ann.actor is not None
    engine = app.state.store.engine

    def refuse(connection: Connection) -> None:
        raise RuntimeError("the disk is full")

    event.listen(engine, "commit", refuse)
    try:
        page = ann.post_form(
            f"/athletes/{ann.actor.athlete_id}/sets", {"exercise": "glute_bridge", "reps": "12"}
        )
    finally:
        event.remove(engine, "commit", refuse)
    assert page.status_code == 500  # not the 303 to "logged"
    assert "text/html" in page.headers["content-type"]
    assert "something went wrong on the server" in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "no-store"
    assert _stored_sets(app) == 0


class _ReadAtAnswer:
    """An ASGI wrapper that, the moment a 201 starts going out, counts the stored sets."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.seen: list[int] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def spying_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 201:
                self.seen.append(_stored_sets(self.app))
            await send(message)

        await self.app(scope, receive, spying_send)


def test_every_201_is_sent_only_once_its_row_is_stored(app: FastAPI, people: People) -> None:
    ann = people.athlete("Ann")
    spy = _ReadAtAnswer(app)
    client = TestClient(spy, base_url="http://testserver")  # the app's lifespan runs already
    client.cookies = ann.client.cookies
    for number in range(1, 31):
        answer = client.post(
            _sets_url(ann),
            json={"exercise": "glute_bridge", "reps": 10},
            headers={"X-CSRF-Token": ann.csrf},
        )
        assert answer.status_code == 201
        assert spy.seen[-1] == number  # already visible to another connection
        logged = ann.get(_sets_url(ann)).json()
        assert sum(len(day["sets"]) for day in logged["days"]) == number
    client.close()


# --------------------------------------------------------------------------- PostgreSQL

_TRIGGER = f"""
CREATE FUNCTION refuse_marked_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.notes = '{MARK}' THEN
    RAISE EXCEPTION 'a marked set is refused at commit';
  END IF;
  RETURN NEW;
END $$;
CREATE CONSTRAINT TRIGGER refuse_marked_set AFTER INSERT ON sets
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_marked_set();
"""


@pytest.fixture
def postgres_app(
    new_postgres_schema: Callable[[], AbstractContextManager[str]], tmp_path: Path
) -> Iterator[FastAPI]:
    with new_postgres_schema() as url:
        config = Settings(secret_key=SECRET, data_dir=tmp_path / "data", database=url)
        application = create_app(config, RecordingQueue())
        with TestClient(application):
            with application.state.store.engine.begin() as connection:
                connection.exec_driver_sql(_TRIGGER)
            yield application


@pytest.mark.postgres
def test_postgres_a_deferred_constraint_failing_at_commit_answers_500_and_stores_nothing(
    postgres_app: FastAPI,
) -> None:
    people = People(postgres_app)
    ann = people.athlete("Ann")
    body = {"exercise": "glute_bridge", "reps": 12, "notes": MARK}
    _assert_server_error(ann.api("POST", _sets_url(ann), json=body))
    assert _stored_sets(postgres_app) == 0
    ok = ann.api("POST", _sets_url(ann), json={**body, "notes": "fine"})
    assert ok.status_code == 201
    assert _stored_sets(postgres_app) == 1
    for browser in people.made:
        browser.client.close()


@pytest.mark.postgres
def test_postgres_every_201_is_sent_only_once_its_row_is_stored(postgres_app: FastAPI) -> None:
    people = People(postgres_app)
    ann = people.athlete("Ann")
    spy = _ReadAtAnswer(postgres_app)
    client = TestClient(spy, base_url="http://testserver")  # the app's lifespan runs already
    client.cookies = ann.client.cookies
    for number in range(1, 21):
        answer = client.post(
            _sets_url(ann),
            json={"exercise": "glute_bridge", "reps": 10},
            headers={"X-CSRF-Token": ann.csrf},
        )
        assert answer.status_code == 201
        assert spy.seen[-1] == number
    client.close()
    for browser in people.made:
        browser.client.close()
