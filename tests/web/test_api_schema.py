"""The API against its own OpenAPI document, with schemathesis (bounded, deterministic).

Every documented operation is called with generated requests (valid ones and invalid ones)
as a signed-in athlete whose own id is put in the paths, so the calls reach the use cases
instead of stopping at 403. Each answer must not be a server error, must have a documented
status code and content type, and must match the documented schema. Hypothesis runs
derandomized without its example database, so the same requests are made on every run.
The operations are driven one by one with ``as_strategy`` (schemathesis's pytest plugin loads
its schema from a fixture through pytest internals that pytest 9 no longer has).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.types import Receive, Scope, Send

from hipthrust.jobs import RecordingQueue
from hipthrust.service.accounts import sign_up
from hipthrust.settings import Settings
from hipthrust.store import transaction
from hipthrust.web import create_app
from web.browsers import PASSWORD, SECRET, session_cookie

pytestmark = pytest.mark.slow

EXAMPLES = 25  # per operation and mode: about a minute for the whole document
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
TOKEN = "schemathesis-csrf-token"


class _LifespanOutside:
    """The app for schemathesis: its lifespan is the fixture's to run (and to end)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # refused before any message: "no lifespan here"
            raise RuntimeError("the test fixture runs this app's lifespan")
        await self.app(scope, receive, send)


@dataclass(frozen=True)
class _Site:
    app: FastAPI
    athlete_id: int  # Ann's own log
    cookie: str  # her signed session, with TOKEN as its CSRF token


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Site]:
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    application = create_app(Settings(secret_key=SECRET, data_dir=folder), RecordingQueue())
    with TestClient(application):
        with transaction(application.state.store) as session:
            ann = sign_up(session, "ann@example.com", PASSWORD, "athlete", "Ann", "kg")
        assert ann.athlete_id is not None
        cookie = session_cookie({"csrf_token": TOKEN, "user_id": ann.user_id})
        yield _Site(application, ann.athlete_id, cookie)


def _operations(app: FastAPI) -> list[Any]:
    loaded = schemathesis.openapi.from_asgi("/api/v1/openapi.json", _LifespanOutside(app))
    return [result.ok() for result in loaded.get_all_operations()]


def _exercise(operation: Any, mode: GenerationMode, site: _Site) -> str | None:
    """Run ``EXAMPLES`` generated requests of ``operation``; the first failure, if any."""
    path_parameters = {"athlete_id": site.athlete_id} if "{athlete_id}" in operation.path else None
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is enough
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(
            headers={"X-CSRF-Token": TOKEN},
            cookies={"hipthrust_session": site.cookie},
            checks=CHECKS,
        )

    try:
        run()
    except Unsatisfiable:  # nothing of the request can be made invalid (no parameters, no body)
        assert mode is GenerationMode.NEGATIVE, operation.label
        return None
    except (Exception, BaseExceptionGroup) as failure:  # a check's failure, or a group
        return f"{mode.value} {operation.label}: {failure}"
    return None


def test_every_operation_answers_as_documented(site: _Site) -> None:
    operations = _operations(site.app)
    assert len(operations) >= 20
    failures = [
        failure
        for operation in operations
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
        if (failure := _exercise(operation, mode, site)) is not None
    ]
    assert not failures, "\n\n".join(failures)
