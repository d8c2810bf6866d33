"""``hipthrust comments``: the coach's comments on the local athlete's sets, videos and days.

hipthrust comments
hipthrust comments --since 2026-11-01 --json

Comments are written on the web by the athlete's coach (docs/web.md, "Comments"); the
command line reads them from the same log.
"""

from __future__ import annotations

import typer
from rich.table import Table

from hipthrust.cli.common import ATHLETE_OPTION, DATABASE_OPTION, JSON_OPTION
from hipthrust.cli.output import console, print_json
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.comments import Comments, comments_for
from hipthrust.service.scope import athlete_scope
from hipthrust.service.set_entry import read_day

__all__ = ["register", "render_comments"]

_ON = {"set": "a set", "video": "a video", "day": "the day"}


def render_comments(found: Comments) -> None:
    """One table: the day, what the comment is on, who wrote it and when, the text."""
    name = found.athlete.shown_name
    if not found.items:
        typer.echo(f"No comments for {name} yet.")
        return
    table = Table(title=f"Comments for {name}", title_justify="left")
    for column in ("day", "on", "from", "comment"):
        table.add_column(column, overflow="fold")
    for comment in found.items:
        on = _ON[comment.target]
        if comment.target == "set" and comment.set_id is None:
            on = "a set since removed"
        elif comment.set_id is not None:
            on = f"set {comment.set_id}"
        elif comment.analysis_id is not None:
            on = f"video {comment.analysis_id}"
        table.add_row(
            comment.day.isoformat(), on, f"{comment.author}, {comment.when}", comment.text
        )
    console.print(table, markup=False)


def register(app: typer.Typer) -> None:
    @app.command("comments")
    def comments_command(
        since: str | None = typer.Option(
            None, "--since", help="First day to show, e.g. 2026-11-01."
        ),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Show the coach's comments on your sets, videos and days (written on the web)."""
        first = None if since is None else read_day(since, "first day", "--since")
        with athlete_scope(athlete, database, reading=True) as scope:
            found = comments_for(scope.session, LOCAL_OWNER, scope.athlete.id, since=first)
        if as_json:
            print_json(found.to_json())
            return
        render_comments(found)
