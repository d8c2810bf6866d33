from __future__ import annotations

import click
import pytest
import typer

from hipthrust.cli import app, main


def _commands() -> list[tuple[str, click.Command]]:
    main(["--version"])  # registers every command module
    group = typer.main.get_command(app)
    assert isinstance(group, click.Group)
    return sorted(group.commands.items())


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("hipthrust ")


def test_every_command_has_help_text() -> None:
    for name, command in _commands():
        assert command.help, f"command {name!r} has no help text"
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert param.help, f"option {param.name!r} of {name!r} has no help text"


def test_unknown_command_is_one_line_and_nonzero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-command"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("hipthrust: error:")
    assert err.count("\n") == 1
