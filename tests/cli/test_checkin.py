from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from hipthrust.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_checkin_then_a_second_one_replaces_it(capsys: pytest.CaptureFixture[str]) -> None:
    today = datetime.now(UTC).astimezone().date().isoformat()
    assert run(capsys, "checkin", "--pain", "1") == (
        0,
        f"Checked in for me on {today}: pain 1/10.\n",
        "",
    )
    code, out, err = run(capsys, "checkin", "--pain", "3", "--bodyweight", "80kg")
    assert (code, err) == (0, "")
    assert out == (
        f"Replaced the check-in of {today} for me (pain 1/10): pain 3/10, bodyweight 80 kg.\n"
    )


def test_checkin_json_and_a_past_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "checkin", "--pain", "2", "--date", "2024-03-05", "--notes", "stiff", "--json"
    )
    assert code == 0
    assert json.loads(out) == {
        "athlete": "me",
        "units": "kg",
        "checkin": {
            "date": "2024-03-05",
            "next_morning_pain": 2,
            "bodyweight_kg": None,
            "notes": "stiff",
        },
        "replaced": None,
    }
    code, out, _ = run(
        capsys, "checkin", "--bodyweight", "176", "--units", "lb", "--json", "--date", "2024-03-05"
    )
    data = json.loads(out)
    assert data["replaced"]["next_morning_pain"] == 2
    assert data["checkin"]["next_morning_pain"] == 2  # kept: not given again
    assert data["checkin"]["bodyweight_kg"] == pytest.approx(79.832, abs=1e-3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pain", "11"], "pain must be a whole number from 0 to 10, not 11"),
        (["--pain", "1", "--date", "2999-01-01"], "2999-01-01 is in the future"),
        ([], "nothing to check in"),
        (["--bodyweight", "heavy"], "cannot read 'heavy' as a mass"),
        (["--pain", "1", "--date", "soon"], "cannot read --date 'soon'"),
    ],
)
def test_refusals_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "checkin", *args)
    assert (code, out) == (2, "")
    assert err.startswith("hipthrust: error: ") and err.count("\n") == 1
    assert message in err
