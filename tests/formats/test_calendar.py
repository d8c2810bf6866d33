from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from hipthrust.formats.calendar import plan_to_ics, session_dates


def _exercise(**extra: Any) -> dict[str, Any]:
    base = {
        "variation": "barbell_hip_thrust",
        "sets": 3,
        "reps": {"min": 8, "max": 12},
        "load_kg": 100.0,
        "hold_s": 1.5,
        "rpe_max": 8.0,
        "per_side": False,
        "notes": [],
    }
    return {**base, **extra}


PLAN = {
    "schema_version": 1,
    "weeks": [
        {
            "week": 1,
            "sessions": [
                {"day": "mon", "kind": "heavy", "exercises": [_exercise()]},
                {"day": "thu", "kind": "light", "exercises": [_exercise()]},
            ],
        },
        {"week": 2, "sessions": [{"day": "mon", "kind": "heavy", "exercises": [_exercise()]}]},
    ],
}


@pytest.mark.parametrize(
    ("start", "first"),
    [
        (date(2026, 11, 23), date(2026, 11, 23)),  # a Monday: starts that day
        (date(2026, 11, 22), date(2026, 11, 23)),  # a Sunday: next day is Monday of next week
        (
            date(2026, 11, 25),
            date(2026, 11, 30),
        ),  # a Wednesday: Monday's session is past, so next week
    ],
)
def test_sessions_never_fall_before_the_start(start: date, first: date) -> None:
    dates = [d for d, _, _ in session_dates(PLAN, start)]
    assert dates[0] == first
    assert all(d >= start for d in dates)
    assert (dates[2] - dates[0]).days == 7


def test_ics_has_one_event_per_session_and_valid_lines() -> None:
    text = plan_to_ics(PLAN, date(2026, 11, 23), datetime(2026, 11, 22, 12, tzinfo=UTC), "lb")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == 3
    assert "DTSTART;VALUE=DATE:20261126" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "220.5 lb" in unfolded  # 100 kg shown in the athlete's units
    assert "3 x 8-12" in unfolded
    assert "Barbell hip thrust: 3 x 8-12 at 220.5 lb\\, hold 1.5 s\\, RPE up to 8" in unfolded
    assert "barbell_hip_thrust" not in unfolded and "barbell hip thrust" not in unfolded


def test_each_session_has_a_reminder_on_its_day_unless_none_is_asked() -> None:
    stamp = datetime(2026, 11, 22, 12, tzinfo=UTC)
    text = plan_to_ics(PLAN, date(2026, 11, 23), stamp, "kg")
    events = text.split("BEGIN:VEVENT")[1:]
    assert len(events) == 3
    for event in events:  # inside its event, once, at 07:00 on the session's day
        assert event.count("BEGIN:VALARM") == 1 and event.index("END:VALARM") < event.index(
            "END:VEVENT"
        )
        assert "ACTION:DISPLAY\r\nTRIGGER;RELATED=START:PT7H0M\r\n" in event
    evening = plan_to_ics(PLAN, date(2026, 11, 23), stamp, "kg", reminder=time(18, 30))
    assert evening.count("TRIGGER;RELATED=START:PT18H30M") == 3
    assert "VALARM" not in plan_to_ics(PLAN, date(2026, 11, 23), stamp, "kg", reminder=None)
