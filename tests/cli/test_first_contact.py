"""A new user's first minutes: help that reads as typed, and the README's commands working as
written after people signed up on the web (issue 16, item 8)."""

from __future__ import annotations

import json

import pytest

from hipthrust.cli import main
from hipthrust.cli.commands import COMMANDS
from hipthrust.service.accounts import sign_up
from hipthrust.service.scope import store_scope


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _command_paths() -> list[list[str]]:
    paths: list[list[str]] = [[]]
    for name in sorted(COMMANDS):
        paths.append([name])
    paths += [["athletes", "add"], ["athletes", "set"], ["export", "plan"], ["users", "reset-link"]]
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "root")
def test_help_shows_no_markup_escapes(capsys: pytest.CaptureFixture[str], path: list[str]) -> None:
    code, out, err = run(capsys, *path, "--help")
    assert (code, err) == (0, "")
    assert "\\[" not in out
    assert "Usage: hipthrust" in out


def test_help_still_says_what_is_required_and_the_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = run(capsys, "plates", "--help")[1]
    assert "[required]" in out
    out = run(capsys, "log", "--help")[1]
    assert "[default: 1]" in out


def _web_sign_ups() -> None:
    with store_scope() as (_, session):
        for name in ("Ana", "Ben"):
            sign_up(session, f"{name.lower()}@example.com", "a long password 1", "athlete", name)


def _logged_athlete(capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    code, out, err = run(capsys, "log", "glute bridge x 10", "--json", *extra)
    assert (code, err) == (0, "")
    athlete: str = json.loads(out)["athlete"]
    return athlete


def test_readme_commands_work_as_written_after_web_sign_ups(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _web_sign_ups()
    names = [a["name"] for a in json.loads(run(capsys, "athletes", "--json")[1])["athletes"]]
    assert sorted(names) == ["Ana", "Ben", "me"]
    assert _logged_athlete(capsys) == "me"
    code, out, err = run(capsys, "next", "--json")
    assert (code, err) == (0, "") and json.loads(out)["athlete"] == "me"
    assert run(capsys, "history")[0] == 0
    # a web athlete's log is used only when named
    assert _logged_athlete(capsys, "--athlete", "Ana") == "Ana"


def test_hipthrust_athlete_picks_the_athlete(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "athletes", "add", "sam")[0] == 0
    monkeypatch.setenv("HIPTHRUST_ATHLETE", "sam")
    assert _logged_athlete(capsys) == "sam"
    assert _logged_athlete(capsys, "-a", "me") == "me"  # the flag wins over the variable
    monkeypatch.setenv("HIPTHRUST_ATHLETE", "kim")
    code, _, err = run(capsys, "log", "glute bridge x 10")
    assert code == 2 and "no athlete named 'kim'" in err


def test_two_command_line_athletes_still_need_a_name(capsys: pytest.CaptureFixture[str]) -> None:
    _web_sign_ups()
    assert run(capsys, "athletes", "add", "sam")[0] == 0
    code, out, err = run(capsys, "next")
    assert (code, out) == (2, "")
    assert "pass --athlete NAME or set HIPTHRUST_ATHLETE" in err
