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
    view_warnings,
)
from hipthrust.motion.signals import Kinematics

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
