from __future__ import annotations

import re

from web.browsers import People
from web.training_support import athlete_id, field_error

# --------------------------------------------------------------------------- check-in


def test_the_check_in_saves_pain_with_one_tap_and_bodyweight_in_units(people: People) -> None:
    lou = people.athlete("Lou", units="lb")
    target = athlete_id(lou)
    page = lou.get(f"/athletes/{target}/checkin")
    assert page.status_code == 200
    assert all(f'id="pain-{score}"' in page.text for score in range(11))
    saved = lou.post_form(f"/athletes/{target}/checkin", {"pain": "2", "bodyweight": "176"})
    assert saved.status_code == 200
    assert "pain 2/10, bodyweight 176 lb" in saved.text
    days = lou.api("GET", f"/api/v1/athletes/{target}/sets").json()["days"]
    assert days[-1]["checkin"]["next_morning_pain"] == 2
    assert abs(days[-1]["checkin"]["bodyweight_kg"] - 79.832) < 0.01


def test_a_bad_check_in_is_shown_next_to_the_field(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    heavy = ann.post_form(f"/athletes/{target}/checkin", {"pain": "1", "bodyweight": "eighty"})
    assert heavy.status_code == 400
    assert "cannot read 'eighty' as a mass" in (field_error(heavy.text, "bodyweight") or "")
    empty = ann.post_form(f"/athletes/{target}/checkin", {})
    assert empty.status_code == 400
    assert field_error(empty.text, "pain") == "tap a pain score, or give your bodyweight or a note"
    assert ann.api("GET", f"/api/v1/athletes/{target}/sets").json()["days"] == []


# --------------------------------------------------------------------------- history


def test_the_history_chart_counts_the_set_just_logged(people: People) -> None:
    ann = people.athlete("Ann")
    target = athlete_id(ann)
    empty = ann.get(f"/athletes/{target}/history").text
    assert 'id="progress-chart"' in empty and 'data-points="0"' in empty
    assert '<script src="/vendor/plotly.min.js"' in empty
    assert '<script src="/static/history.js"' in empty
    ann.post_form(
        f"/athletes/{target}/sets",
        {"exercise": "barbell_hip_thrust", "load": "80", "reps": "10", "pain": "1"},
    )
    page = ann.get(f"/athletes/{target}/history").text
    assert 'data-points="1"' in page and 'data-sets="1"' in page
    assert re.search(r'data-last-day="\d{4}-\d\d-\d\d"', page)
    assert page.count('class="history-set"') == 1
    chart = ann.api("GET", f"/api/v1/athletes/{target}/progress").json()["chart"]
    assert chart["volume"] == [800.0] and chart["pain"] == [1]
    assert chart["e1rm"][0] is not None and chart["e1rm"][0] > 100


def test_the_static_scripts_are_served(people: People) -> None:
    stranger = people.stranger()
    for script in ("training.js", "history.js"):
        answer = stranger.get(f"/static/{script}")
        assert answer.status_code == 200 and "use strict" in answer.text
