from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI

from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.service.accounts import accept_invitation, invite
from hipthrust.store import add_checkin, add_video_analysis, log_set, transaction
from web.browsers import Browser, People

SCRIPT = "<script>alert(1)</script>"


def link(app: FastAPI, coach: Browser, athlete: Browser) -> None:
    assert coach.actor is not None and athlete.actor is not None
    now = datetime.now(UTC)
    with transaction(app.state.store) as session:
        made = invite(session, coach.actor, now)
        accept_invitation(session, athlete.actor, made.token, now)


def test_the_dashboard_shows_the_coach_their_athletes_only(people: People, app: FastAPI) -> None:
    cora, dan = people.coach("Cora"), people.coach("Dan")
    bea, ann = people.athlete(SCRIPT), people.athlete("Ann")
    link(app, cora, bea)
    assert bea.actor is not None and bea.actor.athlete_id is not None
    bea_id = bea.actor.athlete_id
    yesterday = datetime.now(UTC) - timedelta(days=1)
    with transaction(app.state.store) as session:
        record = SetRecord(yesterday, "barbell_hip_thrust", 8, load_kg=80.0, pain=7)
        log_set(session, bea_id, record, source="web")
        add_checkin(session, bea_id, Checkin(day=yesterday.date(), next_morning_pain=4))
        add_video_analysis(session, bea_id, "<b>set</b>.mp4")
    page = cora.get("/coach")
    assert page.status_code == 200
    assert SCRIPT not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "&lt;b&gt;set&lt;/b&gt;.mp4</a>: pending" in page.text
    assert "Pain 7/10 during barbell hip thrust" in page.text
    assert "Next-morning pain 4/10" in page.text
    assert "No active plan. Trained 1 day since" in page.text
    for part in ("today", "history", "videos"):
        assert f'href="/athletes/{bea_id}/{part}"' in page.text
    assert "Ann" not in page.text
    api = cora.get("/api/v1/coach/dashboard")
    assert api.status_code == 200
    (card,) = api.json()["athletes"]
    assert card["name"] == SCRIPT and card["athlete_id"] == bea_id
    assert card["needs_attention"] is True
    assert [alert["kind"] for alert in card["pain_alerts"]] == ["set", "next_morning"]
    assert card["videos"][0]["status"] == "pending"
    assert dan.get("/api/v1/coach/dashboard").json()["athletes"] == []
    assert "No athletes yet" in dan.get("/coach").text
    # Athletes have no dashboard; strangers are asked to sign in.
    assert ann.get("/coach").status_code == 403
    assert ann.get("/api/v1/coach/dashboard").status_code == 403
    assert people.stranger().get("/coach").headers["location"] == "/login?next=/coach"
    assert people.stranger().get("/api/v1/coach/dashboard").status_code == 401


def test_the_invite_button_shows_a_working_link_once(people: People, app: FastAPI) -> None:
    cora, bea = people.coach("Cora"), people.athlete("Bea")
    page = cora.get("/coach")
    assert 'action="/coach/invitations"' in page.text
    made = cora.post_form("/coach/invitations")
    assert made.status_code == 200
    assert '<script src="/static/coach.js"></script>' in made.text
    start = made.text.index('value="http://testserver/invite/') + len('value="http://testserver')
    path = made.text[start : made.text.index('"', start)]
    assert bea.post_form(path).status_code == 200
    assert [c["name"] for c in cora.get("/api/v1/coach/dashboard").json()["athletes"]] == ["Bea"]
    assert bea.post_form("/coach/invitations").status_code == 403
    assert cora.client.post("/coach/invitations").status_code == 403  # no CSRF token
    assert cora.get("/static/coach.js").status_code == 200


def test_the_api_is_documented_and_the_pages_are_not(people: People) -> None:
    paths = people.stranger().get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/coach/dashboard", "/api/v1/session", "/api/v1/signup"} <= set(paths)
    assert set(paths["/api/v1/session"]) == {"get", "post", "delete"}
    dashboard = paths["/api/v1/coach/dashboard"]["get"]["responses"]["200"]
    assert dashboard["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/DashboardOut"
    }
    assert not any(path in paths for path in ("/coach", "/login", "/signup", "/invite/{token}"))
