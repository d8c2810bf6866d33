from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.video.encode import EncodeSettings, VideoSink, join_videos


def _frame(i: int) -> np.ndarray:
    frame = np.full((48, 64, 3), 40, np.uint8)
    frame[:, i * 4 : i * 4 + 4] = 255
    return frame


def test_writes_h264_high_yuv420p_mp4_with_faststart(tmp_path: Path) -> None:
    path = tmp_path / "out.mp4"
    times = [0.0, 0.04, 0.07, 0.2, 0.25, 0.3]  # a variable frame rate stays variable
    with VideoSink(path, 64, 48, 25.0) as sink:
        for i, t in enumerate(times):
            sink.write(_frame(i), t)
    assert sink.frames_written == len(times)
    data = path.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # playable while downloading
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.profile == "High"
        assert stream.codec_context.pix_fmt == "yuv420p"
        frames = list(container.decode(stream))
    assert [float(f.time) for f in frames] == pytest.approx(times, abs=1e-4)
    for i, frame in enumerate(frames):  # each frame where it was written
        row = frame.to_ndarray(format="rgb24")[24, :, 0].astype(float)
        assert row[i * 4 + 1 : i * 4 + 3].mean() > 180 > row[np.r_[: i * 4, i * 4 + 6 : 64]].max()


def test_failed_run_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "out.mp4"
    with pytest.raises(KeyError), VideoSink(path, 64, 48, 30.0) as sink:
        sink.write(_frame(0), 0.0)
        raise KeyError("boom")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("width", "height"), [(63, 48), (64, 47), (0, 48)])
def test_odd_sizes_are_refused(tmp_path: Path, width: int, height: int) -> None:
    with pytest.raises(ValueError, match="even"):
        VideoSink(tmp_path / "x.mp4", width, height, 30.0)


def test_frames_of_the_wrong_size_are_refused(tmp_path: Path) -> None:
    with (
        pytest.raises(ValueError, match="frame is"),
        VideoSink(tmp_path / "x.mp4", 64, 48, 30.0) as sink,
    ):
        sink.write(np.zeros((48, 32, 3), np.uint8), 0.0)


def test_writing_outside_the_with_block_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="not open"):
        VideoSink(tmp_path / "x.mp4", 64, 48, 30.0).write(_frame(0), 0.0)


def test_quality_is_checked() -> None:
    with pytest.raises(InputError, match="crf"):
        EncodeSettings(crf=60)


def test_unwritable_folder_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with (
        pytest.raises(InputError, match="cannot be written"),
        VideoSink(blocker / "out.mp4", 64, 48, 30.0),
    ):
        pass


def test_colours_come_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "colours.mp4"
    frame = np.zeros((64, 128, 3), np.uint8)
    colours = [(255, 255, 255), (200, 30, 30), (30, 200, 30), (30, 30, 200)]
    for k, colour in enumerate(colours):
        frame[:, k * 32 : (k + 1) * 32] = colour
    with VideoSink(path, 128, 64, 30.0) as sink:
        sink.write(frame, 0.0)
    with av.open(str(path)) as container:
        back = next(container.decode(video=0)).to_ndarray(format="rgb24").astype(int)
    for k, colour in enumerate(colours):  # the middle of each patch, away from its edges
        patch = back[16:48, k * 32 + 8 : k * 32 + 24]
        assert np.abs(patch - np.array(colour)).max() <= 8


def _piece(path: Path, frames: range, times: list[float], settings: EncodeSettings) -> Path:
    with VideoSink(path, 64, 48, 25.0, settings) as sink:
        for i in frames:
            sink.write(_frame(i), times[i])
    return path


def test_pieces_are_joined_into_one_video_without_encoding_again(tmp_path: Path) -> None:
    times = [0.0, 0.04, 0.08, 0.12, 0.3, 0.34, 0.38, 0.42]
    first = _piece(tmp_path / "a.mp4", range(4), times, EncodeSettings())
    second = _piece(tmp_path / "b.mp4", range(4, 8), times, EncodeSettings())
    joined = tmp_path / "joined.mp4"
    join_videos([first, second], joined)
    data = joined.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")
    with av.open(str(joined)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.codec_context.profile) == ("h264", "High")
        frames = list(container.decode(stream))
    assert [float(f.time) for f in frames] == pytest.approx(times, abs=1e-4)
    for i, frame in enumerate(frames):
        row = frame.to_ndarray(format="rgb24")[24, :, 0].astype(float)
        assert row[i * 4 + 1 : i * 4 + 3].mean() > 180
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp4", "b.mp4", "joined.mp4"]


def test_pieces_encoded_differently_are_not_joined(tmp_path: Path) -> None:
    times = [i / 25 for i in range(8)]
    first = _piece(tmp_path / "a.mp4", range(4), times, EncodeSettings())
    other = EncodeSettings(preset="veryfast", x264_params="")  # other parameter sets
    second = _piece(tmp_path / "b.mp4", range(4, 8), times, other)
    with pytest.raises(ValueError, match="encoded differently"):
        join_videos([first, second], tmp_path / "joined.mp4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp4", "b.mp4"]
