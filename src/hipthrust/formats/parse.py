"""The entry points: a file (or its text) in, an ``ImportResult`` out, all or nothing.

``open_export`` streams a file: the header is checked at once, the sets come one at a time
as they are read, so memory does not grow with the file (the importer writes them in
batches). ``parse_file`` and ``parse_text`` give the whole result at once. Only
``open_export`` and ``parse_file`` touch the file system; everything after the reading is pure.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, tzinfo
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, Protocol

from hipthrust.coaching.units import Units, parse_units
from hipthrust.errors import InputError
from hipthrust.formats.csvtext import Table, decode, fail, read_table, resolve_zone, stream_table
from hipthrust.formats.detect import detect_format, parse_format_name
from hipthrust.formats.hevy import iter_hevy, parse_hevy
from hipthrust.formats.liftosaur import iter_liftosaur, parse_liftosaur
from hipthrust.formats.records import (
    DEFAULT_LIMITS,
    Format,
    ImportedSet,
    ImportLimits,
    ImportResult,
    ParseNotes,
)
from hipthrust.formats.strong import iter_strong, parse_strong

__all__ = [
    "PARSERS",
    "STREAMS",
    "ExportStream",
    "FormatParser",
    "FormatStream",
    "open_export",
    "parse_file",
    "parse_text",
]

# Bytes looked at for a NUL before a file is read as text (a binary file is refused at once).
_SNIFF_BYTES = 64 * 1024


class FormatParser(Protocol):
    """What every format's parser is: a read table in, the import result out."""

    def __call__(
        self, table: Table, *, units_hint: Units, zone: tzinfo, limits: ImportLimits
    ) -> ImportResult: ...


PARSERS: Mapping[Format, FormatParser] = MappingProxyType(
    {"strong": parse_strong, "hevy": parse_hevy, "liftosaur": parse_liftosaur}
)


class FormatStream(Protocol):
    """A format's parser, one set at a time: skipped rows and warnings go into ``notes``."""

    def __call__(
        self,
        table: Table,
        *,
        units_hint: Units,
        zone: tzinfo,
        limits: ImportLimits,
        notes: ParseNotes,
    ) -> Iterator[ImportedSet]: ...


STREAMS: Mapping[Format, FormatStream] = MappingProxyType(
    {"strong": iter_strong, "hevy": iter_hevy, "liftosaur": iter_liftosaur}
)


@dataclass(frozen=True)
class ExportStream:
    """An export being read: its format, its sets one at a time, and what was noted.

    ``sets`` can be iterated once; a malformed row raises ``InputError`` when it is reached.
    ``notes`` (skipped rows, warnings) is complete once ``sets`` is exhausted. ``size`` is the
    file's length in bytes and ``position()`` how far the reading has got, for progress.
    """

    format: Format
    sets: Iterator[ImportedSet]
    notes: ParseNotes
    size: int
    file: IO[bytes]

    def position(self) -> int:
        return self.file.tell()


@contextmanager
def open_export(
    path: str | os.PathLike[str],
    format: str | None = None,
    units_hint: Units | str = "kg",
    tz: tzinfo | str = UTC,
    *,
    name: str | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> Iterator[ExportStream]:
    """Open an export for streaming (see the module doc; arguments as for ``parse_file``).

    The header is read and the format chosen before this returns; the rows are read while
    ``stream.sets`` is iterated, inside the ``with`` block.
    """
    units: Units = parse_units(units_hint)
    zone = resolve_zone(tz)
    chosen = _csv_format(format)
    file_path = Path(path)
    label = name or file_path.name
    raw = _open_bytes(file_path, label)
    try:
        head = raw.read(_SNIFF_BYTES)
        raw.seek(0)
        utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        if not utf16 and b"\x00" in head:
            raise fail(label, None, "looks like a binary file, not a CSV export")
        size = os.fstat(raw.fileno()).st_size
        # UTF-8 bytes are checked for control characters a block at a time (fast); UTF-16
        # text line by line, by ``stream_table``.
        checked: IO[bytes] = raw if utf16 else io.BufferedReader(_ControlChecked(raw))
        text = io.TextIOWrapper(checked, encoding="utf-16" if utf16 else "utf-8-sig", newline="")
        with _read_errors(file_path, label):
            table = stream_table(text, label, check_lines=utf16)
        if chosen is None:
            chosen = detect_format(table.header, label, table.header_line)
        notes = ParseNotes()
        sets = STREAMS[chosen](table, units_hint=units, zone=zone, limits=limits, notes=notes)
        yield ExportStream(
            format=chosen, sets=_guarded(sets, file_path, label), notes=notes, size=size, file=raw
        )
    finally:
        raw.close()


def _csv_format(format: str | None) -> Format | None:
    """The CSV format forced, or None; a hipthrust backup is JSON, read by ``formats.backup``
    (``service.importing.import_file`` restores it)."""
    chosen = None if format is None else parse_format_name(format)
    if chosen == "hipthrust":
        raise InputError(
            "a hipthrust backup is JSON, not a CSV export: import it with hipthrust import"
        )
    return chosen


class _ControlByte(Exception):
    """A control character at byte ``offset`` of the file (a binary file, not an export)."""

    def __init__(self, offset: int) -> None:
        super().__init__(offset)
        self.offset = offset


# C0 control characters other than tab, line feed and carriage return, and DEL (as bytes).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _ControlChecked(io.RawIOBase):
    """A binary file that refuses, while it is read, a block holding a control character."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        found = _CONTROL_BYTES.search(data)
        if found is not None:
            raise _ControlByte(self.offset + found.start())
        buffer[: len(data)] = data
        self.offset += len(data)
        return len(data)


def _line_of(path: Path, offset: int) -> int:
    """The 1-based line holding byte ``offset`` of the file (read again, a block at a time)."""
    line, done = 1, 0
    with path.open("rb") as file:
        while done < offset:
            block = file.read(min(1 << 20, offset - done))
            if not block:
                break
            line += block.count(b"\n")
            done += len(block)
    return line


@contextmanager
def _read_errors(path: Path, label: str) -> Iterator[None]:
    """Turns a decoding error or a control character met while reading into one sentence."""
    try:
        yield
    except _ControlByte as found:
        raise fail(
            label,
            _line_of(path, found.offset),
            "holds control characters; this looks like a binary file",
        ) from None
    except UnicodeDecodeError:
        decode(_read_bytes(path, label), label)  # names the line of the first bad byte
        raise fail(label, None, "is not UTF-8 text; export the file again") from None


def _guarded(sets: Iterator[ImportedSet], path: Path, label: str) -> Iterator[ImportedSet]:
    with _read_errors(path, label):
        yield from sets


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
    chosen = _csv_format(format)
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
        with open_export(path_or_text, format, units_hint, tz, name=name, limits=limits) as stream:
            sets = tuple(stream.sets)
            return ImportResult(
                format=stream.format,
                sets=sets,
                skipped=tuple(stream.notes.skipped),
                warnings=tuple(stream.notes.warnings),
            )
    if isinstance(path_or_text, bytes):
        label = name or "input"
        text = decode(path_or_text, label)
    else:
        label = name or "input"
        text = path_or_text
    return parse_text(text, format, units_hint, tz, name=label, limits=limits)


def _open_bytes(path: Path, label: str) -> IO[bytes]:
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not an export file") from None
    except OSError as err:
        raise InputError(f"{label}: cannot be read ({err.strerror or err})") from None


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not an export file") from None
    except OSError as err:
        raise InputError(f"{label}: cannot be read ({err.strerror or err})") from None
