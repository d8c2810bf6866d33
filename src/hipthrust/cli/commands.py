"""The command modules, by command name. Add one line here when a command module is added.

A command's module is imported only when that command runs (or when help lists them all):
``hipthrust plates`` need not import SQLAlchemy, the pose model or the web app.
"""

from __future__ import annotations

import importlib

import typer

__all__ = ["COMMANDS", "register", "register_all"]

COMMANDS: dict[str, str] = {
    "analyze": "analyze",
    "assess": "assess",
    "athletes": "athletes",
    "checkin": "checkin",
    "comments": "comments",
    "exercises": "exercises",
    "export": "export",
    "history": "history",
    "import": "importing",
    "log": "log",
    "next": "next",
    "plan": "plan",
    "plates": "plates",
    "progress": "progress",
    "questions": "questions",
    "serve": "serve",
    "sets": "sets",
    "users": "users",
    "worker": "worker",
}


def register(app: typer.Typer, name: str) -> None:
    """Register the command ``name`` (from its module) on ``app``."""
    module = importlib.import_module(f"hipthrust.cli.{COMMANDS[name]}")
    module.register(app)


def register_all(app: typer.Typer) -> None:
    for name in COMMANDS:
        register(app, name)
