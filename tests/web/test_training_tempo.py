"""Tempo on the web (issue 16, item 3): the log form's field, the API's, and their refusals."""

from __future__ import annotations

from web.browsers import People
from web.training_support import athlete_id, field_error


def test_the_log_form_offers_the_doses_tempo_and_keeps_what_was_typed(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    page = ann.get(f"/athletes/{target}/today")
    assert 'name="tempo" value="1-3-2"' in page.text
    done = ann.post_form(
        f"/athletes/{target}/sets",
        {"exercise": "glute_bridge", "reps": "12", "hold": "3", "tempo": "1-3-1", "pain": "0"},
    )
    assert done.status_code == 303
    sets = ann.api("GET", f"/api/v1/athletes/{target}/sets").json()["days"][0]["sets"]
    assert [item["tempo"] for item in sets] == ["1-3-1"]


def test_a_bad_tempo_is_shown_next_to_its_field(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    bad = ann.post_form(
        f"/athletes/{target}/sets", {"exercise": "glute_bridge", "reps": "12", "tempo": "slow"}
    )
    assert bad.status_code == 400
    assert field_error(bad.text, "tempo") == (
        "cannot read the tempo 'slow': write lift-hold-lowering seconds, like 1-3-2"
    )


def test_the_api_logs_a_tempo_as_the_command_line_does(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    logged = ann.api(
        "POST",
        f"/api/v1/athletes/{target}/sets",
        json={"exercise": "glute bridge", "reps": 15, "hold": "3", "tempo": "t1-3-2"},
    )
    assert logged.status_code == 201
    assert logged.json()["logged"][0]["tempo"] == "1-3-2"
    refused = ann.api(
        "POST",
        f"/api/v1/athletes/{target}/sets",
        json={"exercise": "glute bridge", "reps": 15, "tempo": "1-3-99"},
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "the tempo's lowering must be between 0 and 60 s, not 99"
