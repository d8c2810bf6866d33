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
3. Otherwise load is what the screening says (the highest rung, below the top after a joint
   replacement or in pregnancy: ``ceiling_reasons`` says why; ``coaching.placement`` never
   places a rung above it) (``Assessment.loading_allowed``) with its
   sentences (``Assessment.no_load``): none without a clinician's clearance after surgery or
   in pregnancy [domain §3.1; ACOG 804], none with acute pain (above 2/10 in the screening)
   or an acute low back pain or injury under 6 weeks [Silbernagel 2007; seed 002, 003;
   design]. The thresholds are the screening's rules (``coaching.screening``), not repeated
   here.
"""

from __future__ import annotations

from dataclasses import dataclass

from hipthrust.coaching.assessment import Assessment
from hipthrust.coaching.ladder import LADDER
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


@dataclass(frozen=True)
class Clearance:
    """What the screening allows now.

    ``screened``: a screening is on record. ``exercise``: any exercise is advised. ``load``:
    loaded rungs may be prescribed. ``ceiling``: the highest rung allowed (below the first
    loaded rung whenever a screening on record does not clear load; the top rung when there
    is no screening, whose lifters keep the dose they already train at). ``reasons``: one
    sentence for each thing that holds exercise or load back (empty when all is cleared).
    ``ceiling_reasons``: why a cleared ceiling is below the top rung (a joint replacement,
    pregnancy), a sentence each.
    """

    screened: bool
    exercise: bool
    load: bool
    ceiling: int
    reasons: tuple[str, ...] = ()
    ceiling_reasons: tuple[str, ...] = ()

    @property
    def why_ceiling(self) -> str:
        """Why the highest rung is ``ceiling``: the reasons, or the screening's word."""
        if self.ceiling_reasons:
            return " ".join(self.ceiling_reasons)
        if not self.load:
            return self.why_no_load
        return f"The screening allows rung {self.ceiling} at most for now."

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
            "ceiling_reasons": list(self.ceiling_reasons),
        }


def clearance(assessment: Assessment | None) -> Clearance:
    """The loading gate for the screening as it stands (None: never screened)."""
    if assessment is None:
        return Clearance(False, True, False, TOP_RUNG, (SCREENING_NEEDED,))
    if not assessment.exercise_allowed:
        refused = assessment.reasons or ("The screening advises no exercise for now.",)
        return Clearance(True, False, False, 0, tuple(refused))
    if assessment.loading_allowed:
        return Clearance(
            True, True, True, assessment.max_rung, ceiling_reasons=assessment.ceiling_reasons
        )
    reasons = assessment.no_load or (
        f"The screening allows rung {assessment.max_rung} at most: no loaded exercise for now.",
    )
    return Clearance(
        True, True, False, min(assessment.max_rung, FIRST_LOADED_RUNG - 1), tuple(reasons)
    )
