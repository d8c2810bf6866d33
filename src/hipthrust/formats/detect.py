"""Which app wrote a CSV, from its header; whether a file is JSON (a hipthrust backup); or the
format a person forces with ``--format``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from hipthrust.errors import InputError
from hipthrust.formats.records import FORMATS, Format

__all__ = ["SIGNATURES", "detect_format", "looks_like_json", "parse_format_name"]

# The columns (lower case) whose presence together identifies each app's export. Checked in
# this order; the sets do not overlap, so at most one matches a real export.
SIGNATURES: Mapping[Format, frozenset[str]] = MappingProxyType(
    {
        "hevy": frozenset({"title", "start_time", "exercise_title", "set_type"}),
        "liftosaur": frozenset({"workout datetime", "exercise", "is warmup set?"}),
        "strong": frozenset({"date", "exercise name", "set order"}),
    }
)

_SHOWN_COLUMNS = 6


def looks_like_json(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a JSON object (a hipthrust backup): its first
    character, after a UTF-8 byte order mark and white space, is ``{``. No CSV export starts
    so: their first line is a header of column names."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    return text.startswith(b"{")


def parse_format_name(text: str) -> Format:
    """``"strong"``, ``"hevy"``, ``"liftosaur"`` or ``"hipthrust"`` for what a person typed,
    else InputError."""
    name = text.strip().lower()
    for candidate in FORMATS:
        if name == candidate:
            return candidate
    raise InputError(f"unknown format {text!r}: use {', '.join(FORMATS[:-1])} or {FORMATS[-1]}")


def detect_format(header: Iterable[str], name: str = "input", line: int = 1) -> Format:
    """The format whose signature columns the header holds; refuses any other CSV.

    ``name`` and ``line`` (the header's line) label the one-line message.
    """
    written = [column.strip() for column in header if column.strip()]
    columns = {column.lower() for column in written}
    for candidate, signature in SIGNATURES.items():
        if signature <= columns:
            return candidate
    shown = ", ".join(written[:_SHOWN_COLUMNS])
    if len(written) > _SHOWN_COLUMNS:
        shown += ", ..."
    raise InputError(
        f"{name} line {line}: not a Strong, Hevy or Liftosaur export (its header reads: "
        f"{shown or 'nothing'}); pass --format to force one"
    )
