"""The handout a physio hands over (issue 13): the athlete's name, calendar dates on every
session, weeks that repeat printed once with all their dates, the warm-up drills, each
exercise's cues and pictures, a pain diary, and plain words only."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Circle, Line, Polygon

from hipthrust.coaching.catalogue import CATALOGUE
from hipthrust.coaching.drills import DRILLS
from hipthrust.coaching.programming import PlanRequest, build_plan
from hipthrust.formats.figures import figure
from hipthrust.formats.handout import figure_drawing, plain_words, plan_handout_pdf, week_groups


def _week(week: int, deload: bool) -> dict[str, object]:
    return {
        "week": week,
        "deload": deload,
        "sessions": [
            {
                "day": "tue",
                "kind": "technique",
                "warmup": [
                    {
                        "variation": "glute_bridge",
                        "sets": 1,
                        "reps": {"min": 10, "max": 10},
                        "load_kg": None,
                        "hold_s": 0,
                        "notes": ["<easy>"],
                    }
                ],
                "exercises": [
                    {
                        "variation": "single_leg_glute_bridge_90_90",
                        "sets": 3,
                        "reps": {"min": 6, "max": 12},
                        "per_side": True,
                        "load_kg": None,
                        "hold_s": 3.0,
                        "notes": ["Rung 2: practise the gate."],
                    },
                    {
                        "variation": "barbell_hip_thrust",
                        "sets": 2,
                        "reps": {"min": 8, "max": 12},
                        "load_kg": 60.0,
                        "hold_s": 1.5,
                        "notes": [],
                    },
                ],
            }
        ],
    }


PLAN = {
    "goal": "rehab",
    "notes": ["No loaded work until your surgeon clears you [seed 003; design]."],
    "weeks": [_week(1, False), _week(2, False), _week(3, True)],
}
START = date(2026, 11, 23)  # a Monday: the Tuesdays are 24 Nov, 1 Dec, 8 Dec


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _flat(pdf: bytes) -> str:
    return " ".join(_text(pdf).split())


def _handout(plan: object = PLAN, **extra: object) -> bytes:
    return plan_handout_pdf(
        plan,  # type: ignore[arg-type]
        athlete="Ani & co",
        units="lb",
        made_on=date(2026, 11, 22),
        start=START,
        **extra,  # type: ignore[arg-type]
    )


def test_the_handout_names_the_athlete_and_dates_every_session() -> None:
    pdf = _handout()
    assert pdf.startswith(b"%PDF")
    flat = _flat(pdf)
    assert "For Ani & co." in flat
    assert "from Tue 24 Nov 2026 to Tue 8 Dec 2026" in flat
    # Weeks 1 and 2 are the same: printed once, with both dates; the lighter week 3 apart.
    assert flat.count("Weeks 1 to 2") == 1
    assert "On Tue 24 Nov 2026, Tue 1 Dec 2026." in flat
    assert "Week 3 (a lighter week" in flat
    assert "Goal: rehab: control and confidence." in flat
    assert "On Tue 8 Dec 2026." in flat
    assert flat.count("Tue (technique)") == 2  # one table per group, not per week
    assert "132.3 lb" in flat  # 60 kg in the athlete's units
    assert "6-12 each side" in flat
    assert "<easy>" in flat  # user text is escaped, not read as markup
    assert "clinician" in flat


def test_the_pain_diary_has_a_table_per_session_date_and_a_row_per_set() -> None:
    flat = _flat(_handout())
    assert "Pain diary" in flat
    diary = flat[flat.index("Pain diary") :]
    for day in ("Tue 24 Nov 2026: week 1", "Tue 1 Dec 2026: week 2", "Tue 8 Dec 2026: week 3"):
        assert day in diary
    assert diary.count("Reps done Hold (s) Pain 0-10") == 3
    assert diary.count("Next morning, pain 0-10") == 3
    # 3 + 2 sets a session: set numbers 1-3 for the first exercise, 1-2 for the second.
    session = diary[diary.index("Tue 24 Nov 2026: week 1") : diary.index("Tue 1 Dec 2026")]
    assert re.findall(r"\b[1-3]\b", session.split("Pain 0-10", 1)[1])[:5] == list("12312")


def test_the_handout_shows_each_exercise_with_its_cues_mistakes_and_pictures() -> None:
    flat = _flat(_handout())
    how = flat[flat.index("How to do them well") :]
    for item in (
        v for v in CATALOGUE if v.id in ("single_leg_glute_bridge_90_90", "barbell_hip_thrust")
    ):
        assert item.name in how
        assert " ".join(item.setup[0].split()) in how
        assert item.mistakes[0].name in how
    assert how.count("Bottom position Top position") == 3  # two exercises and the warm-up bridge


def test_the_warm_up_drills_are_explained() -> None:
    plan = build_plan(PlanRequest(start_rung=5, e1rm_kg=140.0, weeks=1)).to_json()
    flat = _flat(_handout(plan))
    warmup = flat[flat.index("The warm-up") : flat.index("How to do them well")]
    for drill in DRILLS.values():
        assert drill.name in warmup
        assert " ".join(drill.steps[0].split()) in warmup
    assert "Ramp-up sets" in warmup


PLANS = [
    PlanRequest(start_rung=1, weeks=3, days_per_week=2),
    PlanRequest(start_rung=2, weeks=4, considerations=("hip_replacement",)),
    PlanRequest(start_rung=4, weeks=2, days_per_week=3, considerations=("knee_pain",)),
    PlanRequest(start_rung=5, e1rm_kg=140.0, weeks=6, days_per_week=2),
    PlanRequest(start_rung=6, e1rm_kg=180.0, weeks=4, periodisation="undulating"),
]


@pytest.mark.parametrize("request_", PLANS, ids=lambda r: f"rung{r.start_rung}")
def test_plain_words_only(request_: PlanRequest) -> None:
    plan = build_plan(request_).to_json()
    text = _text(_handout(plan))
    flat = " ".join(text.split())
    assert not re.search(r"\brungs?\b|\bgates?\b|\bdeload", flat, re.I), flat
    assert not re.search(r"[a-z0-9]_[a-z0-9]", flat, re.I)  # no ids (blanks are "____")
    assert "[seed" not in flat and "[design" not in flat
    names = " | ".join(item.name.lower().replace("-", " ") for item in CATALOGUE)
    said = flat.lower().replace("-", " ")
    for item in CATALOGUE:  # an id's words ("single leg glute bridge 90 90") are no name
        words = item.id.replace("_", " ")
        if words not in names:
            assert words not in said, words


def test_plain_words_rewrites_the_methods_terms() -> None:
    said = plain_words("Bodyweight work: move up a rung when its gate is met [seed 002].")
    assert said == "Bodyweight work: move on to the next stage when you reach its target."
    assert plain_words("Practice for rung 4; stop at any pain.") == (
        "Practice for the next stage; stop at any pain."
    )
    assert (
        plain_words("swap to banded_hip_thrust")
        == "Swap to banded hip thrust (band around the knees)"
    )


def test_weeks_that_repeat_anywhere_are_grouped_in_order() -> None:
    weeks = [_week(1, False), _week(2, True), _week(3, False), _week(4, True)]
    groups = week_groups({"weeks": weeks})
    assert [[w["week"] for w in group] for group in groups] == [[1, 3], [2, 4]]
    flat = _flat(_handout({"goal": "rehab", "weeks": weeks}))
    assert "Weeks 1 and 3" in flat and "Weeks 2 and 4" in flat
    assert "On Tue 24 Nov 2026, Tue 8 Dec 2026." in flat


def test_the_pictures_are_the_figures_geometry() -> None:
    for variation_id in ("barbell_hip_thrust", "single_leg_glute_bridge"):
        for position in ("bottom", "top"):
            drawn = figure(variation_id, position)
            picture = figure_drawing(variation_id, position, width=200)
            (group,) = picture.contents
            shapes = group.contents
            assert len(shapes) == len(drawn.shapes)
            for ours, theirs in zip(drawn.shapes, shapes, strict=True):
                kind = {"Line": Line, "Circle": Circle, "Polygon": Polygon}[type(ours).__name__]
                assert isinstance(theirs, kind)
                if isinstance(theirs, Line):
                    assert (theirs.x1, theirs.y1) == ours.start  # type: ignore[union-attr]
            left, bottom, right, top = drawn.bounds
            assert picture.width == 200
            assert picture.height == pytest.approx((top - bottom) * 200 / (right - left))


def test_handout_is_reproducible() -> None:
    assert _handout() == _handout()
