from __future__ import annotations

import click
import pytest
import typer

from hipthrust.cli import app, main


def _commands() -> list[tuple[str, click.Command]]:
    group = typer.main.get_command(app)
    assert isinstance(group, click.Group)
    context = click.Context(group)
    found = [(name, group.get_command(context, name)) for name in group.list_commands(context)]
    return [(name, command) for name, command in found if command is not None]


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


def test_every_command_module_is_listed_and_loads() -> None:
    from hipthrust.cli.commands import COMMANDS

    names = [name for name, _ in _commands()]
    assert names == sorted(COMMANDS)


def test_a_command_loads_only_its_own_module() -> None:
    import subprocess
    import sys

    script = (
        "import sys; from hipthrust.cli import main; main(['plates', '100kg']); "
        "print('sqlalchemy' in sys.modules, 'hipthrust.cli.analyze' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "False False"
