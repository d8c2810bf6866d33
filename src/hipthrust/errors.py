"""The errors a person sees.

A leaf module with no imports from the rest of the package, so the pure packages
(`coaching`, `motion`) may raise these without depending on any edge.
"""

__all__ = ["AccessDenied", "HipthrustError", "InputError", "NotSignedIn"]


class HipthrustError(Exception):
    """Something the user can fix; the message is one plain sentence shown as is."""


class InputError(HipthrustError, ValueError):
    """A value, a file or a flag that cannot be accepted as given."""


class AccessDenied(HipthrustError):
    """The signed-in person may not see or change this (another athlete's data, say)."""


class NotSignedIn(HipthrustError):
    """Nobody is signed in, or the session has ended."""
