"""``hipthrust users``: the web app's accounts, for the server's owner.

    hipthrust users reset-link ann@example.com                   # a one-time link, printed
    hipthrust users reset-link ann@example.com --url https://gym.example.org

A reset link needs no e-mail server: the owner (or a coach) hands it to the person, who opens
it and chooses a new password. It works once, for 24 hours; only a hash of it is stored, and
using it signs the account out everywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

import typer

from hipthrust.cli.common import DATABASE_OPTION
from hipthrust.errors import InputError
from hipthrust.service.accounts import make_reset_link
from hipthrust.service.scope import store_scope

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="The web app's accounts: make a one-time password reset link.",
        no_args_is_help=True,
        rich_markup_mode=None,
    )

    @group.command("reset-link")
    def reset_link_command(
        email: str = typer.Argument(..., help="The account's e-mail."),
        url: str = typer.Option(
            "http://127.0.0.1:8000",
            "--url",
            help="Where people open the web app (the link starts with it).",
        ),
        database: str | None = DATABASE_OPTION,
    ) -> None:
        """Print a one-time link (24 hours) to choose a new password for EMAIL."""
        base = url.strip().rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise InputError(f"--url {url} is not a web address: start it with https://")
        with store_scope(database) as (_store, session):
            link = make_reset_link(session, email, datetime.now(UTC))
        typer.echo(f"{base}/reset/{quote(link.token, safe='')}")
        expires = link.expires_at.strftime("%Y-%m-%d %H:%M UTC")
        typer.echo(f"for {link.email}, once, until {expires}", err=True)

    app.add_typer(group, name="users")
