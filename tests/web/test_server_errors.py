"""A 500 from a real server: logged, with the security headers, and the connection kept."""

from __future__ import annotations

import http.client
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Connection, create_engine, event, text

from web.browsers import People, session_cookie


@pytest.fixture
def served(app: FastAPI) -> Iterator[int]:
    """The app (its lifespan already running) served by uvicorn on a free local port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield port
    server.should_exit = True
    thread.join(10)


def test_a_500_keeps_the_connection_and_carries_the_headers(
    app: FastAPI, people: People, served: int, caplog: pytest.LogCaptureFixture
) -> None:
    ann = people.athlete("Ann")
    assert ann.actor is not None
    cookie = session_cookie({"csrf_token": ann.csrf, "user_id": ann.actor.user_id})
    headers = {
        "Cookie": f"hipthrust_session={cookie}",
        "X-CSRF-Token": ann.csrf,
        "Content-Type": "application/json",
    }
    url = f"/api/v1/athletes/{ann.actor.athlete_id}/sets"
    body = json.dumps({"exercise": "glute_bridge", "reps": 10})

    def refuse(connection: Connection) -> None:
        raise RuntimeError("the disk is full")

    connection = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    event.listen(app.state.store.engine, "commit", refuse)
    try:
        with caplog.at_level(logging.ERROR, logger="hipthrust.web"):
            connection.request("POST", url, body=body, headers=headers)
            failed = connection.getresponse()
            failed_body = json.loads(failed.read())
    finally:
        event.remove(app.state.store.engine, "commit", refuse)
    assert failed.status == 500
    assert failed_body == {"detail": "something went wrong on the server: try again in a moment"}
    assert failed.getheader("X-Frame-Options") == "DENY"
    assert "script-src 'self'" in (failed.getheader("Content-Security-Policy") or "")
    assert (failed.getheader("Connection") or "").lower() != "close"
    assert any("the disk is full" in (r.exc_text or "") for r in caplog.records)  # logged
    first_socket = connection.sock
    # The same connection answers the next request (the set, this time stored).
    connection.request("POST", url, body=body, headers=headers)
    stored = connection.getresponse()
    stored.read()
    assert stored.status == 201
    assert connection.sock is first_socket  # not reopened: the server kept it alive
    connection.close()


def test_a_read_right_after_every_201_from_a_real_server_finds_the_row(
    app: FastAPI, people: People, served: int
) -> None:
    ann = people.athlete("Ann")
    assert ann.actor is not None
    cookie = session_cookie({"csrf_token": ann.csrf, "user_id": ann.actor.user_id})
    headers = {
        "Cookie": f"hipthrust_session={cookie}",
        "X-CSRF-Token": ann.csrf,
        "Content-Type": "application/json",
    }
    url = f"/api/v1/athletes/{ann.actor.athlete_id}/sets"
    body = json.dumps({"exercise": "glute_bridge", "reps": 10})
    reader = create_engine(app.state.store.engine.url)  # another connection, as another client
    connection = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    missed = 0
    try:
        for number in range(1, 41):
            connection.request("POST", url, body=body, headers=headers)
            answer = connection.getresponse()
            answer.read()
            assert answer.status == 201
            with reader.connect() as read:
                stored = read.execute(text("SELECT count(*) FROM sets")).scalar_one()
            missed += stored != number
    finally:
        connection.close()
        reader.dispose()
    assert missed == 0, f"{missed} of 40 reads right after a 201 missed the new set"
