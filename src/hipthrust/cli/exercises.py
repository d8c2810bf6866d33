"""``hipthrust exercises``: the catalogue of bridge and hip thrust variations."""

from __future__ import annotations

from enum import StrEnum

import click
import typer
from rich.table import Table

from hipthrust.cli.output import console, print_json
from hipthrust.coaching.catalogue import CATALOGUE, Variation, find_variation, variation
from hipthrust.coaching.free_exercise_db import to_free_exercise_db
from hipthrust.coaching.ladder import LADDER
from hipthrust.errors import InputError
from hipthrust.service.exercises import HowTo, how_to

__all__ = ["ExportFormat", "register", "select_variations"]


class ExportFormat(StrEnum):
    TABLE = "table"
    FREE_EXERCISE_DB = "free-exercise-db"


def select_variations(variation_id: str | None, rung: int | None) -> tuple[Variation, ...]:
    """One variation by id (or a name people use), or the catalogue, optionally one rung's."""
    if variation_id is not None:
        return (find_variation(variation_id) or variation(variation_id),)
    if rung is None:
        return CATALOGUE
    if not 0 <= rung < len(LADDER):
        raise InputError(f"rung must be from 0 to {len(LADDER) - 1}, not {rung}")
    return tuple(item for item in CATALOGUE if rung in item.rungs)


def _print_list(items: tuple[Variation, ...]) -> None:
    table = Table(title="Bridge and hip thrust variations")
    table.add_column("id", no_wrap=True)
    table.add_column("name")
    table.add_column("rungs", justify="right", no_wrap=True)
    for item in items:
        table.add_row(item.id, item.name, ", ".join(str(number) for number in item.rungs))
    console.print(table)
    console.print("Show one in full: hipthrust exercises --id ID")


def _print_one(how: HowTo) -> None:
    """The how-to (``service.exercises``, as the how-to page shows it), with the ladder."""
    item = how.variation
    console.print(f"[bold]{how.name}[/bold]  ({item.id})")
    console.print(how.summary)
    rungs = "; ".join(f"{n} ({LADDER[n].name})" for n in item.rungs)
    console.print(f"Ladder rung: {rungs}")
    console.print(f"Primary muscles: {', '.join(how.primary_muscles)}")
    console.print(f"Secondary: {', '.join(how.secondary_muscles)}")
    console.print(f"Equipment: {'; '.join(how.equipment)}")
    for title, steps in (("Setup", how.setup), ("Execution", how.execution)):
        console.print(f"\n[bold]{title}[/bold]")
        for number, step in enumerate(steps, start=1):
            console.print(f"  {number}. {step}")
    table = Table(title="Common mistakes", show_lines=True)
    table.add_column("mistake")
    table.add_column("how it shows")
    table.add_column("fix")
    for mistake in how.mistakes:
        table.add_row(mistake.name, mistake.sign, mistake.fix)
    console.print()
    console.print(table)
    console.print("Pictures of the bottom and top positions: the web app's how-to page.")


def register(app: typer.Typer) -> None:
    @app.command("exercises")
    def exercises_command(
        variation_id: str | None = typer.Option(
            None,
            "--id",
            help="Show one variation in full, by id (e.g. barbell_hip_thrust) or a common name.",
        ),
        rung: int | None = typer.Option(
            None, "--rung", help="Only the variations of this ladder rung (0-6)."
        ),
        export: str = typer.Option(
            ExportFormat.TABLE.value,
            "--format",
            click_type=click.Choice([item.value for item in ExportFormat]),
            help="table (default), or free-exercise-db to export in that database's JSON schema.",
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print the full catalogue data as JSON for scripts."
        ),
    ) -> None:
        """List the bridge and hip thrust variations, show one in full, or export them."""
        items = select_variations(variation_id, rung)
        single = variation_id is not None
        if export == ExportFormat.FREE_EXERCISE_DB:
            exported = to_free_exercise_db(items)
            print_json(exported[0] if single else exported)
        elif as_json:
            data = [item.to_json() for item in items]
            print_json(data[0] if single else data)
        elif single:
            _print_one(how_to(items[0].id))
        else:
            _print_list(items)
