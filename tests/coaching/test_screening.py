from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from hipthrust.coaching.pain import PainRules
from hipthrust.coaching.screening import (
    CEILING_CONDITIONS,
    CLEARANCE_CONDITIONS,
    CONSIDERATIONS,
    DEFAULT_SCREENING_RULES,
    FLAG_DESCRIPTIONS,
    Condition,
    ConditionKind,
    Flag,
    RedFlag,
    ScreeningRules,
    screen,
)
from hipthrust.errors import InputError

K = ConditionKind


@pytest.mark.parametrize("red_flag", list(RedFlag))
def test_any_red_flag_refers_to_a_clinician_and_prescribes_nothing(red_flag: RedFlag) -> None:
    result = screen(red_flags=(red_flag,), conditions=(Condition(K.KNEE_PAIN, 3),))
    assert result.refer
    assert result.flags == (Flag.REFER_CLINICIAN,)
    assert result.max_rung == result.start_cap == 0
    assert any("clinician" in reason for reason in result.reasons)
    assert result.considerations == ("knee_pain",)


@pytest.mark.parametrize(
    ("pain_now", "pain_during_bridge", "worsening", "refer"),
    [
        (8, None, False, True),  # refer_at = 8 [PainRules]
        (None, 9, False, True),
        (None, 7, False, False),
        (2, 2, True, True),  # worsening pain: refer
    ],
)
def test_severe_or_worsening_pain_refers(
    pain_now: int | None, pain_during_bridge: int | None, worsening: bool, refer: bool
) -> None:
    result = screen(
        pain_now=pain_now, pain_during_bridge=pain_during_bridge, pain_worsening=worsening
    )
    assert result.refer is refer
    assert (Flag.REFER_CLINICIAN in result.flags) is refer


@pytest.mark.parametrize(
    ("pain", "flag", "max_rung", "start_cap"),
    [
        (0, None, 6, 6),
        (2, None, 6, 6),
        (3, Flag.PAIN_HOLD_DOSE, 4, 1),  # acceptable pain: bodyweight only, no load
        (5, Flag.PAIN_HOLD_DOSE, 4, 1),
        (6, Flag.PAIN_NO_PROGRESSION, 0, 0),
        (7, Flag.PAIN_NO_PROGRESSION, 0, 0),
    ],
)
def test_pain_during_the_bridge_follows_the_pain_monitoring_model(
    pain: int, flag: Flag | None, max_rung: int, start_cap: int
) -> None:
    result = screen(pain_during_bridge=pain)
    assert (result.max_rung, result.start_cap) == (max_rung, start_cap)
    pain_flags = {Flag.PAIN_HOLD_DOSE, Flag.PAIN_NO_PROGRESSION} & set(result.flags)
    assert pain_flags == ({flag} if flag else set())


def test_what_holds_load_back_is_said_in_one_sentence_each() -> None:
    acute = screen((), (Condition(ConditionKind.LOW_BACK_PAIN, weeks_ago=1),), pain_during_bridge=4)
    assert acute.max_rung == 4 and Flag.ACUTE_NO_LOAD in acute.flags
    assert len(acute.no_load) == 2
    assert any("1 week old is still acute" in sentence for sentence in acute.no_load)
    assert any("Pain of 4/10" in sentence for sentence in acute.no_load)
    assert screen(pain_during_bridge=2).no_load == ()


def test_pain_rules_are_data_a_clinician_can_change() -> None:
    strict = ScreeningRules(pain=PainRules(safe_max=1, acceptable_max=3, refer_at=6))
    assert Flag.PAIN_NO_PROGRESSION in screen(pain_during_bridge=4, rules=strict).flags
    assert screen(pain_during_bridge=6, rules=strict).refer
    assert not screen(pain_during_bridge=6).refer


def test_pain_out_of_range_is_refused() -> None:
    with pytest.raises(InputError, match="pain_during_bridge"):
        screen(pain_during_bridge=11)


