from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray

from hipthrust.motion.pose import MEDIAPIPE_33
from hipthrust.video.barbell import Plate, find_plate
from hipthrust.video.pose_model import FramePose
from hipthrust.video.repair import (
    LegChain,
    SegmentLengths,
    anatomy_cost,
    chains_from_pose,
    learn_segment_lengths,
    model_hip_weight,
    place_knee,
    repair_chain,
    repair_frame_pose,
    shin_cost,
    two_circle_points,
)

FloatArray = NDArray[np.float64]


def _angle(a: FloatArray, b: FloatArray, c: FloatArray) -> float:
    ba, bc = a - b, c - b
    return math.degrees(abs(math.atan2(ba[0] * bc[1] - ba[1] * bc[0], float(ba @ bc))))


def _bridge_top(
    hip: tuple[float, float] = (400.0, 250.0), thigh: float = 200.0, knee_deg: float = 90.0
) -> dict[str, FloatArray]:
    """A side view of the top of a bridge: head to the right, thigh level to the left, shin
    down from the knee at ``knee_deg`` to the thigh, trunk continuing the thigh's line."""
    h = np.asarray(hip)
    knee = h + np.array([-thigh, 0.0])
    # the shank leaves the knee turning down from the thigh line by knee_deg
    to_hip = np.array([1.0, 0.0])
    c, s = math.cos(math.radians(knee_deg)), math.sin(math.radians(knee_deg))
    shin_dir = np.array([to_hip[0] * c - to_hip[1] * s, to_hip[0] * s + to_hip[1] * c])
    ankle = knee + thigh * shin_dir
    shoulder = h + np.array([1.18 * thigh, 0.0])
    return {
        "ear": shoulder + np.array([40.0, -30.0]),
        "shoulder": shoulder,
        "hip": h,
        "knee": knee,
        "ankle": ankle,
        "heel": ankle + np.array([10.0, 20.0]),
        "foot_index": ankle + np.array([-40.0, 25.0]),
    }


def _chain(points: dict[str, FloatArray], visibility: float = 0.99) -> LegChain:
    return LegChain("left", dict(points), {j: visibility for j in points})


def _pose(points: dict[str, FloatArray], visibility: float = 0.99) -> FramePose:
    xy = np.zeros((33, 2))
    for side in ("left", "right"):
        for joint, p in points.items():
            xy[MEDIAPIPE_33.index(f"{side}_{joint}")] = p
    return FramePose(xy, np.full(33, visibility))


@pytest.mark.parametrize(
    ("c1", "r1", "c2", "r2", "expected"),
    [
        ((0, 0), 5, (8, 0), 5, [(4, 3), (4, -3)]),
        ((0, 0), 5, (0, 6), 5, [(-4, 3), (4, 3)]),
        ((0, 0), 3, (5, 0), 2, [(3, 0)]),  # touching
        ((0, 0), 3, (10, 0), 3, []),  # too far apart
        ((0, 0), 10, (1, 0), 2, []),  # one inside the other
        ((0, 0), 3, (0, 0), 3, []),  # same centre
    ],
)
def test_two_circle_points_are_exact(
    c1: tuple[float, float],
    r1: float,
    c2: tuple[float, float],
    r2: float,
    expected: list[tuple[float, float]],
) -> None:
    found = two_circle_points(np.asarray(c1, float), r1, np.asarray(c2, float), r2)
    assert len(found) == len(expected)
    for p in found:
        assert math.hypot(*(p - np.asarray(c1))) == pytest.approx(r1)
        assert math.hypot(*(p - np.asarray(c2))) == pytest.approx(r2)
        assert any(np.allclose(p, e, atol=1e-9) for e in expected)


@pytest.mark.parametrize("knee_deg", [60.0, 90.0, 120.0])
def test_place_knee_puts_the_knee_up_where_the_leg_bends(knee_deg: float) -> None:
    truth = _bridge_top(knee_deg=knee_deg)
    lengths = SegmentLengths(200.0, 200.0, "seen")
    placed = place_knee(truth["hip"], truth["ankle"], lengths)
    assert placed is not None
    knee, method = placed
    assert method == "two_circle"
    assert np.allclose(knee, truth["knee"], atol=1e-6)  # the other solution is below the line
    assert _angle(truth["hip"], knee, truth["ankle"]) == pytest.approx(knee_deg)


def test_a_gap_longer_than_the_leg_gives_a_straight_leg() -> None:
    lengths = SegmentLengths(100.0, 50.0, "proportions")
    placed = place_knee(np.array([0.0, 0.0]), np.array([300.0, 0.0]), lengths)
    assert placed is not None
    knee, method = placed
    assert method == "straight_leg"
    assert np.allclose(knee, [200.0, 0.0])  # two thirds of the way: thigh / (thigh + shank)
    assert place_knee(np.array([np.nan, 0.0]), np.array([1.0, 0.0]), lengths) is None


