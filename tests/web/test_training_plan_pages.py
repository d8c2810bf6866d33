from __future__ import annotations

import re

from fastapi import FastAPI

from web.browsers import People
from web.training_support import athlete_id, field_error, link

LOADED = {
    "bridge_test": {
        "two_leg": {"full_extension": True, "reps": 15},
        "single_leg": {"left_reps": 14, "right_reps": 14},
        "hug_knee_hip_extension_deg": {"left": 20, "right": 20},
    },
    "training_age_months": 36,
    "hip_thrust_1rm_kg": 140,
    "bodyweight_kg": 70,
}


def test_no_plan_yet_then_a_plan_written_by_the_form(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    empty = ann.get(f"/athletes/{target}/plan")
    assert empty.status_code == 200 and 'id="no-plan"' in empty.text
    assert ann.api("GET", f"/api/v1/athletes/{target}/plan").status_code == 404
    written = ann.post_form(
        f"/athletes/{target}/plan",
        {"goal": "rehab", "weeks": "3", "days_per_week": "2", "training_days": ["tue", "fri"]},
    )
    assert written.status_code == 303
    page = ann.get(written.headers["location"]).text
    assert 'id="plan-written"' in page
    assert [int(n) for n in re.findall(r'id="week-(\d+)"', page)] == [1, 2, 3]
    assert page.count("<h3>Tue") == 3 and page.count("<h3>Fri") == 3
    plan = ann.api("GET", f"/api/v1/athletes/{target}/plan").json()
    assert plan["goal"] == "rehab" and len(plan["weeks"]) == 3


def test_loads_are_shown_in_the_athletes_units(people: People) -> None:
    for name, units, e1rm in (("Kim", "kg", "140"), ("Lou", "lb", "310")):
        browser = people.athlete(name, units=units)
        target = athlete_id(browser)
        taken = browser.api("POST", f"/api/v1/athletes/{target}/assessment", json=LOADED)
        assert taken.json()["start_rung"] == 5
        written = browser.api(
            "POST",
            f"/api/v1/athletes/{target}/plan",
            json={"goal": "strength", "weeks": 2, "e1rm": e1rm},
        )
        assert written.status_code == 201
        assert written.json()["units"] == units and written.json()["rung"] == 5
        page = browser.get(f"/athletes/{target}/plan").text
        loads = re.findall(r'<span class="load">([0-9.]+) (kg|lb)</span>', page)
        assert loads and {unit for _, unit in loads} == {units}
        heaviest = max(float(value) for value, _ in loads)
        assert 0.6 * float(e1rm) < heaviest < float(e1rm)  # working sets below the e1RM


def test_bad_plan_answers_are_shown_next_to_the_field(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    weeks = ann.post_form(f"/athletes/{target}/plan", {"weeks": "60"})
    assert weeks.status_code == 400
    assert field_error(weeks.text, "weeks") == (
        "the number of weeks must be a whole number from 1 to 52, not 60"
    )
    days = ann.post_form(
        f"/athletes/{target}/plan",
        {"weeks": "4", "days_per_week": "1", "training_days": ["mon", "wed"]},
    )
    assert "choose as many days as sessions" in (field_error(days.text, "training_days") or "")
    e1rm = ann.post_form(f"/athletes/{target}/plan", {"weeks": "4", "e1rm": "strong"})
    assert "cannot read 'strong' as a mass" in (field_error(e1rm.text, "e1rm") or "")
    assert 'value="strong"' in e1rm.text
    assert ann.api("GET", f"/api/v1/athletes/{target}/plan").status_code == 404
    api = ann.api("POST", f"/api/v1/athletes/{target}/plan", json={"weeks": 0})
    assert api.status_code == 400 and api.json()["detail"] == "weeks must be from 1 to 52, not 0"


def test_the_plan_is_the_coach_s_to_write_only_for_a_linked_athlete(
    people: People, app: FastAPI
) -> None:
    ann, cora, otto = people.athlete("Ann"), people.coach("Cora"), people.coach("Otto")
    link(app, cora, ann)
    target = athlete_id(ann)
    assert cora.post_form(f"/athletes/{target}/plan", {"weeks": "2"}).status_code == 303
    assert otto.post_form(f"/athletes/{target}/plan", {"weeks": "2"}).status_code == 403
    assert otto.get(f"/athletes/{target}/plan").status_code == 403
    assert otto.api("GET", f"/api/v1/athletes/{target}/plan").status_code == 403
    refused = otto.api("POST", f"/api/v1/athletes/{target}/plan", json={"weeks": 2})
    assert refused.status_code == 403
    assert len(ann.api("GET", f"/api/v1/athletes/{target}/plan").json()["weeks"]) == 2


def test_today_follows_the_active_plan(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    ann.api("POST", f"/api/v1/athletes/{target}/assessment", json=LOADED)
    ann.api("POST", f"/api/v1/athletes/{target}/plan", json={"goal": "strength", "weeks": 2})
    today = ann.api("GET", f"/api/v1/athletes/{target}/today").json()
    assert today["planned"] is not None and today["planned"]["used"] is True
    page = ann.get(f"/athletes/{target}/today").text
    assert "Barbell hip thrust" in page and "Done as prescribed" in page
