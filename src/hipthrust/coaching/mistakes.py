"""Common technique mistakes (domain.md §2): how each shows, where it is felt, and the fix.

The table comes from seed 001, seed 002 and seed 000; the wording is ours. The ids are
written like the fault ids of ``SetRecord.faults`` (e.g. ``lumbar_hyperextension``);
``felt_in`` links a mistake to the places (``records.FELT_IN``) a person reports after a set.
The last two rows (pelvis drop, knees caving) are our additions for single-leg and banded
work [design].
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["FELT_MEANING", "MISTAKES", "Mistake", "felt_cues", "mistakes_felt_in"]


@dataclass(frozen=True)
class Mistake:
    """A common mistake: how it shows, where it is felt, and the fix (domain.md §2 table)."""

    id: str
    name: str
    sign: str
    fix: str
    felt_in: tuple[str, ...] = ()  # records.FELT_IN places that point to this mistake

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "sign": self.sign,
            "fix": self.fix,
            "felt_in": list(self.felt_in),
        }


_MISTAKE_LIST = (
    Mistake(
        "lumbar_hyperextension",
        "Arching the lower back",
        "The movement carries on past the shoulder-to-knee line and the ribs flare: the lower "
        "back is extending instead of the hips.",
        "Brace, keep the ribs down and tuck the pelvis at the top; look forward. Lighten the "
        "load or go back to bridge work until the hips do the moving.",
        ("lower_back",),
    ),
    Mistake(
        "incomplete_extension",
        "Stopping short of full hip extension",
        "At the top the hips stay below the line from shoulders to knees.",
        "Drive up until the glutes are fully squeezed; use a lighter load if you cannot get there.",
    ),
    Mistake(
        "feet_too_far",
        "Feet too far out",
        "At the top the shins slope forward of vertical; the hamstrings take over or cramp.",
        "Walk the feet closer until the shins are vertical at the top.",
        ("hamstrings",),
    ),
    Mistake(
        "feet_too_close",
        "Feet too close",
        "At the top the shins slope back toward you and the fronts of the thighs burn.",
        "Move the feet further out until the shins are vertical at the top.",
        ("quads",),
    ),
    Mistake(
        "neck_extension",
        "Looking at the ceiling",
        "The head tips back and the neck extends, which pulls the lower back into an arch.",
        "Keep the eyes forward and the chin tucked; let the gaze follow the breastbone.",
    ),
    Mistake(
        "wrong_pivot",
        "Bench at the neck, wrong pivot",
        "The shoulders slide on the bench, or the bench is pushed away instead of hinged around.",
        "Rest the bottom of the shoulder blades (the bra-strap line) on the bench edge; raise "
        "the plates on blocks if the bench is too high.",
    ),
    Mistake(
        "rushing",
        "Rushing, no pause",
        "No hold at the top, a fast way down, the hips crash to the floor.",
        "Hold the top for 1-2 s and lower under control.",
    ),
    Mistake(
        "too_much_weight",
        "Too much weight",
        "The other mistakes appear only under load; the weight is heaved up rather than lifted.",
        "Take weight off until every rep looks the same as a bodyweight rep.",
    ),
    Mistake(
        "pelvis_drop",
        "Hips dropping or twisting to one side",
        "On one leg, the hip on the free-leg side sags or rotates toward the floor.",
        "Keep both hip bones level as if balancing a glass on the belly; shorten the range "
        "until you can.",
    ),
    Mistake(
        "knees_caving",
        "Knees caving in",
        "The knees drift toward each other against the band on the way up.",
        "Press the knees out into the band for the whole rep.",
    ),
)

MISTAKES: dict[str, Mistake] = {mistake.id: mistake for mistake in _MISTAKE_LIST}


def mistakes_felt_in(place: str) -> tuple[Mistake, ...]:
    """The mistakes a set felt in ``place`` points to (e.g. hamstrings: feet too far out)."""
    return tuple(mistake for mistake in MISTAKES.values() if place in mistake.felt_in)


# What a set felt in a place means, in the seeds' words [seed 001, 002]: hamstrings = feet too
# far out (or cramping hamstrings), quads = feet too close. The lower back (lumbar
# compensation) is a safety signal, read by ``coaching.safety`` and the gates instead.
FELT_MEANING: dict[str, str] = {
    "hamstrings": "the feet are too far out (or the hamstrings are cramping) [seed 001, 002]",
    "quads": "the feet are too close [seed 001]",
}


def felt_cues(places: Sequence[str]) -> tuple[str, ...]:
    """One sentence per place in ``places`` that points to a foot fix: what it means and the
    cue (``FELT_MEANING`` and the mistake's fix from ``mistakes_felt_in``)."""
    cues: list[str] = []
    for place in dict.fromkeys(places):
        meaning = FELT_MEANING.get(place)
        if meaning is None:
            continue
        fixes = " ".join(mistake.fix for mistake in mistakes_felt_in(place))
        cues.append(f"Felt in the {place}: {meaning}. Cue: {fixes}")
    return tuple(cues)
