"""The single entry point: a pose sequence in, the analysis of the set out.

landmarks -> side -> cleaned tracks -> kinematics -> sanity -> reps and phases -> metrics ->
faults and cues -> report. Pure: no I/O; every rule comes in through ``AnalysisOptions``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.faults import (
    DEFAULT_FAULT_RULES,
    Check,
    Fault,
    FaultRules,
    Setup,
    judge_reps,
    setup_from_shoulder_rise,
)
from hipthrust.motion.filters import DEFAULT_FILTER_SETTINGS, FilterSettings
from hipthrust.motion.metrics import (
    DEFAULT_VELOCITY_MODEL,
    RepMetrics,
    VelocityModel,
    rep_metrics,
    scale_from_body_height,
    set_metrics,
)
from hipthrust.motion.pose import PoseSequence
from hipthrust.motion.report import (
    Estimate,
    ReportWarning,
    RepReport,
    Scale,
    SetReport,
    SetupReading,
    SignalTable,
    camera_view_warnings,
    unsure_warning,
)
from hipthrust.motion.reps import (
    DEFAULT_REP_RULES,
    NOT_REPS,
    RepDetection,
    RepRules,
    detect_reps,
    phase_labels,
)
from hipthrust.motion.sanity import (
    DEFAULT_SANITY_RULES,
    SanityRules,
    check_usable,
    coverage_warnings,
    hip_lift,
    lift_warnings,
    posture_warnings,
    view_check,
    view_warnings,
)
from hipthrust.motion.side import Side, SideChoice, choose_side
from hipthrust.motion.signals import Kinematics
from hipthrust.motion.view import (
    DEFAULT_VIEW_RULES,
    ViewedKinematics,
    ViewRules,
    viewed_kinematics,
)

__all__ = ["AnalysisOptions", "analyze_pose"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class AnalysisOptions:
    """What the user knows about the set, and the rules to apply (defaults from domain.md)."""

    side: Side | None = None  # None: the better-tracked side
    load_kg: float | None = None
    scale_m_per_px: float | None = None  # wins over scale and body_height_m
    # Measured in the picture (a barbell plate: hipthrust.video.repair_set), with its error;
    # wins over body_height_m.
    scale: Scale | None = None
    body_height_m: float | None = None
    tilt_deg: float | None = None  # None: estimated from the feet
    # Shoulders on a bench (hip thrust) or on the floor (glute bridge), from the variation the
    # user named; None: from the pose (shoulders above the floor), "unknown" when unclear.
    setup: Literal["bench", "floor"] | None = None
    view: ViewRules = DEFAULT_VIEW_RULES
    filters: FilterSettings = DEFAULT_FILTER_SETTINGS
    reps: RepRules = DEFAULT_REP_RULES
    faults: FaultRules = DEFAULT_FAULT_RULES
    sanity: SanityRules = DEFAULT_SANITY_RULES
    velocity: VelocityModel = DEFAULT_VELOCITY_MODEL

    def __post_init__(self) -> None:
        if self.side is not None and self.side not in ("left", "right"):
            raise InputError(f"side must be left or right, not {self.side!r}")
        for name, value in (
            ("load", self.load_kg),
            ("scale", self.scale_m_per_px),
            ("body height", self.body_height_m),
        ):
            if value is not None and not (math.isfinite(value) and value > 0):
                raise InputError(f"the {name} must be a positive number, not {value}")
        if self.setup is not None and self.setup not in ("bench", "floor"):
            raise InputError(f"the setup must be bench or floor, not {self.setup!r}")
        if self.tilt_deg is not None and not (
            math.isfinite(self.tilt_deg) and abs(self.tilt_deg) <= 45
        ):
            raise InputError(
                f"the camera tilt must be between -45 and 45 degrees, not {self.tilt_deg}"
            )


def _kinematics(
    pose: PoseSequence, choice: SideChoice, options: AnalysisOptions
) -> ViewedKinematics:
    return viewed_kinematics(pose, choice, options.filters, options.tilt_deg, options.view)


def _setup(viewed: ViewedKinematics, options: AnalysisOptions) -> SetupReading:
    rise = viewed.shoulder_rise if math.isfinite(viewed.shoulder_rise) else None
    if options.setup is not None:
        return SetupReading(options.setup, "given", rise)
    found: Setup = setup_from_shoulder_rise(viewed.shoulder_rise, options.faults)
    return SetupReading(found, "pose" if rise is not None else "none", rise)


def _scale(k: Kinematics, options: AnalysisOptions) -> tuple[Scale | None, list[ReportWarning]]:
    if options.scale_m_per_px is not None:
        return Scale(options.scale_m_per_px, 0.0, "given"), []
    if options.scale is not None:
        return options.scale, []
    if options.body_height_m is not None:
        m_per_px, error = scale_from_body_height(options.body_height_m, k.body_scale_px)
        return Scale(m_per_px, error, "body_height"), []
    return None, [
        ReportWarning(
            "no_scale",
            "No scale was given (body height or metres per pixel), so velocities and the "
            "estimates that need them are left out.",
        )
    ]


def _partial_warnings(detection: RepDetection) -> list[ReportWarning]:
    out: list[ReportWarning] = []
    for partial in detection.partials:
        if partial.reason in NOT_REPS:
            continue
        out.append(
            ReportWarning(
                "partial_rep",
                f"A partial rep at {partial.peak_s:.1f} s reached a hip angle of "
                f"{partial.peak_angle_deg:.0f}° (the set's tops were about "
                f"{detection.top_reference_deg:.0f}°): not counted.",
            )
        )
    return out


def _estimates(
    metrics: tuple[RepMetrics, ...], options: AnalysisOptions, scale: Scale | None
) -> tuple[Estimate | None, Estimate | None, Estimate | None, float | None, float | None]:
    s = set_metrics(metrics, options.load_kg, options.velocity)
    source = "linear load-velocity model, de Hoyo 2021 (hip velocity from video, not the bar)"
    pct = e1rm = rir = None
    if s.estimated_pct_1rm is not None and s.pct_1rm_error is not None:
        pct = Estimate(s.estimated_pct_1rm, s.pct_1rm_error, "%1RM", source)
        if s.estimated_1rm_kg is not None:
            # One standard error of %1RM carried over to the 1RM, plus the scale's error.
            rel = s.pct_1rm_error / s.estimated_pct_1rm + (scale.relative_error if scale else 0)
            e1rm = Estimate(s.estimated_1rm_kg, s.estimated_1rm_kg * rel, "kg", source)
    if s.estimated_rir is not None:
        # A trend over one set is rough: +-1.5 reps [design].
        rir = Estimate(s.estimated_rir, 1.5, "reps", "velocity trend to 0.25 m/s [design]")
    return rir, pct, e1rm, s.velocity_loss_from_first, s.velocity_loss_from_best


def analyze_pose(pose: PoseSequence, options: AnalysisOptions = AnalysisOptions()) -> SetReport:
    """Analyse one set filmed from the side; raise InputError when nothing can be analysed."""
    if pose.n_frames == 0 or not bool((pose.confidence > 0).any()):
        raise InputError("no person was seen in any frame")
    choice = choose_side(pose, options.side)
    viewed = _kinematics(pose, choice, options)
    k = viewed.kinematics
    valid = np.isfinite(k.hip_angle)
    check_usable(pose, valid, options.sanity)

    warnings = coverage_warnings(k, options.sanity)
    if choice.free_leg is not None and not choice.overridden:
        warnings.append(
            ReportWarning(
                "free_leg",
                f"The {choice.free_leg} leg moves freely (single-leg work), so the planted "
                f"{choice.side} leg was analysed.",
            )
        )
    view = view_check(pose, choice.side, k.trunk_length_px, options.filters.min_confidence)
    seen_from = view_warnings(view, options.sanity, viewed.view.yaw_deg)
    warnings += seen_from
    warnings += camera_view_warnings(viewed.view)
    # Not a side view, or not a bridge at all: say so, and count nothing rather than invent reps.
    refusal = [w for w in seen_from if w.id == "not_side_view"]
    refusal += posture_warnings(pose, k, choice.side, options.sanity)
    warnings += [w for w in refusal if w not in warnings]
    detection = RepDetection((), (), float("nan"))
    if not refusal:
        detection = detect_reps(k.t, k.hip_angle, options.reps, hip_lift(k, options.sanity))
        warnings += _partial_warnings(detection) + lift_warnings(detection)
        if not detection.reps:
            warnings.append(
                ReportWarning("no_reps", "The hips moved, but no complete rep was found.")
            )
    scale, scale_warnings = _scale(k, options)
    warnings += scale_warnings
    m_per_px = scale.m_per_px if scale else None
    metrics = tuple(rep_metrics(rep, k, m_per_px) for rep in detection.reps)
    setup = _setup(viewed, options)
    judged = judge_reps(
        detection.reps,
        metrics,
        pose,
        choice.side,
        viewed,
        setup.value,
        options.faults,
        options.filters.cutoff_hz,
        m_per_px,
    )
    reps = tuple(
        _rep_report(m, checks, faults) for m, (checks, faults) in zip(metrics, judged, strict=True)
    )
    unjudged = unsure_warning(reps)
    if unjudged is not None:
        warnings.append(unjudged)
    rir, pct, e1rm, loss_first, loss_best = _estimates(metrics, options, scale)

    signals = SignalTable(
        t_s=k.t,
        hip_angle_deg=k.hip_angle,
        knee_angle_deg=k.knee_angle,
        shin_angle_deg=k.shin_angle,
        trunk_angle_deg=k.trunk_angle,
        head_angle_deg=k.head_angle,
        hip_height=k.hip_height,
        phase=tuple(phase_labels(k.t, detection.reps, valid)),
    )
    return SetReport(
        side=choice.side,
        side_overridden=choice.overridden,
        fps=pose.fps,
        duration_s=pose.duration_s,
        n_frames=pose.n_frames,
        tilt_deg=k.tilt_deg,
        tilt_source=k.tilt_source,
        scale=scale,
        load_kg=options.load_kg,
        reps=reps,
        partial_reps=sum(1 for p in detection.partials if p.reason not in NOT_REPS),
        velocity_loss_from_first=loss_first,
        velocity_loss_from_best=loss_best,
        estimated_rir=rir,
        estimated_pct_1rm=pct,
        estimated_1rm_kg=e1rm,
        warnings=tuple(warnings),
        signals=signals,
        setup=setup,
        camera_view=viewed.view,
    )


def _rep_report(m: RepMetrics, checks: tuple[Check, ...], faults: tuple[Fault, ...]) -> RepReport:
    return RepReport(
        index=m.index,
        start_s=m.start_s,
        end_s=m.end_s,
        peak_s=m.peak_s,
        peak_hip_angle_deg=m.peak_hip_angle_deg,
        bottom_hip_angle_deg=m.bottom_hip_angle_deg,
        range_of_motion_deg=m.range_of_motion_deg,
        range_of_motion_height=m.range_of_motion_height,
        hold_s=m.hold_s,
        hold_band_s=m.hold_band_s,
        concentric_s=m.concentric_s,
        eccentric_s=m.eccentric_s,
        knee_angle_top_deg=m.knee_angle_top_deg,
        shin_angle_top_deg=m.shin_angle_top_deg,
        trunk_angle_top_deg=m.trunk_angle_top_deg,
        head_angle_top_deg=m.head_angle_top_deg,
        mean_concentric_velocity_m_s=m.mean_concentric_velocity_m_s,
        faults=faults,
        checks=checks,
        not_observed=m.unobserved,
    )
