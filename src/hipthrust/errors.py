"""The errors a person sees.

A leaf module with no imports from the rest of the package, so the pure packages
(`coaching`, `motion`) may raise these without depending on any edge. A message that the
command line words its own way (naming ``--since`` or ``hipthrust assess``) is a ``Phrase``:
the web shows the neutral sentence, the CLI its own.
"""

from __future__ import annotations

__all__ = ["AccessDenied", "HipthrustError", "InputError", "NotSignedIn", "Phrase", "for_cli"]


class Phrase(str):
    """A sentence every shell shows as it is (the web pages, the API), which the command line
    says its own way when naming a command or a flag helps there: ``Phrase("cannot read
    'x' as the first day ...", cli="cannot read --since 'x' as a day ...")``.

    It is a ``str`` (the neutral sentence), so it goes wherever text goes; the CLI prints
    ``for_cli(text)``. Text built from it with f-strings is the neutral sentence only.
    """

    cli: str

    def __new__(cls, text: str, cli: str | None = None) -> Phrase:
        phrase = super().__new__(cls, text)
        phrase.cli = text if cli is None else cli
        return phrase

    def __reduce__(self) -> tuple[type[Phrase], tuple[str, str]]:
        return Phrase, (str(self), self.cli)


def for_cli(text: object) -> str:
    """How the command line says ``text``: a ``Phrase``'s (or an error's) ``cli``, else as is."""
    if isinstance(text, HipthrustError):
        return text.cli
    return text.cli if isinstance(text, Phrase) else str(text)


class HipthrustError(Exception):
    """Something the user can fix; the message is one plain sentence shown as is.

    ``str(error)`` is what every shell shows; ``error.cli`` is how the command line says it
    (the message's ``Phrase.cli`` when it is a ``Phrase``)."""

    @property
    def cli(self) -> str:
        message = self.args[0] if len(self.args) == 1 else None
        return message.cli if isinstance(message, Phrase) else str(self)


class InputError(HipthrustError, ValueError):
    """A value, a file or a flag that cannot be accepted as given."""


class AccessDenied(HipthrustError):
    """The signed-in person may not see or change this (another athlete's data, say)."""


class NotSignedIn(HipthrustError):
    """Nobody is signed in, or the session has ended."""
