"""``hipthrust questions``: the same list as the web's questions page (issue 16, item 6)."""

from __future__ import annotations

import json

import pytest

from hipthrust.cli import main
from hipthrust.service.athlete_portal import readers_questions


def test_questions_prints_every_answer_with_its_sources_and_the_app_link(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["questions"]) == 0
    out = capsys.readouterr().out
    for answer in readers_questions():
        assert answer.question in out
        assert answer.carried_by.split(",")[0] in out
    assert "[seed" not in out and "seed 003" not in out  # sources by title, not raw tags
    assert "Source: Is the Hip Thrust Dangerous? Guest Post from Brandon Alleman." in out
    assert "hipthrust plan --periodisation undulating" in out
    assert "Clinician: Your surgeon clears you for loading" in out


def test_questions_json_is_the_web_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["questions"] == [answer.to_json() for answer in readers_questions()]
    assert main(["questions", "bar_pressure", "--json"]) == 0
    one = json.loads(capsys.readouterr().out)["questions"]
    assert [answer["id"] for answer in one] == ["bar_pressure"]
    assert one[0]["tag"] == "design"


def test_an_unknown_question_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions", "nope"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("hipthrust: error: there is no question 'nope'")
