"""The pain-monitoring model (Silbernagel 2007) as data and one pure function.

Pain during exercise 0-2/10 is fine, 3-5 is acceptable (hold the dose), above 5 means
regress. Pain not settled by the next morning, or rising week to week, also means regress.
The numbers are defaults a clinician can override by passing other ``PainRules``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from hipthrust.errors import InputError

__all__ = ["DEFAULT_PAIN_RULES", "PainRules", "PainZone", "check_pain_score", "pain_zone"]


class PainZone(StrEnum):
    SAFE = "safe"  # carry on, progression allowed
    ACCEPTABLE = "acceptable"  # hold the dose
    TOO_MUCH = "too_much"  # regress


@dataclass(frozen=True)
class PainRules:
    safe_max: int = 2
    acceptable_max: int = 5
    # Next-morning pain above this, or above the pain felt during the session, means the
    # dose was not tolerated [design, after Silbernagel 2007].
    next_morning_max: int = 2
    # Pain at or above this during a bridge or at rest: refer to a clinician [design].
    refer_at: int = 8
    # Regression by load: fraction taken off the working load [design: 10-20%].
    regress_load_fraction: float = 0.15

    def __post_init__(self) -> None:
        if not 0 <= self.safe_max < self.acceptable_max < self.refer_at <= 10:
            raise InputError(
                "pain rules must satisfy 0 <= safe_max < acceptable_max < refer_at <= 10"
            )
        if not 0 < self.regress_load_fraction < 1:
            raise InputError("regress_load_fraction must be between 0 and 1")


DEFAULT_PAIN_RULES = PainRules()


def check_pain_score(score: float, what: str = "pain") -> int:
    """Return a 0-10 pain score as an int, or raise InputError naming ``what``."""
    if isinstance(score, bool) or not float(score).is_integer() or not 0 <= score <= 10:
        raise InputError(f"{what} must be a whole number from 0 to 10, not {score!r}")
    return int(score)


def pain_zone(score: int, rules: PainRules = DEFAULT_PAIN_RULES) -> PainZone:
    score = check_pain_score(score)
    if score <= rules.safe_max:
        return PainZone.SAFE
    if score <= rules.acceptable_max:
        return PainZone.ACCEPTABLE
    return PainZone.TOO_MUCH
