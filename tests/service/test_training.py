from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from hipthrust.coaching.assessment import assess
from hipthrust.coaching.decision import DecisionKind
from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.units import KG_PER_LB, format_mass
from hipthrust.errors import InputError
from hipthrust.service.assessment_io import parse_answers
from hipthrust.service.athletes import (
    ProfileChanges,
    add_athlete,
    change_athlete,
    remember_assessment,
)
from hipthrust.service.decide import NextSession, next_session
from hipthrust.service.training import (
    History,
    LoggedSets,
    SetEntry,
    check_in,
    describe_set,
    history_of,
    log_sets,
    set_advice,
)
from hipthrust.store import Athlete, Store, resolve_athlete, transaction

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # a Sunday
MONDAY = date(2026, 11, 16)
SCREENED_AT = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)  # before every session below
# The bridge test of a beginner: full extension, 10 reps: start at rung 1.
BEGINNER_TEST = {"bridge_test": {"two_leg": {"full_extension": True, "reps": 10}}}


def setup(store: Store, name: str = "me", **changes: Any) -> Athlete:
    with transaction(store) as session:
        if name == "me":
            return change_athlete(session, name, ProfileChanges(**changes))
        return add_athlete(session, name, ProfileChanges(**changes))


def log(
    store: Store, *words: str, athlete: str | None = None, now: datetime = NOW, **flags: Any
) -> LoggedSets:
    entry = SetEntry(words=tuple(" ".join(words).split()), **flags)
    with transaction(store) as session:
        return log_sets(session, resolve_athlete(session, athlete), entry, now)


def decide(
    store: Store, athlete: str | None = None, now: datetime = NOW, **kwargs: Any
) -> NextSession:
    with transaction(store) as session:
        return next_session(session, resolve_athlete(session, athlete), now=now, **kwargs)


def assessed(
    store: Store, answers: dict[str, Any] | None = None, athlete: str | None = None
) -> None:
    """The athlete answers the screening (with the bridge test when ``answers`` has it)."""
    with transaction(store) as session:
        result = assess(parse_answers(answers or {}))
        remember_assessment(session, resolve_athlete(session, athlete), result, SCREENED_AT)


def athlete_now(store: Store, athlete: str | None = None) -> Athlete:
    with transaction(store) as session:
        return resolve_athlete(session, athlete)


def history(store: Store, **kwargs: Any) -> History:
    with transaction(store) as session:
        return history_of(session, resolve_athlete(session, None), now=NOW, **kwargs)


def bridge_day(store: Store, day: date, reps: int = 15, **flags: Any) -> None:
    flags = {"hold": "3", "pain": 0, "full_extension": True, "sets": 3, **flags}
    log(store, "glute bridge", "x", str(reps), day=day.isoformat(), **flags)


# --------------------------------------------------------------------------- log -> history -> next


def test_beginner_passing_the_rung_1_gate_twice_moves_to_rung_2(store: Store) -> None:
    assessed(store, BEGINNER_TEST)
    bridge_day(store, MONDAY)
    bridge_day(store, MONDAY + timedelta(days=3))
    days = history(store).days
    assert [day.day for day in days] == [MONDAY, MONDAY + timedelta(days=3)]
    assert [len(day.sets) for day in days] == [3, 3]
    assert days[0].sets[0].record.hold_s == 3.0
    before = athlete_now(store)
    result = decide(store)
    assert result.decision.kind is DecisionKind.ADVANCE
    assert result.decision.rung == 2
    assert result.decision.session[0].per_side
    # deciding again from the same sessions gives the same answer, and deciding writes nothing
    again = decide(store)
    assert again.decision == result.decision
    assert athlete_now(store) == before and before.current_rung is None
    # the rung moves when the athlete trains the rung the decision gave: rung 1's gate was met
    log(store, "single leg glute bridge x 12/12", hold="3", pain=0, sets=3, day="2026-11-22")
    moved = decide(store, day=date(2026, 11, 23))
    assert moved.decision.rung == 2
    assert moved.decision.kind is not DecisionKind.ADVANCE  # one rung-2 session so far


