"""Reps and their phases from the hip-angle signal.

Counting never uses a single threshold. Peaks of the (smoothed) hip angle need a prominence of
15 deg and 0.8 s between them (motion.md: these matched the real clips); two peaks only count
as two reps when the hips came at least halfway back down between them (hysteresis), so wobble
during a long hold is one rep; and a rep must rise at least halfway from its bottom to full
extension, or it is a partial rep, reported but not counted. Phase times come from
``hipthrust.motion.phases``.

Reps are counted as a coach counts them at the clip's edges: a rise must be seen from its
bottom (a clip that starts at, or on the way to, the top does not count that top); a rise that
reaches the top counts even when the clip ends before the lowering, and the phases the clip did
not show are marked ``unobserved`` (their times are NaN, so no rule judges them); so is the top
of a rep whose highest point fell in a tracking gap (the rise and the lowering around it seen,
the top, the hold and the lowering's start not: the rep counts, nothing at its top is
judged, and its peak is only a lower bound). With the hip's
height over the shoulders and over the feet (``HipLift``), a rise of the hip angle counts only
when the hips themselves go up against both: a leg raise, a dead bug or a crunch moves the hip
angle with the hips left down, and so does lying back from sitting (set-up).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.filters import lowpass, runs
from hipthrust.motion.phases import (
    Transition,
    best_profile,
    fit_transition,
    plateau_level,
    tied_profiles,
)

__all__ = [
    "DEFAULT_REP_RULES",
    "NOT_REPS",
    "PHASES",
    "HipLift",
    "PartialRep",
    "RepDetection",
    "RepRules",
    "RepSpan",
    "detect_reps",
    "phase_labels",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

PASSES = 2
# The top's level as the rise arrives (as the lowering leaves): the 75th percentile of the
# hold's first (last) 0.15 s. Wider windows or the median let a squeeze after arriving or a
# sag before leaving pull the level down, and a minimum-jerk hold read 0.1-0.2 s long; the
# whole hold's level (as before) read the real banded bridge's 1.4 s hold as 1.0 [design,
# measured on the synthetic sets and the real clip].
ENDS_S = 0.15
END_PCT = 75.0
# Rises and lowerings get profiles of their own when the set has at least this many of each
# [design: with one lowering, noise chose its shape and a 1.4 s hold read 1.8].
MIN_SPLIT = 3
# The hips rest at a bottom when the hip angle stays within this band for this long [design].
REST_BAND_DEG = 3.0
REST_S = 0.3
PHASES: tuple[str, ...] = ("bottom", "concentric", "top", "eccentric", "unknown")


@dataclass(frozen=True)
class RepRules:
    """Counting and phase rules; the defaults are motion.md's measured values or [design]."""

    # Peak prominence and spacing that matched the real clips [motion.md].
    min_prominence_deg: float = 15.0
    min_spacing_s: float = 0.8
    # Between two reps the hips come back down at least this share of the way [design].
    return_fraction: float = 0.5
    # Shorter than this from concentric start to eccentric end is not a rep [design].
    min_duration_s: float = 0.4
    # A rep rises at least this share of the way from its bottom to full extension (the
    # shoulder-knee line); lower peaks are partial reps [design].
    full_rep_fraction: float = 0.5
    full_extension_deg: float = 180.0
    # Smaller rises are noise, not even partial reps [design].
    partial_prominence_deg: float = 8.0
    # Extra zero-phase low-pass on the hip angle before counting and timing: reps are slower
    # than 1 Hz, and pose-model wobble is not [design].
    smoothing_hz: float = 3.0
    # The hold band: time within this many degrees of the rep's peak [design].
    hold_band_deg: float = 5.0
    # A rise whose bottom is the clip's first frame, that rises faster than this share of its
    # top speed over the clip's first 0.08 s and covers this share of its height in the first
    # 0.25 s, began before the clip (its bottom was not seen); at the clip's end, moving
    # faster than this share of the rise's (lowering's) top speed tells a rise or a lowering
    # cut off by the clip from one that finished [design].
    edge_speed_fraction: float = 0.2
    # The hips rise at least this far, in thigh+shank lengths, over both the shoulders and the
    # feet from a rep's bottom to its top; otherwise the hip angle moved because the legs or
    # the trunk did (leg raise, dead bug, crunch, lying back from sitting). A floor bridge
    # lifts the hips about 0.2-0.3 of that length, a hip thrust more [design; the real
    # bodyweight and banded bridges measured 0.23-0.24].
    min_hip_lift: float = 0.08
    # A lowering that has come this share of the way back down when the clip ends was seen
    # to its end (the rest is a bottom's wobble) [design].
    back_down_fraction: float = 0.85
    # ... for a rise of the hip angle of at least this much; less for smaller rises [design].
    full_lift_rise_deg: float = 40.0

    def __post_init__(self) -> None:
        if self.min_prominence_deg <= 0 or self.min_spacing_s <= 0 or self.min_duration_s < 0:
            raise InputError("rep prominence, spacing and duration must be positive")
        fractions = (self.full_rep_fraction, self.return_fraction)
        if not all(0 < f <= 1 for f in fractions):
            raise InputError("rep fractions must lie between 0 and 1")
        if min(self.partial_prominence_deg, self.hold_band_deg, self.smoothing_hz) <= 0:
            raise InputError("hold band, smoothing and partial prominence must be positive")
        if (
            not 0 < self.edge_speed_fraction < 1
            or self.min_hip_lift < 0
            or (self.full_lift_rise_deg <= 0)
        ):
            raise InputError("the edge speed share must lie in (0, 1), the hip lift >= 0")


