from __future__ import annotations

import pytest

from hipthrust.errors import InputError
from hipthrust_testkit.synth import EXERCISES, FAULTS, RepSpec, SetSpec, plain_set

CATALOGUE = (
    "glute_bridge",
    "single_leg_glute_bridge",
    "single_leg_glute_bridge_90_90",
    "single_leg_glute_bridge_knee_hug",
    "barbell_glute_bridge",
    "hip_thrust",
    "single_leg_hip_thrust",
    "banded_hip_thrust",
    "dumbbell_hip_thrust",
    "barbell_hip_thrust",
    "machine_hip_thrust",
    "deficit_hip_thrust",
)


def test_every_catalogue_variation_has_a_model_and_the_terms_of_domain_md() -> None:
    assert set(EXERCISES) == set(CATALOGUE)
    for name, model in EXERCISES.items():
        # Glute bridge: shoulders on the floor; hip thrust: shoulders on a bench [seed 002].
        assert model.support == ("floor" if "bridge" in name else "bench")
        assert (model.free_leg is not None) == name.startswith("single_leg")
    assert EXERCISES["deficit_hip_thrust"].feet_height_m > 0


@pytest.mark.parametrize(
    ("faults", "rep_field", "value"),
    [
        (("incomplete_extension",), "peak_hip_deg", 155.0),
        (("lumbar_hyperextension",), "lumbar_extension_deg", 25.0),
        (("no_pause",), "hold_s", 0.0),
        (("rushed_eccentric",), "eccentric_s", 0.3),
        (("looking_at_ceiling",), "neck_top_deg", 25.0),
        (("wrong_pivot",), "pivot_slide_m", 0.12),
    ],
)
def test_plain_set_injects_rep_faults_into_every_rep(
    faults: tuple[str, ...], rep_field: str, value: float
) -> None:
    spec = plain_set("hip_thrust", 4, faults)
    assert len(spec.reps) == 4
    assert all(getattr(r, rep_field) == value for r in spec.reps)


@pytest.mark.parametrize(("fault", "sign"), [("shins_forward", 1), ("shins_back", -1)])
def test_plain_set_places_the_feet_for_shin_faults(fault: str, sign: int) -> None:
    assert sign * plain_set("glute_bridge", 3, [fault]).shin_tilt_deg > 10


def test_plain_set_passes_other_fields_through() -> None:
    spec = plain_set("glute_bridge", 2, height_m=1.6, lead_in_s=0.0)
    assert (spec.height_m, spec.lead_in_s, spec.support, spec.support_height) == (
        1.6,
        0.0,
        "floor",
        0.0,
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: plain_set(faults=["sloppy"]), "unknown fault"),
        (lambda: plain_set(faults=["shins_forward", "shins_back"]), "shins"),
        (lambda: plain_set("glute_bridge", faults=["wrong_pivot"]), "bench"),
        (lambda: SetSpec(exercise="deadlift"), "no synthetic model"),
        (lambda: SetSpec(reps=()), "at least one rep"),
        (lambda: RepSpec(concentric_s=0.05), "at least 0.15 s"),
        (lambda: RepSpec(hold_s=-1.0), "must not be negative"),
        (lambda: RepSpec(peak_hip_deg=240.0), "peak hip angle"),
    ],
)
def test_bad_specs_are_refused_with_a_sentence(call: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        call()  # type: ignore[operator]


def test_fault_ids_match_the_analysis() -> None:
    from hipthrust.motion.faults import FAULTS as ANALYSIS_FAULTS

    assert set(FAULTS) <= set(ANALYSIS_FAULTS)
    # A floor bridge's feet are judged by the knee; the synthetic truth does not label them
    # (benchmarks/motion_accuracy.py reads them from the model's knee angle).
    assert set(ANALYSIS_FAULTS) - set(FAULTS) == {"feet_too_far", "feet_too_close"}
