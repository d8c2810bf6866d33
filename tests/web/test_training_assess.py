from __future__ import annotations

import html
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2 as httpx
from fastapi import FastAPI

from hipthrust.coaching.assessment import assess
from hipthrust.service.assessment_io import parse_answers
from web.browsers import Browser, People
from web.training_support import athlete_id, field_error, hidden, link

CLEAN_BRIDGE = {
    "full_extension": "yes",
    "two_leg_reps": "15",
    "two_leg_felt": ["glutes"],
    "pain_during_bridge": "0",
    "single_left": "12",
    "single_right": "13",
    "single_felt": ["glutes"],
    "hug_left": "15",
    "hug_right": "14",
    "training_age_months": "24",
    "bodyweight": "70",
    "has_barbell": "on",
    "has_bench": "on",
}


def step(
    browser: Browser, target: int, page: httpx.Response, data: dict[str, Any]
) -> httpx.Response:
    """Submit the wizard step shown on ``page`` with ``data`` (hidden fields carried over)."""
    carried = {name: html.unescape(hidden(page.text, name)) for name in ("step", "answers")}
    carried["equipment"] = html.unescape(hidden(page.text, "equipment"))
    return browser.post_form(f"/athletes/{target}/assess", {**carried, "action": "next", **data})


def shown_step(page: httpx.Response) -> str:
    return hidden(page.text, "step")


def test_the_wizard_walks_three_steps_and_keeps_the_result_as_the_cli_would(
    people: People,
) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    first = ann.get(f"/athletes/{target}/assess")
    assert first.status_code == 200 and shown_step(first) == "screening"
    assert 'id="flag-saddle_numbness"' in first.text and 'id="since_hernia_repair"' in first.text
    surgery = (datetime.now(UTC).date() - timedelta(weeks=9)).isoformat()
    second = step(
        ann, target, first, {"condition": ["hernia_repair"], "since_hernia_repair": surgery}
    )
    assert second.status_code == 200 and shown_step(second) == "pain"
    carried = json.loads(html.unescape(hidden(second.text, "answers")))
    assert carried["conditions"] == [{"kind": "hernia_repair", "weeks_ago": 9.0, "cleared": False}]
    third = step(ann, target, second, {"pain_now": "1"})
    assert shown_step(third) == "bridge"
    done = step(ann, target, third, CLEAN_BRIDGE)
    assert done.status_code == 303
    assert done.headers["location"] == f"/athletes/{target}/assess/result"

    result = ann.get(done.headers["location"])
    assert result.status_code == 200
    assert 'id="clinician-flags"' in result.text and 'data-flag="needs_clearance"' in result.text
    assert "Start at rung 1" in result.text
    stored = ann.api("GET", f"/api/v1/athletes/{target}/assessment").json()
    expected = assess(parse_answers(stored["answers"])).to_json()
    assert stored["start_rung"] == expected["start_rung"] == 1
    assert stored["flags"] == expected["flags"]
    assert stored["clinician_flags"] == ["needs_clearance"]
    assert stored["current_rung"] == 1
    assert stored["answers"]["bridge_test"]["single_leg"]["right_reps"] == 13
    assert stored["answers"]["bodyweight_kg"] == 70
    today = ann.get(f"/athletes/{target}/today")  # the decision follows the assessment
    assert "Rung 1" in today.text
    assert 'id="start-assessment"' not in today.text and 'id="to-assessment"' in today.text


