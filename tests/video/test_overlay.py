from __future__ import annotations

import numpy as np
import pytest

from hipthrust.motion.analysis import analyze_pose
from hipthrust.motion.faults import FAULTS
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence
from hipthrust.motion.report import SetReport
from hipthrust.video.overlay import (
    AngleLabels,
    EstimatedLegend,
    FaultBanner,
    I420Canvas,
    OverlayState,
    OverlayTimeline,
    PhaseBadge,
    RepCounter,
    Skeleton,
    annotate_all,
    default_annotators,
    fit_lines,
)
from hipthrust_testkit.synth import CameraSpec, RepSpec, generate_set, plain_set

N = len(MEDIAPIPE_33)


@pytest.fixture(scope="module")
def analysed() -> tuple[PoseSequence, SetReport]:
    rep = RepSpec(concentric_s=0.8, hold_s=1.2, eccentric_s=1.2, pause_s=0.5)
    camera = CameraSpec(width=640, height=360)
    # Shins sloping forward are a fault on a bench (on a floor bridge the knee is judged).
    spec = plain_set("hip_thrust", 3, ("shins_forward",), rep=rep, camera=camera)
    pose = generate_set(spec, np.random.default_rng(2)).clean
    report = analyze_pose(pose)
    assert report.rep_count == 3 and all(r.faults for r in report.reps)
    return pose, report


def test_rep_counter_counts_reps_as_they_end(analysed: tuple[PoseSequence, SetReport]) -> None:
    pose, report = analysed
    timeline = OverlayTimeline(report, pose)
    counts = [timeline.state(i).reps_done for i in range(len(timeline))]
    assert counts[0] == 0 and counts[-1] == 3
    assert set(np.diff(counts)) <= {0, 1}
    for rep in report.reps:  # the count goes up at the end of each rep
        i = int(np.searchsorted(pose.t, rep.end_s, side="right"))
        assert counts[i] == rep.index
        assert counts[i - 1] == rep.index - 1


def test_phase_and_angles_follow_the_signals(analysed: tuple[PoseSequence, SetReport]) -> None:
    pose, report = analysed
    timeline = OverlayTimeline(report, pose)
    for i in range(0, len(timeline), 7):
        state = timeline.state(i)
        assert state.phase == report.signals.phase[i]
        assert state.hip_angle_deg == pytest.approx(report.signals.hip_angle_deg[i])
        assert state.side == report.side


def test_faults_show_from_the_top_of_their_rep(analysed: tuple[PoseSequence, SetReport]) -> None:
    pose, report = analysed
    timeline = OverlayTimeline(report, pose)
    first = report.reps[0]
    before = timeline.state(int(np.searchsorted(pose.t, first.peak_s)) - 2)
    after = timeline.state(int(np.searchsorted(pose.t, first.peak_s)) + 1)
    assert before.fault_names == ()
    assert after.fault_names == (FAULTS["shins_forward"].name,)
    assert after.fault_rep == 1
    assert after.fault_cue == FAULTS["shins_forward"].cue


def test_state_is_scaled_to_the_drawn_frame(analysed: tuple[PoseSequence, SetReport]) -> None:
    pose, report = analysed
    state = OverlayTimeline(report, pose).state(5, scale=(0.5, 0.5))
    assert state.xy == pytest.approx(pose.xy[5] * 0.5)


def test_timeline_refuses_a_report_from_another_pose(
    analysed: tuple[PoseSequence, SetReport],
) -> None:
    pose, report = analysed
    with pytest.raises(ValueError, match="not made from this pose"):
        OverlayTimeline(report, pose.slice(0, 10))


