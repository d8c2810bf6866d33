"""Reading a video file: what it is (``probe``) and its frames, upright, with their times.

``probe`` refuses, in one sentence each, what cannot be analysed: a missing, empty, truncated or
non-video file, a codec this build cannot decode, a clip longer than the limit. ``read_frames``
streams RGB frames with their presentation times (variable frame rates honoured), turned upright
by the rotation metadata (a portrait phone video comes out portrait), using threaded decoding.
Optionally it keeps only some frames (``FrameSelection``: 30 fps input analysed at 15 fps;
``KeepTimes``: the frames a first pass kept) and scales frames down. Memory stays bounded:
one frame at a time.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import av
import cv2
import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError

__all__ = [
    "DEFAULT_MAX_SECONDS",
    "DecodedFrame",
    "FrameSelection",
    "I420Frame",
    "KeepTimes",
    "Selection",
    "VideoInfo",
    "fit_size",
    "key_frame_before",
    "probe",
    "read_frames",
    "read_i420_frames",
    "read_yuv_frames",
    "upright",
    "upright_i420",
]

# A set, even a long one with rests, fits in 10 minutes [design]; longer uploads are refused.
DEFAULT_MAX_SECONDS = 600.0
# A file whose decodable frames end this much (and 10 % of the clip) before its stated
# length is treated as truncated [design].
_TRUNCATION_SLACK_S = 1.0
# A frame rate this much under a multiple of the analysis rate counts as that multiple [design].
_RATE_SLACK = 0.05

RGBFrame = NDArray[np.uint8]


@dataclass(frozen=True)
class VideoInfo:
    """What ``probe`` learned. ``width``/``height`` are the upright (displayed) size."""

    path: Path
    codec: str
    width: int
    height: int
    rotation_deg: int  # counter-clockwise turn applied to stored frames to show them upright
    fps: float  # average frame rate
    duration_s: float
    n_frames: int  # as stated by the container, or estimated from duration and fps
    start_s: float  # time of the first frame

    @property
    def stored_size(self) -> tuple[int, int]:
        """``(width, height)`` of the frames as stored, before turning them upright."""
        if self.rotation_deg % 180:
            return self.height, self.width
        return self.width, self.height


@dataclass(frozen=True)
class DecodedFrame:
    index: int  # position among all decoded frames from where reading started
    t_s: float  # presentation time in seconds
    rgb: RGBFrame  # upright, (height, width, 3)


@dataclass(frozen=True)
class I420Frame:
    """A decoded frame in the decoder's own layout: 8-bit 4:2:0, the Y plane then U then V,
    one buffer ``(height * 3 / 2, width)``, upright. The annotated video is drawn on this
    and encoded from it, with no RGB round trip."""

    index: int
    t_s: float
    i420: NDArray[np.uint8]


@dataclass(frozen=True, eq=False)
class YUVFrame:
    """A decoded frame as a writable PyAV ``yuv420p`` frame, upright, at the size asked for:
    drawn on in place (``overlay.I420Canvas.of_frame``) and handed to the encoder as it is."""

    index: int
    t_s: float
    frame: Any  # av.VideoFrame


class Selection(Protocol):
    """Which decoded frames to keep, from a frame's time and the last kept frame's time."""

    def keeps(self, t_s: float, last_kept_s: float | None) -> bool: ...


@dataclass(frozen=True)
class FrameSelection:
    """Keep a frame when at least ``every_s`` has passed since the last kept one (None: all).

    Measured from the last kept frame, not on a fixed grid, so a container's slightly wrong
    average rate (59.94 read as 60) or jittery phone timestamps never thin the frames unevenly.
    """

    every_s: float | None = None
    step: int = 1  # source frames per kept frame, as planned

    @staticmethod
    def for_rate(info: VideoInfo, min_fps: float | None) -> FrameSelection:
        """Keep every ``k``-th frame, ``k`` the largest step that keeps ``min_fps`` or more.

        ``k = floor(fps * 1.05 / min_fps)``: with 15, 30 fps (and 29.97) keeps every other
        frame, 60 fps every fourth, 50 fps every third (16.7 fps), while 24 and 25 fps are
        kept whole (every other frame would fall below the rate). The 5 % slack lets a rate
        a little under a multiple (29.97 for 30) count as that multiple. Half a frame
        interval of slack absorbs timestamp jitter in ``keeps``.
        """
        if min_fps is None or info.fps <= 0:
            return FrameSelection(None)
        step = int(info.fps * (1.0 + _RATE_SLACK) / min_fps)
        if step < 2:
            return FrameSelection(None)
        return FrameSelection((step - 0.5) / info.fps, step)

    def keeps(self, t_s: float, last_kept_s: float | None) -> bool:
        if self.every_s is None or last_kept_s is None:
            return True
        return t_s - last_kept_s >= self.every_s - 1e-9


@dataclass(frozen=True, eq=False)
class KeepTimes:
    """Keep exactly the frames at ``times`` (seconds): a second pass over the frames a first
    pass kept."""

    times: NDArray[np.float64]
    tolerance_s: float = 1e-6

    def keeps(self, t_s: float, last_kept_s: float | None) -> bool:
        i = int(np.searchsorted(self.times, t_s - self.tolerance_s))
        return i < self.times.size and abs(float(self.times[i]) - t_s) <= self.tolerance_s


def _refuse_file(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    if path.stat().st_size == 0:
        raise InputError(f"{path.name}: the file is empty (0 bytes)")


def _open(path: Path) -> Any:
    try:
        return av.open(str(path), metadata_errors="ignore")
    except av.error.InvalidDataError:
        raise InputError(
            f"{path.name}: not a video, or a damaged or truncated one (it cannot be opened)"
        ) from None
    except av.error.FFmpegError as error:
        raise InputError(f"{path.name}: cannot be opened as a video ({error.strerror})") from None
    except OSError as error:
        raise InputError(f"{path.name}: cannot be read ({error.strerror})") from None


def _rotation(stream: Any, container: Any) -> int:
    """Counter-clockwise degrees that turn stored frames upright (from the display matrix)."""
    frame_rotation = None
    try:
        for packet in container.demux(stream):
            for frame in packet.decode():
                frame_rotation = frame.rotation
                break
            if frame_rotation is not None:
                break
    except av.error.FFmpegError:
        frame_rotation = None
    if frame_rotation is None:
        tag = stream.metadata.get("rotate")  # clockwise, older muxers
        frame_rotation = -int(tag) if tag and tag.lstrip("-").isdigit() else 0
    return round(float(frame_rotation / 90.0)) * 90 % 360


def _duration(stream: Any, container: Any) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration) / av.time_base
    return 0.0


def _span(seconds: float) -> str:
    return f"{seconds:.3g} s" if seconds < 120 else f"{seconds / 60:.3g} min"


def probe(path: Path, max_seconds: float | None = DEFAULT_MAX_SECONDS) -> VideoInfo:
    """Check that ``path`` is a video this build can decode and not too long; describe it."""
    _refuse_file(path)
    container = _open(path)
    try:
        if not container.streams.video:
            raise InputError(f"{path.name}: has no video track")
        stream = container.streams.video[0]
        codec = stream.codec_context.name if stream.codec_context else "unknown"
        try:
            av.codec.Codec(codec, "r")
        except (av.error.FFmpegError, ValueError):
            named = "an unknown video codec" if codec == "unknown" else f"the {codec} codec"
            raise InputError(
                f"{path.name}: uses {named}, which cannot be decoded here; "
                "convert the clip to H.264 (MP4)"
            ) from None
        width, height = stream.codec_context.width, stream.codec_context.height
        if not width or not height:
            raise InputError(
                f"{path.name}: the video track has no picture size (damaged or truncated file)"
            )
        rate = stream.average_rate or stream.guessed_rate or stream.base_rate
        fps = float(rate) if rate else 0.0
        duration = _duration(stream, container)
        if max_seconds is not None and duration > max_seconds:
            raise InputError(
                f"{path.name}: the clip lasts {_span(duration)}, longer than the "
                f"{_span(max_seconds)} limit: trim it to the set"
            )
        n_frames = int(stream.frames) or (round(duration * fps) if fps else 0)
        start = (
            float(stream.start_time * stream.time_base)
            if stream.start_time is not None and stream.time_base is not None
            else 0.0
        )
        rotation = _rotation(stream, container)
    finally:
        container.close()
    if rotation % 180:
        width, height = height, width
    return VideoInfo(path, codec, width, height, rotation, fps, duration, n_frames, start)


def fit_size(width: int, height: int, max_short_side: int | None) -> tuple[int, int]:
    """``(width, height)`` scaled down so the shorter side is at most ``max_short_side``.

    Sizes are kept even (H.264 in yuv420p needs it); never scaled up.
    """
    scale = 1.0
    if max_short_side is not None and min(width, height) > max_short_side:
        scale = max_short_side / min(width, height)
    return (max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2))


def upright(rgb: RGBFrame, rotation_deg: int) -> RGBFrame:
    """Turn a stored frame counter-clockwise by ``rotation_deg`` (a multiple of 90)."""
    k = (rotation_deg // 90) % 4
    return rgb if k == 0 else np.ascontiguousarray(np.rot90(rgb, k))


def _resized(plane: NDArray[np.uint8], size: tuple[int, int]) -> NDArray[np.uint8]:
    # Bilinear is five times cheaper than area averaging at 1080p -> 720p and good enough for
    # a pose model that resamples anyway; only large reductions average areas (no aliasing).
    shrink = plane.shape[1] / size[0]
    method = cv2.INTER_AREA if shrink > 2.0 else cv2.INTER_LINEAR
    return np.asarray(cv2.resize(plane, size, interpolation=method), dtype=np.uint8)


def _i420(frame: Any, size: tuple[int, int]) -> NDArray[np.uint8]:
    """The 8-bit 4:2:0 frame as one I420 buffer ``(height * 3 / 2, width)`` at ``size``: each
    plane read where the decoder left it (no copy) and scaled, or copied, into its place."""
    width, height = size
    luma, chroma = width * height, width * height // 4
    out = np.empty(luma + 2 * chroma, np.uint8)
    places = (
        out[:luma].reshape(height, width),
        out[luma : luma + chroma].reshape(height // 2, width // 2),
        out[luma + chroma :].reshape(height // 2, width // 2),
    )
    for plane, place in zip(frame.planes, places, strict=True):
        rows = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
        pixels = rows[:, : plane.width]
        if pixels.shape == place.shape:
            place[...] = pixels
        else:
            shrink = pixels.shape[1] / place.shape[1]
            method = cv2.INTER_AREA if shrink > 2.0 else cv2.INTER_LINEAR
            cv2.resize(pixels, (place.shape[1], place.shape[0]), dst=place, interpolation=method)
    return out.reshape(height * 3 // 2, width)


def upright_i420(buffer: NDArray[np.uint8], rotation_deg: int) -> NDArray[np.uint8]:
    """An I420 buffer turned counter-clockwise by ``rotation_deg``, plane by plane."""
    k = (rotation_deg // 90) % 4
    if k == 0:
        return buffer
    width = buffer.shape[1]
    height = buffer.shape[0] * 2 // 3
    luma, chroma = width * height, width * height // 4
    flat = buffer.reshape(-1)
    planes = (
        flat[:luma].reshape(height, width),
        flat[luma : luma + chroma].reshape(height // 2, width // 2),
        flat[luma + chroma :].reshape(height // 2, width // 2),
    )
    turned = [np.rot90(plane, k) for plane in planes]
    out_h, out_w = turned[0].shape
    out = np.empty(out_h * out_w * 3 // 2, np.uint8)
    out[: out_h * out_w].reshape(out_h, out_w)[...] = turned[0]
    quarter = out_h * out_w // 4
    out[out_h * out_w : out_h * out_w + quarter].reshape(out_h // 2, out_w // 2)[...] = turned[1]
    out[out_h * out_w + quarter :].reshape(out_h // 2, out_w // 2)[...] = turned[2]
    return out.reshape(out_h * 3 // 2, out_w)


def _to_i420(frame: Any, size: tuple[int, int] | None) -> NDArray[np.uint8]:
    """The stored frame as one I420 buffer at ``size`` (stored orientation) if given: the
    planes scaled in place; anything but even-sized 8-bit 4:2:0 through RGB."""
    width, height = frame.width, frame.height
    target = size if size is not None else (width, height)
    if target[0] % 2 or target[1] % 2:
        raise ValueError(f"I420 needs even frame sizes, not {target[0]}x{target[1]}")
    if frame.format.name == "yuv420p" and width % 2 == height % 2 == 0:
        return _i420(frame, target)
    rgb = _to_rgb(frame, target)
    return np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420), dtype=np.uint8)


def _to_rgb(frame: Any, size: tuple[int, int] | None) -> RGBFrame:
    """The stored frame as RGB, scaled to ``size`` (stored orientation) if given.

    OpenCV's I420 conversion is about twice as fast as libswscale's, and scaling the Y, U and V
    planes before converting costs a fifth of scaling the RGB frame after; the planes are read
    in place (PyAV's ``to_ndarray`` stacks them into a new array first: 1.7 of the 5 ms a
    1080p frame took to reach 720p RGB, against 1.1 now [measured]). Anything but 8-bit 4:2:0
    with even sizes (full range, 10-bit, 4:2:2) goes through libswscale.
    """
    width, height = frame.width, frame.height
    target = size if size is not None else (width, height)
    if (
        frame.format.name == "yuv420p"
        and width % 2 == height % 2 == 0
        and target[0] % 2 == target[1] % 2 == 0
    ):
        rgb = cv2.cvtColor(_i420(frame, target), cv2.COLOR_YUV2RGB_I420)
        return np.asarray(rgb, dtype=np.uint8)
    rgb = np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8)
    if size is not None and size != (width, height):
        rgb = _resized(rgb, size)
    return rgb


def key_frame_before(info: VideoInfo, t_s: float) -> float:
    """The time of the key frame at or before ``t_s``, where decoding from ``t_s`` starts (a
    seek lands there); the clip's start when it cannot be told."""
    if not math.isfinite(t_s) or t_s <= info.start_s:
        return info.start_s
    try:
        with av.open(str(info.path), metadata_errors="ignore") as container:
            stream = container.streams.video[0]
            _seek(container, stream, t_s)
            for packet in container.demux(stream):
                if packet.pts is not None and packet.time_base is not None:
                    return min(t_s, max(info.start_s, float(packet.pts * packet.time_base)))
    except (av.error.FFmpegError, OSError):
        pass
    return info.start_s


