"""Numbers per rep and per set: range, timing, angles at the top, velocity and what it implies.

Velocity-based estimates follow domain.md §5: mean concentric velocity (MCV) at 1RM in the
barbell hip thrust is about 0.25 m/s and a linear load-velocity model gives %1RM with about
±7% standard error of estimate (de Hoyo 2021). Video measures the hips, not the bar, so the true
error is larger; the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.reps import RepSpan
from hipthrust.motion.signals import BACK_ROLL_PER_RAD, Kinematics

__all__ = [
    "DEFAULT_VELOCITY_MODEL",
    "RepMetrics",
    "SetMetrics",
    "VelocityModel",
    "rep_metrics",
    "scale_from_body_height",
    "set_metrics",
]

FloatArray = NDArray[np.float64]

# Thigh + shank length as a fraction of standing height (Winter, Biomechanics and Motor Control
# of Human Movement: greater trochanter 0.530 H, ankle 0.039 H) [lit].
LEG_FRACTION_OF_HEIGHT = 0.491
# How far one person's proportions stray from that average, as a fraction [design].
LEG_FRACTION_UNCERTAINTY = 0.05


@dataclass(frozen=True)
class VelocityModel:
    """A general linear %1RM-velocity line for the barbell hip thrust, as data."""

    # MCV at 1RM [lit: de Hoyo 2021, 0.25 ± 0.03 m/s]; also the minimal velocity threshold.
    velocity_at_1rm_m_s: float = 0.25
    # A second point on the line: 80% 1RM moves 35.7 cm in about 0.80 s, 0.446 m/s
    # [lit: Zabaleta-Korta 2024].
    second_point_pct: float = 80.0
    second_point_m_s: float = 0.446
    # Standard error of estimate of %1RM [lit: de Hoyo 2021, 7.01% 1RM].
    see_pct: float = 7.0
    # At least this many reps with a velocity before a trend or a loss is computed [design].
    min_reps_for_trend: int = 3

    def __post_init__(self) -> None:
        if not 0 < self.velocity_at_1rm_m_s < self.second_point_m_s:
            raise InputError("the velocity model needs 0 < velocity at 1RM < second velocity")
        if not 0 < self.second_point_pct < 100 or self.see_pct < 0:
            raise InputError("the velocity model's percentages are out of range")

    def pct_1rm(self, velocity_m_s: float) -> float:
        slope = (100.0 - self.second_point_pct) / (self.second_point_m_s - self.velocity_at_1rm_m_s)
        return float(np.clip(100.0 - slope * (velocity_m_s - self.velocity_at_1rm_m_s), 0, 100))


DEFAULT_VELOCITY_MODEL = VelocityModel()


def scale_from_body_height(height_m: float, leg_length_px: float) -> tuple[float, float]:
    """Metres per pixel and its relative uncertainty from the user's standing height."""
    if not 0.5 <= height_m <= 2.8:
        raise InputError(f"a body height of {height_m} m is not plausible")
    if not np.isfinite(leg_length_px) or leg_length_px <= 0:
        raise InputError("the legs were not seen well enough to turn a height into a scale")
    return LEG_FRACTION_OF_HEIGHT * height_m / leg_length_px, LEG_FRACTION_UNCERTAINTY


@dataclass(frozen=True)
class RepMetrics:
    index: int
    start_s: float
    end_s: float
    peak_s: float
    peak_hip_angle_deg: float
    bottom_hip_angle_deg: float
    range_of_motion_deg: float
    range_of_motion_height: float  # hip rise in thigh+shank lengths; NaN when unknown
    hold_s: float
    hold_band_s: float
    concentric_s: float
    eccentric_s: float
    knee_angle_top_deg: float
    shin_angle_top_deg: float
    trunk_angle_top_deg: float
    head_angle_top_deg: float
    trunk_rotation_past_line_deg: float  # trunk turning on after the hips passed the line
    # The back's slide along the bench, bottom to top, in trunk lengths: the travel of a fixed
    # point of the back less what a back rolling over the edge explains, taken at the middle of
    # the roll's range (signals.BACK_ROLL_PER_RAD); the slide lies within +- half of
    # ``pivot_roll_span`` of it.
    pivot_slide: float
    support: str  # "bench" or "floor"
    mean_concentric_velocity_m_s: float | None
    # Phases the clip did not show (the clip ended during the hold or the lowering): their
    # measures are NaN, and no fault is named from them.
    unobserved: tuple[str, ...] = ()
    # How much of the back's travel the range of a rolling back leaves open: the roll at the top
    # of the range less the roll at its bottom, in trunk lengths [0 for a fixed pivot].
    pivot_roll_span: float = 0.0


def _at(t: FloatArray, x: FloatArray, when: float) -> float:
    ok = np.isfinite(x)
    if not bool(ok.any()):
        return float("nan")
    return float(np.interp(when, t[ok], x[ok]))


def _mean_between(t: FloatArray, x: FloatArray, a: float, b: float) -> float:
    inside = (t >= a) & (t <= b) & np.isfinite(x)
    if int(inside.sum()) >= 1:
        return float(np.mean(x[inside]))
    return _at(t, x, 0.5 * (a + b))


def _trunk_past_line(rep: RepSpan, k: Kinematics) -> float:
    """How far the trunk turned on after the hip angle passed 180 deg in the rise (domain.md
    §3.3: the trunk keeps rotating after the hip stops opening); 0 when it never passed."""
    rise = (k.t >= rep.start_s) & (k.t <= rep.peak_s) & np.isfinite(k.hip_angle)
    index = np.flatnonzero(rise)
    past = index[k.hip_angle[index] >= 180.0]
    if past.size == 0:
        return 0.0
    at_line = float(k.trunk_angle[past[0]])
    return float(np.nanmax(k.trunk_angle[past[0] : rep.peak_index + 1])) - at_line


