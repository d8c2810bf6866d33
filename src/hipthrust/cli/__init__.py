"""The ``hipthrust`` command line: a thin shell over the pure packages and the service layer.

Each command lives in its own module with a ``register(app)`` function. ``main`` turns every
user error (and every usage error) into one readable line on standard error and a non-zero
exit status, never a traceback.
"""

from __future__ import annotations

import functools
import sys

import click
import typer

from hipthrust import __version__
from hipthrust.errors import HipthrustError

__all__ = ["app", "main"]

app = typer.Typer(
    name="hipthrust",
    help="Coaching for the hip thrust: assess, plan, log, decide, and watch the set.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
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
    """Register every command module on ``app`` (once) and build the click command."""
    from hipthrust.cli import commands

    commands.register_all(app)
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
        sys.stderr.write(f"hipthrust: error: {error}\n")
        code = 2
    except KeyboardInterrupt:
        sys.stderr.write("hipthrust: interrupted\n")
        code = 130
    else:
        code = result if isinstance(result, int) else 0
    if argv is None:
        sys.exit(code)
    return code
