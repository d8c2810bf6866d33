"""The quick syntax a person types between sets.

    hipthrust log "barbell hip thrust" 100kg x 8 @8
    hipthrust log glute bridge bw x 15
    hipthrust log single leg hip thrust x 12/10

Tokens after the exercise name: a load (``100kg``, ``225lb``, a bare number in the athlete's
units, or ``bw`` for bodyweight), reps (``x 8``, ``x8``, ``8``, or ``12/10`` for left/right), and
an optional effort ``@8`` (RPE), and an optional tempo, lift-hold-lowering seconds
(``1-3-2``, ``t1-3-2`` or ``tempo 1-3-2``; docs/tempo.md). Anything else is refused with one
line saying what was not understood. Flags given on the command line win over the quick syntax.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hipthrust.coaching.tempo import Tempo, is_tempo, parse_tempo
from hipthrust.coaching.units import Units, parse_mass
from hipthrust.errors import InputError, Phrase

__all__ = ["QuickSet", "parse_quick"]

_REPS = re.compile(r"^x?(?P<left>\d{1,3})(?:/(?P<right>\d{1,3}))?$", re.IGNORECASE)
_RPE = re.compile(r"^@(?P<rpe>\d{1,2}(?:[.,]5)?)$")
_LOAD_WITH_UNIT = re.compile(r"^\d+(?:[.,]\d+)?(?:kg|kgs|lb|lbs)$", re.IGNORECASE)
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_BODYWEIGHT = {"bw", "bodyweight"}
_TEMPO_WORDS = {"tempo", "t"}
_NAME_FIRST = Phrase(
    "name the exercise first, e.g. hip thrust 100kg x 8",
    cli='name the exercise first, e.g. hipthrust log "hip thrust" 100kg x 8',
)


@dataclass(frozen=True)
class QuickSet:
    variation: str
    load_kg: float | None
    reps: int | None
    reps_right: int | None
    rpe: float | None
    tempo: Tempo | None = None


def _split_tokens(words: Sequence[str]) -> list[str]:
    """Split on spaces and around ``x`` so ``100kgx8``, ``100kg x8`` and ``100kg x 8`` agree."""
    tokens: list[str] = []
    for word in words:
        for token in word.split():
            match = re.match(r"^(\d+(?:[.,]\d+)?(?:kg|kgs|lb|lbs)?)x(\d.*)$", token, re.IGNORECASE)
            tokens.extend([match.group(1), "x", match.group(2)] if match else [token])
    merged: list[str] = []
    for token in tokens:
        if merged and merged[-1].lower() == "x" and not token.lower().startswith("x"):
            merged[-1] = "x" + token
        else:
            merged.append(token)
    return merged


def parse_quick(
    words: Sequence[str],
    units: Units,
    find_variation: Callable[[str], str],
) -> QuickSet:
    """Read the quick syntax; ``find_variation`` turns the typed name into a catalogue id."""
    tokens = _split_tokens(words)
    name_parts: list[str] = []
    load_kg: float | None = None
    reps: int | None = None
    reps_right: int | None = None
    rpe: float | None = None
    tempo: Tempo | None = None
    load_seen = False
    for index, token in enumerate(tokens):
        lower = token.lower()
        if name_parts and (is_tempo(lower) or _tempo_word(tokens, index)):
            if lower in _TEMPO_WORDS:
                continue  # "tempo 1-3-2": the tempo is the next token
            if tempo is not None:
                raise InputError(f"the tempo is given twice: {token!r}")
            tempo = parse_tempo(token)
            continue
        next_is_x = index + 1 < len(tokens) and tokens[index + 1].lower().startswith("x")
        numeric = bool(_NUMBER.match(lower) or _LOAD_WITH_UNIT.match(lower) or _REPS.match(lower))
        if not numeric and lower not in _BODYWEIGHT and not lower.startswith("@"):
            if load_seen or reps is not None or lower[0].isdigit():
                raise InputError(f"did not understand {token!r}: write it like 100kg x 8 @8")
            name_parts.append(token)
            continue
        if not name_parts:
            raise InputError(_NAME_FIRST)
        if rpe_match := _RPE.match(lower):
            rpe = float(rpe_match.group("rpe").replace(",", "."))
        elif (
            lower in _BODYWEIGHT
            or _LOAD_WITH_UNIT.match(lower)
            or (_NUMBER.match(lower) and next_is_x)
        ):
            if load_seen:
                raise InputError(f"the load is given twice: {token!r}")
            load_seen = True
            load_kg = None if lower in _BODYWEIGHT else parse_mass(token, default_units=units)
        elif reps_match := _REPS.match(lower):
            if reps is not None:
                raise InputError(f"the reps are given twice: {token!r}")
            reps = int(reps_match.group("left"))
            right = reps_match.group("right")
            reps_right = None if right is None else int(right)
        else:
            raise InputError(f"did not understand {token!r}: write it like 100kg x 8 @8")
    if not name_parts:
        raise InputError(_NAME_FIRST)
    return QuickSet(find_variation(" ".join(name_parts)), load_kg, reps, reps_right, rpe, tempo)


def _tempo_word(tokens: list[str], index: int) -> bool:
    """Whether ``tokens[index]`` is the word ``tempo`` before a tempo (``tempo 1-3-2``)."""
    return (
        tokens[index].lower() in _TEMPO_WORDS
        and index + 1 < len(tokens)
        and is_tempo(tokens[index + 1])
    )
