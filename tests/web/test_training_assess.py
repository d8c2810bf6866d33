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

# The bridge test and the training, step by step (the wizard's steps after "pain").
CLEAN_BRIDGE: dict[str, dict[str, Any]] = {
    "bridge": {
        "full_extension": "yes",
        "two_leg_reps": "15",
        "two_leg_felt": ["glutes"],
        "pain_during_bridge": "0",
    },
    "single_leg": {"single_left": "12", "single_right": "13", "single_felt": ["glutes"]},
    "knee_hug": {"hug_left": "15", "hug_right": "14"},
    "training": {
        "training_age_months": "24",
        "bodyweight": "70",
        "has_barbell": "on",
        "has_bench": "on",
    },
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


def finish(
    browser: Browser,
    target: int,
    page: httpx.Response,
    steps: dict[str, dict[str, Any]] = CLEAN_BRIDGE,
) -> httpx.Response:
    """From the step on ``page`` to the end: each step with its answers in ``steps``."""
    while page.status_code == 200:
        page = step(browser, target, page, steps.get(shown_step(page), {}))
    return page


def test_the_wizard_walks_its_steps_and_keeps_the_result_as_the_cli_would(
    people: People,
) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    first = ann.get(f"/athletes/{target}/assess")
    assert first.status_code == 200 and shown_step(first) == "screening"
    assert 'id="flag-saddle_numbness"' in first.text
    surgery = (datetime.now(UTC).date() - timedelta(weeks=9)).isoformat()
    conditions = step(ann, target, first, {})
    assert conditions.status_code == 200 and shown_step(conditions) == "conditions"
    assert 'id="since_hernia_repair"' in conditions.text
    second = step(
        ann, target, conditions, {"condition": ["hernia_repair"], "since_hernia_repair": surgery}
    )
    assert second.status_code == 200 and shown_step(second) == "pain"
    carried = json.loads(html.unescape(hidden(second.text, "answers")))
    assert carried["conditions"] == [{"kind": "hernia_repair", "weeks_ago": 9.0, "cleared": False}]
    page = step(ann, target, second, {"pain_now": "1"})
    shown = []
    while page.status_code == 200:
        shown.append(shown_step(page))
        page = step(ann, target, page, CLEAN_BRIDGE[shown[-1]])
    assert shown == ["bridge", "single_leg", "knee_hug", "training"]
    done = page
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
    first = step(ann, target, first, {})
    bad = step(
        ann, target, first, {"condition": ["hip_replacement"], "since_hip_replacement": future}
    )
    assert bad.status_code == 400 and shown_step(bad) == "conditions"
    assert field_error(bad.text, "since_hip_replacement") == (
        "this date is in the future: give the day it happened or began"
    )
    assert 'id="condition-hip_replacement" checked' in bad.text  # the answer stays ticked
    pregnant = step(ann, target, first, {"condition": ["pregnancy"], "weeks_pregnancy": "60"})
    assert field_error(pregnant.text, "weeks_pregnancy") == (
        "the number of weeks pregnant must be a number from 0 to 45, not 60"
    )
    second = step(ann, target, first, {})
    bridge = step(ann, target, step(ann, target, second, {"pain_now": "3"}), {})
    assert shown_step(bridge) == "single_leg"
    wrong = step(ann, target, bridge, {"single_left": "12"})
    assert wrong.status_code == 400 and shown_step(wrong) == "single_leg"
    assert field_error(wrong.text, "single_right") == "give both sides, or leave both empty"
    hug = step(ann, target, bridge, {})
    wrong = step(ann, target, hug, {"hug_left": "90", "hug_right": "10"})
    assert wrong.status_code == 400 and shown_step(wrong) == "knee_hug"
    assert field_error(wrong.text, "hug_left") == (
        "the hip extension in degrees must be a number from -45 to 60, not 90"
    )
    assert 'aria-invalid="true" aria-describedby="error-hug_left"' in wrong.text
    both = step(
        ann,
        target,
        hug,
        {"hug_left": "12", "hug_right": "10", **COMPARED},
    )
    assert both.status_code == 400
    assert "not both" in (field_error(both.text, "hug_left") or "")
    one_side = step(ann, target, hug, {"hug_compared_left": "same"})
    assert field_error(one_side.text, "hug_compared_right") == (
        "give both sides, or leave both empty"
    )
    odd = step(ann, target, hug, {"hug_compared_left": "higher", "hug_compared_right": "same"})
    assert field_error(odd.text, "hug_compared_left") == "pick one of the answers"
    training = step(ann, target, hug, {})
    wrong = step(ann, target, training, {"bodyweight": "heavy"})
    assert wrong.status_code == 400 and shown_step(wrong) == "training"
    assert "cannot read 'heavy' as a mass" in (field_error(wrong.text, "bodyweight") or "")
    assert 'value="heavy"' in wrong.text
    assert ann.api("GET", f"/api/v1/athletes/{target}/assessment").status_code == 404


def test_reps_typed_with_i_did_not_do_the_test_are_asked_about(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    page = ann.get(f"/athletes/{target}/assess")
    while shown_step(page) != "bridge":
        page = step(ann, target, page, {})
    assert 'id="full_extension-skip" checked' in page.text  # the answer until another is picked
    for typed in ("12", "999"):
        asked = step(ann, target, page, {"full_extension": "", "two_leg_reps": typed})
        assert asked.status_code == 400 and shown_step(asked) == "bridge"
        assert "answer yes or no" in (field_error(asked.text, "full_extension") or "")
        assert f'value="{typed}"' in asked.text  # shown again, next to the question
    assert field_error(asked.text, "two_leg_reps") == (
        "the number of reps must be a whole number from 0 to 200, not 999"
    )
    skipped = step(ann, target, page, {"full_extension": "", "two_leg_reps": ""})
    assert skipped.status_code == 200 and shown_step(skipped) == "single_leg"
    done = step(ann, target, page, {"full_extension": "yes", "two_leg_reps": "12"})
    assert finish(ann, target, done).status_code == 303
    stored = ann.api("GET", f"/api/v1/athletes/{target}/assessment").json()["answers"]
    assert stored["bridge_test"]["two_leg"]["reps"] == 12
    # The API (and an answers file, tests/cli/test_assess.py) refuse reps without the answer.
    refused = ann.api(
        "POST",
        f"/api/v1/athletes/{target}/assessment",
        json={"bridge_test": {"two_leg": {"reps": 12}}},
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "answers: bridge_test.two_leg.full_extension: is required"


def test_back_returns_to_the_step_before_with_its_answers(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    first = ann.get(f"/athletes/{target}/assess")
    first = step(ann, target, first, {})
    second = step(
        ann, target, first, {"condition": ["abdominoplasty"], "cleared_abdominoplasty": "on"}
    )
    back = step(ann, target, second, {"action": "back"})
    assert shown_step(back) == "conditions"
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
    training = {**CLEAN_BRIDGE["training"], "bodyweight": "154", "one_rm": "220"}
    page = first
    while shown_step(page) != "training":
        page = step(lou, target, page, {})
    assert "Bodyweight (lb)" in page.text
    done = step(lou, target, page, training)
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


COMPARED = {"hug_compared_left": "much_lower", "hug_compared_right": "a_bit_lower"}


def test_the_knee_hug_compared_with_the_two_leg_bridge_is_kept_and_said_as_an_estimate(
    people: People,
) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    page = ann.get(f"/athletes/{target}/assess")
    steps = {**CLEAN_BRIDGE, "pain": {"pain_now": "0"}, "knee_hug": COMPARED}
    while page.status_code == 200 and shown_step(page) != "knee_hug":
        page = step(ann, target, page, steps.get(shown_step(page), {}))
    for value in ("same", "a_bit_lower", "much_lower", "cannot_lift"):
        assert f'id="hug_compared_left-{value}"' in page.text
    training = step(ann, target, page, COMPARED)
    assert shown_step(training) == "training"
    back = step(ann, target, training, {"action": "back"})  # the answers come back ticked
    assert 'id="hug_compared_left-much_lower" checked' in back.text
    assert 'id="hug_compared_right-a_bit_lower" checked' in back.text
    done = finish(ann, target, back, steps)
    assert done.status_code == 303
    stored = ann.api("GET", f"/api/v1/athletes/{target}/assessment").json()
    test = stored["answers"]["bridge_test"]
    assert test["hug_knee_compared"] == {"left": "much_lower", "right": "a_bit_lower"}
    assert test["two_leg"]["reps"] == 15 and test["single_leg"]["right_reps"] == 13
    assert "hip_flexor_stiffness" in stored["flags"]
    assert stored["start_rung"] == assess(parse_answers(stored["answers"])).start_rung == 2
    result = ann.get(f"/athletes/{target}/assess/result").text
    assert "compared with the two-leg bridge, not measured" in result
    assert "about 5° left" in result and "12° right" in result


def test_the_api_takes_the_knee_hug_compared_as_the_cli_and_the_wizard_do(
    people: People,
) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    answers = {
        "bridge_test": {
            "two_leg": {"full_extension": True, "reps": 15},
            "single_leg": {"left_reps": 12, "right_reps": 12},
            "hug_knee_compared": {"left": "cannot_lift", "right": "same"},
        }
    }
    taken = ann.api("POST", f"/api/v1/athletes/{target}/assessment", json=answers)
    assert taken.status_code == 201
    body = taken.json()
    assert "hip_flexor_stiffness" in body["flags"] and body["start_rung"] == 2
    assert any("not measured" in reason and "about 0° left" in reason for reason in body["reasons"])
    bad = ann.api(
        "POST",
        f"/api/v1/athletes/{target}/assessment",
        json={"bridge_test": {"hug_knee_compared": {"left": "sort of", "right": "same"}}},
    )
    assert bad.status_code == 400
    assert bad.json()["detail"].startswith(
        "answers: bridge_test.hug_knee_compared.left: unknown value 'sort of'"
    )


def test_a_clinicians_load_ceiling_travels_from_the_form_to_the_result(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    screening = ann.get(f"/athletes/{target}/assess")
    first = step(ann, target, screening, {})
    assert shown_step(first) == "conditions"
    assert 'id="ceiling_hip_replacement"' in first.text
    surgery = (datetime.now(UTC).date() - timedelta(weeks=30)).isoformat()
    chosen = {
        "condition": ["hip_replacement"],
        "since_hip_replacement": surgery,
        "cleared_hip_replacement": "on",
    }
    bad = step(ann, target, first, {**chosen, "ceiling_hip_replacement": "heavy"})
    assert bad.status_code == 400 and shown_step(bad) == "conditions"
    assert "0.8x" in (field_error(bad.text, "ceiling_hip_replacement") or "")
    second = step(ann, target, first, {**chosen, "ceiling_hip_replacement": "0.75x"})
    assert shown_step(second) == "pain"
    third = step(ann, target, second, {"pain_now": "0"})
    done = finish(ann, target, third)
    assert done.status_code == 303
    result = ann.get(done.headers["location"])
    assert "Your clinician&#39;s load ceiling after hip replacement: at most 0.75 x bodyweight" in (
        result.text
    )
    stored = ann.api("GET", f"/api/v1/athletes/{target}/assessment").json()
    assert stored["answers"]["conditions"][0]["max_load_x_bodyweight"] == 0.75
    assert stored["max_rung"] == 5 and stored["ceiling_reasons"]
