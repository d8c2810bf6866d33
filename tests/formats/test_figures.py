"""The position pictures: every catalogue variation at the bottom and the top, from the body
model, as SVG a browser and a screen reader can read."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from hipthrust.coaching.catalogue import CATALOGUE, Elevation, Resistance, Stance
from hipthrust.errors import InputError
from hipthrust.formats.figures import BODY, POSITIONS, figure, figure_svg, hip_angle, joints

SVG = "{http://www.w3.org/2000/svg}"
IDS = [item.id for item in CATALOGUE]


def _parts(svg: str) -> set[str]:
    root = ET.fromstring(svg)
    return {element.get("data-part", "") for element in root.iter()} - {""}


@pytest.mark.parametrize("variation_id", IDS)
@pytest.mark.parametrize("position", POSITIONS)
def test_every_variation_renders_an_accessible_svg(variation_id: str, position: str) -> None:
    svg = figure_svg(variation_id, position)  # type: ignore[arg-type]
    root = ET.fromstring(svg)  # well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert (
        title.text
        == f"{next(i.name for i in CATALOGUE if i.id == variation_id)}: {position} position"
    )
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "_" not in (desc.text or "")  # plain words, no ids
    # It draws a body: trunk, thigh, shin and head.
    assert {"trunk", "thigh", "shin", "head", "floor"} <= _parts(svg)
    # Every coordinate lies inside the view box.
    _, _, width, height = (float(n) for n in (root.get("viewBox") or "").split())
    for element in root.iter():
        for name in ("x1", "x2", "cx"):
            if element.get(name) is not None:
                assert 0 <= float(element.get(name) or 0) <= width
        for name in ("y1", "y2", "cy"):
            if element.get(name) is not None:
                assert 0 <= float(element.get(name) or 0) <= height


@pytest.mark.parametrize("variation_id", IDS)
def test_the_top_has_more_hip_extension_than_the_bottom(variation_id: str) -> None:
    bottom = hip_angle(joints(variation_id, "bottom"))
    top = hip_angle(joints(variation_id, "top"))
    assert top > bottom + 30, (bottom, top)
    assert 60 < bottom < 130
    assert top <= 180.0 + 1e-6


@pytest.mark.parametrize("variation_id", IDS)
@pytest.mark.parametrize("position", POSITIONS)
def test_the_segments_keep_their_lengths(variation_id: str, position: str) -> None:
    j = joints(variation_id, position)  # type: ignore[arg-type]
    assert math.dist(j.hip, j.knee) == pytest.approx(BODY.thigh, abs=0.01)
    assert math.dist(j.knee, j.ankle) == pytest.approx(BODY.shin, abs=0.01)
    assert math.dist(j.shoulder, j.hip) == pytest.approx(BODY.trunk, abs=0.01)
    # The feet stay where they were planted, the upper back on its support.
    assert j.ankle == joints(variation_id, "bottom").ankle
    assert j.pivot[1] == pytest.approx(j.support_top + BODY.trunk_width / 2)
    assert j.hip[1] >= BODY.trunk_width / 2 - 0.01  # the hips never go through the floor


def test_at_the_full_top_the_shins_are_vertical_and_the_body_in_one_line() -> None:
    j = joints("barbell_hip_thrust", "top")
    assert j.knee[0] == pytest.approx(j.ankle[0], abs=0.01)
    assert hip_angle(j) == pytest.approx(180.0, abs=0.5)
    hug = joints("single_leg_glute_bridge_knee_hug", "top")
    assert hip_angle(hug) < 170  # the hugged knee locks the pelvis short of the line


@pytest.mark.parametrize("item", CATALOGUE, ids=IDS)
def test_the_equipment_is_drawn_where_the_variation_needs_it(item: object) -> None:
    from hipthrust.coaching.catalogue import Variation

    assert isinstance(item, Variation)
    for position in POSITIONS:
        parts = figure(item.id, position).parts()
        on_bench = (
            item.elevation is not Elevation.NONE and item.resistance is not Resistance.MACHINE
        )
        assert ("bench" in parts) == on_bench
        assert ("back_pad" in parts) == (item.resistance is Resistance.MACHINE)
        assert ({"bar", "plate", "bar_pad"} <= parts) == (item.resistance is Resistance.BARBELL)
        assert ("bar" in parts) == (item.resistance is Resistance.BARBELL)
        assert ("band" in parts) == (item.resistance is Resistance.BAND)
        assert ("dumbbell" in parts) == (item.resistance is Resistance.DUMBBELL_KETTLEBELL)
        assert ("step" in parts) == (item.elevation is Elevation.BOTH)
        assert ("free_thigh" in parts) == (item.stance is Stance.SINGLE_LEG)


def test_the_bar_sits_on_the_hips_and_the_upper_back_on_the_bench_edge() -> None:
    for position in POSITIONS:
        drawn = figure("barbell_hip_thrust", position)
        j = drawn.joints
        bar = next(s for s in drawn.shapes if s.part == "bar")
        assert math.dist(bar.centre, j.hip) < BODY.trunk_width  # type: ignore[union-attr]
        bench = next(s for s in drawn.shapes if s.part == "bench")
        xs = [point[0] for point in bench.points]  # type: ignore[union-attr]
        assert min(xs) < j.pivot[0] <= max(xs)  # the pivot is over the bench top
        assert max(point[1] for point in bench.points) == j.support_top  # type: ignore[union-attr]


def test_unknown_variation_or_position_is_one_line() -> None:
    with pytest.raises(InputError, match="unknown exercise 'squat'"):
        figure_svg("squat", "top")
    with pytest.raises(InputError, match="bottom or top"):
        figure_svg("glute_bridge", "middle")  # type: ignore[arg-type]


def test_pictures_are_the_same_every_time() -> None:
    assert figure_svg("hip_thrust", "top") == figure_svg("hip_thrust", "top")
    assert figure_svg("hip_thrust", "top") != figure_svg("hip_thrust", "bottom")
