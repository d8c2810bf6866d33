from __future__ import annotations

import numpy as np
import pytest

from hipthrust.errors import InputError
from hipthrust.motion.pose import MEDIAPIPE_33
from hipthrust_testkit.synth import (
    CameraSpec,
    NoiseSpec,
    RepSpec,
    SetSpec,
    SyntheticSet,
    TruthRules,
    generate_set,
    plain_set,
)
from hipthrust_testkit.synth.body import WINTER

REP = RepSpec(concentric_s=0.8, hold_s=1.0, eccentric_s=1.2, pause_s=0.3)
SEGMENTS = {
    "thigh": ("hip", "knee"),
    "shank": ("knee", "ankle"),
    "upper_arm": ("shoulder", "elbow"),
    "forearm": ("elbow", "wrist"),
}


def _film(
    exercise: str = "hip_thrust",
    faults: tuple[str, ...] = (),
    reps: int = 2,
    seed: int = 0,
    **kwargs: object,
) -> SyntheticSet:
    spec = plain_set(exercise, reps, faults, rep=kwargs.pop("rep", REP), **kwargs)  # type: ignore[arg-type]
    return generate_set(spec, np.random.default_rng(seed))


def _point(s: SyntheticSet, name: str) -> np.ndarray:
    return s.world[:, MEDIAPIPE_33.index(name), :]


def _length(s: SyntheticSet, side: str, a: str, b: str) -> np.ndarray:
    return np.linalg.norm(_point(s, f"{side}_{a}") - _point(s, f"{side}_{b}"), axis=1)


@pytest.mark.parametrize(
    ("exercise", "faults"),
    [
        ("hip_thrust", ()),
        ("glute_bridge", ()),
        ("single_leg_hip_thrust", ()),
        ("single_leg_glute_bridge_knee_hug", ()),
        ("deficit_hip_thrust", ()),
        ("hip_thrust", ("lumbar_hyperextension", "wrong_pivot")),
        ("glute_bridge", ("shins_forward", "looking_at_ceiling")),
    ],
)
def test_segment_lengths_stay_constant_within_1_percent(
    exercise: str, faults: tuple[str, ...]
) -> None:
    s = _film(exercise, faults, height_m=1.68)
    segments = dict(SEGMENTS)
    if "lumbar_hyperextension" not in faults:  # a bend in the lower back shortens the trunk
        segments["trunk"] = ("shoulder", "hip")
    for side in ("left", "right"):
        for segment, (a, b) in segments.items():
            length = _length(s, side, a, b)
            assert np.ptp(length) / np.median(length) < 0.01, (side, segment)
    # In the sagittal plane the planted leg has Winter's proportions.
    hip, knee, ankle = (_point(s, f"{s.working_side}_{j}")[:, :2] for j in ("hip", "knee", "ankle"))
    for segment, length in (("thigh", knee - hip), ("shank", ankle - knee)):
        expected = WINTER.length(segment, 1.68)
        assert np.abs(np.linalg.norm(length, axis=1) / expected - 1).max() < 0.005


@pytest.mark.parametrize("exercise", ["hip_thrust", "glute_bridge", "single_leg_glute_bridge"])
def test_planted_feet_do_not_move(exercise: str) -> None:
    s = _film(exercise, reps=3)
    for joint in ("ankle", "heel", "foot_index"):
        track = _point(s, f"{s.working_side}_{joint}")
        assert np.ptp(track, axis=0).max() < 1e-9


@pytest.mark.parametrize("peak", [150.0, 165.0, 178.0, 182.0])
@pytest.mark.parametrize("exercise", ["hip_thrust", "glute_bridge"])
def test_the_hold_sits_at_the_requested_peak(peak: float, exercise: str) -> None:
    rep = RepSpec(
        concentric_s=0.9, hold_s=2.0, eccentric_s=1.5, peak_hip_deg=peak, hold_sag_deg=0.3
    )
    s = _film(exercise, rep=rep)
    for truth in s.truth:
        assert truth.peak_hip_angle_deg == pytest.approx(peak, abs=0.5)
        during = (s.truth_t >= truth.top_s) & (s.truth_t <= truth.lower_s)
        assert np.abs(s.truth_hip_angle_deg[during] - peak).max() <= 0.5


