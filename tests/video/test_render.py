from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import av
import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.motion.analysis import analyze_pose
from hipthrust.motion.pose import MEDIAPIPE_33
from hipthrust.motion.report import SetReport
from hipthrust.video.decode import VideoInfo, probe, read_frames
from hipthrust.video.encode import EncodeSettings
from hipthrust.video.overlay import Skeleton, default_annotators
from hipthrust.video.render import Canvas, plan_pieces, render_annotated
from hipthrust_testkit.synth import SyntheticSet
from video.clips import film, rendered_set, write_clip


@pytest.fixture(scope="module")
def synthetic() -> SyntheticSet:
    return rendered_set(reps=2, width=320, height=180)


@pytest.fixture(scope="module")
def filmed(synthetic: SyntheticSet, tmp_path_factory: pytest.TempPathFactory) -> VideoInfo:
    return probe(film(tmp_path_factory.mktemp("clip") / "set.mp4", synthetic))


@pytest.fixture(scope="module")
def report(synthetic: SyntheticSet) -> SetReport:
    return analyze_pose(synthetic.clean)


def _times(path: Path) -> list[float]:
    with av.open(str(path)) as container:
        return [float(f.pts * f.time_base) for f in container.decode(video=0)]


@pytest.mark.parametrize(
    ("seconds", "processes", "min_s", "expected"),
    [(5.0, 2, 6.0, 1), (12.0, 2, 6.0, 2), (60.0, 2, 6.0, 2), (60.0, 1, 6.0, 1), (9.0, 4, 3.0, 3)],
)
def test_pieces_are_equal_time_spans_of_at_least_the_minimum(
    seconds: float, processes: int, min_s: float, expected: int
) -> None:
    t = np.arange(0.0, seconds, 1 / 15)
    pieces = plan_pieces(t, processes, min_s)
    assert len(pieces) == expected
    assert pieces[0][0] == 0 and pieces[-1][1] == t.size
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))  # no gap
    spans = [t[stop - 1] - t[first] for first, stop in pieces]
    assert max(spans) - min(spans) <= 2 / 15
    assert plan_pieces(np.empty(0), 2, 6.0) == []


def test_pieces_drawn_in_two_processes_make_the_same_video_as_one(
    synthetic: SyntheticSet, filmed: VideoInfo, report: SetReport, tmp_path: Path
) -> None:
    pose = synthetic.clean
    size = (filmed.width, filmed.height)
    one = Canvas(size, EncodeSettings(), processes=1)
    two = Canvas(size, EncodeSettings(), processes=2, min_piece_s=1.0)
    progress: list[tuple[int, int]] = []
    render_annotated(filmed, pose, report, tmp_path / "one.mp4", one, default_annotators())
    render_annotated(
        filmed, pose, report, tmp_path / "two.mp4", two, default_annotators(),
        lambda done, total: progress.append((done, total)),
    )  # fmt: skip
    assert _times(tmp_path / "two.mp4") == pytest.approx(_times(tmp_path / "one.mp4"), abs=1e-3)
    assert _times(tmp_path / "two.mp4") == pytest.approx(list(pose.t), abs=1e-3)
    assert progress[-1] == (pose.n_frames, pose.n_frames)
    info = probe(tmp_path / "two.mp4")
    joined = [f.rgb.astype(int) for f in read_frames(info)]
    alone = [f.rgb.astype(int) for f in read_frames(probe(tmp_path / "one.mp4"))]
    assert max(float(np.abs(a - b).mean()) for a, b in zip(joined, alone, strict=True)) < 2.0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.mp4", "two.mp4"]  # no pieces left


def test_what_runs_meanwhile_runs_once_whatever_the_pieces(
    synthetic: SyntheticSet, filmed: VideoInfo, report: SetReport, tmp_path: Path
) -> None:
    calls: list[int] = []
    for processes in (1, 2):
        canvas = Canvas((filmed.width, filmed.height), EncodeSettings(), processes, 1.0)
        render_annotated(
            filmed, synthetic.clean, report, tmp_path / f"{processes}.mp4", canvas,
            default_annotators(), meanwhile=lambda: calls.append(1),
        )  # fmt: skip
    assert calls == [1, 1]


