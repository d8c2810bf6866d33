"""The neutral shape every export becomes: one ``ImportedSet`` per set row, and the result.

The parsers for Strong, Hevy and Liftosaur all produce these (a hipthrust backup carries
more than a row: ``formats.backup`` gives its sets as the export wrote them); nothing
downstream needs to know which app a set came from except through ``source`` and
``source_key``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, get_args

from hipthrust.errors import InputError

__all__ = [
    "CSV_FORMATS",
    "DEFAULT_LIMITS",
    "FORMATS",
    "FORMAT_NAMES",
    "KEY_DISTANCE_STEP_M",
    "KEY_DISTANCE_TOLERANCE_M",
    "KEY_LOAD_STEP_KG",
    "KEY_LOAD_TOLERANCE_KG",
    "SET_TYPES",
    "Format",
    "ImportLimits",
    "ImportResult",
    "ImportedSet",
    "ParseNotes",
    "SetType",
    "make_source_key",
    "make_source_keys",
    "source_time_text",
]

# "hipthrust" is hipthrust's own JSON export (a backup, ``formats.backup``); the others are
# other apps' CSV exports.
Format = Literal["strong", "hevy", "liftosaur", "hipthrust"]
SetType = Literal["normal", "warmup", "dropset", "failure"]

FORMATS: tuple[Format, ...] = get_args(Format)
CSV_FORMATS: tuple[Format, ...] = ("strong", "hevy", "liftosaur")
# The name a person reads for each format ("a Strong export", "a hipthrust backup").
FORMAT_NAMES: dict[Format, str] = {
    "strong": "Strong export",
    "hevy": "Hevy export",
    "liftosaur": "Liftosaur export",
    "hipthrust": "hipthrust backup",
}
SET_TYPES: tuple[SetType, ...] = get_args(SetType)


@dataclass(frozen=True)
class ImportLimits:
    """Bounds a value must fall in to be believed; outside them the whole file is refused.

    [design] Wide on purpose: other lifts are kept too (a skipping set may count hundreds of
    reps), so only values no person produces are refused. The store applies its own, narrower
    bounds to hip thrust sets (``SetRecord``: reps 0-200, load 0-1000 kg, RPE 1-10).
    """

    max_reps: int = 1000
    max_load_kg: float = 1000.0
    min_rpe: float = 1.0
    max_rpe: float = 10.0
    max_duration_s: float = 86_400.0
    max_distance_m: float = 1_000_000.0
    earliest_year: int = 1990
    latest_year: int = 2100


DEFAULT_LIMITS = ImportLimits()


@dataclass(frozen=True)
class ImportedSet:
    """One set read from an export.

    ``performed_at`` is the start of the workout the set belongs to (the exports carry no
    per-set clock that all three share), as an aware datetime in the zone the caller chose.
    ``line`` is the 1-based line of the file where the set's row starts. ``variation`` is a
    catalogue id for the hip thrust family and ``None`` for every other lift, which is still
    kept (a deadlift day informs scheduling). ``load_kg`` is ``None`` when the app recorded no
    weight. ``set_index`` counts the sets of one exercise within one workout, from 1, warm-ups
    included, in file order. ``source_key`` is stable across re-imports of the same rows,
    whatever unit the file was exported in; ``other_keys`` are keys the same set may already
    be stored under (a load near a rounding boundary, or a key of an earlier hipthrust).
    """

    source: Format
    line: int
    performed_at: datetime
    workout_name: str
    exercise_name: str
    variation: str | None
    is_hip_thrust_family: bool
    load_kg: float | None
    reps: int
    rpe: float | None
    set_type: SetType
    warmup: bool
    duration_s: float | None
    distance_m: float | None
    notes: str
    set_index: int
    source_key: str
    workout_notes: str = ""
    other_keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.source not in FORMATS:
            raise InputError(f"unknown source {self.source!r}: use one of {', '.join(FORMATS)}")
        if self.set_type not in SET_TYPES:
            raise InputError(f"unknown set type {self.set_type!r}")
        if self.performed_at.tzinfo is None:
            raise InputError("an imported set needs a time with a time zone")
        if self.warmup != (self.set_type == "warmup"):
            raise InputError("warmup must be true exactly when the set type is warmup")
        if self.is_hip_thrust_family != (self.variation is not None):
            raise InputError("a set is in the hip thrust family exactly when it has a variation")
        if self.line < 1 or self.set_index < 1:
            raise InputError("line and set index count from 1")
        if self.reps < 0:
            raise InputError(f"reps cannot be negative, not {self.reps}")


@dataclass(frozen=True)
class ImportResult:
    """What a whole file gave: its format, the sets, the rows skipped by design, and notes.

    ``skipped`` lists ``(line, reason)`` for rows that are not sets (Strong's rest timers,
    rows without an exercise, sets never done); ``warnings`` are one-line remarks about
    assumptions made (for instance a unit taken from the ``units_hint``).
    """

    format: Format
    sets: tuple[ImportedSet, ...]
    skipped: tuple[tuple[int, str], ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass
class ParseNotes:
    """What a parser notes besides the sets, filled in as the rows are read.

    ``skipped`` and ``warnings`` as in ``ImportResult``; complete once the sets are read.
    """

    skipped: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def result(self, format: Format, sets: Iterable[ImportedSet]) -> ImportResult:
        """Every set of ``sets`` at once, with what was noted while reading them."""
        read = tuple(sets)  # read first: the notes are complete only afterwards
        return ImportResult(format, read, tuple(self.skipped), tuple(self.warnings))


def source_time_text(started: datetime) -> str:
    """The workout start as it enters a source key: wall-clock text, or UTC for aware times.

    Exports in local time give naive datetimes; keeping them naive here means the key does not
    change when the same file is imported again with another ``tz``.
    """
    if started.tzinfo is None:
        return started.isoformat(timespec="seconds")
    return started.astimezone(UTC).isoformat(timespec="seconds")


def _number_text(value: float | None, decimals: int) -> str:
    return "" if value is None else f"{value:.{decimals}f}"


# [design] Loads and distances enter the key rounded to a grid coarser than any unit
# conversion, so the same export in kg or in lb (or km and miles) gives the same key: a load
# to the nearest 0.25 kg (loads in kg are multiples of 0.25 kg, so they sit in the middle of
# a grid cell, 0.125 kg from its edges), a distance to the nearest 100 m. A value within the
# tolerance of a cell's edge (where a converted, re-rounded copy could fall on the other
# side: a load typed in pounds) also offers the key of the neighbouring grid point, so
# either copy finds the other.
KEY_LOAD_STEP_KG = 0.25
KEY_LOAD_TOLERANCE_KG = 0.05
KEY_DISTANCE_STEP_M = 100.0
KEY_DISTANCE_TOLERANCE_M = 20.0


def _grid_texts(value: float | None, step: float, tolerance: float, decimals: int) -> list[str]:
    """The value's grid text first, then the neighbour's when the value is near a boundary."""
    if value is None:
        return [""]
    position = value / step
    nearest = math.floor(position + 0.5)
    texts = [f"{nearest * step + 0.0:.{decimals}f}"]
    if (position - (nearest - 0.5)) * step < tolerance:
        texts.append(f"{(nearest - 1) * step + 0.0:.{decimals}f}")
    elif ((nearest + 0.5) - position) * step < tolerance:
        texts.append(f"{(nearest + 1) * step + 0.0:.{decimals}f}")
    return texts


def _key(head: str, load: str, duration: str, distance: str) -> str:
    text = f"{head}\x1f{load}\x1f{duration}\x1f{distance}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_source_keys(
    source: Format,
    started: datetime,
    workout_name: str,
    exercise_name: str,
    set_index: int,
    set_type: SetType,
    reps: int,
    load_kg: float | None,
    duration_s: float | None,
    distance_m: float | None,
    *,
    started_text: str | None = None,
) -> tuple[str, tuple[str, ...]]:
    """The set's SHA-256 hex key, and the other keys it may already be stored under.

    Built from what identifies the set (app, workout start and name, exercise, position) and
    what was done (set type, reps, load to the nearest 0.25 kg, time, distance to the nearest
    100 m). Notes and RPE are left out, so editing a note in the app and exporting again does
    not duplicate the set. The other keys: the neighbouring grid point's when a load or a
    distance lies near a cell's edge, and the key hipthrust 0.1 wrote (load to the gram,
    distance to 0.1 m) when it differs, so a file imported before still adds nothing.
    ``started_text`` is ``source_time_text(started)`` when the caller has it already.
    """
    head = "\x1f".join(
        (
            source,
            source_time_text(started) if started_text is None else started_text,
            workout_name,
            exercise_name,
            str(set_index),
            set_type,
            str(reps),
        )
    )
    duration = "" if duration_s is None else f"{duration_s:.1f}"
    loads = _grid_texts(load_kg, KEY_LOAD_STEP_KG, KEY_LOAD_TOLERANCE_KG, 3)
    distances = _grid_texts(distance_m, KEY_DISTANCE_STEP_M, KEY_DISTANCE_TOLERANCE_M, 1)
    key = _key(head, loads[0], duration, distances[0])
    exact_load = "" if load_kg is None else f"{load_kg:.3f}"
    exact_distance = "" if distance_m is None else f"{distance_m:.1f}"
    if (
        len(loads) == 1
        and len(distances) == 1
        and exact_load == loads[0]
        and exact_distance == distances[0]
    ):
        return key, ()
    combinations = [(load, distance) for load in loads for distance in distances]
    combinations.append((exact_load, exact_distance))
    others: dict[str, None] = {}
    for load, distance in combinations:
        other = _key(head, load, duration, distance)
        if other != key:
            others[other] = None
    return key, tuple(others)


def make_source_key(
    source: Format,
    started: datetime,
    workout_name: str,
    exercise_name: str,
    set_index: int,
    set_type: SetType,
    reps: int,
    load_kg: float | None,
    duration_s: float | None,
    distance_m: float | None,
) -> str:
    """The set's key alone (see ``make_source_keys``): the same rows always give the same key."""
    key, _ = make_source_keys(
        source,
        started,
        workout_name,
        exercise_name,
        set_index,
        set_type,
        reps,
        load_kg,
        duration_s,
        distance_m,
    )
    return key
