"""The whole analysis on synthetic sets with a known truth (hipthrust_testkit.synth)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.motion.analysis import AnalysisOptions, analyze_pose
from hipthrust.motion.faults import FaultRules
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence
from hipthrust.motion.report import SetReport
from hipthrust_testkit.synth import (
    CameraSpec,
    NoiseSpec,
    RepSpec,
    SyntheticSet,
    generate_set,
    plain_set,
)

NOISE = NoiseSpec(jitter_px=2.0, far_side_offset_px=3.0, drop_rate=0.02, jump_rate=0.005)
REP = RepSpec(concentric_s=1.0, hold_s=1.5, eccentric_s=2.0, pause_s=0.5)


def film(
    exercise: str = "hip_thrust",
    faults: tuple[str, ...] = (),
    reps: int = 5,
    seed: int = 1,
    noise: NoiseSpec = NOISE,
    **kwargs: object,
) -> SyntheticSet:
    spec = plain_set(exercise, reps, faults, rep=kwargs.pop("rep", REP), noise=noise, **kwargs)  # type: ignore[arg-type]
    return generate_set(spec, np.random.default_rng(seed))


def analyse(s: SyntheticSet, **options: object) -> SetReport:
    return analyze_pose(s.pose, AnalysisOptions(**options))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "exercise",
    [
        "hip_thrust",
        "glute_bridge",
        "barbell_hip_thrust",
        "deficit_hip_thrust",
        "single_leg_hip_thrust",
    ],
)
def test_reps_holds_and_peaks_match_the_truth(exercise: str) -> None:
    s = film(exercise)
    report = analyse(s)
    assert report.rep_count == s.rep_count == 5
    for rep, truth in zip(report.reps, s.counted, strict=True):
        assert rep.hold_s == pytest.approx(truth.hold_s, abs=0.25)
        assert rep.peak_hip_angle_deg == pytest.approx(truth.peak_hip_angle_deg, abs=3.0)
        assert rep.start_s == pytest.approx(truth.start_s, abs=0.25)
        assert rep.end_s == pytest.approx(truth.end_s, abs=0.3)
    holds = [r.hold_s - t.hold_s for r, t in zip(report.reps, s.counted, strict=True)]
    # The phases are read on the hip angle and on the hips' height and averaged
    # (motion.reps._time_reps). On this body the hip angle follows the eased curves and the
    # height is a curved function of it; the deficit's hips travel farthest, and there this one
    # condition (1 s rise, 1.5 s hold, 2 px) reads its holds 0.10 s long on average over six
    # seeds (0.07 on the angle alone, 0.14 on the height alone). Over random sets the bias is
    # measured by benchmarks/motion_accuracy.py.
    bar = 0.15 if exercise == "deficit_hip_thrust" else 0.1
    assert abs(float(np.mean(holds))) < bar


@pytest.mark.parametrize(
    ("exercise", "fault"),
    [
        ("hip_thrust", "incomplete_extension"),
        ("hip_thrust", "lumbar_hyperextension"),
        ("hip_thrust", "shins_forward"),
        ("hip_thrust", "shins_back"),
        ("hip_thrust", "no_pause"),
        ("hip_thrust", "rushed_eccentric"),
        ("hip_thrust", "looking_at_ceiling"),
        ("hip_thrust", "wrong_pivot"),
        ("glute_bridge", "incomplete_extension"),
        ("glute_bridge", "lumbar_hyperextension"),
        ("glute_bridge", "looking_at_ceiling"),
    ],
)
def test_each_fault_is_found_on_every_rep_and_nothing_else(exercise: str, fault: str) -> None:
    s = film(exercise, (fault,))
    report = analyse(s)
    assert report.rep_count == s.rep_count
    for rep, truth in zip(report.reps, s.counted, strict=True):
        assert {f.id for f in rep.faults} == set(truth.faults)
        assert fault in truth.faults


def knee_at_peak(s: SyntheticSet, when: float) -> float:
    i = min(round(when * s.spec.camera.fps), s.world.shape[0] - 1)
    hip, knee, ankle = (
        s.world[i, MEDIAPIPE_33.index(f"{s.working_side}_{j}")] for j in ("hip", "knee", "ankle")
    )
    a, b = hip - knee, ankle - knee
    return float(np.degrees(np.arccos(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))))


@pytest.mark.parametrize(
    ("shin_tilt", "max_knee", "expected"),
    [
        (-18.0, 125.0, {"feet_too_close"}),
        (0.0, 125.0, set()),
        (22.0, 125.0, set()),
        # The model's feet cannot go far enough out for 125 deg: a coach's stricter rule.
        (45.0, 105.0, {"feet_too_far"}),
    ],
)
def test_a_floor_bridge_is_judged_by_the_knee_not_the_shin(
    shin_tilt: float, max_knee: float, expected: set[str]
) -> None:
    # Shins sloping forward with the knee near 90 deg is a good bridge, not "feet too far"
    # (the vertical-shin rule is the bench hip thrust's); a knee far from 90 is.
    s = film("glute_bridge", shin_tilt_deg=shin_tilt)
    report = analyse(s, faults=FaultRules(floor_max_knee_deg=max_knee))
    assert report.setup.value == "floor" and report.setup.source == "pose"
    assert report.rep_count == s.rep_count
    for rep, truth in zip(report.reps, s.counted, strict=True):
        knee = knee_at_peak(s, truth.peak_s)
        assert rep.knee_angle_top_deg == pytest.approx(knee, abs=4.0)
        assert {f.id for f in rep.faults} == expected
        statuses = {c.id: c.status for c in rep.checks}
        assert statuses["shins_forward"] == statuses["shins_back"] == "not_applicable"
        assert statuses["wrong_pivot"] == "not_applicable"
    if expected:
        fault = next(iter(expected))
        assert report.fault_counts() == {fault: s.rep_count}
        assert "90°" in report.reps[0].faults[0].cue


def test_the_setup_named_by_the_user_wins_and_unknown_judges_no_feet() -> None:
    s = film("glute_bridge", shin_tilt_deg=22.0)
    as_bench = analyse(s, setup="bench")
    assert as_bench.setup.value == "bench" and as_bench.setup.source == "given"
    assert all("shins_forward" in {f.id for f in r.faults} for r in as_bench.reps)
    thrust = analyse(film("hip_thrust", ("shins_forward",)))
    assert thrust.setup.value == "bench"
    assert thrust.fault_counts() == {"shins_forward": thrust.rep_count}


def test_a_clean_set_has_no_faults() -> None:
    report = analyse(film())
    assert report.fault_counts() == {}


def test_partial_rep_is_not_counted_and_is_said() -> None:
    partial = dataclasses.replace(REP, peak_hip_deg=120.0, hold_s=0.2)
    spec = plain_set("hip_thrust", 4, rep=REP, noise=NOISE)
    spec = dataclasses.replace(spec, reps=(REP, REP, partial, REP))
    s = generate_set(spec, np.random.default_rng(3))
    report = analyse(s)
    assert report.rep_count == s.rep_count == 3
    assert report.partial_reps == 1
    assert "partial_rep" in {w.id for w in report.warnings}


def test_single_leg_with_the_free_leg_nearest_measures_the_planted_leg() -> None:
    s = film("single_leg_glute_bridge", camera=CameraSpec(head_at="left"), working_side="left")
    report = analyse(s)
    assert s.near_side != s.working_side  # the free leg faces the camera
    assert report.side == s.working_side
    assert "free_leg" in {w.id for w in report.warnings}
    assert report.rep_count == s.rep_count


@pytest.mark.parametrize("head_at", ["left", "right"])
def test_either_direction_and_side_override(head_at: str) -> None:
    s = film(camera=CameraSpec(head_at=head_at))  # type: ignore[arg-type]
    report = analyse(s)
    assert report.side == s.near_side
    assert report.rep_count == 5
    forced = analyse(s, side="left" if s.near_side == "right" else "right")
    assert forced.side != s.near_side and forced.side_overridden


def test_camera_tilt_is_found_and_removed() -> None:
    s = film("hip_thrust", ("shins_forward",), camera=CameraSpec(roll_deg=5.0))
    report = analyse(s)
    assert report.tilt_deg == pytest.approx(5.0, abs=1.0)
    assert report.tilt_source == "feet"
    assert "camera_tilt" in {w.id for w in report.warnings}
    assert report.fault_counts() == {"shins_forward": 5}


def test_velocity_needs_a_scale_and_then_matches_the_truth() -> None:
    s = film("barbell_hip_thrust")
    bare = analyse(s, load_kg=100.0)
    assert all(r.mean_concentric_velocity_m_s is None for r in bare.reps)
    assert bare.estimated_pct_1rm is None
    assert "no_scale" in {w.id for w in bare.warnings}
    scaled = analyse(s, load_kg=100.0, scale_m_per_px=s.scale_m_per_px)
    for rep, truth in zip(scaled.reps, s.counted, strict=True):
        assert rep.mean_concentric_velocity_m_s == pytest.approx(
            truth.mean_concentric_velocity_m_s, rel=0.2
        )
    assert scaled.estimated_pct_1rm is not None and scaled.estimated_pct_1rm.error == 7.0
    assert scaled.estimated_1rm_kg is not None and scaled.estimated_rir is not None
    from_height = analyse(s, body_height_m=s.spec.height_m)
    assert from_height.scale is not None and from_height.scale.source == "body_height"
    assert from_height.scale.m_per_px == pytest.approx(s.scale_m_per_px, rel=0.1)


def test_a_long_loss_of_tracking_is_said_and_does_not_crash() -> None:
    s = film(reps=6)
    xy = s.pose.xy.copy()
    conf = s.pose.confidence.copy()
    lost = (s.pose.t > 6.0) & (s.pose.t < 8.5)
    xy[lost] = np.nan
    conf[lost] = 0.0
    pose = PoseSequence(xy, conf, s.pose.fps, s.pose.width, s.pose.height)
    report = analyze_pose(pose)
    assert "tracking_gap" in {w.id for w in report.warnings}
    assert 4 <= report.rep_count <= 6
    phases = report.signals.phase
    assert all(phases[i] == "unknown" for i in np.flatnonzero(lost))


@pytest.mark.parametrize("exercise", ["hip_thrust", "glute_bridge"])
def test_a_top_lost_to_tracking_counts_the_rep_and_judges_nothing_at_the_top(
    exercise: str,
) -> None:
    """The lifter lost from halfway up to halfway down (BlazePose on a cluttered gym lost the
    tops of a rendered hip thrust): the rep counts; the peak read at the gap's edge (far short
    of the top) names no fault, the top's checks are unsure and the hold is not measured."""
    s = film(exercise, reps=3)
    second = s.truth[1]
    xy, conf = s.pose.xy.copy(), s.pose.confidence.copy()
    lost = (s.pose.t > second.start_s + 0.5 * second.concentric_s) & (
        s.pose.t < second.lower_s + 0.5 * second.eccentric_s
    )
    xy[lost], conf[lost] = np.nan, 0.0
    pose = PoseSequence(xy, conf, s.pose.fps, s.pose.width, s.pose.height)
    report = analyze_pose(pose)
    assert report.rep_count == 3
    hidden = report.reps[1]
    assert hidden.not_observed == ("top", "hold", "lowering")
    assert hidden.faults == ()
    statuses = {c.id: c.status for c in hidden.checks}
    assert statuses["incomplete_extension"] == "unsure"
    assert statuses["no_pause"] == statuses["rushed_eccentric"] == "not_measured"
    assert report.reps[0].not_observed == report.reps[2].not_observed == ()