def test_truth_times_follow_the_tempo() -> None:
    s = _film(
        rep=RepSpec(concentric_s=1.2, hold_s=2.5, eccentric_s=2.0, pause_s=1.0),
        reps=3,
        lead_in_s=2.0,
    )
    assert [r.start_s for r in s.truth] == pytest.approx([2.0, 8.7, 15.4])
    for r in s.truth:
        assert (r.concentric_s, r.hold_s, r.eccentric_s) == pytest.approx((1.2, 2.5, 2.0))
        assert r.top_s <= r.peak_s <= r.lower_s
        # Time within 5 degrees of the peak includes the slow approach to it.
        assert r.hold_s < r.hold_band_s < r.hold_s + r.concentric_s / 2 + r.eccentric_s / 2
        assert r.counted and r.faults == frozenset()


@pytest.mark.parametrize(
    ("faults", "expected"),
    [
        (("incomplete_extension",), {"incomplete_extension"}),
        (("lumbar_hyperextension",), {"lumbar_hyperextension"}),
        (("shins_forward",), {"shins_forward"}),
        (("shins_back",), {"shins_back"}),
        (("no_pause",), {"no_pause"}),
        (("rushed_eccentric",), {"rushed_eccentric"}),
        (("looking_at_ceiling",), {"looking_at_ceiling"}),
        (("no_pause", "looking_at_ceiling"), {"no_pause", "looking_at_ceiling"}),
    ],
)
def test_injected_faults_are_what_the_truth_measures(
    faults: tuple[str, ...], expected: set[str]
) -> None:
    s = _film("hip_thrust", faults)
    for r in s.truth:
        assert r.faults == expected
        assert not r.ambiguous


def test_feet_too_far_out_slope_the_shins_forward_with_the_knee_behind_the_ankle() -> None:
    forward = _film("hip_thrust", ("shins_forward",))
    back = _film("hip_thrust", ("shins_back",))
    side = forward.working_side
    for s, sign in ((forward, 1), (back, -1)):
        top = int(np.searchsorted(s.pose.t, s.truth[0].peak_s))
        knee_x = _point(s, f"{side}_knee")[top, 0]
        ankle_x = _point(s, f"{side}_ankle")[top, 0]
        # Head on the left: "forward" (toward the feet) is +x.
        assert np.sign(ankle_x - knee_x) == sign
        assert sign * s.truth[0].shin_tilt_deg > 10


def test_lumbar_hyperextension_puts_the_hip_above_the_shoulder_knee_line() -> None:
    s = _film("hip_thrust", ("lumbar_hyperextension",))
    side = s.near_side
    top = int(np.searchsorted(s.pose.t, s.truth[0].peak_s))
    sh, hip, knee = (_point(s, f"{side}_{j}")[top, :2] for j in ("shoulder", "hip", "knee"))
    line_y = sh[1] + (knee[1] - sh[1]) * (hip[0] - sh[0]) / (knee[0] - sh[0])
    assert hip[1] > line_y + 0.02
    assert s.truth[0].peak_hip_angle_deg > 186 and s.truth[0].lumbar_extension_deg > 20


def test_a_wrong_pivot_slides_the_shoulders_along_the_bench() -> None:
    good = _film("hip_thrust")
    bad = _film("hip_thrust", ("wrong_pivot",))
    assert good.truth[0].pivot_slide_m == 0 and bad.truth[0].pivot_slide_m == pytest.approx(0.12)
    assert bad.truth[0].shoulder_travel_m > good.truth[0].shoulder_travel_m + 0.08
    assert "wrong_pivot" in bad.truth[0].faults


def test_a_rep_that_stops_short_is_not_counted() -> None:
    reps = (REP, REP, RepSpec(concentric_s=0.6, hold_s=0.0, eccentric_s=0.6, peak_hip_deg=110))
    s = generate_set(SetSpec(reps=reps), np.random.default_rng(0))
    assert [r.counted for r in s.truth] == [True, True, False]
    assert s.rep_count == 2 and s.truth[2].faults == frozenset()


