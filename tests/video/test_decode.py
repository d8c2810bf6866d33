from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.video.decode import (
    FrameSelection,
    KeepTimes,
    Selection,
    VideoInfo,
    fit_size,
    key_frame_before,
    probe,
    read_frames,
    read_i420_frames,
    read_yuv_frames,
)
from hipthrust.video.encode import EncodeSettings, VideoSink
from video.clips import write_clip


def _marked(width: int = 64, height: int = 48) -> np.ndarray:
    """Grey with a white block in the top-left corner: shows which way is up."""
    frame = np.full((height, width, 3), 90, np.uint8)
    frame[:12, :16] = 255
    return frame


def _clip(path: Path, n: int = 15, fps: float = 30.0, **kwargs: object) -> Path:
    times = [i / fps for i in range(n)]
    return write_clip(path, [_marked()] * n, times, **kwargs)  # type: ignore[arg-type]


def _info(fps: float, start_s: float = 0.0) -> VideoInfo:
    return VideoInfo(Path("x.mp4"), "h264", 64, 48, 0, fps, 10.0, round(10 * fps), start_s)


def test_probe_describes_the_clip(tmp_path: Path) -> None:
    info = probe(_clip(tmp_path / "a.mp4", n=30))
    assert (info.codec, info.width, info.height, info.rotation_deg) == ("h264", 64, 48, 0)
    assert info.fps == pytest.approx(30.0, rel=0.01)
    assert info.n_frames == 30
    assert info.duration_s == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_video_comes_out_upright(tmp_path: Path, rotation: int) -> None:
    path = _clip(tmp_path / "r.mp4", n=3, rotation_deg=rotation)
    with av.open(str(path)) as container:  # stored sideways or upside down
        stored = next(container.decode(video=0)).to_ndarray(format="rgb24")
    assert stored[:12, :16].mean() < 200
    info = probe(path)
    assert info.rotation_deg == rotation
    assert (info.width, info.height) == (64, 48)
    frames = list(read_frames(info))
    assert len(frames) == 3
    for frame in frames:
        assert frame.rgb.shape == (48, 64, 3)
        assert frame.rgb[2:10, 2:14].mean() > 230  # the block is back in the top-left corner
        assert frame.rgb[30:, 40:].mean() < 120


def test_portrait_phone_video_is_portrait(tmp_path: Path) -> None:
    portrait = np.full((64, 32, 3), 90, np.uint8)
    portrait[:8, :8] = 255
    path = write_clip(tmp_path / "p.mp4", [portrait] * 2, [0.0, 1 / 30], rotation_deg=-90)
    info = probe(path)
    assert (info.width, info.height, info.rotation_deg) == (32, 64, 270)
    assert info.stored_size == (64, 32)
    frame = next(iter(read_frames(info)))
    assert frame.rgb.shape == (64, 32, 3)
    assert frame.rgb[1:7, 1:7].mean() > 230


def test_variable_frame_rate_times_are_kept(tmp_path: Path) -> None:
    times = [0.0, 0.03, 0.07, 0.1, 0.2, 0.21, 0.25, 0.3, 0.45, 0.5]
    path = write_clip(tmp_path / "vfr.mp4", [_marked()] * len(times), times)
    decoded = [f.t_s for f in read_frames(probe(path))]
    assert decoded == pytest.approx(times, abs=1e-4)


@pytest.mark.parametrize(
    ("fps", "cap", "every"),
    [(30.0, 15.0, 2), (29.97, 15.0, 2), (60.0, 15.0, 4), (59.94, 15.0, 4), (120.0, 15.0, 8),
     (50.0, 15.0, 3), (25.0, 15.0, 1), (24.0, 15.0, 1), (23.976, 15.0, 1), (20.0, 15.0, 1),
     (60.0, 30.0, 2), (50.0, 30.0, 1), (29.97, 30.0, 1), (60.0, None, 1)],
)  # fmt: skip
def test_frame_selection_keeps_every_kth_frame(fps: float, cap: float | None, every: int) -> None:
    selection = FrameSelection.for_rate(_info(fps), cap)
    assert selection.step == every
    kept = _kept(selection, np.arange(600) / fps)
    assert set(np.diff(kept)) == {every}
    if cap is not None:  # never below the rate asked for (5 % slack: 29.97 counts as 30)
        assert fps / every >= 0.95 * cap


def _kept(selection: Selection, times: np.ndarray) -> list[int]:
    kept: list[int] = []
    for i, t in enumerate(times):
        if selection.keeps(float(t), float(times[kept[-1]]) if kept else None):
            kept.append(i)
    return kept


@pytest.mark.parametrize("stated_fps", [59.0, 60.0, 61.0])
def test_thinning_is_even_when_the_stated_rate_is_a_little_off(stated_fps: float) -> None:
    rng = np.random.default_rng(5)
    times = np.cumsum(rng.uniform(0.85, 1.15, 600) / 60.0)  # a phone's jittery 60 fps
    kept = _kept(FrameSelection.for_rate(_info(stated_fps), 30.0), times)
    assert set(np.diff(kept)) == {2}


