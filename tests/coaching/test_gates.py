from __future__ import annotations

from dataclasses import replace

import pytest

from coaching.histories import day, session
from hipthrust.coaching.gates import GateRules, evaluate_gate
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.records import SetRecord
from hipthrust.errors import InputError


def two_sessions(variation: str, reps: int, **kwargs: object) -> list[SetRecord]:
    return session(day(0), variation, reps, **kwargs) + session(  # type: ignore[arg-type]
        day(3),
        variation,
        reps,
        **kwargs,  # type: ignore[arg-type]
    )


BRIDGE_OK = {"hold_s": 3.0}


def test_rung_1_gate_passes_on_two_sessions_of_15_reps_with_3_s_holds_pain_free() -> None:
    result = evaluate_gate(LADDER[1], two_sessions("glute_bridge", 15, **BRIDGE_OK))
    assert result.passed
    assert not result.missing
    assert not result.waived
    assert any("15 reps" in sentence for sentence in result.met)
    assert any("3 s hold" in sentence for sentence in result.met)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"reps": 14}, "14 on"),
        ({"hold_s": 2.0}, "2 s on"),
        ({"hold_s": None}, "not logged"),
        ({"pain": 3}, "3/10"),
        ({"pain": None}, "not reported"),
        ({"full_extension": None}, "full hip extension"),
        ({"full_extension": False}, "full hip extension"),
        ({"faults": ("lumbar_hyperextension",)}, "lower-back arching"),
        ({"felt_in": ("lower_back",)}, "lower-back arching"),
    ],
)
def test_rung_1_gate_fails_when_the_last_session_misses_one_condition(
    changes: dict[str, object], expected: str
) -> None:
    kwargs: dict[str, object] = {"hold_s": 3.0, "pain": 0}
    kwargs.update(changes)
    reps = kwargs.pop("reps", 15)
    history = session(day(0), "glute_bridge", 15, hold_s=3.0) + session(
        day(3),
        "glute_bridge",
        reps,  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )
    result = evaluate_gate(LADDER[1], history)
    assert not result.passed
    assert any(expected in sentence for sentence in result.missing), result.missing
    assert any("2024-03-07" in sentence for sentence in result.missing)


def test_one_good_session_is_not_enough() -> None:
    result = evaluate_gate(LADDER[1], session(day(0), "glute_bridge", 15, hold_s=3.0))
    assert not result.passed
    assert any("2 separate sessions" in sentence for sentence in result.missing)
    assert any("1 session at rung 1" in sentence for sentence in result.missing)


def test_no_history_says_nothing_is_shown_yet() -> None:
    result = evaluate_gate(LADDER[1], [])
    assert not result.passed
    assert not result.met
    assert any("Not shown yet: 15 reps" in sentence for sentence in result.missing)


def test_conditions_must_come_in_the_same_set() -> None:
    # Each session has a 15-rep set with a 1 s hold and a 10-rep set with a 3 s hold.
    def split(offset: int) -> list[SetRecord]:
        return session(day(offset), "glute_bridge", 15, sets=1, hold_s=1.0) + session(
            day(offset), "glute_bridge", 10, sets=1, hold_s=3.0
        )

    result = evaluate_gate(LADDER[1], split(0) + split(3))
    assert not result.passed
    assert any("same set" in sentence for sentence in result.missing)


def test_a_painful_set_spoils_the_session_even_when_another_set_qualifies() -> None:
    history = session(day(0), "glute_bridge", 15, hold_s=3.0) + session(
        day(3), "glute_bridge", 15, hold_s=3.0, pain=[0, 0, 4]
    )
    result = evaluate_gate(LADDER[1], history)
    assert not result.passed
    assert any("4/10" in sentence for sentence in result.missing)


def test_warm_up_sets_do_not_count() -> None:
    history = [
        replace(record, warmup=True) for record in two_sessions("glute_bridge", 15, **BRIDGE_OK)
    ] + two_sessions("glute_bridge", 10, **BRIDGE_OK)
    assert not evaluate_gate(LADDER[1], history).passed


def test_sets_of_other_variations_do_not_count() -> None:
    history = two_sessions("hip_thrust", 15, **BRIDGE_OK)
    result = evaluate_gate(LADDER[1], history)
    assert not result.passed
    assert any("0 sessions at rung 1" in sentence for sentence in result.missing)


def test_the_latest_sessions_decide_not_old_successes() -> None:
    history = (
        two_sessions("glute_bridge", 15, **BRIDGE_OK)
        + session(day(7), "glute_bridge", 15, hold_s=3.0)
        + session(day(10), "glute_bridge", 11, hold_s=3.0)
    )
    assert not evaluate_gate(LADDER[1], history).passed


@pytest.mark.parametrize(
    ("left", "right", "passed", "shown"),
    [
        (12, 12, True, None),
        (14, 12, True, None),
        (12, 9, False, "12 left / 9 right"),
        (9, 13, False, "9 left / 13 right"),
    ],
)
def test_single_leg_gate_counts_the_weaker_side(
    left: int, right: int, passed: bool, shown: str | None
) -> None:
    history = two_sessions("single_leg_glute_bridge_90_90", left, reps_right=right, hold_s=3.0)
    result = evaluate_gate(LADDER[2], history)
    assert result.passed is passed
    if shown is not None:
        assert any(shown in sentence for sentence in result.missing)


def test_single_leg_gate_needs_both_sides_logged() -> None:
    result = evaluate_gate(LADDER[2], two_sessions("single_leg_glute_bridge", 14, hold_s=3.0))
    assert not result.passed
    assert any("one side only logged" in sentence for sentence in result.missing)


