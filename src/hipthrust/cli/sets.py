"""``hipthrust sets``: the logged sets with their numbers, and fixing a mistake in one.

    hipthrust sets                       # the latest sets, each with its number
    hipthrust sets edit 42 --pain 1      # a mis-typed pain 6 was 1
    hipthrust sets delete 42
    hipthrust sets changes               # every change made to the log: who, when, what

Every change is recorded; the next session (``hipthrust next``) is decided from the corrected
log. The same use cases serve the web's "Fix" and "Undo".
"""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from hipthrust.cli.common import ATHLETE_OPTION, DATABASE_OPTION, JSON_OPTION
from hipthrust.cli.output import print_json
from hipthrust.coaching.catalogue import display_name
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.athlete_portal import (
    sets_of,
)
from hipthrust.service.corrections import (
    SetEdit,
    changes_of,
    delete_set_for,
    describe_change,
    edit_set_for,
)
from hipthrust.service.scope import athlete_scope
from hipthrust.service.training import describe_set

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="List the logged sets with their numbers; fix or remove one.",
        invoke_without_command=True,
        rich_markup_mode=None,
    )

    @group.callback()
    def sets_command(
        ctx: typer.Context,
        limit: int = typer.Option(3, "--limit", help="The latest N days (0: all)."),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """List the latest sets, each with the number that edit and delete take."""
        if ctx.invoked_subcommand is not None:
            return
        with athlete_scope(athlete, database) as scope:
            history = sets_of(
                scope.session, LOCAL_OWNER, scope.athlete.id, datetime.now(UTC), limit=limit
            )
        if as_json:
            print_json(history.to_json())
            return
        if not history.days:
            typer.echo(f"Nothing in the log of {history.athlete.name} to show.")
        for day in history.days:
            for logged in day.sets:
                when = logged.record.performed_at.astimezone(history.athlete.zone)
                typer.echo(
                    f"#{logged.id}  {when:%Y-%m-%d %H:%M}  "
                    f"{display_name(logged.record.variation)}: "
                    f"{describe_set(logged.record, history.units)}"
                )

    @group.command("edit")
    def edit_command(
        set_id: int = typer.Argument(
            ..., metavar="NUMBER", help="The set's number (hipthrust sets)."
        ),
        reps: int | None = typer.Option(None, "--reps", help="Reps (left side for one leg)."),
        right: int | None = typer.Option(None, "--right", help="Right-side reps."),
        load: str | None = typer.Option(
            None, "--load", help='100kg, 225lb, bare in your units, "bw".'
        ),
        hold: str | None = typer.Option(None, "--hold", help="Seconds held at the top."),
        rpe: float | None = typer.Option(None, "--rpe", help="Effort 1-10, half points."),
        pain: int | None = typer.Option(None, "--pain", help="Pain during the set, 0-10."),
        notes: str | None = typer.Option(None, "--notes", help="The set's note."),
        at: str | None = typer.Option(None, "--at", help='When, e.g. "2026-11-20 18:30".'),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Fix a logged set: the values given replace the stored ones; the change is recorded."""
        edit = SetEdit(
            reps=reps, right=right, load=load, hold=hold, rpe=rpe, pain=pain, notes=notes, at=at
        )
        with athlete_scope(athlete, database) as scope:
            fixed = edit_set_for(
                scope.session, LOCAL_OWNER, scope.athlete.id, set_id, edit, datetime.now(UTC)
            )
        if as_json:
            print_json(fixed.to_json())
            return
        units = fixed.athlete.units
        after = "" if fixed.after is None else describe_set(fixed.after, units)
        typer.echo(f"Set #{set_id} was {describe_set(fixed.before, units)}; now {after}.")

    @group.command("delete")
    def delete_command(
        set_id: int = typer.Argument(
            ..., metavar="NUMBER", help="The set's number (hipthrust sets)."
        ),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Remove a logged set; what it was is recorded."""
        with athlete_scope(athlete, database) as scope:
            removed = delete_set_for(
                scope.session, LOCAL_OWNER, scope.athlete.id, set_id, datetime.now(UTC)
            )
        if as_json:
            print_json(removed.to_json())
            return
        typer.echo(
            f"Removed set #{set_id}: {display_name(removed.before.variation)}, "
            f"{describe_set(removed.before, removed.athlete.units)}."
        )

    @group.command("changes")
    def changes_command(
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Every change made to the log, newest first: who, when, what it was."""
        with athlete_scope(athlete, database) as scope:
            found_athlete, found = changes_of(scope.session, LOCAL_OWNER, scope.athlete.id)
        if as_json:
            print_json(
                {
                    "athlete": found_athlete.name,
                    "changes": [change.to_json() for change in found],
                }
            )
            return
        if not found:
            typer.echo("Nothing has been changed.")
        for change in found:
            when = change.changed_at.astimezone(found_athlete.zone)
            what, was, now = describe_change(change, found_athlete.units)
            number = f" #{change.subject_id}" if change.subject == "set" else ""
            after = f"; now {now}" if now else ""
            typer.echo(
                f"{when:%Y-%m-%d %H:%M}  {change.changed_by_name} ({change.action}){number} "
                f"{what}: was {was}{after}."
            )

    app.add_typer(group, name="sets")
