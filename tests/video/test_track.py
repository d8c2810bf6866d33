from __future__ import annotations

import functools
import itertools
from pathlib import Path

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.video.decode import VideoInfo, probe
from hipthrust.video.people import PeopleRules
from hipthrust.video.plate_track import PlateTrackSettings
from hipthrust.video.pose_model import BlazePose, FakeEstimator
from hipthrust.video.track import (
    TrackSettings,
    _preload,
    balanced_bounds,
    plan_segments,
    track_video,
)
from hipthrust_testkit.synth import SyntheticSet
from video.barbell_clips import barbell_clip
from video.clips import OrderedFake, film, rendered_set, write_clip


@pytest.fixture(scope="module")
def synthetic() -> SyntheticSet:
    return rendered_set(reps=2, width=320, height=180)


@pytest.fixture(scope="module")
def clip(synthetic: SyntheticSet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return film(tmp_path_factory.mktemp("clip") / "set.mp4", synthetic)


def _info(duration: float) -> VideoInfo:
    return VideoInfo(Path("x.mp4"), "h264", 64, 48, 0, 30.0, duration, int(duration * 30), 0.0)


@pytest.mark.parametrize(
    ("duration", "processes", "count"),
    [(5.0, 2, 1), (12.0, 2, 2), (60.0, 2, 2), (60.0, 1, 1), (60.0, 4, 4), (13.0, 4, 2)],
)
def test_segments_one_per_process_when_long_enough(
    duration: float, processes: int, count: int
) -> None:
    settings = TrackSettings(processes=processes, min_segment_s=6.0, preroll_s=1.0)
    segments = plan_segments(_info(duration), settings)
    assert len(segments) == count
    assert segments[0].start_s == -np.inf and segments[-1].stop_s is None
    for before, after in itertools.pairwise(segments):
        assert before.stop_s == after.start_s  # no gap, no overlap in what is kept
        assert after.decode_from_s == pytest.approx(after.start_s - 1.0)  # tracker warm-up


def test_a_segment_that_decodes_from_far_back_is_made_shorter() -> None:
    settings = TrackSettings(processes=2, min_segment_s=6.0, preroll_s=1.0)
    info = VideoInfo(Path("x.mp4"), "h264", 1280, 720, 0, 30.0, 20.0, 600, 0.0)
    everywhere = plan_segments(info, settings, lambda t: t)  # a key frame at every time
    far_back = plan_segments(info, settings, lambda t: 0.0)  # one key frame, at the start
    assert everywhere[1].start_s == pytest.approx(10.5)  # the preroll is shared
    assert far_back[1].start_s > everywhere[1].start_s + 0.3
    work = settings.decode_share(info) * far_back[1].decode_from_s + 1.0
    first, second = far_back[1].start_s, 20.0 - far_back[1].start_s + work
    assert first == pytest.approx(second, abs=0.05)  # the same work each


def test_bounds_balance_the_work_done_before_each_piece() -> None:
    assert balanced_bounds(0.0, 12.0, 2, lambda b: 0.0) == [0.0, 6.0, 12.0]
    assert balanced_bounds(0.0, 12.0, 2, lambda b: 2.0) == [0.0, 7.0, 12.0]
    assert balanced_bounds(0.0, 12.0, 3, lambda b: 1.5) == pytest.approx([0.0, 5.0, 8.5, 12.0])
    # More work before a piece than it could give up: equal lengths.
    assert balanced_bounds(0.0, 12.0, 2, lambda b: 50.0) == [0.0, 6.0, 12.0]


def _factory(synthetic: SyntheticSet) -> functools.partial[FakeEstimator]:
    return functools.partial(OrderedFake, synthetic.clean)


@pytest.mark.slow
def test_two_processes_give_the_same_landmarks_as_one(synthetic: SyntheticSet, clip: Path) -> None:
    info = probe(clip)
    one, _ = track_video(info, _factory(synthetic), TrackSettings(processes=1, people=None))
    settings = TrackSettings(processes=2, min_segment_s=1.0, people=None)
    every_other = synthetic.clean.xy[::2]  # 30 fps analysed at 15
    seen: list[tuple[int, int]] = []
    two, _ = track_video(
        info, _factory(synthetic), settings, progress=lambda d, t: seen.append((d, t))
    )
    assert one.t.size == every_other.shape[0]
    assert two.t == pytest.approx(one.t)
    assert np.allclose(two.xy, one.xy, equal_nan=True)
    assert np.allclose(two.xy, every_other, equal_nan=True)
    assert seen[-1] == (one.t.size, one.t.size)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_pose_frames_are_scaled_back_to_the_video_size(synthetic: SyntheticSet, clip: Path) -> None:
    info = probe(clip)
    settings = TrackSettings(processes=1, pose_max_short_side=90, people=None, analysis_fps=None)
    track, _ = track_video(info, _factory(synthetic), settings)
    assert np.allclose(track.xy, synthetic.clean.xy, equal_nan=True)
    pose = track.to_pose(info, 30.0)
    assert (pose.width, pose.height) == (320, 180)


@pytest.mark.parametrize(
    ("fps", "analysis_fps", "step"), [(60.0, 15.0, 4), (30.0, 15.0, 2), (24.0, 15.0, 1),
                                      (60.0, 30.0, 2), (30.0, None, 1)]
)  # fmt: skip
def test_the_pose_model_sees_every_kth_frame(
    synthetic: SyntheticSet, tmp_path: Path, fps: float, analysis_fps: float | None, step: int
) -> None:
    frames = [np.zeros((48, 64, 3), np.uint8)] * 120
    clip = write_clip(tmp_path / "clip.mp4", frames, [i / fps for i in range(120)])
    fake = functools.partial(FakeEstimator, synthetic.clean)
    settings = TrackSettings(processes=1, people=None, analysis_fps=analysis_fps)
    track, selection = track_video(probe(clip), fake, settings)
    assert selection.step == step
    assert track.t.size == 120 // step
    assert np.diff(track.t) == pytest.approx(np.full(120 // step - 1, step / fps))


def test_by_default_30_fps_is_analysed_at_15(synthetic: SyntheticSet, clip: Path) -> None:
    track, selection = track_video(probe(clip), _factory(synthetic), TrackSettings(people=None))
    assert selection.step == 2
    assert track.t == pytest.approx(synthetic.clean.t[::2])


def test_people_are_checked_every_few_seconds(synthetic: SyntheticSet, clip: Path) -> None:
    info = probe(clip)
    nobody_else = functools.partial(FakeEstimator, synthetic.clean.slice(0, 1))
    settings = TrackSettings(processes=1, people=PeopleRules(check_every_s=1.0))
    track, _ = track_video(info, _factory(synthetic), settings, nobody_else)
    times = [c.t_s for c in track.people]
    assert len(times) == int(synthetic.clean.duration_s) + 1
    assert np.diff(times) == pytest.approx(np.ones(len(times) - 1), abs=0.05)


@pytest.mark.slow
def test_each_pose_process_checks_its_part_for_people(synthetic: SyntheticSet, clip: Path) -> None:
    info = probe(clip)
    nobody_else = functools.partial(FakeEstimator, synthetic.clean.slice(0, 1))
    rules = PeopleRules(check_every_s=1.0)
    settings = TrackSettings(processes=2, min_segment_s=1.0, people=rules)
    track, _ = track_video(info, _factory(synthetic), settings, nobody_else)
    times = [c.t_s for c in track.people]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert times[0] < 1.0 and times[-1] > synthetic.clean.duration_s - 1.0  # both halves
    assert len(times) >= int(synthetic.clean.duration_s)
    assert not any(c.other_found for c in track.people)


def test_the_fork_server_imports_the_pose_library_once() -> None:
    assert _preload(BlazePose, functools.partial(BlazePose, static_image_mode=True)) == (
        "hipthrust.video.pose_solution",
    )
    assert _preload(functools.partial(FakeEstimator), None) == ()


@pytest.mark.slow
def test_a_refusal_in_a_child_process_is_one_sentence(
    synthetic: SyntheticSet, tmp_path: Path
) -> None:
    frames = [np.random.default_rng(i).integers(0, 255, (48, 64, 3), np.uint8) for i in range(90)]
    whole = write_clip(tmp_path / "whole.mp4", frames, [i / 30 for i in range(90)])
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    settings = TrackSettings(processes=2, min_segment_s=1.0, people=None)
    with pytest.raises(InputError, match="truncated") as caught:
        track_video(probe(cut), _factory(synthetic), settings)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("processes", [1, 2])
def test_the_pose_processes_take_the_plates_first_look_on_their_kept_frames(
    processes: int, tmp_path: Path
) -> None:
    thrust = barbell_clip(reps=2)
    info = probe(thrust.film(tmp_path / "thrust.mp4"))
    fooled = functools.partial(OrderedFake, thrust.fooled)
    nobody_else = functools.partial(FakeEstimator, thrust.fooled.slice(0, 1))
    settings = TrackSettings(processes=processes, min_segment_s=1.0, analysis_fps=None)
    plates = PlateTrackSettings()
    track, _ = track_video(info, fooled, settings, nobody_else, plates=plates)
    assert track.plate_seen is True
    track, _ = track_video(info, fooled, settings, nobody_else)
    assert track.plate_seen is None  # not asked: not looked


def test_no_plate_is_seen_in_a_clip_without_one(synthetic: SyntheticSet, clip: Path) -> None:
    nobody_else = functools.partial(FakeEstimator, synthetic.clean.slice(0, 1))
    settings = TrackSettings(processes=1)
    track, _ = track_video(
        probe(clip), _factory(synthetic), settings, nobody_else, plates=PlateTrackSettings()
    )
    assert track.plate_seen is False