def _transformed(s: SyntheticSet, how: str) -> PoseSequence:
    xy = s.pose.xy.copy()
    if how == "standing":  # turn the lifter upright: image x becomes y
        xy = xy[..., ::-1].copy()
        width, height = s.pose.height, s.pose.width
    else:  # upside down: face to the floor
        xy[..., 1] = s.pose.height - xy[..., 1]
        width, height = s.pose.width, s.pose.height
    return PoseSequence(xy, s.pose.confidence, s.pose.fps, width, height)


@pytest.mark.parametrize("how", ["standing", "prone"])
def test_not_a_bridge_is_said_and_no_reps_are_invented(how: str) -> None:
    report = analyze_pose(_transformed(film(), how))
    assert report.rep_count == 0
    assert how in {w.id for w in report.warnings}


def test_a_still_lifter_has_no_reps() -> None:
    s = film(reps=3)
    still = np.repeat(s.pose.xy[:1], s.pose.n_frames, axis=0)
    pose = PoseSequence(still, s.pose.confidence, s.pose.fps, s.pose.width, s.pose.height)
    report = analyze_pose(pose)
    assert report.rep_count == 0
    assert "no_hip_movement" in {w.id for w in report.warnings}


def test_a_front_view_is_said() -> None:
    s = film(camera=CameraSpec(yaw_deg=75.0), noise=NoiseSpec())
    assert "not_side_view" in {w.id for w in analyse(s).warnings}