def _pivot_slide(
    k: Kinematics, bottom: tuple[float, float], top: tuple[float, float]
) -> tuple[float, float]:
    """The back's slide along the bench toward either end between the ``bottom`` and ``top``
    windows (trunk lengths), and the span a rolling back leaves open.

    Measured: a fixed point of the back (``k.pivot_u_px``) travels toward the head by ``d``,
    the trunk angle turns. Estimated: a back rolling ``r`` trunk lengths per radian puts the
    contact ``r * theta`` further down the back at trunk angle ``theta``, so along the floor by
    ``r * theta * cos(theta)``; the contact itself then travels ``d - r * change`` toward the
    head, ``change`` the rise of ``theta * cos(theta)`` between the windows. With ``r`` known
    only within a range, the slide is taken at its middle and the span is what the range leaves.
    Means over both windows, so landmark wobble does not read as sliding.
    """
    length = k.trunk_length_px
    if not length > 0:
        return float("nan"), 0.0
    t, u = k.t, k.pivot_u_px
    toward_head = -k.foot_direction * (_mean_between(t, u, *top) - _mean_between(t, u, *bottom))
    theta = np.radians(k.trunk_angle)
    reach = theta * np.cos(theta)
    change = _mean_between(t, reach, *top) - _mean_between(t, reach, *bottom)
    low, high = BACK_ROLL_PER_RAD
    slide = toward_head / length - 0.5 * (low + high) * change
    return abs(slide), abs((high - low) * change) if np.isfinite(change) else 0.0


def rep_metrics(rep: RepSpan, k: Kinematics, m_per_px: float | None) -> RepMetrics:
    """Everything measured on one rep; angles at the top are means over the hold."""
    t = k.t
    top_a, top_b = rep.top_s, rep.lowering_s
    if top_b - top_a < 0.2:  # no real hold: the moments around the highest point
        top_a, top_b = rep.peak_s - 0.1, rep.peak_s + 0.1
    bottom_height = min(_at(t, k.hip_height, rep.start_s), _at(t, k.hip_height, rep.end_s))
    top_height = _mean_between(t, k.hip_height, top_a, top_b)
    velocity = None
    if m_per_px is not None and rep.concentric_s > 0:
        rise_px = _at(t, k.hip_height_px, rep.top_s) - _at(t, k.hip_height_px, rep.start_s)
        if np.isfinite(rise_px):
            velocity = float(rise_px * m_per_px / rep.concentric_s)
    slide, roll_span = _pivot_slide(k, (rep.start_s - 0.3, rep.start_s), (top_a, top_b))
    return RepMetrics(
        index=rep.index,
        start_s=rep.start_s,
        end_s=rep.end_s,
        peak_s=rep.peak_s,
        peak_hip_angle_deg=rep.peak_angle_deg,
        bottom_hip_angle_deg=rep.bottom_angle_deg,
        range_of_motion_deg=rep.peak_angle_deg - rep.bottom_angle_deg,
        range_of_motion_height=top_height - bottom_height,
        hold_s=rep.hold_s,
        hold_band_s=rep.hold_band_s,
        concentric_s=rep.concentric_s,
        eccentric_s=rep.eccentric_s,
        knee_angle_top_deg=_mean_between(t, k.knee_angle, top_a, top_b),
        shin_angle_top_deg=_mean_between(t, k.shin_angle, top_a, top_b),
        trunk_angle_top_deg=_mean_between(t, k.trunk_angle, top_a, top_b),
        head_angle_top_deg=_mean_between(t, k.head_angle, top_a, top_b),
        trunk_rotation_past_line_deg=_trunk_past_line(rep, k),
        pivot_slide=slide,
        support=k.support,
        mean_concentric_velocity_m_s=velocity,
        unobserved=rep.unobserved,
        pivot_roll_span=roll_span,
    )


@dataclass(frozen=True)
class SetMetrics:
    velocity_loss_from_first: float | None  # fraction: 0.25 = the last rep is 25% slower
    velocity_loss_from_best: float | None
    estimated_rir: float | None
    estimated_pct_1rm: float | None
    pct_1rm_error: float | None  # one standard error, in % 1RM
    estimated_1rm_kg: float | None


def set_metrics(
    reps: tuple[RepMetrics, ...],
    load_kg: float | None,
    model: VelocityModel = DEFAULT_VELOCITY_MODEL,
) -> SetMetrics:
    """Velocity loss over the set; with a load, %1RM, e1RM and reps in reserve.

    Reps in reserve extrapolate the set's linear velocity trend to the velocity at 1RM
    (the minimal velocity threshold) [design, after de Hoyo 2021's 0.25 m/s].
    """
    v = [r.mean_concentric_velocity_m_s for r in reps if r.mean_concentric_velocity_m_s]
    velocities = np.array([x for x in v if x is not None and x > 0], dtype=np.float64)
    loss_first = loss_best = rir = pct = error = e1rm = None
    if velocities.size >= 2:
        loss_first = float(1.0 - velocities[-1] / velocities[0])
        loss_best = float(1.0 - velocities[-1] / velocities.max())
    if load_kg is not None and velocities.size >= 1:
        pct = model.pct_1rm(float(velocities.max()))
        error = model.see_pct
        e1rm = float(load_kg / (pct / 100.0)) if pct > 0 else None
    if load_kg is not None and velocities.size >= model.min_reps_for_trend:
        slope = float(np.polyfit(np.arange(velocities.size), velocities, 1)[0])
        room = float(velocities[-1] - model.velocity_at_1rm_m_s)
        if room <= 0:
            rir = 0.0
        elif slope < 0:
            rir = room / -slope
    return SetMetrics(loss_first, loss_best, rir, pct, error, e1rm)
