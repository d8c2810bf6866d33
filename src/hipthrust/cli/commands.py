"""The list of command modules. Add one line here when a command module is added."""

from __future__ import annotations

import typer

__all__ = ["register_all"]


def register_all(app: typer.Typer) -> None:
    from hipthrust.cli import (
        analyze,
        assess,
        athletes,
        checkin,
        exercises,
        export,
        history,
        importing,
        log,
        plan,
        plates,
        progress,
        serve,
        worker,
    )
    from hipthrust.cli import next as next_command

    modules: tuple[object, ...] = (
        analyze,
        assess,
        athletes,
        checkin,
        exercises,
        export,
        history,
        importing,
        log,
        next_command,
        plan,
        plates,
        progress,
        serve,
        worker,
    )
    for module in modules:
        module.register(app)  # type: ignore[attr-defined]
