from __future__ import annotations

import html
import re

from fastapi import FastAPI

from hipthrust.coaching.prescription import Prescription
from hipthrust.web.routes.training import _card
from web.browsers import Browser, People
from web.training_support import athlete_id, field_error, link

# Hidden fields made anew each time the page is drawn (the form's token and idempotency key).
_PER_PAGE = ("csrf_token", "idempotency_key")


def one_tap_fields(page: str) -> dict[str, str]:
    """The hidden fields of the first "Done as prescribed" form."""
    form = re.search(r'<form[^>]*class="one-tap">(.*?)</form>', page, re.S)
    assert form is not None, "no one-tap form on the page"
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(1))
    return {name: html.unescape(value) for name, value in pairs if name not in _PER_PAGE}


def logged_sets(browser: Browser, target: int) -> list[dict[str, object]]:
    days = browser.api("GET", f"/api/v1/athletes/{target}/sets").json()["days"]
    return [item for day in days for item in day["sets"]]


# --------------------------------------------------------------------------- today's page


def test_today_shows_the_decision_and_the_prescription_with_one_tap_logging(
    people: People,
) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    page = ann.get(f"/athletes/{target}/today")
    assert page.status_code == 200
    assert 'id="decision"' in page.text and "Why" in page.text
    assert f'href="/athletes/{target}/assess" id="start-assessment"' in page.text
    assert "Glute bridge" in page.text and "3 x 8-15" in page.text and "hold 3 s" in page.text
    fields = one_tap_fields(page.text)
    assert fields == {
        "exercise": "glute_bridge",
        "load": "",
        "reps": "8",
        "hold": "3",
        "tempo": "1-3-2",  # the dose's tempo, claimed as the hold is
    }

    done = ann.post_form(f"/athletes/{target}/sets", fields)
    assert done.status_code == 303
    assert done.headers["location"] == f"/athletes/{target}/today?logged=1"
    [stored] = logged_sets(ann, target)
    assert (stored["variation"], stored["reps"], stored["hold_s"]) == ("glute_bridge", 8, 3.0)
    assert stored["source"] == "web"
    after = ann.get(done.headers["location"])
    assert "<strong>Logged:</strong> Glute bridge, bw x 8, 3 s hold, tempo 1-3-2." in after.text
    assert 'data-done="1" data-of="3"' in after.text and "1 of 3" in after.text
    assert "Glute bridge" in after.text and "3 x 8-15" in after.text  # the same prescription
    assert 'data-count="1"' in after.text and "bw x 8, 3 s hold, tempo 1-3-2" in after.text


def decision_card(page: str) -> str:
    found = re.search(r'<section class="card" id="decision".*?</section>', page, re.S)
    assert found is not None, "no decision on the page"
    return html.unescape(found.group(0))


def test_after_todays_first_set_the_why_speaks_of_the_sessions_before_today(
    people: People,
) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    fresh = decision_card(ann.get(f"/athletes/{target}/today").text)
    assert "No sets logged yet: start at rung 1" in fresh
    assert "Logged today" not in fresh and 'id="logged-count"' not in fresh
    page = ann.get(f"/athletes/{target}/today").text
    assert ann.post_form(f"/athletes/{target}/sets", one_tap_fields(page)).status_code == 303
    one = decision_card(ann.get(f"/athletes/{target}/today?logged=1").text)
    assert "No sets logged yet" not in one
    assert "Logged today: 1 set." in one
    assert "Why (from the sessions before today)" in one
    assert "No sessions logged before today: today's session is rung 1" in one
    assert ann.post_form(f"/athletes/{target}/sets", one_tap_fields(page)).status_code == 303
    two = decision_card(ann.get(f"/athletes/{target}/today").text)
    assert "Logged today: 2 sets." in two and "No sets logged yet" not in two
    assert 'data-decision="hold"' in two  # the decision itself is the morning's


