"""``hipthrust next``: the next session, decided from the log: advance, hold, regress, deload.

    hipthrust next
    hipthrust next --json
    hipthrust next --date 2026-11-26

It only reads: the rung is derived from the assessment, a chosen rung and the log
(``coaching.placement``), so asking twice gives the same answer and changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from rich.table import Table

from hipthrust.cli.common import ATHLETE_OPTION, DATABASE_OPTION, JSON_OPTION
from hipthrust.cli.output import console, print_json
from hipthrust.coaching.catalogue import variation_name
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.prescription import dose_text, load_text
from hipthrust.coaching.units import Units
from hipthrust.errors import for_cli
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.athlete_portal import next_for
from hipthrust.service.decide import NextSession
from hipthrust.service.scope import athlete_scope
from hipthrust.service.set_entry import read_day

__all__ = ["register", "render_next"]


def render_next(result: NextSession) -> None:
    """The decision, its reasons, the session table (loads in the athlete's units), notes."""
    decision = result.decision
    units: Units = result.athlete.units
    rung = LADDER[decision.rung]
    when = result.next_day.strftime(" on %a %Y-%m-%d") if result.next_day else ""
    typer.echo(
        f"Next session for {result.athlete.name}{when}: {decision.kind.label}, "
        f"rung {rung.number} ({rung.name})."
    )
    for note in result.notes:
        typer.echo(f"  {for_cli(note)}")
    typer.echo("Why:")
    for reason in decision.reasons:
        typer.echo(f"  - {for_cli(reason)}")
    if decision.session:
        table = Table(title_justify="left")
        for column in ("exercise", "sets x reps", "load", "hold", "tempo", "RPE max"):
            table.add_column(column)
        for item in decision.session:
            table.add_row(
                variation_name(item.variation),
                dose_text(item, "/side"),
                load_text(item, units),
                f"{item.hold_s:g} s" if item.hold_s else "",
                item.tempo,
                "" if item.rpe_max is None else f"{item.rpe_max:g}",
            )
        console.print(table)
        notes = [note for item in decision.session for note in item.notes]
        if notes:
            typer.echo("Notes:")
            for note in dict.fromkeys(notes):
                typer.echo(f"  - {for_cli(note)}")


def register(app: typer.Typer) -> None:
    @app.command("next")
    def next_command(
        day: str | None = typer.Option(
            None, "--date", help="Decide as of this day, e.g. 2026-11-26 (default today)."
        ),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """The next session: advance, hold, regress or deload, with the reasons."""
        now = datetime.now(UTC)
        chosen = None if day is None else read_day(day, "day", "--date")
        with athlete_scope(athlete, database, reading=True) as scope:
            result = next_for(scope.session, LOCAL_OWNER, scope.athlete.id, now, chosen)
        if as_json:
            print_json(result.to_json())
            return
        render_next(result)
