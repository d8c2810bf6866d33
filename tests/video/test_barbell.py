from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.video.barbell import (
    DEFAULT_PLATE_RULES,
    Plate,
    PlateRules,
    body_length_px,
    choose_plate,
    detect_plates,
    find_plate,
    plate_scale,
    track_plate,
)
from hipthrust.video.pose_model import FramePose

Image = NDArray[np.uint8]


def _background(h: int = 480, w: int = 720, seed: int = 0) -> Image:
    """Grey floor and wall with straight clutter and sensor noise."""
    rng = np.random.default_rng(seed)
    img = np.full((h, w, 3), 70, np.uint8)
    img[: h // 2] = (150, 140, 130)
    for _ in range(12):
        p = tuple(int(v) for v in rng.integers(0, [w, h]))
        q = tuple(int(v) for v in rng.integers(0, [w, h]))
        colour = tuple(int(v) for v in rng.integers(0, 255, 3))
        cv2.line(img, p, q, colour, int(rng.integers(2, 6)))
    noise = rng.normal(0, 4, img.shape)
    return np.asarray(np.clip(img + noise, 0, 255), dtype=np.uint8)


def _draw_plate(img: Image, centre: tuple[int, int], radius: int) -> Image:
    """A bumper plate: blue outer band, dark face, steel hub."""
    out = img.copy()
    cv2.circle(out, centre, radius, (40, 70, 160), -1, lineType=cv2.LINE_AA)
    cv2.circle(out, centre, int(radius * 0.82), (35, 45, 60), -1, lineType=cv2.LINE_AA)
    cv2.circle(out, centre, int(radius * 0.12), (200, 200, 200), -1, lineType=cv2.LINE_AA)
    return out


@pytest.mark.parametrize(
    ("centre", "radius"),
    [((360, 260), 120), ((250, 300), 90), ((500, 200), 140), ((420, 330), 110)],
)
def test_detects_a_plate_centre_and_outer_radius(centre: tuple[int, int], radius: int) -> None:
    img = _draw_plate(_background(), centre, radius)
    plates = detect_plates(img, body_px=radius / 0.3)
    assert plates, "the plate was not found"
    best = plates[0]
    assert math.hypot(best.centre[0] - centre[0], best.centre[1] - centre[1]) < 3
    # the 45 cm is the outer diameter: the inner face's edge must not be taken for the rim
    assert best.radius_px == pytest.approx(radius, rel=0.03)
    assert best.rim_support >= DEFAULT_PLATE_RULES.min_rim_support


def test_a_plate_partly_outside_the_frame_is_judged_on_its_visible_rim() -> None:
    img = _draw_plate(_background(), (360, 400), 100)  # the bottom of the rim is cut off
    plates = detect_plates(img, body_px=100 / 0.3)
    assert plates and math.hypot(plates[0].centre[0] - 360, plates[0].centre[1] - 400) < 3


def test_clutter_and_arcs_are_not_plates() -> None:
    img = _background(seed=3)
    # half-circle arcs (cloth folds, a bent band) and a small ring out of the radius range
    cv2.ellipse(img, (300, 250), (110, 110), 0, 0, 170, (220, 220, 220), 4)
    cv2.ellipse(img, (520, 300), (90, 90), 0, 200, 330, (10, 10, 10), 4)
    cv2.circle(img, (120, 120), 20, (250, 250, 250), 3)
    assert detect_plates(img, body_px=110 / 0.3) == []


def test_larger_frames_are_searched_shrunk_but_answer_in_their_own_pixels() -> None:
    small = _draw_plate(_background(), (360, 260), 100)
    big = cv2.resize(small, None, fx=2.5, fy=2.5, interpolation=cv2.INTER_LINEAR)
    plates = detect_plates(np.asarray(big, np.uint8), body_px=250 / 0.3)
    assert plates
    assert plates[0].centre[0] == pytest.approx(900, abs=6)
    assert plates[0].centre[1] == pytest.approx(650, abs=6)
    assert plates[0].radius_px == pytest.approx(250, rel=0.04)


def _pose_with_hips(hip: tuple[float, float], shoulder_ankle: float = 400) -> NDArray[np.float64]:
    xy = np.full((33, 2), np.nan)
    xy[23] = xy[24] = hip
    xy[11] = xy[12] = (hip[0] + shoulder_ankle * 0.6, hip[1])
    xy[27] = xy[28] = (hip[0] - shoulder_ankle * 0.4, hip[1] + 10)
    return xy


def test_find_plate_takes_the_plate_over_the_hips_not_one_in_the_background() -> None:
    img = _draw_plate(_draw_plate(_background(), (140, 140), 100), (420, 300), 120)
    xy = _pose_with_hips((400, 290))
    body = body_length_px(xy)
    assert body is not None
    plates = detect_plates(img, body)
    assert len(plates) == 2
    chosen = find_plate(img, xy)
    assert chosen is not None and math.hypot(chosen.centre[0] - 420, chosen.centre[1] - 300) < 3


def test_find_plate_needs_hips_to_place_the_bar() -> None:
    img = _draw_plate(_background(), (420, 300), 120)
    assert find_plate(img, None) is None
    assert find_plate(img, np.full((33, 2), np.nan)) is None
    assert find_plate(img, _pose_with_hips((60, 60))) is None  # the plate is nowhere near


@pytest.mark.parametrize(
    ("hips", "expected"),
    [
        ([(100.0, 100.0)], 0),  # inside the first plate
        ([(500.0, 500.0), (310.0, 290.0)], 1),  # the second guess is on the second plate
        ([(900.0, 900.0)], None),
    ],
)
def test_choose_plate_wants_a_hip_on_the_disk(
    hips: list[tuple[float, float]], expected: int | None
) -> None:
    plates = [Plate((120, 110), 80, 0.95), Plate((300, 300), 100, 0.9)]
    chosen = choose_plate(plates, hips)
    assert chosen is (None if expected is None else plates[expected])


def test_the_best_supported_plate_on_the_hips_wins() -> None:
    near = Plate((300, 300), 130, 0.98)  # the front plate: whole rim
    far = Plate((260, 250), 100, 0.8)  # the far plate: partly behind the body
    assert choose_plate([far, near], [(280, 280)]) is near


@pytest.mark.parametrize(("radius", "diameter"), [(150.0, 0.45), (100.0, 0.45), (120.0, 0.40)])
def test_plate_gives_metres_per_pixel_with_its_error(radius: float, diameter: float) -> None:
    rules = PlateRules(diameter_m=diameter)
    plate = Plate((0, 0), radius, 1.0, rules.diameter_m, rules.diameter_error_m)
    assert plate.m_per_px == pytest.approx(diameter / (2 * radius))
    expected = math.hypot(rules.diameter_error_m / diameter, rules.radius_error)
    assert plate.relative_error == pytest.approx(expected)
    data = plate.to_json()
    assert data["detected"] is True and data["diameter_m"] == diameter


@pytest.mark.parametrize("diameter", [0.05, 2.0, float("nan")])
def test_implausible_plate_diameters_are_refused(diameter: float) -> None:
    with pytest.raises(InputError):
        PlateRules(diameter_m=diameter)


def test_tracking_follows_the_steady_plate_through_a_clip() -> None:
    bar = [Plate((300 + 2 * i, 300 - 3 * i), 120, 0.9) for i in range(6)]
    ghost = Plate((80, 60), 60, 0.95)  # a background plate seen in one frame, better rim
    frames: list[list[Plate]] = [[p] for p in bar]
    frames[2] = [ghost, bar[2]]
    frames[4] = []  # the plate was missed in this frame
    track = track_plate(frames)
    assert track[2] is bar[2]
    assert track[4] is None
    assert [t for i, t in enumerate(track) if i not in (2, 4)] == [bar[0], bar[1], bar[3], bar[5]]
    assert track_plate([]) == []


def test_plate_scale_uses_the_median_radius_and_adds_its_spread() -> None:
    steady = [Plate((0, 0), 100, 1.0) for _ in range(5)]
    scale = plate_scale([*steady, None])
    assert scale is not None
    assert scale.m_per_px == pytest.approx(0.45 / 200)
    assert scale.source == "plate"
    assert scale.relative_error == pytest.approx(steady[0].relative_error)
    wobbly = [Plate((0, 0), r, 1.0) for r in (90, 100, 110, 95, 105)]
    scale_wobbly = plate_scale(wobbly)
    assert scale_wobbly is not None and scale_wobbly.relative_error > scale.relative_error
    assert plate_scale([None, None]) is None


def test_body_length_is_the_shoulder_to_ankle_distance() -> None:
    pose = FramePose(_pose_with_hips((100, 100), 400), np.ones(33))
    assert body_length_px(pose.xy) == pytest.approx(math.hypot(400, 10))
    assert body_length_px(np.full((33, 2), np.nan)) is None