def test_the_work_that_placed_a_screened_athlete_counts_for_the_gate(store: Store) -> None:
    assessed(store)  # a clean screening without the bridge test: the log shows the rung
    bridge_day(store, MONDAY)
    bridge_day(store, MONDAY + timedelta(days=3))
    told = decide(store)
    assert (told.decision.kind, told.decision.rung) == (DecisionKind.ADVANCE, 2)
    log(store, "single leg glute bridge x 12/12", hold="3", pain=0, sets=3, day="2026-11-22")
    moved = decide(store, day=date(2026, 11, 23))
    assert moved.decision.rung == 2 and moved.decision.kind is not DecisionKind.ADVANCE
    assert not any("gate is not met yet" in note for note in moved.notes)


def test_beginner_short_of_15_reps_holds_and_nothing_is_recorded(store: Store) -> None:
    assessed(store, BEGINNER_TEST)
    bridge_day(store, MONDAY, reps=12)
    bridge_day(store, MONDAY + timedelta(days=3), reps=13)
    before = athlete_now(store)
    result = decide(store)
    assert (result.decision.kind, result.decision.rung) == (DecisionKind.HOLD, 1)
    assert athlete_now(store) == before
    assert any("15 reps" in reason for reason in result.decision.reasons)


def test_pain_above_5_regresses_a_rung_once(store: Store) -> None:
    assessed(store)  # a clean screening: the logged work shows the rung
    log(store, "hip thrust x 12", hold="2", pain=6, sets=2, day="2026-11-19")
    result = decide(store)
    assert (result.decision.kind, result.decision.rung) == (DecisionKind.REGRESS, 2)
    again = decide(store)
    # not a second step back for the same session: the rung is still the one it trained
    assert again.decision == result.decision
    assert athlete_now(store).current_rung is None


def test_next_morning_pain_not_settled_regresses(store: Store) -> None:
    assessed(store)
    log(store, "hip thrust x 12", hold="2", pain=1, sets=3, day="2026-11-19")
    with transaction(store) as session:
        check_in(session, resolve_athlete(session, None), now=NOW, pain=4, day="2026-11-20")
    result = decide(store)
    assert result.decision.kind is DecisionKind.REGRESS
    assert any("next morning" in reason.lower() for reason in result.decision.reasons)


@pytest.mark.parametrize(
    ("plates", "expected"),
    [
        (None, "230 lb"),  # the default lb gym: 2.5 lb plates, a 5 lb step
        ("45,25,10,5", "235 lb"),  # smallest plate 5 lb: a 10 lb step
    ],
)
def test_loaded_lifter_at_the_top_of_the_range_goes_up_to_their_plates(
    store: Store, plates: str | None, expected: str
) -> None:
    setup(store, "lee", units="lb", goal="strength", plates=plates)
    assessed(store, athlete="lee")  # a clean screening clears load
    logged = log(store, "barbell hip thrust 225 x 6 @8", athlete="lee", sets=3, day="2026-11-19")
    assert logged.records[0].load_kg == pytest.approx(225 * KG_PER_LB)
    result = decide(store, "lee")
    assert result.decision.kind is DecisionKind.ADVANCE
    load = result.decision.session[0].load_kg
    assert load is not None and format_mass(load, "lb") == expected
    assert result.decision.session[0].reps == (3, 6)


@pytest.mark.parametrize(
    ("rpe", "kind", "load"),
    [("8.5", DecisionKind.HOLD, 100.0), ("9.5", DecisionKind.REGRESS, 90.0)],
)
def test_on_shift_athlete_over_the_effort_cap_is_capped(
    store: Store, rpe: str, kind: DecisionKind, load: float
) -> None:
    setup(store, on_shift=True)
    assessed(store)
    log(store, f"barbell hip thrust 100kg x 15 @{rpe}", sets=4, day="2026-11-19")
    result = decide(store)
    assert result.on_shift
    assert (result.decision.kind, result.decision.session[0].load_kg) == (kind, load)
    for item in result.decision.session:
        assert item.rpe_max is not None and item.rpe_max <= 7.5
        assert item.sets <= 3
    assert any("On shift" in reason for reason in result.decision.reasons)


def test_off_shift_the_same_session_progresses(store: Store) -> None:
    assessed(store)
    log(store, "barbell hip thrust 100kg x 15 @8.5", sets=4, day="2026-11-19")
    result = decide(store)
    assert (result.decision.kind, result.decision.session[0].load_kg) == (
        DecisionKind.ADVANCE,
        102.5,
    )


