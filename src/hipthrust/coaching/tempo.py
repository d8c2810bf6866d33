"""Tempo: how long each phase of a rep takes, as prescribed and as logged (domain.md §4, §5).

Written ``up-top-down`` in seconds, the way the plan prints it: ``1-3-2`` is a 1 s lift, a
3 s hold at the top and a 2 s lowering. Seed 002 prescribes 6 to 20 reps "with a variety of
tempos" before any weight; the ladder's doses name a tempo for rungs 1-3 and 5-6 and
``varied`` for rung 4 (``ladder.Dose.tempo``).

A set's tempo is typed (``1-3-2``) or measured on a video (the medians of the report's
concentric, hold and eccentric times per rep). ``TempoRules`` says when a logged tempo
matches a prescribed one [design]: each phase within ``tolerance_s`` of the prescription, a
longer top hold always being fine (the gate's hold is a minimum). A rung whose dose names a
tempo counts a set toward its gate only when the set's tempo, if logged, matches; a set with
no tempo logged counts on its reps and hold alone, as before tempo could be logged [design],
and the gate's sentences say so. ``varied`` asks for no one tempo: any logged tempo counts.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from hipthrust.errors import InputError

__all__ = [
    "DEFAULT_TEMPO_RULES",
    "MAX_PHASE_S",
    "VARIED",
    "Tempo",
    "TempoRules",
    "is_tempo",
    "parse_tempo",
    "prescribed_tempo",
    "tempo_advice",
    "tempo_from_reps",
]

VARIED = "varied"
MAX_PHASE_S = 60.0  # [design] a phase longer than a minute is a typing mistake
_TEMPO = re.compile(
    r"^\s*(?:t(?:empo)?\s*[=:]?\s*)?"
    r"(?P<up>\d+(?:[.,]\d+)?)-(?P<top>\d+(?:[.,]\d+)?)-(?P<down>\d+(?:[.,]\d+)?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Tempo:
    """Seconds for the lift (concentric), the hold at the top, and the lowering (eccentric)."""

    up_s: float
    top_s: float
    down_s: float

    def __post_init__(self) -> None:
        for name, value in (("lift", self.up_s), ("hold", self.top_s), ("lowering", self.down_s)):
            if not 0 <= value <= MAX_PHASE_S:
                raise InputError(
                    f"the tempo's {name} must be between 0 and {MAX_PHASE_S:g} s, not {value:g}"
                )

    def __str__(self) -> str:
        return "-".join(_seconds(value) for value in (self.up_s, self.top_s, self.down_s))


def _seconds(value: float) -> str:
    return f"{round(value, 1):g}"


def parse_tempo(text: str) -> Tempo:
    """A typed tempo: ``1-3-2``, ``t1-3-2``, ``tempo=1-3-2`` or ``0.8-2.5-1.5``."""
    match = _TEMPO.match(text)
    if match is None:
        raise InputError(
            f"cannot read the tempo {text.strip()!r}: write lift-hold-lowering seconds, like 1-3-2"
        )
    up, top, down = (float(match.group(part).replace(",", ".")) for part in ("up", "top", "down"))
    return Tempo(up, top, down)


def is_tempo(text: str) -> bool:
    """Whether a token of the quick syntax is a tempo (``1-3-2``, ``t1-3-2``)."""
    return _TEMPO.match(text) is not None


def prescribed_tempo(text: str) -> Tempo | None:
    """A dose's tempo (``1-3-2``); None for ``varied`` or no tempo at all."""
    if not text or text.strip().lower() == VARIED:
        return None
    return parse_tempo(text)


def tempo_from_reps(
    concentric_s: Sequence[float | None],
    hold_s: Sequence[float | None],
    eccentric_s: Sequence[float | None],
) -> Tempo | None:
    """A set's tempo from a video's reps: the median of each phase over the reps that have it;
    None when a phase was measured on no rep."""
    phases = []
    for values in (concentric_s, hold_s, eccentric_s):
        known = [value for value in values if value is not None]
        if not known:
            return None
        phases.append(min(MAX_PHASE_S, max(0.0, statistics.median(known))))
    return Tempo(phases[0], phases[1], phases[2])


@dataclass(frozen=True)
class TempoRules:
    """When a logged tempo matches a prescribed one [design].

    ``tolerance_s``: how far each phase may be from the prescription. Typed tempos are whole
    seconds and a video measures the lift and the lowering to about 0.1 s (README,
    benchmarks), so half a second tells "1-3-2" from "1-3-1" while forgiving a measured
    0.8-2.9-1.7. A top hold longer than prescribed always matches.
    """

    tolerance_s: float = 0.5

    def __post_init__(self) -> None:
        if not 0 <= self.tolerance_s <= 5:
            raise InputError(f"the tempo tolerance must be 0-5 s, not {self.tolerance_s:g}")

    def matches(self, logged: Tempo, prescribed: Tempo) -> bool:
        return not self.mismatches(logged, prescribed)

    def mismatches(self, logged: Tempo, prescribed: Tempo) -> tuple[str, ...]:
        """Plain phrases for each phase off the prescription (empty: it matches)."""
        off: list[str] = []
        tolerance = self.tolerance_s + 1e-9
        if abs(logged.up_s - prescribed.up_s) > tolerance:
            off.append(f"lift {_seconds(logged.up_s)} s, not {_seconds(prescribed.up_s)}")
        if logged.top_s < prescribed.top_s - tolerance:
            off.append(f"hold {_seconds(logged.top_s)} s, not {_seconds(prescribed.top_s)}")
        if abs(logged.down_s - prescribed.down_s) > tolerance:
            off.append(f"lowering {_seconds(logged.down_s)} s, not {_seconds(prescribed.down_s)}")
        return tuple(off)


DEFAULT_TEMPO_RULES = TempoRules()


def tempo_advice(
    name: str, logged: Sequence[Tempo], prescribed: Tempo, rules: TempoRules = DEFAULT_TEMPO_RULES
) -> str | None:
    """One sentence when the last session's logged tempos of ``name`` missed the prescribed
    one (None when none was logged or all matched): what was off, and the cue. A lowering
    faster than prescribed is the "rushing" mistake [seed 001, 002]."""
    off = [tempo for tempo in logged if not rules.matches(tempo, prescribed)]
    if not off:
        return None
    shown = ", ".join(dict.fromkeys(str(tempo) for tempo in off))
    phases = "; ".join(
        dict.fromkeys(p for tempo in off for p in rules.mismatches(tempo, prescribed))
    )
    rushed = any(tempo.down_s < prescribed.down_s - rules.tolerance_s for tempo in off)
    cue = (
        "lower under control and never let the hips crash"
        if rushed
        else "count the seconds of each phase"
    )
    return (
        f"Tempo: the last session logged {shown} for {name} against the prescribed {prescribed} "
        f"({phases}): {cue}; only sets within {rules.tolerance_s:g} s of it count toward a "
        "gate [design]."
    )
