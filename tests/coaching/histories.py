"""Realistic training histories for tests: sessions and weeks of ``SetRecord`` and ``Checkin``.

Import it as ``from coaching.histories import ...``: the root conftest puts ``tests/`` on
``sys.path``, so store and CLI tests can reuse it too.

    sets = weeks(MONDAY, 5, lambda day, week, index: session(
        day, "barbell_hip_thrust", 10, load_kg=100 + 2.5 * week, rpe=8))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TypeVar

from hipthrust.coaching.records import Checkin, SetRecord

__all__ = ["MONDAY", "checkin", "day", "session", "weeks"]

T = TypeVar("T", int, float)

MONDAY = date(2024, 3, 4)  # a Monday; histories start here unless told otherwise


def day(offset: int, start: date = MONDAY) -> date:
    """The day ``offset`` days after ``start``."""
    return start + timedelta(days=offset)


def _per_set(value: T | Sequence[T], count: int) -> list[T]:
    if isinstance(value, Sequence):
        if len(value) != count:
            raise ValueError(f"{len(value)} values for {count} sets")
        return list(value)
    return [value] * count


def session(
    when: date,
    variation: str,
    reps: int | Sequence[int],
    *,
    sets: int | None = None,
    load_kg: float | None = None,
    reps_right: int | Sequence[int] | None = None,
    hold_s: float | None = None,
    rpe: float | Sequence[float] | None = None,
    pain: int | Sequence[int] | None = 0,
    felt_in: tuple[str, ...] = ("glutes",),
    faults: tuple[str, ...] = (),
    full_extension: bool | None = True,
    warmups: int = 0,
) -> list[SetRecord]:
    """One session on ``when``: ``warmups`` light warm-up sets, then the working sets.

    ``reps``, ``reps_right``, ``rpe`` and ``pain`` take one value for every set or one per
    set; ``sets`` defaults to the number of values given (3 for a single value). Warm-ups
    are 8 reps at half the load, RPE 5, with the same pain.
    """
    count = sets if sets is not None else (len(reps) if isinstance(reps, Sequence) else 3)
    start = datetime(when.year, when.month, when.day, 18, 0)
    pains: list[int | None] = [None] * count if pain is None else list(_per_set(pain, count))
    records = [
        SetRecord(
            performed_at=start + timedelta(minutes=3 * index),
            variation=variation,
            reps=8,
            load_kg=None if load_kg is None else load_kg / 2,
            reps_right=None if reps_right is None else 8,
            hold_s=hold_s,
            rpe=5.0 if rpe is not None else None,
            pain=pains[0],
            felt_in=felt_in,
            full_extension=full_extension,
            warmup=True,
        )
        for index in range(warmups)
    ]
    rights: list[int | None] = (
        [None] * count if reps_right is None else list(_per_set(reps_right, count))
    )
    efforts: list[float | None] = [None] * count if rpe is None else list(_per_set(rpe, count))
    for index, (left, right, effort, hurt) in enumerate(
        zip(_per_set(reps, count), rights, efforts, pains, strict=True)
    ):
        records.append(
            SetRecord(
                performed_at=start + timedelta(minutes=3 * (warmups + index)),
                variation=variation,
                reps=left,
                load_kg=load_kg,
                reps_right=right,
                hold_s=hold_s,
                rpe=effort,
                pain=hurt,
                felt_in=felt_in,
                faults=faults,
                full_extension=full_extension,
            )
        )
    return records


def weeks(
    start: date,
    count: int,
    make: Callable[[date, int, int], Sequence[SetRecord]],
    days: Sequence[int] = (0, 3),
) -> list[SetRecord]:
    """``count`` weeks of sessions on the weekdays ``days`` (0 = ``start``'s weekday).

    ``make(day, week, index)`` returns the sets of one session (``week`` from 0, ``index``
    the session's place in its week); an empty sequence skips the session.
    """
    records: list[SetRecord] = []
    for week in range(count):
        for index, offset in enumerate(days):
            records.extend(make(start + timedelta(days=7 * week + offset), week, index))
    return records


def checkin(when: date, pain: int | None, bodyweight_kg: float | None = None) -> Checkin:
    return Checkin(day=when, next_morning_pain=pain, bodyweight_kg=bodyweight_kg)