def test_five_hard_weeks_call_for_a_deload(store: Store) -> None:
    assessed(store)
    first = date(2026, 10, 12)
    for week in range(5):
        for offset in (0, 3):
            day = first + timedelta(days=7 * week + offset)
            log(store, f"barbell hip thrust {100 + 2.5 * week}kg x 10 @8", sets=4, day=str(day))
    today = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
    result = decide(store, now=today)
    assert result.decision.kind is DecisionKind.DELOAD
    main = result.decision.session[0]
    assert (main.sets, main.load_kg) == (2, 95.0)
    assert any("5 weeks of hard training" in reason for reason in result.decision.reasons)


def test_four_hard_weeks_do_not(store: Store) -> None:
    assessed(store)
    first = date(2026, 10, 19)
    for week in range(4):
        for offset in (0, 3):
            day = first + timedelta(days=7 * week + offset)
            log(store, f"barbell hip thrust {100 + 2.5 * week}kg x 10 @8", sets=4, day=str(day))
    result = decide(store, now=datetime(2026, 11, 16, 9, 0, tzinfo=UTC))
    assert result.decision.kind is not DecisionKind.DELOAD


# --------------------------------------------------------------------------- logging


def test_flags_win_over_the_quick_syntax_value_by_value(store: Store) -> None:
    logged = log(store, "barbell hip thrust 100kg x 8 @8", reps=10, load="105kg", rpe=9.0, pain=1)
    record = logged.records[0]
    assert (record.load_kg, record.reps, record.rpe, record.pain) == (105.0, 10, 9.0, 1)
    with_rir = log(store, "barbell hip thrust 100kg x 8 @8", rir=2).records[0]
    assert (with_rir.rpe, with_rir.rir, with_rir.load_kg) == (None, 2, 100.0)


def test_several_identical_sets_are_stored_with_their_own_ids(store: Store) -> None:
    logged = log(store, "glute bridge x 15", sets=3, hold="3s", felt="glutes, hamstrings")
    assert len(set(logged.ids)) == 3
    assert all(record == logged.records[0] for record in logged.records)
    assert logged.records[0].felt_in == ("glutes", "hamstrings")
    assert logged.line.startswith("Logged 3 sets of glute bridge for me on Sun 2026-11-22 10:00")
    assert [len(day.sets) for day in history(store).days] == [3]


def test_loads_are_typed_and_shown_in_the_athletes_units(store: Store) -> None:
    setup(store, units="lb")
    logged = log(store, "barbell hip thrust 225 x 5")
    assert logged.records[0].load_kg == pytest.approx(102.058, abs=1e-3)
    assert "225 lb x 5" in logged.line
    in_kg = log(store, "barbell hip thrust 100kg x 5", units="kg")
    assert "100 kg x 5" in in_kg.line


def test_single_leg_sets_keep_both_sides(store: Store) -> None:
    logged = log(store, "single leg glute bridge 90 90 x 12/10", hold="3")
    assert (logged.records[0].reps, logged.records[0].reps_right) == (12, 10)
    flagged = log(store, "single leg hip thrust", reps=8, right=9)
    assert (flagged.records[0].reps, flagged.records[0].reps_right) == (8, 9)


def test_nothing_is_stored_when_a_value_is_refused(store: Store) -> None:
    with pytest.raises(InputError):
        log(store, "glute bridge x 15", pain=11)
    assert history(store).days == ()


@pytest.mark.parametrize(
    ("pain", "felt", "expected"),
    [
        (1, (), []),
        (4, (), ["acceptable"]),
        (6, (), ["stop this exercise"]),
        (8, (), ["stop this exercise", "clinician"]),
        (0, ("lower_back",), ["lower back", "tuck the pelvis"]),
    ],
)
def test_advice_after_a_set(pain: int, felt: tuple[str, ...], expected: list[str]) -> None:
    record = SetRecord(NOW, "glute_bridge", 10, pain=pain, felt_in=felt)
    advice = " ".join(set_advice(record))
    for words in expected:
        assert words in advice
    if not expected:
        assert advice == ""