def _seek(container: Any, stream: Any, t_s: float) -> None:
    if not math.isfinite(t_s) or t_s <= 0 or stream.time_base is None:
        return
    container.seek(int(t_s / stream.time_base), stream=stream, backward=True, any_frame=False)


def read_frames(
    info: VideoInfo,
    *,
    selection: Selection = FrameSelection(),
    size: tuple[int, int] | None = None,
    start_s: float = -math.inf,
    stop_s: float | None = None,
    threads: bool = True,
) -> Iterator[DecodedFrame]:
    """Upright RGB frames of ``info.path`` with times in ``[start_s, stop_s)``.

    ``selection`` drops frames (decoding them all, since H.264 frames depend on each other,
    but skipping their colour conversion); ``size`` scales kept frames to ``(width, height)``.
    Raises InputError if the file turns out to be damaged or truncated.
    """
    stored = size if size is None or info.rotation_deg % 180 == 0 else (size[1], size[0])
    for index, t, frame in _decoded(info, selection, start_s, stop_s, threads):
        yield DecodedFrame(index, t, upright(_to_rgb(frame, stored), info.rotation_deg))


def read_i420_frames(
    info: VideoInfo,
    *,
    selection: Selection = FrameSelection(),
    size: tuple[int, int] | None = None,
    start_s: float = -math.inf,
    stop_s: float | None = None,
    threads: bool = True,
) -> Iterator[I420Frame]:
    """As ``read_frames``, the frames as upright I420 buffers (``size`` must be even)."""
    size, stored = _sizes(info, size)
    for index, t, frame in _decoded(info, selection, start_s, stop_s, threads):
        yield I420Frame(index, t, upright_i420(_to_i420(frame, stored), info.rotation_deg))


