"""Masses in kilograms or pounds: parsing what people type, converting, formatting.

Everything is stored in kilograms; pounds exist only at the edges.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from hipthrust.errors import InputError

__all__ = ["KG_PER_LB", "Units", "format_mass", "from_kg", "parse_mass", "parse_units", "to_kg"]

KG_PER_LB = 0.45359237
Units = Literal["kg", "lb"]

_MASS = re.compile(
    r"^\s*(?P<value>[0-9]+(?:[.,][0-9]+)?)\s*(?P<unit>kg|kgs|kilos?|lb|lbs|pounds?)?\s*$",
    re.IGNORECASE,
)


def parse_units(text: str) -> Units:
    """Return ``"kg"`` or ``"lb"`` for what a person typed, or raise InputError."""
    unit = text.strip().lower()
    if unit in ("kg", "kgs", "kilo", "kilos"):
        return "kg"
    if unit in ("lb", "lbs", "pound", "pounds"):
        return "lb"
    raise InputError(f"unknown unit {text!r}: use kg or lb")


def to_kg(value: float, units: Units) -> float:
    return value * KG_PER_LB if units == "lb" else value


def from_kg(kg: float, units: Units) -> float:
    return kg / KG_PER_LB if units == "lb" else kg


def parse_mass(text: str, default_units: Units | None = None) -> float:
    """Parse ``"140kg"``, ``"300 lb"`` or ``"142,5"`` into kilograms.

    A bare number takes ``default_units``; with none given, the unit is required.
    """
    match = _MASS.match(text)
    if match is None:
        raise InputError(f"cannot read {text!r} as a mass: write it like 100kg or 225lb")
    value = float(match.group("value").replace(",", "."))
    unit_text = match.group("unit")
    if unit_text is None:
        if default_units is None:
            raise InputError(f"{text!r} has no unit: write it like 100kg or 225lb")
        units = default_units
    else:
        units = parse_units(unit_text)
    if not math.isfinite(value) or value > 2000:
        raise InputError(f"{text!r} is not a load anyone lifts")
    return to_kg(value, units)


def format_mass(kg: float, units: Units, decimals: int = 1) -> str:
    """Format a mass stored in kilograms in the user's units, dropping a trailing ``.0``."""
    value = round(from_kg(kg, units), decimals)
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    return f"{text} {units}"
