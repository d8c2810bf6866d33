"""Reading an export's text: bytes to text, text to a table of rows, cells to values.

Every refusal is an ``InputError`` whose one-line message names the file and, when there is
one, the line: ``strong.csv line 17: weight 'abc' is not a number``.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hipthrust.errors import InputError

__all__ = [
    "DELIMITERS",
    "Row",
    "Table",
    "decode",
    "fail",
    "localise",
    "read_table",
    "resolve_zone",
    "sniff_delimiter",
]

DELIMITERS: tuple[str, ...] = (",", ";", "\t")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# C0 control characters other than tab, line feed and carriage return, and DEL: never in a
# text export, always in a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def fail(name: str, line: int | None, message: str) -> InputError:
    """The error for ``message`` about file ``name`` at ``line`` (or the whole file)."""
    where = name if line is None else f"{name} line {line}"
    return InputError(f"{where}: {message}")


def decode(data: bytes, name: str) -> str:
    """The text of an export's bytes: UTF-8 (a BOM is dropped) or UTF-16 with its BOM."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise fail(name, None, "starts like UTF-16 text but cannot be read as it") from None
    if b"\x00" in data:
        raise fail(name, None, "looks like a binary file, not a CSV export")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise fail(
            name,
            line,
            f"is not UTF-8 text (byte 0x{data[err.start]:02x}); export the file again "
            "or save it as UTF-8",
        ) from None


def resolve_zone(tz: tzinfo | str) -> tzinfo:
    """A time zone from a ``tzinfo`` or an IANA name such as ``"Europe/Berlin"``."""
    if not isinstance(tz, str):
        return tz
    try:
        return ZoneInfo(tz.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            f"unknown time zone {tz!r}: use an IANA name such as Europe/Berlin or UTC"
        ) from None


def localise(moment: datetime, zone: tzinfo) -> datetime:
    """An aware time: a naive (local wall-clock) time is placed in ``zone``, an aware one moved.

    A wall-clock time that a daylight-saving change makes ambiguous takes its first reading.
    """
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


@dataclass(frozen=True)
class Row:
    """One data row: the line it starts on and its cells by lower-cased header name."""

    line: int
    cells: Mapping[str, str]


@dataclass(frozen=True)
class Table:
    """A CSV export as read: its label, delimiter, header (as written) and data rows."""

    name: str
    delimiter: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    header_line: int = 1

    @property
    def columns(self) -> frozenset[str]:
        """The lower-cased, trimmed header names."""
        return frozenset(_column_key(cell) for cell in self.header if cell.strip())

    @property
    def decimal_comma(self) -> bool:
        """Whether ``102,5`` means 102.5: true for semicolon-separated (European) exports."""
        return self.delimiter == ";"

    def find(self, *names: str) -> str | None:
        """The first of ``names`` (lower case) that is a column, or ``None``."""
        return next((key for key in names if key in self.columns), None)

    def require(self, *names: str) -> str:
        """The first of ``names`` that is a column; refuses the file naming the header line."""
        key = self.find(*names)
        if key is None:
            wanted = " or ".join(repr(name) for name in names)
            raise fail(self.name, self.header_line, f"the header has no {wanted} column")
        return key

    def fail(self, line: int, message: str) -> InputError:
        return fail(self.name, line, message)

    def text(self, row: Row, key: str | None) -> str:
        """The trimmed cell of ``row`` in column ``key`` ("" when the column is absent)."""
        return "" if key is None else row.cells.get(key, "").strip()

    def number(self, row: Row, key: str | None, what: str) -> float | None:
        """The cell as a number, ``None`` when empty; a decimal comma is read in ``;`` files."""
        raw = self.text(row, key)
        if not raw:
            return None
        candidate = raw
        if self.decimal_comma and raw.count(",") == 1 and "." not in raw:
            candidate = raw.replace(",", ".")
        if _NUMBER.fullmatch(candidate) is None:
            raise self.fail(row.line, f"{what} {raw!r} is not a number")
        value = float(candidate)
        if not math.isfinite(value):
            raise self.fail(row.line, f"{what} {raw!r} is not a number")
        return value

    def whole(self, row: Row, key: str | None, what: str) -> int | None:
        """The cell as a whole number (``"10"`` or ``"10.0"``), ``None`` when empty."""
        value = self.number(row, key, what)
        if value is None:
            return None
        if not value.is_integer():
            raise self.fail(row.line, f"{what} {self.text(row, key)!r} is not a whole number")
        return int(value)


def _column_key(cell: str) -> str:
    return cell.strip().lower()


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def sniff_delimiter(header_line: str) -> str:
    """The delimiter splitting the header into the most fields (``,`` when none does)."""
    counts = {delimiter: _count_outside_quotes(header_line, delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def read_table(text: str, name: str) -> Table:
    """Split an export's text into its header and rows, refusing anything malformed.

    Handles a BOM, CRLF line ends and quoted fields holding delimiters or line breaks (a CRLF
    inside a cell becomes ``\n``). Blank lines are ignored; a row whose field count differs
    from the header's is refused.
    """
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise fail(name, None, "the file is empty")
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        raise fail(name, line, "holds control characters; this looks like a binary file")
    delimiter = sniff_delimiter(_first_line(text))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: tuple[str, ...] | None = None
    keys: list[str] = []
    header_line = 1
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue
            if header is None:
                header, header_line = _check_header(cells, name, line), line
                keys = [_column_key(column) for column in header]
                continue
            if len(cells) != len(header):
                raise fail(name, line, f"has {len(cells)} fields but the header has {len(header)}")
            keyed = {
                key: cell.replace("\r\n", "\n") if "\r" in cell else cell
                for key, cell in zip(keys, cells, strict=True)
                if key
            }
            rows.append(Row(line=line, cells=MappingProxyType(keyed)))
    except csv.Error as err:
        # ``start`` is the line where the unreadable record begins.
        reason = (
            "a quoted field starting here is never closed"
            if "unexpected end of data" in str(err)
            else f"cannot be read as CSV ({err})"
        )
        raise fail(name, start, reason) from None
    if header is None:
        raise fail(name, None, "the file is empty")
    if not rows:
        raise fail(name, None, "has a header but no rows")
    return Table(
        name=name, delimiter=delimiter, header=header, rows=tuple(rows), header_line=header_line
    )


def _check_header(cells: list[str], name: str, line: int) -> tuple[str, ...]:
    header = tuple(cell.strip() for cell in cells)
    seen: set[str] = set()
    for column in header:
        key = _column_key(column)
        if key and key in seen:
            raise fail(name, line, f"the header names the column {column!r} twice")
        seen.add(key)
    return header
