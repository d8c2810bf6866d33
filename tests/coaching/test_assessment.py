from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hipthrust.coaching.assessment import (
    DEFAULT_ASSESSMENT_RULES,
    START_TABLE,
    Answers,
    AssessmentRules,
    BridgeTest,
    EnduranceTest,
    HugComparison,
    SideComparison,
    SideDegrees,
    SingleLegBridge,
    StartStep,
    TwoLegBridge,
    assess,
)
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.records import FELT_IN
from hipthrust.coaching.screening import Condition, ConditionKind, Flag, RedFlag
from hipthrust.errors import InputError

K = ConditionKind


def bridge(
    full: bool = True,
    left: int | None = None,
    right: int | None = None,
    felt: tuple[str, ...] = ("glutes",),
    one_felt: tuple[str, ...] = (),
    reps: int | None = None,
    hug: tuple[float, float] | None = None,
) -> BridgeTest:
    single = (
        None if left is None else SingleLegBridge(left, left if right is None else right, one_felt)
    )
    return BridgeTest(
        two_leg=TwoLegBridge(full, felt, reps),
        single_leg=single,
        hug_knee_hip_extension_deg=None if hug is None else SideDegrees(*hug),
    )


CLEAN_MASTERED = bridge(left=14, right=13, hug=(15, 18))
EXPERIENCED: dict[str, Any] = {
    "hip_thrust_1rm_kg": 120.0,
    "training_age_months": 24,
    "bodyweight_kg": 70.0,
}


# ---- the start table -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "start"),
    [
        (Answers(), 0),  # no bridge test: the test is the start
        (Answers(bridge_test=bridge(full=False)), 1),  # no full extension: rung 1
        (Answers(bridge_test=bridge(full=False, left=14)), 1),
        (Answers(bridge_test=bridge()), 1),  # clean two-leg only, reps unknown
        (Answers(bridge_test=bridge(reps=15)), 2),  # rung 1 gate reps: one leg next
        (Answers(bridge_test=bridge(reps=14)), 1),
        (Answers(bridge_test=bridge(left=5)), 1),  # too few single-leg reps to train on
        (Answers(bridge_test=bridge(left=6)), 2),
        (Answers(bridge_test=bridge(left=11)), 2),
        (Answers(bridge_test=bridge(left=12)), 3),  # rung 2 gate: 12 each side [seed 002]
        (Answers(bridge_test=bridge(left=12, right=11)), 2),  # the weaker side counts
        (Answers(bridge_test=CLEAN_MASTERED), 3),
        (Answers(bridge_test=CLEAN_MASTERED, **EXPERIENCED), 5),
        (Answers(bridge_test=bridge(), **EXPERIENCED), 1),
        (Answers(bridge_test=bridge(left=8), **EXPERIENCED), 2),
        (
            Answers(bridge_test=CLEAN_MASTERED, hip_thrust_1rm_kg=100.0, training_age_months=3),
            3,
        ),
        # A 1RM with an unknown training age counts as experience.
        (Answers(bridge_test=CLEAN_MASTERED, hip_thrust_1rm_kg=100.0), 5),
        # A single-leg test without the two-leg step is still a bridge test.
        (Answers(bridge_test=BridgeTest(single_leg=SingleLegBridge(14, 14))), 1),
    ],
)
def test_start_rung_from_the_bridge_test(answers: Answers, start: int) -> None:
    assert assess(answers).start_rung == start


def test_rung_6_is_never_a_starting_rung() -> None:
    assert all(step.rung < 6 for step in START_TABLE)
    result = assess(Answers(bridge_test=CLEAN_MASTERED, hip_thrust_1rm_kg=250.0))
    assert result.start_rung == 5 and result.max_rung == 6


def test_experience_cannot_skip_unloaded_mastery() -> None:
    result = assess(Answers(bridge_test=bridge(left=8), **EXPERIENCED))
    assert not any(rung.loaded for rung in LADDER[: result.start_rung + 1])
    assert any("unloaded mastery comes first" in reason for reason in result.reasons)


