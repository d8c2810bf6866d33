from __future__ import annotations

import json
from pathlib import Path

import pytest

from hipthrust.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_mistyped_pain_is_fixed_from_the_terminal_and_next_follows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps(
            {
                "bridge_test": {
                    "two_leg": {"full_extension": True, "reps": 15, "felt_in": ["glutes"]},
                    "single_leg": {"left_reps": 12, "right_reps": 12, "felt_in": ["glutes"]},
                }
            }
        ),
        encoding="utf-8",
    )
    assert run(capsys, "assess", "--answers", str(answers))[0] == 0
    logged = run(
        capsys, "log", "single leg glute bridge", "x", "12/12", "--pain", "6",
        "--at", "2026-11-20 18:00", "--json",
    )  # fmt: skip
    assert logged[0] == 0, logged
    code, out, _ = run(capsys, "next", "--json")
    assert json.loads(out)["decision"] == "regress"
    code, out, err = run(capsys, "sets", "--limit", "0")
    assert code == 0 and "Single-leg glute bridge" in out, err
    number = out.split()[0].lstrip("#")
    code, out, err = run(capsys, "sets", "edit", number, "--pain", "1")
    assert code == 0, err
    assert "pain 6" in out and "pain 1" in out
    assert json.loads(run(capsys, "next", "--json")[1])["decision"] != "regress"
    code, out, _ = run(capsys, "sets", "changes")
    assert "owner (edit)" in out and "Single-leg glute bridge" in out
    assert run(capsys, "sets", "delete", number)[0] == 0
    code, out, err = run(capsys, "sets", "delete", number)
    assert code != 0 and "no set with id" in err and "Traceback" not in err
