"""What to do: one exercise of a session, in the shape plans and decisions share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hipthrust.errors import InputError

__all__ = ["Prescription"]


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
