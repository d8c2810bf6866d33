from __future__ import annotations

import json

import numpy as np
import pytest

from hipthrust.motion.faults import Fault
from hipthrust.motion.report import (
    SCHEMA_VERSION,
    SIGNAL_COLUMNS,
    Estimate,
    ReportWarning,
    RepReport,
    Scale,
    SetReport,
    SignalTable,
)

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
