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

from hipthrust.motion.faults import Fault

__all__ = [
    "SCHEMA_VERSION",
    "SIGNAL_COLUMNS",
    "Estimate",
    "RepReport",
    "ReportWarning",
    "Scale",
    "SetReport",
    "SignalTable",
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
            "not_observed": list(self.not_observed),
        }


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

    @property
    def rep_count(self) -> int:
        return len(self.reps)

    def fault_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for rep in self.reps:
            for fault in rep.faults:
                counts[fault.id] = counts.get(fault.id, 0) + 1
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
        }
