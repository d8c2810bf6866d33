"""Cells to checked values, and rows to ``ImportedSet``: the part the three formats share.

Units are converted here (pounds with ``KG_PER_LB``, distances to metres), bounds come from
``ImportLimits``, and ``SetAssembler`` numbers the sets of each exercise and keys them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, tzinfo
from types import MappingProxyType

from hipthrust.coaching.units import KG_PER_LB, Units
from hipthrust.formats.csvtext import Row, Table, localise
from hipthrust.formats.names import variation_for
from hipthrust.formats.records import (
    Format,
    ImportedSet,
    ImportLimits,
    SetType,
    make_source_keys,
    source_time_text,
)

__all__ = [
    "DISTANCE_UNITS",
    "MONTHS",
    "WEIGHT_UNITS",
    "SetAssembler",
    "check_started",
    "header_unit",
    "read_distance_m",
    "read_duration_s",
    "read_load_kg",
    "read_reps",
    "read_rpe",
    "to_kg",
    "weight_unit",
]

# How a unit is written in a header or a cell -> our unit.
WEIGHT_UNITS: Mapping[str, Units] = MappingProxyType(
    {
        "kg": "kg",
        "kgs": "kg",
        "kilo": "kg",
        "kilos": "kg",
        "kilograms": "kg",
        "lb": "lb",
        "lbs": "lb",
        "pound": "lb",
        "pounds": "lb",
    }
)

# How a distance unit is written -> metres per unit.
DISTANCE_UNITS: Mapping[str, float] = MappingProxyType(
    {
        "m": 1.0,
        "meter": 1.0,
        "meters": 1.0,
        "metre": 1.0,
        "metres": 1.0,
        "km": 1000.0,
        "kilometers": 1000.0,
        "kilometres": 1000.0,
        "mi": 1609.344,
        "mile": 1609.344,
        "miles": 1609.344,
        "yd": 0.9144,
        "yards": 0.9144,
        "ft": 0.3048,
        "feet": 0.3048,
    }
)

# English month names and abbreviations, as Hevy writes them ("2 Mar 2026, 19:59").
MONTHS: Mapping[str, int] = MappingProxyType(
    {
        name: number
        for number, names in enumerate(
            (
                ("jan", "january"),
                ("feb", "february"),
                ("mar", "march"),
                ("apr", "april"),
                ("may",),
                ("jun", "june"),
                ("jul", "july"),
                ("aug", "august"),
                ("sep", "sept", "september"),
                ("oct", "october"),
                ("nov", "november"),
                ("dec", "december"),
            ),
            start=1,
        )
        for name in names
    }
)

_UNIT_IN_HEADER = re.compile(r"\(([^)]*)\)\s*$")


def weight_unit(text: str) -> Units | None:
    """``"kg"`` or ``"lb"`` for a unit as written (``"lbs"``, ``"KG"``), else ``None``."""
    return WEIGHT_UNITS.get(text.strip().lower())


def header_unit(column: str) -> str:
    """The unit in brackets at the end of a header name: ``"weight (lbs)"`` -> ``"lbs"``."""
    match = _UNIT_IN_HEADER.search(column)
    return "" if match is None else match.group(1).strip().lower()


def to_kg(value: float, unit: Units) -> float:
    """A mass in kilograms; pounds are multiplied by the exact ``KG_PER_LB``."""
    return value * KG_PER_LB if unit == "lb" else value


def _shown(value: float) -> str:
    return f"{value:g}"


def read_load_kg(
    table: Table, row: Row, key: str | None, unit: Units, limits: ImportLimits
) -> float | None:
    """The weight cell in kilograms (``None`` when empty); negative or huge loads are refused."""
    value = table.number(row, key, "weight")
    if value is None:
        return None
    kg = to_kg(value, unit)
    if not 0 <= kg <= limits.max_load_kg:
        raise table.fail(
            row.line,
            f"weight {table.text(row, key)!r} {unit} is impossible: a load is between 0 and "
            f"{_shown(limits.max_load_kg)} kg",
        )
    return kg


def read_reps(table: Table, row: Row, key: str | None, limits: ImportLimits) -> int | None:
    """The reps cell as a whole number (``None`` when empty), within the limits."""
    reps = table.whole(row, key, "reps")
    if reps is not None and not 0 <= reps <= limits.max_reps:
        raise table.fail(
            row.line,
            f"reps {table.text(row, key)!r} must be between 0 and {limits.max_reps}",
        )
    return reps


def read_rpe(table: Table, row: Row, key: str | None, limits: ImportLimits) -> float | None:
    """The RPE cell; empty or 0 (some apps write 0 for "not rated") gives ``None``."""
    rpe = table.number(row, key, "RPE")
    if rpe is None or rpe == 0:
        return None
    if not limits.min_rpe <= rpe <= limits.max_rpe:
        raise table.fail(
            row.line,
            f"RPE {table.text(row, key)!r} must be between {_shown(limits.min_rpe)} and "
            f"{_shown(limits.max_rpe)}",
        )
    return rpe


def read_duration_s(table: Table, row: Row, key: str | None, limits: ImportLimits) -> float | None:
    """A set's time in seconds; empty or 0 gives ``None``."""
    seconds = table.number(row, key, "time")
    if seconds is None or seconds == 0:
        return None
    if not 0 < seconds <= limits.max_duration_s:
        raise table.fail(
            row.line,
            f"time {table.text(row, key)!r} s must be between 0 and "
            f"{_shown(limits.max_duration_s)} s",
        )
    return seconds


