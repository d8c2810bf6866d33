"""What a person answers in an assessment (domain.md §3): the inputs of ``assess``.

Frozen dataclasses that check their own ranges and raise InputError; the answers file and the
interactive questions are parsed at the edge (``hipthrust.service.assessment_io``) into these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from hipthrust.coaching.records import FELT_IN
from hipthrust.coaching.screening import Condition, RedFlag
from hipthrust.errors import InputError

__all__ = [
    "HUG_COMPARISON_DESCRIPTIONS",
    "Answers",
    "BridgeTest",
    "EnduranceTest",
    "HugComparison",
    "SideComparison",
    "SideDegrees",
    "SingleLegBridge",
    "TwoLegBridge",
]


def _check_felt_in(places: tuple[str, ...]) -> None:
    unknown = [place for place in places if place not in FELT_IN]
    if unknown:
        raise InputError(f"unknown place {unknown[0]!r}: use one of {', '.join(FELT_IN)}")


def _check_reps(*counts: int | None) -> None:
    for count in counts:
        if count is not None and not 0 <= count <= 200:
            raise InputError(f"reps must be between 0 and 200, not {count}")


@dataclass(frozen=True)
class TwoLegBridge:
    """Step 1 of the bridge test: did the hips reach full extension, where was it felt;
    ``reps``: how many reps with a 3 s hold, when counted."""

    full_extension: bool
    felt_in: tuple[str, ...] = ()
    reps: int | None = None

    def __post_init__(self) -> None:
        _check_felt_in(self.felt_in)
        _check_reps(self.reps)


@dataclass(frozen=True)
class SingleLegBridge:
    """Step 2: single-leg bridge with the other hip and knee at 90°, reps each side."""

    left_reps: int
    right_reps: int
    felt_in: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_felt_in(self.felt_in)
        _check_reps(self.left_reps, self.right_reps)


@dataclass(frozen=True)
class SideDegrees:
    """Step 3: hip extension reached in the knee-hug bridge, degrees, each side."""

    left: float
    right: float

    def __post_init__(self) -> None:
        for value in (self.left, self.right):
            if not (math.isfinite(value) and -45 <= value <= 60):
                raise InputError(f"hip extension must be between -45 and 60 degrees, not {value}")


class HugComparison(StrEnum):
    """Step 3 without a protractor: how high the hips got in the knee-hug bridge, compared
    with the two-leg bridge of step 1 (the assessment turns it into an estimated angle)."""

    SAME = "same"
    A_BIT_LOWER = "a_bit_lower"
    MUCH_LOWER = "much_lower"
    CANNOT_LIFT = "cannot_lift"


HUG_COMPARISON_DESCRIPTIONS = {
    HugComparison.SAME: "about as high",
    HugComparison.A_BIT_LOWER: "a bit lower",
    HugComparison.MUCH_LOWER: "much lower: barely off the floor",
    HugComparison.CANNOT_LIFT: "could not lift the hips",
}


@dataclass(frozen=True)
class SideComparison:
    """Step 3 answered by comparison, each side."""

    left: HugComparison
    right: HugComparison


@dataclass(frozen=True)
class BridgeTest:
    """The three steps; step 3 is given in degrees or by comparison, not both."""

    two_leg: TwoLegBridge | None = None
    single_leg: SingleLegBridge | None = None
    hug_knee_hip_extension_deg: SideDegrees | None = None
    hug_knee_compared: SideComparison | None = None

    def __post_init__(self) -> None:
        if self.hug_knee_hip_extension_deg is not None and self.hug_knee_compared is not None:
            raise InputError(
                "give the knee-hug bridge in degrees or compared with the two-leg bridge, not both"
            )


@dataclass(frozen=True)
class EnduranceTest:
    """Optional single-leg bridge endurance test, heel on a 60 cm box [Freckleton 2014]."""

    left_reps: int
    right_reps: int

    def __post_init__(self) -> None:
        _check_reps(self.left_reps, self.right_reps)


def _condition_json(condition: Condition) -> dict[str, Any]:
    """A condition as the answers file writes it; the clinician's load ceiling only when given."""
    data: dict[str, Any] = {
        "kind": condition.kind.value,
        "weeks_ago": condition.weeks_ago,
        "cleared": condition.cleared,
    }
    if condition.max_load_x_bodyweight is not None:
        data["max_load_x_bodyweight"] = condition.max_load_x_bodyweight
    if condition.max_load_kg is not None:
        data["max_load_kg"] = condition.max_load_kg
    return data


@dataclass(frozen=True)
class Answers:
    """Everything the assessment reads; every field may be left out (see docs/assessment.md)."""

    red_flags: tuple[RedFlag, ...] = ()
    conditions: tuple[Condition, ...] = ()
    pain_now: int | None = None
    pain_during_bridge: int | None = None
    pain_worsening: bool = False
    bridge_test: BridgeTest | None = None
    lumbar_compensation: bool = False
    training_age_months: int | None = None
    bodyweight_kg: float | None = None
    hip_thrust_1rm_kg: float | None = None
    single_leg_bridge_endurance: EnduranceTest | None = None

    def __post_init__(self) -> None:
        for name in ("pain_now", "pain_during_bridge"):
            score = getattr(self, name)
            if score is not None and not 0 <= score <= 10:
                raise InputError(f"{name} must be between 0 and 10, not {score}")
        if self.training_age_months is not None and not 0 <= self.training_age_months <= 1200:
            raise InputError("training_age_months must be between 0 and 1200")
        if self.bodyweight_kg is not None and not 20 <= self.bodyweight_kg <= 400:
            raise InputError(f"bodyweight must be between 20 and 400 kg, not {self.bodyweight_kg}")
        if self.hip_thrust_1rm_kg is not None and not 0 < self.hip_thrust_1rm_kg <= 1000:
            raise InputError(f"hip thrust 1RM must be 0-1000 kg, not {self.hip_thrust_1rm_kg}")

    def to_json(self) -> dict[str, Any]:
        test = self.bridge_test
        two, one = (test.two_leg, test.single_leg) if test else (None, None)
        hug = test.hug_knee_hip_extension_deg if test else None
        compared = test.hug_knee_compared if test else None
        endurance = self.single_leg_bridge_endurance
        return {
            "red_flags": [flag.value for flag in self.red_flags],
            "conditions": [_condition_json(c) for c in self.conditions],
            "pain_now": self.pain_now,
            "pain_during_bridge": self.pain_during_bridge,
            "pain_worsening": self.pain_worsening,
            "bridge_test": None
            if test is None
            else {
                "two_leg": None
                if two is None
                else {
                    "full_extension": two.full_extension,
                    "felt_in": list(two.felt_in),
                    "reps": two.reps,
                },
                "single_leg": None
                if one is None
                else {
                    "left_reps": one.left_reps,
                    "right_reps": one.right_reps,
                    "felt_in": list(one.felt_in),
                },
                "hug_knee_hip_extension_deg": None
                if hug is None
                else {"left": hug.left, "right": hug.right},
                # Only when given: answers without it keep the shape they always had.
                **(
                    {}
                    if compared is None
                    else {
                        "hug_knee_compared": {
                            "left": compared.left.value,
                            "right": compared.right.value,
                        }
                    }
                ),
            },
            "lumbar_compensation": self.lumbar_compensation,
            "training_age_months": self.training_age_months,
            "bodyweight_kg": self.bodyweight_kg,
            "hip_thrust_1rm_kg": self.hip_thrust_1rm_kg,
            "single_leg_bridge_endurance": None
            if endurance is None
            else {"left_reps": endurance.left_reps, "right_reps": endurance.right_reps},
        }