DEFAULT_REP_RULES = RepRules()


@dataclass(frozen=True)
class RepSpan:
    """One counted rep: times in seconds (sub-frame) and angles in degrees.

    ``start_s`` .. ``top_s`` is the rise (hips leave the bottom until they arrive at the top),
    ``top_s`` .. ``lowering_s`` the hold (what a coach's stopwatch times), ``lowering_s`` ..
    ``end_s`` the lowering. ``band_start_s`` .. ``band_end_s`` is the time within the hold band
    of the rep's peak (it overlaps the slow ends of rise and lowering).
    """

    index: int  # 1-based
    start_s: float
    top_s: float
    band_start_s: float
    peak_s: float
    band_end_s: float
    lowering_s: float
    end_s: float
    peak_index: int
    peak_angle_deg: float
    bottom_angle_deg: float  # the level the rep started from
    # Phases the clip did not show ("hold", "lowering": the clip ended first; "top", "hold"
    # and "lowering": the pose was lost at the top); their times read NaN. ``lowering_s`` and
    # ``end_s`` are then the clip's end (or, for a hidden top, guesses across the gap).
    unobserved: tuple[str, ...] = ()
    # How far the hold may be off: it moves this much between the easing profiles that fit
    # the set's rises and lowerings about as well (``phases.tied_profiles``), and between its
    # readings on the hip angle and the hips' height [s].
    hold_spread_s: float = 0.0

    @property
    def hold_s(self) -> float:
        if "hold" in self.unobserved:
            return float("nan")
        return max(0.0, self.lowering_s - self.top_s)

    @property
    def hold_band_s(self) -> float:
        if "hold" in self.unobserved:
            return float("nan")
        return max(0.0, self.band_end_s - self.band_start_s)

    @property
    def concentric_s(self) -> float:
        if "top" in self.unobserved:
            return float("nan")
        return max(0.0, self.top_s - self.start_s)

    @property
    def eccentric_s(self) -> float:
        if "lowering" in self.unobserved:
            return float("nan")
        return max(0.0, self.end_s - self.lowering_s)


# Rises that are not reps at all, so not reported as partial reps: wobble, a top whose rise
# happened before the clip began, and a hip angle moved by the legs or the trunk.
NOT_REPS: frozenset[str] = frozenset({"too_small", "before_clip", "hips_stay_down"})


