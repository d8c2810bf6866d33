"""The rung an athlete is on, derived from what they assessed, chose and logged (domain.md §4).

Nothing stores a rung that a decision worked out: ``place`` reads it again from the history
each time, so reading (Today, ``hipthrust next``) never writes and a corrected log corrects
the rung. The rules, in order [design]:

1. The anchor: the latest explicit choice of a rung (a coach or the athlete setting it, or a
   plan written with a chosen rung) or the assessment's start rung from its bridge test,
   whichever is later. Sessions before the anchor's day do not move it.
2. With no anchor (never assessed with the bridge test, never chosen), the work shows the
   rung: the last session before the screening (or, with none, the first one after it;
   never screened: the last session) places the athlete on the rung of its main exercise.
   Pain-free loaded work places a lifter on a loaded rung; whether load is prescribed is
   the loading gate's answer (``coaching.clearance``), not the placement's.
3. From there, session by session: a session on a lower rung moves the athlete down to it
   (a regression was trained); a session one rung up moves them up only when the gate of the
   rung they were on was met by the sessions before it and the clearance allows the rung; any
   other session above is recorded as it happened and moves nothing (``above_gate`` says so).
4. The clearance's ceiling caps the result, with the clearance's reason (after a joint
   replacement the top rung stays closed: ``Clearance.ceiling_reasons``); a session above
   the ceiling never moves the rung and says why.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from hipthrust.coaching.catalogue import variation, variation_name
from hipthrust.coaching.clearance import Clearance
from hipthrust.coaching.gates import DEFAULT_GATE_RULES, GateRules, evaluate_gate
from hipthrust.coaching.history import TrainingSession
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.records import SetRecord
from hipthrust.errors import InputError

__all__ = ["Anchor", "Placement", "moves_nothing", "place", "rung_of"]


@dataclass(frozen=True)
class Anchor:
    """A rung set by an act: ``source`` is "assessment" or "chosen"; ``since`` its day."""

    rung: int
    since: date
    source: str


@dataclass(frozen=True)
class Placement:
    """Where the athlete is: ``rung``, and sentences on how it was found.

    ``shown_by_work``: the rung came from the logged work (no anchor). ``above_gate``: the
    latest session trained above the rung without its gate, one sentence (None: none did).
    """

    rung: int
    reasons: tuple[str, ...] = ()
    shown_by_work: bool = False
    above_gate: str | None = None


def rung_of(variation_id: str, near: int | None = None) -> int | None:
    """The training rung a variation belongs to, nearest ``near`` (None: its lowest); None
    when the variation is on no rung. The bridge test (rung 0) counts only when the variation
    is on no training rung."""
    try:
        rungs = variation(variation_id).rungs
    except InputError:
        return None
    training = [rung for rung in rungs if rung > 0] or list(rungs)
    if not training:
        return None
    if near is None:
        return min(training)
    if near in training:
        return near
    return min(training, key=lambda rung: (abs(rung - near), rung))


def moves_nothing(rung: int, variations: Iterable[str]) -> bool:
    """Whether sessions whose working sets are all of ``variations`` leave an athlete on
    ``rung`` where they are: each is on that rung (nearest it) or on none.

    Then ``place`` over such sessions after an anchor ends on the anchor's rung with nothing
    above its gate and no gate evaluated, the state it starts from: so ``place`` with the
    anchor moved to the first later session gives the same answer, those sessions still
    counting for later gates as sessions before an anchor do. ``service.decide`` uses it to
    read only the recent weeks of a long log whose earlier sessions moved nothing.
    """
    return all(rung_of(name, rung) in (rung, None) for name in variations)


def _name(variation_id: str) -> str:
    return variation_name(variation_id)


def _session_rung(session: TrainingSession, near: int | None) -> int | None:
    main = session.main_variation
    return None if main is None else rung_of(main, near)


def place(
    sessions: Sequence[TrainingSession],
    anchor: Anchor | None,
    clearance: Clearance,
    screened_on: date | None = None,
    rules: GateRules = DEFAULT_GATE_RULES,
) -> Placement:
    """The athlete's rung from the anchor and the sessions (oldest first)."""
    reasons: list[str] = []
    shown = False
    if anchor is not None:
        current = anchor.rung
        later = [s for s in sessions if s.day >= anchor.since]
    else:
        start_index = _evidence_index(sessions, screened_on)
        evidence = None if start_index is None else _session_rung(sessions[start_index], None)
        if start_index is None or evidence is None:
            current, later = 1, []
        else:
            current, shown = evidence, True
            later = list(sessions[start_index + 1 :])
            first = sessions[start_index]
            reasons.append(
                f"Placed on rung {current} by your logged work ({_name(first.main_variation or '')}"
                f" on {first.day.isoformat()}): no bridge test or chosen rung on record."
            )
    above: str | None = None
    gate_checked_upto: int | None = None  # sessions seen when the current rung's gate failed
    rung_sessions_seen = 0
    # Sessions before ``later`` move nothing, but they count for a gate, as in the decision.
    past: list[SetRecord] = [r for s in sessions[: len(sessions) - len(later)] for r in s.sets]
    for session in later:
        trained = _session_rung(session, current)
        if trained is None or trained == current:
            pass
        elif trained < current:
            current, above = trained, None
            gate_checked_upto = None
        elif trained > current and not clearance.allows(trained):
            above = _above_ceiling(session, trained, current, clearance)
        elif trained == current + 1:
            if gate_checked_upto == rung_sessions_seen:
                passed = False  # nothing new at the current rung since the gate last failed
            else:
                passed = evaluate_gate(LADDER[current], tuple(past), rules).passed
                gate_checked_upto = rung_sessions_seen
            if passed:
                current, above = trained, None
                gate_checked_upto, rung_sessions_seen = None, 0
            else:
                above = _above(session, trained, current)
        else:
            above = _above(session, trained, current)
        if trained == current:
            rung_sessions_seen += 1
        past.extend(session.sets)
    if current > clearance.ceiling:
        why = " ".join(clearance.ceiling_reasons)
        reasons.append(
            f"The screening allows rung {clearance.ceiling} at most for now "
            f"(your work shows rung {current})" + (f": {why}" if why else ".")
        )
        current = clearance.ceiling
    return Placement(max(current, 0), tuple(reasons), shown, above)


def _evidence_index(sessions: Sequence[TrainingSession], screened_on: date | None) -> int | None:
    if not sessions:
        return None
    if screened_on is None:
        return len(sessions) - 1
    before = [i for i, s in enumerate(sessions) if s.day <= screened_on]
    return before[-1] if before else 0


def _above_ceiling(
    session: TrainingSession, trained: int, current: int, clearance: Clearance
) -> str:
    return (
        f"On {session.day.isoformat()} you trained {_name(session.main_variation or '')} "
        f"(rung {trained}) while on rung {current}: it is recorded as it happened, but the "
        f"screening allows rung {clearance.ceiling} at most ({clearance.why_ceiling.rstrip('.')}), "
        f"so your rung stays {current}."
    )


def _above(session: TrainingSession, trained: int, current: int) -> str:
    gate = LADDER[current].gate
    what = (
        f"the rung {current} gate is not met yet"
        if gate is not None
        else f"rung {current} has no gate to rung {trained}: a coach or you choose it"
    )
    return (
        f"On {session.day.isoformat()} you trained {_name(session.main_variation or '')} "
        f"(rung {trained}) while on rung {current}: it is recorded as it happened, but {what}, "
        f"so your rung stays {current}."
    )
