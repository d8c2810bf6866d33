"""Fixing a mistake on the web: a mis-tapped pain 6 steps the next session back, fixing it to
1 brings it back; Undo right after logging; check-ins corrected; every change on record."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

from web.browsers import Browser, People
from web.training_support import athlete_id, field_error, link

CLEAN_TEST = {
    "bridge_test": {
        "two_leg": {"full_extension": True, "reps": 15, "felt_in": ["glutes"]},
        "single_leg": {"left_reps": 12, "right_reps": 12, "felt_in": ["glutes"]},
    }
}


def _yesterday() -> str:
    return (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d 09:00")


def _assessed_with_a_set(ann: Browser, pain: int) -> int:
    target = athlete_id(ann)
    assert ann.api("POST", f"/api/v1/athletes/{target}/assessment", json=CLEAN_TEST).is_success
    body = {"exercise": "single_leg_glute_bridge", "reps": 12, "right": 12, "pain": pain}
    logged = ann.api("POST", f"/api/v1/athletes/{target}/sets", json={**body, "at": _yesterday()})
    assert logged.status_code == 201, logged.text
    days = ann.api("GET", f"/api/v1/athletes/{target}/sets").json()["days"]
    return int(days[-1]["sets"][-1]["id"])


def _decision(browser: Browser, target: int) -> str:
    page = browser.get(f"/athletes/{target}/today").text
    found = re.search(r'<span class="decision-kind">([^<]*)</span>', page)
    assert found is not None
    return html.unescape(found.group(1))


def test_fixing_a_mistapped_pain_brings_the_next_session_back(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    set_id = _assessed_with_a_set(ann, pain=6)
    assert _decision(ann, target) == "Step back"
    api_before = ann.api("GET", f"/api/v1/athletes/{target}/today").json()
    assert api_before["decision"] == "regress"

    page = ann.get(f"/athletes/{target}/sets/{set_id}")
    assert page.status_code == 200 and "Single-leg glute bridge" in page.text
    assert 'value="6" id="edit-pain-6" checked' in page.text
    saved = ann.post_form(
        f"/athletes/{target}/sets/{set_id}", {"reps": "12", "right": "12", "pain": "1"}
    )
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == f"/athletes/{target}/today?changed=1"
    assert "The set is changed" in ann.get(saved.headers["location"]).text
    assert _decision(ann, target) != "Step back"
    api_after = ann.api("GET", f"/api/v1/athletes/{target}/today").json()
    assert api_after["decision"] != "regress"

    changes = ann.api("GET", f"/api/v1/athletes/{target}/changes").json()["changes"]
    assert [(c["action"], c["before"]["pain"], c["after"]["pain"]) for c in changes] == [
        ("edit", 6, 1)
    ]
    assert changes[0]["by"] == "Ann"
    listed = ann.get(f"/athletes/{target}/changes").text
    assert "Ann changed: Single-leg glute bridge" in html.unescape(listed)
    assert "pain 6/10" in listed and "pain 1/10" in listed


def test_a_bad_correction_is_shown_next_to_its_field_and_changes_nothing(
    people: People,
) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    set_id = _assessed_with_a_set(ann, pain=0)
    refused = ann.post_form(f"/athletes/{target}/sets/{set_id}", {"reps": "", "pain": "1"})
    assert refused.status_code == 400
    assert field_error(refused.text, "reps") is not None
    future = ann.post_form(
        f"/athletes/{target}/sets/{set_id}", {"reps": "12", "right": "12", "at": "2999-01-01T10:00"}
    )
    assert future.status_code == 400 and field_error(future.text, "at") is not None
    assert ann.api("GET", f"/api/v1/athletes/{target}/changes").json()["changes"] == []


def test_undo_right_after_logging(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    done = ann.post_form(f"/athletes/{target}/sets", {"exercise": "glute_bridge", "reps": "12"})
    page = ann.get(done.headers["location"]).text
    found = re.search(r'action="/athletes/\d+/sets/(\d+)/delete"[^>]*id="undo-form"', page)
    assert found is not None, "no Undo after logging"
    undone = ann.post_form(f"/athletes/{target}/sets/{found.group(1)}/delete", {"undo": "1"})
    assert undone.headers["location"] == f"/athletes/{target}/today?undone=1"
    after = ann.get(undone.headers["location"]).text
    assert "Undone" in after and "Nothing logged yet today." in after
    (change,) = ann.api("GET", f"/api/v1/athletes/{target}/changes").json()["changes"]
    assert change["action"] == "undo"


def test_the_api_corrects_and_removes_sets_and_check_ins(people: People) -> None:
    ann, cora = people.athlete("Ann"), people.coach("Cora")
    link(people.app, cora, ann)
    target = athlete_id(ann)
    set_id = _assessed_with_a_set(ann, pain=3)
    edited = cora.api("PATCH", f"/api/v1/athletes/{target}/sets/{set_id}", json={"pain": 2})
    assert edited.status_code == 200, edited.text
    assert (edited.json()["before"]["pain"], edited.json()["after"]["pain"]) == (3, 2)
    assert (
        ann.api("PATCH", f"/api/v1/athletes/{target}/sets/{set_id}", json={"pain": 12}).status_code
        == 400
    )
    today = datetime.now(UTC).date().isoformat()
    assert ann.api("POST", f"/api/v1/athletes/{target}/checkins", json={"pain": 5}).is_success
    fixed = ann.api("PATCH", f"/api/v1/athletes/{target}/checkins/{today}", json={"pain": 1})
    assert fixed.json()["checkin"]["next_morning_pain"] == 1
    assert ann.api("DELETE", f"/api/v1/athletes/{target}/checkins/{today}").is_success
    assert ann.api("DELETE", f"/api/v1/athletes/{target}/sets/{set_id}").is_success
    assert ann.api("DELETE", f"/api/v1/athletes/{target}/sets/{set_id}").status_code == 400
    changes = ann.api("GET", f"/api/v1/athletes/{target}/changes").json()["changes"]
    assert [(c["subject"], c["action"], c["by"]) for c in changes] == [
        ("set", "delete", "Ann"),
        ("checkin", "delete", "Ann"),
        ("checkin", "edit", "Ann"),
        ("set", "edit", "Cora"),
    ]
    assert ann.api("GET", f"/api/v1/athletes/{target}/sets").json()["days"] == []


def test_a_check_in_is_fixed_from_the_history_page(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    ann.post_form(f"/athletes/{target}/checkin", {"pain": "7"})
    today = datetime.now(UTC).date().isoformat()
    history = ann.get(f"/athletes/{target}/history").text
    assert f'href="/athletes/{target}/checkins/{today}" class="fix-checkin"' in history
    form = ann.get(f"/athletes/{target}/checkins/{today}")
    assert form.status_code == 200 and "Fix the check-in" in form.text
    saved = ann.post_form(f"/athletes/{target}/checkins/{today}", {"pain": "2", "notes": "typo"})
    assert saved.status_code == 303
    assert "pain 2/10" in ann.get(f"/athletes/{target}/history").text


def test_pain_above_the_stop_line_takes_done_as_prescribed_away(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    page = ann.get(f"/athletes/{target}/today").text
    assert 'id="done-1"' in page
    ann.post_form(
        f"/athletes/{target}/sets", {"exercise": "glute_bridge", "reps": "8", "pain": "6"}
    )
    page = ann.get(f"/athletes/{target}/today").text
    assert 'id="done-1"' not in page
    stop = re.search(r'id="pain-stop-1">([^<]*)<', page)
    assert stop is not None and "pain 6/10 is above 5" in html.unescape(stop.group(1))
    assert "stopped" in ann.api("GET", f"/api/v1/athletes/{target}/today").json()


def test_a_set_missed_on_shift_is_logged_on_its_own_day(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    when = (datetime.now(UTC) - timedelta(days=2)).strftime("%Y-%m-%dT18:30")
    done = ann.post_form(
        f"/athletes/{target}/sets", {"exercise": "glute_bridge", "reps": "10", "at": when}
    )
    assert done.status_code == 303, done.text
    (day,) = ann.api("GET", f"/api/v1/athletes/{target}/sets").json()["days"]
    assert day["date"] == when[:10]


def test_an_unknown_page_is_a_page_with_the_navigation(people: People) -> None:
    ann = people.athlete("Ann")
    page = ann.get("/no-such-page")
    assert page.status_code == 404 and "There is no such page" in page.text
    assert f'href="/athletes/{athlete_id(ann)}/today"' in page.text
    assert ann.api("GET", "/api/v1/no-such-thing").json() == {"detail": "Not Found"}


def test_faults_and_exercises_read_as_words_not_ids(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    body = {
        "exercise": "single_leg_glute_bridge_90_90",
        "reps": 8,
        "right": 8,
        "faults": "no_pause,shins_forward",
    }
    assert ann.api("POST", f"/api/v1/athletes/{target}/sets", json=body).status_code == 201
    for page in ("today", "history"):
        text = html.unescape(ann.get(f"/athletes/{target}/{page}").text)
        assert "no pause at the top" in text and "shins slope forward at the top" in text
        assert "Single-leg glute bridge, other leg at 90/90" in text
        for raw in ("no_pause", "shins_forward", "single leg glute bridge 90 90"):
            assert raw not in text, (page, raw)
    today = ann.get(f"/athletes/{target}/today").text
    assert "Same again" in today or "Step" in today or "Lighter week" in today
    assert ">HOLD<" not in today


def test_the_rest_timer_starts_after_a_set_from_the_goal_s_default(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    assert 'id="rest-timer"' not in ann.get(f"/athletes/{target}/today").text
    ann.api("PATCH", f"/api/v1/athletes/{target}/settings", json={"goal": "strength"})
    ann.post_form(f"/athletes/{target}/sets", {"exercise": "glute_bridge", "reps": "12"})
    page = ann.get(f"/athletes/{target}/today?logged=1").text
    assert 'id="rest-timer" data-seconds="180"' in page and ">3:00<" in page
    assert ann.api("GET", f"/api/v1/athletes/{target}/today").json()["rest_s"] == 180