@dataclass(frozen=True, eq=False)
class HipLift:
    """The hip's height over the shoulders and over the feet (ankles) per frame, in
    thigh+shank lengths, up positive; NaN where unknown."""

    over_shoulders: FloatArray
    over_feet: FloatArray
    # The hip's height over where the feet usually are (not frame by frame): its travel.
    travel: FloatArray | None = None


@dataclass(frozen=True)
class PartialRep:
    """A rise of the hips that was not counted, and why (too_small, not_full, cut_off,
    too_short, before_clip: its bottom was before the clip; hips_stay_down: the hip angle
    moved but the hips did not rise over both shoulders and feet)."""

    peak_s: float
    peak_angle_deg: float
    rise_deg: float
    reason: str


@dataclass(frozen=True)
class RepDetection:
    reps: tuple[RepSpan, ...]
    partials: tuple[PartialRep, ...]
    top_reference_deg: float  # the counted reps' median peak, NaN without any


def _filled(x: FloatArray) -> FloatArray:
    """Linear interpolation across every NaN run (edges held): gaps never create a peak."""
    ok = np.isfinite(x)
    if not bool(ok.any()):
        return np.zeros_like(x)
    index = np.arange(x.size)
    return np.asarray(np.interp(index, index[ok], x[ok]), dtype=np.float64)


@dataclass(frozen=True)
class _Span:
    """Sample indices of one candidate rep: its bottoms, its peak, and the neighbouring
    reps' peaks (or the clip's ends) that bound it."""

    left: int
    peak: int
    right: int
    before: int
    after: int
    lowering_seen: bool = True
    top_seen: bool = True


# A rep's top is hidden when the hip angle was lost (a gap the filters did not fill) within
# this long of its highest sample: across a gap the signal is a straight line, so its highest
# point is the gap's edge, not the top [design].
HIDDEN_TOP_S = 0.1


def _top_hidden(t: FloatArray, raw: FloatArray, peak: int) -> bool:
    """Whether the highest sample of a rise lies in, or beside, a stretch where the hip angle
    was not seen: the top itself was then not seen, and the peak is only a lower bound."""
    near = np.abs(t - t[peak]) <= HIDDEN_TOP_S
    return not bool(np.isfinite(raw[near]).all())


def _rise_foot(x: FloatArray, lo: int, peak: int, rest_n: int, min_drop: float) -> int:
    """The bottom the rise to ``peak`` started from: walking back from the peak, the first
    rest (``rest_n`` samples within ``REST_BAND_DEG``) at least ``min_drop`` below the peak;
    the lowest sample from ``lo`` when the hips never rested (touch and go). Set-up before
    the first rep (sitting, then lying back) is a lower stretch before that rest, not the
    rep's bottom."""
    i = peak
    while i - rest_n >= lo:
        window = x[i - rest_n : i + 1]
        if float(np.ptp(window)) <= REST_BAND_DEG and x[peak] - float(np.max(window)) >= min_drop:
            return i - rest_n + int(np.argmin(window))
        i -= 1
    return lo + int(np.argmin(x[lo : peak + 1]))


def _one_rep_per_descent(
    x: FloatArray, strong: IntArray, fraction: float, first_foot: int | None = None
) -> list[int]:
    """Hysteresis: a peak starts a new rep only if the hips came down at least ``fraction``
    of the way from the lower of the two peaks to the bottom the first rose from
    (``first_foot``, default the lowest sample before it); otherwise the two are one rep (the
    higher peak stands for it)."""
    merged: list[int] = []
    if first_foot is None:
        first_foot = int(np.argmin(x[: int(strong[0]) + 1])) if strong.size else 0
    base = float(x[first_foot]) if strong.size else 0.0
    for b in (int(p) for p in strong):
        if not merged:
            merged.append(b)
            continue
        a = merged[-1]
        valley = float(np.min(x[a : b + 1]))
        lower = min(float(x[a]), float(x[b]))
        if lower - valley >= fraction * (lower - base):
            merged.append(b)
            base = valley
        elif x[b] > x[a]:
            merged[-1] = b
    return merged


def _speed(t: FloatArray, x: FloatArray) -> FloatArray:
    return np.asarray(np.gradient(x, t), dtype=np.float64)


