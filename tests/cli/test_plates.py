from __future__ import annotations

import json

import pytest

from hipthrust.cli import main


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["plates", *args, "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_plates_kg_human(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plates", "142.5kg"]) == 0
    out = capsys.readouterr().out
    assert "142.5 kg = a 20 kg bar" in out
    assert "Each side: 25 + 25 + 10 + 1.25 kg" in out


def test_plates_json(capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "142.5kg")
    assert data["plates_per_side"] == [25, 25, 10, 1.25]
    assert data["counts_per_side"] == {"25": 2, "10": 1, "1.25": 1}
    assert data["exact"] is True and data["achieved_kg"] == 142.5


@pytest.mark.parametrize(
    ("args", "units", "achieved", "plates"),
    [
        (["315lb"], "lb", 315, [45, 45, 45]),  # the typed unit picks lb plates
        (["225", "--units", "lb"], "lb", 225, [45, 45]),
        (["100kg", "--units", "lb"], "lb", 220, [45, 35, 5, 2.5]),  # 220.46 lb -> nearest 220
        (["60kg", "--bar", "15kg"], "kg", 60, [20, 2.5]),
        (["143kg"], "kg", 142.5, [25, 25, 10, 1.25]),  # nearest achievable
        # 25 kg a side cannot be made from 20s and 15s: 60 and 80 are equally near, ties go up
        (["70", "--plates", "20,15"], "kg", 80, [15, 15]),
    ],
)
def test_plates_units_and_bars(
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    units: str,
    achieved: float,
    plates: list[float],
) -> None:
    data = _json(capsys, *args)
    assert data["units"] == units
    assert data["achieved"] == pytest.approx(achieved)
    assert data["plates_per_side"] == plates


def test_not_exact_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plates", "143kg"]) == 0
    assert "cannot be made exactly: the nearest is 142.5 kg" in capsys.readouterr().out


def test_the_empty_bar(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plates", "20kg"]) == 0
    assert "The empty bar" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["10kg"], "lighter than the 20 kg bar"),
        (["banana"], "cannot read 'banana'"),
        (["5000kg"], "not a load anyone lifts"),
        (["100kg", "--units", "stone"], "unknown unit"),
        (["100kg", "--plates", "20,x"], "cannot read plate size"),
        (["--", "-50kg"], "cannot read '-50kg'"),
    ],
)
def test_impossible_inputs_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    assert main(["plates", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("hipthrust: error:")
    assert captured.err.count("\n") == 1
    assert words in captured.err