def test_nobody_and_too_little_are_refused() -> None:
    s = film(reps=1, noise=NoiseSpec())
    empty = PoseSequence(
        np.full_like(s.pose.xy, np.nan), np.zeros_like(s.pose.confidence), 30.0, 640, 480
    )
    with pytest.raises(InputError, match="no person"):
        analyze_pose(empty)
    with pytest.raises(InputError, match="frames"):
        analyze_pose(s.pose.slice(0, 5))


def test_signals_line_up_with_frames() -> None:
    s = film(reps=2, noise=NoiseSpec())
    report = analyse(s)
    assert report.signals.t_s.shape == (s.pose.n_frames,)
    assert set(report.signals.phase) <= {"bottom", "concentric", "top", "eccentric", "unknown"}
    assert "top" in report.signals.phase


@pytest.mark.parametrize(
    "options",
    [{"load_kg": -5.0}, {"scale_m_per_px": 0.0}, {"side": "up"}, {"tilt_deg": 80.0}],
)
def test_options_refuse_nonsense(options: dict[str, object]) -> None:
    with pytest.raises(InputError):
        AnalysisOptions(**options)  # type: ignore[arg-type]


def test_a_lower_leg_that_jumps_with_the_feet_unmoved_is_not_a_fault() -> None:
    # As on a real portrait clip: at one rep's top the ankle is drawn up the shin and toward
    # the hips (the shin angle read -19 there, -1 on the other reps), heel and toe unmoved.
    s = film("hip_thrust", reps=4)
    pose = s.pose
    side = s.near_side
    t = pose.t
    first = s.counted[1]
    top = (t >= first.top_s - 0.2) & (t <= first.lower_s + 0.2)
    xy = pose.xy.copy()
    knee = xy[:, pose.index(f"{side}_knee")]
    ankle = xy[:, pose.index(f"{side}_ankle")]
    toward_hips = np.sign(np.nanmedian(xy[:, pose.index(f"{side}_hip"), 0] - ankle[:, 0]))
    shank = np.nanmedian(np.hypot(*(knee - ankle).T))
    moved = ankle.copy()
    moved[top, 0] += toward_hips * 0.3 * shank
    moved[top, 1] -= 0.25 * shank
    xy[:, pose.index(f"{side}_ankle")] = moved
    jumped = PoseSequence(xy, pose.confidence, pose.fps, pose.width, pose.height)
    report = analyze_pose(jumped, AnalysisOptions())
    assert report.rep_count == s.rep_count
    shins = [r.shin_angle_top_deg for r in report.reps]
    assert shins[1] < -10 < min(shins[:1] + shins[2:])  # the reading jumped past the rule ...
    assert report.fault_counts() == {}  # ... but no cue comes from it
    check = next(c for c in report.reps[1].checks if c.id == "shins_back")
    assert check.status == "unsure"
    said = next(w for w in report.warnings if w.id == "not_judged")
    assert "shins slope back at the top (rep 2)" in said.message
    assert check.uncertainty > abs(check.value - check.threshold)
    # The other reps' shins stay judged.
    assert all(
        next(c for c in r.checks if c.id == "shins_back").status == "ok"
        for i, r in enumerate(report.reps)
        if i != 1
    )