def _state(**changes: object) -> OverlayState:
    xy = np.full((N, 2), np.nan)
    for name, point in {
        "right_shoulder": (100, 200),
        "right_hip": (300, 150),
        "right_knee": (450, 100),
        "right_ankle": (500, 250),
    }.items():
        xy[MEDIAPIPE_33.index(name)] = point
    fields: dict[str, object] = {
        "t_s": 1.0,
        "xy": xy,
        "visibility": np.ones(N),
        "side": "right",
        "hip_angle_deg": 160.0,
        "knee_angle_deg": 90.0,
        "phase": "concentric",
        "reps_done": 2,
        "rep_total": 5,
    }
    fields.update(changes)
    return OverlayState(**fields)  # type: ignore[arg-type]


def _blank() -> np.ndarray:
    return np.zeros((360, 640, 3), np.uint8)


def test_skeleton_draws_the_bones_of_the_analysed_side() -> None:
    frame = Skeleton(near=(0, 255, 0)).annotate(_blank(), _state())
    assert tuple(frame[125, 375]) == (0, 255, 0)  # middle of the hip-knee line
    assert frame[300:, :50].max() == 0  # nothing far from the body


def test_skeleton_skips_landmarks_it_cannot_trust() -> None:
    visibility = np.ones(N)
    visibility[MEDIAPIPE_33.index("right_knee")] = 0.0
    frame = Skeleton(near=(0, 255, 0)).annotate(_blank(), _state(visibility=visibility))
    assert frame[125, 375].max() == 0


@pytest.mark.parametrize(
    ("annotator", "region"),
    [
        (RepCounter(), (slice(0, 60), slice(0, 200))),
        (PhaseBadge(), (slice(0, 60), slice(440, 640))),
        (AngleLabels(), (slice(100, 200), slice(300, 640))),  # beside the hip and knee
    ],
)
def test_each_annotator_draws_in_its_place(annotator: object, region: tuple[slice, ...]) -> None:
    frame = annotator.annotate(_blank(), _state())  # type: ignore[attr-defined]
    assert frame[region].max() > 0
    outside = frame.copy()
    outside[region] = 0
    assert outside.max() == 0


def test_phase_badge_uses_the_phase_colour() -> None:
    frame = PhaseBadge({"top": (255, 0, 0)}).annotate(_blank(), _state(phase="top"))
    assert (frame[:60, 440:] == (255, 0, 0)).all(axis=2).any()


def test_fault_banner_only_when_there_are_faults() -> None:
    assert FaultBanner().annotate(_blank(), _state()).max() == 0
    state = _state(
        fault_names=("Head tipped back",), fault_cue="Keep your chin tucked.", fault_rep=2
    )
    frame = FaultBanner(background=(200, 0, 0)).annotate(_blank(), state)
    assert (frame[180:] == (200, 0, 0)).all(axis=2).any()
    assert frame[:150].max() == 0


def test_chain_draws_everything_in_place() -> None:
    frame = _blank()
    out = annotate_all(frame, _state(fault_names=("x",), fault_rep=1), default_annotators())
    assert out is frame and out.max() > 0


def test_labels_drawn_again_are_the_same_and_stay_inside_the_frame() -> None:
    state = _state(fault_names=("Head tipped back",), fault_cue="Keep your chin tucked.")
    first = annotate_all(_blank(), state, default_annotators())
    first[:] = 7  # drawing over a frame must not touch what the next frame gets
    again = annotate_all(_blank(), state, default_annotators())
    third = annotate_all(_blank(), state, default_annotators())
    assert np.array_equal(again, third) and again.max() > 0
    tiny = np.zeros((20, 40, 3), np.uint8)  # smaller than the label: cut, not an error
    RepCounter(background=(0, 0, 200)).annotate(tiny, state)
    assert (tiny == (0, 0, 200)).all(axis=2).any()


