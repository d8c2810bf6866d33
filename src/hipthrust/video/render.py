"""The annotated video: the clip decoded again, drawn on and encoded, on every core.

Every source frame is drawn (a 60 fps phone clip plays back at 60 fps, not at the 15 fps the
pose model ran at): between two analysed frames the skeleton is interpolated linearly in time
(``OverlayTimeline.state_at``); ``Canvas(every_frame=False)`` draws only the analysed frames.

The analysis needs the whole set before anything can be drawn (the rep counter, the faults
as they happen), so the drawing is a second decoding pass. Decoding, drawing and the colour
conversion are one core's work per frame and x264 spreads over a few threads, so the frames
are cut into time pieces, one per process (``hipthrust.video.workers``), when the clip is
long enough; each piece is decoded (from the key frame before it), drawn and encoded into a
file of its own with the same encoder settings (decoded into, drawn on and encoded from
I420 buffers: no frame goes to RGB and back), and the pieces are joined without
re-encoding (``encode.join_videos``): every piece starts with a key frame. Only landmarks
and the report go to the processes, so memory stays one frame per process.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from hipthrust.motion.pose import PoseSequence
from hipthrust.motion.report import SetReport
from hipthrust.video.decode import (
    FrameSelection,
    KeepTimes,
    Selection,
    VideoInfo,
    read_yuv_frames,
)
from hipthrust.video.encode import EncodeSettings, VideoSink, join_videos, partial_path
from hipthrust.video.overlay import Annotator, I420Canvas, OverlayTimeline, annotate_all
from hipthrust.video.workers import Pool

__all__ = ["Canvas", "plan_pieces", "render_annotated"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Progress = Callable[[int, int], None]  # (frames done, frames in all)
_PROGRESS_EVERY = 8


@dataclass(frozen=True)
class Canvas:
    """How the annotated video is made; every number is [design] unless marked."""

    size: tuple[int, int]  # (width, height) of the drawn frames
    encode: EncodeSettings
    processes: int = 2  # this machine has 2 cores [motion.md]
    # A piece costs a process's start and the decoding from the key frame before it.
    min_piece_s: float = 6.0
    # Every source frame, the skeleton interpolated between analysed frames; False: only the
    # analysed frames (the video plays at the analysis rate).
    every_frame: bool = True


@dataclass(frozen=True, eq=False)
class _Piece:
    info: VideoInfo
    timeline: OverlayTimeline
    first: int  # analysed frames first .. stop - 1 are drawn
    stop: int
    path: Path
    canvas: Canvas
    annotators: tuple[Annotator, ...]
    # Decoding and encoding threads: for a lone piece; one thread each where every core has a
    # piece already (threads would only contend) [measured: 7 % faster].
    threads: bool = True


def plan_pieces(t: FloatArray, processes: int, min_piece_s: float) -> list[tuple[int, int]]:
    """``[first, stop)`` index ranges of the frame times ``t``, one per process, in equal
    time spans of at least ``min_piece_s`` (one piece when the clip is shorter)."""
    if t.size == 0:
        return []
    step = float(np.median(np.diff(t))) if t.size > 1 else 0.0
    duration = float(t[-1] - t[0]) + step  # the last frame lasts a frame
    count = max(1, min(processes, int(duration // min_piece_s), t.size))
    bounds = [float(t[0]) + duration * k / count for k in range(count + 1)]
    cuts = [0] + [int(np.searchsorted(t, b)) for b in bounds[1:-1]] + [int(t.size)]
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _draw(piece: _Piece, report: Callable[[int], None]) -> int:
    """Decode, draw and encode one piece; the number of analysed frames it covers.

    A piece spans from its first analysed frame to the next piece's first (the first piece
    from the clip's start, the last to its end); with ``every_frame`` each source frame in
    the span is drawn, the landmarks interpolated between the analysed frames around it."""
    info, timeline, canvas = piece.info, piece.timeline, piece.canvas
    pose = timeline.pose
    analysed = pose.t[piece.first : piece.stop] + info.start_s
    width, height = canvas.size
    scale = (width / info.width, height / info.height)
    following = pose.t[piece.stop] + info.start_s if piece.stop < pose.n_frames else None
    if canvas.every_frame:
        selection: Selection = FrameSelection()
        start = -math.inf if piece.first == 0 else float(analysed[0]) - 1e-3
        fps = info.fps if info.fps > 0 else pose.fps
    else:
        selection = KeepTimes(analysed)
        start = float(analysed[0]) - 1e-3
        fps = pose.fps
    frames = read_yuv_frames(
        info,
        selection=selection,
        size=canvas.size,
        start_s=start,
        stop_s=None if following is None else float(following) - 1e-3,
        threads=piece.threads,
    )
    passed = 0
    with VideoSink(piece.path, width, height, fps, canvas.encode) as sink:
        for k, frame in enumerate(frames):
            t = frame.t_s - info.start_s
            state = timeline.state_at(t, scale)
            annotate_all(I420Canvas.of_frame(frame.frame), state, piece.annotators)  # in place
            sink.write_frame(frame.frame, t)
            if k % _PROGRESS_EVERY == 0:
                passed = int(np.searchsorted(analysed, frame.t_s + 1e-6))
                report(passed)
    covered = piece.stop - piece.first
    report(covered)
    return covered


def _part_path(path: Path, k: int) -> Path:
    return path.with_name(f".{path.stem}.piece{k}{path.suffix}")


def render_annotated(
    info: VideoInfo,
    pose: PoseSequence,
    report: SetReport,
    path: Path,
    canvas: Canvas,
    annotators: Sequence[Annotator],
    progress: Progress | None = None,
    meanwhile: Callable[[], None] | None = None,
    estimated: BoolArray | None = None,
) -> None:
    """Draw ``report`` onto the frames of ``info``'s video (every frame, or the analysed
    frames of ``pose`` only: ``canvas.every_frame``) and write the H.264 MP4 ``path``.
    ``estimated`` (frames x 33, True where a point was estimated, not seen) draws those points
    hollow and dashed. ``meanwhile`` runs in this process while the pieces are drawn elsewhere
    (or first, when there is one piece; the pipeline draws its chart there). Progress counts
    analysed frames passed."""
    timeline = OverlayTimeline(report, pose, estimated)
    total = pose.n_frames

    def say(done: int) -> None:
        if progress is not None:
            progress(min(done, total), total)

    spans = plan_pieces(pose.t, canvas.processes, canvas.min_piece_s)
    if len(spans) <= 1:
        if meanwhile is not None:
            meanwhile()
        _draw(_Piece(info, timeline, 0, total, path, canvas, tuple(annotators)), say)
        return
    single = replace(canvas, encode=replace(canvas.encode, threads=1))
    pieces = [
        _Piece(info, timeline, first, stop, _part_path(path, k), single, tuple(annotators), False)
        for k, (first, stop) in enumerate(spans)
    ]
    try:
        with Pool(_draw, pieces, size=lambda written: written) as pool:
            if meanwhile is not None:
                meanwhile()
            pool.wait(say)
        join_videos([p.path for p in pieces], path)
    finally:  # a piece's process stopped half-way leaves its unfinished file
        for piece in pieces:
            piece.path.unlink(missing_ok=True)
            partial_path(piece.path).unlink(missing_ok=True)