@pytest.mark.parametrize("stated_fps", [29.97, 30.0])
def test_jittery_30fps_video_is_analysed_at_15_evenly(stated_fps: float) -> None:
    rng = np.random.default_rng(4)
    times = np.cumsum(rng.uniform(0.8, 1.2, 600) / 30.0)
    kept = _kept(FrameSelection.for_rate(_info(stated_fps), 15.0), times)
    assert set(np.diff(kept)) == {2}


def test_jittery_30fps_video_keeps_every_frame() -> None:
    rng = np.random.default_rng(3)
    times = np.cumsum(rng.uniform(0.8, 1.2, 300) / 30)
    assert _kept(FrameSelection.for_rate(_info(30.0), 30.0), times) == list(range(300))


def test_a_second_pass_keeps_exactly_the_first_pass_frames(tmp_path: Path) -> None:
    path = _clip(tmp_path / "sixty.mp4", n=240, fps=60.0)
    info = probe(path)
    first = [f.t_s for f in read_frames(info, selection=FrameSelection.for_rate(info, 30.0))]
    assert len(first) == 120
    again = [f.t_s for f in read_frames(info, selection=KeepTimes(np.array(first[::3])))]
    assert again == pytest.approx(first[::3])


class _Asked:
    """A selection that keeps what ``KeepTimes`` keeps and notes every time it is asked."""

    def __init__(self, times: list[float]) -> None:
        self.inner = KeepTimes(np.array(times))
        self.asked: list[float] = []

    def keeps(self, t_s: float, last_kept_s: float | None) -> bool:
        self.asked.append(t_s)
        return self.inner.keeps(t_s, last_kept_s)


def test_decoding_stops_at_the_end_of_the_span_whatever_the_selection(tmp_path: Path) -> None:
    path = _clip(tmp_path / "four.mp4", n=120, fps=30.0)
    selection = _Asked([i / 30 for i in range(0, 30, 2)])
    kept = [f.t_s for f in read_frames(probe(path), selection=selection, stop_s=1.0)]
    assert len(kept) == 15
    assert max(selection.asked) < 1.0  # the frames after the span are not even looked at


@pytest.mark.parametrize(
    ("size", "limit", "expected"),
    [((1920, 1080), 720, (1280, 720)), ((1080, 1920), 720, (720, 1280)),
     ((1280, 720), 720, (1280, 720)), ((640, 360), 720, (640, 360)),
     ((641, 361), None, (640, 360)), ((3840, 2160), 720, (1280, 720))],
)  # fmt: skip
def test_fit_size(size: tuple[int, int], limit: int | None, expected: tuple[int, int]) -> None:
    assert fit_size(*size, limit) == expected


def test_frames_are_scaled_to_the_size_asked(tmp_path: Path) -> None:
    info = probe(_clip(tmp_path / "s.mp4", n=2))
    assert next(iter(read_frames(info, size=(32, 24)))).rgb.shape == (24, 32, 3)


def _truncated(tmp_path: Path, faststart: bool) -> Path:
    frames = [np.random.default_rng(i).integers(0, 255, (48, 64, 3), np.uint8) for i in range(90)]
    path = write_clip(
        tmp_path / "whole.mp4", frames, [i / 30 for i in range(90)], faststart=faststart
    )
    data = path.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) // 3])
    return cut


def _bad_file(kind: str, folder: Path) -> Path:
    path = folder / f"{kind}.mp4"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("my squat notes\n" * 50)
    elif kind == "truncated_moov_last":
        path = _truncated(folder, faststart=False)
    elif kind == "truncated_moov_first":
        path = _truncated(folder, faststart=True)
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("missing", "no such file"),
        ("empty", "the file is empty"),
        ("text", "not a video"),
        ("truncated_moov_last", "not a video, or a damaged or truncated one"),
        ("truncated_moov_first", "truncated"),
    ],
)
def test_bad_files_are_refused_in_one_sentence(tmp_path: Path, kind: str, message: str) -> None:
    path = _bad_file(kind, tmp_path)
    with pytest.raises(InputError, match=message) as caught:
        info = probe(path)
        list(read_frames(info))
    assert "\n" not in str(caught.value)


def test_unknown_codec_is_refused(tmp_path: Path) -> None:
    path = _clip(tmp_path / "c.mp4", n=3)
    odd = tmp_path / "odd.mp4"
    odd.write_bytes(path.read_bytes().replace(b"avc1", b"zzzz"))
    with pytest.raises(InputError, match=r"cannot be decoded here; convert the clip to H\.264"):
        probe(odd)