def test_between_analysed_frames_the_landmarks_are_interpolated_in_time(
    analysed: tuple[PoseSequence, SetReport],
) -> None:
    pose, report = analysed
    timeline = OverlayTimeline(report, pose)
    i = 20
    t0, t1 = float(pose.t[i]), float(pose.t[i + 1])
    quarter = timeline.state_at(t0 + 0.25 * (t1 - t0))
    assert quarter.xy == pytest.approx(0.75 * pose.xy[i] + 0.25 * pose.xy[i + 1])
    assert quarter.t_s == pytest.approx(t0 + 0.25 * (t1 - t0))
    # the discrete parts (signals, phase) come from the nearer analysed frame
    assert quarter.phase == report.signals.phase[i]
    late = timeline.state_at(t0 + 0.75 * (t1 - t0))
    assert late.hip_angle_deg == pytest.approx(report.signals.hip_angle_deg[i + 1])
    # on an analysed frame, its own state; before the first and after the last, held
    assert timeline.state_at(t0).xy == pytest.approx(timeline.state(i).xy)
    assert timeline.state_at(-1.0).xy == pytest.approx(pose.xy[0])
    assert timeline.state_at(float(pose.t[-1]) + 1.0).xy == pytest.approx(pose.xy[-1])
    scaled = timeline.state_at(t0 + 0.5 * (t1 - t0), scale=(0.5, 0.5))
    assert scaled.xy == pytest.approx(0.25 * (pose.xy[i] + pose.xy[i + 1]))


def test_interpolation_keeps_unseen_and_estimated_points_as_they_are(
    analysed: tuple[PoseSequence, SetReport],
) -> None:
    pose, report = analysed
    knee = MEDIAPIPE_33.index("right_knee")
    hip = MEDIAPIPE_33.index("left_hip")
    xy = pose.xy.copy()
    xy[11, knee] = np.nan  # the knee lost on frame 11
    lost = PoseSequence(xy, pose.confidence, pose.fps, pose.width, pose.height, t=pose.t)
    estimated = np.zeros(pose.confidence.shape, bool)
    estimated[11, hip] = True  # the hip estimated on frame 11 only
    timeline = OverlayTimeline(report, lost, estimated)
    t10, t11, t12 = (float(t) for t in pose.t[10:13])
    near_seen = timeline.state_at(t10 + 0.3 * (t11 - t10))
    assert near_seen.xy[knee] == pytest.approx(pose.xy[10, knee])  # snaps to the seen frame
    near_lost = timeline.state_at(t10 + 0.7 * (t11 - t10))
    assert np.isnan(near_lost.xy[knee]).all() and near_lost.visibility[knee] == 0
    for t in (t10 + 0.1 * (t11 - t10), t11, t11 + 0.9 * (t12 - t11)):
        state = timeline.state_at(t)
        assert state.is_estimated(hip) and not state.is_estimated(knee)
    assert not timeline.state_at(t12 + 0.1 * (t12 - t11)).is_estimated(hip)
    assert OverlayTimeline(report, pose, np.zeros_like(estimated)).state(3).estimated is None
    with pytest.raises(ValueError, match="one row per frame"):
        OverlayTimeline(report, pose, estimated[:5])


def test_estimated_points_are_drawn_hollow_with_dashed_bones_and_a_legend() -> None:
    hip = MEDIAPIPE_33.index("right_hip")
    estimated = np.zeros(N, bool)
    estimated[hip] = True
    seen = Skeleton().annotate(_blank(), _state())
    guessed = Skeleton().annotate(_blank(), _state(estimated=estimated))
    assert tuple(seen[150, 300]) == (255, 255, 255)  # a filled joint
    assert tuple(guessed[150, 300]) != (255, 255, 255)  # hollow: its centre left as it was
    assert (guessed[140:161, 290:311] > 200).all(axis=2).any()  # but its ring is drawn

    def coloured(frame: np.ndarray) -> list[bool]:  # along the hip-knee bone, inside
        return [bool(frame[round(150 - 50 * f), round(300 + 150 * f)].max() > 100)
                for f in np.linspace(0.15, 0.85, 60)]  # fmt: skip

    assert all(coloured(seen))
    assert 0.25 < np.mean(coloured(guessed)) < 0.8  # dashes and gaps
    # the shoulder-hip bone touches the hip: dashed too; the knee-ankle bone is not
    legend = EstimatedLegend()
    assert legend.annotate(_blank(), _state()).max() == 0
    assert legend.annotate(_blank(), _state(estimated=estimated))[:120, :].max() > 0
    assert legend.annotate(_blank(), _state(estimated=np.zeros(N, bool))).max() == 0