def test_a_set_with_effort_and_pain_is_logged_and_the_advice_shown(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    form = {"exercise": "glute_bridge", "reps": "12", "hold": "2", "rpe": "8.5", "pain": "6"}
    assert ann.post_form(f"/athletes/{target}/sets", form).status_code == 303
    [stored] = logged_sets(ann, target)
    assert (stored["reps"], stored["rpe"], stored["pain"]) == (12, 8.5, 6)
    page = ann.get(f"/athletes/{target}/today?logged=1").text
    assert page.count("Pain 6/10 is above 5: stop this exercise for today") == 2  # top and list


def test_bad_values_are_shown_next_to_their_field_and_nothing_is_logged(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    bad = ann.post_form(
        f"/athletes/{target}/sets", {"exercise": "glute_bridge", "reps": "twelve", "pain": "11"}
    )
    assert bad.status_code == 400
    assert field_error(bad.text, "reps") == "the reps must be a whole number from 0 to 200"
    assert field_error(bad.text, "pain") == "the pain must be a whole number from 0 to 10, not 11"
    assert 'value="twelve"' in bad.text  # what was typed stays in the field
    no_load = ann.post_form(
        f"/athletes/{target}/sets", {"exercise": "barbell_hip_thrust", "reps": "8"}
    )
    assert no_load.status_code == 400
    assert "needs the load" in (field_error(no_load.text, "load") or "")
    negative = ann.post_form(
        f"/athletes/{target}/sets", {"exercise": "barbell_hip_thrust", "reps": "8", "load": "-5"}
    )
    assert field_error(negative.text, "load") == "a load cannot be negative"
    assert logged_sets(ann, target) == []


def test_loads_are_read_and_shown_in_the_athletes_units(people: People) -> None:
    lou = people.athlete("Lou", units="lb")
    target = athlete_id(lou)
    form = {"exercise": "barbell_hip_thrust", "load": "225", "reps": "8", "rpe": "8"}
    assert lou.post_form(f"/athletes/{target}/sets", form).status_code == 303
    [stored] = logged_sets(lou, target)
    assert abs(float(str(stored["load_kg"])) - 102.058) < 0.01
    assert "225 lb x 8 @8" in lou.get(f"/athletes/{target}/today").text
    history = lou.get(f"/athletes/{target}/history").text
    assert "225 lb x 8 @8" in history and 'data-units="lb"' in history
    chart = lou.api("GET", f"/api/v1/athletes/{target}/progress").json()
    assert chart["units"] == "lb" and chart["chart"]["volume"] == [1800.0]

    kim = people.athlete("Kim")
    kim_id = athlete_id(kim)
    kim.post_form(f"/athletes/{kim_id}/sets", {**form, "load": "100"})
    assert "100 kg x 8 @8" in kim.get(f"/athletes/{kim_id}/history").text


def test_user_text_is_escaped_on_every_page(people: People, app: FastAPI) -> None:
    name = "<script>alert(1)</script>"
    mal = people.athlete(name)
    cora = people.coach("Cora")
    link(app, cora, mal)
    target = athlete_id(mal)
    note = '<img src=x onerror="alert(2)">'
    mal.api(
        "POST",
        f"/api/v1/athletes/{target}/sets",
        json={"exercise": "glute bridge", "reps": 10, "notes": note},
    )
    mal.post_form(f"/athletes/{target}/checkin", {"pain": "1", "notes": note})
    for page in ("today", "history", "checkin", "plan", "assess"):
        text = cora.get(f"/athletes/{target}/{page}").text
        assert "<script>alert(1)" not in text and "<img src=x" not in text, page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in cora.get(f"/athletes/{target}/today").text
    assert "&lt;img src=x" in cora.get(f"/athletes/{target}/history").text


# --------------------------------------------------------------------------- who may see


def test_a_linked_coach_opens_the_pages_and_logs_for_the_athlete(
    people: People, app: FastAPI
) -> None:
    ann, cora = people.athlete("Ann"), people.coach("Cora")
    link(app, cora, ann)
    target = athlete_id(ann)
    for page in ("today", "history", "checkin"):
        assert cora.get(f"/athletes/{target}/{page}").status_code == 200
    logged = cora.post_form(f"/athletes/{target}/sets", {"exercise": "glute_bridge", "reps": "9"})
    assert logged.status_code == 303
    assert [item["reps"] for item in logged_sets(ann, target)] == [9]


def test_nobody_else_reaches_the_pages_or_the_api(people: People) -> None:
    ann, bob, cora = people.athlete("Ann"), people.athlete("Bob"), people.coach("Cora")
    stranger = people.stranger()
    target = athlete_id(ann)
    for intruder in (bob, cora):
        for page in ("today", "history", "checkin"):
            assert intruder.get(f"/athletes/{target}/{page}").status_code == 403
        for method, path, body in (
            ("GET", "today", None),
            ("GET", "sets", None),
            ("GET", "progress", None),
            ("POST", "sets", {"exercise": "glute bridge", "reps": 5}),
            ("POST", "checkins", {"pain": 1}),
        ):
            answer = intruder.api(method, f"/api/v1/athletes/{target}/{path}", json=body)
            assert answer.status_code == 403, (method, path)
        refused = intruder.post_form(
            f"/athletes/{target}/sets", {"exercise": "glute_bridge", "reps": "5"}
        )
        assert refused.status_code == 403
    page = stranger.get(f"/athletes/{target}/today")
    assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")
    assert stranger.api("GET", f"/api/v1/athletes/{target}/today").status_code == 401
    assert logged_sets(ann, target) == []


# --------------------------------------------------------------------------- API


def test_the_api_logs_reads_and_checks_in(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    logged = ann.api(
        "POST",
        f"/api/v1/athletes/{target}/sets",
        json={"exercise": "barbell hip thrust", "load": "100kg", "reps": 8, "rpe": 8, "sets": 3},
    )
    assert logged.status_code == 201
    assert [item["reps"] for item in logged.json()["logged"]] == [8, 8, 8]
    today = ann.api("GET", f"/api/v1/athletes/{target}/today").json()
    assert today["decision"] in ("advance", "hold", "regress", "deload")
    assert len(today["logged_today"][0]["sets"]) == 3
    bad = ann.api(
        "POST", f"/api/v1/athletes/{target}/sets", json={"exercise": "cable kickback", "reps": 8}
    )
    assert bad.status_code == 400 and "unknown exercise" in bad.json()["detail"]
    typo = ann.api(
        "POST", f"/api/v1/athletes/{target}/sets", json={"exercise": "glute bridge", "reps": "ten"}
    )
    assert typo.status_code == 400
    assert typo.json()["detail"].startswith("reps: input should be a valid integer")
    unknown = ann.api("POST", f"/api/v1/athletes/{target}/checkins", json={"pian": 1})
    assert unknown.status_code == 400 and unknown.json()["detail"].startswith("pian: ")
    checked = ann.api("POST", f"/api/v1/athletes/{target}/checkins", json={"pain": 11})
    assert checked.status_code == 400
    assert checked.json()["detail"] == "pain must be a whole number from 0 to 10, not 11"
    ok = ann.api("POST", f"/api/v1/athletes/{target}/checkins", json={"pain": 0})
    assert ok.status_code == 201 and ok.json()["checkin"]["next_morning_pain"] == 0
    limited = ann.api("GET", f"/api/v1/athletes/{target}/sets", params={"limit": 1}).json()
    assert len(limited["days"]) == 1
    negative = ann.api("GET", f"/api/v1/athletes/{target}/sets", params={"limit": -1})
    assert negative.status_code == 400 and negative.json()["detail"].startswith("limit: ")


_CLI_WORDS = re.compile(r"--[a-z]|\bhipthrust [a-z]")  # a flag, or a command to run


def test_the_pages_and_the_api_speak_without_the_command_lines_flags(people: People) -> None:
    """The service's refusals and notes read right on the web: no ``--since``, no
    ``hipthrust assess`` (the CLI says those; tests/cli)."""
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    today = ann.get(f"/athletes/{target}/today").text  # no screening yet: a note
    assert "No screening on record: answer the screening" in decision_card(today)
    assert not _CLI_WORDS.search(decision_card(today))
    assert not any(
        _CLI_WORDS.search(note)
        for note in ann.api("GET", f"/api/v1/athletes/{target}/today").json()["reasons"]
    )
    refusals = {
        ("POST", "sets"): [
            {"exercise": "glute bridge", "reps": 15, "rpe": 8, "rir": 2},
            {"exercise": "glute bridge", "reps": 15, "sets": 21},
            {"exercise": "glute bridge"},
            {"exercise": "barbell hip thrust", "reps": 8},
            {"exercise": "single leg hip thrust", "reps": 8},
            {"exercise": "banded hip thrust 20kg", "reps": 8},
            {"exercise": "glute brige", "reps": 8},
            {"exercise": "100kg x 8"},
        ],
        ("POST", "checkins"): [{}, {"pain": 1, "date": "yesterday"}],
    }
    for (method, what), bodies in refusals.items():
        for body in bodies:
            refused = ann.api(method, f"/api/v1/athletes/{target}/{what}", json=body)
            assert refused.status_code == 400, body
            assert not _CLI_WORDS.search(refused.json()["detail"]), refused.json()["detail"]
    since = ann.api("GET", f"/api/v1/athletes/{target}/sets", params={"since": "last week"})
    assert since.status_code == 400
    assert since.json()["detail"] == (
        "cannot read 'last week' as the first day: write it like 2026-11-20"
    )
    for form in (
        {"exercise": "barbell_hip_thrust", "reps": "8"},
        {"exercise": "single_leg_hip_thrust", "reps": "8"},
        {"exercise": "banded_hip_thrust", "reps": "8", "load": "20kg"},
    ):
        page = ann.post_form(f"/athletes/{target}/sets", form)
        shown = re.findall(r'<p class="field-error"[^>]*>([^<]*)</p>', page.text)
        assert page.status_code == 400 and shown
        assert not any(_CLI_WORDS.search(html.unescape(text)) for text in shown), shown
    assert logged_sets(ann, target) == []


def test_the_api_is_in_the_openapi_document(people: People) -> None:
    paths = people.stranger().get("/api/v1/openapi.json").json()["paths"]
    for path, method in (
        ("/api/v1/athletes/{athlete_id}/today", "get"),
        ("/api/v1/athletes/{athlete_id}/sets", "get"),
        ("/api/v1/athletes/{athlete_id}/sets", "post"),
        ("/api/v1/athletes/{athlete_id}/checkins", "post"),
        ("/api/v1/athletes/{athlete_id}/progress", "get"),
        ("/api/v1/athletes/{athlete_id}/assessment", "post"),
        ("/api/v1/athletes/{athlete_id}/plan", "post"),
    ):
        assert method in paths[path], path
    assert not any(path.startswith("/athletes/") for path in paths)


def test_exercise_cards_prefill_the_prescription_in_units() -> None:
    barbell = _card(Prescription("barbell_hip_thrust", 3, (6, 8), load_kg=102.058), "lb")
    assert (barbell.prefill_load, barbell.prefill_reps, barbell.load) == ("225", 6, "225 lb")
    assert barbell.one_tap and barbell.needs_load and not barbell.per_side
    unknown_load = _card(Prescription("barbell_hip_thrust", 3, (6, 8)), "kg")
    assert unknown_load.load == "find it" and not unknown_load.one_tap
    one_leg = _card(Prescription("single_leg_hip_thrust", 2, (8, 12), per_side=True), "kg")
    assert one_leg.per_side and one_leg.one_tap and one_leg.dose == "2 x 8-12 each side"
    drill = _card(Prescription("hip_mobility", 1, (5, 8), per_side=True), "kg")
    assert not drill.loggable and not drill.one_tap and not drill.per_side


def test_a_linked_coach_uses_every_endpoint_for_the_athlete(people: People, app: FastAPI) -> None:
    ann, cora = people.athlete("Ann"), people.coach("Cora")
    link(app, cora, ann)
    target = athlete_id(ann)
    base = f"/api/v1/athletes/{target}"
    answers = {"bridge_test": {"two_leg": {"full_extension": True, "reps": 15}}}
    calls = (
        ("POST", "assessment", answers, 201),
        ("GET", "assessment", None, 200),
        ("POST", "plan", {"weeks": 2}, 201),
        ("GET", "plan", None, 200),
        ("GET", "today", None, 200),
        ("POST", "sets", {"exercise": "glute bridge", "reps": 15, "hold": "3"}, 201),
        ("GET", "sets", None, 200),
        ("POST", "checkins", {"pain": 1}, 201),
        ("GET", "progress", None, 200),
    )
    for method, path, body, status in calls:
        answer = cora.api(method, f"{base}/{path}", json=body)
        assert answer.status_code == status, (method, path, answer.text)
    for page in ("assess", "assess/result", "plan", "today", "checkin", "history"):
        shown = cora.get(f"/athletes/{target}/{page}")
        assert shown.status_code == 200, page
        assert "Athlete: <strong>Ann</strong>" in shown.text, page
    mine = ann.api("GET", f"{base}/progress").json()["chart"]
    assert mine["reps"] == [15] and mine["morning_pain"] == [None]


def test_a_set_felt_in_the_hamstrings_gives_the_foot_cue_at_once_and_on_today(
    people: People,
) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    page = ann.get(f"/athletes/{target}/today")
    assert 'name="felt" value="hamstrings"' in page.text
    fields = {**one_tap_fields(page.text), "pain": "0", "felt": "hamstrings"}
    done = ann.post_form(f"/athletes/{target}/sets", fields)
    assert done.status_code == 303
    [stored] = logged_sets(ann, target)
    assert "hamstrings" in stored["felt_in"]
    after = html.unescape(ann.get(done.headers["location"]).text)
    assert "Felt in the hamstrings: the feet are too far out" in after
    assert "Walk the feet closer" in after