def _lift(lift: HipLift | None, t: FloatArray, left: int, peak: int) -> float:
    """How far the hips rose over both the shoulders and the feet from the bottom at ``left``
    to the top at ``peak`` (medians over 0.1 s either side); NaN when unknown."""
    if lift is None:
        return float("nan")
    rises = []
    for height in (lift.over_shoulders, lift.over_feet):
        near_bottom = np.abs(t - t[left]) <= 0.1
        near_top = np.abs(t - t[peak]) <= 0.1
        bottom, top = height[near_bottom], height[near_top]
        bottom, top = bottom[np.isfinite(bottom)], top[np.isfinite(top)]
        if bottom.size == 0 or top.size == 0:
            return float("nan")
        rises.append(float(np.median(top) - np.median(bottom)))
    return min(rises)


def _start_speed(t: FloatArray, x: FloatArray, window_s: float = 0.08) -> float:
    """The mean rate of rise over the clip's first ``window_s`` (at least two samples): a rise
    already under way when the clip starts, unlike a lifter resting at the bottom."""
    j = max(2, int(np.searchsorted(t, t[0] + window_s)))
    j = min(j, x.size - 1)
    return float((x[j] - x[0]) / (t[j] - t[0]))


def _moved(t: FloatArray, x: FloatArray, window_s: float) -> float:
    """How far the angle rose over the clip's first ``window_s``."""
    j = int(np.searchsorted(t, t[0] + window_s))
    return float(np.max(x[: j + 1]) - x[0])


def _tail_peak(x: FloatArray, strong: list[int], rules: RepRules) -> int | None:
    """The top of a rise the clip ends on (still held, or cut off: sorted out later), which
    ``find_peaks`` cannot name: the highest sample after the last bottom, when the rise to it
    is large and the hips have not come down from it since."""
    low = (strong[-1] if strong else 0) + int(np.argmin(x[strong[-1] if strong else 0 :]))
    high = low + int(np.argmax(x[low:]))
    if x[high] - x[low] < rules.min_prominence_deg:
        return None
    if x[high] - float(np.min(x[high:])) >= rules.partial_prominence_deg:
        return None  # it came down again: ``find_peaks`` judged it
    return high


