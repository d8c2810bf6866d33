"""The one entry point: a file (or its text) in, an ``ImportResult`` out, all or nothing.

``parse_file`` is the only function here that touches the file system (it reads the bytes
once); everything after that is pure.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, tzinfo
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

from hipthrust.coaching.units import Units, parse_units
from hipthrust.errors import InputError
from hipthrust.formats.csvtext import Table, decode, read_table, resolve_zone
from hipthrust.formats.detect import detect_format, parse_format_name
from hipthrust.formats.hevy import parse_hevy
from hipthrust.formats.liftosaur import parse_liftosaur
from hipthrust.formats.records import DEFAULT_LIMITS, Format, ImportLimits, ImportResult
from hipthrust.formats.strong import parse_strong

__all__ = ["PARSERS", "FormatParser", "parse_file", "parse_text"]


class FormatParser(Protocol):
    """What every format's parser is: a read table in, the import result out."""

    def __call__(
        self, table: Table, *, units_hint: Units, zone: tzinfo, limits: ImportLimits
    ) -> ImportResult: ...


PARSERS: Mapping[Format, FormatParser] = MappingProxyType(
    {"strong": parse_strong, "hevy": parse_hevy, "liftosaur": parse_liftosaur}
)


def parse_text(
    text: str,
    format: str | None = None,
    units_hint: Units | str = "kg",
    tz: tzinfo | str = UTC,
    *,
    name: str = "input",
    limits: ImportLimits = DEFAULT_LIMITS,
) -> ImportResult:
    """Parse an export's text. See ``parse_file`` for the arguments; ``name`` labels errors."""
    units: Units = parse_units(units_hint)
    zone = resolve_zone(tz)
    chosen = None if format is None else parse_format_name(format)
    table: Table = read_table(text, name)
    if chosen is None:
        chosen = detect_format(table.header, name, table.header_line)
    return PARSERS[chosen](table, units_hint=units, zone=zone, limits=limits)


def parse_file(
    path_or_text: str | bytes | os.PathLike[str],
    format: str | None = None,
    units_hint: Units | str = "kg",
    tz: tzinfo | str = UTC,
    *,
    name: str | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> ImportResult:
    """Every set of a Strong, Hevy or Liftosaur CSV export, or an InputError naming the line.

    ``path_or_text``: a path (``pathlib.Path`` or any ``os.PathLike``) is read from disk;
    ``bytes`` are the file's content; a ``str`` is the file's *text* (not a path).
    ``format``: ``"strong"``, ``"hevy"`` or ``"liftosaur"`` to force one; by default it is
    detected from the header. ``units_hint``: the unit of weights in a Strong export that
    names none (``kg`` by default); Hevy and Liftosaur always name theirs. ``tz``: the zone
    of the exports' local wall-clock times, a ``tzinfo`` or an IANA name (default UTC).
    ``limits``: the bounds a value must meet to be believed.

    All or nothing: one malformed row refuses the whole file. Rows that are not sets (rest
    timers, rows without an exercise, sets never done) are listed in ``skipped`` instead.
    """
    if isinstance(path_or_text, os.PathLike):
        path = Path(path_or_text)
        label = name or path.name
        text = decode(_read_bytes(path, label), label)
    elif isinstance(path_or_text, bytes):
        label = name or "input"
        text = decode(path_or_text, label)
    else:
        label = name or "input"
        text = path_or_text
    return parse_text(text, format, units_hint, tz, name=label, limits=limits)


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not an export file") from None
    except OSError as err:
        raise InputError(f"{label}: cannot be read ({err.strerror or err})") from None
