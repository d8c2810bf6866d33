"""The planted-foot finder on drawn floor bridges: a leg whose shin a bar hides, the foot on the
floor beside it; and the cases where nothing may be found."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray

from hipthrust.motion.pose import MEDIAPIPE_33
from hipthrust.video.feet import dispute_ankle, find_planted_foot, place_foot
from hipthrust.video.photo import PhotoOptions, analyze_image, mirror_pose
from hipthrust.video.pose_model import FramePose
from hipthrust.video.repair import LegChain

FloatArray = NDArray[np.float64]
Image = NDArray[np.uint8]
SIZE = (567, 850)  # h, w
FLOOR = (58, 49, 42)
BAR = (170, 161, 152)
# A floor bridge's top, head right: shoulders on the floor, the foot planted under the knee.
TRUTH = {
    "ear": np.array([680.0, 335.0]),
    "shoulder": np.array([600.0, 352.0]),
    "hip": np.array([400.0, 240.0]),
    "knee": np.array([240.0, 160.0]),
    "ankle": np.array([180.0, 352.0]),
}
TOES = np.array([85.0, 385.0])


def _knee_angle(hip: FloatArray, knee: FloatArray, ankle: FloatArray) -> float:
    a, b = hip - knee, ankle - knee
    return math.degrees(abs(math.atan2(a[0] * b[1] - a[1] * b[0], float(np.dot(a, b)))))


def _picture(*, foot: bool = True, bar: bool = True, floor_noise: bool = False) -> Image:
    img = np.full((*SIZE, 3), FLOOR, np.uint8)
    img[:120] = (190, 175, 140)  # the wall
    if floor_noise:  # a floor of tiles in three colours: no one colour to tell a foot from
        tiles = np.random.default_rng(7).integers(0, 3, size=(SIZE[0] // 15 + 1, SIZE[1] // 15 + 1))
        colours = np.array([FLOOR, (150, 110, 80), (90, 120, 160)], np.uint8)
        img[120:] = np.kron(colours[tiles], np.ones((15, 15, 1), np.uint8))[
            120 : SIZE[0], : SIZE[1]
        ]
    p = {j: tuple(int(v) for v in xy) for j, xy in TRUTH.items()}
    cv2.line(img, p["shoulder"], p["hip"], (25, 25, 25), 60)  # trunk in a black shirt
    cv2.line(img, p["hip"], p["knee"], (20, 20, 20), 45)  # shorts
    cv2.line(img, p["knee"], p["ankle"], (200, 160, 130), 26)  # shin (skin)
    cv2.circle(img, p["ear"], 35, (200, 160, 130), -1)
    if foot:  # a white shoe: heel behind the ankle, toes away from the hip
        shoe = np.array([[205, 370], [205, 395], [85, 395], [85, 380], [160, 355]], np.int32)
        cv2.fillPoly(img, [shoe], (225, 225, 230))
    if bar:  # the rack's upright over the whole shin, floor to ceiling
        img[:400, 160:215] = BAR
    return img


def _chain(truth: dict[str, FloatArray]) -> LegChain:
    """What the pose model answers with the shin hidden: the ankle up at the knee's height."""
    points = dict(truth)
    points["ankle"] = truth["knee"] + np.array([-100.0, 5.0])
    visibility = {j: 0.99 for j in points}
    visibility["ankle"] = 0.2
    return LegChain("left", points, visibility)


def test_the_foot_beside_the_bar_gives_the_ankle() -> None:
    finding = find_planted_foot(_picture(), _chain(TRUTH))
    assert finding.found and finding.ankle is not None
    ankle = np.asarray(finding.ankle)
    assert 160 <= ankle[0] <= 215  # behind the bar, where the shin is hidden
    assert abs(ankle[1] - TRUTH["shoulder"][1]) < 1  # on the floor at the shoulders' height
    truth_knee = _knee_angle(TRUTH["hip"], TRUTH["knee"], TRUTH["ankle"])
    assert _knee_angle(TRUTH["hip"], TRUTH["knee"], ankle) == pytest.approx(truth_knee, abs=6)
    assert finding.obstacle_px is not None and abs(finding.obstacle_px[0] - 160) <= 2


def test_the_finder_does_not_depend_on_the_direction() -> None:
    img = np.ascontiguousarray(_picture()[:, ::-1])
    mirrored = {j: np.array([SIZE[1] - xy[0], xy[1]]) for j, xy in TRUTH.items()}
    finding = find_planted_foot(img, _chain(mirrored))
    assert finding.ankle is not None
    assert SIZE[1] - 215 <= finding.ankle[0] <= SIZE[1] - 160


def test_place_foot_records_the_repair() -> None:
    chain = place_foot(_picture(), _chain(TRUTH))
    assert chain is not None
    assert [(r.joint, r.method) for r in chain.repairs] == [("ankle", "floor_foot")]
    assert chain.seen("ankle") and "heel" not in chain.points


@pytest.mark.parametrize(
    ("picture", "reason"),
    [
        ({"foot": False}, "nothing on the floor"),  # the bar, but no foot beside it
        ({"bar": False, "foot": False}, "nothing on the floor"),
        ({"bar": False}, "no obstacle"),  # a shoe, but nothing that could hide a shin
        ({"floor_noise": True}, "not of one colour"),
    ],
)
def test_without_evidence_the_foot_stays_unknown(picture: dict[str, bool], reason: str) -> None:
    finding = find_planted_foot(_picture(**picture), _chain(TRUTH))
    assert not finding.found and finding.ankle is None
    assert reason in finding.reason
    assert place_foot(_picture(**picture), _chain(TRUTH)) is None


