"""``hipthrust history``: the log by day, sets and next-morning check-ins side by side.

hipthrust history
hipthrust history --since 2026-11-01 --exercise "barbell hip thrust" --json
"""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from rich.table import Table

from hipthrust.cli.common import ATHLETE_OPTION, DATABASE_OPTION, JSON_OPTION
from hipthrust.cli.output import console, print_json
from hipthrust.coaching.catalogue import variation_name
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.athlete_portal import sets_of
from hipthrust.service.scope import athlete_scope
from hipthrust.service.training import History, checkin_summary, describe_set

__all__ = ["register", "render_history"]


def _runs(texts: list[str]) -> str:
    """Identical sets in a row said once with a count: ``100 kg x 8 @8 (x3); 100 kg x 7``."""
    parts: list[str] = []
    count = 0
    for index, text in enumerate(texts):
        count += 1
        if index + 1 == len(texts) or texts[index + 1] != text:
            parts.append(text if count == 1 else f"{text} (x{count})")
            count = 0
    return "; ".join(parts)


def render_history(history: History) -> None:
    """One table: a row per day and exercise, the day's check-in on its first row."""
    if not history.days:
        typer.echo(f"Nothing in the log of {history.athlete.name} to show.")
        return
    table = Table(title=f"Training log of {history.athlete.name}", title_justify="left")
    for column in ("date", "exercise", "sets", "check-in"):
        table.add_column(column)
    for day in history.days:
        checkin = "" if day.checkin is None else checkin_summary(day.checkin, history.units)
        by_exercise: dict[str, list[str]] = {}
        for logged in day.sets:
            text = describe_set(logged.record, history.units)
            by_exercise.setdefault(logged.record.variation, []).append(text)
        label = day.day.strftime("%a %Y-%m-%d")
        if not by_exercise:
            table.add_row(label, "", "", checkin)
            continue
        for index, (exercise, texts) in enumerate(by_exercise.items()):
            table.add_row(
                label if index == 0 else "",
                variation_name(exercise),
                _runs(texts),
                checkin if index == 0 else "",
            )
    console.print(table)


def register(app: typer.Typer) -> None:
    @app.command("history")
    def history_command(
        since: str | None = typer.Option(
            None, "--since", help="First day to show, e.g. 2026-11-01."
        ),
        exercise: str | None = typer.Option(
            None, "--exercise", help='Only this exercise, e.g. "barbell hip thrust".'
        ),
        limit: int = typer.Option(20, "--limit", help="Show the latest N days (0: all)."),
        units: str | None = typer.Option(None, "--units", help="kg or lb (default: yours)."),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Show the training log by day: sets, pain and check-ins."""
        now = datetime.now(UTC)
        with athlete_scope(athlete, database, reading=True) as scope:
            history = sets_of(
                scope.session,
                LOCAL_OWNER,
                scope.athlete.id,
                now,
                since=since,
                exercise=exercise,
                limit=limit,
                units=units,
            )
        if as_json:
            print_json(history.to_json())
            return
        render_history(history)
