"""How to do it (issue 13): each exercise on Today opens its setup, cues, mistakes with fixes
and the two position pictures; the page and its JSON twin render the same use case
(``service.exercises``), which ``hipthrust exercises --id`` prints too."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest

from hipthrust.coaching.catalogue import CATALOGUE, variation
from hipthrust.service.exercises import how_to, how_to_or_none
from web.browsers import People
from web.training_support import athlete_id

CLEAN_TEST = {
    "bridge_test": {
        "two_leg": {"full_extension": True, "reps": 15, "felt_in": ["glutes"]},
        "single_leg": {"left_reps": 12, "right_reps": 12, "felt_in": ["glutes"]},
    }
}
_SVG = re.compile(r"<svg .*?</svg>", re.S)


def test_each_exercise_on_today_links_to_its_how_to(people: People) -> None:
    ann = people.athlete("Ann")
    own = athlete_id(ann)
    taken = ann.api("POST", f"/api/v1/athletes/{own}/assessment", json=CLEAN_TEST)
    assert taken.status_code == 201
    today = ann.get(f"/athletes/{own}/today").text
    cards = re.findall(
        r'<section class="card exercise" id="exercise-\d+" data-variation="(\w+)"', today
    )
    assert cards
    links = re.findall(r'<a href="(/exercises/(\w+)\?athlete=(\d+))" id="how-to-\d+"', today)
    assert [found for _, found, _ in links] == [c for c in cards if how_to_or_none(c)]
    for href, variation_id, athlete in links:
        assert int(athlete) == own
        page = ann.get(html.unescape(href))
        assert page.status_code == 200
        text = html.unescape(page.text)
        item = variation(variation_id)
        assert f"<h1>{item.name}</h1>" in text
        for step in (*item.setup, *item.execution):
            assert step in text
        for mistake in item.mistakes:
            assert mistake.name in text and mistake.fix in text
        pictures = _SVG.findall(page.text)
        assert len(pictures) == 2
        for svg in pictures:
            ET.fromstring(svg)
        assert f'href="/athletes/{own}/today" id="back-to-today"' in page.text
        assert variation_id not in re.sub(
            r'(data-variation|href|id)="[^"]*"', "", _SVG.sub("", page.text)
        )


@pytest.mark.parametrize("item", CATALOGUE, ids=[item.id for item in CATALOGUE])
def test_anyone_reads_every_how_to_and_the_api_gives_the_same(people: People, item: object) -> None:
    from hipthrust.coaching.catalogue import Variation

    assert isinstance(item, Variation)
    stranger = people.stranger()
    page = stranger.get(f"/exercises/{item.id}")
    assert page.status_code == 200
    assert 'id="back-to-today"' not in page.text
    data = stranger.api("GET", f"/api/v1/exercises/{item.id}").json()
    expected = how_to_or_none(item.id)
    assert expected is not None
    assert data == expected.to_json()
    assert [picture["position"] for picture in data["pictures"]] == ["bottom", "top"]
    text = html.unescape(page.text)
    for picture in data["pictures"]:
        assert picture["svg"] in page.text  # the same drawing inline
        assert picture["description"] in text
    assert data["summary"] in text
    # The words people read carry no ids.
    words = [data["name"], data["summary"], *data["setup"], *data["execution"]]
    words += [part for m in data["mistakes"] for part in m.values()]
    assert not any("_" in word for word in words)


def test_an_unknown_exercise_is_the_not_found_page_and_a_json_404(people: People) -> None:
    stranger = people.stranger()
    page = stranger.get("/exercises/squat")
    assert page.status_code == 404
    assert 'id="not-found"' in page.text
    answer = stranger.api("GET", "/api/v1/exercises/squat")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "there is no such exercise"}


def test_the_cli_prints_the_same_how_to(capsys: pytest.CaptureFixture[str]) -> None:
    from hipthrust.cli import main

    assert main(["exercises", "--id", "kb hip thrust"]) == 0
    flat = " ".join(capsys.readouterr().out.split())
    found = how_to("kb hip thrust")
    assert found.variation.id == "dumbbell_hip_thrust"
    assert found.summary in flat
    assert " ".join(found.setup[-2].split()) in flat


def test_todays_json_twin_carries_each_exercise_s_how_to_as_the_page_links_it(
    people: People,
) -> None:
    ann = people.athlete("Ann")
    own = athlete_id(ann)
    assert ann.api("POST", f"/api/v1/athletes/{own}/assessment", json=CLEAN_TEST).status_code == 201
    today = ann.api("GET", f"/api/v1/athletes/{own}/today").json()
    page = ann.get(f"/athletes/{own}/today").text
    linked = re.findall(r'<a href="/exercises/(\w+)\?athlete=\d+" id="how-to-\d+"', page)
    assert linked and list(today["how_to"]) == linked
    session = [item["variation"] for item in today["session"]["exercises"]]
    assert list(today["how_to"]) == [v for v in session if how_to_or_none(v)]
    for variation_id, link in today["how_to"].items():
        assert link == {
            "page": f"/exercises/{variation_id}",
            "api": f"/api/v1/exercises/{variation_id}",
        }
        assert ann.get(link["page"]).status_code == 200
        answer = ann.api("GET", link["api"])
        assert answer.status_code == 200 and answer.json()["name"] == variation(variation_id).name
    spec = people.stranger().get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "how_to" in spec["TodayOut"]["required"]
    assert spec["HowToLink"]["required"] == ["page", "api"]
