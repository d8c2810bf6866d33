from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from hipthrust.coaching.records import Checkin
from hipthrust.store import (
    Athlete,
    AthleteProfile,
    Store,
    add_checkin,
    checkin_on,
    checkins,
    create_athlete,
    transaction,
)
from hipthrust.store.models import CheckinRow

DAY = date(2025, 3, 2)


@pytest.mark.parametrize(
    ("first", "second", "stored"),
    [
        # pain in the morning, bodyweight later: the day holds both
        (
            Checkin(DAY, next_morning_pain=3),
            Checkin(DAY, bodyweight_kg=81.4),
            Checkin(DAY, next_morning_pain=3, bodyweight_kg=81.4),
        ),
        # a corrected value replaces the first; notes given replace notes
        (
            Checkin(DAY, next_morning_pain=3, bodyweight_kg=80.0, notes="stiff"),
            Checkin(DAY, next_morning_pain=1, notes="fine after warm-up"),
            Checkin(DAY, next_morning_pain=1, bodyweight_kg=80.0, notes="fine after warm-up"),
        ),
        # empty notes keep the notes
        (
            Checkin(DAY, next_morning_pain=0, notes="good"),
            Checkin(DAY, next_morning_pain=2),
            Checkin(DAY, next_morning_pain=2, notes="good"),
        ),
    ],
)
def test_a_second_checkin_on_a_day_fills_in_the_first(
    store: Store, me: Athlete, first: Checkin, second: Checkin, stored: Checkin
) -> None:
    with transaction(store) as session:
        assert add_checkin(session, me.id, first) == first
    with transaction(store) as session:
        assert add_checkin(session, me.id, second) == stored
    with transaction(store) as session:
        assert checkins(session, me.id) == (stored,)
        assert session.scalar(select(func.count()).select_from(CheckinRow)) == 1


def test_checkins_come_by_day_within_the_range_and_per_athlete(store: Store, me: Athlete) -> None:
    days = [date(2025, 3, d) for d in (5, 1, 3, 4)]
    with transaction(store) as session:
        other = create_athlete(session, AthleteProfile(name="ana"))
        for number, day in enumerate(days):
            add_checkin(session, me.id, Checkin(day, next_morning_pain=number))
        add_checkin(session, other.id, Checkin(date(2025, 3, 3), next_morning_pain=9))
    with transaction(store) as session:
        assert [c.day.day for c in checkins(session, me.id)] == [1, 3, 4, 5]
        in_range = checkins(session, me.id, since=date(2025, 3, 3), until=date(2025, 3, 5))
        assert [(c.day.day, c.next_morning_pain) for c in in_range] == [(3, 2), (4, 3)]
        assert checkin_on(session, other.id, date(2025, 3, 3)) == Checkin(date(2025, 3, 3), 9)
        assert checkin_on(session, other.id, date(2025, 3, 4)) is None
