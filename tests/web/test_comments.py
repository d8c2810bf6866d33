"""Comments on the web: the coach writes on History and the video report, the athlete reads
on Today and History; the API's twins; who may do what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from sqlalchemy import func, select

from hipthrust.coaching.records import SetRecord
from hipthrust.store import add_video_analysis, log_set, transaction
from hipthrust.store.models import CommentRow
from web.browsers import Browser, People
from web.test_coach import link

SCRIPT = "<script>alert('hi')</script>"
ESCAPED = "&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;"


def _set(app: FastAPI, athlete: Browser, hours_ago: float = 2) -> int:
    assert athlete.actor is not None and athlete.actor.athlete_id is not None
    at = datetime.now(UTC) - timedelta(hours=hours_ago)
    with transaction(app.state.store) as session:
        record = SetRecord(at, "barbell_hip_thrust", 8, load_kg=80.0, pain=1)
        return log_set(session, athlete.actor.athlete_id, record, source="web")


def _cora_coaching_bea(people: People, app: FastAPI) -> tuple[Browser, Browser, int]:
    """A coach, Cora, linked to an athlete, Bea: their browsers and Bea's athlete id."""
    cora, bea = people.coach("Cora"), people.athlete("Bea")
    link(app, cora, bea)
    assert bea.actor is not None and bea.actor.athlete_id is not None
    return cora, bea, bea.actor.athlete_id


def _count(app: FastAPI) -> int:
    with transaction(app.state.store) as session:
        return session.scalar(select(func.count()).select_from(CommentRow)) or 0


def test_a_coach_s_comment_on_a_set_reaches_the_athlete_escaped(
    people: People, app: FastAPI
) -> None:
    cora, bea, bea_id = _cora_coaching_bea(people, app)
    set_id = _set(app, bea)
    history = cora.get(f"/athletes/{bea_id}/history")
    assert f'id="comment-form-set-{set_id}"' in history.text
    assert 'name="target" value="day"' in history.text  # and a form for the day
    sent = cora.post_form(
        f"/athletes/{bea_id}/comments",
        {"target": "set", "set_id": str(set_id), "text": f"Hips higher {SCRIPT}"},
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/athletes/{bea_id}/history?commented=1#set-{set_id}"
    for url in (f"/athletes/{bea_id}/today", f"/athletes/{bea_id}/history"):
        page = bea.get(url)
        assert page.status_code == 200
        assert f"Hips higher {ESCAPED}" in page.text, url
        assert SCRIPT not in page.text, url
        assert "Cora, " in page.text
    today = bea.get(f"/athletes/{bea_id}/today").text
    assert 'id="coach-comments"' in today and "From your coach" in today
    # The athlete reads; she gets no form to write.
    assert "comment-form-" not in bea.get(f"/athletes/{bea_id}/history").text
    assert "comment-form-" not in today


def test_a_comment_on_a_day_and_on_a_video(people: People, app: FastAPI) -> None:
    cora, bea, bea_id = _cora_coaching_bea(people, app)
    _set(app, bea)
    with transaction(app.state.store) as session:
        video = add_video_analysis(session, bea_id, "set.mp4").id
    day = datetime.now(UTC).date().isoformat()
    sent = cora.post_form(
        f"/athletes/{bea_id}/comments", {"target": "day", "day": day, "text": "Good session"}
    )
    assert sent.headers["location"].endswith(f"#day-{day}")
    report = cora.get(f"/videos/{video}")
    assert 'id="comment-form-video-' in report.text
    sent = cora.post_form(
        f"/athletes/{bea_id}/comments",
        {"target": "video", "analysis_id": str(video), "text": "Watch rep 3", "back": "video"},
    )
    assert sent.headers["location"] == f"/videos/{video}?commented=1#comments"
    assert "Watch rep 3" in bea.get(f"/videos/{video}").text
    history = bea.get(f"/athletes/{bea_id}/history").text
    assert "Good session" in history and "Watch rep 3" in history  # beside their day
    rest_day = (datetime.now(UTC) - timedelta(days=3)).date().isoformat()
    rested = cora.api(
        "POST",
        f"/api/v1/athletes/{bea_id}/comments",
        json={"target": "day", "day": rest_day, "text": "Rest days count too"},
    )
    assert rested.status_code == 201
    history = bea.get(f"/athletes/{bea_id}/history").text
    assert f'id="day-{rest_day}"' in history and "Rest days count too" in history
    assert history.index(f'id="day-{day}"') < history.index(f'id="day-{rest_day}"')  # newest first
    listed = bea.get(f"/api/v1/athletes/{bea_id}/comments").json()
    assert [c["target"] for c in listed["comments"]] == ["day", "video", "day"]
    on_video = cora.get(f"/api/v1/athletes/{bea_id}/comments?analysis_id={video}").json()
    assert [c["text"] for c in on_video["comments"]] == ["Watch rep 3"]


def test_a_bad_comment_is_refused_in_a_sentence_and_its_text_kept(
    people: People, app: FastAPI
) -> None:
    cora, _, bea_id = _cora_coaching_bea(people, app)
    answer = cora.post_form(
        f"/athletes/{bea_id}/comments",
        {"target": "day", "day": "2999-01-01", "text": "Plan for the future <b>"},
    )
    assert answer.status_code == 400
    assert "still to come" in answer.text
    assert "Plan for the future &lt;b&gt;</textarea>" in answer.text  # kept, escaped
    empty = cora.api(
        "POST",
        f"/api/v1/athletes/{bea_id}/comments",
        json={"target": "day", "day": "2026-12-01", "text": "  "},
    )
    assert empty.status_code == 400 and "empty" in empty.json()["detail"]
    assert _count(app) == 0


def test_only_the_athlete_s_coach_comments_and_only_the_linked_read(
    people: People, app: FastAPI
) -> None:
    cora, dan = people.coach("Cora"), people.coach("Dan")
    bea, ann = people.athlete("Bea"), people.athlete("Ann")
    link(app, cora, bea)
    link(app, dan, ann)
    assert bea.actor is not None and bea.actor.athlete_id is not None
    bea_id = bea.actor.athlete_id
    set_id = _set(app, bea)
    body = {"target": "set", "set_id": set_id, "text": "hello"}
    url = f"/api/v1/athletes/{bea_id}/comments"
    assert bea.api("POST", url, json=body).status_code == 403  # an athlete is no coach
    assert dan.api("POST", url, json=body).status_code == 403  # not Bea's coach
    assert ann.api("POST", url, json=body).status_code == 403
    assert (
        bea.post_form(f"/athletes/{bea_id}/comments", {**body, "set_id": str(set_id)}).status_code
        == 403
    )
    assert dan.get(url).status_code == 403 and ann.get(url).status_code == 403
    assert people.stranger().get(url).status_code == 401
    assert _count(app) == 0
    made = cora.api("POST", url, json=body)
    assert made.status_code == 201
    assert made.json()["author"] == "Cora" and made.json()["set_id"] == set_id
    assert [c["text"] for c in bea.get(url).json()["comments"]] == ["hello"]
    # Ann's set through Bea's id: not Bea's.
    ann_set = _set(app, ann)
    wrong = cora.api("POST", url, json={**body, "set_id": ann_set})
    assert wrong.status_code == 400 and "no set" in wrong.json()["detail"]


def test_the_comments_api_is_documented(people: People) -> None:
    paths = people.stranger().get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/athletes/{athlete_id}/comments"]) == {"get", "post"}
    assert "delete" in paths["/api/v1/coach/invitations/{invitation_id}"]
