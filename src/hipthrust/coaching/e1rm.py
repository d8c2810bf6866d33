"""Load from a max: estimated 1RM, RPE and reps in reserve, a %1RM chart (domain.md §5, §7).

None of the e1RM formulas was validated for the hip thrust [lit, W-M]; each is trusted only
over about 1-10 reps to failure. Reps in reserve count as reps: a set of 8 with 2 in reserve
says as much about the max as a set of 10 to failure. Self-reported RIR is trustworthy only
near failure, RPE 7 or harder [lit: Hackett 2017, M]; estimates carry that as a flag.

The %1RM chart is computed, not copied: for ``n`` reps to failure (reps + RIR) the fraction
of 1RM is the mean of the Epley and Brzycki fractions up to 10 reps, and Epley alone beyond
(the two meet at exactly 75% at 10; Brzycki falls toward zero as n nears 37). One rep at
RPE 10 is 100%. It lands within about 1.2 percentage points of Tuchscherer's published RPE
chart up to 10 reps to failure, drifting to about 3.5 points above it at 12 [lit, W]: the
reasonable default the domain asks for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from hipthrust.errors import InputError

if TYPE_CHECKING:
    from hipthrust.coaching.records import SetRecord

__all__ = [
    "CHART_MAX_REPS_TO_FAILURE",
    "E1RM_LOOKBACK_WEEKS",
    "E1RM_MAX_REPS",
    "E1RM_VARIATION",
    "FORMULAS",
    "STRENGTH_LEVELS",
    "TRUSTWORTHY_RPE",
    "E1rmEstimate",
    "Formula",
    "FormulaSpec",
    "StrengthContext",
    "e1rm_from_set",
    "estimate_1rm",
    "load_for",
    "one_rm_fraction",
    "percent_1rm",
    "recent_best_e1rm",
    "reps_to_failure",
    "rir_to_rpe",
    "rpe_chart",
    "rpe_to_rir",
    "strength_context",
]

Formula = Literal["epley", "brzycki", "lombardi", "oconner", "wathan", "mayhew"]


@dataclass(frozen=True)
class FormulaSpec:
    """One e1RM formula: its source and the reps-to-failure range it is trusted over."""

    name: str
    source: str
    valid_reps: tuple[int, int]


FORMULAS: dict[Formula, FormulaSpec] = {
    "epley": FormulaSpec("Epley", "Epley 1985: w(1 + r/30)", (1, 10)),
    "brzycki": FormulaSpec("Brzycki", "Brzycki 1993: 36w/(37 - r)", (1, 10)),
    "lombardi": FormulaSpec("Lombardi", "Lombardi 1989: w r^0.10", (1, 10)),
    "oconner": FormulaSpec("O'Conner", "O'Conner 1989: w(1 + 0.025 r)", (1, 10)),
    "wathan": FormulaSpec("Wathan", "Wathan 1994: 100w/(48.8 + 53.8 e^(-0.075 r))", (1, 10)),
    "mayhew": FormulaSpec("Mayhew", "Mayhew 1992: 100w/(52.2 + 41.9 e^(-0.055 r))", (1, 10)),
}

# RIR is trusted from RPE 7 up (3 or fewer reps in reserve) [lit: Hackett 2017, M].
TRUSTWORTHY_RPE = 7.0
# Beyond this many reps to failure the chart is extrapolation nobody measured [design].
CHART_MAX_REPS_TO_FAILURE = 40.0


def _ratio(formula: Formula, reps: float) -> float:
    """1RM / load for ``reps`` to failure, by the raw formula."""
    if formula == "epley":
        return 1 + reps / 30
    if formula == "brzycki":
        return 36 / (37 - reps)
    if formula == "lombardi":
        return float(reps**0.10)
    if formula == "oconner":
        return 1 + 0.025 * reps
    if formula == "wathan":
        return 100 / (48.8 + 53.8 * math.exp(-0.075 * reps))
    if formula == "mayhew":
        return 100 / (52.2 + 41.9 * math.exp(-0.055 * reps))
    raise InputError(f"unknown e1RM formula {formula!r}: use one of {', '.join(FORMULAS)}")


@dataclass(frozen=True)
class E1rmEstimate:
    """An estimated 1RM and how far to trust it.

    ``in_valid_range``: the reps to failure lie in the formula's trusted range.
    ``rir_trustworthy``: False when the set was stopped far from failure (RPE below 7).
    ``notes`` say why, in plain sentences.
    """

    kg: float
    formula: Formula
    reps_to_failure: float
    in_valid_range: bool
    rir_trustworthy: bool = True
    notes: tuple[str, ...] = ()


def _check_load_reps(load_kg: float, reps: float) -> None:
    if not (math.isfinite(load_kg) and load_kg > 0):
        raise InputError(f"the load must be above zero, not {load_kg}")
    if not (math.isfinite(reps) and reps >= 1):
        raise InputError(f"reps to failure must be at least 1, not {reps}")


def estimate_1rm(
    load_kg: float, reps: float, formula: Formula = "epley", *, strict: bool = False
) -> E1rmEstimate:
    """The 1RM estimated from ``load_kg`` lifted for ``reps`` to failure.

    One rep is the 1RM itself, whatever the formula (some formulas give a few percent more at
    r = 1; that is anchored away). Outside the formula's trusted range the estimate carries
    ``in_valid_range=False`` and a note, or, with ``strict``, is refused.
    """
    _check_load_reps(load_kg, reps)
    spec = FORMULAS.get(formula)
    if spec is None:
        raise InputError(f"unknown e1RM formula {formula!r}: use one of {', '.join(FORMULAS)}")
    low, high = spec.valid_reps
    valid = low <= reps <= high
    if not valid and strict:
        raise InputError(
            f"the {spec.name} formula is only trusted for {low}-{high} reps, not {reps:g}"
        )
    if formula == "brzycki" and reps >= 36:
        raise InputError(f"the Brzycki formula breaks down at 36 reps or more, not {reps:g}")
    ratio = 1.0 if reps <= 1 else max(1.0, _ratio(formula, reps))
    notes = () if valid else (f"{spec.name} is only trusted for {low}-{high} reps to failure.",)
    return E1rmEstimate(load_kg * ratio, formula, float(reps), valid, True, notes)


def rpe_to_rir(rpe: float) -> float:
    """Reps in reserve for an RPE, on the RIR-based scale: RPE 10 = 0, 9 = 1 ... [Zourdos 2016].

    Half points are allowed (RPE 8.5 = 1.5 RIR: one or two more reps were possible).
    """
    if not (math.isfinite(rpe) and 1 <= rpe <= 10):
        raise InputError(f"RPE must be between 1 and 10, not {rpe}")
    if abs(rpe * 2 - round(rpe * 2)) > 1e-9:
        raise InputError(f"RPE goes in half points (8, 8.5, 9), not {rpe}")
    return 10.0 - rpe


def rir_to_rpe(rir: float) -> float:
    """The RPE for reps in reserve: 0 RIR = RPE 10; 9 or more RIR = RPE 1 (the floor)."""
    if not (math.isfinite(rir) and rir >= 0):
        raise InputError(f"reps in reserve must be zero or more, not {rir}")
    return max(1.0, 10.0 - rir)


def reps_to_failure(reps: int, *, rpe: float | None = None, rir: float | None = None) -> float:
    """Reps done plus reps in reserve (RIR wins when both are given; neither: to failure)."""
    if reps < 1:
        raise InputError(f"reps must be at least 1, not {reps}")
    if rir is not None:
        if not (math.isfinite(rir) and rir >= 0):
            raise InputError(f"reps in reserve must be zero or more, not {rir}")
        return reps + float(rir)
    if rpe is not None:
        return reps + rpe_to_rir(rpe)
    return float(reps)


def e1rm_from_set(
    load_kg: float,
    reps: int,
    *,
    rpe: float | None = None,
    rir: float | None = None,
    formula: Formula = "epley",
    strict: bool = False,
) -> E1rmEstimate:
    """The 1RM from a set with its effort: reps plus reps in reserve count as reps to failure.

    ``rir_trustworthy`` is False when the effort was below RPE 7 (more than 3 RIR), where
    people misjudge how many reps were left [Hackett 2017]. Neither RPE nor RIR given: the set
    is taken as to failure, which underestimates the max if it was not.
    """
    n = reps_to_failure(reps, rpe=rpe, rir=rir)
    estimate = estimate_1rm(load_kg, n, formula, strict=strict)
    effort_rpe = rir_to_rpe(rir) if rir is not None else rpe
    notes = list(estimate.notes)
    trustworthy = effort_rpe is None or effort_rpe >= TRUSTWORTHY_RPE
    if not trustworthy:
        notes.append("Reps in reserve are guessed poorly this far from failure (below RPE 7).")
    if effort_rpe is None:
        notes.append("No RPE or RIR given: the set is taken as to failure.")
    return E1rmEstimate(estimate.kg, formula, n, estimate.in_valid_range, trustworthy, tuple(notes))


def one_rm_fraction(reps_to_failure: float) -> float:
    """The chart model: the fraction of 1RM that can be lifted for ``n`` reps to failure.

    Mean of Epley and Brzycki up to 10 reps, Epley beyond; 1.0 at one rep.
    """
    n = reps_to_failure
    if not (math.isfinite(n) and 1 <= n <= CHART_MAX_REPS_TO_FAILURE):
        raise InputError(
            f"reps to failure must be between 1 and {CHART_MAX_REPS_TO_FAILURE:g}, not {n:g}"
        )
    epley = 1 / (1 + n / 30) if n > 1 else 1.0
    if n > 10:
        return epley
    brzycki = (37 - n) / 36
    return (epley + brzycki) / 2


def percent_1rm(reps: int, rpe: float) -> float:
    """The %1RM chart: percent of 1RM for ``reps`` at ``rpe`` (1 rep @ RPE 10 = 100)."""
    return 100 * one_rm_fraction(reps_to_failure(reps, rpe=rpe))


def load_for(e1rm_kg: float, reps: int, rpe: float) -> float:
    """The chart's inverse: the load (kg, unrounded) for ``reps`` at ``rpe`` given an e1RM."""
    if not (math.isfinite(e1rm_kg) and e1rm_kg > 0):
        raise InputError(f"the e1RM must be above zero, not {e1rm_kg}")
    return e1rm_kg * one_rm_fraction(reps_to_failure(reps, rpe=rpe))