@pytest.mark.parametrize(("faults", "passed"), [((), True), (("wrong_pivot",), False)])
def test_rung_3_gate_needs_the_right_pivot(faults: tuple[str, ...], passed: bool) -> None:
    history = session(day(0), "hip_thrust", 12, hold_s=2.0) + session(
        day(3), "hip_thrust", 12, hold_s=2.0, faults=faults
    )
    result = evaluate_gate(LADDER[3], history)
    assert result.passed is passed
    if not passed:
        assert any("pivot" in sentence for sentence in result.missing)


def rung_3_mastered() -> list[SetRecord]:
    return two_sessions("hip_thrust", 12, hold_s=2.0)


def rung_4_sessions(count: int, reps: int = 8, **kwargs: object) -> list[SetRecord]:
    out: list[SetRecord] = []
    for index in range(count):
        out += session(
            day(7 + 3 * index),
            "single_leg_hip_thrust",
            reps,
            reps_right=reps,
            hold_s=3.0,
            **kwargs,  # type: ignore[arg-type]
        )
    return out


def test_rung_4_target_met_passes_outright() -> None:
    result = evaluate_gate(LADDER[4], rung_4_sessions(2, reps=12))
    assert result.passed
    assert not result.waived
    assert not result.missing


def test_rung_4_target_is_not_a_prerequisite_after_the_pivot_and_clean_sessions() -> None:
    result = evaluate_gate(LADDER[4], rung_3_mastered() + rung_4_sessions(3, reps=8))
    assert result.passed
    assert result.waived
    assert any("not a prerequisite" in sentence for sentence in result.met)
    assert any("12 reps on each leg" in sentence for sentence in result.missing)


@pytest.mark.parametrize(
    ("history_maker", "why"),
    [
        (lambda: rung_4_sessions(3, reps=8), "rung 3 gate is not met"),
        (lambda: rung_3_mastered() + rung_4_sessions(2, reps=8), "2 of the last 3"),
        (lambda: rung_3_mastered() + rung_4_sessions(3, reps=8, pain=3), "0 of the last 3"),
        (
            lambda: rung_3_mastered() + rung_4_sessions(3, reps=8, felt_in=("lower_back",)),
            "0 of the last 3",
        ),
    ],
)
def test_rung_4_soft_rule_needs_rung_3_gate_and_three_clean_sessions(
    history_maker: object, why: str
) -> None:
    history = history_maker()  # type: ignore[operator]
    result = evaluate_gate(LADDER[4], history)
    assert not result.passed
    assert not result.waived
    assert any(why in sentence for sentence in result.missing), result.missing


def test_rung_4_soft_rule_length_is_data() -> None:
    history = rung_3_mastered() + rung_4_sessions(2, reps=8)
    assert evaluate_gate(LADDER[4], history, GateRules(target_trial_sessions=2)).passed


def test_the_top_rung_has_no_gate() -> None:
    history = two_sessions("barbell_hip_thrust", 10, load_kg=100.0)
    result = evaluate_gate(LADDER[6], history)
    assert not result.passed
    assert "no gate" in result.missing[0]


def rung_5_sessions(count: int, **kwargs: object) -> list[SetRecord]:
    options: dict[str, object] = {"load_kg": 100.0, "hold_s": 2.0, **kwargs}
    variation = str(options.pop("variation", "barbell_hip_thrust"))
    reps = int(options.pop("reps", 8))  # type: ignore[call-overload]
    return [
        record
        for index in range(count)
        for record in session(day(3 * index), variation, reps, **options)  # type: ignore[arg-type]
    ]


def test_rung_5_gate_to_the_top_rung_passes_on_three_loaded_sessions() -> None:
    result = evaluate_gate(LADDER[5], rung_5_sessions(3))
    assert result.passed, result.missing
    assert any("under load" in sentence for sentence in result.met)


@pytest.mark.parametrize(
    ("count", "changes", "expected"),
    [
        (2, {}, "3 separate sessions"),
        (3, {"hold_s": 1.0}, "2 s hold"),
        (3, {"pain": 3}, "pain at most 2/10"),
        (3, {"felt_in": ("lower_back",)}, "lower-back arching"),
        (3, {"reps": 6}, "8 reps under load"),
    ],
)
def test_rung_5_gate_needs_every_condition(
    count: int, changes: dict[str, object], expected: str
) -> None:
    result = evaluate_gate(LADDER[5], rung_5_sessions(count, **changes))
    assert not result.passed
    assert any(expected in sentence for sentence in result.missing), result.missing


def test_rung_5_gate_counts_only_loaded_barbell_or_machine_sets() -> None:
    banded = rung_5_sessions(3, variation="banded_hip_thrust", load_kg=None)
    assert not evaluate_gate(LADDER[5], banded).passed
    machine = rung_5_sessions(3, variation="machine_hip_thrust")
    assert evaluate_gate(LADDER[5], machine).passed


@pytest.mark.parametrize(
    ("kwargs", "passed"),
    [
        ({"faults": ("lumbar_hyperextension",), "full_extension": False}, True),
        ({"pain": 5}, True),
        ({"pain": 6}, False),
    ],
)
def test_rung_0_bridge_test_records_form_but_gates_on_pain(
    kwargs: dict[str, object], passed: bool
) -> None:
    history = session(day(0), "glute_bridge", 6, sets=1, **kwargs)  # type: ignore[arg-type]
    assert evaluate_gate(LADDER[0], history).passed is passed


def test_fault_ids_are_data() -> None:
    history = two_sessions("glute_bridge", 15, hold_s=3.0, faults=("arched_back",))
    assert evaluate_gate(LADDER[1], history).passed
    rules = GateRules(lumbar_faults=("arched_back",))
    assert not evaluate_gate(LADDER[1], history, rules).passed


def test_gate_rules_refuse_a_zero_trial() -> None:
    with pytest.raises(InputError):
        GateRules(target_trial_sessions=0)
