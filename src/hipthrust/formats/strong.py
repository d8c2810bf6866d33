"""Strong's CSV export ("Settings > Export Strong Data"), in every layout seen in the wild.

One row per set. The layouts differ in delimiter (``,`` or ``;`` with decimal commas), in
whether there is a ``Duration``/``Duration (sec)``/``Workout Duration`` column (never read), and
in how the weight unit is given: in the header (``Weight (kg)``, ``Weight (lbs)``), in a
``Weight Unit`` column per row, or not at all (then the ``units_hint`` decides, with a
warning). ``Set Order`` is a number for a working set, ``W``/``D``/``F`` (or ``WARM_UP``,
``DROP_SET``, ``FAILURE`` in some versions) for warm-up, drop and failure sets, and
``Rest Timer`` or ``Note`` for rows that are not sets at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
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
    SetAssembler,
    check_started,
    header_unit,
    read_distance_m,
    read_duration_s,
    read_load_kg,
    read_reps,
    read_rpe,
    weight_unit,
)

__all__ = [
    "BARE_DISTANCE_UNITS",
    "DISTANCE_COLUMNS",
    "SET_ORDERS",
    "SKIPPED_SET_ORDERS",
    "WEIGHT_COLUMNS",
    "iter_strong",
    "parse_strong",
]

# Set Order values (upper case, runs of spaces/underscores/hyphens as one space) -> set type.
# A plain number is a working ("normal") set.
SET_ORDERS: Mapping[str, SetType] = MappingProxyType(
    {
        "W": "warmup",
        "WARMUP": "warmup",
        "WARM UP": "warmup",
        "D": "dropset",
        "DROP": "dropset",
        "DROPSET": "dropset",
        "DROP SET": "dropset",
        "F": "failure",
        "FAILURE": "failure",
        "NORMAL": "normal",
    }
)

# Set Order values of rows that are not sets: skipped by design, with this reason.
SKIPPED_SET_ORDERS: Mapping[str, str] = MappingProxyType(
    {
        "REST TIMER": "rest timer, not a set",
        "NOTE": "note, not a set",
    }
)

WEIGHT_COLUMNS = ("weight (kg)", "weight (kgs)", "weight (lbs)", "weight (lb)", "weight")
DISTANCE_COLUMNS = (
    "distance (meters)",
    "distance (metres)",
    "distance (m)",
    "distance (km)",
    "distance (miles)",
    "distance (mi)",
    "distance",
)

# [design] A bare "Distance" column with no "Distance Unit" follows the units hint:
# kilometres for kg users, miles for lb users (the unit the app shows them).
BARE_DISTANCE_UNITS: Mapping[Units, str] = MappingProxyType({"kg": "km", "lb": "mi"})


def _order_key(raw: str) -> str:
    return re.sub(r"[\s_\-]+", " ", raw.strip().upper()).strip()


def _cell(cells: Sequence[str], position: int | None) -> str:
    return "" if position is None else cells[position].strip()


def _set_type(table: Table, row: Row, raw: str) -> SetType:
    if raw.isdigit():
        return "normal"
    set_type = SET_ORDERS.get(_order_key(raw))
    if set_type is None:
        raise table.fail(
            row.line,
            f"set order {raw!r} is not a set number, W, D, F or Rest Timer",
        )
    return set_type


def _started(table: Table, row: Row, key: str, limits: ImportLimits) -> datetime:
    raw = table.text(row, key)
    try:
        started = datetime.fromisoformat(raw)
    except ValueError:
        raise table.fail(
            row.line, f"date {raw!r} is not a date and time like 2024-11-28 17:36:08"
        ) from None
    return check_started(table, row, started, raw, limits)


def _row_weight_unit(table: Table, row: Row, key: str | None) -> Units | None:
    raw = table.text(row, key)
    if not raw:
        return None
    unit = weight_unit(raw)
    if unit is None:
        raise table.fail(row.line, f"weight unit {raw!r} is not kg or lbs")
    return unit


def _row_distance_factor(table: Table, row: Row, key: str | None) -> float | None:
    raw = table.text(row, key)
    if not raw:
        return None
    factor = DISTANCE_UNITS.get(raw.lower())
    if factor is None:
        raise table.fail(row.line, f"distance unit {raw!r} is not m, km or mi")
    return factor


def parse_strong(
    table: Table,
    *,
    units_hint: Units = "kg",
    zone: tzinfo,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> ImportResult:
    """Every set of the table at once (see ``iter_strong``)."""
    notes = ParseNotes()
    sets = iter_strong(table, units_hint=units_hint, zone=zone, limits=limits, notes=notes)
    return notes.result("strong", sets)


def iter_strong(
    table: Table,
    *,
    units_hint: Units = "kg",
    zone: tzinfo,
    limits: ImportLimits = DEFAULT_LIMITS,
    notes: ParseNotes,
) -> Iterator[ImportedSet]:
    """Every set of a Strong export; refuses the whole file at the first malformed row."""
    date_key = table.require("date")
    workout_key = table.require("workout name")
    exercise_key = table.require("exercise name")
    order_key = table.require("set order")
    reps_key = table.require("reps")
    weight_key = table.require(*WEIGHT_COLUMNS)
    weight_unit_key = table.find("weight unit")
    distance_key = table.find(*DISTANCE_COLUMNS)
    distance_unit_key = table.find("distance unit")
    seconds_key = table.find("seconds")
    notes_key = table.find("notes")
    workout_notes_key = table.find("workout notes")
    rpe_key = table.find("rpe")

    header_weight_unit = weight_unit(header_unit(weight_key))
    header_distance_unit = header_unit(distance_key) if distance_key else ""
    header_factor = DISTANCE_UNITS.get(header_distance_unit) if header_distance_unit else None
    if header_distance_unit and header_factor is None:
        raise table.fail(
            table.header_line, f"distance unit {header_distance_unit!r} is not m, km or mi"
        )
    hint_distance_unit = BARE_DISTANCE_UNITS[units_hint]

    assembler = SetAssembler("strong", zone)
    skipped = notes.skipped
    weight_assumed = distance_assumed = False
    started_raw, started = "", datetime.min
    # Cells read directly by position (the same trimmed text as ``table.text``); an absent
    # optional column reads as "" (``_cell``).
    order_at = table.position(order_key)
    exercise_at = table.position(exercise_key)
    date_at = table.position(date_key)
    workout_at = table.position(workout_key)
    notes_at = table.position(notes_key)
    workout_notes_at = table.position(workout_notes_key)
    default_distance_factor = DISTANCE_UNITS[hint_distance_unit]
    for row in table.rows:
        cells = row.values
        order_raw = cells[order_at].strip()  # type: ignore[index]  # a required column
        numbered = order_raw.isdigit()
        if not numbered:
            skip_reason = SKIPPED_SET_ORDERS.get(_order_key(order_raw))
            if skip_reason is not None:
                skipped.append((row.line, skip_reason))
                continue
        exercise = cells[exercise_at].strip()  # type: ignore[index]
        if not exercise:
            skipped.append((row.line, "no exercise name"))
            continue
        set_type: SetType = "normal" if numbered else _set_type(table, row, order_raw)
        date_raw = cells[date_at].strip()  # type: ignore[index]
        if date_raw != started_raw or not started_raw:
            started = _started(table, row, date_key, limits)
            started_raw = date_raw
        unit = (
            _row_weight_unit(table, row, weight_unit_key) if weight_unit_key else None
        ) or header_weight_unit
        load_kg = read_load_kg(table, row, weight_key, unit or units_hint, limits)
        reps = read_reps(table, row, reps_key, limits)
        factor = (
            _row_distance_factor(table, row, distance_unit_key) if distance_unit_key else None
        ) or header_factor
        distance_m = (
            read_distance_m(table, row, distance_key, factor or default_distance_factor, limits)
            if distance_key
            else None
        )
        duration_s = read_duration_s(table, row, seconds_key, limits) if seconds_key else None
        rpe = read_rpe(table, row, rpe_key, limits) if rpe_key else None
        if not reps and duration_s is None and distance_m is None:
            skipped.append((row.line, "no reps, time or distance recorded"))
            continue
        weight_assumed = weight_assumed or (unit is None and bool(load_kg))
        distance_assumed = distance_assumed or (factor is None and distance_m is not None)
        yield (
            assembler.add(
                row,
                started=started,
                workout_name=_cell(cells, workout_at),
                exercise_name=exercise,
                set_type=set_type,
                reps=reps or 0,
                load_kg=load_kg,
                rpe=rpe,
                duration_s=duration_s,
                distance_m=distance_m,
                notes=_cell(cells, notes_at),
                workout_notes=_cell(cells, workout_notes_at),
            )
        )

    warnings = notes.warnings
    if weight_assumed:
        warnings.append(
            f"{table.name}: the file names no weight unit; weights were read in {units_hint} "
            "(the units hint)"
        )
    if distance_assumed:
        warnings.append(
            f"{table.name}: the file names no distance unit; distances were read in "
            f"{hint_distance_unit} (from the units hint)"
        )