def test_red_flags_end_the_wizard_with_a_referral(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    first = ann.get(f"/athletes/{target}/assess")
    done = step(ann, target, first, {"red_flags": ["saddle_numbness"]})
    assert done.status_code == 303
    result = ann.get(done.headers["location"]).text
    assert "No exercise for now" in result
    assert 'data-flag="refer_clinician"' in result
    today = ann.get(f"/athletes/{target}/today").text
    assert "No exercise is prescribed for now" in today
    assert "Done as prescribed" not in today


def test_each_step_shows_bad_answers_next_to_their_field(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    first = ann.get(f"/athletes/{target}/assess")
    future = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()
    bad = step(
        ann, target, first, {"condition": ["hip_replacement"], "since_hip_replacement": future}
    )
    assert bad.status_code == 400 and shown_step(bad) == "screening"
    assert field_error(bad.text, "since_hip_replacement") == (
        "this date is in the future: give the day it happened or began"
    )
    assert 'id="condition-hip_replacement" checked' in bad.text  # the answer stays ticked
    pregnant = step(ann, target, first, {"condition": ["pregnancy"], "weeks_pregnancy": "60"})
    assert field_error(pregnant.text, "weeks_pregnancy") == (
        "the number of weeks pregnant must be a number from 0 to 45, not 60"
    )
    second = step(ann, target, first, {})
    third = step(ann, target, second, {"pain_now": "3"})
    wrong = step(
        ann,
        target,
        third,
        {"single_left": "12", "bodyweight": "heavy", "hug_left": "90", "hug_right": "10"},
    )
    assert wrong.status_code == 400 and shown_step(wrong) == "bridge"
    assert field_error(wrong.text, "single_right") == "give both sides, or leave both empty"
    assert "cannot read 'heavy' as a mass" in (field_error(wrong.text, "bodyweight") or "")
    assert field_error(wrong.text, "hug_left") == (
        "the hip extension in degrees must be a number from -45 to 60, not 90"
    )
    assert 'value="heavy"' in wrong.text
    assert ann.api("GET", f"/api/v1/athletes/{target}/assessment").status_code == 404


def test_back_returns_to_the_step_before_with_its_answers(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    first = ann.get(f"/athletes/{target}/assess")
    second = step(
        ann, target, first, {"condition": ["abdominoplasty"], "cleared_abdominoplasty": "on"}
    )
    back = step(ann, target, second, {"action": "back"})
    assert shown_step(back) == "screening"
    assert 'id="condition-abdominoplasty" checked' in back.text
    assert 'id="cleared_abdominoplasty" checked' in back.text


def test_a_damaged_form_is_refused_in_one_sentence(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    answer = ann.post_form(
        f"/athletes/{target}/assess", {"step": "pain", "answers": "[1,", "action": "next"}
    )
    assert answer.status_code == 400
    assert "the form was damaged on the way: start the assessment again" in answer.text


def test_the_bridge_test_in_pounds(people: People) -> None:
    lou = people.athlete("Lou", units="lb")
    target = athlete_id(lou)
    first = lou.get(f"/athletes/{target}/assess")
    assert "Bodyweight (lb)" not in first.text
    third = step(lou, target, step(lou, target, first, {}), {})
    assert "Bodyweight (lb)" in third.text
    done = step(lou, target, third, {**CLEAN_BRIDGE, "bodyweight": "154", "one_rm": "220"})
    assert done.status_code == 303
    answers = lou.api("GET", f"/api/v1/athletes/{target}/assessment").json()["answers"]
    assert abs(answers["bodyweight_kg"] - 69.853) < 0.01
    assert abs(answers["hip_thrust_1rm_kg"] - 99.790) < 0.01
    assert "Hip thrust 1RM 220 lb" in lou.get(f"/athletes/{target}/assess/result").text


def test_the_assessment_api_takes_answers_and_refuses_bad_ones(
    people: People, app: FastAPI
) -> None:
    ann, cora, other = people.athlete("Ann"), people.coach("Cora"), people.coach("Otto")
    link(app, cora, ann)
    target = athlete_id(ann)
    assert ann.api("GET", f"/api/v1/athletes/{target}/assessment").status_code == 404
    answers = {
        "bridge_test": {
            "two_leg": {"full_extension": True, "reps": 15},
            "single_leg": {"left_reps": 12, "right_reps": 12},
        }
    }
    taken = cora.api("POST", f"/api/v1/athletes/{target}/assessment", json=answers)
    assert taken.status_code == 201
    assert taken.json()["start_rung"] == 3 and taken.json()["current_rung"] == 3
    bad = ann.api("POST", f"/api/v1/athletes/{target}/assessment", json={"pain_now": 12})
    assert bad.status_code == 400
    assert bad.json()["detail"] == "answers: pain_now: must be between 0 and 10"
    for method in ("GET", "POST"):
        refused = other.api(method, f"/api/v1/athletes/{target}/assessment", json=answers)
        assert refused.status_code == 403
    assert other.get(f"/athletes/{target}/assess").status_code == 403
    assert other.get(f"/athletes/{target}/assess/result").status_code == 403
    assert ann.api("GET", f"/api/v1/athletes/{target}/assessment").json()["start_rung"] == 3


def test_the_documented_example_answers_are_assessed(people: People) -> None:
    ann = people.athlete("Ann")
    spec = ann.get("/api/v1/openapi.json").json()
    body = spec["paths"]["/api/v1/athletes/{athlete_id}/assessment"]["post"]["requestBody"]
    example = body["content"]["application/json"]["examples"]["after surgery"]["value"]
    taken = ann.api("POST", f"/api/v1/athletes/{athlete_id(ann)}/assessment", json=example)
    assert taken.status_code == 201
    assert taken.json()["clinician_flags"] == ["needs_clearance"]


def test_a_clinicians_load_ceiling_travels_from_the_form_to_the_result(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    first = ann.get(f"/athletes/{target}/assess")
    assert 'id="ceiling_hip_replacement"' in first.text
    surgery = (datetime.now(UTC).date() - timedelta(weeks=30)).isoformat()
    chosen = {
        "condition": ["hip_replacement"],
        "since_hip_replacement": surgery,
        "cleared_hip_replacement": "on",
    }
    bad = step(ann, target, first, {**chosen, "ceiling_hip_replacement": "heavy"})
    assert bad.status_code == 400 and shown_step(bad) == "screening"
    assert "0.8x" in (field_error(bad.text, "ceiling_hip_replacement") or "")
    second = step(ann, target, first, {**chosen, "ceiling_hip_replacement": "0.75x"})
    assert shown_step(second) == "pain"
    third = step(ann, target, second, {"pain_now": "0"})
    done = step(ann, target, third, CLEAN_BRIDGE)
    assert done.status_code == 303
    result = ann.get(done.headers["location"])
    assert "Your clinician&#39;s load ceiling after hip replacement: at most 0.75 x bodyweight" in (
        result.text
    )
    stored = ann.api("GET", f"/api/v1/athletes/{target}/assessment").json()
    assert stored["answers"]["conditions"][0]["max_load_x_bodyweight"] == 0.75
    assert stored["max_rung"] == 5 and stored["ceiling_reasons"]