def rpe_chart(
    reps: tuple[int, ...] = tuple(range(1, 13)),
    rpes: tuple[float, ...] = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0),
) -> dict[float, tuple[float, ...]]:
    """The chart as rows: for each RPE, the %1RM for each rep count in ``reps``."""
    return {rpe: tuple(percent_1rm(r, rpe) for r in reps) for rpe in rpes}


# --------------------------------------------------------------------------- strength levels

# Hip thrust 1RM / bodyweight, women: user-submitted data, not peer-reviewed (domain.md §7, W).
STRENGTH_LEVELS: tuple[tuple[str, float], ...] = (
    ("beginner", 0.5),
    ("novice", 1.0),
    ("intermediate", 1.5),
    ("advanced", 2.25),
    ("elite", 3.0),
)
_STRENGTH_LABEL = (
    "Context only: strength levels come from user-submitted data (women); no peer-reviewed "
    "norms exist for the hip thrust."
)


@dataclass(frozen=True)
class StrengthContext:
    """Where a 1RM sits among the user-submitted levels; ``level`` None is below beginner."""

    ratio: float
    level: str | None
    next_level: str | None
    next_level_kg: float | None
    label: str = _STRENGTH_LABEL


def strength_context(
    one_rm_kg: float,
    bodyweight_kg: float,
    levels: tuple[tuple[str, float], ...] = STRENGTH_LEVELS,
) -> StrengthContext:
    """The 1RM / bodyweight ratio and the highest level it reaches (context, not a grade)."""
    if not (math.isfinite(one_rm_kg) and one_rm_kg >= 0):
        raise InputError(f"the 1RM must be zero or more, not {one_rm_kg}")
    if not (math.isfinite(bodyweight_kg) and 20 <= bodyweight_kg <= 400):
        raise InputError(f"bodyweight must be between 20 and 400 kg, not {bodyweight_kg}")
    ratio = one_rm_kg / bodyweight_kg
    reached = [name for name, threshold in levels if ratio >= threshold]
    above = [(name, threshold) for name, threshold in levels if ratio < threshold]
    level = reached[-1] if reached else None
    if above:
        name, threshold = above[0]
        return StrengthContext(ratio, level, name, threshold * bodyweight_kg)
    return StrengthContext(ratio, level, None, None)