@pytest.mark.parametrize(
    ("kind", "weeks", "cleared", "early", "needs_clearance", "max_rung", "start_cap"),
    [
        # Early windows: 2 weeks laparoscopic, 4 open / hernia / abdominoplasty, 6 hip [design].
        (K.ABDOMINAL_SURGERY_LAPAROSCOPIC, 1, False, True, True, 0, 0),
        (K.ABDOMINAL_SURGERY_LAPAROSCOPIC, 3, False, False, True, 4, 1),
        (K.ABDOMINAL_SURGERY_OPEN, 3, False, True, True, 0, 0),
        (K.ABDOMINAL_SURGERY_OPEN, 5, False, False, True, 4, 1),
        (K.HERNIA_REPAIR, 3.5, True, True, False, 0, 0),  # early even when cleared
        (K.ABDOMINOPLASTY, 4, False, False, True, 4, 1),
        (K.HIP_REPLACEMENT, 5, False, True, True, 0, 0),
        (K.HIP_RESURFACING, 8, False, False, True, 4, 1),
        # Cleared: loaded rungs open; the ladder restarts at rung 1 for a while; after a joint
        # replacement the top rung stays closed (no heavy strength blocks) [seed 003; design].
        (K.HIP_REPLACEMENT, 10, True, False, False, 5, 1),
        (K.HIP_REPLACEMENT, 26, True, False, False, 5, 5),
        (K.ABDOMINAL_SURGERY_OPEN, 6, True, False, False, 6, 1),
        (K.ABDOMINAL_SURGERY_OPEN, 12, True, False, False, 6, 6),
        # A joint implant always asks for clearance; old abdominal surgery no longer does.
        (K.HIP_REPLACEMENT, 500, False, False, True, 4, 1),
        (K.HERNIA_REPAIR, 60, False, False, False, 6, 6),
        # Pregnancy: clearance first, supine work modified, no advanced rung once cleared.
        (K.PREGNANCY, 20, False, False, True, 4, 4),
        (K.PREGNANCY, 20, True, False, False, 5, 5),
        # Not clearance conditions.
        (K.KNEE_PAIN, 2, False, False, False, 6, 6),
        (K.UPPER_BODY_INJURY, 2, False, False, False, 6, 6),
        (K.LOW_BACK_PAIN, 4, False, False, False, 4, 2),  # acute: no load under 6 weeks
        (K.LOW_BACK_PAIN, 8, False, False, False, 6, 2),
        (K.LOW_BACK_PAIN, 4, True, False, False, 6, 2),  # a clinician cleared it
        (K.LOW_BACK_PAIN, 30, False, False, False, 6, 6),
    ],
)
def test_clearance_windows_and_caps(
    kind: ConditionKind,
    weeks: float,
    cleared: bool,
    early: bool,
    needs_clearance: bool,
    max_rung: int,
    start_cap: int,
) -> None:
    result = screen(conditions=(Condition(kind, weeks, cleared),))
    assert (Flag.SURGERY_EARLY_WINDOW in result.flags) is early
    assert (Flag.NEEDS_CLEARANCE in result.flags) is needs_clearance
    assert (result.max_rung, result.start_cap) == (max_rung, start_cap)
    assert not result.refer


def test_inside_the_early_window_it_says_when_to_come_back() -> None:
    result = screen(conditions=(Condition(K.ABDOMINAL_SURGERY_OPEN, 1.5),))
    assert result.reassess_in_weeks == 2.5
    assert any("Come back in 2.5 weeks" in reason for reason in result.reasons)
    # Bodyweight-only advice would contradict "nothing that strains": it is not given.
    assert not any("bodyweight work" in reason for reason in result.reasons)


def test_the_latest_return_date_wins_with_two_surgeries() -> None:
    result = screen(
        conditions=(
            Condition(K.ABDOMINAL_SURGERY_LAPAROSCOPIC, 1),
            Condition(K.HIP_REPLACEMENT, 2),
        )
    )
    assert result.reassess_in_weeks == 4


def test_unknown_weeks_after_surgery_counts_as_early_unless_cleared() -> None:
    unknown = screen(conditions=(Condition(K.HIP_REPLACEMENT),))
    assert Flag.SURGERY_EARLY_WINDOW in unknown.flags and unknown.max_rung == 0
    assert any("how many weeks ago" in reason for reason in unknown.reasons)
    cleared = screen(conditions=(Condition(K.HIP_REPLACEMENT, cleared=True),))
    assert cleared.max_rung == 5 and cleared.start_cap == 1
    assert Flag.RESTART_AFTER_SURGERY in cleared.flags


def test_pregnancy_always_flags_supine_modification() -> None:
    for cleared in (False, True):
        result = screen(conditions=(Condition(K.PREGNANCY, 12, cleared),))
        assert Flag.PREGNANCY_MODIFY_SUPINE in result.flags
        assert any("warning sign" in cue for cue in result.cues)


