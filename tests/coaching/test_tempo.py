"""Tempo (issue 16, item 3): typed or measured, matched to the dose within a tolerance
[design], and used by the gates and the decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from coaching.histories import day, session
from hipthrust.coaching.decision import AthleteContext, decide_next
from hipthrust.coaching.gates import evaluate_gate
from hipthrust.coaching.goals import Goal
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.tempo import (
    Tempo,
    TempoRules,
    parse_tempo,
    prescribed_tempo,
    tempo_advice,
    tempo_from_reps,
)
from hipthrust.errors import InputError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1-3-2", Tempo(1, 3, 2)),
        ("t1-3-2", Tempo(1, 3, 2)),
        ("tempo=2-1-3", Tempo(2, 1, 3)),
        ("0.8-2,5-1.5", Tempo(0.8, 2.5, 1.5)),
    ],
)
def test_a_typed_tempo_reads_lift_hold_lowering(text: str, expected: Tempo) -> None:
    assert parse_tempo(text) == expected
    assert str(Tempo(0.84, 2.5, 1.0)) == "0.8-2.5-1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1-3", "cannot read the tempo '1-3': write lift-hold-lowering seconds, like 1-3-2"),
        ("fast", "cannot read the tempo 'fast'"),
        ("1-3-99", "the tempo's lowering must be between 0 and 60 s, not 99"),
    ],
)
def test_a_bad_tempo_is_one_sentence(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_tempo(text)


def test_the_ladder_names_tempos_and_varied_names_none() -> None:
    assert prescribed_tempo(LADDER[1].dose.tempo) == Tempo(1, 3, 2)  # type: ignore[union-attr]
    assert prescribed_tempo(LADDER[4].dose.tempo) is None  # type: ignore[union-attr]
    assert prescribed_tempo("") is None


def test_matching_is_within_the_tolerance_and_a_longer_hold_is_fine() -> None:
    rules = TempoRules()
    dose = Tempo(1, 3, 2)
    assert rules.matches(Tempo(0.8, 2.9, 1.7), dose)  # a video's measurement
    assert rules.matches(Tempo(1, 5, 2), dose)  # held longer
    assert rules.mismatches(Tempo(1, 3, 0.5), dose) == ("lowering 0.5 s, not 2",)
    assert rules.mismatches(Tempo(2, 2, 2), dose) == ("lift 2 s, not 1", "hold 2 s, not 3")
    assert TempoRules(tolerance_s=1.0).matches(Tempo(1, 3, 1), dose)
    with pytest.raises(InputError):
        TempoRules(tolerance_s=-1)


def test_a_videos_tempo_is_the_median_of_each_phase() -> None:
    assert tempo_from_reps([0.8, 1.0, 1.2], [2.9, None, 3.1], [1.8, 2.0, 2.6]) == Tempo(
        1.0, 3.0, 2.0
    )
    assert tempo_from_reps([0.8], [None], [2.0]) is None


def _bridges(tempos: tuple[Tempo | None, Tempo | None]) -> list[SetRecord]:
    history: list[SetRecord] = []
    for offset, tempo in zip((0, 3), tempos, strict=True):
        history += [
            replace(record, tempo=tempo)
            for record in session(day(offset), "glute_bridge", 15, hold_s=3.0)
        ]
    return history


def test_a_rung_gate_counts_sets_whose_logged_tempo_matches_the_dose() -> None:
    result = evaluate_gate(LADDER[1], _bridges((Tempo(1, 3, 2), Tempo(1, 3, 2.4))))
    assert result.passed
    assert any(sentence.startswith("The tempo 1-3-2") for sentence in result.met)


def test_a_rushed_tempo_keeps_the_gate_shut_and_says_why() -> None:
    result = evaluate_gate(LADDER[1], _bridges((Tempo(1, 3, 2), Tempo(1, 3, 0.5))))
    assert not result.passed
    missing = " ".join(result.missing)
    assert "Needs the tempo 1-3-2" in missing
    assert "tempo 1-3-0.5 (lowering 0.5 s, not 2)" in missing
    assert "[design]" in missing


def test_sets_without_a_tempo_count_as_before_and_the_reasons_say_so() -> None:
    result = evaluate_gate(LADDER[1], _bridges((None, None)))
    assert result.passed
    assert any("No tempo logged on" in sentence for sentence in result.met)


def test_varied_tempos_at_rung_4_ask_for_no_one_tempo() -> None:
    history: list[SetRecord] = []
    for offset, tempo in ((0, Tempo(1, 3, 1)), (3, Tempo(3, 3, 4))):
        history += [
            replace(record, tempo=tempo)
            for record in session(
                day(offset), "single_leg_hip_thrust", 12, reps_right=12, hold_s=3.0
            )
        ]
    assert evaluate_gate(LADDER[4], history).passed


def test_the_decision_says_when_the_last_sessions_tempo_missed_the_dose() -> None:
    context = AthleteContext(rung=1, goal=Goal.REHAB, loading_allowed=False)
    history = _bridges((Tempo(1, 3, 2), Tempo(1, 3, 0.5)))
    decision = decide_next(history, [], context, date(2024, 3, 8))
    assert decision.kind.value == "hold"
    tempo_reasons = [reason for reason in decision.reasons if reason.startswith("Tempo:")]
    assert tempo_reasons == [
        "Tempo: the last session logged 1-3-0.5 for glute bridge against the prescribed 1-3-2 "
        "(lowering 0.5 s, not 2): lower under control and never let the hips crash; only "
        "sets within 0.5 s of it count toward a gate [design]."
    ]
    matched = decide_next(_bridges((Tempo(1, 3, 2),) * 2), [], context, date(2024, 3, 8))
    assert matched.kind.value == "advance"
    assert not [reason for reason in matched.reasons if reason.startswith("Tempo:")]


def test_tempo_advice_names_a_slow_lift_without_the_rushing_cue() -> None:
    advice = tempo_advice("hip thrust", [Tempo(3, 2, 2)], Tempo(1, 2, 2))
    assert advice is not None and "lift 3 s, not 1" in advice and "count the seconds" in advice
    assert tempo_advice("hip thrust", [], Tempo(1, 2, 2)) is None