def test_an_ankle_put_up_the_shin_in_every_frame_is_not_judged() -> None:
    # A rack's upright in front of the shins (issue 14): the model puts the ankle halfway up
    # the shin in every frame, so its length never jumps; the lower leg is then half the
    # thigh's length, which no body shows: the knee and shin are not judged.
    s = film("hip_thrust", reps=3)
    pose = s.pose
    side = s.near_side
    xy = pose.xy.copy()
    for name in (side, "left" if side == "right" else "right"):
        knee = xy[:, pose.index(f"{name}_knee")]
        ankle = xy[:, pose.index(f"{name}_ankle")]
        xy[:, pose.index(f"{name}_ankle")] = 0.5 * (knee + ankle)
    pulled = PoseSequence(xy, pose.confidence, pose.fps, pose.width, pose.height)
    # the setup given (--exercise): the moved ankles would leave it unknown, and the feet unjudged
    report = analyze_pose(pulled, AnalysisOptions(setup="bench"))
    assert report.rep_count == s.rep_count
    assert not {"shins_forward", "shins_back"} & set(report.fault_counts())
    for rep in report.reps:
        for c in rep.checks:
            if c.id in ("shins_forward", "shins_back"):
                assert c.status == "unsure" and "of the thigh's length" in c.reason
    # the hip, which nothing hides, is judged as before
    plain = analyze_pose(pose, AnalysisOptions(setup="bench"))
    assert all(c.status != "unsure" for r in plain.reps for c in r.checks if c.id == "shins_back")
    assert [r.peak_hip_angle_deg for r in report.reps] == [r.peak_hip_angle_deg for r in plain.reps]


