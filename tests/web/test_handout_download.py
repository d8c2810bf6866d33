"""The handout download (issue 13): the plan page links to the printable PDF; the page's
download and its API twin render ``service.handout.plan_handout_for``, access-checked like
the plan page."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from pypdf import PdfReader

from hipthrust.formats.calendar import session_dates
from web.browsers import Browser, People
from web.training_support import athlete_id, link

CLEAN_TEST = {
    "bridge_test": {
        "two_leg": {"full_extension": True, "reps": 15, "felt_in": ["glutes"]},
        "single_leg": {"left_reps": 12, "right_reps": 12, "felt_in": ["glutes"]},
    }
}


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )


def _with_plan(ann: Browser) -> tuple[int, dict[str, object]]:
    own = athlete_id(ann)
    assert ann.api("POST", f"/api/v1/athletes/{own}/assessment", json=CLEAN_TEST).status_code == 201
    written = ann.api(
        "POST",
        f"/api/v1/athletes/{own}/plan",
        json={"weeks": 3, "training_days": "tue,fri", "days_per_week": 2},
    )
    assert written.status_code == 201, written.text
    return own, written.json()


def test_the_plan_page_links_to_the_handout_and_it_is_the_athletes_pdf(people: People) -> None:
    ann = people.athlete("Annlifter")
    own, plan = _with_plan(ann)
    page = ann.get(f"/athletes/{own}/plan")
    href = f"/athletes/{own}/plan/handout.pdf"
    assert f'href="{href}" id="plan-handout" download' in page.text
    answer = ann.get(href)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == (
        'attachment; filename="hip-thrust-plan-annlifter.pdf"'
    )
    assert answer.content.startswith(b"%PDF-")
    text = _text(answer.content)
    assert "For Annlifter." in text
    # The dates start from the plan's own start (written today), on its training days.
    today = datetime.now(UTC).date()
    days = [day for day, _, _ in session_dates(plan, today)]
    assert {day.strftime("%a") for day in days} == {"Tue", "Fri"}
    for day in days:
        assert f"{day:%a} {day.day} {day:%b %Y}" in text
    assert "Pain diary" in text
    # The API twin is the same handout.
    twin = ann.api("GET", f"/api/v1/athletes/{own}/plan/handout.pdf")
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/pdf"
    assert _text(twin.content) == text


def test_a_start_day_moves_the_dates_and_a_bad_one_is_one_line(people: People) -> None:
    ann = people.athlete("Ann")
    own, _ = _with_plan(ann)
    moved = ann.get(f"/athletes/{own}/plan/handout.pdf?start=2027-03-01")
    assert moved.status_code == 200
    assert "Tue 2 Mar 2027" in _text(moved.content)
    bad = ann.api("GET", f"/api/v1/athletes/{own}/plan/handout.pdf?start=soon")
    assert bad.status_code == 400
    assert bad.json() == {"detail": "cannot read 'soon' as a date: write it like 2026-11-23"}


def test_no_plan_no_handout_and_only_who_may_see_the_plan_gets_it(people: People, app) -> None:  # type: ignore[no-untyped-def]
    ann, bea, cora = people.athlete("Ann"), people.athlete("Bea"), people.coach("Cora")
    own = athlete_id(ann)
    empty = ann.get(f"/athletes/{own}/plan")
    assert 'id="plan-handout"' not in empty.text
    none = ann.api("GET", f"/api/v1/athletes/{own}/plan/handout.pdf")
    assert none.status_code == 400 and "no plan yet" in none.json()["detail"]
    _with_plan(ann)
    assert bea.get(f"/athletes/{own}/plan/handout.pdf").status_code == 403
    assert bea.api("GET", f"/api/v1/athletes/{own}/plan/handout.pdf").status_code == 403
    assert cora.get(f"/athletes/{own}/plan/handout.pdf").status_code == 403
    link(app, cora, ann)
    coached = cora.get(f"/athletes/{own}/plan/handout.pdf")
    assert coached.status_code == 200 and "For Ann." in _text(coached.content)
    assert (
        people.stranger().api("GET", f"/api/v1/athletes/{own}/plan/handout.pdf").status_code == 401
    )
