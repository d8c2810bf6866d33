"""Saying plainly when a clip cannot be analysed, or can be only with care.

Refusals (nothing valid to analyse) raise ``InputError``. Everything else is a
``ReportWarning`` with an id and a sentence; some of them (a standing or prone body, hips that
do not move) also mean no reps are counted, instead of inventing reps (motion.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.filters import runs
from hipthrust.motion.pose import PoseSequence
from hipthrust.motion.report import ReportWarning
from hipthrust.motion.reps import HipLift, RepDetection
from hipthrust.motion.signals import Kinematics, to_floor_frame

__all__ = [
    "DEFAULT_SANITY_RULES",
    "SanityRules",
    "ViewCheck",
    "check_usable",
    "coverage_warnings",
    "hip_lift",
    "lift_warnings",
    "posture_warnings",
    "view_check",
    "view_warnings",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class SanityRules:
    """When a clip is refused or flagged; every number is [design]."""

    min_valid_frames: int = 10  # fewer frames with a hip angle: refuse
    short_clip_s: float = 2.0  # shorter clips are flagged
    min_coverage: float = 0.8  # fraction of frames with a hip angle
    long_gap_s: float = 1.0  # gaps this long are named: a rep may hide there
    # Left-right separation of shoulders and hips, in trunk lengths: a side view overlaps them.
    front_view_separation: float = 0.5
    oblique_view_separation: float = 0.25
    # Reps are still counted (from the hips' rise, which needs no side view) when the camera's
    # measured turn is at most this; the angles are then marked unreliable (motion.view). A
    # front view (70-90 deg) is refused.
    max_counted_yaw_deg: float = 55.0
    # Variation of the thigh's on-screen length (coefficient of variation): out-of-plane motion.
    max_segment_variation: float = 0.15
    # Standing: the trunk steeper than this (hip below shoulder) for most frames.
    standing_trunk_deg: float = 60.0
    # Prone: the nose below the ear by this many trunk lengths.
    prone_nose_drop: float = 0.05
    # Hip-angle spread (5th-95th percentile) below which the hips did not move.
    min_hip_range_deg: float = 15.0
    tilt_note_deg: float = 3.0
    # The lower leg's on-screen length differing from its usual length by more than this share
    # is a misplaced ankle, not a foot that moved: a shank keeps its length, and turning the
    # camera 45 deg off the side shortens a shin 30 deg off vertical by 7% (cos 45 of its
    # horizontal part). BlazePose, with the camera 35-45 deg off the side of a bench hip
    # thrust, drags the near foot up to 40-55% of the shank's length at the tops (rendered
    # footage) [design, measured].
    max_shank_change: float = 0.3

    def __post_init__(self) -> None:
        if self.min_valid_frames < 2 or not 0 < self.min_coverage <= 1:
            raise InputError("sanity rules need at least 2 frames and a coverage in (0, 1]")


DEFAULT_SANITY_RULES = SanityRules()


def check_usable(pose: PoseSequence, hip_valid: BoolArray, rules: SanityRules) -> None:
    """Raise InputError when there is nothing valid to analyse."""
    if pose.n_frames == 0 or not bool((pose.confidence > 0).any()):
        raise InputError("no person was seen in any frame")
    n_valid = int(np.asarray(hip_valid).sum())
    if n_valid < rules.min_valid_frames:
        raise InputError(
            f"the shoulder, hip and knee were seen together in only {n_valid} frames "
            f"(at least {rules.min_valid_frames} are needed): film the lifter from the side, "
            "whole body in view"
        )


def coverage_warnings(k: Kinematics, rules: SanityRules) -> list[ReportWarning]:
    out: list[ReportWarning] = []
    valid = np.isfinite(k.hip_angle)
    duration = float(k.t[-1] - k.t[0]) if k.t.size > 1 else 0.0
    if duration < rules.short_clip_s:
        out.append(
            ReportWarning(
                "short_clip", f"The clip is only {duration:.1f} s long: film the whole set."
            )
        )
    coverage = float(valid.mean()) if valid.size else 0.0
    if coverage < rules.min_coverage:
        out.append(
            ReportWarning(
                "low_coverage",
                f"The body was tracked in only {coverage:.0%} of the frames; "
                "results may be incomplete.",
            )
        )
    for start, stop in runs(~valid):
        a = float(k.t[start])
        b = float(k.t[stop]) if stop < k.t.size else float(k.t[-1])
        if b - a >= rules.long_gap_s:
            out.append(
                ReportWarning(
                    "tracking_gap",
                    f"The hip, shoulder or knee was lost from {a:.1f} s to {b:.1f} s: "
                    "reps hidden there could not be counted, and a top lost there was not "
                    "judged.",
                )
            )
    unsure = k.tilt_source == "none" and k.floor_line_deg is not None
    if unsure and abs(k.floor_line_deg or 0.0) >= rules.tilt_note_deg:
        out.append(
            ReportWarning(
                "floor_line_unsure",
                f"The line under the feet leans {k.floor_line_deg:.0f}°, more than a "
                "tilted camera usually explains (shoe soles, raised toes): angles were "
                "measured as if the camera were level. Keep the phone level.",
            )
        )
    if k.tilt_source != "none" and abs(k.tilt_deg) >= rules.tilt_note_deg:
        out.append(
            ReportWarning(
                "camera_tilt",
                f"The camera is tilted by {k.tilt_deg:.0f}°; angles were measured against "
                f"the floor ({'as given' if k.tilt_source == 'given' else 'from the feet'}).",
            )
        )
    return out


@dataclass(frozen=True)
class ViewCheck:
    separation: float  # median left-right gap of shoulders and hips, in trunk lengths
    segment_variation: float  # coefficient of variation of the thigh's on-screen length


def _median_gap(pose: PoseSequence, joint: str, min_conf: float) -> FloatArray:
    left, right = pose.point(f"left_{joint}"), pose.point(f"right_{joint}")
    seen = (pose.score(f"left_{joint}") >= min_conf) & (pose.score(f"right_{joint}") >= min_conf)
    gap = np.hypot(*(left - right).T)
    return np.asarray(gap[seen], dtype=np.float64)


def view_check(pose: PoseSequence, side: str, trunk_px: float, min_conf: float) -> ViewCheck:
    gaps = np.concatenate([_median_gap(pose, j, min_conf) for j in ("shoulder", "hip")])
    separation = float(np.median(gaps)) / trunk_px if gaps.size and trunk_px > 0 else 0.0
    thigh = np.hypot(*(pose.point(f"{side}_hip") - pose.point(f"{side}_knee")).T)
    thigh = thigh[np.isfinite(thigh)]
    variation = float(np.std(thigh) / np.mean(thigh)) if thigh.size > 2 else 0.0
    return ViewCheck(separation, variation)


def view_warnings(
    check: ViewCheck, rules: SanityRules, yaw_deg: float = float("nan")
) -> list[ReportWarning]:
    """What the view looks like; ``yaw_deg``: the camera's measured turn off the side (NaN
    when unknown). Far apart shoulders and hips refuse the clip unless the turn was measured
    within ``max_counted_yaw_deg``: a three-quarter view still shows the reps."""
    counted = np.isfinite(yaw_deg) and yaw_deg <= rules.max_counted_yaw_deg
    if check.separation >= rules.front_view_separation and not counted:
        return [
            ReportWarning(
                "not_side_view",
                "Both shoulders and both hips are far apart on screen: this is not a side "
                "view, so the angles cannot be trusted and no reps were counted. Film from the "
                "side, level with the hips.",
            )
        ]
    out: list[ReportWarning] = []
    if check.separation >= rules.oblique_view_separation:
        out.append(
            ReportWarning(
                "oblique_view",
                "The camera is not square to the body (three-quarter view): angles may be "
                "off by several degrees. Film from straight to the side.",
            )
        )
    if check.segment_variation > rules.max_segment_variation:
        out.append(
            ReportWarning(
                "segments_change_length",
                f"The thigh's length on screen changes by {check.segment_variation:.0%}: the "
                "body turns toward or away from the camera, so angles may be off.",
            )
        )
    return out


def posture_warnings(
    pose: PoseSequence, k: Kinematics, side: str, rules: SanityRules
) -> list[ReportWarning]:
    """Warnings that mean "this is not a bridge or hip thrust": no reps are counted then."""
    trunk = k.trunk_angle[np.isfinite(k.trunk_angle)]
    if trunk.size and float(np.mean(trunk < -rules.standing_trunk_deg)) > 0.5:
        return [
            ReportWarning(
                "standing",
                "The torso is upright for most of the clip: this looks like a standing "
                "exercise, not a bridge or hip thrust, so no reps were counted.",
            )
        ]
    if "nose" in pose.names and f"{side}_ear" in pose.names:
        centre = (pose.width / 2, pose.height / 2)
        nose = to_floor_frame(pose.point("nose"), k.tilt_deg, centre)
        ear = to_floor_frame(pose.point(f"{side}_ear"), k.tilt_deg, centre)
        drop = (nose[:, 1] - ear[:, 1]) / k.trunk_length_px
        drop = drop[np.isfinite(drop)]
        if drop.size and float(np.median(drop)) < -rules.prone_nose_drop:
            return [
                ReportWarning(
                    "prone",
                    "The lifter faces the floor: a bridge or hip thrust is done face up, so "
                    "no reps were counted.",
                )
            ]
    hip = k.hip_angle[np.isfinite(k.hip_angle)]
    spread = float(np.ptp(np.percentile(hip, [5, 95]))) if hip.size else 0.0
    if spread < rules.min_hip_range_deg:
        return [
            ReportWarning(
                "no_hip_movement",
                f"The hip angle changes by only {spread:.0f}° over the clip: there is no "
                "bridge or hip thrust movement to count.",
            )
        ]
    return []


def hip_lift(k: Kinematics, rules: SanityRules = DEFAULT_SANITY_RULES) -> HipLift | None:
    """The hip's height over the shoulders and over the feet in thigh+shank lengths: a bridge
    or hip thrust lifts the hips against both, a leg raise only against the feet (the legs
    come down), a crunch only against the shoulders (the trunk lies back). None when the
    shoulders' height or the body's scale is unknown.

    Where the lower leg's on-screen length jumps (``max_shank_change``) the ankle is misplaced
    (the pose model drew the foot up the shin, as BlazePose does at the tops of a hip thrust
    filmed far off the side): there the feet are taken where they usually are (the hip's
    travel) rather than where the ankle was drawn. A leg raise or a dead bug moves the feet
    with the shank's length kept, so it is still seen."""
    scale = k.body_scale_px
    if k.shoulder_height_px is None or not np.isfinite(scale) or scale <= 0:
        return None
    over_feet = k.hip_height_px / scale
    over_shoulders = (k.hip_height_px - k.shoulder_height_px) / scale
    travel = None if k.hip_travel_px is None else k.hip_travel_px / scale
    if travel is not None and k.shank_px is not None:
        misplaced = _misplaced_ankle(k.shank_px, rules.max_shank_change)
        over_feet = np.where(misplaced, travel, over_feet)
    return HipLift(
        np.asarray(over_shoulders, dtype=np.float64),
        np.asarray(over_feet, dtype=np.float64),
        None if travel is None else np.asarray(travel, dtype=np.float64),
    )


def _misplaced_ankle(shank_px: FloatArray, max_change: float) -> BoolArray:
    """Frames whose lower leg is longer or shorter on screen than its usual (median) length
    by more than ``max_change`` of it."""
    seen = np.isfinite(shank_px)
    if not bool(seen.any()):
        return np.zeros(shank_px.shape, dtype=bool)
    usual = float(np.median(shank_px[seen]))
    change = np.abs(np.where(seen, shank_px, usual) / usual - 1.0) if usual > 0 else 0 * shank_px
    return np.asarray(change > max_change, dtype=bool)


def lift_warnings(detection: RepDetection) -> list[ReportWarning]:
    """No rep counted and the hip angle's rises left the hips down: not a bridge, and why."""
    if detection.reps:
        return []
    down = [p for p in detection.partials if p.reason == "hips_stay_down"]
    if not down:
        return []
    return [
        ReportWarning(
            "hips_stay_down",
            f"The hip angle opened and closed {len(down)} time{'s' * (len(down) > 1)}, but "
            "the hips did not rise above both the shoulders and the feet: the legs or the "
            "trunk moved instead (a leg raise, a dead bug, a crunch, or getting into "
            "position). This is not a bridge or hip thrust, so no reps were counted.",
        )
    ]