def test_shoulders_up_on_a_bench_put_the_floor_out_of_reach() -> None:
    bench = dict(TRUTH)
    bench["shoulder"] = np.array([600.0, 200.0])  # level with the knee: no floor there
    finding = find_planted_foot(_picture(), _chain(bench))
    assert not finding.found and "reach" in finding.reason


def test_a_foot_that_would_bend_the_knee_impossibly_is_refused() -> None:
    # The hip drawn beyond the foot: a foot there would close the knee to under 30 degrees.
    odd = dict(TRUTH)
    odd["hip"] = np.array([40.0, 240.0])
    odd["knee"] = np.array([200.0, 160.0])
    assert not find_planted_foot(_picture(), _chain(odd)).found


class _Fake:
    """The pose model that answers the hidden-shin chain on the photo and its mirror image."""

    def __init__(self, image: Image, chain: LegChain) -> None:
        xy = np.zeros((33, 2))
        visibility = np.full(33, 0.99)
        for side in ("left", "right"):
            for joint, p in chain.points.items():
                xy[MEDIAPIPE_33.index(f"{side}_{joint}")] = p
                visibility[MEDIAPIPE_33.index(f"{side}_{joint}")] = chain.visibility[joint]
        self.image, self.pose = image, FramePose(xy, visibility)

    def estimate(self, frame_rgb: Image, t_s: float) -> FramePose | None:
        if np.array_equal(frame_rgb, self.image):
            return self.pose
        return mirror_pose(self.pose, SIZE[1])


def test_a_photo_with_the_shin_behind_a_bar_is_measured_from_the_foot() -> None:
    img = _picture()
    position = analyze_image(img, _Fake(img, _chain(TRUTH)))
    truth_knee = _knee_angle(TRUTH["hip"], TRUTH["knee"], TRUTH["ankle"])
    assert position.knee_angle_deg == pytest.approx(truth_knee, abs=6)
    ids = [w.id for w in position.warnings]
    assert "ankle_from_floor" in ids and "shin_hidden" not in ids
    assert "floor_foot" in [r.method for r in position.repairs]
    withheld = analyze_image(img, _Fake(img, _chain(TRUTH)), PhotoOptions(feet=None))
    assert withheld.knee_angle_deg is None
    assert "shin_hidden" in [w.id for w in withheld.warnings]


def test_a_photo_without_a_foot_keeps_the_knee_unknown() -> None:
    img = _picture(foot=False)
    position = analyze_image(img, _Fake(img, _chain(TRUTH)))
    assert position.knee_angle_deg is None and position.shin_angle_deg is None
    assert "shin_hidden" in [w.id for w in position.warnings]


# A dumbbell lying on the floor in the open, below the knee, on the hip side of the bar.
DUMBBELL = (slice(320, 400), slice(255, 315))


def _with_dumbbell() -> Image:
    img = _picture()
    img[DUMBBELL] = (15, 15, 18)
    return img


def _planted(ankle: FloatArray) -> LegChain:
    """A chain the model answered with confidence, its shin planted down to ``ankle``."""
    points = dict(TRUTH)
    points["ankle"] = ankle
    return LegChain("left", points, {j: 0.95 for j in points})


def test_an_ankle_put_on_an_object_away_from_the_foot_is_disputed() -> None:
    img = _with_dumbbell()
    chain = _planted(np.array([285.0, 370.0]))  # on the dumbbell: the shin looks planted
    finding = dispute_ankle(img, chain)
    assert finding is not None and finding.ankle is not None
    assert 160 <= finding.ankle[0] <= 215  # behind the bar, over the shoe's heel
    position = analyze_image(img, _Fake(img, chain))
    truth_knee = _knee_angle(TRUTH["hip"], TRUTH["knee"], TRUTH["ankle"])
    wrong_knee = _knee_angle(TRUTH["hip"], TRUTH["knee"], chain["ankle"])
    assert abs(truth_knee - wrong_knee) > 20  # the misreading is large
    assert position.knee_angle_deg == pytest.approx(truth_knee, abs=6)
    assert "ankle_from_floor" in [w.id for w in position.warnings]
    assert "floor_foot" in [r.method for r in position.repairs]
    # Without the foot finder the model's ankle stands (what the photo reported before).
    plain = analyze_image(img, _Fake(img, chain), PhotoOptions(feet=None))
    assert plain.knee_angle_deg == pytest.approx(wrong_knee, abs=0.5)


def test_a_right_ankle_is_left_alone() -> None:
    img = _with_dumbbell()
    chain = _planted(TRUTH["ankle"])  # the model saw the ankle where it is
    assert dispute_ankle(img, chain) is None
    position = analyze_image(img, _Fake(img, chain))
    plain = analyze_image(img, _Fake(img, chain), PhotoOptions(feet=None))
    assert position.knee_angle_deg == pytest.approx(plain.knee_angle_deg)
    assert not position.repairs and not position.warnings


def test_an_ankle_beside_the_obstacle_is_not_disputed() -> None:
    """An ankle at the obstacle's edge may be the obstacle's own (a near shin standing over the
    far foot): far from the foot found, but not in the open, so it is kept."""
    chain = _planted(np.array([228.0, 290.0]))  # 14 px from the bar's edge (x 160-214)
    finding = find_planted_foot(_picture(), chain)
    assert finding.ankle is not None  # the foot is found, far from the model's ankle ...
    thigh = chain.length("hip", "knee")
    assert np.hypot(*(np.asarray(finding.ankle) - chain["ankle"])) > 0.4 * thigh
    assert dispute_ankle(_picture(), chain) is None  # ... but it does not contradict