def test_a_hip_thrust_moves_the_hips_like_a_loaded_bar() -> None:
    s = _film("hip_thrust", rep=RepSpec(concentric_s=0.8))
    rise = s.truth[0].hip_rise_m
    assert 0.25 < rise < 0.45  # domain.md §5: bar travel 30-40 cm
    assert s.truth[0].mean_concentric_velocity_m_s == pytest.approx(rise / 0.8)


@pytest.mark.parametrize(
    "camera",
    [
        CameraSpec(),
        CameraSpec(head_at="right", roll_deg=-5.0, height_m=1.0),
        CameraSpec(width=720, height=1280, distance_m=3.6, fps=60.0),
    ],
)
def test_clean_landmarks_lie_inside_the_frame_and_the_near_side_is_seen_better(
    camera: CameraSpec,
) -> None:
    s = _film(camera=camera, noise=NoiseSpec(jitter_px=2.0, drop_rate=0.02, jump_rate=0.01))
    xy = s.clean.xy
    assert (xy[..., 0] >= 0).all() and (xy[..., 0] <= camera.width - 1).all()
    assert (xy[..., 1] >= 0).all() and (xy[..., 1] <= camera.height - 1).all()
    seen = np.isfinite(s.pose.xy)
    assert (s.pose.xy[seen] >= 0).all()
    far = "left" if s.near_side == "right" else "right"
    assert s.pose.score(f"{s.near_side}_hip").mean() > s.pose.score(f"{far}_hip").mean()
    assert s.near_side == ("right" if camera.head_at == "left" else "left")
    assert s.pose.fps == camera.fps and (s.pose.width, s.pose.height) == (
        camera.width,
        camera.height,
    )


def test_the_scale_converts_pixels_to_metres_at_the_near_side() -> None:
    s = _film()
    side = s.near_side
    px = np.linalg.norm(s.clean.point(f"{side}_knee") - s.clean.point(f"{side}_ankle"), axis=1)
    assert np.median(px) * s.scale_m_per_px == pytest.approx(WINTER.length("shank", 1.75), rel=0.05)


def test_a_fixed_seed_reproduces_the_set_and_another_seed_does_not() -> None:
    noise = NoiseSpec(jitter_px=2.0, drop_rate=0.02, jump_rate=0.01)
    a, b = _film(noise=noise, seed=5), _film(noise=noise, seed=5)
    c = _film(noise=noise, seed=6)
    assert np.array_equal(a.pose.xy, b.pose.xy, equal_nan=True)
    assert a.truth == b.truth
    assert not np.array_equal(a.pose.xy, c.pose.xy, equal_nan=True)
    assert np.array_equal(a.clean.xy, c.clean.xy)


def test_thresholds_come_from_the_rules_passed_in() -> None:
    spec = plain_set("hip_thrust", 2, rep=RepSpec(peak_hip_deg=170.0))
    strict = generate_set(spec, np.random.default_rng(0), TruthRules(incomplete_below_deg=172))
    assert all("incomplete_extension" in r.faults for r in strict.truth)
    assert all("incomplete_extension" in r.ambiguous for r in strict.truth)
    assert not any(r.faults for r in generate_set(spec, np.random.default_rng(0)).truth)


def test_a_lifter_who_does_not_fit_in_the_frame_is_refused() -> None:
    with pytest.raises(InputError, match="does not fit"):
        _film(camera=CameraSpec(distance_m=0.8))


def test_in_lumbar_hyperextension_the_trunk_keeps_turning_after_the_hip_stops() -> None:
    rep = RepSpec(concentric_s=1.2, hold_s=1.0, eccentric_s=1.5, lumbar_extension_deg=25.0)
    s = _film(rep=rep, camera=CameraSpec(fps=60.0))
    side = s.near_side
    shoulder, hip = (_point(s, f"{side}_{j}")[:, :2] for j in ("shoulder", "hip"))
    trunk = np.degrees(np.arctan2(*(hip - shoulder).T[::-1]))
    r = s.truth[0]
    # The hip joint is at its top from 75% of the rise (domain.md §3.3); the trunk turns on.
    late = (s.pose.t >= r.start_s + 0.75 * 1.2) & (s.pose.t <= r.top_s)
    assert np.ptp(trunk[late]) > 3.0
    angle = np.interp(s.pose.t[late], s.truth_t, s.truth_hip_angle_deg)
    assert angle[-1] - angle[0] > 5.0


