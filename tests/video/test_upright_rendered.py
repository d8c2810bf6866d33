"""Issue 14, "a rack upright in front of the legs", in video: the pose model cannot see the
shins behind the upright and pulls the ankles up onto it. The report must not turn that into a
shin fault: the knee and shin measures are unsure (the lower leg's length jumps, or is short of
the thigh's), and no shin fault is named. The hip, which the upright does not hide, is judged as
before."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from hipthrust.motion.analysis import AnalysisOptions
from hipthrust.motion.report import SetReport
from hipthrust.video.pipeline import VideoSettings, analyze_video
from hipthrust.video.pose_model import FakeEstimator
from hipthrust.video.track import TrackSettings
from video.barbell_clips import upright_clip

ONE_PROCESS = VideoSettings(annotate=False, track=TrackSettings(processes=1, people=None))
_SHIN_FAULTS = {"shins_forward", "shins_back"}


def _report(tmp_path: Path, dragged: str, clean: bool = False) -> tuple[SetReport, list[float]]:
    clip = upright_clip(reps=3, dragged=dragged)
    path = clip.film(tmp_path / "upright.mp4")
    pose = clip.synthetic.clean if clean else clip.fooled
    fake = functools.partial(FakeEstimator, pose)
    result = analyze_video(path, tmp_path / "out", AnalysisOptions(), ONE_PROCESS, fake, None)
    return result.report, [r.peak_hip_angle_deg for r in clip.synthetic.counted]


def _checks(report: SetReport, ids: set[str]) -> list[str]:
    return [c.status for rep in report.reps for c in rep.checks if c.id in ids]


@pytest.mark.parametrize("dragged", ["tops", "always"])
def test_ankles_pulled_onto_a_rack_upright_name_no_shin_fault(dragged: str, tmp_path: Path) -> None:
    report, truth = _report(tmp_path, dragged)
    assert report.rep_count == len(truth) == 3
    for rep, peak in zip(report.reps, truth, strict=True):
        assert rep.peak_hip_angle_deg == pytest.approx(peak, abs=4.0)
        assert not _SHIN_FAULTS & {f.id for f in rep.faults}
    statuses = _checks(report, _SHIN_FAULTS)
    assert statuses and all(s == "unsure" for s in statuses)


def test_the_same_clip_with_the_ankles_seen_is_judged(tmp_path: Path) -> None:
    """The control: the landmarks where they truly are (the shin seen) give sure verdicts."""
    report, _truth = _report(tmp_path, "tops", clean=True)
    assert report.rep_count == 3
    statuses = _checks(report, _SHIN_FAULTS)
    assert statuses and "unsure" not in statuses


@pytest.mark.slow
def test_the_real_pose_model_keeps_the_ankles_off_a_drawn_upright(tmp_path: Path) -> None:
    """The real BlazePose on the drawn upright (1280x720): the ankles and knees stay where they
    are (within a fifth of a shank), and no shin fault. A drawn upright is easier than a real
    one (on the photos every pass put the ankles at knee height), so this is a floor, not proof."""
    import numpy as np

    clip = upright_clip(reps=3, width=1280, height=720)
    path = clip.film(tmp_path / "upright.mp4")
    result = analyze_video(path, tmp_path / "out", None, ONE_PROCESS)
    assert result.report.rep_count == 3
    clean = clip.synthetic.clean
    same = np.searchsorted(clean.t, result.pose.t - 1e-6)
    near = clip.synthetic.near_side
    knee, ankle = (result.pose.index(f"{near}_{j}") for j in ("knee", "ankle"))
    shank = np.hypot(*(clean.xy[same, knee] - clean.xy[same, ankle]).T)
    for k in (knee, ankle):
        err = np.hypot(*(result.pose.xy[:, k] - clean.xy[same, k]).T) / shank
        assert float(np.nanmedian(err)) < 0.2
    assert not _SHIN_FAULTS & set(result.report.fault_counts())


@pytest.mark.slow
@pytest.mark.parametrize("hold_s", [0.6, 0.0])
def test_a_hold_behind_a_rack_upright_names_no_pause_only_when_there_is_none(
    hold_s: float, tmp_path: Path
) -> None:
    """The real BlazePose behind the drawn upright read a 0.6 s hold as 0.29-0.44 s (the
    same set without the upright 0.53-0.57): a few pixels moved the easing profile the
    phases are timed with, and the hold's ends with it. The hold carries that spread as its
    uncertainty, so a held top is never named ``no_pause`` there (it is ``unsure`` or
    ``ok``); a top not held at all still is (0.0-0.06 s, about +-0.2)."""
    from hipthrust_testkit.synth import RepSpec

    rep = RepSpec(concentric_s=0.7, hold_s=hold_s, eccentric_s=0.9, pause_s=0.4)
    clip = upright_clip(reps=3, rep=rep)
    path = clip.film(tmp_path / "upright.mp4")
    report = analyze_video(path, tmp_path / "out", None, ONE_PROCESS).report
    assert report.rep_count == 3
    verdicts = [c for r in report.reps for c in r.checks if c.id == "no_pause"]
    assert len(verdicts) == 3
    if hold_s > 0.5:
        assert all(c.status in ("ok", "unsure") for c in verdicts)
        assert "no_pause" not in report.fault_counts()
    else:
        assert all(c.status == "fault" and c.value < 0.2 for c in verdicts)
