"""Issue 14's small and awkward subjects on rendered footage, analysed by the product with the
real BlazePose: a lifter on a white studio background, in a cluttered gym (racks, benches,
plates, a mirror, a textured floor, a bystander: ``hipthrust_testkit.backdrop``), and spanning a
quarter, a sixth or a seventh of the frame's width. What is asserted is what was measured
(docs/video.md, "Small and awkward subjects"): reps and holds right and no fault where
BlazePose sees the lifter; where it loses the lifter at the tops, the reps counted and nothing
judged at the top; where it finds no one, the clip refused as "no person was found"."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipthrust.errors import InputError
from hipthrust.motion.report import SetReport
from hipthrust.video.pipeline import VideoSettings, analyze_video
from hipthrust.video.track import TrackSettings
from video.background_clips import BackgroundClip, background_clip

# One pose process (the tests share two cores); the people check runs as in the product.
ONE_PROCESS = VideoSettings(annotate=False, track=TrackSettings(processes=1))
HOLD_TOLERANCE_S = 0.3

pytestmark = pytest.mark.slow


def _analyse(clip: BackgroundClip, tmp_path: Path) -> SetReport:
    path = clip.film(tmp_path / "set.mp4")
    return analyze_video(path, tmp_path / "out", None, ONE_PROCESS).report


def _assert_read_right(report: SetReport, clip: BackgroundClip) -> None:
    truth = clip.synthetic.counted
    assert report.rep_count == len(truth) == 3
    for rep, true in zip(report.reps, truth, strict=True):
        assert rep.hold_s == pytest.approx(true.hold_s, abs=HOLD_TOLERANCE_S)
        assert rep.not_observed == ()
    assert report.fault_counts() == {}


@pytest.mark.parametrize(("exercise", "seed"), [("glute_bridge", 1), ("hip_thrust", 2)])
def test_a_lifter_on_a_white_studio_background(exercise: str, seed: int, tmp_path: Path) -> None:
    clip = background_clip("studio", seed, exercise=exercise)
    _assert_read_right(_analyse(clip, tmp_path), clip)


@pytest.mark.parametrize("seed", [3, 4])
def test_a_bridge_in_a_cluttered_gym(seed: int, tmp_path: Path) -> None:
    """Rooms where BlazePose keeps the lifter (seeds 3 and 4): read as on a plain wall. Other
    rooms are worse (docs/video.md): the tests pin what holds, the benchmark (``--backgrounds``
    in ``benchmarks/rendered_footage.py``) shows every room, failures included."""
    clip = background_clip("gym", seed)
    _assert_read_right(_analyse(clip, tmp_path), clip)


def test_a_hip_thrust_whose_ear_and_shoulder_the_pose_model_misplaces_at_the_tops(
    tmp_path: Path,
) -> None:
    """In this room (seed 1) BlazePose draws the shoulder up the neck at every top (the neck
    on screen about a fifth shorter than over the set), which read the head tipped back with
    little jitter: a false ``looking_at_ceiling`` before. The neck's changed length now leaves
    the head check of those tops unsure, with that reason."""
    clip = background_clip("gym", 1, exercise="hip_thrust")
    report = _analyse(clip, tmp_path)
    _assert_read_right(report, clip)
    heads = [next(c for c in rep.checks if c.id == "looking_at_ceiling") for rep in report.reps]
    assert any(c.status == "unsure" and "neck" in c.reason for c in heads)


def test_a_hip_thrust_whose_tops_the_pose_model_loses_in_a_cluttered_gym(
    tmp_path: Path,
) -> None:
    """In this room (seed 3) BlazePose loses the lifter near every top and finds them again on
    the way down (about half the frames seen). The rises and lowerings around the gaps are
    seen, so the three reps count; the peak read at a gap's edge is far short of the top, and
    nothing at the top is judged (before the fix: two incomplete-extension faults, one rep
    missed)."""
    clip = background_clip("gym", 3, exercise="hip_thrust")
    report = _analyse(clip, tmp_path)
    assert report.rep_count == 3
    assert report.fault_counts() == {}
    lost = [rep for rep in report.reps if "top" in rep.not_observed]
    assert lost  # the honest outcome measured: the tops were lost
    for rep in lost:
        statuses = {c.id: c.status for c in rep.checks}
        assert statuses["incomplete_extension"] == "unsure"
        assert statuses["no_pause"] == "not_measured"
    assert "tracking_gap" in {w.id for w in report.warnings}


@pytest.mark.parametrize(("share", "width", "height"), [(0.25, 640, 360), (1 / 6, 640, 360)])
def test_a_small_lifter_is_read_right(
    share: float, width: int, height: int, tmp_path: Path
) -> None:
    clip = background_clip("plain", 1, share=share, width=width, height=height)
    assert clip.span == pytest.approx(share, abs=0.01)
    _assert_read_right(_analyse(clip, tmp_path), clip)


@pytest.mark.parametrize(("share", "width", "height"), [(1 / 6, 960, 540), (1 / 7, 960, 540)])
def test_a_lifter_too_small_for_the_person_detector_is_refused(
    share: float, width: int, height: int, tmp_path: Path
) -> None:
    """At a sixth of the width the detector is at its limit: found in every frame at 640x360,
    at 960x540 in none (0.167 of the width) or a few (13 % of the frames at 1/6); at a seventh
    in none. Found in under a fifth of the frames, the clip is refused ("no person was found in
    the video", or "in 87 % of the video"): the product says it cannot see rather than guess."""
    clip = background_clip("plain", 1, share=share, width=width, height=height)
    with pytest.raises(InputError, match="no person was found in"):
        _analyse(clip, tmp_path)
