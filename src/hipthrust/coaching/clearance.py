"""The loading gate: what the screening clears, for every door (domain.md §3.1).

One pure function, ``clearance``, reads the screening as it stands today (an ``Assessment``,
or None when the athlete never answered one) and says whether any exercise is advised,
whether load may be prescribed, and the highest rung allowed, each refusal with its sentence.
Writing a plan, Today, ``hipthrust next`` and logging all ask it; nothing else decides load.

The rules, in order:

1. No screening on record: no new load is prescribed until the screening (red flags and
   conditions, about a minute) is answered; a lifter who already trains with load keeps the
   last dose, with no increase (``coaching.decision``) [design: screening before load].
2. Referred, or inside a surgery's early window: no exercise [domain §3.1].
3. A condition that needs a clinician's clearance and has none (surgery, pregnancy): no load
   [domain §3.1; ACOG 804].
4. Acute pain: pain above the safe line (3/10 or more) now or during the bridge test, or a
   low back pain or injury younger than its restart window: no load until it settles and the
   screening is answered again [Silbernagel 2007; seed 002, 003; design].
"""

from __future__ import annotations

from dataclasses import dataclass

from hipthrust.coaching.assessment import Assessment
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.screening import (
    CONDITION_DESCRIPTIONS,
    DEFAULT_SCREENING_RULES,
    ConditionKind,
    Flag,
    ScreeningRules,
)
from hipthrust.errors import Phrase

__all__ = ["FIRST_LOADED_RUNG", "SCREENING_NEEDED", "Clearance", "clearance"]

FIRST_LOADED_RUNG = next(rung.number for rung in LADDER if rung.loaded)
TOP_RUNG = LADDER[-1].number

SCREENING_NEEDED = Phrase(
    "No screening on record: answer the screening (red flags and conditions, about a minute) "
    "before any load is prescribed.",
    cli="No screening on record: answer the screening with hipthrust assess (red flags and "
    "conditions, about a minute) before any load is prescribed.",
)

# Conditions whose recent onset is acute pain rather than a surgery [design].
_ACUTE_CONDITIONS = (ConditionKind.LOW_BACK_PAIN,)


@dataclass(frozen=True)
class Clearance:
    """What the screening allows now.

    ``screened``: a screening is on record. ``exercise``: any exercise is advised. ``load``:
    loaded rungs may be prescribed. ``ceiling``: the highest rung allowed (below the first
    loaded rung whenever a screening on record does not clear load; the top rung when there
    is no screening, whose lifters keep the dose they already train at). ``reasons``: one
    sentence for each thing that holds exercise or load back (empty when all is cleared).
    """

    screened: bool
    exercise: bool
    load: bool
    ceiling: int
    reasons: tuple[str, ...] = ()

    @property
    def why_no_load(self) -> str:
        """The sentence that says why load is not prescribed ('' when it is)."""
        if self.load:
            return ""
        return self.reasons[0] if self.reasons else "Loading is not cleared."

    def allows(self, rung: int) -> bool:
        """True when ``rung`` may be prescribed."""
        return self.exercise and rung <= self.ceiling

    def to_json(self) -> dict[str, object]:
        return {
            "screened": self.screened,
            "exercise_allowed": self.exercise,
            "loading_allowed": self.load,
            "max_rung": self.ceiling,
            "reasons": list(self.reasons),
        }


def clearance(
    assessment: Assessment | None, rules: ScreeningRules = DEFAULT_SCREENING_RULES
) -> Clearance:
    """The loading gate for the screening as it stands (None: never screened)."""
    unloaded_top = FIRST_LOADED_RUNG - 1
    if assessment is None:
        return Clearance(False, True, False, TOP_RUNG, (SCREENING_NEEDED,))
    if not assessment.exercise_allowed:
        refused = assessment.reasons or ("The screening advises no exercise for now.",)
        return Clearance(True, False, False, 0, tuple(refused))
    reasons: list[str] = []
    flags = set(assessment.flags)
    answers = assessment.answers
    if Flag.NEEDS_CLEARANCE in flags or not assessment.loading_allowed:
        uncleared = [
            CONDITION_DESCRIPTIONS[c.kind]
            for c in answers.conditions
            if rules.rule(c.kind).needs_clearance and not c.cleared
        ]
        if uncleared:
            reasons.append(
                f"{_capital(' and '.join(uncleared))} needs a clinician's clearance before any "
                "loaded exercise: bodyweight work only until you have it, then answer the "
                "screening again."
            )
        else:
            reasons.append(
                f"The screening allows rung {assessment.max_rung} at most: no loaded exercise "
                "for now."
            )
    pain = max(answers.pain_now or 0, answers.pain_during_bridge or 0)
    if pain > rules.pain.safe_max:
        reasons.append(
            f"Pain of {pain}/10 in the screening is above {rules.pain.safe_max}/10: no load "
            "until it settles; answer the screening again then."
        )
    for condition in answers.conditions:
        rule = rules.rule(condition.kind)
        window = rule.cap_window_weeks
        recent = condition.weeks_ago is None or (
            window is not None and condition.weeks_ago < window
        )
        if condition.kind in _ACUTE_CONDITIONS and recent and not condition.cleared:
            age = (
                "of unknown age"
                if condition.weeks_ago is None
                else f"{condition.weeks_ago:g} week(s) ago"
            )
            reasons.append(
                f"{_capital(CONDITION_DESCRIPTIONS[condition.kind])} {age} is still recent: "
                f"bodyweight work only for the first {window:g} weeks (or until a clinician "
                "clears you), building back with the single-leg versions."
            )
    load = not reasons
    ceiling = assessment.max_rung if load else min(assessment.max_rung, unloaded_top)
    return Clearance(True, True, load, ceiling, tuple(reasons))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