# ---- flags and cues ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "answers",
    [
        Answers(bridge_test=CLEAN_MASTERED, lumbar_compensation=True, **EXPERIENCED),
        Answers(bridge_test=bridge(left=14, felt=("glutes", "lower_back")), **EXPERIENCED),
        Answers(bridge_test=bridge(left=14, one_felt=("lower_back",))),
    ],
)
def test_lumbar_compensation_flags_cues_and_caps_the_start_at_rung_1(answers: Answers) -> None:
    result = assess(answers)
    assert Flag.LUMBAR_COMPENSATION in result.flags
    assert result.start_rung == 1
    assert any("tuck the pelvis" in cue for cue in result.cues)


@pytest.mark.parametrize(
    ("felt", "phrase", "flag"),
    [
        (("hamstrings",), "move the feet closer", Flag.FOOT_PLACEMENT),
        (("quads",), "move the feet further out", Flag.FOOT_PLACEMENT),
        (("lower_back",), "brace, keep the ribs down", Flag.LUMBAR_COMPENSATION),
        (("hip_front",), "hip flexors", None),
        (("knees",), "shins are vertical", None),
    ],
)
def test_where_the_bridge_was_felt_gives_the_cue(
    felt: tuple[str, ...], phrase: str, flag: Flag | None
) -> None:
    result = assess(Answers(bridge_test=bridge(felt=felt)))
    assert any(phrase in cue for cue in result.cues)
    if flag is not None:
        assert flag in result.flags


def test_felt_in_the_glutes_needs_no_foot_cue() -> None:
    result = assess(Answers(bridge_test=bridge(felt=("glutes",))))
    assert Flag.FOOT_PLACEMENT not in result.flags
    assert not any("feet" in cue for cue in result.cues)


@pytest.mark.parametrize(
    ("hug", "stiff"),
    [((0, 0), True), ((9.5, 20), True), ((20, 3), True), ((10, 10), False), ((25, 30), False)],
)
def test_little_knee_hug_extension_flags_hip_flexor_stiffness(
    hug: tuple[float, float], stiff: bool
) -> None:
    result = assess(Answers(bridge_test=bridge(left=14, hug=hug)))
    assert (Flag.HIP_FLEXOR_STIFFNESS in result.flags) is stiff
    assert result.start_rung == (2 if stiff else 3)  # stiff hips bridge for range first


H = HugComparison


@pytest.mark.parametrize(
    ("left", "right", "estimate", "stiff"),
    [
        (H.SAME, H.SAME, (20, 20), False),
        (H.A_BIT_LOWER, H.SAME, (12, 20), False),
        (H.SAME, H.MUCH_LOWER, (20, 5), True),
        (H.CANNOT_LIFT, H.A_BIT_LOWER, (0, 12), True),
    ],
)
def test_the_knee_hug_compared_with_the_two_leg_bridge_is_an_estimated_angle(
    left: HugComparison, right: HugComparison, estimate: tuple[float, float], stiff: bool
) -> None:
    compared = replace(bridge(left=14), hug_knee_compared=SideComparison(left, right))
    result = assess(Answers(bridge_test=compared))
    measured = assess(Answers(bridge_test=bridge(left=14, hug=estimate)))
    # The estimate is read like the same angle measured: the same flag, the same start ...
    assert (Flag.HIP_FLEXOR_STIFFNESS in result.flags) is stiff
    assert result.flags == measured.flags and result.start_rung == measured.start_rung
    assert result.start_rung == (2 if stiff else 3)
    # ... and the result says it is an estimate, with the angle it took.
    said = [reason for reason in result.reasons if "not measured" in reason]
    assert len(said) == 1
    assert f"about {estimate[0]}° left" in said[0] and f"{estimate[1]}° right" in said[0]
    if stiff:
        stiff_reason = next(r for r in result.reasons if "little true hip extension" in r)
        assert "estimated" in stiff_reason and "about" in stiff_reason
    assert not any("not measured" in reason for reason in measured.reasons)


def test_every_comparison_maps_below_or_above_the_stiffness_line_in_order() -> None:
    rules = DEFAULT_ASSESSMENT_RULES
    angles = [
        rules.estimated_hug(SideComparison(answer, answer)).left
        for answer in (H.SAME, H.A_BIT_LOWER, H.MUCH_LOWER, H.CANNOT_LIFT)
    ]
    assert angles == sorted(angles, reverse=True)  # lower hips, a smaller angle
    line = rules.stiff_hip_extension_deg
    assert [angle < line for angle in angles] == [False, False, True, True]