def test_a_plausible_bridge_costs_nothing() -> None:
    cost = anatomy_cost(_chain(_bridge_top()))
    assert sum(cost.values()) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(
    ("change", "term"),
    [
        ({"ankle": (150.0, 20.0)}, "shin"),  # the foot in the air: a free leg
        ({"knee": (330.0, 240.0)}, "lengths"),  # the knee put on the thigh
        ({"shoulder": (1200.0, 250.0)}, "trunk"),
        ({"knee": (395.0, 180.0), "ankle": (385.0, 380.0)}, "knee"),  # folded shut
    ],
)
def test_implausible_chains_cost_on_the_right_term(
    change: dict[str, tuple[float, float]], term: str
) -> None:
    points = _bridge_top()
    points.update({k: np.asarray(v) for k, v in change.items()})
    cost = anatomy_cost(_chain(points))
    assert cost[term] > 1.0


def test_unseen_joints_and_a_missing_hip_cost() -> None:
    assert anatomy_cost(_chain(_bridge_top(), visibility=0.2))["hidden"] == 4.0
    points = _bridge_top()
    points["hip"] = np.array([np.nan, np.nan])
    cost = anatomy_cost(_chain(points))
    assert cost["lengths"] == cost["trunk"] == cost["knee"] == 4.0


def test_with_a_plate_the_hip_must_sit_under_the_bar_and_feet_not_behind_it() -> None:
    points = _bridge_top()
    plate = Plate((400.0, 250.0), 130.0, 1.0)
    assert anatomy_cost(_chain(points), plate=plate)["plate"] == pytest.approx(0.0)
    # anywhere on the plate's disk is under the bar (the camera shifts the near plate's centre)
    rim = Plate((400.0, 250.0 - 130.0), 130.0, 1.0)
    assert anatomy_cost(_chain(points), plate=rim)["plate"] == pytest.approx(0.0)
    away = Plate((400.0, 250.0 - 195.0), 130.0, 1.0)  # the hip half a radius beyond the rim
    assert anatomy_cost(_chain(points), plate=away)["plate"] == pytest.approx(1.0)
    points["ankle"] = np.array([410.0, 300.0])
    assert anatomy_cost(_chain(points), plate=plate)["covered"] == 4.0


def test_shin_cost_tells_a_planted_shin_from_a_raised_one() -> None:
    points = _bridge_top()
    assert shin_cost(_chain(points)) == 0.0
    points["ankle"] = points["knee"] + np.array([30.0, -190.0])  # foot up in the air
    assert shin_cost(_chain(points)) > 1.0


def test_lengths_are_learned_where_seen_and_from_proportions_under_a_plate() -> None:
    chains = [_chain(_bridge_top(thigh=t)) for t in (190.0, 200.0, 210.0)]
    seen = learn_segment_lengths(chains)
    assert seen is not None and seen.source == "seen"
    assert seen.thigh_px == pytest.approx(200.0) and seen.shank_px == pytest.approx(200.0)
    plate = Plate((400.0, 250.0), 130.0, 1.0)
    hidden = learn_segment_lengths(chains, plate)
    assert hidden is not None and hidden.source == "proportions"
    assert hidden.thigh_px == pytest.approx(hidden.shank_px)
    raised = _bridge_top()
    raised["ankle"] = raised["knee"] + np.array([0.0, -200.0])
    assert learn_segment_lengths([_chain(raised)]) is None


def _fooled(truth: dict[str, FloatArray], plate_centre: FloatArray) -> dict[str, FloatArray]:
    """What the pose model answers behind a plate: hip on the hub, knee on the plate."""
    fooled = dict(truth)
    fooled["hip"] = plate_centre + np.array([5.0, 5.0])
    fooled["knee"] = plate_centre + np.array([-40.0, -90.0])
    return fooled


@pytest.mark.parametrize("knee_deg", [70.0, 90.0, 110.0])
def test_repair_chain_puts_back_hip_and_knee(knee_deg: float) -> None:
    truth = _bridge_top(knee_deg=knee_deg)
    plate = Plate((float(truth["hip"][0]), float(truth["hip"][1])), 130.0, 1.0)
    fooled = _chain(_fooled(truth, truth["hip"]))
    assert abs(_angle(fooled["hip"], fooled["knee"], fooled["ankle"]) - knee_deg) > 15
    fixed = repair_chain(fooled, plate, SegmentLengths(200.0, 200.0, "seen"))
    assert np.allclose(fixed["hip"], truth["hip"])
    assert np.allclose(fixed["knee"], truth["knee"], atol=1e-6)
    assert _angle(fixed["hip"], fixed["knee"], fixed["ankle"]) == pytest.approx(knee_deg)
    assert [(r.joint, r.method) for r in fixed.repairs] == [
        ("hip", "plate_centre"),
        ("knee", "two_circle"),
    ]
    assert all(r.reason for r in fixed.repairs)
    # without lengths only the hip moves
    only_hip = repair_chain(fooled, plate, None)
    assert [r.joint for r in only_hip.repairs] == ["hip"]
    assert np.allclose(only_hip["knee"], fooled["knee"])