@pytest.mark.parametrize("size", [(640, 360), (360, 640), (240, 426), (180, 320)])
def test_the_fault_banner_wraps_inside_the_frame(size: tuple[int, int]) -> None:
    height, width = size[1], size[0]
    cue = "Tuck the chin and keep the ribs down: look at your knees as the hips rise to the top."
    state = _state(fault_names=("Lower back arched", "Head tipped back"), fault_cue=cue)
    frame = FaultBanner(background=(0, 0, 200)).annotate(
        np.zeros((height, width, 3), np.uint8), state
    )
    red = (frame == (0, 0, 200)).all(axis=2)
    rows = np.flatnonzero(red.any(axis=1))
    margin = round(12 * min(width, height) / 720)
    assert rows.size and rows.max() < height - margin + 1  # above the bottom margin
    # nothing reaches the right edge: every line fits between the margins
    assert not red[:, width - margin :].any()
    assert not red[:, :margin].any()
    lines = fit_lines(cue, 0.75 * min(width, height) / 720, width - 2 * margin)
    assert len(lines) >= (2 if width < height else 1)
    assert " ".join(lines) == cue


def test_a_label_wider_than_the_frame_is_drawn_smaller_not_cut() -> None:
    state = _state(fault_names=("W" * 80,), fault_rep=1)  # one word: cannot be wrapped
    frame = FaultBanner(background=(0, 0, 200)).annotate(np.zeros((640, 360, 3), np.uint8), state)
    red = (frame == (0, 0, 200)).all(axis=2)
    columns = np.flatnonzero(red.any(axis=0))
    rows = np.flatnonzero(red[:, columns.max()])  # the widest line's box
    assert columns.max() < 360 and columns.max() - columns.min() > 300
    box = frame[rows.min() : rows.max() + 1, columns.min() : columns.max() + 1]
    # the box's edges are its background (padding): the text inside was not cut
    assert (box[:, -1] == (0, 0, 200)).all() and (box[:, 0] == (0, 0, 200)).all()
    assert (box != (0, 0, 200)).any(axis=2).any()


def test_drawing_on_i420_looks_like_drawing_on_rgb() -> None:
    """The annotated video is drawn on the decoder's I420 planes: the same picture as drawing
    in RGB, within the chroma's half resolution."""
    import cv2

    estimated = np.zeros(N, bool)
    estimated[MEDIAPIPE_33.index("right_knee")] = True
    state = _state(
        fault_names=("Head tipped back",), fault_cue="Keep your chin tucked.", fault_rep=2,
        estimated=estimated,
    )  # fmt: skip
    background = np.zeros((360, 640, 3), np.uint8)
    background[:, :, 1] = np.linspace(40, 200, 640, dtype=np.uint8)[None, :]
    rgb = annotate_all(background.copy(), state, default_annotators())
    planes = cv2.cvtColor(background, cv2.COLOR_RGB2YUV_I420)
    canvas = I420Canvas(planes)
    assert canvas.shape == (360, 640, 3)
    assert annotate_all(canvas, state, default_annotators()) is canvas
    drawn = cv2.cvtColor(planes, cv2.COLOR_YUV2RGB_I420).astype(int)
    changed = np.abs(rgb.astype(int) - background).max(axis=2) > 30
    assert changed.mean() > 0.02  # something was drawn
    assert float(np.abs(drawn - rgb)[changed].mean()) < 20  # edges differ a little in colour
    assert float(np.abs(drawn - rgb).mean()) < 2
    with pytest.raises(ValueError, match="I420"):
        I420Canvas(np.zeros((5, 8), np.uint8))
