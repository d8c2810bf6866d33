"""Following the barbell's plate through a clip, cheaply.

The plate search of ``hipthrust.video.barbell`` (Hough circles, rim support) costs 30-150 ms a
frame; BlazePose costs about 20. So a clip is not searched frame by frame:

1. **Is there a plate at all?** A few frames spread over the clip (``gate_frames``) are
   searched: those the pose processes kept aside for the people check, already decoded
   (``plate_in_view``), or else frames decoded on their own (a seek each). No plate over the
   hips in any of them: not a barbell clip, and that is all it costs.
2. **Observe at a low rate.** The plate moves with the hips, smoothly: at ``observe_fps`` (10 a
   second) a straight line between two observations is within a few millimetres of a hip
   thrust's path (its acceleration peaks near 3 m/s^2: 3 * 0.1^2 / 8 m). Frames are decoded
   shrunk to ``work_long_side_px``.
3. **Detect on a subset, track between.** A full search runs on the first observed frame and
   then every ``detect_every_s``, also while no plate is in view; in between, the plate is
   refitted in a window around where it was, moved as the pose model's hips moved
   (``barbell.refine_plate``: a few ms). A plate lost for ``lost_after_s`` is searched for
   afresh over the hips.
4. **Fill the rest.** Every analysed frame gets the plate interpolated in time between the
   observations around it, over gaps up to ``max_gap_s``; longer gaps stay empty.

``PlateObservations`` holds the result per analysed frame, in the pose's pixels, and gives the
clip's scale (``barbell.plate_scale``) from the measured frames.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.pose import PoseSequence
from hipthrust.motion.report import Scale
from hipthrust.video.barbell import (
    DEFAULT_PLATE_RULES,
    Plate,
    PlateRules,
    body_length_px,
    choose_plate,
    detect_plates,
    detect_small_plates,
    plate_scale,
    refine_plate,
)
from hipthrust.video.decode import KeepTimes, VideoInfo, read_frames, upright

__all__ = [
    "PlateObservations",
    "PlateTrackSettings",
    "follow_plate",
    "gate_indices",
    "keyframe_near",
    "observation_indices",
    "observe_plates",
    "plate_in_view",
    "plate_over_hips",
    "shank_length_px",
    "spread",
    "work_size",
]

FloatArray = NDArray[np.float64]
_HIPS = (23, 24)
_KNEES = (25, 26)
_ANKLES = (27, 28)
Frames = Iterable[tuple[int, NDArray[np.uint8]]]  # (pose frame index, RGB at the work size)


@dataclass(frozen=True)
class PlateTrackSettings:
    """How often the plate is looked for; every number is [design] unless marked."""

    observe_fps: float = 10.0
    detect_every_s: float = 1.0
    # A 45 cm plate stays 50-120 px across at this size for a whole body in view, enough for
    # its rim; the search costs a quarter of the full 1280 px frame's.
    work_long_side_px: int = 640
    gate_frames: int = 3
    max_gap_s: float = 0.5
    # A plate not seen for this long is searched for afresh (over the hips), not near where it
    # was.
    lost_after_s: float = 1.0
    rules: PlateRules = field(default_factory=lambda: DEFAULT_PLATE_RULES)

    def __post_init__(self) -> None:
        if not (math.isfinite(self.observe_fps) and self.observe_fps > 0):
            raise InputError("the plate observation rate must be positive")
        if self.gate_frames < 1 or self.work_long_side_px < 160:
            raise InputError("the plate needs at least one look at a frame of 160 px or more")


@dataclass(frozen=True, eq=False)
class PlateObservations:
    """The plate per analysed frame (pose pixels); NaN where there is none. ``how`` says per
    frame "detected" (full search), "tracked" (refitted near the last one), "interpolated"
    (between observations) or "none"."""

    t: FloatArray
    centre: FloatArray  # (n, 2)
    radius_px: FloatArray  # (n,)
    rim_support: FloatArray  # (n,)
    how: tuple[str, ...]
    rules: PlateRules = DEFAULT_PLATE_RULES
    seconds: float = 0.0  # wall time spent finding it
    # Smaller than a 45 cm plate can be against the lifter's lower leg: its diameter is not
    # known (20-30 cm), so it gives no scale unless the user gave it (``rules.diameter_given``).
    small: bool = False

    def plate(self, i: int) -> Plate | None:
        if not (np.isfinite(self.centre[i]).all() and np.isfinite(self.radius_px[i])):
            return None
        return Plate(
            (float(self.centre[i, 0]), float(self.centre[i, 1])),
            float(self.radius_px[i]),
            float(self.rim_support[i]),
            self.rules.diameter_m,
            self.rules.diameter_error_m,
            self.rules.radius_error,
        )

    def measured(self) -> list[Plate]:
        """The plates seen (detected or tracked), not interpolated."""
        out = []
        for i, how in enumerate(self.how):
            plate = self.plate(i) if how in ("detected", "tracked") else None
            if plate is not None:
                out.append(plate)
        return out

    @property
    def found_share(self) -> float:
        """Share of the analysed frames with a plate (measured or interpolated)."""
        return float(np.isfinite(self.radius_px).mean()) if self.radius_px.size else 0.0

    def scale(self) -> Scale | None:
        if self.small and not self.rules.diameter_given:
            return None
        return plate_scale(self.measured())

    def to_json(self) -> dict[str, Any]:
        counts = {k: self.how.count(k) for k in ("detected", "tracked", "interpolated", "none")}
        scale = self.scale()
        return {
            "frames": len(self.how),
            "found_share": round(self.found_share, 3),
            "frames_by_method": counts,
            "median_radius_px": (
                round(float(np.nanmedian(self.radius_px)), 1)
                if counts["none"] < len(self.how)
                else None
            ),
            "diameter_m": (
                None if self.small and not self.rules.diameter_given else self.rules.diameter_m
            ),
            "small": self.small,
            "scale": None if scale is None else scale.to_json(),
            "seconds": round(self.seconds, 3),
        }


def work_size(width: int, height: int, long_side: int) -> tuple[int, int]:
    """``(width, height)`` shrunk so the longer side is at most ``long_side``; even sizes."""
    shrink = min(1.0, long_side / max(width, height))
    return max(2, 2 * round(width * shrink / 2)), max(2, 2 * round(height * shrink / 2))


def _hips(pose: PoseSequence) -> FloatArray:
    """``(n, 2)`` mean of the hips the pose model gave (NaN where neither)."""
    return _mean_hips(pose.xy)


def _mean_hips(xy: FloatArray) -> FloatArray:
    """``(n, 2)`` mean of the hips of ``(n, 33, 2)`` landmarks (NaN where neither)."""
    both = xy[:, list(_HIPS), :]
    seen = np.isfinite(both).all(axis=2)
    total = np.where(seen[..., None], both, 0.0).sum(axis=1)
    count = seen.sum(axis=1)[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def observation_indices(t: FloatArray, fps: float) -> list[int]:
    """About ``fps`` frames a second, never fewer: a frame is taken once 1/fps less half a
    frame has passed since the last one taken (30 fps at 10 a second: every third; 15 fps:
    every one)."""
    if t.size == 0:
        return []
    step = 1.0 / fps
    half_frame = 0.5 * float(np.median(np.diff(t))) if t.size > 1 else 0.0
    out = [0]
    for i in range(1, t.size):
        if t[i] - t[out[-1]] >= step - half_frame - 1e-6:
            out.append(i)
    return out


def spread(n: int, count: int) -> list[int]:
    """At most ``count`` of the indices ``0 .. n - 1``, spread evenly (centred)."""
    if n <= 0:
        return []
    picks = np.quantile(np.arange(n), (np.arange(count) + 0.5) / count)
    return sorted({round(float(p)) for p in picks})


def gate_indices(pose: PoseSequence, count: int) -> list[int]:
    """``count`` frames spread over the frames where the hips were seen."""
    seen = np.flatnonzero(np.isfinite(_hips(pose)).all(axis=1))
    return [int(seen[k]) for k in spread(int(seen.size), count)]


def shank_length_px(xy: FloatArray) -> float | None:
    """The lower leg's length (knee to ankle) learned from ``(n, 33, 2)`` landmarks: the median
    over the frames and sides where the ankle lies below the knee with the shin within 50
    degrees of vertical (a planted shin, as in a bridge; a small plate hides the hip, not the
    shin). None when no such frame. The small-plate search is sized by it."""
    lengths = []
    for k, a in zip(_KNEES, _ANKLES, strict=True):
        d = xy[:, a, :] - xy[:, k, :]
        ok = np.isfinite(d).all(axis=1)
        d = d[ok]
        planted = d[:, 1] > np.cos(np.radians(50.0)) * np.hypot(d[:, 0], d[:, 1])
        lengths.extend(np.hypot(d[planted, 0], d[planted, 1]).tolist())
    lengths = [v for v in lengths if v > 0]
    return float(np.median(lengths)) if lengths else None


def _candidates(
    rgb: NDArray[np.uint8],
    xy: FloatArray,
    guesses: Sequence[FloatArray],
    shank_px: float | None,
    rules: PlateRules,
) -> list[Plate]:
    """The plates of a full search (``detect_plates``, sized by the body); when none of them
    lies over a hip guess, the small plates around the guesses (``detect_small_plates``, sized
    by the lower leg ``shank_px``)."""
    plates = detect_plates(rgb, body_length_px(xy), rules)
    if guesses and shank_px is not None and choose_plate(plates, guesses, rules) is None:
        plates += detect_small_plates(rgb, guesses, shank_px, rules)
    return plates


def plate_over_hips(
    rgb: NDArray[np.uint8], xy: FloatArray, rules: PlateRules, shank_px: float | None = None
) -> bool | None:
    """Whether a plate lies over the hips of the landmarks ``xy`` (``(33, 2)``, the pixels of
    ``rgb``); None when the hips are not in them. ``shank_px``: the lower leg's length learned
    over the clip (else this frame's)."""
    hips = _mean_hips(xy[None])[0]
    if not np.isfinite(hips).all():
        return None
    shank = shank_px if shank_px is not None else shank_length_px(xy[None])
    plates = _candidates(rgb, xy, [hips], shank, rules)
    return choose_plate(plates, [hips], rules) is not None


def plate_in_view(
    looks: Sequence[Callable[[], tuple[NDArray[np.uint8], FloatArray]]],
    settings: PlateTrackSettings,
) -> bool:
    """Whether a plate lies over the hips in any of ``settings.gate_frames`` frames spread over
    ``looks`` (each gives, when called, an RGB frame of any size and its landmarks in its
    pixels; only the frames looked at are made): the first look of ``observe_plates``, on
    frames already decoded (the pose processes keep some aside)."""
    for k in spread(len(looks), settings.gate_frames):
        rgb, xy = looks[k]()
        height, width = rgb.shape[:2]
        size = work_size(width, height, settings.work_long_side_px)
        small = (
            rgb if size == (width, height) else cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)
        )
        factor = np.asarray([size[0] / width, size[1] / height])
        if plate_over_hips(np.asarray(small, dtype=np.uint8), xy * factor, settings.rules):
            return True
    return False


