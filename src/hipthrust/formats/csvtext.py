"""Reading an export's text: bytes to text, text to a table of rows, cells to values.

Every refusal is an ``InputError`` whose one-line message names the file and, when there is
one, the line: ``strong.csv line 17: weight 'abc' is not a number``.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, tzinfo
from types import MappingProxyType
from typing import Any
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
    "stream_table",
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


class Row:
    """One data row: the line it starts on and its cells in header order."""

    __slots__ = ("keys", "line", "values")

    def __init__(self, line: int, values: Sequence[str], keys: tuple[str, ...]) -> None:
        self.line = line
        self.values = values
        self.keys = keys

    @property
    def cells(self) -> Mapping[str, str]:
        """The cells by lower-cased, trimmed header name (columns without a name left out)."""
        return MappingProxyType(
            {key: cell for key, cell in zip(self.keys, self.values, strict=True) if key}
        )


# Distinct cell texts remembered per table when read as numbers (weights and reps repeat).
_NUMBER_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Table:
    """A CSV export as read: its label, delimiter, header (as written) and data rows.

    ``rows`` is a tuple for a table read from text (``read_table``) and a one-pass iterator
    for a table streamed from a file (``stream_table``): each row is read, checked and
    forgotten, so memory does not grow with the file.
    """

    name: str
    delimiter: str
    header: tuple[str, ...]
    rows: Iterable[Row]
    header_line: int = 1
    _index: dict[str, int] = field(init=False, repr=False, compare=False)
    _numbers: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, int] = {}
        for position, column in enumerate(self.header):
            index.setdefault(_column_key(column), position)
        index.pop("", None)
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_numbers", {})

    @property
    def columns(self) -> frozenset[str]:
        """The lower-cased, trimmed header names."""
        return frozenset(self._index)

    @property
    def decimal_comma(self) -> bool:
        """Whether ``102,5`` means 102.5: true for semicolon-separated (European) exports."""
        return self.delimiter == ";"

    def find(self, *names: str) -> str | None:
        """The first of ``names`` (lower case) that is a column, or ``None``."""
        return next((key for key in names if key in self._index), None)

    def require(self, *names: str) -> str:
        """The first of ``names`` that is a column; refuses the file naming the header line."""
        key = self.find(*names)
        if key is None:
            wanted = " or ".join(repr(name) for name in names)
            raise fail(self.name, self.header_line, f"the header has no {wanted} column")
        return key

    def fail(self, line: int, message: str) -> InputError:
        return fail(self.name, line, message)

    def position(self, key: str | None) -> int | None:
        """The index of column ``key`` in a row's values (``None`` when absent): a parser's
        loop reads ``row.values[position].strip()``, the same as ``text``, without the lookup."""
        return None if key is None else self._index.get(key)

    def text(self, row: Row, key: str | None) -> str:
        """The trimmed cell of ``row`` in column ``key`` ("" when the column is absent)."""
        if key is None:
            return ""
        position = self._index.get(key)
        return "" if position is None else row.values[position].strip()

    def number(self, row: Row, key: str | None, what: str) -> float | None:
        """The cell as a number, ``None`` when empty; a decimal comma is read in ``;`` files."""
        raw = self.text(row, key)
        if not raw:
            return None
        known = self._numbers.get(raw)
        if known is not None:
            return known
        candidate = raw
        if self.decimal_comma and raw.count(",") == 1 and "." not in raw:
            candidate = raw.replace(",", ".")
        if _NUMBER.fullmatch(candidate) is None:
            raise self.fail(row.line, f"{what} {raw!r} is not a number")
        value = float(candidate)
        if not math.isfinite(value):
            raise self.fail(row.line, f"{what} {raw!r} is not a number")
        if len(self._numbers) >= _NUMBER_CACHE_SIZE:
            self._numbers.clear()
        self._numbers[raw] = value
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
    table = stream_table(io.StringIO(text, newline=""), name)
    return replace(table, rows=tuple(table.rows))


def _checked_lines(lines: Iterable[str], name: str) -> Iterator[str]:
    """The lines as they come, refusing one that holds control characters (a binary file)."""
    search = _CONTROL.search
    for number, line in enumerate(lines, start=1):
        if search(line) is not None:
            raise fail(name, number, "holds control characters; this looks like a binary file")
        yield line


def stream_table(lines: Iterable[str], name: str, *, check_lines: bool = True) -> Table:
    """The header of an export read now, its rows one at a time as ``rows`` is iterated.

    ``lines`` are the file's lines with their ends (a text file opened with ``newline=""``);
    ``check_lines=False`` when the caller has already refused control characters.
    The same checks as ``read_table``, each as its line is reached: a malformed row anywhere
    raises while the rows are read, so a caller writing rows as they come must be able to undo
    them (one transaction). The first row is read at once (a header with no rows is refused).
    """
    source = iter(_checked_lines(lines, name) if check_lines else lines)
    peeked: list[str] = []
    for line in source:
        peeked.append(line)
        if line.strip():
            break
    if not peeked or not peeked[-1].strip():
        raise fail(name, None, "the file is empty")
    first = peeked[-1]
    delimiter = sniff_delimiter(first)
    reader = csv.reader(itertools.chain(peeked, source), delimiter=delimiter, strict=True)
    start = 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if cells and not (len(cells) == 1 and not cells[0].strip()):
                header = _check_header(cells, name, line)
                break
        else:  # pragma: no cover - a non-blank first line always gives a header
            raise fail(name, None, "the file is empty")
    except csv.Error as err:
        raise _csv_failure(name, start, err) from None
    rows = _rows(reader, name, header, start)
    first_row = next(rows)  # a file with a header and no rows is refused here, at once
    return Table(
        name=name,
        delimiter=delimiter,
        header=header,
        rows=itertools.chain((first_row,), rows),
        header_line=line,
    )


def _csv_failure(name: str, start: int, err: csv.Error) -> InputError:
    # ``start`` is the line where the unreadable record begins.
    reason = (
        "a quoted field starting here is never closed"
        if "unexpected end of data" in str(err)
        else f"cannot be read as CSV ({err})"
    )
    return fail(name, start, reason)


def _rows(reader: Any, name: str, header: tuple[str, ...], start: int) -> Iterator[Row]:
    keys = tuple(_column_key(column) for column in header)
    width = len(header)
    count = 0
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if (len(cells) != width or width == 1) and (
                not cells or (len(cells) == 1 and not cells[0].strip())
            ):
                continue
            if len(cells) != width:
                raise fail(name, line, f"has {len(cells)} fields but the header has {width}")
            if start - line > 1:  # a record over several lines: a cell holds a line break
                cells = [cell.replace("\r\n", "\n") if "\r" in cell else cell for cell in cells]
            count += 1
            yield Row(line, cells, keys)
    except csv.Error as err:
        raise _csv_failure(name, start, err) from None
    if not count:
        raise fail(name, None, "has a header but no rows")


def _check_header(cells: list[str], name: str, line: int) -> tuple[str, ...]:
    header = tuple(cell.strip() for cell in cells)
    seen: set[str] = set()
    for column in header:
        key = _column_key(column)
        if key and key in seen:
            raise fail(name, line, f"the header names the column {column!r} twice")
        seen.add(key)
    return header
