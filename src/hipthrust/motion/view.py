"""How far the camera is turned off the side view, and what that does to the angles.

A camera turned by ``yaw`` about the vertical (a three-quarter view) sees the body's
along-the-floor extents shortened by ``cos(yaw)`` while heights stay as they are, and it sees
the left and right sides of the body apart by ``sin(yaw)`` times the body's width. Two readings
of the yaw come from the landmarks:

- **Foreshortening**: the thigh and the shank keep their length while they turn in the
  sagittal plane (more upright at the bottom of a rep, flatter at the top). Only the right
  ``cos(yaw)`` makes the on-screen lengths, with the along-the-floor part stretched back by
  ``1 / cos(yaw)``, the same in every frame. The yaw is the one that makes them most constant;
  the band is where the fit stays within what the landmark jitter explains, so a body that
  hardly turns its segments gives a wide band.
- **Left-right separation**: the gap between the two hips and between the two shoulders, against
  the thigh's length and the body's typical widths (``signals.LATERAL_HALF_WIDTH``). People
  differ in width and the far side is the pose model's guess, so this reading is rough; it
  decides only when the segments do not.

Angles measured in a turned view are corrected by stretching the along-the-floor coordinate
back by ``1 / cos(yaw)`` (exact for points in one sagittal plane seen from afar), when the view
is close enough to the side for that to be sound; beyond that the angle-based measures are
marked unreliable and no fault is named from them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.filters import FilterSettings
from hipthrust.motion.pose import PoseSequence
from hipthrust.motion.side import SideChoice
from hipthrust.motion.signals import (
    LATERAL_HALF_WIDTH,
    Kinematics,
    compute_kinematics,
    to_floor_frame,
)
from hipthrust.motion.tracks import side_tracks

__all__ = [
    "DEFAULT_VIEW_RULES",
    "CameraView",
    "ViewRules",
    "ViewedKinematics",
    "estimate_view",
    "unturn_points",
    "viewed_kinematics",
]

FloatArray = NDArray[np.float64]
ViewSource = Literal["separation", "segments+separation", "none"]

# Thigh length as a share of standing height (Winter: 0.245 H) [lit].
_THIGH_OF_HEIGHT = 0.245
# People's widths differ from Winter's average by about this share [design].
_WIDTH_SPREAD = 0.25
# The far side is the pose model's guess: even square to the side it sits a little apart from
# the near side, as much as a turn of several degrees would put it [design].
_GUESSED_SIDE_SIN = 0.1


@dataclass(frozen=True)
class ViewRules:
    """When the turned view is corrected, and when its angles are not trusted. [design]"""

    # Up to this yaw, stretching the along-the-floor coordinate back is sound: the error of the
    # correction (perspective, a body not quite planar, the band) stays within a few degrees.
    max_corrected_yaw_deg: float = 30.0
    # A band wider than this (high - low) means the yaw is not known well enough to correct.
    max_band_width_deg: float = 30.0
    # A band reaching below this counts as a side view: nothing is corrected.
    min_corrected_yaw_deg: float = 5.0
    # The segment fit's band: yaws whose misfit stays within this factor of the jitter's share.
    band_misfit_factor: float = 2.0

    def __post_init__(self) -> None:
        if not 0 <= self.min_corrected_yaw_deg < self.max_corrected_yaw_deg <= 80:
            raise InputError("the corrected yaw range must lie within 0-80 degrees")
        if self.max_band_width_deg <= 0 or self.band_misfit_factor < 1:
            raise InputError("the view band rules must be positive")


DEFAULT_VIEW_RULES = ViewRules()


@dataclass(frozen=True)
class CameraView:
    """The camera's turn off the side view, in degrees (0 = square to the side)."""

    yaw_deg: float  # best estimate; NaN when neither reading was possible
    low_deg: float  # the band the yaw lies in
    high_deg: float
    source: ViewSource
    segments_yaw_deg: float | None  # the foreshortening reading, when there was one
    separation_yaw_deg: float | None  # the left-right reading, when there was one
    corrected: bool  # angles were measured after stretching the view back
    reliable: bool  # angle-based measures can be trusted (with their band)

    @property
    def known(self) -> bool:
        return math.isfinite(self.yaw_deg)


_GRID_DEG = np.arange(0.0, 70.5, 0.5)


def _segment_vectors(floor: dict[str, FloatArray]) -> list[FloatArray]:
    out = []
    for a, b in (("hip", "knee"), ("knee", "ankle")):
        d = floor[b] - floor[a]
        d = d[np.isfinite(d).all(axis=1)]
        if d.shape[0] >= 10:
            out.append(d)
    return out


def _misfit(vectors: list[FloatArray], cos: float) -> float:
    """Mean squared relative spread of the stretched segment lengths."""
    spread = []
    for d in vectors:
        length = np.hypot(d[:, 0] / cos, d[:, 1])
        spread.append(float(np.var(length) / np.mean(length) ** 2))
    return float(np.mean(spread))


