"""The landmarks of a whole video: decode, then the pose model, on every core.

The pose model uses one core per call, so the clip is cut into as many time segments as
there are processes (only when each is long enough to be worth it), and each process decodes
its own segment and runs its own estimator on it. Video-mode tracking needs frames in time
order, so every segment after the first starts decoding ``preroll_s`` early: the tracker
finds the person and its smoothing filter settles on frames whose results are thrown away.
Each segment runs in a process of its own started by a fork server (``hipthrust.video.workers``;
a lone segment runs in the calling process), so the segments start together and the calling
process never loads the pose model; they send back only landmarks (a few kilobytes a
second), so nothing but one frame per process is ever held.

Every ``people.check_every_s`` a frame is kept aside (JPEG, with the lifter's landmarks); once
its segment is tracked, each pose process closes its tracking graph and looks at its kept
frames with a still-image estimator, the lifter painted over, for someone else
(``hipthrust.video.people``): the checks run on both cores, and the second pose graph (about
120 MB) is never loaded beside a tracking one. The same kept frames give the barbell plate's
first look (``plate_track.plate_in_view``), so a clip without a plate costs no extra decoding.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence
from hipthrust.video.decode import (
    FrameSelection,
    VideoInfo,
    fit_size,
    key_frame_before,
    read_frames,
)
from hipthrust.video.people import (
    DEFAULT_PEOPLE_RULES,
    PeopleCheck,
    PeopleRules,
    check_for_others,
)
from hipthrust.video.plate_track import PlateTrackSettings, plate_in_view
from hipthrust.video.pose_model import FramePose, PoseEstimator
from hipthrust.video.workers import Pool, start_server

__all__ = [
    "EstimatorFactory",
    "PeopleSample",
    "Progress",
    "Segment",
    "Track",
    "TrackSettings",
    "balanced_bounds",
    "people_checks",
    "plan_segments",
    "track_video",
]

FloatArray = NDArray[np.float64]
EstimatorFactory = Callable[[], PoseEstimator]
Progress = Callable[[int, int], None]  # (frames done, frames expected)
_N = len(MEDIAPIPE_33)
_PROGRESS_EVERY = 8  # frames between progress messages from a child


@dataclass(frozen=True)
class TrackSettings:
    """How to turn a video into landmarks; every number is [design] unless marked."""

    # The pose model runs on every k-th frame, k the largest step that keeps at least this
    # rate (``FrameSelection.for_rate``; None: every frame): 30 and 60 fps are analysed at
    # 15, 24 and 25 fps whole. 15 fps against every frame of 30 fps [measured:
    # benchmarks/analyze_speed.py --check-rate, docs/video.md]: 300 synthetic sets, the same
    # rep count in all and fault F1 0.995 both, against the truth hold MAE 0.104 s (0.097),
    # peak angle MAE 0.60 deg (0.56); BlazePose on the real glute bridge looped at 30 fps, the
    # same 13 reps and faults, peaks within 0.07 s and 2.2 deg (1.3 lower on average),
    # phase times 0.05 s longer. At 12 fps (24 fps thinned) faults start to be missed.
    analysis_fps: float | None = 15.0
    # BlazePose sees a fixed-size crop whatever the frame size [motion.md], so frames are
    # scaled to at most 720 pixels on the short side first: cheaper conversions, same answer.
    pose_max_short_side: int | None = 720
    processes: int = 2  # this machine has 2 cores [motion.md]
    min_segment_s: float = 6.0  # shorter segments cost more in start-up than they save
    preroll_s: float = 1.0
    people: PeopleRules | None = DEFAULT_PEOPLE_RULES
    # What decoding costs against the pose model, to balance the segments: about 1.2 ms a 720p
    # frame (1.3 ms a megapixel) and 20 ms a pose call, with its conversions 24 [measured on
    # this machine: a segment that decodes from a key frame 8 s before its preroll now ends
    # with the first].
    decode_ms_per_megapixel: float = 1.3
    pose_ms_per_frame: float = 24.0

    def decode_share(self, info: VideoInfo) -> float:
        """A second decoded and not analysed, in seconds decoded and analysed."""
        rate = info.fps if info.fps > 0 else 30.0
        decode = rate * self.decode_ms_per_megapixel * info.width * info.height / 1e6
        analysed = min(rate, self.analysis_fps or rate) * self.pose_ms_per_frame
        return decode / (decode + analysed)

    def __post_init__(self) -> None:
        if self.processes < 1:
            raise InputError("at least one process is needed to run the pose model")
        if self.analysis_fps is not None and self.analysis_fps <= 0:
            raise InputError("the analysis frame rate must be positive")


@dataclass(frozen=True)
class Segment:
    start_s: float  # first frame time kept
    stop_s: float | None  # frames at or after this time belong to the next segment
    decode_from_s: float  # start decoding (and tracking) here; results before start_s dropped


@dataclass(frozen=True, eq=False)
class Track:
    """Landmarks per analysed frame, in the video's upright pixel coordinates."""

    t: FloatArray  # (n,) presentation times, seconds
    xy: FloatArray  # (n, 33, 2), NaN where nobody was found
    visibility: FloatArray  # (n, 33)
    people: tuple[PeopleCheck, ...] = field(default=())
    # Whether a barbell plate was seen over the hips in the frames kept aside; None: not looked.
    plate_seen: bool | None = None

    @staticmethod
    def join(tracks: list[Track]) -> Track:
        looked = [t.plate_seen for t in tracks if t.plate_seen is not None]
        return Track(
            np.concatenate([t.t for t in tracks]),
            np.concatenate([t.xy for t in tracks]),
            np.concatenate([t.visibility for t in tracks]),
            tuple(c for t in tracks for c in t.people),
            any(looked) if looked else None,
        )

    def to_pose(self, info: VideoInfo, fps: float) -> PoseSequence:
        if self.t.size == 0:
            raise InputError(f"{info.path.name}: no frames could be decoded")
        return PoseSequence(
            self.xy, self.visibility, fps, info.width, info.height, MEDIAPIPE_33,
            self.t - info.start_s,
        )  # fmt: skip


