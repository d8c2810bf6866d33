"""Installing and working offline: the manifest, the service worker, the idempotency key on the
API and on Today's forms, and Today landing on the next set after one is logged."""

from __future__ import annotations

import re
import uuid

from hipthrust.service.training import KEY_REUSED
from hipthrust.web.routes.offline import MANIFEST
from hipthrust.web.routes.training import ExerciseCard, landing
from web.browsers import People
from web.test_training import logged_sets
from web.training_support import athlete_id, hidden

# --------------------------------------------------------------------------- installing


def test_the_manifest_names_the_app_with_our_icon_and_every_page_links_it(
    people: People,
) -> None:
    stranger = people.stranger()
    answer = stranger.get("/manifest.webmanifest")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/manifest+json"
    manifest = answer.json()
    assert manifest == MANIFEST
    assert manifest["name"] == "hipthrust" and manifest["start_url"] == "/"
    assert manifest["display"] == "standalone" and manifest["scope"] == "/"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    [icon] = manifest["icons"]
    assert icon["type"] == "image/svg+xml" and icon["sizes"] == "any"
    drawn = stranger.get(icon["src"])
    assert drawn.status_code == 200 and drawn.headers["content-type"] == "image/svg+xml"
    assert drawn.text.startswith("<svg")
    for path in ("/login", "/questions"):
        page = stranger.get(path).text
        assert '<link rel="manifest" href="/manifest.webmanifest">' in page
        assert f'<meta name="theme-color" content="{manifest["theme_color"]}">' in page
        assert '<script src="/static/offline.js" defer></script>' in page


def test_the_service_worker_is_served_from_the_root_and_its_files_exist(people: People) -> None:
    stranger = people.stranger()
    worker = stranger.get("/sw.js")
    assert worker.status_code == 200
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["service-worker-allowed"] == "/"
    assert worker.headers["cache-control"] == "no-cache"  # a changed worker installs next visit
    listed = re.search(r"var SHELL_FILES = \[(.*?)\];", worker.text, re.S)
    assert listed is not None
    files = re.findall(r'"([^"]+)"', listed.group(1))
    assert "/static/offline.js" in files and "/static/app.css" in files
    for path in files:  # a missing file would make the worker fail to install
        assert stranger.get(path).status_code == 200, path


# --------------------------------------------------------------------------- the API's key


def test_a_set_sent_twice_with_one_key_is_stored_once_and_answered_the_same(
    people: People,
) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    key = str(uuid.uuid4())
    body = {"exercise": "glute_bridge", "reps": 12, "pain": 1, "at": "2026-12-01 18:30"}
    url = f"/api/v1/athletes/{target}/sets"
    first = ann.api("POST", url, json=body, headers={"Idempotency-Key": key})
    again = ann.api("POST", url, json=body, headers={"Idempotency-Key": key})
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == first.json()
    assert len(logged_sets(ann, target)) == 1

    other = ann.api("POST", url, json={**body, "reps": 15}, headers={"Idempotency-Key": key})
    assert other.status_code == 409
    assert other.json() == {"detail": KEY_REUSED}
    [kept] = logged_sets(ann, target)
    assert kept["reps"] == 12


def test_the_key_may_come_in_the_body_and_must_agree_with_the_header(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    url = f"/api/v1/athletes/{target}/sets"
    key = uuid.uuid4().hex
    body = {"exercise": "glute_bridge", "reps": 10, "idempotency_key": key}
    assert ann.api("POST", url, json=body).status_code == 201
    assert ann.api("POST", url, json=body, headers={"Idempotency-Key": key}).status_code == 200
    clash = ann.api("POST", url, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
    assert clash.status_code == 400
    assert "differ" in clash.json()["detail"]
    bad = ann.api(
        "POST",
        url,
        json={"exercise": "glute_bridge", "reps": 10},
        headers={"Idempotency-Key": "no good"},
    )
    assert bad.status_code == 400 and "idempotency key" in bad.json()["detail"]
    assert len(logged_sets(ann, target)) == 1


def test_the_openapi_document_names_the_header_and_the_answers(people: People) -> None:
    schema = people.stranger().get("/api/v1/openapi.json").json()
    post = schema["paths"]["/api/v1/athletes/{athlete_id}/sets"]["post"]
    assert "Idempotency-Key" in [item["name"] for item in post["parameters"]]
    assert {"200", "201", "409"} <= set(post["responses"])


# --------------------------------------------------------------------------- Today's forms


def test_each_set_form_carries_its_own_key_and_a_double_tap_stores_one_set(
    people: People,
) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    page = ann.get(f"/athletes/{target}/today").text
    keys = re.findall(r'name="idempotency_key" value="([^"]+)"', page)
    assert len(keys) >= 3 and len(set(keys)) == len(keys)  # one per form, all different
    assert all(uuid.UUID(key) for key in keys)
    key = hidden(page, "idempotency_key")
    form = {"exercise": "glute_bridge", "reps": "10", "idempotency_key": key}
    first = ann.post_form(f"/athletes/{target}/sets", form)
    second = ann.post_form(f"/athletes/{target}/sets", form)  # the second tap of a double tap
    assert first.status_code == second.status_code == 303
    assert second.headers["location"] == first.headers["location"]
    assert len(logged_sets(ann, target)) == 1
    changed = ann.post_form(f"/athletes/{target}/sets", {**form, "reps": "11"})
    assert changed.status_code == 400
    assert "this form was sent already with other values: reload the page" in changed.text
    assert len(logged_sets(ann, target)) == 1


# --------------------------------------------------------------------------- landing


def _card(variation: str, sets: int = 3, loggable: bool = True) -> ExerciseCard:
    return ExerciseCard(
        variation=variation,
        name=variation,
        loggable=loggable,
        sets=sets,
        dose="",
        load="",
        hold_s=0,
        rpe_max=None,
        tempo="",
        notes=(),
        prefill_load="",
        prefill_hold="",
        prefill_tempo="",
        prefill_reps=10,
        per_side=False,
        needs_load=False,
        bodyweight=True,
    )


def test_the_landing_is_the_same_exercise_then_the_next_one_with_sets_to_do() -> None:
    cards = (_card("a", 2), _card("drill", loggable=False), _card("b", 1), _card("c", 2))
    assert landing(cards, {"a": 1}, {}, "a") == "exercise-1"
    assert landing(cards, {"a": 2}, {}, "a") == "exercise-3"  # the drill is not logged
    assert landing(cards, {"a": 2, "b": 1}, {}, "a") == "exercise-4"
    assert landing(cards, {"a": 1, "b": 1, "c": 2}, {}, "c") == "exercise-1"  # one left earlier
    assert landing(cards, {"a": 2, "b": 1, "c": 2}, {}, "c") == "logged-today"
    assert landing(cards, {"a": 1}, {"a": "pain: stop"}, "a") == "exercise-3"  # pain stopped it
    assert landing(cards, {}, {}, "deadlift") == "other-set"
    assert landing(cards, {}, {}, None) == ""


def test_after_a_set_today_names_the_card_to_land_on(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    plain = ann.get(f"/athletes/{target}/today").text
    assert 'id="landing"' not in plain
    first = re.search(r'id="exercise-1" data-variation="([^"]+)"', plain)
    assert first is not None
    form = {"exercise": first.group(1), "reps": "10"}
    assert ann.post_form(f"/athletes/{target}/sets", form).status_code == 303
    after = ann.get(f"/athletes/{target}/today?logged=1").text
    assert '<span hidden id="landing" data-target="exercise-1"></span>' in after
