"""The list of command modules. Add one line here when a command module is added."""

from __future__ import annotations

import typer

__all__ = ["register_all"]


def register_all(app: typer.Typer) -> None:
    from hipthrust.cli import assess, exercises, plan, plates

    modules: tuple[object, ...] = (assess, exercises, plan, plates)
    for module in modules:
        module.register(app)  # type: ignore[attr-defined]
