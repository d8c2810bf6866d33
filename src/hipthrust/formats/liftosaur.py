"""Liftosaur's history CSV ("Settings > Export history to CSV file").

One row per set, comma-separated. The current header is::

    Workout DateTime,Program,Day Name,Exercise,Is Warmup Set?,Required Reps,Completed Reps,
    Is AMRAP?,Required RPE,Completed RPE,Log RPE?,Required Weight Value,Required Weight Unit,
    Completed Weight Value,Completed Weight Unit,Ask Weight?,Completed Reps Time,
    Target Muscles,Synergist Muscles,Notes

Older exports have ``RPE`` (the completed RPE), ``Weight Value`` and ``Weight Unit`` instead of
the Required/Completed pairs. ``Workout DateTime`` is an ISO time in UTC
(``2026-03-01T10:00:00.000Z``); exercises are named ``"Hip Thrust, Barbell"``. A row with no
``Completed Reps`` was planned but not done and is skipped. AMRAP sets are normal sets.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, tzinfo
from types import MappingProxyType

from hipthrust.coaching.units import Units
from hipthrust.formats.csvtext import Row, Table
from hipthrust.formats.records import (
    DEFAULT_LIMITS,
    ImportedSet,
    ImportLimits,
    ImportResult,
    ParseNotes,
)
from hipthrust.formats.values import (
    SetAssembler,
    check_started,
    read_load_kg,
    read_reps,
    read_rpe,
    weight_unit,
)

__all__ = ["WARMUP_FLAGS", "iter_liftosaur", "parse_liftosaur"]

# "Is Warmup Set?" cell (lower case) -> whether the set is a warm-up.
WARMUP_FLAGS: Mapping[str, bool] = MappingProxyType(
    {"1": True, "0": False, "": False, "true": True, "false": False}
)


def _started(table: Table, row: Row, key: str, limits: ImportLimits) -> datetime:
    raw = table.text(row, key)
    try:
        started = datetime.fromisoformat(raw)
    except ValueError:
        raise table.fail(
            row.line, f"workout time {raw!r} is not a time like 2026-03-01T10:00:00.000Z"
        ) from None
    return check_started(table, row, started, raw, limits)


def _warmup(table: Table, row: Row, key: str) -> bool:
    raw = table.text(row, key)
    flag = WARMUP_FLAGS.get(raw.lower())
    if flag is None:
        raise table.fail(row.line, f"warm-up flag {raw!r} is not 0 or 1")
    return flag


def _weight_columns(table: Table, row: Row, pairs: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """The first (value, unit) column pair with a value in this row, else the first pair."""
    for value_key, unit_key in pairs:
        if table.text(row, value_key):
            return value_key, unit_key
    return pairs[0]


def _unit(table: Table, row: Row, value_key: str, unit_key: str) -> Units:
    raw = table.text(row, unit_key)
    unit = weight_unit(raw)
    if unit is None:
        if not raw:
            raise table.fail(
                row.line, f"weight {table.text(row, value_key)!r} has no unit (kg or lb)"
            )
        raise table.fail(row.line, f"weight unit {raw!r} is not kg or lb")
    return unit


def parse_liftosaur(
    table: Table,
    *,
    units_hint: Units = "kg",
    zone: tzinfo,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> ImportResult:
    """Every set of the table at once (see ``iter_liftosaur``)."""
    notes = ParseNotes()
    sets = iter_liftosaur(table, units_hint=units_hint, zone=zone, limits=limits, notes=notes)
    return notes.result("liftosaur", sets)


def iter_liftosaur(
    table: Table,
    *,
    units_hint: Units = "kg",
    zone: tzinfo,
    limits: ImportLimits = DEFAULT_LIMITS,
    notes: ParseNotes,
) -> Iterator[ImportedSet]:
    """Every completed set of a Liftosaur export; refuses the file at the first malformed row.

    ``units_hint`` is unused: Liftosaur names the unit of every weight.
    """
    time_key = table.require("workout datetime")
    exercise_key = table.require("exercise")
    warmup_key = table.require("is warmup set?")
    reps_key = table.require("completed reps")
    pairs: tuple[tuple[str, str], ...]
    if table.find("completed weight value") is not None:
        pairs = (
            (table.require("completed weight value"), table.require("completed weight unit")),
            (table.require("required weight value"), table.require("required weight unit")),
        )
        rpe_key = table.find("completed rpe")
    else:
        pairs = ((table.require("weight value"), table.require("weight unit")),)
        rpe_key = table.find("rpe")
    day_key = table.find("day name")
    program_key = table.find("program")
    notes_key = table.find("notes")

    assembler = SetAssembler("liftosaur", zone)
    skipped = notes.skipped
    for row in table.rows:
        exercise = table.text(row, exercise_key)
        if not exercise:
            skipped.append((row.line, "no exercise name"))
            continue
        started = _started(table, row, time_key, limits)
        warmup = _warmup(table, row, warmup_key)
        reps = read_reps(table, row, reps_key, limits)
        if reps is None:
            skipped.append((row.line, "set not completed"))
            continue
        value_key, unit_key = _weight_columns(table, row, pairs)
        load_kg = None
        if table.text(row, value_key):
            unit = _unit(table, row, value_key, unit_key)
            load_kg = read_load_kg(table, row, value_key, unit, limits)
        rpe = read_rpe(table, row, rpe_key, limits)
        yield (
            assembler.add(
                row,
                started=started,
                workout_name=table.text(row, day_key) or table.text(row, program_key),
                exercise_name=exercise,
                set_type="warmup" if warmup else "normal",
                reps=reps,
                load_kg=load_kg,
                rpe=rpe,
                duration_s=None,
                distance_m=None,
                notes=table.text(row, notes_key),
            )
        )
