"""Settings on the web: a firefighter sets on-shift mode, shift days and a deadlift day, and the
next plan uses them; the time zone decides the athlete's days; the API agrees with the page."""

from __future__ import annotations

from web.browsers import People
from web.training_support import athlete_id


def test_a_firefighter_sets_shift_work_and_the_next_plan_uses_it(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    page = ann.get(f"/athletes/{target}/settings")
    assert page.status_code == 200 and "On-shift mode" in page.text
    saved = ann.client.post(
        f"/athletes/{target}/settings",
        data={
            "csrf_token": ann.csrf,
            "units": "lb",
            "goal": "strength",
            "training_days": ["mon", "fri"],
            "time_zone": "America/New_York",
            "bar": "45",
            "plates": "45,25,10,5,2.5",
            "barbell": "on",
            "bench": "on",
            "on_shift": "on",
            "shift_days": ["tue", "wed"],
            "deadlift_day": "thu",
        },
    )
    assert saved.status_code == 303, saved.text
    assert "Saved" in ann.get(saved.headers["location"]).text
    profile = ann.api("GET", f"/api/v1/athletes/{target}/settings").json()
    assert (profile["units"], profile["goal"], profile["time_zone"]) == (
        "lb",
        "strength",
        "America/New_York",
    )
    assert profile["training_days"] == ["mon", "fri"]
    assert (profile["on_shift"], profile["shift_days"], profile["deadlift_day"]) == (
        True,
        ["tue", "wed"],
        "thu",
    )
    assert profile["equipment"]["bar"] == 45 and profile["equipment"]["has_machine"] is False
    plan = ann.api("POST", f"/api/v1/athletes/{target}/plan", json={"weeks": 2})
    assert plan.status_code in (200, 201), plan.text
    written = plan.json()
    assert (written["goal"], written["units"]) == ("strength", "lb")
    assert [session["day"] for session in written["weeks"][0]["sessions"]] == ["mon", "fri"]


def test_a_bad_setting_is_one_sentence_and_changes_nothing(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    refused = ann.post_form(
        f"/athletes/{target}/settings", {"units": "kg", "time_zone": "Mars/Olympus"}
    )
    assert refused.status_code == 400 and "unknown time zone" in refused.text
    assert ann.api("GET", f"/api/v1/athletes/{target}/settings").json()["time_zone"] is None
    api = ann.api(
        "PATCH", f"/api/v1/athletes/{target}/settings", json={"training_days": "mon,tue,wed,thu"}
    )
    assert api.status_code == 400 and "at most 3" in api.json()["detail"]


def test_the_rung_and_loading_cannot_be_set_from_settings(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    answer = ann.api("PATCH", f"/api/v1/athletes/{target}/settings", json={"loading_allowed": True})
    assert answer.status_code == 400
