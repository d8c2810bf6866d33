"""What to do: one exercise of a session, in the shape plans and decisions share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hipthrust.coaching.units import Units, format_mass
from hipthrust.errors import InputError

__all__ = ["Prescription", "dose_text", "load_text"]


@dataclass(frozen=True)
class Prescription:
    """One exercise of a session.

    ``reps`` is an inclusive range (per side when ``per_side``); ``load_kg`` is None for
    bodyweight work; ``rpe_max`` caps effort (None: no cap beyond the goal's).
    """

    variation: str
    sets: int
    reps: tuple[int, int]
    load_kg: float | None = None
    hold_s: float = 0.0
    rpe_max: float | None = None
    per_side: bool = False
    tempo: str = ""
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        low, high = self.reps
        if not 1 <= low <= high <= 100:
            raise InputError(f"rep range must be 1 <= min <= max <= 100, not {self.reps}")
        if not 1 <= self.sets <= 20:
            raise InputError(f"sets must be between 1 and 20, not {self.sets}")
        if self.load_kg is not None and self.load_kg < 0:
            raise InputError("load cannot be negative")

    def to_json(self) -> dict[str, Any]:
        return {
            "variation": self.variation,
            "sets": self.sets,
            "reps": {"min": self.reps[0], "max": self.reps[1]},
            "per_side": self.per_side,
            "load_kg": None if self.load_kg is None else round(self.load_kg, 2),
            "hold_s": self.hold_s,
            "tempo": self.tempo,
            "rpe_max": self.rpe_max,
            "notes": list(self.notes),
        }


def dose_text(item: Prescription, per_side: str = " each side") -> str:
    """The dose as a person reads it: ``3 x 8-12``, ``2 x 10 each side``."""
    low, high = item.reps
    reps = f"{low}" if low == high else f"{low}-{high}"
    return f"{item.sets} x {reps}" + (per_side if item.per_side else "")


def load_text(item: Prescription, units: Units) -> str:
    """The prescribed load in ``units``; without a number, what to load: ``find it`` (a
    loaded variation with no load known yet), ``band`` or ``bodyweight``."""
    if item.load_kg is not None:
        return format_mass(item.load_kg, units)
    if item.variation.startswith(("barbell", "dumbbell", "machine", "deficit")):
        return "find it"
    if item.variation.startswith("banded"):
        return "band"
    return "bodyweight"