@pytest.mark.parametrize("left", list(HugComparison))
@pytest.mark.parametrize("right", list(HugComparison))
def test_every_comparison_pair_reads_as_its_estimate_measured(
    left: HugComparison, right: HugComparison
) -> None:
    estimate = DEFAULT_ASSESSMENT_RULES.estimated_hug(SideComparison(left, right))
    for two_leg in (bridge(), bridge(left=14), bridge(full=False, left=8, right=12)):
        compared = assess(
            Answers(bridge_test=replace(two_leg, hug_knee_compared=SideComparison(left, right)))
        )
        measured = assess(
            Answers(bridge_test=replace(two_leg, hug_knee_hip_extension_deg=estimate))
        )
        assert (compared.start_rung, compared.max_rung, compared.flags) == (
            measured.start_rung,
            measured.max_rung,
            measured.flags,
        )
        assert compared.cues == measured.cues


def test_the_knee_hug_is_given_in_degrees_or_compared_not_both() -> None:
    with pytest.raises(InputError, match="in degrees or compared with the two-leg bridge"):
        replace(bridge(hug=(12, 12)), hug_knee_compared=SideComparison(H.SAME, H.SAME))


def test_estimates_must_cover_every_comparison() -> None:
    with pytest.raises(InputError, match="one angle to each comparison"):
        AssessmentRules(hug_comparison_estimates_deg=((H.SAME, 20.0),))


def test_the_comparison_is_kept_in_the_answers_json() -> None:
    compared = replace(bridge(), hug_knee_compared=SideComparison(H.MUCH_LOWER, H.SAME))
    data = assess(Answers(bridge_test=compared)).to_json()["answers"]["bridge_test"]
    assert data["hug_knee_compared"] == {"left": "much_lower", "right": "same"}
    assert data["hug_knee_hip_extension_deg"] is None


@pytest.mark.parametrize(
    ("left", "right", "asymmetric", "weaker"),
    [(10, 12, True, "left"), (14, 11, True, "right"), (12, 13, False, None), (0, 0, False, None)],
)
def test_left_right_difference_over_15_percent_is_asymmetry(
    left: int, right: int, asymmetric: bool, weaker: str | None
) -> None:
    result = assess(Answers(bridge_test=bridge(left=left, right=right)))
    assert (Flag.ASYMMETRY in result.flags) is asymmetric
    if weaker:
        assert any(f"weaker {weaker} side" in cue for cue in result.cues)


def test_asymmetry_keeps_an_experienced_lifter_unloaded_on_one_leg() -> None:
    result = assess(Answers(bridge_test=bridge(left=13, right=18), **EXPERIENCED))
    assert Flag.ASYMMETRY in result.flags
    assert result.start_rung == 4
    assert result.loading_allowed  # allowed, just not where this person starts


def test_pain_3_to_5_during_the_bridge_starts_at_rung_1_and_holds() -> None:
    result = assess(Answers(bridge_test=CLEAN_MASTERED, pain_during_bridge=4, **EXPERIENCED))
    assert result.start_rung == 1
    assert Flag.PAIN_HOLD_DOSE in result.flags


def test_pain_above_5_during_the_bridge_stops_progression() -> None:
    result = assess(Answers(bridge_test=CLEAN_MASTERED, pain_during_bridge=6))
    assert Flag.PAIN_NO_PROGRESSION in result.flags
    assert (result.start_rung, result.max_rung) == (0, 0)
    assert not result.exercise_allowed and not result.loading_allowed


def test_pain_at_refer_at_during_the_bridge_refers() -> None:
    result = assess(Answers(bridge_test=CLEAN_MASTERED, pain_during_bridge=8))
    assert Flag.REFER_CLINICIAN in result.flags


@pytest.mark.parametrize("red_flag", list(RedFlag))
def test_a_red_flag_means_no_prescription_at_all(red_flag: RedFlag) -> None:
    result = assess(Answers(red_flags=(red_flag,), bridge_test=CLEAN_MASTERED, **EXPERIENCED))
    assert result.flags == (Flag.REFER_CLINICIAN,)
    assert (result.start_rung, result.max_rung) == (0, 0)
    assert not result.loading_allowed and not result.exercise_allowed
    assert any("clinician" in reason for reason in result.reasons)
    assert not any("rung" in text for text in (*result.cues, *result.reasons))