@pytest.mark.parametrize(("off", "weight"), [(0.3, 0.0), (0.6, 0.0), (0.8, 0.5), (1.0, 1.0)])
def test_a_hip_the_model_sees_beside_the_plate_is_trusted_in_proportion(
    off: float, weight: float
) -> None:
    """At the bottom of a bench hip thrust the hip shows above the plate's rim: the model's
    hip there is kept, the plate's centre used only where the model answers the hub."""
    truth = _bridge_top()
    plate = Plate((float(truth["hip"][0]), float(truth["hip"][1]) + off * 130.0), 130.0, 1.0)
    chain = _chain(truth)
    assert model_hip_weight(chain, plate) == pytest.approx(weight)
    fixed = repair_chain(chain, plate, SegmentLengths(200.0, 200.0, "seen"))
    centre = np.asarray(plate.centre)
    assert np.allclose(fixed["hip"], (1 - weight) * centre + weight * truth["hip"])
    if weight == 1.0:
        assert fixed is chain and not fixed.repairs
    elif weight > 0:
        assert fixed.repairs[0].method == "plate_and_model"
    else:
        assert fixed.repairs[0].method == "plate_centre"
    hidden = _chain(truth, visibility=0.1)  # a hip the model did not see is never trusted
    assert model_hip_weight(hidden, plate) == 0.0


def test_repair_frame_pose_mends_both_sides_only_when_the_hip_is_on_the_plate() -> None:
    truth = _bridge_top()
    plate = Plate((400.0, 250.0), 130.0, 1.0)
    pose = _pose(_fooled(truth, truth["hip"]))
    lengths = SegmentLengths(200.0, 200.0, "seen")
    fixed, repairs = repair_frame_pose(pose, plate, lengths)
    assert len(repairs) == 4 and {r.side for r in repairs} == {"left", "right"}
    for side in ("left", "right"):
        assert np.allclose(fixed.xy[MEDIAPIPE_33.index(f"{side}_knee")], truth["knee"], atol=1e-6)
        assert np.allclose(fixed.xy[MEDIAPIPE_33.index(f"{side}_hip")], truth["hip"])
    assert np.array_equal(fixed.visibility, pose.visibility)
    per_side, _ = repair_frame_pose(pose, plate, {"left": lengths})
    left, right = chains_from_pose(per_side)
    assert np.allclose(left["knee"], truth["knee"], atol=1e-6)
    assert not np.allclose(right["knee"], truth["knee"])  # no lengths: only the hip moved
    unchanged, none = repair_frame_pose(pose, None, lengths)
    assert unchanged is pose and none == ()
    elsewhere = Plate((50.0, 50.0), 40.0, 1.0)
    assert repair_frame_pose(pose, elsewhere, lengths) == (pose, ())


def test_drawn_plate_over_a_drawn_stick_figure_is_found_and_the_knee_put_back() -> None:
    truth = _bridge_top(hip=(380.0, 230.0), thigh=170.0, knee_deg=85.0)
    img = np.full((480, 720, 3), 90, np.uint8)
    for a, b in (("ear", "shoulder"), ("shoulder", "hip"), ("hip", "knee"), ("knee", "ankle")):
        p = tuple(int(v) for v in truth[a])
        q = tuple(int(v) for v in truth[b])
        cv2.line(img, p, q, (230, 200, 170), 14)
    centre = tuple(int(v) for v in truth["hip"])
    cv2.circle(img, centre, 115, (30, 60, 170), -1, lineType=cv2.LINE_AA)
    cv2.circle(img, centre, 95, (40, 40, 50), -1, lineType=cv2.LINE_AA)
    pose = _pose(_fooled(truth, truth["hip"]))
    plate = find_plate(img, pose.xy)
    assert plate is not None and plate.contains(truth["hip"], 0.05)
    fixed, _ = repair_frame_pose(pose, plate, SegmentLengths(170.0, 170.0, "seen"))
    left, _ = chains_from_pose(fixed)
    assert _angle(left["hip"], left["knee"], left["ankle"]) == pytest.approx(85.0, abs=2.0)
    assert _angle(left["shoulder"], left["hip"], left["knee"]) == pytest.approx(180.0, abs=2.0)
