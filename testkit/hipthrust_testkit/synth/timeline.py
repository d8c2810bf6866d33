"""The set over time: the hip angle, lumbar bend, head angle and pivot slide as smooth curves.

Each curve is a list of knots eased from one to the next (minimum jerk blended with a cosine
ease, with a time warp so a lifter may speed up late or early); small bumps add the sway while
lying still and the sag during a top hold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipthrust_testkit.synth.spec import SetSpec

__all__ = ["Bump", "Channel", "RepWindow", "Timeline", "build_timeline", "ease"]

FloatArray = NDArray[np.float64]

# In a lumbar-hyperextension rep the hip joint stops at this share of the rise and the pelvis
# keeps turning from ``_LUMBAR_FROM`` of the rise to its end (domain.md §3.3) [design].
_HIP_STOPS_AT = 0.75
_LUMBAR_FROM = 0.5
# The lumbar bend is gone after this share of the lowering [design].
_LUMBAR_BACK_BY = 0.4


def ease(s: FloatArray, power: float = 1.0, blend: float = 1.0) -> FloatArray:
    """Progress 0..1 at normalised times ``s`` (0..1): minimum jerk (``blend`` 1) blended with a
    cosine ease, after a time warp ``s ** power``."""
    w = np.clip(s, 0.0, 1.0) ** power
    jerk = w**3 * (10 - 15 * w + 6 * w**2)
    cosine = (1 - np.cos(np.pi * w)) / 2
    return np.asarray(blend * jerk + (1 - blend) * cosine, dtype=np.float64)


@dataclass(frozen=True, eq=False)
class Channel:
    """Knot times (increasing) and values; eased from each knot to the next, held outside."""

    t: FloatArray
    v: FloatArray

    def at(self, t: FloatArray, power: float, blend: float) -> FloatArray:
        t = np.asarray(t, dtype=np.float64)
        i = np.clip(np.searchsorted(self.t, t, side="right") - 1, 0, self.t.size - 2)
        t0, t1 = self.t[i], self.t[i + 1]
        span = np.where(t1 > t0, t1 - t0, 1.0)
        s = np.where(t1 > t0, (t - t0) / span, 1.0)
        out = self.v[i] + (self.v[i + 1] - self.v[i]) * ease(s, power, blend)
        out = np.where(t <= self.t[0], self.v[0], out)
        return np.asarray(np.where(t >= self.t[-1], self.v[-1], out), dtype=np.float64)


@dataclass(frozen=True)
class Bump:
    """``amplitude * sin^2(pi * cycles * s)`` over ``[t0, t1]``: zero, with zero slope, at both
    ends (negative amplitude sags)."""

    t0: float
    t1: float
    amplitude: float
    cycles: int = 1

    def at(self, t: FloatArray) -> FloatArray:
        if self.t1 <= self.t0:
            return np.zeros_like(t)
        s = (t - self.t0) / (self.t1 - self.t0)
        inside = (s >= 0) & (s <= 1)
        return np.asarray(
            np.where(inside, self.amplitude * np.sin(np.pi * self.cycles * s) ** 2, 0.0),
            dtype=np.float64,
        )


@dataclass(frozen=True)
class RepWindow:
    """Nominal times of one rep: onset, top reached, lowering starts, bottom reached."""

    start_s: float
    top_s: float
    lower_s: float
    end_s: float
    bottom_before_deg: float
    bottom_after_deg: float


@dataclass(frozen=True, eq=False)
class Timeline:
    duration_s: float
    hip: Channel  # hip joint angle (pelvis-thigh), degrees
    lumbar: Channel  # degrees
    neck: Channel  # degrees, + = head tipped back
    slide: Channel  # metres
    bumps: tuple[Bump, ...]  # added to the hip angle
    reps: tuple[RepWindow, ...]
    power: float
    blend: float

    def hip_at(self, t: FloatArray) -> FloatArray:
        out = self.hip.at(t, self.power, self.blend)
        for bump in self.bumps:
            out = out + bump.at(t)
        return out

    def lumbar_at(self, t: FloatArray) -> FloatArray:
        return self.lumbar.at(t, 1.0, 1.0)

    def neck_at(self, t: FloatArray) -> FloatArray:
        return self.neck.at(t, 1.0, 1.0)

    def slide_at(self, t: FloatArray) -> FloatArray:
        return self.slide.at(t, 1.0, 1.0)


class _Knots:
    def __init__(self, value: float) -> None:
        self.t: list[float] = [0.0]
        self.v: list[float] = [value]

    def add(self, t: float, v: float) -> None:
        if t > self.t[-1] + 1e-9:
            self.t.append(t)
            self.v.append(v)
        else:
            self.v[-1] = v

    def channel(self, end: float) -> Channel:
        self.add(end + 1.0, self.v[-1])
        return Channel(np.array(self.t), np.array(self.v))


def build_timeline(spec: SetSpec, set_bottom_deg: float, floor_deg: float) -> Timeline:
    """Curves for ``spec``; bottoms default to ``set_bottom_deg`` and never go below
    ``floor_deg`` (the hips on the floor)."""
    bottoms = [
        max(floor_deg, set_bottom_deg if r.bottom_hip_deg is None else r.bottom_hip_deg)
        for r in spec.reps
    ]
    hip = _Knots(bottoms[0])
    lumbar, slide = _Knots(0.0), _Knots(0.0)
    neck = _Knots(spec.head_deg)
    bumps: list[Bump] = []
    windows: list[RepWindow] = []
    sway = spec.idle_sway_deg
    if spec.lead_in_s > 0:
        bumps.append(Bump(0.0, spec.lead_in_s, sway, 1 + int(spec.lead_in_s // 2)))
    t = spec.lead_in_s
    for i, rep in enumerate(spec.reps):
        low = bottoms[i]
        after = bottoms[i + 1] if i + 1 < len(bottoms) else low
        top = max(rep.peak_hip_deg, low + 1.0)
        c, h, e = rep.concentric_s, rep.hold_s, rep.eccentric_s
        head_top = spec.head_deg if rep.neck_top_deg is None else rep.neck_top_deg
        hip.add(t, low)
        if rep.lumbar_extension_deg > 0:
            hip.add(t + _HIP_STOPS_AT * c, top)
            lumbar.add(t + _LUMBAR_FROM * c, 0.0)
            lumbar.add(t + c, rep.lumbar_extension_deg)
            lumbar.add(t + c + h, rep.lumbar_extension_deg)
            lumbar.add(t + c + h + _LUMBAR_BACK_BY * e, 0.0)
        hip.add(t + c, top)
        hip.add(t + c + h, top)
        hip.add(t + c + h + e, after)
        neck.add(t, spec.head_deg)
        neck.add(t + c, head_top)
        neck.add(t + c + h, head_top)
        neck.add(t + c + h + e, spec.head_deg)
        slide.add(t, 0.0)
        slide.add(t + c, rep.pivot_slide_m)
        slide.add(t + c + h, rep.pivot_slide_m)
        slide.add(t + c + h + e, 0.0)
        if h > 0 and rep.hold_sag_deg > 0:
            bumps.append(Bump(t + c, t + c + h, -rep.hold_sag_deg))
        windows.append(RepWindow(t, t + c, t + c + h, t + c + h + e, low, after))
        t += c + h + e
        if rep.pause_s > 0:
            bumps.append(Bump(t, t + rep.pause_s, sway, 1))
        t += rep.pause_s
    end = t + spec.lead_out_s
    if spec.lead_out_s > 0:
        bumps.append(Bump(t, end, sway, 1 + int(spec.lead_out_s // 2)))
    return Timeline(
        duration_s=end,
        hip=hip.channel(end),
        lumbar=lumbar.channel(end),
        neck=neck.channel(end),
        slide=slide.channel(end),
        bumps=tuple(bumps),
        reps=tuple(windows),
        power=spec.easing_power,
        blend=spec.easing_blend,
    )