def test_the_endurance_test_is_context_never_a_start_rule() -> None:
    plain = assess(Answers(bridge_test=CLEAN_MASTERED))
    with_test = assess(
        Answers(bridge_test=CLEAN_MASTERED, single_leg_bridge_endurance=EnduranceTest(15, 32))
    )
    assert with_test.start_rung == plain.start_rung
    endurance = with_test.endurance
    assert endurance is not None
    assert (endurance.left_rating, endurance.right_rating) == ("poor", "good")
    assert endurance.difference_pct == pytest.approx(53.1)
    assert "not a strength test" in endurance.note
    assert Flag.ENDURANCE_ASYMMETRY in with_test.flags
    assert Flag.ASYMMETRY not in with_test.flags


@pytest.mark.parametrize(
    ("left", "right", "ratings", "noted"),
    [
        (19, 20, ("poor", "average"), False),
        (25, 27, ("average", "average"), False),
        (30, 31, ("average", "good"), False),
        (25, 22, ("average", "average"), True),  # 12% apart: worth noting (> 10%)
    ],
)
def test_endurance_norms(left: int, right: int, ratings: tuple[str, str], noted: bool) -> None:
    result = assess(Answers(single_leg_bridge_endurance=EnduranceTest(left, right)))
    assert result.endurance is not None
    assert (result.endurance.left_rating, result.endurance.right_rating) == ratings
    assert (Flag.ENDURANCE_ASYMMETRY in result.flags) is noted


@pytest.mark.parametrize(
    ("one_rm", "bodyweight", "ratio"),
    [(30.0, 70.0, 0.43), (105.0, 70.0, 1.5), (210.0, 70.0, 3.0)],
)
def test_the_strength_context_is_the_lifters_own_ratio_with_no_level(
    one_rm: float, bodyweight: float, ratio: float
) -> None:
    # The only levels are women's user-submitted data and sex is not asked: no comparison.
    result = assess(Answers(hip_thrust_1rm_kg=one_rm, bodyweight_kg=bodyweight))
    assert result.strength_level is not None
    assert (result.strength_level.ratio, result.strength_level.level) == (ratio, None)
    assert "no comparison is made" in result.strength_level.note
    assert "no peer-reviewed norms" in result.strength_level.note


def test_no_strength_level_without_both_numbers() -> None:
    assert assess(Answers(hip_thrust_1rm_kg=100.0)).strength_level is None
    assert assess(Answers(bodyweight_kg=70.0)).strength_level is None


# ---- the JSON contract -------------------------------------------------------------------

CONTRACT = {
    "schema_version",
    "start_rung",
    "max_rung",
    "loading_allowed",
    "flags",
    "reasons",
    "cues",
    "considerations",
    "strength_level",
    "no_load_reasons",
}


def test_result_json_has_the_contract_keys() -> None:
    answers = Answers(
        conditions=(Condition(K.LOW_BACK_PAIN, 3),),
        bridge_test=CLEAN_MASTERED,
        **EXPERIENCED,
    )
    data = assess(answers).to_json()
    assert set(data) >= CONTRACT
    assert json.loads(json.dumps(data)) == data
    assert data["schema_version"] == 1
    assert data["start_rung"] == 2
    assert data["start_rung_name"] == LADDER[2].name
    # back pain 3 weeks old is still acute: no load yet, and why
    assert data["max_rung"] == 4 and data["loading_allowed"] is False
    assert any("still acute" in sentence for sentence in data["no_load_reasons"])
    assert data["considerations"] == ["low_back_pain"]
    assert all(isinstance(flag, str) for flag in data["flags"])
    assert data["strength_level"]["level"] is None and data["strength_level"]["ratio_to_bodyweight"]
    assert data["answers"]["bridge_test"]["single_leg"]["left_reps"] == 14


# ---- invariants over any answers -----------------------------------------------------------

