"""What no database can keep, refused with one sentence before (or instead of) a driver error.

- Text with a NUL character (U+0000) or a lone UTF-16 surrogate (``"\\ud800"``, which JSON can
  carry but UTF-8 cannot): PostgreSQL refuses the first, every driver the second. Checked on
  every string column of every row written through a session (``refuse_unstorable_text``, a
  ``before_flush`` hook), so SQLite and PostgreSQL refuse the same names and notes.
- The same for text written by a statement rather than a flushed row (an ``INSERT`` built by
  hand, a search by e-mail): ``refuse_unstorable_parameters``, a ``before_cursor_execute``
  hook, checks every string parameter.
- The driver's own complaints about a value, whatever the statement (a read by an id too
  large for a 64-bit integer, a NUL in a searched e-mail): ``plain_driver_error``, a
  ``handle_error`` hook on the engine, turns them into ``InputError``. Any other database
  error is left as it is (a bug or an outage, not the user's input).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.orm import Session, UOWTransaction

from hipthrust.errors import InputError

__all__ = [
    "MAX_ID",
    "TOO_LARGE_NUMBER",
    "plain_driver_error",
    "refuse_unstorable_parameters",
    "refuse_unstorable_text",
    "unstorable",
]

MAX_ID = 2**63 - 1  # the largest id (and integer) the databases hold
TOO_LARGE_NUMBER = f"a number is too large: ids and counts go up to {MAX_ID}"
_NUL = "the character U+0000 (a NUL byte)"
_SURROGATE = "a lone surrogate such as \\ud800 (half a character, which UTF-8 cannot carry)"


def unstorable(text: str) -> str | None:
    """What in ``text`` cannot be stored (words for a sentence), or None when all can."""
    if "\x00" in text:
        return _NUL
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE
    return None


def refuse_unstorable_text(session: Session, context: UOWTransaction, instances: Any) -> None:
    """``before_flush``: every string about to be written must be storable."""
    for row in (*session.new, *session.dirty):
        state = inspect(row)
        changed: Iterable[str] = (
            state.dict.keys() if row in session.new else state.committed_state.keys()
        )
        for key in changed:
            value = state.dict.get(key)
            if isinstance(value, str) and (why := unstorable(value)) is not None:
                raise InputError(f"the {key.replace('_', ' ')} cannot contain {why}")


def refuse_unstorable_parameters(
    connection: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
) -> None:
    """``before_cursor_execute``: no string parameter may hold what no database keeps.

    A batch of rows (an import's ``executemany``, thousands of rows) is checked in one pass:
    its strings are joined and the joined text searched once (joining can neither make nor
    hide a NUL or a lone surrogate). Only when that finds something, or the parameters nest
    deeper than rows of plain values, are the values walked one by one, so the message is
    always that of the first unstorable value.
    """
    texts = _flat_texts(parameters)
    if texts is not None and unstorable("".join(texts)) is None:
        return
    for value in _values(parameters):
        if isinstance(value, str) and (why := unstorable(value)) is not None:
            raise InputError(f"text cannot contain {why}")


_CONTAINERS = (dict, list, tuple)


def _flat_texts(parameters: Any) -> list[str] | None:
    """The strings of a mapping, a row, or a list of rows of plain values; None when the
    parameters are shaped otherwise (a value that is itself a container, a str subclass)."""
    if isinstance(parameters, dict):
        values: list[Any] = list(parameters.values())
    elif isinstance(parameters, list | tuple):
        kinds = set(map(type, parameters))
        if kinds <= {tuple, list}:
            values = list(itertools.chain.from_iterable(parameters))
        elif kinds == {dict}:
            values = list(itertools.chain.from_iterable(map(dict.values, parameters)))
        else:
            values = list(parameters)
    else:
        values = [parameters]
    kinds = set(map(type, values))
    if any(kind is not str and issubclass(kind, (str, *_CONTAINERS)) for kind in kinds):
        return None
    return [value for value in values if value.__class__ is str]


def _values(parameters: Any) -> Iterable[Any]:
    """Every value of a statement's parameters (a mapping, a sequence, or many of them)."""
    if isinstance(parameters, dict):
        parameters = parameters.values()
    elif not isinstance(parameters, list | tuple):
        yield parameters
        return
    for item in parameters:
        if isinstance(item, dict | list | tuple):
            yield from _values(item)
        else:
            yield item


def plain_driver_error(context: ExceptionContext) -> None:
    """``handle_error``: a value the driver cannot take becomes one sentence."""
    error = context.original_exception
    if isinstance(error, InputError):  # refused by the hooks above: as it is
        raise error
    text = str(error)
    if isinstance(error, OverflowError) and "int too large" in text:
        raise InputError(TOO_LARGE_NUMBER) from None
    if type(error).__name__ == "NumericValueOutOfRange":
        raise InputError(TOO_LARGE_NUMBER) from None
    if isinstance(error, UnicodeEncodeError):
        raise InputError(f"text cannot contain {_SURROGATE}") from None
    if "NUL (0x00)" in text:  # psycopg: PostgreSQL text fields cannot contain NUL bytes
        raise InputError(f"text cannot contain {_NUL}") from None
