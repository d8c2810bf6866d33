from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import click
import pytest

from hipthrust.cli import main
from hipthrust.cli.assess import Asker
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.units import KG_PER_LB
from hipthrust.errors import InputError

ANI = {
    "conditions": [
        {"kind": "hernia_repair", "weeks_ago": 9, "cleared": False},
        {"kind": "abdominoplasty", "weeks_ago": 9, "cleared": False},
    ],
    "bridge_test": {
        "two_leg": {"full_extension": True, "felt_in": ["glutes"]},
        "single_leg": {"left_reps": 10, "right_reps": 11},
    },
    "training_age_months": 24,
}


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["assess", *args])
    out, err = capsys.readouterr()
    return code, out, err


def answers_file(tmp_path: Path, data: Any, name: str = "answers.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_answers_file_human_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, monkeypatch, "--answers", answers_file(tmp_path, ANI))
    assert code == 0 and err == ""  # no questions asked
    flat = " ".join(out.split())
    assert f"Start at rung 1: {LADDER[1].name}" in flat
    assert "Loaded work: not yet" in flat
    assert "needs_clearance" in flat
    assert "clearance before any loaded exercise" in flat
    assert "abdominal surgery" in flat
    assert "not medical advice" in flat


def test_answers_file_json_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "--answers", answers_file(tmp_path, ANI), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["schema_version"] == 1
    assert (data["start_rung"], data["max_rung"], data["loading_allowed"]) == (1, 4, False)
    assert "needs_clearance" in data["flags"]
    assert data["considerations"] == ["abdominal_surgery"]
    assert data["strength_level"] is None


def test_out_saves_the_result_that_plan_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = tmp_path / "assessment.json"
    code, out, _ = run(
        capsys, monkeypatch, "--answers", answers_file(tmp_path, ANI), "--out", str(result)
    )
    assert code == 0 and f"Saved to {result}" in " ".join(out.split())
    saved = json.loads(result.read_text(encoding="utf-8"))
    assert saved["start_rung"] == 1 and saved["answers"]["training_age_months"] == 24
    # The contract: hipthrust plan reads this file.
    from hipthrust.service.assessment_io import read_assessment

    read = read_assessment(result)
    assert (read["start_rung"], read["max_rung"], read["loading_allowed"]) == (1, 4, False)
    # And the saved result works as an answers file again.
    code, out, _ = run(capsys, monkeypatch, "--answers", str(result), "--json")
    assert code == 0 and json.loads(out) == saved


def test_schema_prints_the_answers_json_schema(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, monkeypatch, "--schema")
    assert code == 0 and err == ""
    schema = json.loads(out)
    assert "bridge_test" in schema["properties"]
    assert "saddle_numbness" in schema["$defs"]["RedFlag"]["enum"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "answers.json: not valid JSON (line 1, column 2"),
        ({"pain_now": "a lot"}, "answers.json: pain_now: must be a whole number"),
        ({"lumbar_compensation": "sometimes"}, "lumbar_compensation: must be true or false"),
        ({"red_flags": ["dizzy"]}, "answers.json: red_flags[0]: unknown value 'dizzy'"),
        ({"pain_during_bridge": 11}, "answers.json: pain_during_bridge: must be between 0 and 10"),
        (
            {"conditions": [{"kind": "hernia_repair", "weeks_ago": -4}]},
            "answers.json: conditions[0].weeks_ago: must be between 0 and 5200",
        ),
        (
            {"conditions": [{"kind": "appendix", "weeks_ago": 4}]},
            "answers.json: conditions[0].kind: unknown value 'appendix'",
        ),
        ([{"pain_now": 1}], "answers.json: must be a JSON object"),
        (  # reps of a test not done: as the wizard and the API, refused
            {"bridge_test": {"two_leg": {"reps": 12}}},
            "answers.json: bridge_test.two_leg.full_extension: is required",
        ),
    ],
)
def test_bad_answers_files_are_one_line_and_nonzero(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    content: Any,
    message: str,
) -> None:
    code, out, err = run(capsys, monkeypatch, "--answers", answers_file(tmp_path, content))
    assert code == 2 and out == ""
    assert err.startswith("hipthrust: error: ") and err.count("\n") == 1
    assert message in err


