"""Shared helpers for the format tests: the fixture files and single-line edits of them."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_text(name: str) -> str:
    """The text of a fixture file, exactly as stored."""
    return (FIXTURES / name).read_bytes().decode("utf-8")


def with_line(text: str, line: int, old: str, new: str) -> str:
    """``text`` with the first ``old`` on 1-based ``line`` replaced by ``new``."""
    lines = text.splitlines(keepends=True)
    assert old in lines[line - 1], f"{old!r} is not on line {line}: {lines[line - 1]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "".join(lines)