# The e1RM the plans' loads and the injury caps read (docs/programming.md): the barbell hip
# thrust's working sets of the last 8 weeks [design: recent enough to be today's strength],
# 1-10 reps only (the formulas are trusted for about 1-10 reps [lit, W-M]).
E1RM_VARIATION = "barbell_hip_thrust"
E1RM_LOOKBACK_WEEKS = 8
E1RM_MAX_REPS = 10


def recent_best_e1rm(
    records: Iterable[SetRecord], now: datetime
) -> tuple[E1rmEstimate, SetRecord] | None:
    """The best e1RM of the barbell hip thrust's working sets (1-10 reps, with a load) done
    in the ``E1RM_LOOKBACK_WEEKS`` before ``now`` (and not after it), with the set it came
    from; None when there is none.

    One rule for every door: a plan's loads (``service.plans.recent_e1rm``) and the decision's
    low-back load cap (``coaching.decision``) both read it. Reps in reserve count (RPE or RIR,
    Zourdos 2016); a set without either counts as to failure.
    """
    since = now - timedelta(weeks=E1RM_LOOKBACK_WEEKS)
    best: tuple[E1rmEstimate, SetRecord] | None = None
    for record in records:
        if (
            record.variation != E1RM_VARIATION
            or record.warmup
            or record.load_kg is None
            or record.load_kg <= 0
            or not 1 <= record.reps <= E1RM_MAX_REPS
            or not since <= record.performed_at < now
        ):
            continue
        estimate = e1rm_from_set(record.load_kg, record.reps, rpe=record.rpe, rir=record.rir)
        if best is None or estimate.kg > best[0].kg:
            best = (estimate, record)
    return best
