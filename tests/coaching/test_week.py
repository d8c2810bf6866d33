from __future__ import annotations

import pytest

from hipthrust.coaching.week import (
    WEEKDAYS,
    ScheduleRules,
    day_gap,
    parse_weekday,
    parse_weekdays,
    schedule_week,
)
from hipthrust.errors import InputError


@pytest.mark.parametrize(
    ("text", "day"),
    [("mon", "mon"), ("Monday", "mon"), (" THU ", "thu"), ("thurs", "thu"), ("sunday", "sun")],
)
def test_parse_weekday(text: str, day: str) -> None:
    assert parse_weekday(text) == day


@pytest.mark.parametrize("text", ["", "someday", "8", "mo"])
def test_parse_weekday_refuses(text: str) -> None:
    with pytest.raises(InputError):
        parse_weekday(text)


def test_parse_weekdays_sorts_and_refuses_repeats() -> None:
    assert parse_weekdays("fri, mon,wed") == ("mon", "wed", "fri")
    with pytest.raises(InputError):
        parse_weekdays("mon,monday")
    with pytest.raises(InputError):
        parse_weekdays(" , ")


@pytest.mark.parametrize(
    ("a", "b", "gap"), [("mon", "mon", 0), ("mon", "tue", 1), ("sun", "mon", 1), ("mon", "fri", 3)]
)
def test_day_gap_wraps_around_the_week(a: str, b: str, gap: int) -> None:
    assert day_gap(a, b) == gap  # type: ignore[arg-type]
    assert day_gap(b, a) == gap  # type: ignore[arg-type]


@pytest.mark.parametrize("count", [1, 2, 3])
def test_default_days_and_roles(count: int) -> None:
    slots, notes = schedule_week(count)
    assert [slot.day for slot in slots] == list(ScheduleRules().default_days[count - 1])
    assert [slot.role for slot in slots] == ["heavy", "light", "technique"][:count]
    assert notes == ()


@pytest.mark.parametrize("deadlift", WEEKDAYS)
@pytest.mark.parametrize("count", [1, 2, 3])
def test_heavy_day_is_48_hours_from_the_deadlift(deadlift: str, count: int) -> None:
    slots, notes = schedule_week(count, deadlift_day=deadlift)  # type: ignore[arg-type]
    heavy = [slot for slot in slots if slot.role == "heavy"]
    assert len(heavy) == 1
    assert day_gap(heavy[0].day, deadlift) >= 2  # type: ignore[arg-type]
    assert all(slot.day != deadlift for slot in slots)
    assert len({slot.day for slot in slots}) == count
    assert "48 hours" in notes[0]


def test_given_days_too_close_to_the_deadlift_are_all_light() -> None:
    slots, notes = schedule_week(2, training_days=("tue", "wed"), deadlift_day="mon")
    # wed is two days from mon, so it may be heavy; tue may not.
    assert {slot.day: slot.role for slot in slots} == {"tue": "light", "wed": "heavy"}
    slots, notes = schedule_week(2, training_days=("sun", "tue"), deadlift_day="mon")
    assert all(slot.role != "heavy" for slot in slots)
    assert "every hip-thrust session is light" in notes[0]


def test_hip_thrust_on_the_deadlift_day_stays_light() -> None:
    slots, notes = schedule_week(2, training_days=("mon", "thu"), deadlift_day="mon")
    assert {slot.day: slot.role for slot in slots} == {"mon": "light", "thu": "heavy"}
    assert any("single-leg" in note for note in notes)


def test_shift_days() -> None:
    slots, _ = schedule_week(2, on_shift=True)
    assert all(slot.on_shift for slot in slots)
    slots, _ = schedule_week(2, shift_days=("mon", "tue", "wed"))
    heavy = next(slot for slot in slots if slot.role == "heavy")
    assert not heavy.on_shift  # the heavy day is put off shift when it can be
    given, _ = schedule_week(2, training_days=("mon", "thu"), shift_days=("mon",))
    assert {slot.day: slot.on_shift for slot in given} == {"mon": True, "thu": False}


@pytest.mark.parametrize(
    ("count", "days"), [(0, None), (4, None), (2, ("mon",)), (1, ("mon", "tue"))]
)
def test_schedule_refuses(count: int, days: tuple[str, ...] | None) -> None:
    with pytest.raises(InputError):
        schedule_week(count, training_days=days)  # type: ignore[arg-type]