@pytest.mark.parametrize(
    ("kinds", "considerations"),
    [
        ((K.HERNIA_REPAIR, K.ABDOMINOPLASTY), ("abdominal_surgery",)),
        ((K.HIP_RESURFACING, K.UPPER_BODY_INJURY), ("upper_body_injury", "hip_resurfacing")),
        ((K.KNEE_PAIN, K.LOW_BACK_PAIN), ("low_back_pain", "knee_pain")),
        ((K.PREGNANCY,), ("pregnancy",)),
        ((K.HIP_REPLACEMENT,), ("hip_replacement",)),
    ],
)
def test_conditions_become_programming_considerations(
    kinds: tuple[ConditionKind, ...], considerations: tuple[str, ...]
) -> None:
    result = screen(conditions=tuple(Condition(kind, 60, cleared=True) for kind in kinds))
    assert result.considerations == considerations


@pytest.mark.parametrize(
    ("kind", "phrase"),
    [
        (K.LOW_BACK_PAIN, "single-leg"),
        (K.LOW_BACK_PAIN, "pelvic control"),
        (K.LOW_BACK_PAIN, "lighter"),
        (K.LOW_BACK_PAIN, "Rate your pain"),
        (K.UPPER_BODY_INJURY, "no grip"),
        (K.KNEE_PAIN, "kinder to sore knees"),
        (K.ABDOMINOPLASTY, "never hold your breath"),
        (K.HIP_RESURFACING, "surgeon's precautions"),
    ],
)
def test_each_condition_brings_its_cues(kind: ConditionKind, phrase: str) -> None:
    result = screen(conditions=(Condition(kind, 60, cleared=True),))
    assert any(phrase in cue for cue in result.cues)


def test_rules_are_data_a_clinician_can_override() -> None:
    longer = tuple(
        replace(rule, early_window_weeks=12.0) if rule.kind is K.HIP_REPLACEMENT else rule
        for rule in DEFAULT_SCREENING_RULES.conditions
    )
    rules = ScreeningRules(conditions=longer)
    condition = (Condition(K.HIP_REPLACEMENT, 10),)
    assert screen(conditions=condition, rules=rules).max_rung == 0
    assert screen(conditions=condition).max_rung == 4


def test_rules_must_cover_every_condition_kind_once() -> None:
    with pytest.raises(InputError, match="one rule per condition kind"):
        ScreeningRules(conditions=DEFAULT_SCREENING_RULES.conditions[:-1])
    with pytest.raises(InputError, match="one rule per condition kind"):
        ScreeningRules(
            conditions=(*DEFAULT_SCREENING_RULES.conditions, DEFAULT_SCREENING_RULES.conditions[0])
        )


def test_condition_weeks_must_be_sensible() -> None:
    with pytest.raises(InputError, match="weeks_ago"):
        Condition(K.HERNIA_REPAIR, -1)


def test_every_flag_is_described_and_every_consideration_reachable() -> None:
    assert set(FLAG_DESCRIPTIONS) == set(Flag)
    reachable = {rule.consideration for rule in DEFAULT_SCREENING_RULES.conditions}
    assert reachable == set(CONSIDERATIONS)


def test_a_clinicians_load_ceiling_comes_with_a_clearance() -> None:
    hip = screen(conditions=(Condition(K.HIP_REPLACEMENT, 30, True, max_load_x_bodyweight=0.8),))
    assert any("Your clinician's load ceiling" in c and "0.8 x bodyweight" in c for c in hip.cues)
    assert any("no 1RM tests or heavy singles" in c for c in hip.cues)
    assert any("no heavy strength blocks" in r for r in hip.ceiling_reasons)
    kg = screen(conditions=(Condition(K.HERNIA_REPAIR, 10, True, max_load_kg=20.0),))
    assert any("at most 20 kg" in c for c in kg.cues)
    default = screen(conditions=(Condition(K.HIP_RESURFACING, 30, True),))
    assert any("the method's default [design]" in c for c in default.cues)


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        (lambda: Condition(K.HIP_REPLACEMENT, 30, True, 0.8, 50.0), "not both"),
        (lambda: Condition(K.KNEE_PAIN, 3, max_load_kg=40.0), "comes with a clinician's"),
        (lambda: Condition(K.HIP_REPLACEMENT, 30, True, max_load_x_bodyweight=5), "0.1 to 3"),
        (lambda: Condition(K.HIP_REPLACEMENT, 30, True, max_load_kg=0.0), "1 to 1000 kg"),
    ],
)
def test_a_bad_load_ceiling_is_one_clear_sentence(condition: Any, words: str) -> None:
    with pytest.raises(InputError, match=words):
        condition()


def test_every_condition_a_clinician_clears_may_carry_a_ceiling() -> None:
    assert CEILING_CONDITIONS == CLEARANCE_CONDITIONS