def _segments_yaw(
    vectors: list[FloatArray], jitter_px: float, rules: ViewRules
) -> tuple[float, float, float] | None:
    """Yaw from foreshortening, with its band; None when the segments hardly turn."""
    if not vectors:
        return None
    cost = np.array([_misfit(vectors, math.cos(math.radians(y))) for y in _GRID_DEG])
    best = int(np.argmin(cost))
    # What the jitter alone leaves in the lengths: its variance over each length squared.
    noise = float(
        np.mean([2 * jitter_px**2 / float(np.mean(np.hypot(*d.T))) ** 2 for d in vectors])
    )
    allowed = cost[best] + rules.band_misfit_factor * max(noise, 1e-6) / max(
        1.0, math.sqrt(min(d.shape[0] for d in vectors) / 10)
    )
    inside = np.flatnonzero(cost <= allowed)
    low, high = float(_GRID_DEG[inside.min()]), float(_GRID_DEG[inside.max()])
    if high >= _GRID_DEG[-1]:
        return None  # the segments do not turn enough to tell
    return float(_GRID_DEG[best]), low, high


def _separation_yaw(
    floor_left: dict[str, FloatArray],
    floor_right: dict[str, FloatArray],
    thigh_px: float,
) -> tuple[float, float, float] | None:
    """Yaw from how far apart the left and right hips and shoulders are on screen."""
    if not math.isfinite(thigh_px) or thigh_px <= 0:
        return None
    readings = []
    for joint in ("hip", "shoulder"):
        if joint not in floor_left or joint not in floor_right:
            continue
        gap = np.abs(floor_left[joint][:, 0] - floor_right[joint][:, 0])
        gap = gap[np.isfinite(gap)]
        if gap.size < 10:
            continue
        width = 2 * LATERAL_HALF_WIDTH[joint] / _THIGH_OF_HEIGHT * thigh_px
        readings.append(float(np.median(gap)) / width)
    if not readings:
        return None
    sin = float(np.mean(readings))

    def yaw(s: float) -> float:
        return float(np.degrees(np.arcsin(np.clip(s, 0.0, 1.0))))

    spread = _WIDTH_SPREAD * sin + _GUESSED_SIDE_SIN
    return yaw(sin), yaw(sin - spread), yaw(sin + spread)


def _jitter_px(points: dict[str, FloatArray]) -> float:
    """Typical frame-to-frame landmark jitter in pixels (robust, from second differences)."""
    values = []
    for p in points.values():
        second = np.diff(p, n=2, axis=0)
        second = second[np.isfinite(second).all(axis=1)]
        if second.shape[0] >= 5:
            mad = np.median(np.abs(second - np.median(second, axis=0)), axis=0)
            values.append(float(np.mean(1.4826 * mad / math.sqrt(6.0))))
    return float(np.median(values)) if values else 0.0


def estimate_view(
    side_points: dict[str, FloatArray],
    other_points: dict[str, FloatArray],
    raw_side_points: dict[str, FloatArray],
    tilt_deg: float,
    centre: tuple[float, float],
    rules: ViewRules = DEFAULT_VIEW_RULES,
) -> CameraView:
    """The camera's turn off the side view from the analysed side's cleaned joints
    (``hip``, ``knee``, ``ankle``), the other side's (``hip``, ``shoulder``, for the
    separation; the analysed side's own are in ``side_points``) and the analysed side's raw
    landmarks (for the jitter), all in image pixels ``(n, 2)``."""
    floor = {k: to_floor_frame(v, tilt_deg, centre) for k, v in side_points.items()}
    other = {k: to_floor_frame(v, tilt_deg, centre) for k, v in other_points.items()}
    vectors = _segment_vectors(floor)
    jitter = _jitter_px(raw_side_points)
    segments = _segments_yaw(vectors, jitter, rules)
    thigh = float("nan")
    if vectors:
        cos = math.cos(math.radians(segments[0])) if segments else 1.0
        d = vectors[0]
        thigh = float(np.median(np.hypot(d[:, 0] / cos, d[:, 1])))
    separation = _separation_yaw(floor, other, thigh)
    seg_yaw = segments[0] if segments else None
    sep_yaw = separation[0] if separation else None
    if separation:
        # The left-right separation decides: at phone distances perspective (the nearer end
        # of the body looks bigger) changes the segments' on-screen lengths as much as the
        # turn does (measured on synthetic sets: 0 deg read at 20 and 30 deg off), so the
        # segments' reading is reported beside it, not mixed in.
        yaw, low, high = separation
        disagree = False
        source: ViewSource = "segments+separation" if segments else "separation"
        if segments and segments[1] > high:
            # The foreshortening reads a larger turn than the separation's band allows. Both
            # readings err low, not high: perspective shortens the segments' reading (0 read at
            # 20-30 deg off, synthetic sets) and the pose model draws the far side close to the
            # near one (3-8 deg read at 35-45 deg off, rendered footage with BlazePose). So the
            # turn may be as large as the segments say: the band reaches up to theirs. And the
            # pose model's picture of the body is then inconsistent (on rendered footage its
            # landmarks read a hip thrust's back sliding 0.16 trunk lengths at 20 deg off, with
            # the band 0-29 deg), so its angles are not judged.
            high = segments[2]
            disagree = True
    else:
        # The segments alone are not trusted to decide (perspective): the turn stays unknown,
        # their reading is reported.
        nan = float("nan")
        return CameraView(nan, nan, nan, "none", seg_yaw, None, False, True)
    reliable = (
        yaw <= rules.max_corrected_yaw_deg
        and high - low <= rules.max_band_width_deg
        and not disagree
    )
    corrected = reliable and low >= rules.min_corrected_yaw_deg
    return CameraView(yaw, low, high, source, seg_yaw, sep_yaw, corrected, reliable)


