from __future__ import annotations

import dataclasses

import pytest

from hipthrust.errors import InputError
from hipthrust.motion.faults import DEFAULT_FAULT_RULES, FAULTS, FaultRules, detect_faults
from hipthrust.motion.metrics import RepMetrics

GOOD = RepMetrics(
    index=3,
    start_s=1.0,
    end_s=5.0,
    peak_s=2.5,
    peak_hip_angle_deg=177.0,
    bottom_hip_angle_deg=100.0,
    range_of_motion_deg=77.0,
    range_of_motion_height=0.3,
    hold_s=1.5,
    hold_band_s=2.1,
    concentric_s=1.0,
    eccentric_s=2.0,
    knee_angle_top_deg=90.0,
    shin_angle_top_deg=2.0,
    trunk_angle_top_deg=5.0,
    head_angle_top_deg=25.0,
    trunk_rotation_past_line_deg=0.0,
    pivot_slide=0.02,
    support="bench",
    mean_concentric_velocity_m_s=0.4,
)

CASES = [
    # (fault, field, value that shows it, value just inside the rule)
    ("incomplete_extension", "peak_hip_angle_deg", 164.0, 166.0),
    ("lumbar_hyperextension", "peak_hip_angle_deg", 187.0, 185.0),
    ("lumbar_hyperextension", "trunk_rotation_past_line_deg", 11.0, 9.0),
    ("shins_forward", "shin_angle_top_deg", 11.0, 9.0),
    ("shins_back", "shin_angle_top_deg", -11.0, -9.0),
    ("no_pause", "hold_s", 0.4, 0.6),
    ("rushed_eccentric", "eccentric_s", 0.4, 0.6),
    ("looking_at_ceiling", "head_angle_top_deg", -1.0, 1.0),
    ("wrong_pivot", "pivot_slide", 0.12, 0.08),
]


def test_a_good_rep_has_no_faults() -> None:
    assert detect_faults(GOOD) == ()


@pytest.mark.parametrize(("fault", "field", "bad", "fine"), CASES)
def test_each_fault_fires_past_its_threshold_only(
    fault: str, field: str, bad: float, fine: float
) -> None:
    shown = detect_faults(dataclasses.replace(GOOD, **{field: bad}))
    assert [f.id for f in shown] == [fault]
    assert shown[0].rep_index == 3
    assert shown[0].cue == FAULTS[fault].cue
    assert any(
        v == pytest.approx(bad, abs=1e-3) or v == pytest.approx(bad - 180, abs=1e-3)
        for v in shown[0].values.values()
    )
    assert detect_faults(dataclasses.replace(GOOD, **{field: fine})) == ()


def test_wrong_pivot_needs_a_bench() -> None:
    floor = dataclasses.replace(GOOD, pivot_slide=0.3, support="floor")
    assert detect_faults(floor) == ()


def test_unmeasured_values_never_fire() -> None:
    blind = dataclasses.replace(
        GOOD, head_angle_top_deg=float("nan"), shin_angle_top_deg=float("nan")
    )
    assert detect_faults(blind) == ()


def test_a_coach_can_loosen_a_rule() -> None:
    rep = dataclasses.replace(GOOD, hold_s=0.3)
    assert [f.id for f in detect_faults(rep)] == ["no_pause"]
    assert detect_faults(rep, FaultRules(min_hold_s=0.2)) == ()


def test_every_fault_has_a_cue_and_a_coaching_mistake() -> None:
    for kind in FAULTS.values():
        assert kind.cue.endswith(".") and kind.name and kind.mistake


@pytest.mark.parametrize("kwargs", [{"min_hold_s": -1.0}, {"min_top_hip_angle_deg": 200.0}])
def test_fault_rules_refuse_nonsense(kwargs: dict[str, float]) -> None:
    with pytest.raises(InputError):
        FaultRules(**kwargs)  # type: ignore[arg-type]


def test_defaults_are_the_documented_ones() -> None:
    assert DEFAULT_FAULT_RULES.min_top_hip_angle_deg == 165.0
    assert DEFAULT_FAULT_RULES.max_past_line_deg == 6.0
