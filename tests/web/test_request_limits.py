"""Nothing anonymous is expensive: bodies past their route's limit are refused before being read.

The app is driven directly over ASGI, so the test knows exactly how many bytes of the body the
app pulled (``Sent.read``), and sends its chunks from one reused buffer, so the traced peak
memory is the app's. Temporary files are counted where Starlette's form parser makes them.
"""

from __future__ import annotations

import tempfile
import tracemalloc
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import pytest
import starlette.formparsers
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hipthrust.jobs import RecordingQueue
from hipthrust.settings import Settings
from hipthrust.web import create_app
from hipthrust.web.request_limits import FORM_BYTES
from web.browsers import SECRET, People, session_cookie

CHUNK = b"x" * (64 * 1024)
SENT_BYTES = 320 * len(CHUNK)  # 20 MiB
TOKEN = "stranger-token"


@dataclass
class Sent:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    read: int = 0  # bytes of the request body the app pulled
    peak_bytes: int = 0  # traced memory at its highest while the app ran


def _send(
    app: FastAPI,
    method: str,
    path: str,
    content_type: str,
    *,
    declared: bool,
    cookie: dict[str, Any] | None = None,
    csrf_header: bool = False,
    first: bytes = b"",
    total: int = SENT_BYTES,
) -> Sent:
    """Send ``first`` then filler up to ``total`` bytes, with or without a Content-Length."""
    sent = Sent()
    chunks = [first] if first else []
    count = (total - len(first)) // len(CHUNK)
    headers = [(b"content-type", content_type.encode()), (b"host", b"testserver")]
    if declared:
        headers.append((b"content-length", str(len(first) + count * len(CHUNK)).encode()))
    else:
        headers.append((b"transfer-encoding", b"chunked"))
    data = {"csrf_token": TOKEN, **(cookie or {})}
    headers.append((b"cookie", f"hipthrust_session={session_cookie(data)}".encode()))
    if csrf_header:
        headers.append((b"x-csrf-token", TOKEN.encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    index = 0

    async def receive() -> dict[str, Any]:
        nonlocal index
        total_chunks = len(chunks) + count
        if index >= total_chunks:
            return {"type": "http.disconnect"}
        piece = chunks[index] if index < len(chunks) else CHUNK
        index += 1
        sent.read += len(piece)
        return {"type": "http.request", "body": piece, "more_body": index < total_chunks}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            sent.status = message["status"]
            sent.headers = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            sent.body += message.get("body", b"")

    tracemalloc.start()
    try:
        # Its own thread: a browser test earlier in the run may leave an event loop running in
        # this one (Playwright's sync API), and anyio refuses to start a second.
        with ThreadPoolExecutor(1) as pool:
            pool.submit(anyio.run, app, scope, receive, send).result()
        sent.peak_bytes = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return sent


@pytest.fixture
def spooled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many of Starlette's spooled form files went to disk (rolled over)."""
    rolled: list[int] = []

    class Counting(tempfile.SpooledTemporaryFile):  # type: ignore[type-arg]
        def rollover(self) -> None:
            rolled.append(1)
            super().rollover()

    monkeypatch.setattr(starlette.formparsers, "SpooledTemporaryFile", Counting)
    return rolled


def _multipart(name: str, filename: str) -> tuple[str, bytes]:
    boundary = "----limit"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    return f"multipart/form-data; boundary={boundary}", head


def _assert_refused(sent: Sent, *, declared: bool, limit: int = FORM_BYTES) -> None:
    assert sent.status == 413, sent.body[:200]
    assert b"too large" in sent.body
    assert sent.headers["x-frame-options"] == "DENY"
    if declared:
        assert sent.read == 0  # refused by its Content-Length, before a byte was read
    else:
        assert sent.read <= limit + len(CHUNK)  # refused as soon as it crossed the limit
    assert sent.peak_bytes < 4 * 1024 * 1024, sent.peak_bytes  # 20 MiB were sent


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_an_anonymous_oversize_json_body_is_refused_before_being_read(
    app: FastAPI, declared: bool
) -> None:
    sent = _send(
        app,
        "POST",
        "/api/v1/signup",
        "application/json",
        declared=declared,
        csrf_header=True,
        first=b'{"role": "athlete", "display_name": "',
    )
    _assert_refused(sent, declared=declared)
    assert sent.headers["content-type"] == "application/json"


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize("path", ["/logout", "/api/v1/athletes/1/videos", "/athletes/1/videos"])
def test_an_anonymous_oversize_multipart_body_is_refused_before_being_read(
    app: FastAPI, spooled: list[int], path: str, declared: bool
) -> None:
    kind, head = _multipart("video", "set.mp4")
    sent = _send(app, "POST", path, kind, declared=declared, first=head)
    _assert_refused(sent, declared=declared)
    assert spooled == []  # no temporary file was written
    uploads: Path = app.state.config.uploads_dir
    assert not uploads.exists() or not any(uploads.iterdir())  # nor a video file begun


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_an_anonymous_oversize_form_body_is_refused_before_being_read(
    app: FastAPI, declared: bool
) -> None:
    sent = _send(
        app,
        "POST",
        "/login",
        "application/x-www-form-urlencoded",
        declared=declared,
        first=b"email=a%40example.com&password=",
    )
    _assert_refused(sent, declared=declared)
    assert "text/html" in sent.headers["content-type"]


@pytest.fixture
def small_video_app(tmp_path: Path) -> Iterator[FastAPI]:
    config = Settings(secret_key=SECRET, data_dir=tmp_path / "data", max_upload_bytes=1024 * 1024)
    application = create_app(config, RecordingQueue())
    with TestClient(application):
        yield application


def test_only_a_signed_in_upload_gets_the_video_limit(
    small_video_app: FastAPI, spooled: list[int]
) -> None:
    people = People(small_video_app)
    ann = people.athlete("Ann")
    assert ann.actor is not None
    path = f"/api/v1/athletes/{ann.actor.athlete_id}/videos"
    kind, head = _multipart("video", "set.mp4")
    signed_in = {"user_id": ann.actor.user_id}
    # Past the video limit: refused by its length, unread, even for the athlete herself.
    too_big = _send(
        small_video_app,
        "POST",
        path,
        kind,
        declared=True,
        cookie=signed_in,
        csrf_header=True,
        first=head,
        total=2 * 1024 * 1024,
    )
    _assert_refused(too_big, declared=True)
    # Within it (but past the JSON limit): read, and judged by the upload's own checks.
    within = _send(
        small_video_app,
        "POST",
        path,
        kind,
        declared=True,
        cookie=signed_in,
        csrf_header=True,
        first=head,
        total=512 * 1024,
    )
    assert within.status == 400  # not a video: refused by content, after it was read
    assert within.read > FORM_BYTES
    # The same body from a stranger: the small limit.
    stranger = _send(
        small_video_app,
        "POST",
        path,
        kind,
        declared=True,
        csrf_header=True,
        first=head,
        total=512 * 1024,
    )
    _assert_refused(stranger, declared=True)
    assert spooled == []
    for browser in people.made:
        browser.client.close()


def test_a_json_body_within_the_limit_is_still_accepted(app: FastAPI, people: People) -> None:
    ann = people.athlete("Ann")
    assert ann.actor is not None
    answer = ann.api(
        "POST",
        f"/api/v1/athletes/{ann.actor.athlete_id}/sets",
        json={"exercise": "glute_bridge", "reps": 10, "notes": "fine " * 300},
    )
    assert answer.status_code == 201
