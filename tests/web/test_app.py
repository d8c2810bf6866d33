from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient

from hipthrust.jobs import RecordingQueue
from hipthrust.jobs.queue import AnalysisJobs
from hipthrust.settings import Settings
from hipthrust.web import create_app
from web.browsers import People


def test_the_welcome_page_is_served_to_strangers(people: People) -> None:
    page = people.stranger().get("/")
    assert page.status_code == 200
    assert "Sign up" in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_a_signed_in_athlete_starts_at_today_and_a_coach_at_the_dashboard(
    people: People,
) -> None:
    ann = people.athlete("Ann")
    assert ann.actor is not None
    start = ann.get("/")
    assert start.status_code == 303
    assert start.headers["location"] == f"/athletes/{ann.actor.athlete_id}/today"
    assert people.coach("Cora").get("/").headers["location"] == "/coach"


def test_the_openapi_document_and_the_chart_library_are_served(people: People) -> None:
    stranger = people.stranger()
    spec = stranger.get("/api/v1/openapi.json")
    assert spec.status_code == 200
    assert spec.json()["info"]["title"] == "hipthrust"
    plotly = stranger.get("/vendor/plotly.min.js")
    assert plotly.status_code == 200
    assert plotly.headers["content-type"].startswith("text/javascript")


def test_a_refusal_page_still_knows_who_is_signed_in(people: People) -> None:
    ann = people.athlete("Ann")
    cora = people.coach("Cora")
    assert ann.actor is not None
    refused = cora.get(f"/athletes/{ann.actor.athlete_id}/today")
    assert refused.status_code == 403
    assert "Sign out" in refused.text and "Sign up" not in refused.text


def test_the_app_closes_the_queue_it_made_but_not_one_it_was_given(web_config: Settings) -> None:
    made = create_app(web_config)  # the default queue: SQLite beside the database
    with TestClient(made):
        queue = made.state.queue
        assert isinstance(queue, AnalysisJobs)
        assert queue.huey.storage.queue_size() == 0  # its connection is open now
        assert queue.huey.storage._conn is not None
    assert queue.huey.storage._conn is None

    given = ClosableQueue()
    with TestClient(create_app(web_config, given)):
        pass
    assert not given.closed


@dataclass
class ClosableQueue(RecordingQueue):
    closed: bool = False

    def close(self) -> None:
        self.closed = True
