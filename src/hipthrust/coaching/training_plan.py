"""The shape of a training plan: weeks of sessions of prescriptions, and its JSON.

``build_plan`` in ``programming.py`` makes these; docs/programming.md documents the JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from hipthrust.coaching.goals import Goal
from hipthrust.coaching.periodisation import Periodisation
from hipthrust.coaching.prescription import Prescription
from hipthrust.coaching.week import Weekday

__all__ = ["PLAN_SCHEMA_VERSION", "Plan", "PlanWeek", "Session", "SessionKind"]

PLAN_SCHEMA_VERSION = 1
SessionKind = Literal["heavy", "light", "technique", "deload"]


@dataclass(frozen=True)
class Session:
    """One training day: warm-up items first, then the exercises in order."""

    day: Weekday
    kind: SessionKind
    warmup: tuple[Prescription, ...]
    exercises: tuple[Prescription, ...]
    on_shift: bool = False
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day,
            "kind": self.kind,
            "on_shift": self.on_shift,
            "warmup": [item.to_json() for item in self.warmup],
            "exercises": [item.to_json() for item in self.exercises],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class PlanWeek:
    """A week; ``reps`` is the main lift's rep range for loaded plans (None: bodyweight)."""

    week: int
    deload: bool
    sessions: tuple[Session, ...]
    reps: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "deload": self.deload,
            "reps": None if self.reps is None else {"min": self.reps[0], "max": self.reps[1]},
            "sessions": [session.to_json() for session in self.sessions],
        }


@dataclass(frozen=True)
class Plan:
    """The plan. ``refused`` plans have no weeks and say why in ``notes``."""

    goal: Goal
    units: str
    periodisation: Periodisation
    rung: int
    max_rung: int
    loading_allowed: bool
    e1rm_kg: float | None
    weeks: tuple[PlanWeek, ...]
    notes: tuple[str, ...]
    refused: bool = False
    deadlift_day: Weekday | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": PLAN_SCHEMA_VERSION,
            "refused": self.refused,
            "goal": self.goal.value,
            "units": self.units,
            "periodisation": self.periodisation,
            "rung": self.rung,
            "max_rung": self.max_rung,
            "loading_allowed": self.loading_allowed,
            "e1rm_kg": None if self.e1rm_kg is None else round(self.e1rm_kg, 2),
            "deadlift_day": self.deadlift_day,
            "weeks": [week.to_json() for week in self.weeks],
            "notes": list(self.notes),
        }