def test_audio_only_file_has_no_video_track(tmp_path: Path) -> None:
    path = tmp_path / "voice.mp4"
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("aac", rate=16000, layout="mono")
        frame = av.AudioFrame.from_ndarray(
            np.zeros((1, 1024), np.float32), format="fltp", layout="mono"
        )
        frame.sample_rate = 16000
        for packet in [*stream.encode(frame), *stream.encode()]:
            container.mux(packet)
    with pytest.raises(InputError, match="has no video track"):
        probe(path)


@pytest.mark.parametrize(("limit", "refused"), [(0.5, True), (2.0, False), (None, False)])
def test_clips_longer_than_the_limit_are_refused(
    tmp_path: Path, limit: float | None, refused: bool
) -> None:
    path = _clip(tmp_path / "l.mp4", n=30)
    if refused:
        with pytest.raises(InputError, match=r"lasts 1(\.0\d)? s, longer than the 0\.5 s limit"):
            probe(path, max_seconds=limit)
    else:
        assert probe(path, max_seconds=limit).n_frames == 30


def test_the_key_frame_before_a_time_is_where_decoding_from_it_starts(tmp_path: Path) -> None:
    path = tmp_path / "gop.mp4"
    every_second = EncodeSettings(x264_params="keyint=30:min-keyint=30:scenecut=0")
    with VideoSink(path, 64, 48, 30.0, every_second) as sink:
        for i in range(120):  # 4 s, a key frame at 0, 1, 2 and 3 s
            sink.write(_marked(), i / 30)
    info = probe(path)
    assert key_frame_before(info, 2.5) == pytest.approx(2.0, abs=1e-3)
    assert key_frame_before(info, 3.0) == pytest.approx(3.0, abs=1e-3)
    assert key_frame_before(info, 0.7) == pytest.approx(0.0, abs=1e-3)
    assert key_frame_before(info, -1.0) == 0.0
    assert key_frame_before(info, float("-inf")) == 0.0
    gone = VideoInfo(tmp_path / "gone.mp4", *list(vars(info).values())[1:])
    assert key_frame_before(gone, 2.5) == 0.0  # cannot be told: the clip's start


@pytest.mark.parametrize(
    ("rotation", "size"), [(0, None), (90, (24, 32)), (270, None), (180, None)]
)
def test_i420_frames_are_the_rgb_frames_in_the_encoders_layout(
    tmp_path: Path, rotation: int, size: tuple[int, int] | None
) -> None:
    import cv2

    path = _clip(tmp_path / "r.mp4", n=4, rotation_deg=rotation)
    info = probe(path)
    rgb = list(read_frames(info, size=size))
    i420 = list(read_i420_frames(info, size=size))
    assert [f.t_s for f in i420] == [f.t_s for f in rgb]
    for a, b in zip(rgb, i420, strict=True):
        assert b.i420.shape == (a.rgb.shape[0] * 3 // 2, a.rgb.shape[1])
        back = cv2.cvtColor(b.i420, cv2.COLOR_YUV2RGB_I420)
        assert float(np.abs(back.astype(int) - a.rgb).mean()) < 1.0


def _i420_of(frame: av.VideoFrame) -> np.ndarray:
    planes = [
        np.frombuffer(p, np.uint8).reshape(p.height, p.line_size)[:, : p.width].reshape(-1)
        for p in frame.planes[:3]
    ]
    return np.concatenate(planes).reshape(frame.height * 3 // 2, frame.width)


@pytest.mark.parametrize(("rotation", "size"), [(0, None), (0, (32, 24)), (90, None)])
def test_frames_drawn_on_in_place_leave_the_frames_after_them_as_decoded(
    tmp_path: Path, rotation: int, size: tuple[int, int] | None
) -> None:
    # A moving block, P and B frames (veryfast): the decoder predicts each frame from frames
    # it keeps; a frame painted over in place must not be one of them, or the paint spreads.
    path = tmp_path / "moving.mp4"
    with VideoSink(path, 64, 48, 30.0, EncodeSettings(preset="veryfast", x264_params="")) as sink:
        for i in range(40):
            frame = np.full((48, 64, 3), 90, np.uint8)
            frame[10:22, i : i + 12] = 255
            sink.write(frame, i / 30)
    info = probe(path)
    clean = [f.i420 for f in read_i420_frames(info, size=size)]
    if rotation:
        info = VideoInfo(*[rotation if k == "rotation_deg" else v for k, v in vars(info).items()])
        clean = [f.i420 for f in read_i420_frames(info, size=size)]
    got = []
    for yuv in read_yuv_frames(info, size=size):
        got.append(_i420_of(yuv.frame).copy())
        for plane in yuv.frame.planes[:3]:
            np.frombuffer(plane, np.uint8)[...] = 0  # painted over, as the overlay does
    assert len(got) == len(clean) == 40
    for a, b in zip(got, clean, strict=True):
        np.testing.assert_array_equal(a, b)
