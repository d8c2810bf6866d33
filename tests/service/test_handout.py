"""``service.handout.plan_handout_for``: the one use case behind the plan page's download,
its API twin and ``hipthrust export plan --format pdf``."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from hipthrust.coaching.programming import PlanRequest, build_plan
from hipthrust.errors import InputError
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.exporting import NO_PLAN
from hipthrust.service.handout import plan_handout_for, plan_start_day
from hipthrust.store import (
    Athlete,
    Store,
    resolve_athlete,
    save_plan,
    transaction,
    update_athlete,
)

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def me(store: Store) -> Athlete:
    with transaction(store) as session:
        athlete = resolve_athlete(session, None)
        return update_athlete(
            session,
            athlete.id,
            replace(athlete, display_name="Ana Física", time_zone="Pacific/Auckland"),
        )


def _save(store: Store, me: Athlete, saved_at: str) -> None:
    plan = build_plan(PlanRequest(start_rung=2, weeks=2, days_per_week=2)).to_json()
    with transaction(store) as session:
        save_plan(session, me.id, request={"saved_at": saved_at}, plan=plan)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_plan_starts_on_the_day_it_was_saved_in_the_athletes_time_zone(
    store: Store, me: Athlete
) -> None:
    # 20:00 UTC on Sunday 22 November is Monday 23 November in Auckland.
    _save(store, me, "2026-11-22T20:00:00+00:00")
    with transaction(store) as session:
        assert plan_start_day(session, me) == date(2026, 11, 23)
        handout = plan_handout_for(session, LOCAL_OWNER, me.id, now=NOW)
    assert handout.start == date(2026, 11, 23)
    assert handout.filename == "hip-thrust-plan-ana-fisica.pdf"
    text = _text(handout.pdf)
    assert "For Ana Física." in text
    assert "Mon 23 Nov 2026" in text and "Mon 16 Nov 2026" not in text
    assert "Made on Mon 7 Dec 2026" in text  # today, where the athlete lives


def test_a_start_day_given_wins(store: Store, me: Athlete) -> None:
    _save(store, me, "2026-11-22T20:00:00+00:00")
    with transaction(store) as session:
        handout = plan_handout_for(session, LOCAL_OWNER, me.id, now=NOW, start=date(2027, 2, 1))
    assert handout.start == date(2027, 2, 1)
    assert "Mon 1 Feb 2027" in _text(handout.pdf)


def test_no_plan_is_one_line(store: Store, me: Athlete) -> None:
    with transaction(store) as session, pytest.raises(InputError) as raised:
        plan_handout_for(session, LOCAL_OWNER, me.id, now=NOW)
    assert str(raised.value) == NO_PLAN