def detect_reps(
    t: FloatArray,
    hip_angle: FloatArray,
    rules: RepRules = DEFAULT_REP_RULES,
    lift: HipLift | None = None,
) -> RepDetection:
    """Counted reps and partial reps in a hip-angle signal (degrees); NaN marks gaps. With
    ``lift``, rises that do not lift the hips over shoulders and feet are not reps."""
    t = np.asarray(t, dtype=np.float64)
    raw = np.asarray(hip_angle, dtype=np.float64)
    if raw.size < 5 or not bool(np.isfinite(raw).any()):
        return RepDetection((), (), float("nan"))
    fps = float(1.0 / np.median(np.diff(t)))
    x = lowpass(_filled(raw), fps, rules.smoothing_hz, 2)
    speed = _speed(t, x)
    distance = max(1, round(rules.min_spacing_s * fps))
    from scipy import signal  # imported where used, as in ``filters.lowpass``

    peaks, props = signal.find_peaks(x, prominence=rules.partial_prominence_deg, distance=distance)
    prominences = np.asarray(props["prominences"], dtype=np.float64)
    partials = [
        PartialRep(float(t[p]), float(x[p]), float(pr), "too_small")
        for p, pr in zip(peaks, prominences, strict=True)
        if pr < rules.min_prominence_deg
    ]
    rest_n = max(2, round(REST_S * fps))
    kept = np.asarray(peaks[prominences >= rules.min_prominence_deg])
    foot = _rise_foot(x, 0, int(kept[0]), rest_n, rules.min_prominence_deg) if kept.size else 0
    strong = _one_rep_per_descent(x, kept, rules.return_fraction, foot)
    # A top at the clip's very end is a peak too (find_peaks never names the last sample).
    last = x.size - 1
    tail = _tail_peak(x, strong, rules)
    if tail is not None:
        strong = _one_rep_per_descent(x, np.array([*strong, tail]), rules.return_fraction, foot)
    edges = [0, *strong, x.size - 1]
    candidates: list[_Span] = []
    edge = rules.edge_speed_fraction
    for j, p in enumerate(strong, start=1):
        # The first rep rises from the rest before it (set-up may come earlier); a later one
        # from the lowest point since the rep before (a higher top must not take the earlier
        # rep's hold for a rest).
        if j == 1:
            left = _rise_foot(x, 0, p, rest_n, rules.min_prominence_deg)
        else:
            left = edges[j - 1] + int(np.argmin(x[edges[j - 1] : p + 1]))
        right = p + int(np.argmin(x[p : edges[j + 1] + 1]))
        rise_speed = float(np.max(speed[left : p + 1]))
        fall_speed = float(-np.min(speed[p : right + 1]))
        rise = float(x[p] - x[left])
        under_way = _start_speed(t, x) > edge * rise_speed and _moved(t, x, 0.25) > edge * rise
        if t[left] - t[0] <= 0.1 and under_way:
            partials.append(PartialRep(float(t[p]), float(x[p]), rise, "before_clip"))
            continue
        # Smaller rises of the hip angle (partial reps) need a proportionally smaller lift.
        needed = rules.min_hip_lift * min(1.0, rise / rules.full_lift_rise_deg)
        if _lift(lift, t, left, p) < needed:
            partials.append(PartialRep(float(t[p]), float(x[p]), rise, "hips_stay_down"))
            continue
        if p >= last - 1 and speed[last] > edge * rise_speed:
            partials.append(PartialRep(float(t[p]), float(x[p]), rise, "cut_off"))
            continue
        hidden = _top_hidden(t, raw, p)
        room = rules.full_extension_deg - x[left]
        if not hidden and room > 0 and rise / room < rules.full_rep_fraction:
            partials.append(PartialRep(float(t[p]), float(x[p]), rise, "not_full"))
            continue
        # The lowering was seen to its end unless the clip stops on the way down (or on top).
        down = float(x[p] - x[right])
        settled = -speed[last] <= edge * max(fall_speed, 1e-9)
        finished = right < last - 1 or down >= rules.back_down_fraction * rise or settled
        seen = finished and down >= rules.return_fraction * rise
        candidates.append(_Span(left, p, right, edges[j - 1], edges[j + 1], seen, not hidden))
    reps, more = _time_reps(t, x, candidates, rules, _travel(lift, fps, rules))
    reps = [_unseen_ends(t, np.isfinite(raw), rep) for rep in reps]
    partials.extend(more)
    partials.sort(key=lambda r: r.peak_s)
    top_ref = float(np.median([r.peak_angle_deg for r in reps])) if reps else float("nan")
    return RepDetection(tuple(reps), tuple(partials), top_ref)


@dataclass(frozen=True)
class _Levels:
    """Where one rep's transitions start and end: the bottom before, the top as the rise
    arrives and as the lowering leaves, the bottom after; and the top's level (the peak)."""

    before: float
    arrive: float
    leave: float
    after: float
    top: float


def _levels(t: FloatArray, x: FloatArray, c: _Span, phases: tuple[float, ...] | None) -> _Levels:
    """First from the rep's extreme samples; then, with phase times from a first pass, from
    the bottoms and the hold. A top is held by pushing up against a slow sag, and a lifter
    may squeeze on or sag before lowering: the rise is measured up to the level it arrives
    at and the lowering from the level it leaves, each from the hold's first or last
    ``ENDS_S`` (a coach's eye times the hold from where the movement stops to where it
    starts again, not from a level the hips only pass through)."""
    left, p, right = c.left, c.peak, c.right
    if phases is None:
        return _Levels(float(x[left]), float(x[p]), float(x[p]), float(x[right]), float(x[p]))
    start, top, lowering, end = phases
    before = plateau_level(t, x, max(t[left], start - 0.5), start, float(x[left]), 25)
    if not c.lowering_seen:
        level = plateau_level(t, x, top, float(t[-1]), float(x[p]), 75)
        arrive = plateau_level(t, x, top, min(float(t[-1]), top + ENDS_S), level, END_PCT)
        return _Levels(before, arrive, level, float(x[right]), level)
    after = plateau_level(t, x, end, min(t[right], end + 0.5), float(x[right]), 25)
    level = plateau_level(t, x, top, lowering, float(x[p]), 75)
    arrive = plateau_level(t, x, top, min(lowering, top + ENDS_S), level, END_PCT)
    leave = plateau_level(t, x, max(top, lowering - ENDS_S), lowering, level, END_PCT)
    return _Levels(before, arrive, leave, after, level)


