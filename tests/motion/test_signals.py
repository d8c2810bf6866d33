from __future__ import annotations

import numpy as np
import pytest

from hipthrust.motion.signals import (
    compute_kinematics,
    estimate_tilt_deg,
    joint_angle_deg,
    to_floor_frame,
)


def _p(*xy: tuple[float, float]) -> np.ndarray:
    return np.array(xy, dtype=np.float64)


@pytest.mark.parametrize(
    ("a", "b", "c", "expected"),
    [
        ((0, 0), (1, 0), (2, 0), 180.0),
        ((0, 0), (1, 0), (1, 1), 90.0),
        ((0, 0), (1, 0), (0, 0.001), 0.0573),
        ((2, 1), (1, 0), (2, -1), 90.0),
    ],
)
def test_joint_angle(a: tuple, b: tuple, c: tuple, expected: float) -> None:
    assert joint_angle_deg(_p(a), _p(b), _p(c))[0] == pytest.approx(expected, abs=1e-3)


def _lying(
    hip_y: float,
    knee: tuple[float, float] = (600, 300),
    ankle: tuple[float, float] = (600, 500),
    ear: tuple[float, float] = (180, 400),
) -> dict[str, np.ndarray]:
    """Image pixels (y down) of a lifter lying with the head to the left, feet to the right."""
    return {
        "shoulder": _p((200, 400)),
        "hip": _p((400, hip_y)),
        "knee": _p(knee),
        "ankle": _p(ankle),
        "ear": _p(ear),
        "heel": _p((590, 530)),
        "foot_index": _p((700, 530)),
    }


def _kin(points: dict[str, np.ndarray], tilt: float | None = None):
    return compute_kinematics(points, np.array([0.0]), (640, 360), tilt)


@pytest.mark.parametrize(
    ("hip_y", "expected"),
    [
        (350, 180.0),  # on the shoulder-knee line
        # below the line: flexed, the plain angle between hip->shoulder and hip->knee
        (450, 180 - np.degrees(np.arctan2(50, 200) + np.arctan2(150, 200))),
        # above the line: past it, 360 minus the plain angle
        (300, 360 - (180 - np.degrees(np.arctan2(100, 200)))),
    ],
)
def test_hip_angle_is_signed_about_the_shoulder_knee_line(hip_y: float, expected: float) -> None:
    k = _kin(_lying(hip_y, knee=(600, 300)))
    assert k.hip_angle[0] == pytest.approx(expected, abs=1e-6)


def test_mirrored_lifter_gives_the_same_angles() -> None:
    points = _lying(450)
    mirrored = {name: np.stack((1280 - p[:, 0], p[:, 1]), axis=1) for name, p in points.items()}
    a, b = _kin(points), _kin(mirrored)
    assert b.foot_direction == -a.foot_direction
    for name in ("hip_angle", "knee_angle", "shin_angle", "trunk_angle", "head_angle"):
        assert getattr(b, name)[0] == pytest.approx(getattr(a, name)[0], abs=1e-9), name


@pytest.mark.parametrize(
    ("ankle_x", "sign"),
    [(650, 1), (600, 0), (550, -1)],  # foot beyond the knee: forward (feet too far out)
)
def test_shin_angle_sign(ankle_x: float, sign: int) -> None:
    k = _kin(_lying(350, knee=(600, 300), ankle=(ankle_x, 500)))
    assert np.sign(round(k.shin_angle[0], 9)) == sign
    assert abs(k.shin_angle[0]) == pytest.approx(np.degrees(np.arctan2(abs(ankle_x - 600), 200)))


def test_trunk_angle_lying_and_standing() -> None:
    assert _kin(_lying(300)).trunk_angle[0] == pytest.approx(np.degrees(np.arctan2(100, 200)))
    standing = _lying(300)
    standing["hip"] = _p((200, 700))  # straight below the shoulder
    assert _kin(standing).trunk_angle[0] == pytest.approx(-90.0)


@pytest.mark.parametrize(
    ("ear", "sign"),
    [((100, 400), 0), ((100, 350), 1), ((100, 450), -1)],  # in line, chin tucked, tipped back
)
def test_head_angle_sign(ear: tuple[float, float], sign: int) -> None:
    k = _kin(_lying(400, ear=ear))  # trunk horizontal
    assert np.sign(round(k.head_angle[0], 9)) == sign


def test_hip_height_is_normalised_by_leg_length() -> None:
    k = _kin(_lying(350, knee=(600, 350), ankle=(600, 550)))
    # hip 200 px above the ankle; thigh 200 + shank 200 px
    assert k.hip_height[0] == pytest.approx(0.5)
    assert k.body_scale_px == pytest.approx(400)


@pytest.mark.parametrize("tilt", [-12.0, -3.0, 0.0, 7.0, 14.0])
def test_tilt_is_estimated_from_the_feet_and_removed(tilt: float) -> None:
    level = _lying(420)
    theta = np.radians(tilt)
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    centre = np.array([640.0, 360.0])
    tilted = {n: (p - centre) @ rot.T + centre for n, p in level.items()}
    estimate = estimate_tilt_deg(
        np.repeat(tilted["heel"], 3, 0), np.repeat(tilted["foot_index"], 3, 0)
    )
    assert estimate == pytest.approx(tilt, abs=1e-6)
    a, b = _kin(level, 0.0), _kin(tilted, tilt)
    for name in ("hip_angle", "shin_angle", "trunk_angle", "head_angle", "hip_height"):
        assert getattr(b, name)[0] == pytest.approx(getattr(a, name)[0], abs=1e-6), name


def test_tilt_estimate_refuses_unusable_feet() -> None:
    heel = np.repeat(_p((0, 0)), 5, 0)
    assert estimate_tilt_deg(heel, heel + 2) is None  # too short
    assert estimate_tilt_deg(heel, heel + np.array([40.0, 12.0])) is None  # 17 deg: not a floor
    assert estimate_tilt_deg(heel[:2], heel[:2] + 50) is None  # too few frames


def test_floor_frame_flips_y_up() -> None:
    out = to_floor_frame(_p((10, 20)), 0.0, (0, 0))
    np.testing.assert_allclose(out, [[10, -20]])


@pytest.mark.parametrize(("floor", "applied"), [(5.0, 5.0), (-5.5, -5.5), (10.0, 0.0)])
def test_a_steep_floor_line_is_not_applied(floor: float, applied: float) -> None:
    theta = np.radians(floor)
    heel = np.zeros((5, 2))
    toe = np.repeat(_p((100 * np.cos(theta), 100 * np.sin(theta))), 5, 0)
    k = compute_kinematics(_lying(420), np.array([0.0]), (640, 360), None, (heel, toe))
    assert k.tilt_deg == pytest.approx(applied)
    assert k.floor_line_deg == pytest.approx(floor)
    assert k.tilt_source == ("feet" if applied else "none")