conditions = st.builds(
    Condition,
    kind=st.sampled_from(list(ConditionKind)),
    weeks_ago=st.none() | st.floats(0, 200),
    cleared=st.booleans(),
)
answers_strategy = st.builds(
    Answers,
    red_flags=st.lists(st.sampled_from(list(RedFlag)), max_size=1).map(tuple),
    conditions=st.lists(conditions, max_size=3).map(tuple),
    pain_now=st.none() | st.integers(0, 10),
    pain_during_bridge=st.none() | st.integers(0, 10),
    bridge_test=st.none()
    | st.builds(
        BridgeTest,
        two_leg=st.none()
        | st.builds(
            TwoLegBridge,
            full_extension=st.booleans(),
            felt_in=st.lists(st.sampled_from(FELT_IN), max_size=2).map(tuple),
            reps=st.none() | st.integers(0, 40),
        ),
        single_leg=st.none()
        | st.builds(SingleLegBridge, left_reps=st.integers(0, 30), right_reps=st.integers(0, 30)),
        hug_knee_hip_extension_deg=st.none()
        | st.builds(SideDegrees, left=st.floats(-5, 40), right=st.floats(-5, 40)),
    ),
    lumbar_compensation=st.booleans(),
    training_age_months=st.none() | st.integers(0, 240),
    hip_thrust_1rm_kg=st.none() | st.floats(20, 300),
)


@settings(max_examples=300, deadline=None)
@given(answers_strategy)
def test_safety_invariants_hold_for_any_answers(answers: Answers) -> None:
    result = assess(answers)
    assert 0 <= result.start_rung <= result.max_rung <= 6
    assert result.loading_allowed == (result.max_rung >= 5)
    assert not (LADDER[result.start_rung].loaded and not result.loading_allowed)
    if answers.red_flags:
        assert result.flags == (Flag.REFER_CLINICIAN,) and result.max_rung == 0
    if Flag.NEEDS_CLEARANCE in result.flags:
        assert not result.loading_allowed and result.max_rung <= 4
    if Flag.SURGERY_EARLY_WINDOW in result.flags or Flag.PAIN_NO_PROGRESSION in result.flags:
        assert result.max_rung == 0
    if Flag.LUMBAR_COMPENSATION in result.flags:
        assert result.start_rung <= 1
    if result.start_rung >= 5:
        assert answers.hip_thrust_1rm_kg is not None
    assert len(set(result.flags)) == len(result.flags)
    json.dumps(result.to_json())


# ---- rules are data ---------------------------------------------------------------------------


def test_a_coach_can_demand_more_single_leg_reps() -> None:
    strict = AssessmentRules(single_leg_reps_mastered=15)
    answers = Answers(bridge_test=bridge(left=13))
    assert assess(answers).start_rung == 3
    assert assess(answers, strict).start_rung == 2


def test_a_coach_can_rewrite_the_start_table() -> None:
    cautious = AssessmentRules(start_table=(START_TABLE[-2], StartStep(0, frozenset(), "Test.")))
    assert assess(Answers(bridge_test=CLEAN_MASTERED, **EXPERIENCED), cautious).start_rung == 1


def test_a_coach_can_change_the_stiffness_threshold() -> None:
    answers = Answers(bridge_test=bridge(hug=(12, 12)))
    assert Flag.HIP_FLEXOR_STIFFNESS not in assess(answers).flags
    rules = replace(DEFAULT_ASSESSMENT_RULES, stiff_hip_extension_deg=15.0)
    assert Flag.HIP_FLEXOR_STIFFNESS in assess(answers, rules).flags


@pytest.mark.parametrize(
    "kwargs",
    [
        {"start_table": ()},
        {"start_table": START_TABLE[:-1]},  # no catch-all last row
        {"start_table": (StartStep(7, frozenset(), "x"),)},
        {"asymmetry_fraction": 0.0},
    ],
)
def test_broken_rules_are_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        AssessmentRules(**kwargs)


# ---- the readers of seed 003 -----------------------------------------------------------------


def test_ani_hernia_repair_and_tummy_tuck_two_months_ago_gets_no_load() -> None:
    # "I had a major hernia, tummy tuck ... 2 months ago and I'm ready to hit the weights."
    ani = Answers(
        conditions=(Condition(K.HERNIA_REPAIR, 9), Condition(K.ABDOMINOPLASTY, 9)),
        bridge_test=bridge(left=10),
        training_age_months=24,
    )
    result = assess(ani)
    assert not result.loading_allowed and result.max_rung <= 4
    assert Flag.NEEDS_CLEARANCE in result.flags
    assert result.start_rung == 1  # restart at rung 1 after abdominal surgery, unloaded
    assert result.exercise_allowed
    assert any("clearance" in reason for reason in result.reasons)
    assert "abdominal_surgery" in result.considerations
    # Her question: do they work the abdominal muscles? The cue answers it.
    assert any("abdominal wall braces the trunk" in cue for cue in result.cues)