_Pair = tuple[Transition, Transition | None]


def _transitions(t: FloatArray, x: FloatArray, c: _Span, levels: _Levels) -> _Pair | None:
    """The rise and the lowering (None when the clip ended before the lowering was seen)."""
    left, p, right = c.left, c.peak, c.right
    rise = Transition.measure(t, x, left, p, levels.before, levels.arrive)
    if rise is None:
        return None
    if not c.lowering_seen:
        return rise, None
    fall = Transition.measure(t, x, right, p, levels.after, levels.leave)
    return None if fall is None else (rise, fall)


def _phase_times(
    t: FloatArray, c: _Span, pair: _Pair, profiles: tuple[FloatArray, FloatArray]
) -> tuple[float, float, float, float]:
    """Rise start, top reached, lowering start and bottom reached, each kept between the
    samples that bracket it for sure (the neighbouring reps' peaks, the highest sample); the
    clip's end for a lowering not seen."""
    _, start, top = fit_transition(profiles[0], pair[0])
    peak_t = float(t[c.peak])
    start = float(np.clip(start, t[c.before], peak_t))
    top = float(np.clip(top, start, peak_t))
    if pair[1] is None:
        return start, top, float(t[-1]), float(t[-1])
    _, lowering, end = fit_transition(profiles[1], pair[1])
    end = float(np.clip(end, peak_t, t[c.after]))
    lowering = float(np.clip(lowering, peak_t, end))
    return start, top, lowering, end


# The hips' height is used for timing when it was seen on at least this share of the frames
# [design].
MIN_TRAVEL_SEEN = 0.5


def _travel(lift: HipLift | None, fps: float, rules: RepRules) -> FloatArray | None:
    """The hips' height above where the feet usually are, smoothed as the hip angle is: the
    second signal the rep's phases are read on (``_time_reps``). The planted ankles' own jitter
    is left out (``HipLift.travel``). None when the height was seen in under
    ``MIN_TRAVEL_SEEN`` of the frames."""
    if lift is None:
        return None
    height = np.asarray(lift.over_feet if lift.travel is None else lift.travel, dtype=np.float64)
    if height.size < 5 or float(np.isfinite(height).mean()) < MIN_TRAVEL_SEEN:
        return None
    return lowpass(_filled(height), fps, rules.smoothing_hz, 2)


_Times = tuple[float, float, float, float]
_Phases = dict[int, _Times]
_Holds = dict[int, tuple[float, float]]


def _phases_on(t: FloatArray, x: FloatArray, candidates: list[_Span]) -> tuple[_Phases, _Holds]:
    """Each candidate's phase times (rise start, top, lowering start, bottom) read on one
    signal, keyed by the candidate's peak; a candidate whose transitions do not read there is
    left out. Also each one's shortest and longest hold over the easing profiles that fit the
    set about as well as the chosen ones (``phases.tied_profiles``)."""
    phases: _Phases = {}
    holds: _Holds = {}
    for _pass in range(PASSES):
        pairs: dict[int, _Pair] = {}
        for c in candidates:
            pair = _transitions(t, x, c, _levels(t, x, c, phases.get(c.peak)))
            if pair is not None:
                pairs[c.peak] = pair
        if not pairs:
            break
        rises = [pair[0] for pair in pairs.values()]
        falls = [pair[1] for pair in pairs.values() if pair[1] is not None]
        # A lifter rises and lowers in styles of their own (a drive that eases into a squeeze,
        # a lowering that starts slowly): one profile for the set's rises, one for its
        # lowerings, each pooled over the set.
        # With fewer than MIN_SPLIT of either, one profile for all: noise would choose it.
        if min(len(rises), len(falls)) >= MIN_SPLIT:
            profiles = (best_profile(rises), best_profile(falls))
            tied = (tied_profiles(rises), tied_profiles(falls))
        else:
            both = best_profile(rises + falls)
            profiles = (both, both)
            tied = (tied_profiles(rises + falls),) * 2
        phases = {
            c.peak: _phase_times(t, c, pairs[c.peak], profiles)
            for c in candidates
            if c.peak in pairs
        }
        holds = {
            c.peak: _hold_range(t, c, pairs[c.peak], profiles, tied)
            for c in candidates
            if c.peak in pairs
        }
    return phases, holds


