"""What the training pages share: the clock, form fields read one by one, masses in units.

Form fields are read here field by field so a bad value is shown next to its own field
(``FieldErrors``); the service then checks the whole and its one sentence, when it still
refuses, goes to the field it names (``field_for``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from hipthrust.coaching.catalogue import CATALOGUE, display_name
from hipthrust.coaching.prescription import dose_text, load_text
from hipthrust.coaching.units import Units, from_kg
from hipthrust.errors import InputError

__all__ = [
    "MAX_NOTE_CHARS",
    "PAIN_PICKS",
    "RPE_PICKS",
    "FieldErrors",
    "OpenModel",
    "StrictModel",
    "attachment",
    "dose_text",
    "exercise_choices",
    "exercise_name",
    "field_for",
    "load_text",
    "mass_in",
    "now_utc",
    "read_choice",
    "read_day",
    "read_float",
    "read_int",
    "text_of",
]

FieldErrors = dict[str, str]
MAX_NOTE_CHARS = 2000  # a set's or a check-in's notes through the API (the forms keep 500)
RPE_PICKS = ("6", "7", "7.5", "8", "8.5", "9", "9.5", "10")  # the quick picks for effort
PAIN_PICKS = tuple(str(score) for score in range(11))  # pain 0-10


class StrictModel(BaseModel):
    """A request body: no unknown keys, and no coercion (``true`` is not 1 rep, ``"8"`` not 8)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class OpenModel(BaseModel):
    """A response model that documents the main keys and passes the others through."""

    model_config = ConfigDict(extra="allow")


def attachment(content: str | bytes, media_type: str, filename: str) -> Response:
    """A download: saved under ``filename``, and kept by no cache (gone at sign-out)."""
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


def read_day(text: str | None) -> date | None:
    """A day given as ``2026-11-23`` in a query (None when not given)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"cannot read {text!r} as a date: write it like 2026-11-23") from None


def now_utc() -> datetime:
    """The one clock read of a request."""
    return datetime.now(UTC)


def text_of(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def read_int(
    form: Mapping[str, Any],
    name: str,
    errors: FieldErrors,
    low: int,
    high: int,
    what: str,
    required: bool = False,
) -> int | None:
    """A whole number from ``low`` to ``high``; a message in ``errors[name]`` otherwise."""
    text = text_of(form, name)
    if not text:
        if required:
            errors[name] = f"give the {what}"
        return None
    try:
        value = int(text)
    except ValueError:
        errors[name] = f"the {what} must be a whole number from {low} to {high}"
        return None
    if not low <= value <= high:
        errors[name] = f"the {what} must be a whole number from {low} to {high}, not {value}"
        return None
    return value


def read_float(
    form: Mapping[str, Any], name: str, errors: FieldErrors, low: float, high: float, what: str
) -> float | None:
    text = text_of(form, name).replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        errors[name] = f"the {what} must be a number from {low:g} to {high:g}"
        return None
    if not (low <= value <= high):
        errors[name] = f"the {what} must be a number from {low:g} to {high:g}, not {value:g}"
        return None
    return value


def read_choice(
    form: Mapping[str, Any], name: str, errors: FieldErrors, choices: tuple[str, ...], what: str
) -> str | None:
    text = text_of(form, name)
    if not text:
        return None
    if text not in choices:
        errors[name] = f"choose a {what} from the list"
        return None
    return text


# Words of the service's sentences that name a field of the set and plan forms.
_FIELD_WORDS: tuple[tuple[str, str], ...] = (
    ("tempo", "tempo"),
    ("in the future", "at"),
    ("as a time", "at"),
    ("exercise", "exercise"),
    ("rpe", "rpe"),
    ("pain", "pain"),
    ("hold", "hold"),
    ("bodyweight", "bodyweight"),
    ("load", "load"),
    ("mass", "load"),
    ("kg", "load"),
    ("lb", "load"),
    ("one leg", "right"),
    ("one rep count", "right"),
    ("reps", "reps"),
    ("e1rm", "e1rm"),
    ("weeks", "weeks"),
    ("days", "days_per_week"),
    ("goal", "goal"),
)


def field_for(error: InputError, fields: tuple[str, ...], fallback: str) -> str:
    """The form field a service sentence is about (``fallback`` when none is named)."""
    text = str(error).lower()
    for word, name in _FIELD_WORDS:
        if name in fields and re.search(rf"\b{re.escape(word)}\b", text):
            return name
    return fallback


def mass_in(kg: float, units: Units) -> str:
    """A mass as a bare number in ``units`` (for a form field): ``102.5``."""
    value = round(from_kg(kg, units), 1)
    return f"{value:g}"


def exercise_name(variation_id: str) -> str:
    """The one name people read (``coaching.catalogue.display_name``), never a raw id."""
    return display_name(variation_id)


def exercise_choices() -> tuple[tuple[str, str], ...]:
    """Every catalogue exercise as (id, name), by name."""
    return tuple(sorted(((item.id, item.name) for item in CATALOGUE), key=lambda pair: pair[1]))