def test_phil_cleared_six_months_after_hip_replacement_may_load() -> None:
    # 450 lb hip thrusts six months after a hip replacement, chronic L5/S1 history long ago.
    phil = Answers(
        conditions=(Condition(K.HIP_REPLACEMENT, 26, cleared=True),),
        bridge_test=CLEAN_MASTERED,
        training_age_months=12,
        bodyweight_kg=90.0,
        hip_thrust_1rm_kg=204.0,
    )
    result = assess(phil)
    # Cleared, with no heavy strength blocks: the top rung stays closed (issue 16).
    assert result.loading_allowed and result.max_rung == 5
    assert any("no heavy strength blocks" in r for r in result.ceiling_reasons)
    assert any("1 x bodyweight, the method's default [design]" in c for c in result.cues)
    assert result.start_rung == 5
    assert Flag.NEEDS_CLEARANCE not in result.flags
    assert "hip_replacement" in result.considerations
    assert any("finite life" in cue for cue in result.cues)


def test_debbyk_hip_resurfacing_and_shoulder_surgery_needs_clearance() -> None:
    debby = Answers(
        conditions=(Condition(K.HIP_RESURFACING, 17), Condition(K.UPPER_BODY_INJURY, 6)),
        bridge_test=CLEAN_MASTERED,
        training_age_months=120,
    )
    result = assess(debby)
    assert Flag.NEEDS_CLEARANCE in result.flags
    assert not result.loading_allowed
    assert result.start_rung == 1
    assert result.considerations == ("upper_body_injury", "hip_resurfacing")
    assert any("no grip" in cue for cue in result.cues)


def test_cheryl_lumbar_strain_from_barbell_hip_thrusts_starts_low() -> None:
    cheryl = Answers(
        conditions=(Condition(K.LOW_BACK_PAIN, 4),),
        pain_now=2,
        pain_during_bridge=2,
        bridge_test=bridge(left=13),
        hip_thrust_1rm_kg=80.0,
        training_age_months=18,
    )
    result = assess(cheryl)
    assert result.considerations == ("low_back_pain",)
    assert result.start_rung <= 2
    assert not LADDER[result.start_rung].loaded
    cues = " ".join(result.cues)
    for phrase in ("lighter", "single-leg", "pelvic control", "Rate your pain"):
        assert phrase in cues


def test_brad_asking_about_barbell_glute_bridges_is_sent_to_the_hip_thrust() -> None:
    # No flexibility, mobility or injury issues; loves barbell glute bridges.
    brad = Answers(bridge_test=CLEAN_MASTERED, training_age_months=12)
    result = assess(brad)
    assert result.flags == ()
    assert result.start_rung == 3 and result.loading_allowed
    assert any("No need to get strong on barbell glute bridges first" in c for c in result.cues)


def test_april_pregnant_needs_clearance_and_modified_supine_work() -> None:
    april = Answers(
        conditions=(Condition(K.PREGNANCY, 16),),
        bridge_test=CLEAN_MASTERED,
        **EXPERIENCED,
    )
    result = assess(april)
    assert {Flag.NEEDS_CLEARANCE, Flag.PREGNANCY_MODIFY_SUPINE} <= set(result.flags)
    assert not result.loading_allowed
    assert result.start_rung <= 4
    # Her worry about the bar on the lower abdomen is answered.
    assert any("lower belly" in cue for cue in result.cues)


def test_andrea_self_assessment_gets_a_start_rung_from_the_bridge_test() -> None:
    andrea = Answers(
        bridge_test=bridge(felt=("glutes", "hamstrings"), left=8, right=10, hug=(12, 14)),
        training_age_months=2,
    )
    result = assess(andrea)
    assert result.start_rung == 2
    assert {Flag.ASYMMETRY, Flag.FOOT_PLACEMENT} <= set(result.flags)
    assert any("feet closer" in cue for cue in result.cues)
    assert result.cues[0].startswith("Build the single-leg glute bridge")
