"""The questions page and its JSON twin: the list ``hipthrust questions`` prints (issue 16,
item 6), reachable from the navigation and the assessment result."""

from __future__ import annotations

import html
import re

from hipthrust.coaching.questions import SOURCES
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


def _read_text(page: str) -> str:
    """The words a person reads: the page without its tags and attributes."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_sources_are_shown_by_title_never_as_raw_tags(people: People) -> None:
    stranger, ann = people.stranger(), people.athlete("Ann")
    for browser in (stranger, ann):
        page = browser.get("/questions")
        text = _read_text(page.text)
        assert "[seed" not in text and not re.search(r"\bseed \d{3}\b", text)
        assert not re.search(r"\[(seed|literature|design)\]", text)
        for answer in readers_questions():
            for source in answer.cited:  # each cited by title, linked to the list of sources
                assert f'<a href="#{source.anchor}" data-source="{source.id}">' in page.text
            assert f"What carries this answer: {answer.carried_by}." in text
        for source in SOURCES.values():
            assert f'<li id="{source.anchor}"><cite>' in page.text
        assert (
            'Source: <a href="#source-seed-003" data-source="seed 003">'
            "Is the Hip Thrust Dangerous? Guest Post from Brandon Alleman</a>." in page.text
        )
    data = stranger.api("GET", "/api/v1/questions").json()["questions"]
    lifespan = next(item for item in data if item["id"] == "joint_lifespan")
    assert lifespan["sources"] == ["seed 003"]  # the ids the docs cite, for programs
    assert lifespan["cited"] == [
        {
            "id": "seed 003",
            "title": "Is the Hip Thrust Dangerous? Guest Post from Brandon Alleman",
            "about": SOURCES["seed 003"].about,
        }
    ]
    assert lifespan["carried_by"] == "the articles the method is built on"