def test_logging_pain_above_5_gives_the_advice(store: Store) -> None:
    logged = log(store, "glute bridge x 10", pain=7)
    assert any("stop this exercise" in line for line in logged.advice)


def test_describe_set() -> None:
    record = SetRecord(NOW, "barbell_hip_thrust", 8, load_kg=100.0, rpe=8.0, pain=1)
    assert describe_set(record, "kg") == "100 kg x 8 @8, pain 1"
    single = SetRecord(NOW, "single_leg_hip_thrust", 12, reps_right=10, hold_s=3.0, warmup=True)
    assert describe_set(single, "kg") == "warm-up bw x 12/10, 3 s hold"


# --------------------------------------------------------------------------- check-ins


def test_a_second_checkin_the_same_day_replaces_it_and_says_so(store: Store) -> None:
    with transaction(store) as session:
        me = resolve_athlete(session, None)
        first = check_in(session, me, now=NOW, pain=3, bodyweight="80kg")
        second = check_in(session, me, now=NOW, pain=1)
    assert first.replaced is None
    assert first.line == "Checked in for me on 2026-11-22: pain 3/10, bodyweight 80 kg."
    assert second.replaced is not None and second.replaced.next_morning_pain == 3
    assert second.checkin.next_morning_pain == 1
    assert second.checkin.bodyweight_kg == 80.0  # not given again: kept
    assert second.line.startswith("Replaced the check-in of 2026-11-22 for me (pain 3/10")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "nothing to check in"),
        ({"pain": 11}, "pain must be a whole number from 0 to 10, not 11"),
        ({"pain": 1, "day": "2026-11-23"}, "2026-11-23 is in the future"),
        ({"bodyweight": "-80kg"}, "bodyweight cannot be negative"),
        ({"bodyweight": "900kg"}, "bodyweight must be between 20 and 400 kg"),
    ],
)
def test_checkin_refusals(store: Store, kwargs: dict[str, Any], message: str) -> None:
    with transaction(store) as session, pytest.raises(InputError, match=message):
        check_in(session, resolve_athlete(session, None), now=NOW, **kwargs)


def test_bodyweight_in_pounds(store: Store) -> None:
    setup(store, units="lb")
    with transaction(store) as session:
        checked = check_in(session, resolve_athlete(session, None), now=NOW, bodyweight="176")
    assert checked.checkin.bodyweight_kg == pytest.approx(176 * KG_PER_LB)
    assert "bodyweight 176 lb" in checked.line


# --------------------------------------------------------------------------- history


def test_history_by_day_with_checkins_filters_and_limits(store: Store) -> None:
    bridge_day(store, MONDAY)
    log(store, "barbell hip thrust 100kg x 8 @8", pain=1, day="2026-11-19")
    log(store, "glute bridge x 15", warmup=True, day="2026-11-19")
    with transaction(store) as session:
        check_in(session, resolve_athlete(session, None), now=NOW, pain=1, day="2026-11-20")
    days = history(store).days
    assert [day.day.isoformat() for day in days] == ["2026-11-16", "2026-11-19", "2026-11-20"]
    assert days[2].sets == () and days[2].checkin is not None
    assert days[2].checkin.next_morning_pain == 1
    only = history(store, exercise="barbell hip thrust").days
    assert [len(day.sets) for day in only] == [1, 0]  # the check-in day stays
    assert [day.day for day in history(store, limit=1).days] == [date(2026, 11, 20)]
    assert history(store, since="2026-11-19").days[0].day == date(2026, 11, 19)
    data = history(store, limit=0).to_json()
    assert data["athlete"] == "me" and data["units"] == "kg"
    first = data["days"][1]["sets"][0]
    assert (first["variation"], first["load_kg"], first["reps"], first["rpe"]) == (
        "barbell_hip_thrust",
        100.0,
        8,
        8.0,
    )


def test_history_refuses_a_bad_day_or_limit(store: Store) -> None:
    with pytest.raises(InputError, match="cannot read 'last week' as the first day") as bad_day:
        history(store, since="last week")
    assert bad_day.value.cli.startswith("cannot read --since 'last week' as a day")
    with pytest.raises(InputError, match="the number of days must be 0") as bad_limit:
        history(store, limit=-1)
    assert bad_limit.value.cli.startswith("--limit must be 0")
