"""``hipthrust checkin``: the next-morning pain (and bodyweight), one check-in a day.

    hipthrust checkin --pain 1
    hipthrust checkin --pain 3 --bodyweight 81.5kg --date 2026-11-21

A second check-in on the same day replaces the values it gives, and says so.
"""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from hipthrust.cli.common import ATHLETE_OPTION, DATABASE_OPTION, JSON_OPTION
from hipthrust.cli.output import print_json
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.athlete_portal import check_in_for
from hipthrust.service.scope import athlete_scope

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("checkin")
    def checkin_command(
        pain: int | None = typer.Option(
            None, "--pain", help="Pain this morning, 0-10 (the morning after training)."
        ),
        bodyweight: str | None = typer.Option(
            None, "--bodyweight", help="Bodyweight, e.g. 80kg or 176lb (bare: your units)."
        ),
        day: str | None = typer.Option(
            None, "--date", help="The day of the check-in, e.g. 2026-11-21 (default today)."
        ),
        notes: str = typer.Option("", "--notes", help="A note for the day."),
        units: str | None = typer.Option(
            None, "--units", help="kg or lb for a bare bodyweight and the reply."
        ),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Check in: pain the morning after training, and optionally bodyweight."""
        now = datetime.now(UTC)
        with athlete_scope(athlete, database) as scope:
            checked = check_in_for(
                scope.session,
                LOCAL_OWNER,
                scope.athlete.id,
                now,
                pain=pain,
                bodyweight=bodyweight,
                day=day,
                notes=notes,
                units=units,
            )
        if as_json:
            print_json(checked.to_json())
            return
        typer.echo(checked.line)
