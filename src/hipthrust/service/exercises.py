"""How to do an exercise: one use case for the how-to page, its JSON twin and
``hipthrust exercises --id``.

The catalogue's setup, execution cues and common mistakes with their fixes, in plain words
(names, never ids), with the two position pictures drawn from the body model
(``formats.figures``). Anyone may read it: it is the method, not anyone's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hipthrust.coaching.catalogue import (
    EQUIPMENT,
    MUSCLES,
    Elevation,
    Family,
    Resistance,
    Stance,
    Variation,
    find_variation,
    variation,
    variation_or_none,
)
from hipthrust.coaching.mistakes import Mistake
from hipthrust.formats.figures import POSITIONS, Position, figure, figure_svg

__all__ = ["HowTo", "Picture", "how_to", "how_to_or_none"]

_STANCE = {Stance.TWO_LEG: "both legs", Stance.SINGLE_LEG: "one leg at a time"}
_ELEVATION = {
    Elevation.NONE: "shoulders and feet on the floor",
    Elevation.SHOULDERS: "shoulders on a bench",
    Elevation.FEET: "feet raised",
    Elevation.BOTH: "shoulders on a bench and feet raised",
}
_RESISTANCE = {
    Resistance.BODYWEIGHT: "bodyweight",
    Resistance.BAND: "a band",
    Resistance.DUMBBELL_KETTLEBELL: "a dumbbell or kettlebell",
    Resistance.BARBELL: "a barbell",
    Resistance.MACHINE: "a machine",
}
_POSITION_WORDS = {"bottom": "Bottom position", "top": "Top position"}


@dataclass(frozen=True)
class Picture:
    """One position picture: the SVG, and what it shows in words."""

    position: Position
    title: str
    description: str
    svg: str

    def to_json(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "title": self.title,
            "description": self.description,
            "svg": self.svg,
        }


@dataclass(frozen=True)
class HowTo:
    """An exercise as a person reads how to do it."""

    variation: Variation
    pictures: tuple[Picture, ...]

    @property
    def name(self) -> str:
        return self.variation.name

    @property
    def summary(self) -> str:
        """What kind of exercise it is, in one line of plain words."""
        item = self.variation
        family = "Glute bridge" if item.family is Family.BRIDGE else "Hip thrust"
        return (
            f"{family}: {_STANCE[item.stance]}, {_ELEVATION[item.elevation]}, "
            f"{_RESISTANCE[item.resistance]}."
        )

    @property
    def equipment(self) -> tuple[str, ...]:
        return tuple(EQUIPMENT[key] for key in self.variation.equipment) or (
            "only the floor and a mat",
        )

    @property
    def primary_muscles(self) -> tuple[str, ...]:
        return tuple(MUSCLES[key] for key in self.variation.primary_muscles)

    @property
    def secondary_muscles(self) -> tuple[str, ...]:
        return tuple(MUSCLES[key] for key in self.variation.secondary_muscles)

    @property
    def setup(self) -> tuple[str, ...]:
        return self.variation.setup

    @property
    def execution(self) -> tuple[str, ...]:
        return self.variation.execution

    @property
    def mistakes(self) -> tuple[Mistake, ...]:
        return self.variation.mistakes

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.variation.id,
            "name": self.name,
            "summary": self.summary,
            "equipment": list(self.equipment),
            "primary_muscles": list(self.primary_muscles),
            "secondary_muscles": list(self.secondary_muscles),
            "setup": list(self.setup),
            "execution": list(self.execution),
            "mistakes": [
                {"name": item.name, "sign": item.sign, "fix": item.fix} for item in self.mistakes
            ],
            "pictures": [picture.to_json() for picture in self.pictures],
        }


def _how_to(item: Variation) -> HowTo:
    pictures = tuple(
        Picture(
            position,
            _POSITION_WORDS[position],
            figure(item.id, position).description,
            figure_svg(item.id, position),
        )
        for position in POSITIONS
    )
    return HowTo(item, pictures)


def how_to_or_none(variation_id: str) -> HowTo | None:
    """The how-to of the catalogue exercise with this exact id, or None (the pages' 404)."""
    found = variation_or_none(variation_id)
    return None if found is None else _how_to(found)


def how_to(name: str) -> HowTo:
    """The how-to of an exercise by id or by a name people use (``hipthrust exercises --id``);
    InputError naming the closest ids when nothing fits."""
    return _how_to(find_variation(name) or variation(name))
