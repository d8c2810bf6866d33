"""The six real photo pairs in ../shared/data/photos against the rules in labels.json.

Runs the bundled BlazePose model, so it is slow; skipped when the shared data is absent. Every
pair is also run mirrored (the person lying the other way) so nothing depends on direction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from hipthrust.video.photo import Position, analyze_image, load_image
from hipthrust.video.pose_model import BlazePose

pytestmark = pytest.mark.slow

PAIRS = (
    "Barbell_Glute_Bridge",
    "Barbell_Hip_Thrust",
    "Butt_Lift_Bridge",
    "Hip_Lift_with_Band",
    "Pelvic_Tilt_Into_Bridge",
    "Single_Leg_Glute_Bridge",
)


@pytest.fixture(scope="module")
def model() -> Iterator[BlazePose]:
    with BlazePose(static_image_mode=True) as estimator:
        yield estimator


_cache: dict[tuple[str, bool], Position] = {}


def _position(model: BlazePose, data: Path, name: str, mirrored: bool) -> Position:
    key = (name, mirrored)
    if key not in _cache:
        image = load_image(data / "photos" / f"{name}.jpg")
        if mirrored:
            image = np.ascontiguousarray(image[:, ::-1])
        _cache[key] = analyze_image(image, model)
    return _cache[key]


def _labels(data: Path) -> dict[str, Any]:
    labels: dict[str, Any] = json.loads((data / "labels.json").read_text(encoding="utf-8"))
    photos: dict[str, Any] = labels["photos"]
    return photos


@pytest.mark.parametrize("mirrored", [False, True], ids=["as_taken", "mirrored"])
@pytest.mark.parametrize("pair", PAIRS)
def test_top_and_bottom_hip_angles_meet_the_rules(
    shared_data: Path, model: BlazePose, pair: str, mirrored: bool
) -> None:
    rules = _labels(shared_data)["rules"]
    bottom = _position(model, shared_data, f"{pair}_0", mirrored)
    top = _position(model, shared_data, f"{pair}_1", mirrored)
    assert top.hip_angle_deg is not None and bottom.hip_angle_deg is not None
    assert top.hip_angle_deg >= rules["top_hip_angle_min_deg"]
    assert bottom.hip_angle_deg <= rules["bottom_hip_angle_max_deg"]
    assert top.hip_angle_deg - bottom.hip_angle_deg >= rules["min_top_minus_bottom_deg"]


@pytest.mark.parametrize("mirrored", [False, True], ids=["as_taken", "mirrored"])
@pytest.mark.parametrize("pair", PAIRS)
def test_the_knee_of_a_two_leg_top_is_near_a_right_angle(
    shared_data: Path, model: BlazePose, pair: str, mirrored: bool
) -> None:
    labels = _labels(shared_data)
    if labels["pairs"][pair]["stance"] != "two-leg":
        pytest.skip("the rule is for two-leg stances")
    low, high = labels["rules"]["two_leg_top_knee_angle_deg"]
    top = _position(model, shared_data, f"{pair}_1", mirrored)
    assert top.knee_angle_deg is not None
    assert low <= top.knee_angle_deg <= high


@pytest.mark.parametrize("pair", PAIRS)
def test_the_plate_is_found_exactly_where_the_labels_say_it_hides_the_hip(
    shared_data: Path, model: BlazePose, pair: str
) -> None:
    occludes = _labels(shared_data)["pairs"][pair]["barbell_occludes_hip"]
    for i in (0, 1):
        position = _position(model, shared_data, f"{pair}_{i}", False)
        assert (position.barbell is not None) == occludes
        if occludes:
            assert position.barbell is not None
            # a 45 cm plate against a person: about 1-2 mm per pixel in these photos
            assert 0.001 < position.barbell.m_per_px < 0.003
            assert {r.joint for r in position.repairs} == {"hip", "knee"}


@pytest.mark.parametrize("mirrored", [False, True], ids=["as_taken", "mirrored"])
def test_the_shins_hidden_by_the_rack_are_measured_from_the_feet(
    shared_data: Path, model: BlazePose, mirrored: bool
) -> None:
    """The rack's upright hides both shins of the Hip_Lift_with_Band top and every pass of the
    model puts the ankles at knee height; the shoes show on the floor beside the upright
    (``feet.find_planted_foot``). Measured by hand on the photo the knee is about 82 degrees."""
    top = _position(model, shared_data, "Hip_Lift_with_Band_1", mirrored)
    assert top.knee_angle_deg is not None
    assert 72.0 <= top.knee_angle_deg <= 92.0
    assert "ankle_from_floor" in [w.id for w in top.warnings]
    (repair,) = [r for r in top.repairs if r.joint == "ankle"]
    assert repair.method == "floor_foot"
    ankle_x = top.points["ankle"][0]
    x = ankle_x if not mirrored else top.width - ankle_x
    assert 160 <= x <= 230  # behind the upright (x 170-225), over the shoes' heels


@pytest.mark.parametrize("mirrored", [False, True], ids=["as_taken", "mirrored"])
def test_the_bench_hip_thrust_bottom_is_measured_where_the_hip_shows(
    shared_data: Path, model: BlazePose, mirrored: bool
) -> None:
    """At the bottom the plate rests low and the hip shows above it: measured by hand on the
    photo the hip angle is about 105 degrees (the plate's centre as the hip gave about 60)."""
    bottom = _position(model, shared_data, "Barbell_Hip_Thrust_0", mirrored)
    assert bottom.hip_angle_deg is not None
    assert 90.0 <= bottom.hip_angle_deg <= 120.0
    hip_repairs = {r.method for r in bottom.repairs if r.joint == "hip"}
    assert hip_repairs == {"plate_and_model"}  # the chain reported is one that voted


@pytest.mark.parametrize("mirrored", [False, True], ids=["as_taken", "mirrored"])
def test_the_ankle_put_on_the_dumbbell_is_not_believed(
    shared_data: Path, model: BlazePose, mirrored: bool
) -> None:
    """At the Hip_Lift_with_Band bottom the rack's upright hides the shins and every pass of the
    model puts the ankle on the dumbbell lying in front of it, a planted-looking shin that gave
    a knee of 34 degrees; the shoes show on the floor beside the upright
    (``feet.dispute_ankle``). Measured by hand on the photo the knee is about 55-60 degrees."""
    bottom = _position(model, shared_data, "Hip_Lift_with_Band_0", mirrored)
    assert bottom.knee_angle_deg is None or 45.0 <= bottom.knee_angle_deg <= 110.0
    if bottom.knee_angle_deg is not None:
        assert "ankle_from_floor" in [w.id for w in bottom.warnings]
        ankle_x = bottom.points["ankle"][0]
        x = ankle_x if not mirrored else bottom.width - ankle_x
        assert 170 <= x <= 245  # behind the upright, not on the dumbbell (x 245-330)
