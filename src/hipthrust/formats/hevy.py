"""Hevy's workout CSV export ("Settings > Export & Import Data > Export workouts").

One row per set, comma-separated, with the header::

    title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,
    set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe

Accounts in pounds have ``weight_lbs`` and ``distance_miles`` instead. Times look like
``15 Sep 2025, 07:48`` (local, no zone); ISO times are read too. ``set_type`` is ``normal``,
``warmup``, ``dropset`` or ``failure``. Line breaks inside notes are written as ``\\n``.
``end_time``, ``superset_id`` and ``set_index`` are not read (sets are numbered afresh).
"""

from __future__ import annotations

import re
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
    SetType,
)
from hipthrust.formats.values import (
    DISTANCE_UNITS,
    MONTHS,
    SetAssembler,
    check_started,
    read_distance_m,
    read_duration_s,
    read_load_kg,
    read_reps,
    read_rpe,
)

__all__ = ["HEVY_SET_TYPES", "iter_hevy", "parse_hevy", "parse_hevy_time"]

# set_type values (lower case, without spaces, underscores or hyphens) -> set type.
HEVY_SET_TYPES: Mapping[str, SetType] = MappingProxyType(
    {
        "normal": "normal",
        "warmup": "warmup",
        "dropset": "dropset",
        "failure": "failure",
    }
)

_HEVY_TIME = re.compile(
    r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?\s+(?P<year>\d{4}),?\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
)


def parse_hevy_time(text: str) -> datetime | None:
    """``"2 Mar 2026, 19:59"`` (or an ISO time) as a datetime; ``None`` if it is neither.

    Month names are read from an English table, not the machine's locale.
    """
    raw = text.strip()
    match = _HEVY_TIME.fullmatch(raw)
    if match is not None:
        month = MONTHS.get(match["month"].lower())
        if month is None:
            return None
        try:
            return datetime(
                int(match["year"]),
                month,
                int(match["day"]),
                int(match["hour"]),
                int(match["minute"]),
                int(match["second"] or 0),
            )
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


def _set_type(table: Table, row: Row, key: str) -> SetType:
    raw = table.text(row, key)
    set_type = HEVY_SET_TYPES.get(re.sub(r"[\s_\-]+", "", raw.lower()))
    if set_type is None:
        raise table.fail(row.line, f"set type {raw!r} is not normal, warmup, dropset or failure")
    return set_type


def _notes(text: str) -> str:
    return text.replace("\\n", "\n")


def parse_hevy(
    table: Table,
    *,
    units_hint: Units = "kg",
    zone: tzinfo,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> ImportResult:
    """Every set of the table at once (see ``iter_hevy``)."""
    notes = ParseNotes()
    sets = iter_hevy(table, units_hint=units_hint, zone=zone, limits=limits, notes=notes)
    return notes.result("hevy", sets)


def iter_hevy(
    table: Table,
    *,
    units_hint: Units = "kg",
    zone: tzinfo,
    limits: ImportLimits = DEFAULT_LIMITS,
    notes: ParseNotes,
) -> Iterator[ImportedSet]:
    """Every set of a Hevy export; refuses the whole file at the first malformed row.

    ``units_hint`` is unused: Hevy always names its units in the header.
    """
    title_key = table.require("title")
    start_key = table.require("start_time")
    exercise_key = table.require("exercise_title")
    set_type_key = table.require("set_type")
    reps_key = table.require("reps")
    weight_key = table.require("weight_kg", "weight_lbs")
    unit: Units = "kg" if weight_key == "weight_kg" else "lb"
    distance_key = table.find("distance_km", "distance_miles")
    metres_per_unit = DISTANCE_UNITS["mi" if distance_key == "distance_miles" else "km"]
    duration_key = table.find("duration_seconds")
    rpe_key = table.find("rpe")
    notes_key = table.find("exercise_notes")
    description_key = table.find("description")

    assembler = SetAssembler("hevy", zone)
    skipped = notes.skipped
    for row in table.rows:
        exercise = table.text(row, exercise_key)
        if not exercise:
            skipped.append((row.line, "no exercise name"))
            continue
        raw_start = table.text(row, start_key)
        started = parse_hevy_time(raw_start)
        if started is None:
            raise table.fail(
                row.line, f"start time {raw_start!r} is not a date like '2 Mar 2026, 19:59'"
            )
        check_started(table, row, started, raw_start, limits)
        set_type = _set_type(table, row, set_type_key)
        load_kg = read_load_kg(table, row, weight_key, unit, limits)
        reps = read_reps(table, row, reps_key, limits)
        distance_m = read_distance_m(table, row, distance_key, metres_per_unit, limits)
        duration_s = read_duration_s(table, row, duration_key, limits)
        rpe = read_rpe(table, row, rpe_key, limits)
        if not reps and duration_s is None and distance_m is None:
            skipped.append((row.line, "no reps, time or distance recorded"))
            continue
        yield (
            assembler.add(
                row,
                started=started,
                workout_name=table.text(row, title_key),
                exercise_name=exercise,
                set_type=set_type,
                reps=reps or 0,
                load_kg=load_kg,
                rpe=rpe,
                duration_s=duration_s,
                distance_m=distance_m,
                notes=_notes(table.text(row, notes_key)),
                workout_notes=_notes(table.text(row, description_key)),
            )
        )
