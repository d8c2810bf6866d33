from __future__ import annotations

import dataclasses

import pytest

from hipthrust.errors import InputError
from hipthrust.motion.faults import (
    DEFAULT_FAULT_RULES,
    FAULTS,
    Check,
    FaultRules,
    Measure,
    RepMeasures,
    detect_faults,
    faults_of,
    judge_rep,
    setup_from_shoulder_rise,
)
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


# --- confidence before cues ------------------------------------------------------------------


def _measures(**changes: Measure) -> RepMeasures:
    return dataclasses.replace(RepMeasures.exact(GOOD), **changes)


def _status(checks: tuple[Check, ...], fault: str) -> str:
    return next(c.status for c in checks if c.id == fault)


@pytest.mark.parametrize(
    ("value", "uncertainty", "status"),
    [
        (-14.0, 3.0, "fault"),  # past -10 by 4, more than its 3
        (-12.0, 3.0, "unsure"),  # past by 2, less than its 3
        (-8.0, 3.0, "unsure"),  # inside by 2, less than its 3
        (-5.0, 3.0, "ok"),
        (float("nan"), 0.0, "not_measured"),
    ],
)
def test_a_fault_is_named_only_past_its_threshold_by_more_than_its_uncertainty(
    value: float, uncertainty: float, status: str
) -> None:
    checks = judge_rep(_measures(shin_angle_top_deg=Measure(value, uncertainty)), "bench")
    assert _status(checks, "shins_back") == status
    faults = faults_of(
        3, checks, _measures(shin_angle_top_deg=Measure(value, uncertainty)), DEFAULT_FAULT_RULES
    )
    assert [f.id for f in faults] == (["shins_back"] if status == "fault" else [])
    if status == "fault":
        assert faults[0].values["uncertainty"] == uncertainty


# A back on the bench edge whose trunk turned 35 deg: a rolling back's range (0-0.1 trunk
# lengths per radian) leaves 0.05 trunk lengths open (metrics.rep_metrics).
ROLL_SPAN = 0.05


@pytest.mark.parametrize(
    ("slide", "status"),
    [
        # rolled over the edge, no slide: what is left after the roll's middle, 0.03
        (0.03, "ok"),
        # slid 0.25 trunk lengths up the bench (about 12 cm): past 0.1 whatever the roll
        (0.25, "fault"),
        # 0.12: past 0.1 with a fixed pivot, not with a back rolling at the range's top
        (0.12, "unsure"),
    ],
)
def test_wrong_pivot_allows_for_a_back_rolling_over_the_edge(slide: float, status: str) -> None:
    rep = dataclasses.replace(GOOD, pivot_slide=slide, pivot_roll_span=ROLL_SPAN)
    checks = judge_rep(RepMeasures.exact(rep), "bench")
    pivot = next(c for c in checks if c.id == "wrong_pivot")
    assert pivot.status == status
    assert pivot.uncertainty == pytest.approx(ROLL_SPAN / 2)
    named = [f.id for f in detect_faults(rep)]
    assert named == (["wrong_pivot"] if status == "fault" else [])
    if status == "unsure":
        assert "rolling over the bench edge" in pivot.reason
        # it is the roll's range that holds the cue back: a fixed pivot would name it
        fixed = dataclasses.replace(rep, pivot_roll_span=0.0)
        assert [f.id for f in detect_faults(fixed)] == ["wrong_pivot"]
    if status == "fault":
        values = detect_faults(rep)[0].values
        assert values["roll_span_trunk_lengths"] == ROLL_SPAN


def test_a_doubted_measure_is_unsure_whatever_its_value() -> None:
    doubted = Measure(150.0, 1.0, doubt="the camera is 40° off the side view")
    checks = judge_rep(_measures(peak_hip_angle_deg=doubted), "bench")
    assert _status(checks, "incomplete_extension") == "unsure"
    assert "40°" in next(c.reason for c in checks if c.id == "incomplete_extension")
    assert faults_of(3, checks, _measures(peak_hip_angle_deg=doubted), DEFAULT_FAULT_RULES) == ()


def test_a_top_past_what_a_body_can_show_is_doubted_not_cued() -> None:
    checks = judge_rep(_measures(peak_hip_angle_deg=Measure(222.0, 1.0)), "floor")
    assert _status(checks, "lumbar_hyperextension") == "unsure"
    checks = judge_rep(_measures(peak_hip_angle_deg=Measure(195.0, 1.0)), "floor")
    assert _status(checks, "lumbar_hyperextension") == "fault"


def test_each_setup_gets_its_own_feet_rule() -> None:
    # Knee 90, shin sloping forward 25 deg: a good floor bridge, feet too far on a bench.
    m = _measures(shin_angle_top_deg=Measure(25.0, 1.0), knee_angle_top_deg=Measure(90.0, 1.0))
    bench = judge_rep(m, "bench")
    floor = judge_rep(m, "floor")
    unknown = judge_rep(m, "unknown")
    assert _status(bench, "shins_forward") == "fault"
    assert _status(bench, "feet_too_far") == "not_applicable"
    assert _status(floor, "shins_forward") == "not_applicable"
    assert _status(floor, "feet_too_far") == _status(floor, "feet_too_close") == "ok"
    for fault in ("shins_forward", "shins_back", "feet_too_far", "feet_too_close", "wrong_pivot"):
        assert _status(unknown, fault) == "not_measured"
    assert faults_of(3, unknown, m, DEFAULT_FAULT_RULES) == ()
    far = _measures(knee_angle_top_deg=Measure(140.0, 2.0))
    close = _measures(knee_angle_top_deg=Measure(45.0, 2.0))
    assert _status(judge_rep(far, "floor"), "feet_too_far") == "fault"
    assert _status(judge_rep(close, "floor"), "feet_too_close") == "fault"
    # A top short of full extension bends the knee: the feet are not judged from it then.
    short = dataclasses.replace(close, peak_hip_angle_deg=Measure(150.0, 1.0))
    assert _status(judge_rep(short, "floor"), "feet_too_close") == "unsure"


def test_every_check_is_reported_once_per_rep() -> None:
    for setup in ("bench", "floor", "unknown"):
        checks = judge_rep(RepMeasures.exact(GOOD), setup)  # type: ignore[arg-type]
        assert sorted(c.id for c in checks) == sorted(FAULTS)


@pytest.mark.parametrize(
    ("rise", "setup"), [(0.9, "bench"), (0.4, "bench"), (0.3, "unknown"), (0.0, "floor")]
)
def test_the_setup_from_the_shoulders_height(rise: float, setup: str) -> None:
    assert setup_from_shoulder_rise(rise) == setup
    assert setup_from_shoulder_rise(float("nan")) == "unknown"