def read_yuv_frames(
    info: VideoInfo,
    *,
    selection: Selection = FrameSelection(),
    size: tuple[int, int] | None = None,
    start_s: float = -math.inf,
    stop_s: float | None = None,
    threads: bool = True,
) -> Iterator[YUVFrame]:
    """As ``read_i420_frames``, each frame as a writable PyAV ``yuv420p`` frame. A frame the
    decoder gives upright, in 8-bit 4:2:0 and at ``size`` already is handed on as it is
    (``make_writable`` copies it only while the decoder still holds it as a reference for
    frames to come), with its picture type cleared so the encoder chooses its own; any other
    goes through ``read_i420_frames``'s conversion into a new frame. At 720p this saves two
    of the three copies of a frame (0.3-0.4 ms of its 5 [measured])."""
    size, stored = _sizes(info, size)
    for index, t, frame in _decoded(info, selection, start_s, stop_s, threads):
        if (
            info.rotation_deg % 360 == 0
            and frame.format.name == "yuv420p"
            and (frame.width, frame.height) == size
            and size[0] % 2 == size[1] % 2 == 0
        ):
            frame.make_writable()
            frame.pict_type = av.video.frame.PictureType.NONE
            yield YUVFrame(index, t, frame)
            continue
        buffer = upright_i420(_to_i420(frame, stored), info.rotation_deg)
        yield YUVFrame(index, t, av.VideoFrame.from_ndarray(buffer, format="yuv420p"))


