"""The neutral shape every export becomes: one ``ImportedSet`` per set row, and the result.

The parsers for Strong, Hevy and Liftosaur all produce these; nothing downstream needs to
know which app a set came from except through ``source`` and ``source_key``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, get_args

from hipthrust.errors import InputError

__all__ = [
    "DEFAULT_LIMITS",
    "FORMATS",
    "SET_TYPES",
    "Format",
    "ImportLimits",
    "ImportResult",
    "ImportedSet",
    "SetType",
    "make_source_key",
    "source_time_text",
]

Format = Literal["strong", "hevy", "liftosaur"]
SetType = Literal["normal", "warmup", "dropset", "failure"]

FORMATS: tuple[Format, ...] = get_args(Format)
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
    included, in file order. ``source_key`` is stable across re-imports of the same rows.
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
    """A SHA-256 hex key for one set: the same rows always give the same key.

    Built from what identifies the set (app, workout start and name, exercise, position) and
    what was done (set type, reps, load to the gram, time, distance). Notes and RPE are left
    out, so editing a note in the app and exporting again does not duplicate the set.
    """
    parts = (
        source,
        source_time_text(started),
        workout_name,
        exercise_name,
        str(set_index),
        set_type,
        str(reps),
        _number_text(load_kg, 3),
        _number_text(duration_s, 1),
        _number_text(distance_m, 1),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