def _hold_range(
    t: FloatArray,
    c: _Span,
    pair: _Pair,
    profiles: tuple[FloatArray, FloatArray],
    tied: tuple[list[FloatArray], list[FloatArray]],
) -> tuple[float, float]:
    """The shortest and longest hold of one rep over the tied rise and lowering profiles."""
    tops = [_phase_times(t, c, pair, (p, profiles[1]))[1] for p in tied[0]]
    lowerings = [_phase_times(t, c, pair, (profiles[0], p))[2] for p in tied[1]]
    return max(0.0, min(lowerings) - max(tops)), max(0.0, max(lowerings) - min(tops))


def _time_reps(
    t: FloatArray,
    x: FloatArray,
    candidates: list[_Span],
    rules: RepRules,
    travel: FloatArray | None = None,
) -> tuple[list[RepSpan], list[PartialRep]]:
    """Each candidate's phase times, read on the hip angle ``x`` and on the hips' ``travel``
    (their height) and averaged; a rep read on only one of them takes that one's times. The
    reps and every angle come from ``x``.

    Every signal of one movement stops and starts at the same instants, but a phase's ends are
    extrapolated from its transition's steep middle with eased-movement profiles, and a signal
    that is a curved function of the eased one has a shape of its own (the hip angle is a
    curved function of the hips' height: the trunk turns about its support). Which one a lifter
    eases, and how the pose model bends each, varies: on the hip angle alone 1-3 s holds read
    0.054 s short on a body whose hips follow the profiles (bench_contact), on the height alone
    a rendered 3 s hold read by BlazePose 3.3 s (the angle 3.05). Each signal's error is about
    halved where the other's is small [measured: benchmarks/motion_accuracy.py,
    tests/video/test_rep_edges_rendered.py, benchmarks/real_footage.py; docs/video.md]. A rep
    whose rise never read on the angle (a bumper plate's first frames read it high) is still
    timed, on the height."""
    partials: list[PartialRep] = []
    phases, holds = _phases_on(t, x, candidates)
    ranges = {peak: [span] for peak, span in holds.items()}
    if travel is not None:
        on_travel, travel_holds = _phases_on(t, travel, candidates)
        for peak, times in on_travel.items():
            phases[peak] = _mean_phases(phases[peak], times) if peak in phases else times
            ranges.setdefault(peak, []).append(travel_holds[peak])
    reps: list[RepSpan] = []
    for c in candidates:
        left, p = c.left, c.peak
        if p not in phases:
            partials.append(PartialRep(float(t[p]), float(x[p]), float(x[p] - x[left]), "cut_off"))
            continue
        start, top, lowering, end = phases[p]
        levels = _levels(t, x, c, phases[p])
        before, level = levels.before, levels.top
        unobserved: tuple[str, ...] = () if c.lowering_seen else ("hold", "lowering")
        if not c.top_seen:
            unobserved = ("top", "hold", "lowering")
        if lowering - top < 0.1 and p < x.size - 1:
            level = _vertex(t, x, p)
        if c.lowering_seen and end - start < rules.min_duration_s:
            partials.append(PartialRep(float(t[p]), level, level - before, "too_short"))
            continue
        band_start, band_end = _band(t, x, c, level - rules.hold_band_deg)
        hold = lowering - top
        spread = max(max(hold - lo, hi - hold) for lo, hi in ranges[p])
        reps.append(
            RepSpan(
                index=len(reps) + 1,
                start_s=start,
                top_s=top,
                band_start_s=band_start,
                peak_s=float(t[p]),
                band_end_s=band_end,
                lowering_s=lowering,
                end_s=end,
                peak_index=p,
                peak_angle_deg=level,
                bottom_angle_deg=before,
                unobserved=unobserved,
                hold_spread_s=max(0.0, spread),
            )
        )
    return reps, partials