def test_the_uncertainty_grows_with_jitter_and_with_a_guessed_joint() -> None:
    def shin_uncertainty(pose: PoseSequence) -> float:
        report = analyze_pose(pose, AnalysisOptions())
        values = [
            next(c for c in r.checks if c.id == "shins_forward").uncertainty for r in report.reps
        ]
        return float(np.median(values))

    steady = film(noise=NoiseSpec(jitter_px=0.5), seed=4)
    shaky = film(noise=NoiseSpec(jitter_px=4.0), seed=4)
    assert shin_uncertainty(shaky.pose) > 2 * shin_uncertainty(steady.pose)
    pose = shaky.pose
    confidence = pose.confidence.copy()
    confidence[:, pose.index(f"{shaky.near_side}_ankle")] = 0.3  # the ankle guessed
    guessed = PoseSequence(pose.xy, confidence, pose.fps, pose.width, pose.height)
    assert shin_uncertainty(guessed) > 1.2 * shin_uncertainty(pose)


# --- The clip's edges: what a coach counts and judges -----------------------------------------


def _clip(s: SyntheticSet, start_s: float, stop_s: float) -> PoseSequence:
    t = s.pose.t
    keep = np.flatnonzero((t >= start_s) & (t < stop_s))
    return s.pose.slice(int(keep[0]), int(keep[-1]) + 1)


@pytest.mark.parametrize("exercise", ["glute_bridge", "hip_thrust"])
def test_a_last_rep_cut_off_in_its_lowering_counts_without_lowering_faults(
    exercise: str,
) -> None:
    s = film(exercise, ("rushed_eccentric",), reps=3)
    last = s.truth[-1]
    pose = _clip(s, 0.0, last.lower_s + 0.5 * last.eccentric_s)
    report = analyze_pose(pose)
    assert report.rep_count == 3
    cut = report.reps[-1]
    assert cut.not_observed == ("hold", "lowering")
    assert cut.eccentric_s != cut.eccentric_s  # NaN: not seen
    assert "rushed_eccentric" not in {f.id for f in cut.faults}
    assert "no_pause" not in {f.id for f in cut.faults}
    whole = analyze_pose(s.pose)  # seen whole, the same lowering is a fault
    assert "rushed_eccentric" in {f.id for f in whole.reps[-1].faults}
    assert all(np.isfinite(r.eccentric_s) for r in report.reps[:-1])
    data = report.to_json()["reps"][-1]
    assert data["eccentric_s"] is None and data["hold_s"] is None
    assert data["not_observed"] == ["hold", "lowering"]


def test_a_clip_starting_and_ending_at_the_top_counts_as_a_coach_does() -> None:
    s = film("glute_bridge", reps=3, rep=dataclasses.replace(REP, hold_s=1.4))
    first, _, third = s.truth
    pose = _clip(s, first.top_s + 0.3, third.top_s + 0.6)
    report = analyze_pose(pose)
    assert report.rep_count == 2
    assert report.reps[0].hold_s == pytest.approx(1.4, abs=0.2)
    assert report.reps[1].not_observed == ("hold", "lowering")
    assert report.partial_reps == 0
    assert not [w for w in report.warnings if w.id == "partial_rep"]