def _to_pose_px(plate: Plate, factor: tuple[float, float]) -> Plate:
    return replace(
        plate,
        centre=(plate.centre[0] * factor[0], plate.centre[1] * factor[1]),
        radius_px=plate.radius_px * (factor[0] + factor[1]) / 2,
    )


def follow_plate(
    frames: Frames,
    pose: PoseSequence,
    factor: tuple[float, float] = (1.0, 1.0),
    settings: PlateTrackSettings = PlateTrackSettings(),
) -> PlateObservations:
    """The plate over the hips followed through ``frames`` (pose frame index, RGB shrunk by
    ``factor``: pose pixels per frame pixel in x and y), then filled in for every frame of
    ``pose``."""
    n = pose.n_frames
    hips = _hips(pose) / np.asarray(factor)
    centre = np.full((n, 2), np.nan)
    radius = np.full(n, np.nan)
    support = np.full(n, np.nan)
    how = ["none"] * n
    rules = settings.rules
    shank = shank_length_px(pose.xy / np.asarray(factor))
    prev: Plate | None = None
    prev_i = -1
    last_search = -math.inf
    for i, rgb in frames:
        guess = [hips[i]] if np.isfinite(hips[i]).all() else []
        found: Plate | None = None
        method = "tracked"
        predicted: Plate | None = None
        if prev is not None and pose.t[i] - pose.t[prev_i] <= settings.lost_after_s:
            # The pose model's hips sit on the plate's hub, even when misplaced: they move with it.
            moved = hips[i] - hips[prev_i]
            if not np.isfinite(moved).all():
                moved = np.zeros(2)
            predicted = replace(
                prev, centre=(prev.centre[0] + float(moved[0]), prev.centre[1] + float(moved[1]))
            )
        if pose.t[i] - last_search >= settings.detect_every_s:
            last_search = float(pose.t[i])
            method = "detected"
            candidates = _candidates(rgb, pose.xy[i] / np.asarray(factor), guess, shank, rules)
            if predicted is not None:
                near = [p for p in candidates if predicted.contains(p.centre, 0.6)]
                found = max(near, key=lambda p: p.rim_support) if near else None
            elif guess:
                found = choose_plate(candidates, guess, rules)
        if found is None and predicted is not None:
            method = "tracked"
            found = refine_plate(rgb, predicted, rules)
            if found is not None:
                found = replace(found, small=predicted.small)
        if found is None:
            continue  # not found, or lost: a full search again once a second
        prev, prev_i = found, i
        centre[i] = (found.centre[0] * factor[0], found.centre[1] * factor[1])
        radius[i] = found.radius_px * (factor[0] + factor[1]) / 2
        support[i] = found.rim_support
        how[i] = method
    measured = np.asarray([h != "none" for h in how])
    small_plate = _is_small(pose.xy, centre, radius, measured, rules)
    _fill(pose.t, centre, radius, support, how, settings.max_gap_s)
    return PlateObservations(pose.t, centre, radius, support, tuple(how), rules, small=small_plate)


