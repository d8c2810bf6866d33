"""When a rep's hips leave the bottom, reach the top, start down and arrive back: sub-frame times.

A smooth movement leaves a plateau gradually, so a fixed band around the plateau swallows part
of every rise and lowering into the hold (a 5 deg band adds ~0.3 s to a minimum-jerk rep). The
steep middle of a transition is measured instead: the times at which it passes 10%, 20%, ...
90% of the way between its two plateaus. Those times follow ``start + duration * E^-1(level)``
for the movement's easing profile ``E``; a weighted straight-line fit gives start and duration,
and the profile is chosen once per set from a family of smooth human movements (minimum-jerk
and cosine profiles, with a time warp), pooled over every transition of the set so that noise
does not choose it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "LEVELS",
    "NEAR_BEST",
    "PROFILES",
    "Transition",
    "best_profile",
    "fit_transition",
    "plateau_level",
    "tied_profiles",
]

FloatArray = NDArray[np.float64]

LEVELS: FloatArray = np.linspace(0.1, 0.9, 9)
# Time warps from 0.5 to 2 (13 steps, each 12% from the next) and blends of minimum jerk and
# a cosine ease in eighths: a coarser family (7 warps, quarter blends) left each transition's
# ends up to a tenth of its duration off, and a hold read 0.05-0.07 s short [design, measured
# on the synthetic sets].
_POWERS: tuple[float, ...] = tuple(float(p) for p in np.round(np.geomspace(0.5, 2.0, 13), 3))
_BLENDS: tuple[float, ...] = tuple(float(b) for b in np.linspace(0.0, 1.0, 9))


# Profiles whose pooled error is within this share of the best fit the data equally well; of
# those, the one nearest minimum jerk is taken (voluntary point-to-point movements are close to
# minimum jerk: Flash & Hogan 1985). It was 10%: the preference then chose minimum jerk's long
# tails for movements closer to a cosine, and every hold read short [design].
NEAR_BEST = 0.01


def _distance_from_minimum_jerk(power: float, blend: float) -> float:
    return abs(float(np.log(power))) + 0.5 * (1.0 - blend)


def _profiles() -> dict[str, FloatArray]:
    """Each profile's inverse at ``LEVELS``: the share of the transition's duration at which it
    has covered each share of its distance. Constant speed, and blends of minimum jerk and a
    cosine ease after a time warp ``s ** power`` (speeding up late when power > 1) [design]."""
    s = np.linspace(0.0, 1.0, 4001)
    shapes: dict[str, FloatArray] = {"constant speed": s}
    _PRIOR["constant speed"] = 10.0
    for power in _POWERS:
        w = s**power
        jerk = w**3 * (10 - 15 * w + 6 * w**2)
        cosine = (1 - np.cos(np.pi * w)) / 2
        for blend in _BLENDS:
            name = f"warp {power:g}, minimum jerk {blend:g}"
            shapes[name] = blend * jerk + (1 - blend) * cosine
            _PRIOR[name] = _distance_from_minimum_jerk(power, blend)
    return {name: np.interp(LEVELS, shape, s) for name, shape in shapes.items()}


_PRIOR: dict[str, float] = {}
PROFILES: dict[str, FloatArray] = _profiles()


@dataclass(frozen=True, eq=False)
class Transition:
    """Level-crossing times of one rise (or one lowering, listed from the bottom up) and the
    speed at each crossing, in levels per second."""

    times: FloatArray
    speed: FloatArray
    falling: bool

    @classmethod
    def measure(
        cls, t: FloatArray, x: FloatArray, bottom_i: int, top_i: int, low: float, high: float
    ) -> Transition | None:
        """The transition between the bottom at sample ``bottom_i`` (level ``low``) and the
        top at ``top_i`` (level ``high``); a lowering when ``top_i < bottom_i``.

        Walking from the bottom toward the top, the halfway crossing is found first; lower
        levels take their last crossing before it and higher levels their first crossing after
        it, so wobble on either plateau cannot move a crossing far.
        """
        if high - low <= 0:
            return None
        step = 1 if top_i >= bottom_i else -1
        idx = np.arange(bottom_i, top_i + step, step)
        q = (x[idx] - low) / (high - low)
        half = np.flatnonzero(q >= 0.5)
        if idx.size < 3 or half.size == 0 or half[0] == 0:
            return None
        mid = int(half[0])
        times = np.empty(LEVELS.size)
        speed = np.empty(LEVELS.size)
        for k, level in enumerate(LEVELS):
            if level < 0.5:
                below = np.flatnonzero(q[:mid] < level)
                if below.size == 0:
                    return None
                i = int(below[-1])
            else:
                above = np.flatnonzero(q[mid:] >= level)
                if above.size == 0:
                    return None
                i = mid + int(above[0]) - 1
            q0, q1 = q[i], q[i + 1]
            frac = float(np.clip((level - q0) / (q1 - q0), 0.0, 1.0)) if q1 != q0 else 0.5
            dt = float(t[idx[i + 1]] - t[idx[i]])
            times[k] = t[idx[i]] + frac * dt
            speed[k] = max(abs(q1 - q0) / abs(dt), 1e-6)
        return cls(times, speed, falling=step < 0)


def fit_transition(profile: FloatArray, tr: Transition) -> tuple[float, float, float]:
    """Weighted least squares ``times = start + duration * inverse``: (error, start, end).

    A rise passes level q at ``start + T * E^-1(q)``; a lowering, listed from the bottom up,
    at ``start + T * E^-1(1 - q)``. Angle noise moves a crossing by noise / speed, so slow
    crossings near the plateaus weigh less; the error is in level units.
    """
    x = profile[::-1] if tr.falling else profile
    w = tr.speed**2
    sw = float(np.sum(w))
    mx, my = float(np.sum(w * x)) / sw, float(np.sum(w * tr.times)) / sw
    dx = x - mx
    slope = float(np.sum(w * dx * (tr.times - my))) / float(np.sum(w * dx * dx))
    intercept = my - slope * mx
    err = float(np.sum(w * (intercept + slope * x - tr.times) ** 2))
    return err, intercept, intercept + slope


def _errors(matrix: FloatArray, tr: Transition) -> FloatArray:
    """``fit_transition``'s error for every profile (rows of ``matrix``) at once."""
    x = matrix[:, ::-1] if tr.falling else matrix
    w = tr.speed**2
    mx = x @ w / np.sum(w)
    my = float(np.sum(w * tr.times) / np.sum(w))
    dx = x - mx[:, None]
    slope = (dx * (tr.times - my) * w).sum(axis=1) / (dx * dx * w).sum(axis=1)
    intercept = my - slope * mx
    resid = intercept[:, None] + slope[:, None] * x - tr.times
    return np.asarray((resid**2 * w).sum(axis=1), dtype=np.float64)