def plan_segments(
    info: VideoInfo,
    settings: TrackSettings,
    key_frame_before: Callable[[float], float] | None = None,
) -> list[Segment]:
    """Segments of equal work, one per process, each at least ``min_segment_s`` long.

    Every segment after the first also tracks its ``preroll_s`` and decodes from the key frame
    before that (``key_frame_before``; None: as if there were one everywhere), so it is made
    that much shorter: the processes finish together.
    """
    duration = max(info.duration_s, 0.0)
    count = max(1, min(settings.processes, int(duration // settings.min_segment_s)))
    start = info.start_s
    decode_share = settings.decode_share(info)

    def lead_in(bound: float) -> float:
        decode_from = max(start, bound - settings.preroll_s)
        key = key_frame_before(decode_from) if key_frame_before is not None else decode_from
        return (bound - decode_from) + decode_share * (decode_from - min(key, decode_from))

    bounds = balanced_bounds(start, start + duration, count, lead_in)
    segments = []
    for k in range(count):
        begin = bounds[k] if k else -math.inf
        stop = bounds[k + 1] if k < count - 1 else None
        decode_from = max(start, bounds[k] - settings.preroll_s) if k else -math.inf
        segments.append(Segment(begin, stop, decode_from))
    return segments


def balanced_bounds(
    start: float, end: float, count: int, lead_in: Callable[[float], float], rounds: int = 4
) -> list[float]:
    """``count + 1`` bounds from ``start`` to ``end``: each piece's length plus the work it does
    before its start (``lead_in(bound)``, in seconds of the same work) is the same. No piece is
    made shorter than a quarter of an equal share."""
    bounds = [start + (end - start) * k / count for k in range(count + 1)]
    for _ in range(rounds):
        extra = [0.0] + [lead_in(b) for b in bounds[1:-1]]
        share = ((end - start) + sum(extra)) / count
        floor = 0.25 * (end - start) / count
        moved = [start]
        for k in range(count - 1):
            moved.append(moved[-1] + max(floor, share - extra[k]))
        if moved[-1] >= end - floor:  # lead-ins too large to balance: equal lengths
            return bounds
        bounds = [*moved, end]
    return bounds


@dataclass(frozen=True, eq=False)
class PeopleSample:
    """A frame kept for the people check: JPEG bytes and the lifter's pose in its pixels."""

    t_s: float
    jpeg: bytes
    lifter: FramePose

    @staticmethod
    def of(frame_rgb: NDArray[np.uint8], t_s: float, lifter: FramePose) -> PeopleSample:
        ok, data = cv2.imencode(".jpg", frame_rgb[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, 90])
        if not ok:
            raise RuntimeError("a frame could not be compressed for the people check")
        return PeopleSample(t_s, data.tobytes(), lifter)

    def frame(self) -> NDArray[np.uint8]:
        bgr = cv2.imdecode(np.frombuffer(self.jpeg, np.uint8), cv2.IMREAD_COLOR)
        return np.ascontiguousarray(bgr[:, :, ::-1])

    def look(self) -> tuple[NDArray[np.uint8], FloatArray]:
        """The frame and the lifter's landmarks in its pixels (for the plate's first look)."""
        return self.frame(), self.lifter.xy


def people_checks(
    samples: tuple[PeopleSample, ...], make_second_look: EstimatorFactory, rules: PeopleRules
) -> tuple[PeopleCheck, ...]:
    """Look for someone else in each kept frame, with one still-image estimator."""
    if not samples:
        return ()
    second_look = make_second_look()
    try:
        return tuple(
            check_for_others(s.frame(), s.t_s, s.lifter, second_look, rules) for s in samples
        )
    finally:
        _close(second_look)


@dataclass(frozen=True)
class _Job:
    info: VideoInfo
    selection: FrameSelection
    pose_size: tuple[int, int]
    segment: Segment
    make_estimator: EstimatorFactory
    check_every_s: float | None  # None: no people check
    make_second_look: EstimatorFactory | None = None
    rules: PeopleRules | None = None
    # FFmpeg's decoding threads: for a lone segment, where they overlap decoding with the
    # model; off in the pose processes, whose two models already keep both cores busy, and
    # whose memory peak they raise (13 MB each at 1080p) [measured].
    decode_threads: bool = True
    # The barbell plate's first look, on the frames kept for the people check (None: not
    # here): they are decoded already, where the look would otherwise seek and decode again.
    plates: PlateTrackSettings | None = None


def _release_freed_memory() -> None:
    """Give the heap's free pages back to the system (glibc), where the next graph will want
    them: closing the tracking graph frees 50 MB that malloc would otherwise keep, and the
    still-image graph made next would come on top [measured]."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _close(estimator: object) -> None:
    close = getattr(estimator, "close", None)
    if callable(close):
        close()


def _run(job: _Job, report: Callable[[int], None]) -> Track:
    info, segment = job.info, job.segment
    scale = np.array(
        [info.width / job.pose_size[0], info.height / job.pose_size[1]], dtype=np.float64
    )
    times: list[float] = []
    xys: list[FloatArray] = []
    visibilities: list[FloatArray] = []
    samples: list[PeopleSample] = []
    estimator = job.make_estimator()
    next_check = -math.inf
    try:
        frames = read_frames(
            info,
            selection=job.selection,
            size=job.pose_size,
            start_s=segment.decode_from_s,
            stop_s=segment.stop_s,
            threads=job.decode_threads,
        )
        for frame in frames:
            found = estimator.estimate(frame.rgb, frame.t_s)
            if frame.t_s < segment.start_s:
                continue
            times.append(frame.t_s)
            if found is None:
                xys.append(np.full((_N, 2), np.nan))
                visibilities.append(np.zeros(_N))
            else:
                xys.append(found.xy * scale)
                visibilities.append(found.visibility)
            every = job.check_every_s
            if every is not None and found is not None and frame.t_s >= next_check:
                samples.append(PeopleSample.of(frame.rgb, frame.t_s, found))
                next_check = (math.floor(frame.t_s / every) + 1) * every
            if len(times) % _PROGRESS_EVERY == 0:
                report(len(times))
    finally:
        _close(estimator)  # before the still-image graph is made: one graph at a time
    people: tuple[PeopleCheck, ...] = ()
    if job.make_second_look is not None and job.rules is not None and samples:
        _release_freed_memory()
        people = people_checks(tuple(samples), job.make_second_look, job.rules)
    plate_seen = None
    if job.plates is not None and samples:
        plate_seen = plate_in_view([sample.look for sample in samples], job.plates)
    report(len(times))
    if not times:
        return Track(np.empty(0), np.empty((0, _N, 2)), np.empty((0, _N)), people, plate_seen)
    return Track(np.array(times), np.stack(xys), np.stack(visibilities), people, plate_seen)


def _preload(*factories: EstimatorFactory | None) -> tuple[str, ...]:
    """Modules the estimators name as worth importing once in the fork server."""
    names: list[str] = []
    for factory in factories:
        made_by = getattr(factory, "func", factory)  # a functools.partial of a class
        names += [m for m in getattr(made_by, "preload_modules", ()) if m not in names]
    return tuple(names)


def track_video(
    info: VideoInfo,
    make_estimator: EstimatorFactory,
    settings: TrackSettings = TrackSettings(),
    make_second_look: EstimatorFactory | None = None,
    progress: Progress | None = None,
    *,
    plates: PlateTrackSettings | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[Track, FrameSelection]:
    """Landmarks of every analysed frame of ``info``'s video, and the frame selection used.

    ``make_estimator`` and ``make_second_look`` build the estimators (in each process; they
    must be picklable, e.g. a class or a ``functools.partial``); ``make_second_look`` is the
    still-image estimator for the people check (None: no check). ``plates``: take the barbell
    plate's first look on the frames kept for the people check (``Track.plate_seen``).
    ``meanwhile`` runs in this process while the fork server starts (work this process
    would do later anyway, such as imports: the server's start is otherwise a wait), on a
    thread of its own when there are pose processes.
    """
    selection = FrameSelection.for_rate(info, settings.analysis_fps)
    pose_size = fit_size(info.width, info.height, settings.pose_max_short_side)
    segments = plan_segments(info, settings, functools.partial(key_frame_before, info))
    rules = settings.people
    every = None
    if rules is not None and make_second_look is not None:
        every = max(rules.check_every_s, info.duration_s / rules.max_checks)
    second_look = make_second_look if every is not None else None
    alone = len(segments) == 1
    jobs = [
        _Job(info, selection, pose_size, s, make_estimator, every, second_look, rules, alone,
             plates)
        for s in segments
    ]  # fmt: skip
    expected = max(1, round(info.n_frames / selection.step))

    def report(done: int) -> None:
        if progress is not None:
            progress(min(done, expected), expected)

    if len(jobs) == 1:  # one segment: no process to start
        if meanwhile is not None:
            meanwhile()
        return _run(jobs[0], report), selection
    # Every segment in a pose process of its own, this one only waiting: the segments start
    # together, and this process never loads the pose model.
    preload = _preload(make_estimator, second_look)
    start_server(preload)
    with ThreadPoolExecutor(1) as aside:
        # ``meanwhile`` on a thread: the pose processes start the moment the fork server is
        # ready, whether or not it is done (the starts only wait on a socket).
        done_aside = aside.submit(meanwhile) if meanwhile is not None else None
        with Pool(_run, jobs, preload, size=lambda track: int(track.t.size)) as pool:
            if done_aside is not None:
                done_aside.result()
            tracks = pool.wait(report)
    return Track.join(tracks), selection
