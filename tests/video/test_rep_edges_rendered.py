"""Rep boundaries and holds on rendered footage: a synthetic lifter drawn as a mannequin and
encoded, then analysed through the video pipeline. Clips that start at the top, end at the
top, hold the top long, or stop during the last lowering (issue 14's failure classes, which
real clips showed)."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

from hipthrust.motion.pose import PoseSequence
from hipthrust.motion.report import SetReport
from hipthrust.video.pipeline import VideoSettings, analyze_video
from hipthrust.video.pose_model import BlazePose, FakeEstimator
from hipthrust.video.track import TrackSettings
from hipthrust_testkit.synth import CameraSpec, RepSpec, SyntheticSet, generate_set, plain_set
from hipthrust_testkit.synth.noise import NoiseSpec
from video.clips import frames_of, write_clip

ONE_PROCESS = VideoSettings(annotate=False, track=TrackSettings(processes=1, people=None))
PAUSED = RepSpec(concentric_s=0.8, hold_s=1.4, eccentric_s=1.0, pause_s=0.5)
NOISE = NoiseSpec(jitter_px=0.6, far_side_offset_px=1.0)


def _set(reps: int, rep: RepSpec, faults: tuple[str, ...] = (), seed: int = 3) -> SyntheticSet:
    camera = CameraSpec(width=320, height=180, fps=30.0)
    spec = plain_set("glute_bridge", reps, faults, rep=rep, camera=camera, noise=NOISE)
    return generate_set(spec, np.random.default_rng(seed))


def _cut(pose: PoseSequence, start_s: float, stop_s: float) -> PoseSequence:
    """Frames in [start_s, stop_s), their times counted from the cut."""
    keep = np.flatnonzero((pose.t >= start_s) & (pose.t < stop_s))
    part = pose.slice(int(keep[0]), int(keep[-1]) + 1)
    return PoseSequence(
        part.xy, part.confidence, part.fps, part.width, part.height, part.names, part.t - part.t[0]
    )


def _film_and_analyse(
    s: SyntheticSet, start_s: float, stop_s: float, tmp_path: Path, real_model: bool = False
) -> SetReport:
    """Draw the clean landmarks of [start_s, stop_s) and analyse the clip: with BlazePose, or
    with a fake pose model that replays the noisy landmarks (the pipeline without the model)."""
    drawn = _cut(s.clean, start_s, stop_s)
    path = write_clip(tmp_path / "set.mp4", frames_of(drawn, s.near_side), list(drawn.t))
    replayed = _cut(s.pose, start_s, stop_s)
    model = BlazePose if real_model else functools.partial(FakeEstimator, replayed)
    return analyze_video(path, tmp_path / "out", None, ONE_PROCESS, model, None).report


def test_a_clip_from_top_to_top_counts_the_reps_a_coach_counts(tmp_path: Path) -> None:
    """It starts on the top of an earlier rep (not counted) and ends on a top before the
    lowering (counted, its hold and lowering not observed): the banded bridge's pattern."""
    s = _set(3, PAUSED)
    first, second, third = s.truth
    report = _film_and_analyse(s, first.top_s + 0.4, third.top_s + 0.7, tmp_path)
    assert report.rep_count == 2
    assert report.reps[0].hold_s == pytest.approx(second.hold_s, abs=0.3)
    assert report.reps[0].not_observed == ()
    assert report.reps[1].not_observed == ("hold", "lowering")
    assert not any(f.id in ("no_pause", "rushed_eccentric") for f in report.reps[1].faults)
    assert report.partial_reps == 0


def test_a_last_rep_cut_off_in_its_lowering_gets_no_lowering_fault(tmp_path: Path) -> None:
    fast = RepSpec(concentric_s=0.8, hold_s=1.0, eccentric_s=0.35, pause_s=0.8)
    s = _set(3, fast, ("rushed_eccentric",))
    last = s.truth[-1]
    report = _film_and_analyse(s, 0.0, last.lower_s + 0.5 * last.eccentric_s, tmp_path)
    assert report.rep_count == 3
    assert "rushed_eccentric" in {f.id for f in report.reps[0].faults}
    cut = report.reps[-1]
    assert cut.not_observed == ("hold", "lowering")
    assert not {f.id for f in cut.faults} & {"rushed_eccentric", "no_pause"}


def test_a_long_hold_is_measured_whole(tmp_path: Path) -> None:
    long = RepSpec(concentric_s=0.8, hold_s=3.0, eccentric_s=1.2, pause_s=0.6)
    s = _set(2, long)
    report = _film_and_analyse(s, 0.0, s.pose.t[-1] + 0.01, tmp_path)
    assert report.rep_count == 2
    for rep in report.reps:
        assert rep.hold_s == pytest.approx(3.0, abs=0.3)
        assert "no_pause" not in {f.id for f in rep.faults}


@pytest.mark.slow
def test_blazepose_on_a_clip_from_top_to_top(tmp_path: Path) -> None:
    s = _set(3, PAUSED)
    first, second, third = s.truth
    report = _film_and_analyse(s, first.top_s + 0.4, third.top_s + 0.7, tmp_path, True)
    assert report.rep_count == 2
    assert report.reps[0].hold_s == pytest.approx(second.hold_s, abs=0.3)
    assert report.reps[1].not_observed == ("hold", "lowering")


@pytest.mark.slow
def test_blazepose_on_a_long_hold(tmp_path: Path) -> None:
    long = RepSpec(concentric_s=0.8, hold_s=3.0, eccentric_s=1.2, pause_s=0.6)
    s = _set(2, long)
    report = _film_and_analyse(s, 0.0, s.pose.t[-1] + 0.01, tmp_path, True)
    assert report.rep_count == 2
    assert [r.hold_s for r in report.reps] == [pytest.approx(3.0, abs=0.3)] * 2
