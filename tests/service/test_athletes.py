from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from hipthrust.coaching.assessment import assess
from hipthrust.coaching.loads import default_equipment
from hipthrust.errors import InputError
from hipthrust.service.assessment_io import parse_answers
from hipthrust.service.athletes import (
    CLEARANCE_KINDS,
    ProfileChanges,
    add_athlete,
    athlete_summaries,
    change_athlete,
    current_assessment,
    equipment_of,
    profile_json,
    record_clearance,
    remember_assessment,
)
from hipthrust.service.decide import standing_of
from hipthrust.service.training import SetEntry, log_sets
from hipthrust.store import Athlete, Store, get_athlete, transaction

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)

# Seed 003's Phil: a hip replacement 26 weeks ago, a clean bridge test, a 450 lb hip thrust.
PHIL: dict[str, Any] = {
    "conditions": [{"kind": "hip_replacement", "weeks_ago": 26, "cleared": False}],
    "bridge_test": {
        "two_leg": {"full_extension": True, "felt_in": ["glutes"], "reps": 20},
        "single_leg": {"left_reps": 14, "right_reps": 14},
    },
    "training_age_months": 60,
    "hip_thrust_1rm_kg": "450lb",
}
# Two weeks after a hernia repair: nothing that strains for 4 weeks.
EARLY: dict[str, Any] = {
    "conditions": [{"kind": "hernia_repair", "weeks_ago": 2, "cleared": False}],
    "bridge_test": {"two_leg": {"full_extension": True, "reps": 15}},
}


def add(store: Store, name: str, **changes: Any) -> Athlete:
    with transaction(store) as session:
        return add_athlete(session, name, ProfileChanges(**changes))


def change(store: Store, name: str, **changes: Any) -> Athlete:
    with transaction(store) as session:
        return change_athlete(session, name, ProfileChanges(**changes))


def assessed(store: Store, answers: dict[str, Any], when: datetime = NOW) -> Athlete:
    with transaction(store) as session:
        me = get_athlete(session, "me")
        assert me is not None
        athlete, _ = remember_assessment(session, me, assess(parse_answers(answers)), when)
        return athlete


def test_a_new_log_has_one_athlete_with_the_default_gym(store: Store) -> None:
    with transaction(store) as session:
        rows = athlete_summaries(session)
    assert [(row.athlete.name, row.sets_logged, row.last_session) for row in rows] == [
        ("me", 0, None)
    ]
    assert equipment_of(rows[0].athlete) == default_equipment("kg")


def test_add_an_athlete_with_a_full_profile(store: Store) -> None:
    sam = add(
        store,
        "sam",
        units="lb",
        goal="Strength",
        training_days="thu,mon",
        deadlift_day="tuesday",
        shift_days="fri",
        bar="20kg",
        plates="45,25,10,5",
        dumbbells="50,25",
        rung=5,
        loading_allowed=True,
    )
    assert (sam.units, sam.goal, sam.training_days, sam.deadlift_day) == (
        "lb",
        "strength",
        ("mon", "thu"),
        "tue",
    )
    assert sam.on_shift  # shift days imply on shift
    equipment = equipment_of(sam)
    assert (equipment.units, equipment.plates, equipment.dumbbells) == (
        "lb",
        (45.0, 25.0, 10.0, 5.0),
        (50.0, 25.0),
    )
    assert equipment.bar == pytest.approx(44.092, abs=1e-3)  # 20 kg, in pounds
    data = profile_json(sam)
    assert data["shift_days"] == ["fri"] and data["equipment"]["plates"] == [45, 25, 10, 5]


def test_changing_a_profile_keeps_what_is_not_given(store: Store) -> None:
    add(store, "sam", goal="strength", training_days="mon,thu", plates="25,10,5")
    changed = change(store, "sam", deadlift_day="wed", on_shift=True, bench=False)
    assert (changed.goal, changed.training_days, changed.deadlift_day) == (
        "strength",
        ("mon", "thu"),
        "wed",
    )
    assert changed.on_shift
    assert equipment_of(changed).plates == (25.0, 10.0, 5.0)
    assert not equipment_of(changed).has_bench
    cleared = change(store, "sam", training_days="none", deadlift_day="none", on_shift=False)
    assert (cleared.training_days, cleared.deadlift_day, cleared.on_shift) == ((), None, False)
    renamed = change(store, "sam", rename="samantha")
    assert renamed.name == "samantha"