def test_a_piece_that_fails_leaves_no_video_and_no_pieces(
    synthetic: SyntheticSet, filmed: VideoInfo, report: SetReport, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    clip = tmp_path / "cut.mp4"
    whole = filmed.path.read_bytes()
    clip.write_bytes(whole[: len(whole) * 2 // 3])  # the second piece's frames are gone
    canvas = Canvas((filmed.width, filmed.height), EncodeSettings(), 2, 1.0)
    cut = VideoInfo(clip, *list(vars(filmed).values())[1:])
    with pytest.raises(InputError):
        render_annotated(cut, synthetic.clean, report, out / "a.mp4", canvas, default_annotators())
    assert list(out.iterdir()) == []


@pytest.fixture(scope="module")
def sixty(tmp_path_factory: pytest.TempPathFactory) -> tuple[SyntheticSet, VideoInfo]:
    synthetic = rendered_set(reps=2, width=320, height=180, fps=60.0)
    return synthetic, probe(film(tmp_path_factory.mktemp("sixty") / "set.mp4", synthetic))


@pytest.mark.parametrize("processes", [1, 2])
def test_a_60_fps_clip_analysed_at_15_is_drawn_at_60(
    sixty: tuple[SyntheticSet, VideoInfo], processes: int, tmp_path: Path
) -> None:
    synthetic, info = sixty
    pose = synthetic.clean.every(4)  # what the pose model saw: 15 fps
    report = analyze_pose(pose)
    canvas = Canvas((info.width, info.height), EncodeSettings(), processes, min_piece_s=1.0)
    progress: list[tuple[int, int]] = []
    render_annotated(
        info, pose, report, tmp_path / "a.mp4", canvas, default_annotators(),
        lambda done, total: progress.append((done, total)),
    )  # fmt: skip
    drawn = probe(tmp_path / "a.mp4")
    assert drawn.fps == pytest.approx(60.0, rel=0.02)
    assert _times(tmp_path / "a.mp4") == pytest.approx(list(synthetic.clean.t), abs=1e-3)
    assert progress[-1] == (pose.n_frames, pose.n_frames)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(progress)) or processes == 2
    # only the analysed frames, when asked: the analysis rate
    sparse = replace(canvas, every_frame=False)
    render_annotated(info, pose, report, tmp_path / "b.mp4", sparse, default_annotators())
    assert _times(tmp_path / "b.mp4") == pytest.approx(list(pose.t), abs=1e-3)


def test_frames_between_analysed_ones_show_the_skeleton_moving(
    sixty: tuple[SyntheticSet, VideoInfo], tmp_path: Path
) -> None:
    """Drawn on every source frame, the skeleton moves between two analysed frames instead of
    standing still for four frames and jumping."""
    synthetic, _ = sixty
    pose = synthetic.clean.every(4)
    report = analyze_pose(pose)
    still = [np.full((180, 320, 3), 40, np.uint8)] * synthetic.clean.n_frames  # no lifter
    info = probe(write_clip(tmp_path / "still.mp4", still, list(synthetic.clean.t)))
    canvas = Canvas((info.width, info.height), EncodeSettings(crf=12), 1)
    render_annotated(info, pose, report, tmp_path / "a.mp4", canvas, (Skeleton(),))
    frames = [f.rgb for f in read_frames(probe(tmp_path / "a.mp4"))]
    hip = MEDIAPIPE_33.index(f"{synthetic.near_side}_hip")
    moving = int(np.argmax(np.abs(np.diff(pose.xy[:, hip, 1]))))  # the fastest analysed step
    first = 4 * moving
    skeleton = [np.asarray(frames[first + k], np.int32) for k in range(5)]
    steps = [float(np.abs(b - a).mean()) for a, b in itertools.pairwise(skeleton)]
    assert min(steps) > 0.2 * max(steps)  # each source frame moves, not one jump in four