def _unseen_ends(t: FloatArray, seen: NDArray[np.bool_], rep: RepSpan) -> RepSpan:
    """The rep with its hold's spread widened by every tracking gap (frames without a hip
    angle) at either end of the hold: the hips may have arrived or left anywhere inside it,
    and the signal drawn straight across it shows no hold (a top hidden behind a plate read
    0.0 s for a 0.6 s hold)."""
    if "hold" in rep.unobserved:
        return rep
    frame = float(np.median(np.diff(t))) if t.size > 1 else 0.0
    unseen = 0.0
    for start, stop in runs(~seen):
        a = float(t[start - 1]) if start > 0 else float(t[0])
        b = float(t[stop]) if stop < t.size else float(t[-1])
        ends = (rep.top_s, rep.lowering_s)
        if (
            any(a - frame <= end <= b + frame for end in ends)
            or a <= rep.top_s <= rep.lowering_s <= b
        ):
            unseen += b - a
    if unseen == 0.0:
        return rep
    return replace(rep, hold_spread_s=rep.hold_spread_s + unseen)


def _mean_phases(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """The mean of two readings of one rep's phase times, kept in order."""
    start, top, lowering, end = ((u + v) / 2 for u, v in zip(a, b, strict=True))
    return start, max(start, top), max(top, lowering), max(lowering, end)


def _vertex(t: FloatArray, x: FloatArray, p: int) -> float:
    """The top of a rep without a hold: the vertex of a parabola through the samples within
    0.15 s of the highest one (noise averages out), never above that sample."""
    near = np.flatnonzero(np.abs(t - t[p]) <= 0.15)
    if near.size < 4:
        return float(x[p])
    a, b, c = np.polyfit(t[near] - t[p], x[near], 2)
    if a >= 0:
        return float(x[p])
    return float(min(c - b * b / (4 * a), x[p]))


def _band(t: FloatArray, x: FloatArray, c: _Span, level: float) -> tuple[float, float]:
    """First entry into and last exit from ``x >= level`` between the rep's two bottoms
    (sub-frame), so a brief dip inside the hold does not cut it short."""
    left, p, right = c.left, c.peak, c.right
    inside = np.flatnonzero(x[left : right + 1] >= level) + left
    if inside.size == 0:
        return float(t[p]), float(t[p])
    first, last = int(inside[0]), int(inside[-1])
    enter = _cross(t, x, first - 1, first, level) if first > left else float(t[first])
    leave = _cross(t, x, last, last + 1, level) if last < right else float(t[last])
    return enter, leave


def _cross(t: FloatArray, x: FloatArray, i: int, j: int, level: float) -> float:
    frac = 0.5 if x[j] == x[i] else float(np.clip((level - x[i]) / (x[j] - x[i]), 0.0, 1.0))
    return float(t[i] + frac * (t[j] - t[i]))


def phase_labels(t: FloatArray, reps: tuple[RepSpan, ...], valid: NDArray[np.bool_]) -> list[str]:
    """A phase name per frame: bottom, concentric, top, eccentric (or unknown where invalid)."""
    labels = np.full(t.size, "bottom", dtype=object)
    for rep in reps:
        labels[(t >= rep.start_s) & (t < rep.top_s)] = "concentric"
        labels[(t >= rep.top_s) & (t <= rep.lowering_s)] = "top"
        labels[(t > rep.lowering_s) & (t <= rep.end_s)] = "eccentric"
    labels[~np.asarray(valid, dtype=bool)] = "unknown"
    return [str(v) for v in labels]
