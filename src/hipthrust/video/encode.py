"""Writing video a browser plays: H.264 (libx264, High profile), yuv420p, MP4 with +faststart.

``VideoSink`` is a context manager with one method, ``write(frame_rgb, t_s)`` (or
``write_i420(buffer, t_s)`` for a frame already in the encoder's layout). Frame times are
kept (variable frame rates stay variable). The file appears complete only when the sink
closes without an error: it is written beside the target and renamed, so a failed run never
leaves a half-written video behind. ``join_videos`` puts consecutive pieces written by sinks
with the same settings into one file, copying their packets.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import Any

import av
import cv2
import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError

__all__ = ["EncodeSettings", "VideoSink", "join_videos", "partial_path"]

_TIME_BASE = Fraction(1, 90000)


@dataclass(frozen=True)
class EncodeSettings:
    """libx264 choices: ``preset`` trades speed for size, ``crf`` quality (lower is better).

    An overlay video (a phone clip with lines and labels on it) is watched, not archived, so
    speed comes first: ``ultrafast`` with the 8x8 transform and the deblocking filter put back
    (``x264_params``) is still High profile and costs 2.2 ms of CPU a 720p frame against
    superfast's 4.3 and veryfast's 5.0; its files are bigger, about 1.7 Mbit/s at 720p
    against 1.0. CABAC is left off: it would save 7 % of the file and cost 10 % more encoding
    (2.4 ms a frame) [measured on this machine, three interleaved rounds of 150 frames, one
    thread]. crf 23 is x264's default; threads 0: x264 chooses.
    """

    preset: str = "ultrafast"
    crf: int = 23
    threads: int = 0
    x264_params: str = "cabac=0:8x8dct=1:deblock=0,0"

    def __post_init__(self) -> None:
        if not 0 <= self.crf <= 51:
            raise InputError(f"the H.264 quality (crf) must be between 0 and 51, not {self.crf}")


def partial_path(path: Path) -> Path:
    """Where the video ``path`` is written until it is complete."""
    return path.with_name(f".{path.name}.partial")


class VideoSink:
    """An H.264 MP4 file being written; frames are ``(height, width, 3)`` RGB uint8."""

    def __init__(
        self,
        path: Path,
        width: int,
        height: int,
        fps: float,
        settings: EncodeSettings | None = None,
    ) -> None:
        if width % 2 or height % 2 or width < 2 or height < 2:
            raise ValueError(f"H.264 in yuv420p needs even frame sizes, not {width}x{height}")
        self.path = path
        self.width = width
        self.height = height
        self.frames_written = 0
        self._settings = settings or EncodeSettings()
        self._fps = fps if fps > 0 else 30.0
        self._partial = partial_path(path)
        self._container: Any = None
        self._stream: Any = None
        self._last_pts = -1

    def __enter__(self) -> VideoSink:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            container = av.open(
                str(self._partial), "w", format="mp4", options={"movflags": "+faststart"}
            )
        except (OSError, av.error.FFmpegError) as error:
            raise InputError(f"{self.path}: cannot be written ({error})") from None
        rate = Fraction(self._fps).limit_denominator(1001)
        stream = container.add_stream("libx264", rate=rate)
        stream.width = self.width
        stream.height = self.height
        stream.pix_fmt = "yuv420p"
        stream.time_base = _TIME_BASE
        stream.codec_context.time_base = _TIME_BASE
        stream.profile = "High"
        options = {
            "preset": self._settings.preset,
            "crf": str(self._settings.crf),
            "threads": str(self._settings.threads),
        }
        if self._settings.x264_params:
            options["x264-params"] = self._settings.x264_params
        stream.options = options
        stream.thread_type = "AUTO"
        self._container, self._stream = container, stream
        return self

    def write(self, frame_rgb: NDArray[np.uint8], t_s: float) -> None:
        if frame_rgb.shape != (self.height, self.width, 3):
            raise ValueError(
                f"frame is {frame_rgb.shape}, the video is {self.height}x{self.width} RGB"
            )
        # OpenCV's RGB -> I420 (BT.601, video range, as libswscale's default) costs a sixth
        # of libswscale's conversion inside the encoder at 720p [measured].
        self.write_i420(cv2.cvtColor(np.ascontiguousarray(frame_rgb), cv2.COLOR_RGB2YUV_I420), t_s)

    def write_i420(self, buffer: NDArray[np.uint8], t_s: float) -> None:
        """Write a frame given as one I420 buffer ``(height * 3 / 2, width)``."""
        if self._stream is None:
            raise RuntimeError("the video sink is not open; use it in a with statement")
        if buffer.shape != (self.height * 3 // 2, self.width):
            raise ValueError(
                f"frame is {buffer.shape}, the video is {self.height}x{self.width} I420"
            )
        self.write_frame(av.VideoFrame.from_ndarray(buffer, format="yuv420p"), t_s)

    def write_frame(self, frame: Any, t_s: float) -> None:
        """Write a PyAV ``yuv420p`` frame of the video's size (a decoded one, drawn on in
        place: no copy); its time is set here."""
        if self._stream is None:
            raise RuntimeError("the video sink is not open; use it in a with statement")
        if (frame.width, frame.height, frame.format.name) != (self.width, self.height, "yuv420p"):
            raise ValueError(
                f"frame is {frame.width}x{frame.height} {frame.format.name}, the video is "
                f"{self.width}x{self.height} yuv420p"
            )
        pts = max(round(float(t_s / _TIME_BASE)), self._last_pts + 1)
        self._last_pts = pts
        frame.pts = pts
        frame.time_base = _TIME_BASE
        for packet in self._stream.encode(frame):
            self._container.mux(packet)
        self.frames_written += 1

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        container, self._container, self._stream = self._container, None, None
        if container is None:
            return
        try:
            if exc_type is None:
                for packet in container.streams.video[0].encode():
                    container.mux(packet)
        finally:
            container.close()
        if exc_type is None and self.frames_written:
            os.replace(self._partial, self.path)
        else:
            self._partial.unlink(missing_ok=True)


def join_videos(parts: Sequence[Path], target: Path) -> None:
    """One MP4 of the consecutive ``parts``, each written by a ``VideoSink`` of the same size,
    rate and settings (so the same H.264 parameter sets, and each starts with a key frame):
    the packets are copied with their times, nothing is encoded again. Written beside
    ``target`` and renamed, as a sink does."""
    partial = partial_path(target)
    try:
        output = av.open(str(partial), "w", format="mp4", options={"movflags": "+faststart"})
    except (OSError, av.error.FFmpegError) as error:
        raise InputError(f"{target}: cannot be written ({error})") from None
    try:
        joined: Any = None
        parameters: bytes | None = None
        for part in parts:
            with av.open(str(part)) as source:
                stream = source.streams.video[0]
                if joined is None:
                    joined = output.add_stream_from_template(stream)
                    parameters = stream.codec_context.extradata
                elif stream.codec_context.extradata != parameters:
                    raise ValueError(f"{part.name} was encoded differently from the first part")
                for packet in source.demux(stream):
                    if packet.dts is None:  # the demuxer's empty packet at the end
                        continue
                    packet.stream = joined
                    output.mux(packet)
    except BaseException:
        output.close()
        partial.unlink(missing_ok=True)
        raise
    output.close()
    os.replace(partial, target)