def test_missing_answers_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nope.json"
    code, out, err = run(capsys, monkeypatch, "--answers", str(missing))
    assert code == 2 and out == ""
    assert err == f"hipthrust: error: {missing}: no such file\n"


def test_bad_units_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(
        capsys, monkeypatch, "--answers", answers_file(tmp_path, {}), "--units", "st"
    )
    assert code == 2 and "unknown unit 'st'" in err and err.count("\n") == 1


# Andrea, asked at the terminal (answers piped one per line, in question order).
ANDREA_STDIN = "\n".join(
    [
        "",  # red flags: none
        "",  # conditions: none
        "0",  # pain at rest
        "y",  # two-leg bridge: full extension
        "",  # reps: skipped
        "1,2",  # felt in glutes and hamstrings
        "1",  # pain during the bridge
        "n",  # lower back took over: no
        "8",  # single leg, left
        "10",  # right
        "1",  # felt in glutes
        "12",  # knee hug, left degrees
        "14",  # right
        "2",  # months of training
        "132",  # bodyweight, bare number in --units lb
        "",  # 1RM: never tested
        "",  # endurance: skipped
    ]
)


def test_questions_driven_by_piped_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, monkeypatch, "--json", "--units", "lb", stdin=ANDREA_STDIN + "\n")
    assert code == 0
    assert out.startswith("{")  # the questions went to stderr; stdout is clean JSON
    data = json.loads(out)
    assert data["start_rung"] == 2
    assert {"asymmetry", "foot_placement"} <= set(data["flags"])
    answers = data["answers"]
    assert answers["bridge_test"]["two_leg"] == {
        "full_extension": True,
        "felt_in": ["glutes", "hamstrings"],
        "reps": None,
    }
    assert answers["bridge_test"]["hug_knee_hip_extension_deg"] == {"left": 12, "right": 14}
    assert answers["bodyweight_kg"] == pytest.approx(132 * KG_PER_LB)
    assert answers["pain_during_bridge"] == 1
    assert "Do any of these apply to you now?" in err
    assert "The bridge test" in err


def test_piped_answers_that_run_out_skip_the_rest(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "--json", stdin="\n\n0\n")
    assert code == 0
    data = json.loads(out)
    assert data["start_rung"] == 0 and data["flags"] == ["bridge_test_needed"]


def test_nothing_piped_at_all_still_assesses(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "--json", stdin="")
    assert code == 0 and json.loads(out)["flags"] == ["bridge_test_needed"]


def test_a_red_flag_ends_the_questions_with_a_referral(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, monkeypatch, stdin="1\nthese lines are never read\n")
    assert code == 0
    flat = " ".join(out.split())
    assert "No exercise for now" in flat
    assert "refer_clinician" in flat and "clinician" in flat
    assert "The bridge test" not in err


def test_a_surgery_asks_weeks_and_clearance(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Hip replacement (1) and knee pain (10); cleared 26 weeks ago (no load ceiling given),
    # knee pain for 3 weeks.
    stdin = "\n1,10\n26\ny\n\n3\n0\n"
    code, out, err = run(capsys, monkeypatch, "--json", stdin=stdin)
    assert code == 0
    conditions = json.loads(out)["answers"]["conditions"]
    assert conditions == [
        {"kind": "hip_replacement", "weeks_ago": 26, "cleared": True},
        {"kind": "knee_pain", "weeks_ago": 3, "cleared": False},
    ]
    assert "How many weeks ago was the hip replacement?" in err
    assert "How many weeks since the knee pain began?" in err


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("9\n", "'9' is not one of the numbers 1 to 7"),
        ("\n\n11\n", "write a whole number from 0 to 10"),
        ("\n\n0\nperhaps\n", "answer y or n"),
    ],
)
def test_a_bad_piped_answer_is_one_line_naming_the_question(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str, message: str
) -> None:
    code, out, err = run(capsys, monkeypatch, stdin=stdin)
    assert code == 2 and out == ""
    last = err.strip().splitlines()[-1]
    assert last.startswith("hipthrust: error: answer") and message in last