# A transition whose best fit is this many times worse than the set's median best fit was
# garbled by the pose model (a jump, a lost stretch) and does not vote on the profile [design].
GARBLED = 5.0


def _pooled(transitions: list[Transition]) -> tuple[list[str], FloatArray, int]:
    """Every profile's name, its error pooled over the transitions that vote, and how many
    voted. A transition the pose model garbled fits every shape badly: when the set has
    others, it does not vote (its best fit worse than GARBLED times the set's typical best
    fit)."""
    names = list(PROFILES)
    matrix = np.array([PROFILES[name] for name in names])
    totals = np.zeros(len(names))
    errors = [_errors(matrix, tr) for tr in transitions]
    best = np.array([float(e.min()) for e in errors])
    keep = best <= GARBLED * float(np.median(best)) if best.size >= 3 else best >= 0
    for e, kept in zip(errors, keep, strict=True):
        if kept:
            totals += e
    return names, totals, int(keep.sum())


def best_profile(transitions: list[Transition], tolerance: float | None = None) -> FloatArray:
    """The profile that fits every transition of the set best, pooled: a person moves with one
    style through a set, and pooling keeps noise from choosing. A transition the pose model
    garbled (``GARBLED``: its errors large for every shape) does not vote, so it cannot choose
    the shape for the others. Among near ties, the one nearest minimum jerk."""
    names, totals, _ = _pooled(transitions)
    tolerance = NEAR_BEST if tolerance is None else tolerance
    tied = [
        n for n, err in zip(names, totals, strict=True) if err <= totals.min() * (1 + tolerance)
    ]
    return PROFILES[min(tied, key=lambda name: _PRIOR[name])]


# Profiles whose pooled error exceeds the best one's by less than this many times the error
# per degree of freedom (7 per transition: 9 crossings, a start and a duration fitted) fit
# the set's transitions about as well, as an F-test would put it (9: three standard errors)
# [design]. The phase ends they give differ most where the transitions say least about their
# own ends: the spread of the hold between them is the hold's uncertainty
# (``reps._time_reps``).
TIED_CHI2 = 9.0


def tied_profiles(transitions: list[Transition]) -> list[FloatArray]:
    """The profiles that fit the set's transitions about as well as the best (``TIED_CHI2``)."""
    names, totals, voters = _pooled(transitions)
    tolerance = TIED_CHI2 / (7.0 * max(voters, 1))
    best = float(totals.min())
    return [
        PROFILES[n] for n, err in zip(names, totals, strict=True) if err <= best * (1 + tolerance)
    ]


def plateau_level(
    t: FloatArray, x: FloatArray, a: float, b: float, fallback: float, percentile: float
) -> float:
    """A percentile of the samples in ``[a, b]``; ``fallback`` when fewer than three.

    A top is held by pushing up against a slow sag and a bottom rests with small upward
    stirrings, so the level a transition arrives at sits high in a hold's samples and low in
    a rest's: the 75th and 25th percentiles, which also shrug off noise [design].
    """
    inside = (t >= a) & (t <= b)
    if int(inside.sum()) < 3:
        return fallback
    return float(np.percentile(x[inside], percentile))
