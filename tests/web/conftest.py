"""Web test fixtures: an app over a temporary SQLite log, and signed-in browsers (browsers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hipthrust.jobs import RecordingQueue
from hipthrust.settings import Settings
from hipthrust.web import create_app
from web.browsers import SECRET, People


@pytest.fixture
def web_config(tmp_path: Path) -> Settings:
    return Settings(secret_key=SECRET, data_dir=tmp_path / "data")


@pytest.fixture
def queue() -> RecordingQueue:
    return RecordingQueue()


@pytest.fixture
def app(web_config: Settings, queue: RecordingQueue) -> Iterator[FastAPI]:
    application = create_app(web_config, queue)
    with TestClient(application):  # runs the lifespan: the store is open inside
        yield application


@pytest.fixture
def people(app: FastAPI) -> Iterator[People]:
    made = People(app)
    yield made
    for browser in made.made:
        browser.client.close()