def test_at_a_terminal_an_input_error_is_explained_then_asked_again(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def score(text: str) -> int:
        if not text.isdigit() or int(text) > 10:
            raise InputError("write a whole number from 0 to 10")
        return int(text)

    monkeypatch.setattr(sys, "stdin", io.StringIO("11\nlots\n4\n"))
    asker = Asker(interactive=True)
    assert asker.ask("Pain, 0-10:", score) == 4
    out, err = capsys.readouterr()
    assert err.count("Pain, 0-10:") == 3
    assert err.count("write a whole number from 0 to 10. Try again, or press Enter to skip.") == 2
    assert out == ""


def test_at_a_terminal_enter_skips_and_end_of_input_aborts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n"))
    asker = Asker(interactive=True)
    assert asker.ask("Reps:", int) is None
    with pytest.raises(click.Abort):
        asker.ask("Reps:", int)


def test_the_knee_hug_can_be_answered_by_comparing_with_the_two_leg_bridge(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As Andrea, but no protractor: the left hip much lower than the two-leg bridge, the right
    # a bit lower. The same answers-file field as the web and the API, and the estimate said.
    lines = ANDREA_STDIN.split("\n")
    at = lines.index("12")
    stdin = "\n".join([*lines[:at], "m", "a bit lower", *lines[at + 2 :]]) + "\n"
    code, out, err = run(capsys, monkeypatch, "--json", "--units", "lb", stdin=stdin)
    assert code == 0, err
    data = json.loads(out)
    test = data["answers"]["bridge_test"]
    assert test["hug_knee_compared"] == {"left": "much_lower", "right": "a_bit_lower"}
    assert test["hug_knee_hip_extension_deg"] is None
    assert "hip_flexor_stiffness" in data["flags"]  # much lower: about 5°, under the line
    assert any("not measured" in reason and "about 5° left" in reason for reason in data["reasons"])
    assert "s = about the same" in err


def test_a_knee_hug_answer_that_is_neither_degrees_nor_a_comparison_is_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ANDREA_STDIN.split("\n")
    at = lines.index("12")
    stdin = "\n".join([*lines[:at], "quite high", *lines[at + 1 :]]) + "\n"
    code, _, err = run(capsys, monkeypatch, "--json", stdin=stdin)
    assert code == 2
    assert "write the degrees (-45 to 60), or s, b, m or c" in err


def test_a_clearance_asks_for_the_clinicians_load_ceiling(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Hip replacement (1), 30 weeks ago, cleared, the surgeon's ceiling 0.8 x bodyweight.
    stdin = "\n1\n30\ny\n0.8x\n0\n"
    code, out, err = run(capsys, monkeypatch, "--json", "--no-save", stdin=stdin)
    assert code == 0, err
    data = json.loads(out)
    assert data["answers"]["conditions"] == [
        {"kind": "hip_replacement", "weeks_ago": 30, "cleared": True, "max_load_x_bodyweight": 0.8}
    ]
    assert "Did your clinician give a load ceiling?" in err
    assert "the method's default, 1 x bodyweight" in err
    assert any("at most 0.8 x bodyweight" in cue for cue in data["cues"])
    assert data["max_rung"] == 5 and data["ceiling_reasons"]


def test_an_answers_file_ceiling_shows_in_the_report_and_a_bad_one_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    hip = {"kind": "hip_resurfacing", "weeks_ago": 40, "cleared": True, "max_load_kg": "130lb"}
    code, out, err = run(
        capsys, monkeypatch, "--answers", answers_file(tmp_path, {"conditions": [hip]}), "--no-save"
    )
    assert code == 0, err
    assert "Your clinician's load ceiling after hip resurfacing: at most 59 kg" in " ".join(
        out.split()
    )
    both = {**hip, "max_load_x_bodyweight": 1.0}
    code, out, err = run(
        capsys,
        monkeypatch,
        "--answers",
        answers_file(tmp_path, {"conditions": [both]}),
        "--no-save",
    )
    assert code == 2 and out == ""
    assert "not both" in err and len(err.strip().splitlines()) == 1