# --- The bench_contact body: the back rolls over the bench edge, the hips' height is eased ----


@pytest.mark.parametrize("exercise", ["hip_thrust", "glute_bridge"])
def test_the_bench_contact_body_keeps_lengths_feet_and_tempo(exercise: str) -> None:
    s = _film(exercise, reps=2, body_model="bench_contact")
    for side in ("left", "right"):
        for a, b in (("hip", "knee"), ("knee", "ankle"), ("shoulder", "hip")):
            length = _length(s, side, a, b)
            assert np.ptp(length) / np.median(length) < 0.01
    assert np.ptp(_point(s, f"{s.working_side}_ankle"), axis=0).max() < 1e-9
    for truth in s.truth:  # the knots, as for the hinge body
        assert truth.hold_s == pytest.approx(REP.hold_s)
        assert truth.concentric_s == pytest.approx(REP.concentric_s)
        assert truth.peak_hip_angle_deg == pytest.approx(178.0, abs=0.6)


def test_on_a_bench_the_back_rolls_over_the_edge() -> None:
    """The shoulders do not turn on a fixed radius about the contact: the contact moves down
    the back as the hips rise (0.05 x height per radian)."""
    from hipthrust_testkit.synth.generate import plan, setup_of

    hinge = plain_set("hip_thrust", 1, rep=REP)
    rolling = plain_set("hip_thrust", 1, rep=REP, body_model="bench_contact")
    setup_h, setup_r = setup_of(hinge)[0], setup_of(rolling)[0]
    assert setup_h.back_roll_m == 0.0
    assert setup_r.back_roll_m == pytest.approx(0.05 * rolling.height_m)
    from hipthrust_testkit.synth.body import lying_chain

    theta = np.array([-30.0, 0.0, 10.0])
    for setup, rolls in ((setup_h, False), (setup_r, True)):
        chain = lying_chain(setup, theta)
        radius = np.linalg.norm(chain.shoulder - np.array(setup.pivot), axis=1)
        assert (np.ptp(radius) > 0.02) == rolls
    assert plan(rolling)[1].reps[0].top_s == plan(hinge)[1].reps[0].top_s


def test_the_bench_contact_body_eases_the_hips_height_not_the_hip_angle() -> None:
    rep = RepSpec(concentric_s=1.0, hold_s=1.0, eccentric_s=1.0, pause_s=0.5, hold_sag_deg=0.0)
    hinge = _film("hip_thrust", reps=1, rep=rep, idle_sway_deg=0.0)
    eased = _film("hip_thrust", reps=1, rep=rep, idle_sway_deg=0.0, body_model="bench_contact")
    truth = hinge.truth[0]
    mid = truth.start_s + 0.5 * truth.concentric_s
    i = int(np.argmin(np.abs(hinge.truth_t - mid)))
    low, high = truth.bottom_hip_angle_deg, truth.peak_hip_angle_deg
    # Half way through the rise, the hinge body is half way in angle (minimum jerk), the
    # bench_contact body half way in the hips' height.
    assert hinge.truth_hip_angle_deg[i] == pytest.approx((low + high) / 2, abs=0.5)
    hip = _point(eased, f"{eased.near_side}_hip")[:, 1]
    t = np.arange(hip.size) / eased.spec.camera.fps
    j = int(np.argmin(np.abs(t - mid)))
    bottom = hip[int(np.argmin(np.abs(t - truth.start_s)))]
    top = hip[int(np.argmin(np.abs(t - truth.top_s)))]
    assert hip[j] == pytest.approx((bottom + top) / 2, abs=0.01 * abs(top - bottom) + 1e-3)