def _with_set_up(s: SyntheticSet, sit_s: float = 1.0, lie_back_s: float = 1.5) -> PoseSequence:
    """The set with a set-up before it: sitting up on the floor (trunk raised 75 deg about the
    hips), then lying back to the first rep's bottom; the legs as at the start."""
    pose = s.pose
    first = pose.xy[0]
    names = pose.names
    upper = [
        i
        for i, n in enumerate(names)
        if not any(k in n for k in ("hip", "knee", "ankle", "heel", "foot"))
    ]
    hip = (first[names.index("left_hip")] + first[names.index("right_hip")]) / 2
    toward_feet = np.sign(
        first[names.index("right_ankle"), 0] - first[names.index("right_shoulder"), 0]
    )
    n_sit, n_lie = round(sit_s * pose.fps), round(lie_back_s * pose.fps)
    frames = []
    for k in range(n_sit + n_lie):
        u = max(0.0, (k - n_sit) / n_lie)
        raised = -np.radians(75.0) * toward_feet * (1 - u**3 * (10 - 15 * u + 6 * u * u))
        c, s_ = np.cos(raised), np.sin(raised)
        xy = first.copy()
        d = xy[upper] - hip
        xy[upper] = hip + np.stack((c * d[:, 0] + s_ * d[:, 1], -s_ * d[:, 0] + c * d[:, 1]), -1)
        frames.append(xy)
    xy = np.concatenate([np.array(frames), pose.xy])
    confidence = np.concatenate([np.repeat(pose.confidence[:1], len(frames), 0), pose.confidence])
    return PoseSequence(xy, confidence, pose.fps, pose.width, pose.height)


def test_set_up_before_the_first_rep_is_not_a_rep_and_does_not_merge_reps() -> None:
    """Sitting up, then lying back: the hip angle rises 70 deg before the first rep. It is
    neither a rep nor the first rep's bottom (which would merge the reps into one)."""
    rep = dataclasses.replace(REP, pause_s=0.8)
    s = film("glute_bridge", reps=3, rep=rep)
    pose = _with_set_up(s)
    set_up_s = pose.t[-1] - s.pose.t[-1]
    report = analyze_pose(pose)
    assert report.rep_count == 3
    for found, truth in zip(report.reps, s.counted, strict=True):
        assert found.start_s - set_up_s == pytest.approx(truth.start_s, abs=0.25)
        assert found.hold_s == pytest.approx(truth.hold_s, abs=0.25)


def test_a_shoulder_misplaced_at_a_top_is_not_cued_but_a_head_truly_tipped_back_is() -> None:
    """The pose model puts the shoulder up the neck at one rep's top (BlazePose on a cluttered
    gym): the head reads tipped back with little jitter, but the neck's length on screen
    changes against its median over the set, so that top's head check is unsure with that
    reason, no cue. A lifter who truly looks at the ceiling keeps the neck's length: a fault."""
    s = film("hip_thrust", reps=3)
    second = s.truth[1]
    # The error grows with the hips' lift through that rep, as a pose model's does.
    rep = (s.pose.t >= second.start_s) & (s.pose.t <= second.lower_s + second.eccentric_s)
    hip_y = s.pose.point("right_hip")[:, 1]
    low, high = np.nanmax(hip_y[rep]), np.nanmin(hip_y[rep])
    lift = np.nan_to_num(np.where(rep, np.clip((low - hip_y) / (low - high), 0.0, 1.0), 0.0))
    trunk = s.pose.point("right_shoulder") - s.pose.point("right_hip")
    length = float(np.nanmedian(np.hypot(*trunk.T)))
    xy = s.pose.xy.copy()
    for side in ("left", "right"):  # towards the head and up, a tenth and 0.15 of the trunk
        xy[:, s.pose.names.index(f"{side}_shoulder")] += np.outer(lift, [-0.1, -0.15]) * length
    pose = PoseSequence(xy, s.pose.confidence, s.pose.fps, s.pose.width, s.pose.height)
    report = analyze_pose(pose)
    assert report.rep_count == 3
    head = next(c for c in report.reps[1].checks if c.id == "looking_at_ceiling")
    assert head.threshold - head.value > head.uncertainty  # the reading alone would be a fault
    assert head.status == "unsure"
    assert "neck" in head.reason
    assert [r.faults for r in report.reps] == [(), (), ()]

    tipped = analyse(film("hip_thrust", ("looking_at_ceiling",), reps=3))
    assert tipped.fault_counts() == {"looking_at_ceiling": 3}
