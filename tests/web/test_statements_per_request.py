"""The SQL each hot request sends, counted: a change that adds queries to them shows here.

Under load the server's CPU per request sets the tail (docs/speed.md, "The web under load"),
and every statement costs a round of SQLAlchemy's work. Counted with SQLAlchemy's
``before_cursor_execute`` on the app's engine, on SQLite, for the app's own requests only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI

from web.browsers import Browser, People

SET = {"exercise": "barbell_hip_thrust", "load": "100kg", "reps": 8, "rpe": 8}


@contextmanager
def statements(app: FastAPI) -> Iterator[list[str]]:
    """The statements sent to the app's database inside the block, in order."""
    from sqlalchemy import event

    engine = app.state.store.engine
    sent: list[str] = []

    def record(connection: Any, cursor: Any, statement: str, *rest: Any) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _log(browser: Browser) -> Any:
    assert browser.actor is not None
    return browser.api("POST", f"/api/v1/athletes/{browser.actor.athlete_id}/sets", json=SET)


def test_who_is_signed_in_is_one_transaction_with_one_query(app: FastAPI, people: People) -> None:
    ann = people.athlete("Ann")
    assert ann.get("/api/v1/session").json()["signed_in"]  # the pool's connection is warm
    with statements(app) as sent:
        answer = ann.get("/api/v1/session")
    assert answer.status_code == 200 and answer.json()["user"]["display_name"] == "Ann"
    # BEGIN, then the user by primary key (the reading mode is set once per connection).
    assert len(sent) == 2, sent
    assert sent[0] == "BEGIN"
    assert sent[1].startswith("SELECT") and "FROM users" in sent[1]


def test_logging_a_set_sends_a_fixed_number_of_statements(app: FastAPI, people: People) -> None:
    ann = people.athlete("Ann")
    for _ in range(3):  # a history to read back, and a warm pool
        assert _log(ann).status_code == 201
    with statements(app) as sent:
        answer = _log(ann)
    assert answer.status_code == 201, answer.text
    assert len(sent) == 9, "\n".join(sent)
    # However long the log: the set's window is read, never the whole history.
    for _ in range(5):
        assert _log(ann).status_code == 201
    with statements(app) as again:
        assert _log(ann).status_code == 201
    assert len(again) == len(sent), "\n".join(again)
