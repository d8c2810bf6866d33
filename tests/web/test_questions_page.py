"""The questions page and its JSON twin: the list ``hipthrust questions`` prints (issue 16,
item 6), reachable from the navigation and the assessment result."""

from __future__ import annotations

import html

from hipthrust.service.athlete_portal import readers_questions
from web.browsers import People
from web.training_support import athlete_id


def test_anyone_reads_the_questions_and_the_api_gives_the_same_list(people: People) -> None:
    stranger = people.stranger()
    page = stranger.get("/questions")
    assert page.status_code == 200
    text = html.unescape(page.text)
    for answer in readers_questions():
        assert f'id="{answer.id}"' in page.text and answer.question in text
        for paragraph in answer.answer:
            assert paragraph in text
    assert 'href="/signup"' in page.text and 'data-page="assess"' not in page.text
    data = stranger.api("GET", "/api/v1/questions").json()
    assert data["questions"] == [answer.to_json() for answer in readers_questions()]


def test_an_athlete_gets_links_to_their_own_pages(people: People) -> None:
    ann = people.athlete("Ann")
    own = athlete_id(ann)
    page = ann.get("/questions")
    assert f'href="/athletes/{own}/assess" data-page="assess"' in page.text
    assert f'href="/athletes/{own}/plan" data-page="plan"' in page.text
    assert 'href="/questions"' in ann.get(f"/athletes/{own}/today").text  # the navigation


def test_the_assessment_result_links_to_the_questions(people: People) -> None:
    ann = people.athlete("Ann")
    own = athlete_id(ann)
    answers = {
        "bridge_test": {
            "two_leg": {"full_extension": True, "reps": 15, "felt_in": ["glutes"]},
            "single_leg": {"left_reps": 12, "right_reps": 12, "felt_in": ["glutes"]},
        }
    }
    taken = ann.api("POST", f"/api/v1/athletes/{own}/assessment", json=answers)
    assert taken.status_code == 201
    result = ann.get(f"/athletes/{own}/assess/result")
    assert result.status_code == 200
    assert 'href="/questions" id="to-questions"' in result.text
