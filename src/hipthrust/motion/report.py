"""The analysis of one set as frozen dataclasses, and its versioned JSON form.

The JSON schema is documented in docs/motion-report.md; bump ``SCHEMA_VERSION`` on any change
that could break a reader. Numbers that could not be measured are ``null``, never NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hipthrust.motion.faults import FAULTS, Check, Fault, Setup
from hipthrust.motion.view import CameraView

__all__ = [
    "SCHEMA_VERSION",
    "SIGNAL_COLUMNS",
    "Estimate",
    "RepReport",
    "ReportWarning",
    "Scale",
    "SetReport",
    "SetupReading",
    "SignalTable",
    "camera_view_warnings",
    "unsure_warning",
]

SCHEMA_VERSION = 1
SIGNAL_COLUMNS: tuple[str, ...] = (
    "t_s",
    "hip_angle_deg",
    "knee_angle_deg",
    "shin_angle_deg",
    "trunk_angle_deg",
    "head_angle_deg",
    "hip_height",
    "phase",
)

FloatArray = NDArray[np.float64]


def _num(value: float | None, digits: int = 3) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


@dataclass(frozen=True)
class ReportWarning:
    """Something the user should know about the clip or the analysis: an id and a sentence."""

    id: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "message": self.message}


@dataclass(frozen=True)
class Estimate:
    """An estimate with its one-standard-error band and where both come from."""

    value: float
    error: float
    unit: str
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "value": _num(self.value, 2),
            "error": _num(self.error, 2),
            "unit": self.unit,
            "source": self.source,
        }


@dataclass(frozen=True)
class Scale:
    m_per_px: float
    relative_error: float
    source: str  # "given", "plate" or "body_height"

    def to_json(self) -> dict[str, Any]:
        return {
            "m_per_px": _num(self.m_per_px, 6),
            "relative_error": _num(self.relative_error, 3),
            "source": self.source,
        }


@dataclass(frozen=True)
class SetupReading:
    """Bench or floor (or unknown), and where that came from."""

    value: Setup  # "bench", "floor" or "unknown"
    source: str  # "given" (the variation named by the user), "pose" or "none"
    shoulder_rise: float | None = None  # shoulders above the ankles, in trunk lengths

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "source": self.source,
            "shoulder_rise": None if self.shoulder_rise is None else _num(self.shoulder_rise, 2),
        }


def _check_json(c: Check) -> dict[str, Any]:
    return {
        "id": c.id,
        "status": c.status,
        "value": _num(c.value, 2),
        "uncertainty": _num(c.uncertainty, 2),
        "threshold": _num(c.threshold, 2),
        "reason": c.reason or None,
    }


def _view_json(v: CameraView | None) -> dict[str, Any] | None:
    if v is None:
        return None
    return {
        "yaw_deg": _num(v.yaw_deg, 1),
        "band_deg": [_num(v.low_deg, 1), _num(v.high_deg, 1)] if v.known else None,
        "source": v.source,
        "segments_yaw_deg": None if v.segments_yaw_deg is None else _num(v.segments_yaw_deg, 1),
        "separation_yaw_deg": (
            None if v.separation_yaw_deg is None else _num(v.separation_yaw_deg, 1)
        ),
        "angles_corrected": v.corrected,
        "angles_reliable": v.reliable,
    }


@dataclass(frozen=True)
class RepReport:
    index: int
    start_s: float
    end_s: float
    peak_s: float
    peak_hip_angle_deg: float
    bottom_hip_angle_deg: float
    range_of_motion_deg: float
    range_of_motion_height: float
    hold_s: float
    hold_band_s: float
    concentric_s: float
    eccentric_s: float
    knee_angle_top_deg: float
    shin_angle_top_deg: float
    trunk_angle_top_deg: float
    head_angle_top_deg: float
    mean_concentric_velocity_m_s: float | None
    faults: tuple[Fault, ...]
    checks: tuple[Check, ...] = ()  # every check's verdict, faults included
    not_observed: tuple[str, ...] = ()  # phases the clip did not show ("hold", "lowering")

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "start_s": _num(self.start_s),
            "end_s": _num(self.end_s),
            "peak_s": _num(self.peak_s),
            "peak_hip_angle_deg": _num(self.peak_hip_angle_deg, 1),
            "bottom_hip_angle_deg": _num(self.bottom_hip_angle_deg, 1),
            "hold_s": _num(self.hold_s, 2),
            "hold_band_s": _num(self.hold_band_s, 2),
            "concentric_s": _num(self.concentric_s, 2),
            "eccentric_s": _num(self.eccentric_s, 2),
            "range_of_motion": {
                "deg": _num(self.range_of_motion_deg, 1),
                "hip_height": _num(self.range_of_motion_height, 3),
            },
            "knee_angle_top_deg": _num(self.knee_angle_top_deg, 1),
            "shin_angle_top_deg": _num(self.shin_angle_top_deg, 1),
            "trunk_angle_top_deg": _num(self.trunk_angle_top_deg, 1),
            "head_angle_top_deg": _num(self.head_angle_top_deg, 1),
            "mean_concentric_velocity_m_s": _num(self.mean_concentric_velocity_m_s),
            "faults": [
                {
                    "id": f.id,
                    "values": {k: _num(v) for k, v in f.values.items()},
                    "cue": f.cue,
                }
                for f in self.faults
            ],
            "checks": [_check_json(c) for c in self.checks],
            "not_observed": list(self.not_observed),
        }


# Checks doubted because of the camera's view are said once by the ``angles_unreliable``
# warning, not per check.
_VIEW_DOUBT = "the camera is"


def camera_view_warnings(view: CameraView) -> list[ReportWarning]:
    """What the report says of a camera turned off the side view (nothing for a side view)."""
    if not view.known:
        return []
    band = f"{view.low_deg:.0f}-{view.high_deg:.0f}°"
    if not view.reliable:
        return [
            ReportWarning(
                "angles_unreliable",
                f"The camera is about {view.yaw_deg:.0f}° off the side view ({band}): the "
                "angles are too distorted to judge, so no fault is named from them. Film from "
                "straight to the side.",
            )
        ]
    if view.corrected:
        return [
            ReportWarning(
                "view_corrected",
                f"The camera is about {view.yaw_deg:.0f}° off the side view ({band}); the angles "
                "were corrected for it and carry that band in their uncertainty.",
            )
        ]
    return []


def unsure_warning(reps: tuple[RepReport, ...]) -> ReportWarning | None:
    """One sentence naming the checks left unjudged (``unsure``) and on which reps, or None."""
    found: dict[str, list[int]] = {}
    for rep in reps:
        for check in rep.checks:
            if check.status == "unsure" and not check.reason.startswith(_VIEW_DOUBT):
                found.setdefault(check.id, []).append(rep.index)
    if not found:
        return None
    parts = []
    for fault_id, indices in found.items():
        which = "rep" if len(indices) == 1 else "reps"
        parts.append(f"{FAULTS[fault_id].name.lower()} ({which} {', '.join(map(str, indices))})")
    return ReportWarning(
        "not_judged",
        "Not judged, the measure being too close to its threshold for how sure it is, or "
        f"doubted (a tracking error, a reading past what a body can do): {'; '.join(parts)}. "
        "No cue is given for these.",
    )


@dataclass(frozen=True, eq=False)
class SignalTable:
    """Per-frame signals for a CSV; angles in degrees, hip height in thigh+shank lengths."""

    t_s: FloatArray
    hip_angle_deg: FloatArray
    knee_angle_deg: FloatArray
    shin_angle_deg: FloatArray
    trunk_angle_deg: FloatArray
    head_angle_deg: FloatArray
    hip_height: FloatArray
    phase: tuple[str, ...]

    def rows(self) -> list[list[float | str | None]]:
        """One list per frame in ``SIGNAL_COLUMNS`` order (``None`` where not measured)."""
        columns = (
            self.t_s,
            self.hip_angle_deg,
            self.knee_angle_deg,
            self.shin_angle_deg,
            self.trunk_angle_deg,
            self.head_angle_deg,
            self.hip_height,
        )
        out: list[list[float | str | None]] = []
        for i, phase in enumerate(self.phase):
            row: list[float | str | None] = [_num(float(c[i]), 4) for c in columns]
            row.append(phase)
            out.append(row)
        return out

    def to_csv(self) -> str:
        """The table as CSV text with a header line; empty cells where not measured."""
        lines = [",".join(SIGNAL_COLUMNS)]
        for row in self.rows():
            lines.append(",".join("" if v is None else str(v) for v in row))
        return "\n".join(lines) + "\n"


@dataclass(frozen=True, eq=False)
class SetReport:
    side: str
    side_overridden: bool
    fps: float
    duration_s: float
    n_frames: int
    tilt_deg: float
    tilt_source: str
    scale: Scale | None
    load_kg: float | None
    reps: tuple[RepReport, ...]
    partial_reps: int
    velocity_loss_from_first: float | None
    velocity_loss_from_best: float | None
    estimated_rir: Estimate | None
    estimated_pct_1rm: Estimate | None
    estimated_1rm_kg: Estimate | None
    warnings: tuple[ReportWarning, ...]
    signals: SignalTable
    setup: SetupReading = SetupReading("unknown", "none")
    camera_view: CameraView | None = None

    @property
    def rep_count(self) -> int:
        return len(self.reps)

    def fault_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for rep in self.reps:
            for fault in rep.faults:
                counts[fault.id] = counts.get(fault.id, 0) + 1
        return counts

    def unsure_counts(self) -> dict[str, int]:
        """``{fault id: reps where the check was unsure}``: no cue given, the measure too close
        to its threshold for its uncertainty, or doubted."""
        counts: dict[str, int] = {}
        for rep in self.reps:
            for check in rep.checks:
                if check.status == "unsure":
                    counts[check.id] = counts.get(check.id, 0) + 1
        return counts

    def to_json(self) -> dict[str, Any]:
        """The report as plain JSON data (schema in docs/motion-report.md); signals excluded."""
        return {
            "schema_version": SCHEMA_VERSION,
            "side": self.side,
            "side_overridden": self.side_overridden,
            "fps": _num(self.fps, 3),
            "duration_s": _num(self.duration_s),
            "n_frames": self.n_frames,
            "camera_tilt_deg": _num(self.tilt_deg, 1),
            "camera_tilt_source": self.tilt_source,
            "camera_view": _view_json(self.camera_view),
            "setup": self.setup.to_json(),
            "scale": None if self.scale is None else self.scale.to_json(),
            "load_kg": _num(self.load_kg, 2),
            "rep_count": self.rep_count,
            "partial_reps": self.partial_reps,
            "reps": [rep.to_json() for rep in self.reps],
            "fault_counts": self.fault_counts(),
            "velocity_loss": {
                "from_first": _num(self.velocity_loss_from_first),
                "from_best": _num(self.velocity_loss_from_best),
            },
            "estimated_rir": None if self.estimated_rir is None else self.estimated_rir.to_json(),
            "estimated_pct_1rm": (
                None if self.estimated_pct_1rm is None else self.estimated_pct_1rm.to_json()
            ),
            "estimated_1rm_kg": (
                None if self.estimated_1rm_kg is None else self.estimated_1rm_kg.to_json()
            ),
            "warnings": [w.to_json() for w in self.warnings],
            "unsure_counts": self.unsure_counts(),
        }
