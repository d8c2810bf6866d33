from __future__ import annotations

import json

import numpy as np
import pytest

from hipthrust.motion.faults import Check, Fault
from hipthrust.motion.report import (
    SCHEMA_VERSION,
    SIGNAL_COLUMNS,
    Estimate,
    ReportWarning,
    RepReport,
    Scale,
    SetReport,
    SetupReading,
    SignalTable,
    unsure_warning,
)
from hipthrust.motion.view import CameraView

NAN = float("nan")


def _rep(**changes: object) -> RepReport:
    values: dict[str, object] = dict(
        index=1,
        start_s=1.0,
        end_s=5.0,
        peak_s=2.5,
        peak_hip_angle_deg=177.04,
        bottom_hip_angle_deg=100.0,
        range_of_motion_deg=77.04,
        range_of_motion_height=0.31,
        hold_s=1.512,
        hold_band_s=2.0,
        concentric_s=1.0,
        eccentric_s=2.0,
        knee_angle_top_deg=88.0,
        shin_angle_top_deg=NAN,
        trunk_angle_top_deg=3.0,
        head_angle_top_deg=20.0,
        mean_concentric_velocity_m_s=None,
        faults=(Fault("no_pause", 1, {"hold_s": 0.2, "threshold_s": NAN}, "Hold the top."),),
    )
    values.update(changes)
    return RepReport(**values)  # type: ignore[arg-type]


def _table() -> SignalTable:
    t = np.array([0.0, 0.5])
    return SignalTable(t, np.array([100.0, NAN]), t, t, t, t, t, ("bottom", "unknown"))


def _report(**changes: object) -> SetReport:
    values: dict[str, object] = dict(
        side="left",
        side_overridden=False,
        fps=30.0,
        duration_s=10.0,
        n_frames=301,
        tilt_deg=2.04,
        tilt_source="feet",
        scale=Scale(0.0025, 0.05, "body_height"),
        load_kg=100.0,
        reps=(_rep(), _rep(index=2, faults=())),
        partial_reps=1,
        velocity_loss_from_first=0.2,
        velocity_loss_from_best=0.25,
        estimated_rir=Estimate(2.0, 1.5, "reps", "trend"),
        estimated_pct_1rm=Estimate(80.0, 7.0, "%1RM", "de Hoyo 2021"),
        estimated_1rm_kg=None,
        warnings=(ReportWarning("no_scale", "No scale."),),
        signals=_table(),
    )
    values.update(changes)
    return SetReport(**values)  # type: ignore[arg-type]


def test_json_has_the_documented_shape_and_is_valid_json() -> None:
    data = _report().to_json()
    text = json.dumps(data, allow_nan=False)  # never NaN in the output
    assert json.loads(text) == data
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["rep_count"] == 2 and data["partial_reps"] == 1
    assert data["fault_counts"] == {"no_pause": 1}
    rep = data["reps"][0]
    assert set(rep) >= {
        "index",
        "start_s",
        "end_s",
        "peak_hip_angle_deg",
        "hold_s",
        "concentric_s",
        "eccentric_s",
        "range_of_motion",
        "knee_angle_top_deg",
        "shin_angle_top_deg",
        "mean_concentric_velocity_m_s",
        "faults",
    }
    assert rep["range_of_motion"] == {"deg": 77.0, "hip_height": 0.31}
    assert rep["shin_angle_top_deg"] is None  # not measured
    assert rep["faults"] == [
        {"id": "no_pause", "values": {"hold_s": 0.2, "threshold_s": None}, "cue": "Hold the top."}
    ]
    assert data["estimated_pct_1rm"] == {
        "value": 80.0,
        "error": 7.0,
        "unit": "%1RM",
        "source": "de Hoyo 2021",
    }
    assert data["estimated_1rm_kg"] is None
    assert data["velocity_loss"] == {"from_first": 0.2, "from_best": 0.25}
    assert data["warnings"] == [{"id": "no_scale", "message": "No scale."}]
    assert data["scale"] == {"m_per_px": 0.0025, "relative_error": 0.05, "source": "body_height"}


def test_signals_as_csv() -> None:
    csv = _report().signals.to_csv().splitlines()
    assert csv[0] == ",".join(SIGNAL_COLUMNS)
    assert csv[1].startswith("0.0,100.0,")
    assert csv[2].split(",")[1] == ""  # unmeasured hip angle: empty cell
    assert csv[2].endswith(",unknown")


@pytest.mark.parametrize("value", [NAN, float("inf")])
def test_non_finite_numbers_become_null(value: float) -> None:
    data = _report(duration_s=value).to_json()
    assert data["duration_s"] is None


def test_checks_setup_and_view_are_added_without_changing_the_old_fields() -> None:
    checks = (
        Check("no_pause", "fault", 0.2, 0.07, 0.5),
        Check("shins_back", "unsure", -11.0, 3.0, -10.0, "within its uncertainty"),
        Check("feet_too_far", "not_applicable", 88.0, 1.0, NAN, "judged by the shins"),
        Check("looking_at_ceiling", "not_measured", NAN, 0.0, 0.0, "head not seen"),
    )
    view = CameraView(22.0, 12.0, 34.0, "separation", None, 22.0, True, True)
    report = _report(
        reps=(_rep(checks=checks), _rep(index=2, faults=(), checks=checks[1:2])),
        setup=SetupReading("bench", "pose", 0.81),
        camera_view=view,
    )
    data = report.to_json()
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["setup"] == {"value": "bench", "source": "pose", "shoulder_rise": 0.81}
    assert data["camera_view"] == {
        "yaw_deg": 22.0,
        "band_deg": [12.0, 34.0],
        "source": "separation",
        "segments_yaw_deg": None,
        "separation_yaw_deg": 22.0,
        "angles_corrected": True,
        "angles_reliable": True,
    }
    assert data["fault_counts"] == {"no_pause": 1}
    assert data["unsure_counts"] == {"shins_back": 2}
    rep = data["reps"][0]
    assert rep["checks"][1] == {
        "id": "shins_back",
        "status": "unsure",
        "value": -11.0,
        "uncertainty": 3.0,
        "threshold": -10.0,
        "reason": "within its uncertainty",
    }
    assert rep["checks"][3]["value"] is None and rep["checks"][2]["threshold"] is None
    # Older readers: the same faults list as before.
    assert rep["faults"][0]["id"] == "no_pause"
    warning = unsure_warning(report.reps)
    assert warning is not None and warning.id == "not_judged"
    assert "shins slope back at the top (reps 1, 2)" in warning.message


def test_a_report_without_checks_keeps_its_old_shape() -> None:
    data = _report().to_json()
    assert data["reps"][0]["checks"] == []
    assert data["setup"]["value"] == "unknown" and data["camera_view"] is None
    assert unsure_warning(_report().reps) is None
