"""Options every command that reads or writes the training log shares."""

from __future__ import annotations

import typer

__all__ = ["ATHLETE_OPTION", "DATABASE_OPTION", "JSON_OPTION"]

ATHLETE_OPTION = typer.Option(
    None,
    "--athlete",
    "-a",
    envvar="HIPTHRUST_ATHLETE",
    show_envvar=False,
    help=(
        "Whose log to use (default: HIPTHRUST_ATHLETE, else the only athlete no web account"
        " owns, such as me)."
    ),
)
DATABASE_OPTION = typer.Option(
    None,
    "--database",
    envvar="HIPTHRUST_DATABASE_URL",
    show_envvar=False,
    help="Database URL (default: HIPTHRUST_DATABASE_URL, else a SQLite file in your data folder).",
)
JSON_OPTION = typer.Option(False, "--json", help="Print JSON for scripts instead of tables.")
