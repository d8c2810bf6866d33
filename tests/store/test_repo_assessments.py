from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hipthrust.errors import InputError
from hipthrust.store import (
    Athlete,
    Store,
    add_assessment,
    assessments,
    latest_assessment,
    transaction,
)

ANSWERS = {
    "red_flags": [],
    "pain_rest": 1,
    "bridge": {"full_extension": True, "felt_in": ["glutes"]},
}


def test_the_latest_assessment_is_the_last_one_taken_not_the_last_one_typed(
    store: Store, me: Athlete
) -> None:
    march, january = datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC)
    with transaction(store) as session:
        assert latest_assessment(session, me.id) is None
        newer = add_assessment(
            session, me.id, taken_at=march, answers=ANSWERS, result={"rung": 2}, start_rung=2
        )
        older = add_assessment(
            session,
            me.id,
            taken_at=january,
            answers={},
            result={"flags": ["refer"]},
            start_rung=None,
        )
    with transaction(store) as session:
        assert latest_assessment(session, me.id) == newer
        assert assessments(session, me.id) == (older, newer)
    assert newer.answers == ANSWERS and newer.taken_at == march


@pytest.mark.parametrize(
    ("taken_at", "start_rung", "message"),
    [
        (datetime(2025, 3, 1, tzinfo=UTC), 7, "rung must be from 0 to 6"),
        (datetime(2025, 3, 1), 1, "no time zone"),
    ],
)
def test_an_assessment_needs_a_known_rung_and_a_zoned_time(
    store: Store, me: Athlete, taken_at: datetime, start_rung: int, message: str
) -> None:
    with pytest.raises(InputError, match=message), transaction(store) as session:
        add_assessment(
            session, me.id, taken_at=taken_at, answers={}, result={}, start_rung=start_rung
        )