def _sizes(
    info: VideoInfo, size: tuple[int, int] | None
) -> tuple[tuple[int, int], tuple[int, int]]:
    """The upright size wanted (default: the video's) and the same as the frames are stored,
    turned when the video is rotated a quarter turn."""
    wanted = size if size is not None else (info.width, info.height)
    return wanted, wanted if info.rotation_deg % 180 == 0 else (wanted[1], wanted[0])


def _decoded(
    info: VideoInfo,
    selection: Selection,
    start_s: float,
    stop_s: float | None,
    threads: bool,
) -> Iterator[tuple[int, float, Any]]:
    """``(index, time, PyAV frame)`` of the kept frames with times in ``[start_s, stop_s)``,
    and the truncation check at the end."""
    container = _open(info.path)
    try:
        stream = container.streams.video[0]
        if threads:
            stream.thread_type = "AUTO"
        _seek(container, stream, start_s)
        fallback_step = 1.0 / info.fps if info.fps > 0 else 1.0 / 30.0
        last_kept: float | None = None
        index = 0
        last_t = -math.inf
        try:
            for frame in container.decode(stream):
                if frame.pts is not None and frame.time_base is not None:
                    t = float(frame.pts * frame.time_base)
                else:
                    t = last_t + fallback_step if math.isfinite(last_t) else info.start_s
                if t <= last_t:  # a repeated or out-of-order time cannot be placed
                    continue
                last_t = t
                if stop_s is not None and t >= stop_s - 1e-9:
                    break  # before the selection: a frame it drops still ends the span
                if t < start_s - 1e-9 or not selection.keeps(t, last_kept):
                    continue
                last_kept = t
                yield index, t, frame
                index += 1
        except av.error.InvalidDataError:
            raise InputError(
                f"{info.path.name}: the video data is damaged or truncated at {last_t:.1f} s"
            ) from None
        except av.error.FFmpegError as error:
            raise InputError(
                f"{info.path.name}: decoding failed at {last_t:.1f} s ({error.strerror})"
            ) from None
    finally:
        container.close()
    expected_end = info.start_s + info.duration_s
    stated_end = stop_s if stop_s is not None else expected_end
    reached = last_t + fallback_step
    if (
        start_s < stated_end
        and stated_end - reached > max(_TRUNCATION_SLACK_S, 0.1 * info.duration_s)
        and (stop_s is None or stop_s <= expected_end)
    ):
        where = (
            f"stops at {last_t:.1f} s"
            if math.isfinite(last_t)
            else f"has no frames after {max(start_s, 0.0):.1f} s"
        )
        raise InputError(
            f"{info.path.name}: the video {where} of {info.duration_s:.1f} s: "
            "the file looks truncated"
        )
