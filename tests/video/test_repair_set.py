"""The barbell repair over a filmed set, end to end: a synthetic lifter with a plate over the
hips, filmed, and a fake pose model that is fooled by the plate as BlazePose is."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pytest

from hipthrust.motion.analysis import AnalysisOptions, analyze_pose
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence
from hipthrust.video.pipeline import VideoResult, VideoSettings, analyze_video
from hipthrust.video.plate_track import PlateObservations
from hipthrust.video.pose_model import FakeEstimator
from hipthrust.video.repair_set import RepairedSet, repair_sequence, sequence_lengths
from hipthrust.video.track import TrackSettings
from video.barbell_clips import BarbellClip, barbell_clip, bumper_clip

ONE_PROCESS = VideoSettings(track=TrackSettings(processes=1, people=None))
_INDEX = {name: i for i, name in enumerate(MEDIAPIPE_33)}


@pytest.fixture(scope="module")
def clip() -> BarbellClip:
    return barbell_clip(reps=3)


@pytest.fixture(scope="module")
def filmed(clip: BarbellClip, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return clip.film(tmp_path_factory.mktemp("barbell") / "thrust.mp4")


def _analyse(clip: BarbellClip, path: Path, out: Path, settings: VideoSettings) -> VideoResult:
    fake = functools.partial(FakeEstimator, clip.fooled)
    return analyze_video(path, out, AnalysisOptions(), settings, fake, None)


@pytest.fixture(scope="module")
def repaired(
    clip: BarbellClip, filmed: Path, tmp_path_factory: pytest.TempPathFactory
) -> VideoResult:
    return _analyse(clip, filmed, tmp_path_factory.mktemp("out"), ONE_PROCESS)


def _exact(clip: BarbellClip, hub_noise: float = 0.0) -> PlateObservations:
    n = clip.fooled.n_frames
    return PlateObservations(
        clip.fooled.t,
        clip.hub + hub_noise,
        np.full(n, clip.radius_px),
        np.ones(n),
        ("detected",) * n,
    )


def test_a_filmed_barbell_set_is_repaired_end_to_end(
    clip: BarbellClip, filmed: Path, repaired: VideoResult, tmp_path: Path
) -> None:
    truth = [r.peak_hip_angle_deg for r in clip.synthetic.counted]
    report = repaired.report
    assert report.rep_count == len(truth) == 3
    for rep, peak in zip(report.reps, truth, strict=True):
        assert rep.peak_hip_angle_deg == pytest.approx(peak, abs=4.0)
    assert "barbell_repair" in [w.id for w in report.warnings]
    # the same clip with the plate search turned off: the fooled landmarks as they come
    plain = _analyse(clip, filmed, tmp_path, VideoSettings(track=ONE_PROCESS.track, barbell=None))
    assert "barbell_repair" not in [w.id for w in plain.report.warnings]
    peaks = [r.peak_hip_angle_deg for r in plain.report.reps]
    assert not peaks or min(abs(p - truth[0]) for p in peaks) > 20


def test_the_plate_gives_the_scale_for_velocity(clip: BarbellClip, repaired: VideoResult) -> None:
    scale = repaired.report.scale
    assert scale is not None and scale.source == "plate"
    assert scale.m_per_px == pytest.approx(clip.synthetic.scale_m_per_px, rel=0.05)
    assert 0.04 < scale.relative_error < 0.1
    # the hip's speed in metres per second, as the true scale gives it on the true landmarks
    truth = analyze_pose(
        clip.synthetic.clean, AnalysisOptions(scale_m_per_px=clip.synthetic.scale_m_per_px)
    )
    for rep, true in zip(repaired.report.reps, truth.reps, strict=True):
        assert rep.mean_concentric_velocity_m_s is not None
        assert true.mean_concentric_velocity_m_s is not None
        assert rep.mean_concentric_velocity_m_s == pytest.approx(
            true.mean_concentric_velocity_m_s, rel=0.1
        )
    written = json.loads(repaired.outputs.report.read_text(encoding="utf-8"))
    assert written["scale"]["source"] == "plate"


def test_a_scale_the_user_gives_wins_over_the_plate(clip: BarbellClip) -> None:
    fixed = repair_sequence(clip.fooled, _exact(clip))
    options = fixed.analysis_options(AnalysisOptions(scale_m_per_px=0.01))
    assert (
        analyze_pose(fixed.pose, options).scale
        == analyze_pose(fixed.pose, AnalysisOptions(scale_m_per_px=0.01)).scale
    )
    assert fixed.analysis_options(AnalysisOptions()).scale == fixed.scale


def test_a_clip_without_a_plate_is_left_alone(tmp_path: Path) -> None:
    from video.clips import film, rendered_set

    synthetic = rendered_set(reps=2)
    path = film(tmp_path / "bridge.mp4", synthetic)
    fake = functools.partial(FakeEstimator, synthetic.clean)
    result = analyze_video(path, tmp_path / "out", None, ONE_PROCESS, fake, None)
    same = np.searchsorted(synthetic.clean.t, result.pose.t - 1e-6)  # the analysed frames
    assert np.array_equal(result.pose.xy, synthetic.clean.xy[same], equal_nan=True)
    assert result.report.scale is None
    assert "barbell_repair" not in [w.id for w in result.report.warnings]


def test_repair_puts_hips_on_the_hub_and_knees_back_on_every_frame(clip: BarbellClip) -> None:
    fixed = repair_sequence(clip.fooled, _exact(clip))
    assert isinstance(fixed, RepairedSet)
    assert set(fixed.sides) == {"left", "right"}
    assert fixed.repaired_frames == clip.fooled.n_frames
    near = clip.synthetic.near_side
    true_knee = clip.synthetic.clean.xy[:, _INDEX[f"{near}_knee"]]
    knee = fixed.pose.xy[:, _INDEX[f"{near}_knee"]]
    err = np.hypot(*(knee - true_knee).T)
    # the thigh is taken from the trunk by Winter's proportions: within a few pixels
    assert float(np.median(err)) < 0.08 * clip.radius_px * 2
    assert fixed.lengths[near].source == "proportions of the trunk"
    # repaired joints are trusted as much as the plate's rim
    assert (fixed.pose.score(f"{near}_hip") >= 0.5).all()
    # and marked as estimated, for the annotated video; the shoulders and ankles were seen
    assert fixed.estimated.shape == clip.fooled.confidence.shape
    assert fixed.estimated[:, _INDEX[f"{near}_hip"]].all()
    assert fixed.estimated[:, _INDEX[f"{near}_knee"]].any()
    assert not fixed.estimated[:, _INDEX[f"{near}_shoulder"]].any()
    assert not fixed.estimated[:, _INDEX[f"{near}_ankle"]].any()


def test_frames_where_the_model_sees_the_hip_beside_the_plate_keep_it(clip: BarbellClip) -> None:
    """The plate moved a radius and a half below the hips in some frames: there the model's
    hip shows beside it, and is kept (the other frames are repaired as before)."""
    plates = _exact(clip)
    low = np.zeros(clip.fooled.n_frames, dtype=bool)
    low[::3] = True
    centre = plates.centre.copy()
    centre[low, 1] += 1.5 * clip.radius_px
    moved = PlateObservations(plates.t, centre, plates.radius_px, plates.rim_support, plates.how)
    fixed = repair_sequence(clip.fooled, moved)
    near = clip.synthetic.near_side
    hip = fixed.pose.point(f"{near}_hip")
    assert np.allclose(hip[low], clip.fooled.point(f"{near}_hip")[low])
    assert np.allclose(hip[~low], clip.hub[~low])
    assert fixed.repaired_frames == int((~low).sum())


def test_lengths_come_from_knees_seen_beside_the_plate(clip: BarbellClip) -> None:
    """Where the model shows the knee clear of the plate, the shank is measured there."""
    pose = clip.synthetic.clean  # knees where they are: beside the plate
    lengths = sequence_lengths(pose, _exact(clip), clip.synthetic.near_side)
    assert lengths is not None and lengths.source == "seen beside the plate"
    i = _INDEX[f"{clip.synthetic.near_side}_knee"]
    j = _INDEX[f"{clip.synthetic.near_side}_ankle"]
    shank = float(np.median(np.hypot(*(pose.xy[:, i] - pose.xy[:, j]).T)))
    assert lengths.shank_px == pytest.approx(shank, rel=0.02)


def test_a_side_whose_hip_is_off_the_plate_is_not_repaired(clip: BarbellClip) -> None:
    xy = clip.fooled.xy.copy()
    xy[:, _INDEX["left_hip"]] += 3 * clip.radius_px  # left hip far from the plate
    pose = PoseSequence(xy, clip.fooled.confidence, clip.fooled.fps, 640, 360, t=clip.fooled.t)
    fixed = repair_sequence(pose, _exact(clip))
    assert fixed.sides == ("right",)
    assert np.array_equal(fixed.pose.point("left_hip"), pose.point("left_hip"), equal_nan=True)


def test_observations_must_match_the_frames(clip: BarbellClip) -> None:
    short = clip.fooled.slice(0, 10)
    with pytest.raises(ValueError):
        repair_sequence(short, _exact(clip))


@pytest.mark.parametrize(
    "off_side_deg",
    # At 30 deg the first rep was lost (issue 14): its rise, read on the hip angle, never
    # crossed the levels near its bottom (the frames before the plate is followed read the
    # angle high), so it was taken for a rep cut off; the phases are now timed on the hips'
    # travel, which reads it.
    [30.0, 40.0],
)
def test_a_bumper_plate_seen_off_the_side_in_a_portrait_clip_is_repaired(
    off_side_deg: float, tmp_path: Path
) -> None:
    """Issue 14's failure, rendered: a black bumper plate hiding the whole hip and thigh,
    filmed 30-40 degrees off the side (an ellipse, not a circle) on a portrait phone. The plate
    is found, the hips repaired: the reps right, every top within 8 degrees, the scale from the
    plate's major axis."""
    clip = bumper_clip(reps=3, off_side_deg=off_side_deg)
    path = clip.film(tmp_path / "bumper.mp4")
    result = _analyse(clip, path, tmp_path / "out", ONE_PROCESS)
    truth = [r.peak_hip_angle_deg for r in clip.synthetic.counted]
    assert result.report.rep_count == len(truth) == 3
    for rep, peak in zip(result.report.reps, truth, strict=True):
        assert rep.peak_hip_angle_deg == pytest.approx(peak, abs=8.0)
    (warning,) = [w for w in result.report.warnings if w.id == "barbell_repair"]
    assert "interpolated in" in warning.message and "rim showing" in warning.message
    assert "proportions of the trunk" in warning.message  # the knee never shows beside it
    scale = result.report.scale
    assert scale is not None and scale.source == "plate"
    assert scale.m_per_px == pytest.approx(clip.synthetic.scale_m_per_px, rel=0.08)