def read_distance_m(
    table: Table, row: Row, key: str | None, metres_per_unit: float, limits: ImportLimits
) -> float | None:
    """A distance in metres; empty or 0 gives ``None``."""
    value = table.number(row, key, "distance")
    if value is None or value == 0:
        return None
    metres = value * metres_per_unit
    if not 0 < metres <= limits.max_distance_m:
        raise table.fail(
            row.line,
            f"distance {table.text(row, key)!r} must be between 0 and "
            f"{_shown(limits.max_distance_m)} m",
        )
    return metres


def check_started(
    table: Table, row: Row, started: datetime, raw: str, limits: ImportLimits
) -> datetime:
    """``started`` if its year is plausible for a training log, else the file is refused."""
    if not limits.earliest_year <= started.year <= limits.latest_year:
        raise table.fail(
            row.line,
            f"date {raw!r} is not plausible (years {limits.earliest_year} to {limits.latest_year})",
        )
    return started


class SetAssembler:
    """Turns checked values into ``ImportedSet``s, numbering each exercise's sets per workout."""

    def __init__(self, source: Format, zone: tzinfo) -> None:
        self.source: Format = source
        self.zone = zone
        self._counts: dict[tuple[str, str, str], int] = {}
        # The last workout start seen and what it gives (rows of one workout come together).
        self._started: datetime | None = None
        self._started_iso = ""
        self._started_key_text = ""
        self._performed_at = datetime.min

    def add(
        self,
        row: Row,
        *,
        started: datetime,
        workout_name: str,
        exercise_name: str,
        set_type: SetType,
        reps: int,
        load_kg: float | None,
        rpe: float | None,
        duration_s: float | None,
        distance_m: float | None,
        notes: str,
        workout_notes: str = "",
    ) -> ImportedSet:
        """The set of ``row``; ``started`` is the workout start as written (naive = local)."""
        last = self._started
        if last is None or (started, started.tzinfo, started.fold) != (
            last,
            last.tzinfo,
            last.fold,
        ):
            self._started = started
            self._started_iso = started.isoformat()
            self._started_key_text = source_time_text(started)
            self._performed_at = localise(started, self.zone)
        workout = (self._started_iso, workout_name, exercise_name)
        set_index = self._counts.get(workout, 0) + 1
        self._counts[workout] = set_index
        variation = variation_for(exercise_name)
        source_key, other_keys = make_source_keys(
            self.source,
            started,
            workout_name,
            exercise_name,
            set_index,
            set_type,
            reps,
            load_kg,
            duration_s,
            distance_m,
            started_text=self._started_key_text,
        )
        return ImportedSet(
            source=self.source,
            line=row.line,
            performed_at=self._performed_at,
            workout_name=workout_name,
            exercise_name=exercise_name,
            variation=variation,
            is_hip_thrust_family=variation is not None,
            load_kg=load_kg,
            reps=reps,
            rpe=rpe,
            set_type=set_type,
            warmup=set_type == "warmup",
            duration_s=duration_s,
            distance_m=distance_m,
            notes=notes,
            set_index=set_index,
            source_key=source_key,
            workout_notes=workout_notes,
            other_keys=other_keys,
        )
