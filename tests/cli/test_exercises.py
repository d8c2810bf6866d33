from __future__ import annotations

import json

import pytest

from hipthrust.cli import main
from hipthrust.coaching.catalogue import CATALOGUE, variation
from hipthrust.coaching.free_exercise_db import FED_EQUIPMENT, FED_MUSCLES


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["exercises", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_table_lists_every_variation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 0 and err == ""
    for item in CATALOGUE:
        assert item.id in out


def test_json_is_the_full_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--json")
    assert code == 0
    data = json.loads(out)
    assert [item["id"] for item in data] == [item.id for item in CATALOGUE]
    assert data == [item.to_json() for item in CATALOGUE]


@pytest.mark.parametrize("name", ["barbell_hip_thrust", "Barbell Hip Thrust", "bb hip thrust"])
def test_one_variation_in_full(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, _ = run(capsys, "--id", name)
    assert code == 0
    flat = " ".join(out.split())  # rich wraps long lines
    item = variation("barbell_hip_thrust")
    assert item.name in flat
    assert "Setup" in flat and "Execution" in flat and "Common mistakes" in flat
    assert " ".join(item.setup[1].split()) in flat
    assert "Too much weight" in flat


def test_one_variation_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--id", "deficit_hip_thrust", "--json")
    assert code == 0
    assert json.loads(out) == variation("deficit_hip_thrust").to_json()


def test_filter_by_rung(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--rung", "2", "--json")
    assert code == 0
    assert [item["id"] for item in json.loads(out)] == [
        "single_leg_glute_bridge",
        "single_leg_glute_bridge_90_90",
    ]


def test_free_exercise_db_export_uses_that_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "free-exercise-db")
    assert code == 0
    data = json.loads(out)
    assert len(data) == len(CATALOGUE)
    keys = {
        "name",
        "force",
        "level",
        "mechanic",
        "equipment",
        "primaryMuscles",
        "secondaryMuscles",
        "instructions",
        "category",
        "images",
        "id",
    }
    for item in data:
        assert keys <= set(item)
        assert item["equipment"] in FED_EQUIPMENT
        assert set(item["primaryMuscles"]) | set(item["secondaryMuscles"]) <= set(FED_MUSCLES)
    by_id = {item["id"]: item for item in data}
    assert by_id["glute_bridge"]["equipment"] == "body only"
    assert by_id["banded_hip_thrust"]["equipment"] == "bands"
    assert by_id["dumbbell_hip_thrust"]["equipment"] == "dumbbell"
    assert by_id["machine_hip_thrust"]["equipment"] == "machine"
    assert by_id["barbell_hip_thrust"]["equipment"] == "barbell"


def test_free_exercise_db_export_of_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--format", "free-exercise-db", "--id", "glute_bridge")
    assert code == 0
    item = json.loads(out)
    assert item["id"] == "glute_bridge" and item["level"] == "beginner"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--id", "squat"), "unknown exercise 'squat'"),
        (("--id", "barbel_hip_thrust"), "did you mean barbell_hip_thrust"),
        (("--rung", "9"), "rung must be from 0 to 6"),
        (("--format", "csv"), "'csv' is not one of"),
    ],
)
def test_bad_options_are_one_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith("hipthrust: error:") and err.count("\n") == 1
    assert message in err
