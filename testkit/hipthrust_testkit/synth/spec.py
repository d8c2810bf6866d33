"""What to film: the exercise, the lifter, each rep's tempo and range, and the faults.

Faults are not flags: a spec sets the movement (a lower top, a lumbar bend, feet too far out,
a head tipped back ...) and the truth labels each rep from the geometry actually produced,
with the thresholds of ``TruthRules``. ``plain_set`` builds a spec from fault ids with typical
magnitudes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from hipthrust.errors import InputError
from hipthrust_testkit.synth.body import Support
from hipthrust_testkit.synth.camera import CameraSpec
from hipthrust_testkit.synth.noise import NoiseSpec
from hipthrust_testkit.synth.skeleton import FreeLeg

__all__ = [
    "BODY_MODELS",
    "EXERCISES",
    "FAULTS",
    "BodyModel",
    "ExerciseModel",
    "RepSpec",
    "SetSpec",
    "TruthRules",
    "plain_set",
]

Arms = Literal["floor", "hips", "knee"]
BodyModel = Literal["hinge", "bench_contact"]
BODY_MODELS: tuple[BodyModel, ...] = ("hinge", "bench_contact")
# The bench_contact model's back rolls over the bench edge by this share of the lifter's
# height per radian the thorax turns (about 9 cm for a 1.75 m lifter rising 40 deg) [design].
BACK_ROLL_SHARE = 0.05
Side = Literal["left", "right"]

# The fault ids, as in domain.md §2 "Common mistakes".
FAULTS: tuple[str, ...] = (
    "incomplete_extension",
    "lumbar_hyperextension",
    "shins_forward",
    "shins_back",
    "no_pause",
    "rushed_eccentric",
    "looking_at_ceiling",
    "wrong_pivot",
)


@dataclass(frozen=True)
class ExerciseModel:
    """How a catalogue variation is modelled: support, free leg, arms, foot platform."""

    support: Support
    free_leg: FreeLeg | None  # None: both feet planted
    arms: Arms
    feet_height_m: float = 0.0


# Catalogue ids (domain.md §2) that the model can film. Loaded variations move like the
# bodyweight ones; the hands hold the load at the hips.
EXERCISES: dict[str, ExerciseModel] = {
    "glute_bridge": ExerciseModel("floor", None, "floor"),
    "barbell_glute_bridge": ExerciseModel("floor", None, "hips"),
    "single_leg_glute_bridge": ExerciseModel("floor", "straight", "floor"),
    "single_leg_glute_bridge_90_90": ExerciseModel("floor", "90_90", "floor"),
    "single_leg_glute_bridge_knee_hug": ExerciseModel("floor", "knee_hug", "knee"),
    "hip_thrust": ExerciseModel("bench", None, "hips"),
    "single_leg_hip_thrust": ExerciseModel("bench", "90_90", "hips"),
    "banded_hip_thrust": ExerciseModel("bench", None, "hips"),
    "dumbbell_hip_thrust": ExerciseModel("bench", None, "hips"),
    "barbell_hip_thrust": ExerciseModel("bench", None, "hips"),
    "machine_hip_thrust": ExerciseModel("bench", None, "hips"),
    "deficit_hip_thrust": ExerciseModel("bench", None, "hips", feet_height_m=0.15),
}


@dataclass(frozen=True)
class RepSpec:
    """One rep: phase durations (s) and where the hip goes (degrees, shoulder-hip-knee).

    ``peak_hip_deg`` is the hip joint's top (pelvis to thigh); with ``lumbar_extension_deg`` the
    pelvis keeps turning after it, so the visible shoulder-hip-knee angle rises further.
    ``neck_top_deg`` is the head angle reached at the top (None keeps the set's head angle;
    positive = head tipped back). ``pivot_slide_m`` slides the back along the bench toward the
    head during the rise (wrong pivot). ``pause_s`` is the rest at the bottom after the rep.
    """

    concentric_s: float = 1.0
    hold_s: float = 1.5
    eccentric_s: float = 2.0
    pause_s: float = 0.5
    peak_hip_deg: float = 178.0
    bottom_hip_deg: float | None = None
    lumbar_extension_deg: float = 0.0
    neck_top_deg: float | None = None
    pivot_slide_m: float = 0.0
    hold_sag_deg: float = 0.5

    def __post_init__(self) -> None:
        if self.concentric_s < 0.15 or self.eccentric_s < 0.15:
            raise InputError("a rep's rise and lowering each take at least 0.15 s")
        if self.hold_s < 0 or self.pause_s < 0:
            raise InputError("hold and pause times must not be negative")
        if not 60.0 <= self.peak_hip_deg <= 200.0:
            raise InputError(
                f"peak hip angle must be between 60 and 200 deg, not {self.peak_hip_deg}"
            )
        if not 0.0 <= self.lumbar_extension_deg <= 40.0:
            raise InputError("lumbar extension must be between 0 and 40 degrees")
        if self.neck_top_deg is not None and abs(self.neck_top_deg) > 70:
            raise InputError("the head angle must be within 70 degrees of neutral")
        if not 0.0 <= self.pivot_slide_m <= 0.3:
            raise InputError("the pivot slide must be between 0 and 0.3 m")
        if not 0.0 <= self.hold_sag_deg <= 3.0:
            raise InputError("the sag during the hold must be between 0 and 3 degrees")

    @property
    def duration_s(self) -> float:
        return self.concentric_s + self.hold_s + self.eccentric_s + self.pause_s


@dataclass(frozen=True)
class SetSpec:
    """A filmed set: the lifter, the setup, the reps, the camera and the landmark noise.

    ``shin_tilt_deg`` places the feet: the shin's lean from vertical at full extension,
    positive when the feet are too far out (shin slopes forward), negative when too close.
    ``bottom_hip_deg`` None lets the hips down to the floor on a bridge and to just above it
    (``thrust_bottom_above_floor_deg``) on a hip thrust. ``head_deg`` is the head angle between
    and during reps (negative = chin tucked). ``easing_power`` and ``easing_blend`` shape how
    the hips speed up and slow down (1 and 1 = minimum jerk).

    ``body_model``: ``hinge`` (the thorax turns about a fixed point of the back on the bench
    edge, and the hip joint angle follows the eased curves) or ``bench_contact`` (the upper
    back rolls over the bench edge, so the shoulders are not on a fixed radius about it, and
    the hips' height follows the eased curves, so the hip angle arrives and leaves on a
    shape of its own).
    """

    exercise: str = "hip_thrust"
    reps: tuple[RepSpec, ...] = (RepSpec(),) * 8
    height_m: float = 1.75
    bench_height_m: float = 0.38
    feet_height_m: float | None = None
    shin_tilt_deg: float = 0.0
    bottom_hip_deg: float | None = None
    thrust_bottom_above_floor_deg: float = 10.0
    head_deg: float = -25.0
    free_leg: FreeLeg | None = None
    working_side: Side = "right"
    easing_power: float = 1.0
    easing_blend: float = 1.0
    lead_in_s: float = 1.0
    lead_out_s: float = 1.0
    idle_sway_deg: float = 0.5
    body_model: BodyModel = "hinge"
    camera: CameraSpec = field(default_factory=CameraSpec)
    noise: NoiseSpec = field(default_factory=NoiseSpec)

    def __post_init__(self) -> None:
        if self.exercise not in EXERCISES:
            raise InputError(
                f"no synthetic model for {self.exercise!r}; choose one of {', '.join(EXERCISES)}"
            )
        if not self.reps:
            raise InputError("a set needs at least one rep")
        if self.lead_in_s < 0 or self.lead_out_s < 0 or self.idle_sway_deg < 0:
            raise InputError("lead-in, lead-out and idle sway must not be negative")
        if not 0.5 <= self.easing_power <= 2.0 or not 0.0 <= self.easing_blend <= 1.0:
            raise InputError("easing power must be in [0.5, 2] and blend in [0, 1]")
        if abs(self.head_deg) > 70:
            raise InputError("the head angle must be within 70 degrees of neutral")
        if self.body_model not in BODY_MODELS:
            raise InputError(f"body model must be one of {', '.join(BODY_MODELS)}")
        if self.working_side not in ("left", "right"):
            raise InputError(f"working side must be left or right, not {self.working_side!r}")

    @property
    def model(self) -> ExerciseModel:
        base = EXERCISES[self.exercise]
        return base if self.free_leg is None else replace(base, free_leg=self.free_leg)

    @property
    def support(self) -> Support:
        return self.model.support

    @property
    def feet_height(self) -> float:
        return self.model.feet_height_m if self.feet_height_m is None else self.feet_height_m

    @property
    def back_roll_m(self) -> float:
        rolls = self.body_model == "bench_contact" and self.support == "bench"
        return BACK_ROLL_SHARE * self.height_m if rolls else 0.0

    @property
    def support_height(self) -> float:
        return self.bench_height_m if self.support == "bench" else 0.0

    @property
    def duration_s(self) -> float:
        return self.lead_in_s + sum(r.duration_s for r in self.reps) + self.lead_out_s


@dataclass(frozen=True)
class TruthRules:
    """How the truth labels each rep, and the grey zone around each threshold.

    A measure within ``margin`` of its threshold makes the label ambiguous (``TruthRep.
    ambiguous``); ``random_spec`` draws only unambiguous sets. All values are [design]
    readings of domain.md §2 and motion.md, chosen to sit inside the ranges the seeds give.
    """

    top_band_deg: float = 5.0  # hold_band_s: time within this of the rep's peak
    count_fraction: float = 0.5  # a rep counts when it rises this far from bottom to 180 deg
    count_margin: float = 0.15
    incomplete_below_deg: float = 165.0  # top short of the shoulder-knee line
    incomplete_margin_deg: float = 3.0
    lumbar_above_deg: float = 186.0  # top past the shoulder-knee line
    lumbar_margin_deg: float = 3.0
    shin_tilt_deg: float = 10.0  # shin off vertical at the top, either way
    shin_margin_deg: float = 4.0
    no_pause_below_s: float = 0.5  # time at the top
    hold_margin_s: float = 0.2
    rushed_below_s: float = 0.5  # lowering time
    eccentric_margin_s: float = 0.1
    head_extension_below_deg: float = 0.0  # head angle (+ = chin tucked) at the top
    head_margin_deg: float = 8.0
    pivot_slide_above_m: float = 0.05  # back sliding along the bench during the rep
    pivot_margin_m: float = 0.03


# Typical magnitudes of each fault for ``plain_set`` [design, middle of random_spec's ranges].
_FAULT_REP: dict[str, dict[str, float]] = {
    "incomplete_extension": {"peak_hip_deg": 155.0},
    "lumbar_hyperextension": {"lumbar_extension_deg": 25.0},
    "no_pause": {"hold_s": 0.0, "concentric_s": 0.8, "eccentric_s": 1.0},
    "rushed_eccentric": {"eccentric_s": 0.3},
    "looking_at_ceiling": {"neck_top_deg": 25.0},
    "wrong_pivot": {"pivot_slide_m": 0.12},
}
_FAULT_SET: dict[str, dict[str, float]] = {
    "shins_forward": {"shin_tilt_deg": 20.0},
    "shins_back": {"shin_tilt_deg": -18.0},
}


def plain_set(
    exercise: str = "hip_thrust",
    reps: int = 8,
    faults: Iterable[str] = (),
    *,
    rep: RepSpec | None = None,
    camera: CameraSpec | None = None,
    noise: NoiseSpec | None = None,
    **set_fields: Any,
) -> SetSpec:
    """``reps`` identical reps (``rep``, default ``RepSpec()``) with ``faults`` injected at
    typical magnitudes; other ``SetSpec`` fields by keyword."""
    wanted = set(faults)
    unknown = wanted - set(FAULTS)
    if unknown:
        raise InputError(f"unknown fault {sorted(unknown)[0]!r}; choose from {', '.join(FAULTS)}")
    if {"shins_forward", "shins_back"} <= wanted:
        raise InputError("shins cannot slope forward and back in the same set")
    if (
        "wrong_pivot" in wanted
        and EXERCISES.get(exercise, EXERCISES["hip_thrust"]).support != "bench"
    ):
        raise InputError("a wrong pivot needs a bench")
    rep_changes: dict[str, Any] = {}
    set_changes: dict[str, Any] = dict(set_fields)
    for fault in sorted(wanted):
        rep_changes.update(_FAULT_REP.get(fault, {}))
        set_changes.update(_FAULT_SET.get(fault, {}))
    one = replace(rep or RepSpec(), **rep_changes)
    base = SetSpec(
        exercise=exercise,
        reps=(one,) * reps,
        camera=camera or CameraSpec(),
        noise=noise or NoiseSpec(),
    )
    return replace(base, **set_changes)