def unturn_points(
    points: dict[str, FloatArray], yaw_deg: float, tilt_deg: float, centre: tuple[float, float]
) -> dict[str, FloatArray]:
    """Image points with the along-the-floor coordinate stretched back by ``1 / cos(yaw)``
    about ``centre`` (the floor's direction given by ``tilt_deg``), still in image pixels."""
    stretch = 1.0 / math.cos(math.radians(yaw_deg))
    theta = math.radians(tilt_deg)
    cos, sin = math.cos(theta), math.sin(theta)
    out = {}
    for name, p in points.items():
        x, y = p[..., 0] - centre[0], p[..., 1] - centre[1]
        u = cos * x + sin * y
        w = -sin * x + cos * y
        u = u * stretch
        out[name] = np.stack((cos * u - sin * w + centre[0], sin * u + cos * w + centre[1]), -1)
    return out


@dataclass(frozen=True, eq=False)
class ViewedKinematics:
    """The clip's signals (corrected for the view when that is sound), the view, the signals as
    they would be at the ends of the view's band (for the angles' uncertainty), and the
    shoulders' height above the ankles in trunk lengths (bench or floor)."""

    kinematics: Kinematics
    view: CameraView
    band_ends: tuple[Kinematics, ...]
    shoulder_rise: float
    points: dict[str, FloatArray]  # the analysed side's cleaned joints the signals came from


def _signals(
    points: dict[str, FloatArray],
    feet: tuple[FloatArray, FloatArray] | None,
    yaw_deg: float,
    tilt: float,
    given_tilt: float | None,
    pose: PoseSequence,
) -> Kinematics:
    centre = (pose.width / 2, pose.height / 2)
    if yaw_deg > 0:
        points = unturn_points(points, yaw_deg, tilt, centre)
        if feet is not None:
            heel, toe = unturn_points({"h": feet[0], "t": feet[1]}, yaw_deg, tilt, centre).values()
            feet = (heel, toe)
    return compute_kinematics(points, pose.t, centre, given_tilt, feet)


def viewed_kinematics(
    pose: PoseSequence,
    choice: SideChoice,
    filters: FilterSettings,
    tilt_deg: float | None,
    rules: ViewRules = DEFAULT_VIEW_RULES,
) -> ViewedKinematics:
    """Cleaned tracks, the camera's turn off the side view, and the signals measured in it."""
    tracks = side_tracks(pose, choice, filters)
    first = _signals(tracks.points, tracks.feet, 0.0, 0.0, tilt_deg, pose)
    side = choice.side
    other = "right" if side == "left" else "left"
    names = set(pose.names)

    def raw(s: str, joints: tuple[str, ...]) -> dict[str, FloatArray]:
        return {j: pose.point(f"{s}_{j}") for j in joints if f"{s}_{j}" in names}

    side_points = {
        **raw(side, ("hip", "shoulder")),
        **{j: tracks.points[j] for j in ("knee", "ankle")},
    }
    side_points["hip"] = tracks.points["hip"]
    view = estimate_view(
        side_points,
        raw(other, ("hip", "shoulder")),
        raw(side, ("shoulder", "hip", "knee", "ankle")),
        first.tilt_deg,
        (pose.width / 2, pose.height / 2),
        rules,
    )
    k = first
    points = tracks.points
    if view.corrected:
        k = _signals(tracks.points, tracks.feet, view.yaw_deg, first.tilt_deg, tilt_deg, pose)
        centre = (pose.width / 2, pose.height / 2)
        points = unturn_points(tracks.points, view.yaw_deg, first.tilt_deg, centre)
    ends: tuple[Kinematics, ...] = ()
    if view.known and view.reliable:
        ends = tuple(
            _signals(tracks.points, tracks.feet, y, first.tilt_deg, tilt_deg, pose)
            for y in (view.low_deg, view.high_deg)
        )
    centre = (pose.width / 2, pose.height / 2)
    shoulder = to_floor_frame(tracks.points["shoulder"], first.tilt_deg, centre)
    ankle = to_floor_frame(tracks.points["ankle"], first.tilt_deg, centre)
    rise = shoulder[:, 1] - ankle[:, 1]
    rise = rise[np.isfinite(rise)]
    trunk = first.trunk_length_px
    shoulder_rise = float(np.median(rise)) / trunk if rise.size and trunk > 0 else float("nan")
    return ViewedKinematics(k, view, ends, shoulder_rise, points)
