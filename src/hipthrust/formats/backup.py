"""hipthrust's own JSON export (``hipthrust export log --format json``) read back, a set at a time.

The export is one JSON object (docs/export.md): ``schema_version``, ``athlete``, ``sets``,
``checkins``, ``assessments``, ``plans``. Its ``sets`` array is most of the file, so it is
never decoded whole: ``read_backup`` walks the top-level object itself and decodes one element
of ``sets`` at a time with the standard library's decoder (``json.JSONDecoder.raw_decode``) over
a buffer refilled from the file, so memory is that of one set and one buffer whatever the
file's size. Every other top-level value (the profile, check-ins, assessments, plans: small
beside the sets) is decoded whole and kept in ``BackupParts``.

Everything is checked as it is read: a file that is not JSON, not an object, without
``schema_version`` or ``sets``, or with a ``schema_version`` this version does not read, is
one line naming the file (and the line and column for broken JSON). Pure: it reads a binary
file object it is given and returns values.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from hipthrust.errors import InputError

__all__ = [
    "SCHEMA_VERSIONS",
    "BackupParts",
    "read_backup",
]

# The export schemas this version reads (service.exporting.LOG_SCHEMA_VERSION writes 1).
SCHEMA_VERSIONS: tuple[int, ...] = (1,)
# Bytes read from the file at a time [design]: a set is under 1 KB, so a block holds many.
_BLOCK = 256 * 1024
_SPACE = " \t\r\n"
_DECODER = json.JSONDecoder()


@dataclass
class BackupParts:
    """The top-level values of a backup other than its sets, filled in as the file is read
    (complete once ``read_backup``'s sets are exhausted). ``keys`` are the top-level keys met.
    """

    schema_version: Any = None
    athlete: Any = None
    checkins: Any = None
    assessments: Any = None
    plans: Any = None
    keys: list[str] = field(default_factory=list)


class _Reader:
    """A text buffer over the file: decodes one JSON value at a time, refilling as needed."""

    def __init__(self, file: IO[bytes], label: str) -> None:
        self.file = file
        self.label = label
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # the line of the first character still in ``buffer``
        self.line_start = 0  # characters since the last line break dropped from ``buffer``
        self._decoder = _IncrementalUtf8(label)

    def _fill(self, at_least: int = 1) -> bool:
        """Read more of the file into the buffer; False at the end of the file."""
        if self.eof:
            return False
        if self.pos:
            dropped = self.buffer[: self.pos]
            breaks = dropped.count("\n")
            self.line += breaks
            self.line_start = (
                len(dropped) - dropped.rfind("\n") - 1 if breaks else self.line_start + len(dropped)
            )
            self.buffer, self.pos = self.buffer[self.pos :], 0
        wanted = max(_BLOCK, at_least)
        block = self.file.read(wanted)
        if not block:
            self.eof = True
            self.buffer += self._decoder.finish()
            return False
        self.buffer += self._decoder.decode(block)
        return True

    def where(self, pos: int | None = None) -> str:
        """``line L, column C`` of ``pos`` in the buffer (default: the reading position)."""
        at = self.pos if pos is None else pos
        before = self.buffer[:at]
        breaks = before.count("\n")
        column = at - before.rfind("\n") if breaks else self.line_start + at + 1
        return f"line {self.line + breaks}, column {column}"

    def fail(self, what: str, pos: int | None = None) -> InputError:
        return InputError(f"{self.label}: not valid JSON ({self.where(pos)}: {what})")

    def peek(self) -> str:
        """The next character that is not white space (without taking it); "" at the end."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _SPACE:
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def take(self, expected: str, what: str) -> None:
        if self.peek() != expected:
            raise self.fail(f"expected {what}")
        self.pos += 1

    def value(self) -> Any:
        """The next JSON value, decoded whole (the buffer grows until it holds all of it)."""
        self.peek()
        while True:
            try:
                found, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self.eof:
                    raise self.fail(error.msg, error.pos) from None
                # The value goes on in the next blocks: read as much again as it holds so far
                # (a value larger than a block is decoded in a few tries, not one per block).
                self._fill(2 * (len(self.buffer) - self.pos))
                continue
            if end == len(self.buffer) and not self.eof:
                self._fill()  # a number may go on in the next block: decode it again, whole
                continue
            self.pos = end
            return found


class _IncrementalUtf8:
    """UTF-8 (a byte order mark allowed) decoded block by block; a bad byte is one line."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()

    def decode(self, block: bytes) -> str:
        try:
            return self._decoder.decode(block)
        except UnicodeDecodeError:
            raise InputError(f"{self.label}: is not UTF-8 text; export the file again") from None

    def finish(self) -> str:
        try:
            return self._decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InputError(f"{self.label}: is not UTF-8 text; export the file again") from None


def _check_version(version: Any, label: str) -> None:
    known = " or ".join(str(number) for number in SCHEMA_VERSIONS)
    if isinstance(version, bool) or version not in SCHEMA_VERSIONS:
        raise InputError(
            f"{label}: a hipthrust backup of schema_version {json.dumps(version)}, which this "
            f"version of hipthrust does not read (it reads {known}): update hipthrust"
        )


def read_backup(file: IO[bytes], label: str, parts: BackupParts) -> Iterator[tuple[int, Any]]:
    """The backup's sets, ``(index, item)`` one at a time (``index`` from 0, in file order),
    as they are read; the other top-level values go into ``parts``.

    Raises InputError (naming ``label``) for broken JSON, a top level that is not an object,
    a repeated key, a ``schema_version`` not in ``SCHEMA_VERSIONS``, or a file without
    ``schema_version`` or ``sets`` (checked once the whole object is read).
    """
    reader = _Reader(file, label)
    if reader.peek() != "{":
        raise InputError(f"{label}: not a hipthrust backup (a JSON object is expected)")
    reader.pos += 1
    first = True
    while True:
        if reader.peek() == "}":
            reader.pos += 1
            break
        if not first:
            reader.take(",", "',' or '}' after a value")
        first = False
        if reader.peek() != '"':
            raise reader.fail("expected a key in double quotes")
        key = reader.value()
        reader.take(":", "':' after a key")
        if key in parts.keys:
            raise reader.fail(f"the key {key!r} is repeated")
        parts.keys.append(key)
        if key == "sets":
            yield from _sets(reader)
            continue
        found = reader.value()
        if key == "schema_version":
            _check_version(found, label)
            parts.schema_version = found
        elif key in ("athlete", "checkins", "assessments", "plans"):
            setattr(parts, key, found)
    if reader.peek() != "":
        raise reader.fail("extra data after the backup's object")
    for needed in ("schema_version", "sets"):
        if needed not in parts.keys:
            raise InputError(f"{label}: not a hipthrust backup (its top level has no {needed!r})")


def _sets(reader: _Reader) -> Iterator[tuple[int, Any]]:
    reader.take("[", "'[': sets is a list")
    index = 0
    if reader.peek() == "]":
        reader.pos += 1
        return
    while True:
        yield index, reader.value()
        index += 1
        after = reader.peek()
        reader.pos += 1
        if after == "]":
            return
        if after != ",":
            reader.pos -= 1
            raise reader.fail("expected ',' or ']' after a set")
