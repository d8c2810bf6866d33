"""Training goals and the dose each one calls for (domain.md §5, seed 001 and 002)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hipthrust.errors import InputError

__all__ = ["GOAL_DOSES", "REST_SECONDS", "Goal", "GoalDose", "parse_goal"]


class Goal(StrEnum):
    STRENGTH = "strength"
    HYPERTROPHY = "hypertrophy"
    ENDURANCE = "endurance"
    REHAB = "rehab"  # rehab / motor control


@dataclass(frozen=True)
class GoalDose:
    """Working-set dose for loaded work toward a goal: ranges are inclusive."""

    reps: tuple[int, int]
    sets: tuple[int, int]
    hold_s: float
    rpe_target: float | None  # None: bodyweight work, effort by feel
    loaded: bool


GOAL_DOSES: dict[Goal, GoalDose] = {
    # Strength 3-6 heavy; hypertrophy 8-15 moderate to heavy; endurance 15-25 light [seed 001].
    # Sets 3-5 [seed 001]. Pause 1-2 s by default [seed 001, 002]. RPE targets [design].
    Goal.STRENGTH: GoalDose(reps=(3, 6), sets=(3, 5), hold_s=1.0, rpe_target=8.5, loaded=True),
    Goal.HYPERTROPHY: GoalDose(reps=(8, 15), sets=(3, 5), hold_s=1.5, rpe_target=8.0, loaded=True),
    Goal.ENDURANCE: GoalDose(reps=(15, 25), sets=(2, 4), hold_s=1.0, rpe_target=7.0, loaded=True),
    # Rehab / motor control: bodyweight, 6-20 reps, tempo and holds [seed 002].
    Goal.REHAB: GoalDose(reps=(6, 20), sets=(2, 3), hold_s=3.0, rpe_target=None, loaded=False),
}


# The rest between working sets the rest timer starts from, by goal [design, after the usual
# guidance: 2-5 min for strength, 1-2 min for hypertrophy, under a minute for endurance;
# rehab work is light and paced by the hold].
REST_SECONDS: dict[Goal, int] = {
    Goal.STRENGTH: 180,
    Goal.HYPERTROPHY: 90,
    Goal.ENDURANCE: 60,
    Goal.REHAB: 60,
}


def parse_goal(text: str) -> Goal:
    value = text.strip().lower().replace("-", "_").replace(" ", "_")
    aliases = {"motor_control": "rehab", "rehabilitation": "rehab", "size": "hypertrophy"}
    value = aliases.get(value, value)
    try:
        return Goal(value)
    except ValueError:
        names = ", ".join(goal.value for goal in Goal)
        raise InputError(f"unknown goal {text!r}: use one of {names}") from None
