"""The ``hipthrust`` command line: a thin shell over the pure packages and the service layer.

Each command lives in its own module with a ``register(app)`` function, imported only when its
command runs (``commands.COMMANDS``): ``hipthrust --version`` takes 0.05 s instead of 1.7 s,
and ``hipthrust analyze`` no longer loads the store and the web app first. ``main`` turns every
user error (and every usage error) into one readable line on standard error and a non-zero
exit status, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence

import click
import typer
from typer.core import TyperGroup

from hipthrust import __version__
from hipthrust.errors import HipthrustError

__all__ = ["app", "main"]


class _PlainHelpFormatter(click.HelpFormatter):
    """Help text as typed: Typer escapes ``[default: 4]`` and ``[required]`` for rich markup
    even when markup is off (``rich_markup_mode=None``), which printed ``\\[default: 4]``."""

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        plain = [(term, text.replace("\\[", "[")) for term, text in rows]
        super().write_dl(plain, col_max, col_spacing)


class _PlainHelpContext(click.Context):
    formatter_class = _PlainHelpFormatter


def _plain_help(command: click.Command) -> click.Command:
    """``command`` and its subcommands print their help with ``_PlainHelpFormatter``."""
    command.context_class = _PlainHelpContext
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _plain_help(sub)
    return command


class _CommandsOnDemand(TyperGroup):
    """The root group: a command's module is imported when the command is asked for."""

    context_class = _PlainHelpContext

    def list_commands(self, ctx: click.Context) -> list[str]:
        from hipthrust.cli.commands import COMMANDS

        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None:
            found = _load(cmd_name)
            if found is not None:
                self.add_command(_plain_help(found), cmd_name)
        return found


def _shell() -> typer.Typer:
    return typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)


def _load(name: str) -> click.Command | None:
    from hipthrust.cli import commands

    if name not in commands.COMMANDS:
        return None
    holder = _shell()
    commands.register(holder, name)
    holder.callback()(lambda: None)  # a group, even for a module with one command
    return typer.main.get_group(holder).get_command(click.Context(click.Group()), name)


app = typer.Typer(
    name="hipthrust",
    help="Coaching for the hip thrust: assess, plan, log, decide, and watch the set.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=_CommandsOnDemand,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hipthrust {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Coaching for the hip thrust: assess, plan, log, decide, and watch the set."""


@functools.cache
def _command() -> click.Command:
    """The click command of ``app``; its subcommands load on demand."""
    return typer.main.get_command(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return (and exit with) the process status."""
    command = _command()
    try:
        result = command.main(args=argv, prog_name="hipthrust", standalone_mode=False)
    except click.exceptions.Exit as stop:
        code = stop.exit_code
    except click.exceptions.Abort:
        sys.stderr.write("hipthrust: aborted\n")
        code = 130
    except click.ClickException as error:
        sys.stderr.write(f"hipthrust: error: {error.format_message()}\n")
        code = error.exit_code or 2
    except HipthrustError as error:
        sys.stderr.write(f"hipthrust: error: {error.cli}\n")
        code = 2
    except KeyboardInterrupt:
        sys.stderr.write("hipthrust: interrupted\n")
        code = 130
    else:
        code = result if isinstance(result, int) else 0
    if argv is None:
        sys.exit(code)
    return code
