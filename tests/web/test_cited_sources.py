"""The coaching sentences' sources as people read them (``deps.cited``): by title, linked to
the list on /questions, never as the raw tags the docs use (``[seed 002, 003]``)."""

from __future__ import annotations

import html
import re

from hipthrust.coaching.questions import SOURCES
from hipthrust.web.deps import cited
from web.browsers import People
from web.training_support import athlete_id

# A tag as the docs write it: "[seed 003]", "[seed 002, 003]", "[design]", "[lit: ...]".
RAW_TAG = re.compile(r"\[(?:seed|design|lit)\b[^\]]*\]")
# Screened with conditions whose sentences carry tags: the plan's notes, the result's cues.
ANSWERS = {
    "conditions": [
        {"kind": "hernia_repair", "weeks_ago": 20, "cleared": True},
        {"kind": "low_back_pain", "weeks_ago": 30},
        {"kind": "upper_body_injury"},
    ],
    "bridge_test": {
        "two_leg": {"full_extension": True, "reps": 15, "felt_in": ["glutes"]},
        "single_leg": {"left_reps": 12, "right_reps": 12, "felt_in": ["glutes"]},
    },
}


def _read_text(page: str) -> str:
    """The words a person reads: the page without its markup."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_no_athlete_page_shows_a_raw_source_tag(people: People) -> None:
    ann = people.athlete("Ann")
    own = athlete_id(ann)
    assert ann.api("POST", f"/api/v1/athletes/{own}/assessment", json=ANSWERS).status_code == 201
    assert ann.api("POST", f"/api/v1/athletes/{own}/plan", json={}).status_code == 201
    links = 0
    for path in (
        "/questions",
        f"/athletes/{own}/today",
        f"/athletes/{own}/plan",
        f"/athletes/{own}/assess/result",
        f"/athletes/{own}/history",
        f"/athletes/{own}/checkin",
        f"/athletes/{own}/settings",
    ):
        page = ann.get(path)
        assert page.status_code == 200, path
        found = RAW_TAG.search(_read_text(page.text))
        assert found is None, f"{path}: {found.group() if found else ''}"
        links += page.text.count('class="cite" href="/questions#source-')
    assert links  # the plan's notes cite their sources, linked to the list


def test_a_tag_becomes_its_sources_by_title_and_the_rest_is_escaped() -> None:
    shown = cited("Hold a dumbbell by the <good> hand [seed 002, 003].")
    firehall, safety = SOURCES["seed 002"], SOURCES["seed 003"]
    assert str(shown) == (
        "Hold a dumbbell by the &lt;good&gt; hand (sources: "
        f'<a class="cite" href="/questions#source-seed-002">{html.escape(firehall.title)}</a>; '
        f'<a class="cite" href="/questions#source-seed-003">{html.escape(safety.title)}</a>).'
    )
    assert str(cited("Exhale on the way up [design].")) == (
        "Exhale on the way up (our own cautious choice)."
    )
    mixed = str(cited("Rung 1 [seed 003; design]."))
    assert "(source: <a" in mixed and "; our own cautious choice)." in mixed
    # A bracket that is not a known citation stays as written.
    assert str(cited("Numbers [1, 2] or [lit: Freckleton 2014, M]")) == (
        "Numbers [1, 2] or [lit: Freckleton 2014, M]"
    )