def test_new_units_fall_back_to_that_units_gym(store: Store) -> None:
    add(store, "sam", plates="25,20,10")  # kg plates
    in_lb = change(store, "sam", units="lb", bar="45")
    equipment = equipment_of(in_lb)
    assert (equipment.units, equipment.bar, equipment.plates) == (
        "lb",
        45.0,
        default_equipment("lb").plates,
    )
    only_units = change(store, "sam", units="kg")  # stored lb equipment stays lb plates
    assert equipment_of(only_units).units == "lb"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"units": "stone"}, "unknown unit"),
        ({"goal": "flying"}, "unknown goal"),
        ({"training_days": "mon,funday"}, "unknown day 'funday'"),
        ({"training_days": "mon,tue,wed,thu"}, "at most 3"),
        ({"deadlift_day": "someday"}, "unknown day"),
        ({"rung": 9}, "rung must be from 0 to 6, not 9"),
        ({"plates": "25,heavy"}, "cannot read plate size 'heavy'"),
        ({"plates": "25,-5"}, "must be above 0"),
        ({"bar": "-20kg"}, "cannot be negative"),
        ({"bar": "500kg"}, "bar weight must be between 0 and 100"),
    ],
)
def test_profile_values_are_checked(store: Store, changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        add(store, "sam", **changes)
    with transaction(store) as session:
        assert get_athlete(session, "sam") is None


def test_names_are_unique(store: Store) -> None:
    add(store, "sam")
    with pytest.raises(InputError, match="already exists"):
        add(store, "sam")
    with pytest.raises(InputError, match="already exists"):
        change(store, "sam", rename="me")
    with pytest.raises(InputError, match="no athlete named 'kim' \\(one of: me, sam\\)"):
        change(store, "kim", goal="strength")


def test_summaries_count_sets_and_the_last_session(store: Store) -> None:
    add(store, "sam")
    with transaction(store) as session:
        sam = get_athlete(session, "sam")
        assert sam is not None
        entry = SetEntry(words=("glute", "bridge", "x", "12"), sets=2, day="2026-11-20")
        log_sets(session, sam, entry, NOW)
        rows = {row.athlete.name: row for row in athlete_summaries(session)}
    assert (rows["sam"].sets_logged, rows["sam"].last_session) == (2, date(2026, 11, 20))
    assert rows["me"].sets_logged == 0
    assert rows["sam"].to_json()["last_session"] == "2026-11-20"


# --------------------------------------------------------------------------- assessments


def _standing(store: Store, day: date) -> tuple[int, bool]:
    """The rung the athlete is on and whether load is cleared, as every door reads them."""
    with transaction(store) as session:
        me = get_athlete(session, "me")
        assert me is not None
        found = standing_of(session, me, day)
    return found.rung, found.clearance.load


def test_an_assessment_places_the_rung_and_the_loading_limit(store: Store) -> None:
    athlete = assessed(store, PHIL)
    assert athlete.current_rung is None  # an assessment anchors the rung, it stores none
    assert _standing(store, NOW.date()) == (1, False)  # not yet cleared


def test_a_clearance_lets_the_assessment_allow_loading(store: Store) -> None:
    assessed(store, PHIL)
    with transaction(store) as session:
        cleared = record_clearance(session, "me", "hip replacement", date(2026, 11, 20), NOW.date())
    assert cleared.athlete.clearances == {"hip_replacement": "2026-11-20"}
    assert _standing(store, NOW.date()) == (5, True)  # nothing trained since: start as cleared
    assert "loading is allowed" in cleared.effect


def test_a_clearance_after_training_keeps_the_rung_for_the_gates(store: Store) -> None:
    assessed(store, PHIL, when=NOW - timedelta(days=10))
    with transaction(store) as session:
        me = get_athlete(session, "me")
        assert me is not None
        log_sets(session, me, SetEntry(words=("glute", "bridge", "x", "15")), NOW)
        cleared = record_clearance(session, "me", "hip_replacement", NOW.date(), NOW.date())
    assert cleared.athlete.current_rung is None
    assert _standing(store, NOW.date()) == (1, True)  # the rung trained since, now cleared


@pytest.mark.parametrize(
    ("condition", "on", "message"),
    [
        ("knee_pain", date(2026, 11, 20), "not a condition a clinician clears"),
        ("hip_replacement", date(2026, 11, 23), "in the future"),
    ],
)
def test_clearance_refusals(store: Store, condition: str, on: date, message: str) -> None:
    with transaction(store) as session, pytest.raises(InputError, match=message):
        record_clearance(session, "me", condition, on, NOW.date())


def test_a_clearance_without_an_assessment_says_what_to_do(store: Store) -> None:
    with transaction(store) as session:
        cleared = record_clearance(session, "me", "pregnancy", NOW.date(), NOW.date())
    assert "hipthrust assess" in cleared.effect
    assert not cleared.athlete.loading_allowed
    assert "pregnancy" in CLEARANCE_KINDS


def test_a_clearance_dated_before_the_surgery_does_not_count(store: Store) -> None:
    with transaction(store) as session:
        record_clearance(session, "me", "hip_replacement", date(2025, 1, 1), NOW.date())
    athlete = assessed(store, PHIL)  # the surgery was 26 weeks before NOW, in 2026
    assert not athlete.loading_allowed


def test_the_assessment_is_read_as_of_today(store: Store) -> None:
    taken = NOW - timedelta(weeks=4)
    athlete = assessed(store, EARLY, when=taken)
    assert _standing(store, taken.date())[0] == 0  # inside the no-straining window then
    with transaction(store) as session:
        then = current_assessment(session, athlete, taken.date())
        now = current_assessment(session, athlete, NOW.date())
    assert then is not None and now is not None
    assert not then.result.exercise_allowed
    assert now.result.exercise_allowed  # 6 weeks after the repair: the window has passed
    assert now.result.max_rung == 4  # still no load without clearance
    assert "4 week(s) have passed since the assessment." in now.adjusted
