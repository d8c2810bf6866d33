"""Reading a JSON file a person names: every problem is one sentence that names the file."""

from __future__ import annotations

import json
from pathlib import Path

from hipthrust.errors import InputError

__all__ = ["read_json_file"]


def read_json_file(path: Path) -> object:
    """The decoded JSON of ``path``, or InputError: missing, a folder, unreadable, not JSON."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot be read ({error.__class__.__name__})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
