from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.motion.pose import PoseSequence
from hipthrust.motion.sanity import (
    DEFAULT_SANITY_RULES,
    SanityRules,
    ViewCheck,
    check_usable,
    coverage_warnings,
    hip_lift,
    view_warnings,
)
from hipthrust.motion.signals import Kinematics, compute_kinematics

RULES = DEFAULT_SANITY_RULES


def _kinematics(n: int = 300, fps: float = 30.0) -> Kinematics:
    t = np.arange(n) / fps
    wave = 140 + 35 * np.sin(t)
    return Kinematics(
        t=t,
        hip_angle=wave,
        knee_angle=wave,
        shin_angle=wave,
        trunk_angle=wave,
        head_angle=wave,
        hip_height=wave,
        hip_height_px=wave,
        pivot_u_px=wave,
        body_scale_px=300.0,
        trunk_length_px=200.0,
        foot_direction=1,
        support="floor",
        tilt_deg=0.0,
        tilt_source="none",
    )


def _ids(warnings: list) -> list[str]:  # type: ignore[type-arg]
    return [w.id for w in warnings]


def test_a_good_clip_has_no_coverage_warnings() -> None:
    assert coverage_warnings(_kinematics(), RULES) == []


def test_short_clip_low_coverage_and_gaps_are_named() -> None:
    k = _kinematics()
    hip = k.hip_angle.copy()
    hip[60:180] = np.nan  # four seconds lost
    warnings = coverage_warnings(dataclasses.replace(k, hip_angle=hip), RULES)
    assert _ids(warnings) == ["low_coverage", "tracking_gap"]
    assert "2.0 s to 6.0 s" in warnings[1].message
    assert _ids(coverage_warnings(_kinematics(n=45), RULES)) == ["short_clip"]


@pytest.mark.parametrize(
    ("tilt", "source", "said"), [(6.0, "feet", True), (1.0, "feet", False), (6.0, "none", False)]
)
def test_camera_tilt_is_mentioned_when_large_and_known(
    tilt: float, source: str, said: bool
) -> None:
    k = dataclasses.replace(_kinematics(), tilt_deg=tilt, tilt_source=source)
    assert ("camera_tilt" in _ids(coverage_warnings(k, RULES))) is said


@pytest.mark.parametrize(
    ("separation", "variation", "expected"),
    [
        (0.05, 0.02, []),
        (0.3, 0.02, ["oblique_view"]),
        (0.8, 0.5, ["not_side_view"]),
        (0.05, 0.3, ["segments_change_length"]),
    ],
)
def test_view_warnings(separation: float, variation: float, expected: list[str]) -> None:
    assert _ids(view_warnings(ViewCheck(separation, variation), RULES)) == expected


def test_refusals() -> None:
    empty = PoseSequence(np.full((20, 33, 2), np.nan), np.zeros((20, 33)), 30.0, 640, 480)
    with pytest.raises(InputError, match="no person"):
        check_usable(empty, np.zeros(20, dtype=bool), RULES)
    seen = PoseSequence(np.zeros((20, 33, 2)), np.full((20, 33), 0.9), 30.0, 640, 480)
    with pytest.raises(InputError, match="only 4 frames"):
        check_usable(seen, np.arange(20) < 4, RULES)
    check_usable(seen, np.ones(20, dtype=bool), RULES)


def test_sanity_rules_refuse_nonsense() -> None:
    with pytest.raises(InputError):
        SanityRules(min_valid_frames=1)


def test_a_floor_line_too_steep_to_trust_is_said() -> None:
    k = dataclasses.replace(_kinematics(), tilt_source="none", floor_line_deg=10.0)
    warnings = coverage_warnings(k, RULES)
    assert _ids(warnings) == ["floor_line_unsure"]
    assert "10°" in warnings[0].message


def _legs(lift: np.ndarray, ankle_up_shin: np.ndarray, leg_raise: bool = False) -> Kinematics:
    """A side view (y down): shoulders still, the hips rising by ``lift`` (0-1 of 80 px) and the
    ankle drawn ``ankle_up_shin`` of the way up the shin toward the knee; or, with
    ``leg_raise``, the hips left down and the shank (its length kept) swung up by ``lift``."""
    n = lift.size
    shoulder = np.tile([100.0, 300.0], (n, 1))
    hip = np.stack([np.full(n, 250.0), 350.0 - (0.0 if leg_raise else 80.0) * lift], axis=1)
    knee = np.tile([350.0, 250.0], (n, 1))
    foot = np.tile([380.0, 400.0], (n, 1))
    if leg_raise:  # the shank turns about the knee, from down to level
        angle = np.radians(90.0 * lift)
        shank = np.hypot(30.0, 150.0)
        foot = knee + shank * np.stack([np.sin(angle), np.cos(angle)], axis=1)
    ankle = foot + ankle_up_shin[:, None] * (knee - foot)
    points = {"shoulder": shoulder, "hip": hip, "knee": knee, "ankle": ankle, "ear": shoulder}
    return compute_kinematics(points, np.arange(n) / 30.0, (320.0, 240.0), tilt_deg=0.0)


def _rise(values: np.ndarray, top: np.ndarray) -> float:
    return float(np.median(values[top]) - np.median(values[~top]))


def test_an_ankle_drawn_up_the_shin_at_the_tops_does_not_hide_the_hips_rise() -> None:
    """BlazePose, 35-45 deg off the side of a hip thrust, drags the near foot up the shin at
    the tops: the hips still rose over the feet, which never moved."""
    lift = np.tile(np.r_[np.zeros(30), np.ones(30)], 3)
    top = lift > 0.5
    dragged = _legs(lift, np.where(top, 0.5, 0.0))
    seen = hip_lift(dragged)
    assert seen is not None
    assert _rise(seen.over_feet, top) == pytest.approx(_rise(seen.over_shoulders, top), rel=0.05)
    assert _rise(seen.over_feet, top) > 0.2
    # Without the repair, the drawn ankle rises with the hips and the rise all but vanishes.
    kept = hip_lift(dragged, dataclasses.replace(RULES, max_shank_change=10.0))
    assert kept is not None and _rise(kept.over_feet, top) < 0.1


def test_a_leg_raise_still_lifts_the_feet_over_the_hips() -> None:
    """The shank keeps its length when the legs rise: the feet go up, the hips do not."""
    lift = np.tile(np.r_[np.zeros(30), np.ones(30)], 3)
    seen = hip_lift(_legs(lift, np.zeros(lift.size), leg_raise=True))
    assert seen is not None
    assert _rise(seen.over_feet, lift > 0.5) < -0.2