def _is_small(
    xy: FloatArray,
    centre: FloatArray,
    radius: FloatArray,
    measured: NDArray[np.bool_],
    rules: PlateRules,
) -> bool:
    """Whether the plate is smaller than a 45 cm plate can be against the lifter's lower leg
    (``PlateRules.large_min_radius_per_shank``), the shank measured where the knee shows beside
    the plate (a small plate hides the hip only). Where the knee never shows beside it (a large
    plate hides the thigh), the plate is not small."""
    if not bool(measured.any()):
        return False
    shanks = []
    for k, a in zip(_KNEES, _ANKLES, strict=True):
        knee, ankle = xy[measured, k, :], xy[measured, a, :]
        clear = np.hypot(*(knee - centre[measured]).T) > 1.05 * radius[measured]
        d = ankle - knee
        planted = d[:, 1] > np.cos(np.radians(50.0)) * np.hypot(d[:, 0], d[:, 1])
        ok = clear & planted & np.isfinite(d).all(axis=1)
        shanks.extend(np.hypot(d[ok, 0], d[ok, 1]).tolist())
    if len(shanks) < max(3, int(measured.sum()) // 4):
        return False
    r = float(np.median(radius[measured]))
    return r < rules.large_min_radius_per_shank * float(np.median(shanks))


def _fill(
    t: FloatArray,
    centre: FloatArray,
    radius: FloatArray,
    support: FloatArray,
    how: list[str],
    max_gap_s: float,
) -> None:
    """Interpolate (in place) between observations no more than ``max_gap_s`` apart; hold the
    first and last for half that."""
    seen = np.flatnonzero(np.isfinite(radius))
    if seen.size == 0:
        return
    for i in range(t.size):
        if how[i] != "none":
            continue
        k = int(np.searchsorted(seen, i))
        before = seen[k - 1] if k > 0 else None
        after = seen[k] if k < seen.size else None
        if before is not None and after is not None:
            if t[after] - t[before] > max_gap_s:
                continue
            w = (t[i] - t[before]) / (t[after] - t[before])
            centre[i] = (1 - w) * centre[before] + w * centre[after]
            radius[i] = (1 - w) * radius[before] + w * radius[after]
            support[i] = min(support[before], support[after])
        else:
            near = before if before is not None else after
            assert near is not None
            if abs(t[i] - t[near]) > max_gap_s / 2:
                continue
            centre[i], radius[i], support[i] = centre[near], radius[near], support[near]
        how[i] = "interpolated"


def keyframe_near(
    info: VideoInfo, t_s: float, size: tuple[int, int]
) -> tuple[float, NDArray[np.uint8]] | None:
    """The key frame at or before ``t_s`` (a seek lands on one, and it decodes on its own:
    one frame's work, where reaching ``t_s`` itself would decode up to a whole group of
    pictures), upright RGB at ``size``, with its time; None if it cannot be read."""
    import av

    try:
        container = av.open(str(info.path), metadata_errors="ignore")
    except (av.error.FFmpegError, OSError):
        return None
    try:
        stream = container.streams.video[0]
        if t_s > 0 and stream.time_base is not None:
            container.seek(int(t_s / stream.time_base), stream=stream, backward=True)
        for frame in container.decode(stream):
            if frame.pts is None or frame.time_base is None:
                return None
            stored = size if info.rotation_deg % 180 == 0 else (size[1], size[0])
            small = frame.reformat(width=stored[0], height=stored[1], format="rgb24")
            rgb = upright(np.asarray(small.to_ndarray(), dtype=np.uint8), info.rotation_deg)
            return float(frame.pts * frame.time_base), rgb
        return None
    except av.error.FFmpegError:
        return None
    finally:
        container.close()


def _frame_at(
    info: VideoInfo, t_s: float, size: tuple[int, int]
) -> tuple[float, NDArray[np.uint8]] | None:
    frames = read_frames(info, selection=KeepTimes(np.asarray([t_s])), size=size, start_s=t_s)
    try:
        frame = next(iter(frames), None)
    finally:
        frames.close()  # type: ignore[attr-defined]
    return None if frame is None else (frame.t_s, frame.rgb)


def _first_look(
    info: VideoInfo,
    pose: PoseSequence,
    settings: PlateTrackSettings,
    size: tuple[int, int],
    factor: tuple[float, float],
) -> bool:
    """A plate over the hips in one of a few frames spread over the clip, each decoded on its
    own (a seek)."""
    looked: set[float] = set()
    for i in gate_indices(pose, settings.gate_frames):
        t_s = float(pose.t[i]) + info.start_s
        look = keyframe_near(info, t_s, size)
        if look is None or look[0] in looked:
            # Key frames are sparse (one every 250 frames is x264's default): decode up to the
            # frame itself instead.
            look = _frame_at(info, t_s, size)
        if look is None:
            continue
        t_s, rgb = look
        looked.add(t_s)
        k = int(np.argmin(np.abs(pose.t + info.start_s - t_s)))  # the pose nearest the frame
        xy = pose.xy / np.asarray(factor)
        if plate_over_hips(rgb, xy[k], settings.rules, shank_length_px(xy)):
            return True
    return False


def observe_plates(
    info: VideoInfo,
    pose: PoseSequence,
    settings: PlateTrackSettings = PlateTrackSettings(),
    seen: bool | None = None,
) -> PlateObservations | None:
    """The barbell's plate in each analysed frame of the video ``info`` (whose landmarks are
    ``pose``), or None when a look at a few frames finds no plate over the hips. ``seen``: the
    answer of that first look where it was taken already (``plate_in_view``)."""
    import time

    clock = time.perf_counter()
    size = work_size(info.width, info.height, settings.work_long_side_px)
    factor = (info.width / size[0], info.height / size[1])
    if not (_first_look(info, pose, settings, size, factor) if seen is None else seen):
        return None
    chosen = observation_indices(pose.t, settings.observe_fps)
    times = pose.t[chosen] + info.start_s
    index_of = {round(float(t), 6): i for t, i in zip(times, chosen, strict=True)}

    def frames_of() -> Frames:
        for frame in read_frames(info, selection=KeepTimes(times), size=size):
            i = index_of.get(round(frame.t_s, 6))
            if i is None:
                k = int(np.argmin(np.abs(times - frame.t_s)))
                i = chosen[k]
            yield i, frame.rgb

    observed = follow_plate(frames_of(), pose, factor, settings)
    return replace(observed, seconds=time.perf_counter() - clock)
