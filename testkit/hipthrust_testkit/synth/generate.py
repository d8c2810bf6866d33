"""Film a synthetic set: the model's landmarks in pixels, with noise, and the truth per rep.

The truth is measured on the noiseless model at 500 Hz, not copied from the spec: the peak is
the highest shoulder-hip-knee angle the body actually reached, the faults are read from the
geometry with ``TruthRules``. Phase times are the model's own: the rise runs from the moment
the hips leave the bottom to the moment they reach the top, the hold from then until they start
down, the lowering until they are back at the bottom (the times a coach would stop-watch, and
what ``hipthrust.motion.reps`` estimates). ``hold_band_s`` also gives the time within a band of
the peak.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipthrust.errors import InputError
from hipthrust.motion.pose import MEDIAPIPE_33, PoseSequence
from hipthrust_testkit.synth.body import (
    Chain,
    LyingSetup,
    Support,
    hip_clearance_angle,
    lying_chain,
    lying_setup,
    plain_table,
    rot_cw,
    solve_trunk_angle,
)
from hipthrust_testkit.synth.camera import place_body, project
from hipthrust_testkit.synth.noise import add_noise
from hipthrust_testkit.synth.skeleton import (
    Limbs,
    Sagittal,
    arms_on_floor,
    arms_reaching,
    free_leg,
    head_frame,
    planted_foot,
    to_world,
)
from hipthrust_testkit.synth.spec import SetSpec, Side, TruthRules
from hipthrust_testkit.synth.timeline import Channel, Timeline, build_timeline

__all__ = [
    "SyntheticSet",
    "TruthRep",
    "frames_world",
    "generate_set",
    "plan",
    "setup_of",
    "truth_of",
    "visible_landmarks",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

TRUTH_RATE_HZ = 500.0


@dataclass(frozen=True)
class TruthRep:
    """What really happened in one rise of the hips (``counted`` False: a partial rep)."""

    index: int  # 1-based over every rise, counted or not
    start_s: float  # the hips leave the bottom
    top_s: float  # the top is reached
    lower_s: float  # lowering starts
    end_s: float  # back at the bottom
    peak_s: float
    peak_hip_angle_deg: float  # highest shoulder-hip-knee angle reached
    bottom_hip_angle_deg: float  # at the start of the rep
    hold_s: float
    hold_band_s: float  # time within TruthRules.top_band_deg of the peak
    concentric_s: float
    eccentric_s: float
    counted: bool
    faults: frozenset[str]
    ambiguous: frozenset[str]  # labels whose measure sits in the grey zone (and "count")
    shin_tilt_deg: float  # at the peak; + = foot farther from the hips than the knee
    lumbar_extension_deg: float  # at the peak
    head_angle_deg: float  # at the peak; + = chin tucked, - = head tipped back
    pivot_slide_m: float  # the back's largest slide along the bench in the rep
    shoulder_travel_m: float  # the shoulder joint's largest distance from where it started
    hip_rise_m: float  # vertical travel of the hip (the bar) from start to peak
    mean_concentric_velocity_m_s: float


@dataclass(frozen=True, eq=False)
class SyntheticSet:
    spec: SetSpec
    pose: PoseSequence  # what a pose model would give
    clean: PoseSequence  # the same landmarks without noise, drops or jumps
    world: FloatArray  # (n, 33, 3) metres, as filmed (after turning the body)
    truth: tuple[TruthRep, ...]
    support: Support
    near_side: Side
    working_side: Side  # the planted leg on single-leg variations
    scale_m_per_px: float  # at the lifter's near side
    dropped: BoolArray
    jumped: BoolArray
    truth_t: FloatArray  # the 500 Hz time base of the truth
    truth_hip_angle_deg: FloatArray  # shoulder-hip-knee angle at ``truth_t``

    @property
    def counted(self) -> tuple[TruthRep, ...]:
        return tuple(r for r in self.truth if r.counted)

    @property
    def rep_count(self) -> int:
        return len(self.counted)


@dataclass(frozen=True, eq=False)
class _Body:
    sagittal: Sagittal
    chain: Chain
    lumbar: FloatArray
    slide: FloatArray


# The chain is solved on this time grid and the trunk angle interpolated between [design:
# the hip angle then follows its curve to within 0.03 degrees].
MOTION_GRID_HZ = 100.0


def _eased_by_height(setup: LyingSetup, timeline: Timeline, grid: FloatArray) -> FloatArray:
    """Hip joint angles at ``grid`` when the hips' height, not the hip angle, is eased from
    knot to knot (the knots' angles turned into heights of the plain pose and back); the
    sway and sag bumps are added in degrees."""
    angle_tab, trunk_tab = plain_table(setup)
    height_tab = np.maximum.accumulate(lying_chain(setup, trunk_tab).hip[:, 1])
    knots = Channel(timeline.hip.t, np.interp(timeline.hip.v, angle_tab, height_tab))
    height = knots.at(grid, timeline.power, timeline.blend)
    out = np.interp(height, height_tab, angle_tab)
    for bump in timeline.bumps:
        out = out + bump.at(grid)
    return np.asarray(out, dtype=np.float64)


def _trunk_angles(
    setup: LyingSetup, timeline: Timeline, t: FloatArray, ease_height: bool = False
) -> FloatArray:
    grid = np.arange(0.0, timeline.duration_s + 2.0 / MOTION_GRID_HZ, 1.0 / MOTION_GRID_HZ)
    hip = _eased_by_height(setup, timeline, grid) if ease_height else timeline.hip_at(grid)
    theta = solve_trunk_angle(setup, hip, timeline.lumbar_at(grid), timeline.slide_at(grid))
    return np.asarray(np.interp(t, grid, theta), dtype=np.float64)


def _lying_body(spec: SetSpec, setup: LyingSetup, timeline: Timeline, t: FloatArray) -> _Body:
    h = spec.height_m
    lumbar = timeline.lumbar_at(t)
    slide = timeline.slide_at(t)
    ease_height = spec.body_model == "bench_contact"
    chain = lying_chain(setup, _trunk_angles(setup, timeline, t, ease_height), lumbar, slide)
    superior = -chain.caudal
    ear, up, front = head_frame(chain.shoulder, superior, chain.anterior, timeline.neck_at(t), h)
    heel, toe = planted_foot(chain.ankle, h)
    model = spec.model
    working = (chain.hip, chain.knee, chain.ankle, heel, toe)
    other = working
    if model.free_leg is not None:
        other = (
            chain.hip,
            *free_leg(
                chain.hip,
                chain.pelvis_caudal,
                chain.pelvis_anterior,
                chain.knee - chain.hip,
                model.free_leg,
                h,
            ),
        )
    if model.arms == "floor":
        elbow, wrist, hand = arms_on_floor(chain.shoulder, h)
    elif model.arms == "hips":  # holding the load (or the hips) at the hip crease
        grip = chain.hip + 0.05 * h * chain.pelvis_anterior - 0.02 * h * chain.pelvis_caudal
        elbow, wrist, hand = arms_reaching(chain.shoulder, grip, -chain.anterior, h)
    else:  # hugging the free knee: hands on the shin just below it
        knee, ankle = other[1], other[2]
        grip = knee + 0.04 * h * (ankle - knee) / np.linalg.norm(ankle - knee, axis=-1)[:, None]
        elbow, wrist, hand = arms_reaching(chain.shoulder, grip, -chain.anterior, h)

    def limbs(leg: tuple[FloatArray, ...]) -> Limbs:
        return Limbs(chain.shoulder, elbow, wrist, hand, *leg)

    left, right = (working, other) if spec.working_side == "left" else (other, working)
    sagittal = Sagittal(
        left=limbs(left),
        right=limbs(right),
        ear=ear,
        head_up=up,
        head_front=front,
        right_toward_z=True,
        height_m=h,
    )
    return _Body(sagittal, chain, lumbar, slide)


def visible_landmarks(world: FloatArray, toward_camera: FloatArray) -> BoolArray:
    """Landmarks ``(33,)`` on the camera's side of the body (the far side is guessed)."""
    z = np.nanmean(world[:, :, 2], axis=0)
    across = z * toward_camera[2]
    return np.asarray(across > -0.35 * np.abs(z) * np.linalg.norm(toward_camera), dtype=np.bool_)


def _head_angle(shoulder: FloatArray, hip: FloatArray, ear: FloatArray) -> FloatArray:
    sup = shoulder - hip
    sup = sup / np.linalg.norm(sup, axis=-1, keepdims=True)
    ant = rot_cw(sup)
    neck = ear - shoulder
    return np.asarray(
        np.degrees(np.arctan2(np.sum(neck * ant, -1), np.sum(neck * sup, -1))), dtype=np.float64
    )


def _band_time(t: FloatArray, angle: FloatArray, peak_i: int, band: float) -> float:
    near = angle >= angle[peak_i] - band
    lo = peak_i
    while lo > 0 and near[lo - 1]:
        lo -= 1
    hi = peak_i
    while hi < angle.size - 1 and near[hi + 1]:
        hi += 1
    return float(t[hi] - t[lo])


def _labels(measures: dict[str, float], rules: TruthRules) -> tuple[set[str], set[str]]:
    """Faults and ambiguous labels of a counted rep from its measures."""
    faults: set[str] = set()
    grey: set[str] = set()

    def check(fault: str, value: float, threshold: float, margin: float, below: bool) -> None:
        if (value < threshold) if below else (value > threshold):
            faults.add(fault)
        if abs(value - threshold) < margin:
            grey.add(fault)

    r = rules
    peak = measures["peak"]
    check("incomplete_extension", peak, r.incomplete_below_deg, r.incomplete_margin_deg, True)
    check("lumbar_hyperextension", peak, r.lumbar_above_deg, r.lumbar_margin_deg, False)
    check("shins_forward", measures["shin"], r.shin_tilt_deg, r.shin_margin_deg, False)
    check("shins_back", measures["shin"], -r.shin_tilt_deg, r.shin_margin_deg, True)
    check("no_pause", measures["hold"], r.no_pause_below_s, r.hold_margin_s, True)
    check("rushed_eccentric", measures["eccentric"], r.rushed_below_s, r.eccentric_margin_s, True)
    check(
        "looking_at_ceiling", measures["head"], r.head_extension_below_deg, r.head_margin_deg, True
    )
    check("wrong_pivot", measures["slide"], r.pivot_slide_above_m, r.pivot_margin_m, False)
    return faults, grey


def _truth(
    spec: SetSpec,
    setup: LyingSetup,
    timeline: Timeline,
    rules: TruthRules,
    rate_hz: float = TRUTH_RATE_HZ,
) -> tuple[tuple[TruthRep, ...], FloatArray, FloatArray]:
    t = np.arange(0.0, timeline.duration_s, 1.0 / rate_hz)
    body = _lying_body(spec, setup, timeline, t)
    chain = body.chain
    angle = chain.hip_angle
    shin = np.degrees(
        np.arctan2(chain.ankle[:, 0] - chain.knee[:, 0], chain.knee[:, 1] - chain.ankle[:, 1])
    )
    head = _head_angle(chain.shoulder, chain.hip, body.sagittal.ear)
    reps: list[TruthRep] = []
    for k, w in enumerate(timeline.reps, start=1):
        i0 = int(np.searchsorted(t, w.start_s))
        i1 = min(t.size - 1, int(np.searchsorted(t, w.end_s)))
        p = i0 + int(np.argmax(angle[i0 : i1 + 1]))
        bottom = float(angle[i0])
        peak = float(angle[p])
        hold = w.lower_s - w.top_s
        eccentric = w.end_s - w.lower_s
        concentric = w.top_s - w.start_s
        rise = chain.hip[p, 1] - chain.hip[i0, 1]
        travel = np.linalg.norm(chain.shoulder[i0 : i1 + 1] - chain.shoulder[i0], axis=-1)
        measures = {
            "peak": peak,
            "shin": float(shin[p]),
            "hold": hold,
            "eccentric": eccentric,
            "head": float(head[p]),
            "slide": float(np.max(body.slide[i0 : i1 + 1])),
        }
        fraction = (peak - bottom) / max(1e-6, 180.0 - bottom)
        counted = fraction >= rules.count_fraction
        faults, grey = _labels(measures, rules) if counted else (set(), set())
        if abs(fraction - rules.count_fraction) < rules.count_margin:
            grey.add("count")
        reps.append(
            TruthRep(
                index=k,
                start_s=w.start_s,
                top_s=w.top_s,
                lower_s=w.lower_s,
                end_s=w.end_s,
                peak_s=float(t[p]),
                peak_hip_angle_deg=peak,
                bottom_hip_angle_deg=bottom,
                hold_s=hold,
                hold_band_s=_band_time(t, angle, p, rules.top_band_deg),
                concentric_s=concentric,
                eccentric_s=eccentric,
                counted=counted,
                faults=frozenset(faults),
                ambiguous=frozenset(grey),
                shin_tilt_deg=float(shin[p]),
                lumbar_extension_deg=float(body.lumbar[p]),
                head_angle_deg=float(head[p]),
                pivot_slide_m=measures["slide"],
                shoulder_travel_m=float(np.max(travel)),
                hip_rise_m=float(rise),
                mean_concentric_velocity_m_s=float(rise / concentric),
            )
        )
    return tuple(reps), t, angle


def truth_of(
    spec: SetSpec, rules: TruthRules | None = None, rate_hz: float = TRUTH_RATE_HZ
) -> tuple[TruthRep, ...]:
    """The truth of a spec without filming it (measured at ``rate_hz``)."""
    setup, timeline = plan(spec)
    return _truth(spec, setup, timeline, rules or TruthRules(), rate_hz)[0]


def setup_of(spec: SetSpec) -> tuple[LyingSetup, float, float]:
    """The setup, the default bottom and the floor (hips resting) hip angles."""
    setup = lying_setup(
        spec.support,
        spec.height_m,
        spec.support_height,
        spec.feet_height,
        spec.shin_tilt_deg,
        back_roll_m=spec.back_roll_m,
    )
    floor = hip_clearance_angle(setup)
    if spec.bottom_hip_deg is not None:
        bottom = max(floor, spec.bottom_hip_deg)
    elif spec.support == "floor":
        bottom = floor
    else:
        bottom = floor + spec.thrust_bottom_above_floor_deg
    return setup, bottom, floor


def plan(spec: SetSpec) -> tuple[LyingSetup, Timeline]:
    """The setup and the timeline of a spec (no frames yet)."""
    setup, bottom, floor = setup_of(spec)
    return setup, build_timeline(spec, bottom, floor)


def _frames_world(spec: SetSpec, setup: LyingSetup, timeline: Timeline) -> FloatArray:
    n = int(np.floor(timeline.duration_s * spec.camera.fps)) + 1
    t = np.arange(n) / spec.camera.fps
    world = to_world(_lying_body(spec, setup, timeline, t).sagittal)
    return place_body(world, spec.camera.head_at)


def frames_world(spec: SetSpec) -> FloatArray:
    """The noiseless landmarks ``(n, 33, 3)`` at the camera's frame times, as filmed."""
    return _frames_world(spec, *plan(spec))


def generate_set(
    spec: SetSpec, rng: np.random.Generator, rules: TruthRules | None = None
) -> SyntheticSet:
    """Film ``spec``: landmarks with noise drawn from ``rng``, and the truth per rep."""
    rules = rules or TruthRules()
    setup, timeline = plan(spec)
    camera = spec.camera
    world = _frames_world(spec, setup, timeline)
    projection = project(world, camera)
    clean = projection.xy
    inside = (
        (clean[..., 0] >= 0)
        & (clean[..., 0] <= camera.width - 1)
        & (clean[..., 1] >= 0)
        & (clean[..., 1] <= camera.height - 1)
        & (projection.depth > 0)
    )
    if not bool(inside.all()):
        raise InputError("the lifter does not fit in the frame; move the camera back")
    toward = projection.toward_camera()
    visible = visible_landmarks(world, toward)
    noisy = add_noise(clean, visible, spec.noise, rng, camera.width, camera.height, camera.fps)
    names = MEDIAPIPE_33
    near: Side = "right" if visible[names.index("right_hip")] else "left"
    near_hip = world[:, names.index(f"{near}_hip")]
    aim = projection.aim.copy()
    aim[2] = float(np.mean(near_hip[:, 2]))
    scale = float((aim - projection.position) @ projection.forward) / camera.focal
    truth, truth_t, truth_angle = _truth(spec, setup, timeline, rules)
    # The noiseless copy keeps the visibilities, with lost frames given their usual values.
    clean_confidence = noisy.confidence.copy()
    if bool((~noisy.dropped).any()):
        clean_confidence[noisy.dropped] = np.median(noisy.confidence[~noisy.dropped], axis=0)
    fps = camera.fps
    return SyntheticSet(
        spec=spec,
        pose=PoseSequence(noisy.xy, noisy.confidence, fps, camera.width, camera.height),
        clean=PoseSequence(clean, clean_confidence, fps, camera.width, camera.height),
        world=world,
        truth=truth,
        support=spec.support,
        near_side=near,
        working_side=spec.working_side,
        scale_m_per_px=scale,
        dropped=noisy.dropped,
        jumped=noisy.jumped,
        truth_t=truth_t,
        truth_hip_angle_deg=truth_angle,
    )
