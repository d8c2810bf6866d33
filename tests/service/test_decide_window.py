"""The decision read from the recent weeks is the decision read from the whole log.

``next_session`` and ``standing_of`` read the recent weeks first (``service.decide._Window``)
and fall back to the whole log when those may not tell; ``window_weeks=None`` always reads the
whole log. Randomised histories (rung changes, regressions, sessions above the gate, pain,
lumbar faults, gaps, check-ins, time zones; unscreened, screened, bridge-tested and chosen
rungs) must get the same answer both ways, as must the decision benchmark's history.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from hipthrust.coaching.assessment import assess
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.service import decide as decide_module
from hipthrust.service.assessment_io import parse_answers
from hipthrust.service.athletes import remember_assessment
from hipthrust.service.decide import next_session, standing_of
from hipthrust.store import (
    Athlete,
    AthleteProfile,
    SourcedSet,
    Store,
    add_checkin,
    add_sets_bulk,
    create_athlete,
    open_store,
    read_transaction,
    transaction,
    update_athlete,
)
from hipthrust.store.athletes import athlete_by_id

VARIATIONS = (
    "glute_bridge",
    "single_leg_glute_bridge",
    "hip_thrust",
    "single_leg_hip_thrust",
    "barbell_hip_thrust",
    "dumbbell_hip_thrust",
    "deficit_hip_thrust",
    "machine_hip_thrust",
)
LOADED = {"barbell_hip_thrust", "dumbbell_hip_thrust", "deficit_hip_thrust", "machine_hip_thrust"}
ZONES = (None, "America/New_York", "Pacific/Auckland")
START = date(2024, 1, 1)
_names = itertools.count()


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("window")
    with open_store(f"sqlite:///{folder / 'log.sqlite3'}") as store:
        yield store


phases = st.lists(
    st.fixed_dictionaries(
        {
            "variation": st.sampled_from(VARIATIONS),
            "sessions": st.integers(1, 40),
            "gap": st.integers(1, 5),
            "pause": st.sampled_from((0, 0, 0, 10, 40)),  # days off before the phase
            "reps": st.integers(6, 20),
            "hold": st.sampled_from((0.0, 2.0, 3.0)),
            "pain": st.sampled_from((None, 0, 0, 1, 2, 4, 7)),
            "rising": st.booleans(),  # pain creeping up week by week
            "lumbar": st.booleans(),
            "full": st.sampled_from((None, True, False)),
            "rpe": st.sampled_from((None, 7.0, 8.5, 9.5)),
            "load": st.sampled_from((20.0, 60.0, 100.0)),
            "light_every": st.sampled_from((0, 5)),  # a lighter week every fifth week
        }
    ),
    min_size=1,
    max_size=6,
)
setups = st.fixed_dictionaries(
    {
        "screening": st.sampled_from(("none", "clean", "bridge", "pain")),
        "screened_at": st.floats(0.0, 1.0),  # where in the history
        "chosen": st.one_of(st.none(), st.tuples(st.integers(1, 6), st.floats(0.0, 1.2))),
        "zone": st.sampled_from(ZONES),
        "checkins": st.sampled_from((0, 2, 5)),  # pain the next morning, every n-th session
        "today_after": st.integers(-20, 10),  # days after the last session (negative: a look back)
        "until_today": st.booleans(),  # Today's page: sets before today only
    }
)


def _sets(plan: list[dict[str, Any]]) -> tuple[list[SetRecord], list[date]]:
    records: list[SetRecord] = []
    days: list[date] = []
    day = START
    for phase in plan:
        day += timedelta(days=phase["pause"])
        for index in range(phase["sessions"]):
            week = (day - START).days // 7
            light = phase["light_every"] and week % phase["light_every"] == phase["light_every"] - 1
            pain = phase["pain"]
            if pain is not None and phase["rising"]:
                pain = min(10, pain + index // 3)
            variation = phase["variation"]
            load = phase["load"] * (0.6 if light else 1.0) if variation in LOADED else None
            moment = datetime.combine(day, time(18, 0), UTC)
            records.append(SetRecord(moment, variation, 10, load_kg=load, warmup=True))
            for number in range(2 if light else 3):
                records.append(
                    SetRecord(
                        moment + timedelta(minutes=3 * (number + 1)),
                        variation,
                        phase["reps"],
                        load_kg=load,
                        hold_s=phase["hold"],
                        pain=pain,
                        rpe=phase["rpe"],
                        full_extension=phase["full"],
                        felt_in=("lower_back",) if phase["lumbar"] else ("glutes",),
                    )
                )
            days.append(day)
            day += timedelta(days=phase["gap"])
    return records, days


def _athlete(store: Store, plan: list[dict[str, Any]], setup: dict[str, Any]) -> tuple[int, date]:
    records, days = _sets(plan)
    first, last = days[0], days[-1]
    span = max((last - first).days, 1)
    with transaction(store) as session:
        athlete = create_athlete(
            session, AthleteProfile(name=f"a{next(_names)}", time_zone=setup["zone"])
        )
        add_sets_bulk(session, athlete.id, [SourcedSet(r) for r in records], source="test")
        every = setup["checkins"]
        for number, day in enumerate(days):
            if every and number % every == 0:
                add_checkin(session, athlete.id, Checkin(day + timedelta(days=1), number % 6))
        if setup["screening"] != "none":
            answers: dict[str, Any] = {
                "clean": {},
                "bridge": {"bridge_test": {"two_leg": {"full_extension": True, "reps": 15}}},
                "pain": {"pain_now": 4},
            }[setup["screening"]]
            when = first + timedelta(days=round(span * setup["screened_at"]))
            remember_assessment(
                session,
                athlete,
                assess(parse_answers(answers)),
                datetime.combine(when, time(8), UTC),
            )
        if setup["chosen"] is not None:
            rung, at = setup["chosen"]
            chosen = datetime.combine(first + timedelta(days=round(span * at)), time(7), UTC)
            current = athlete_by_id(session, athlete.id)
            assert current is not None
            update_athlete(
                session, athlete.id, replace(current, current_rung=rung, rung_chosen_at=chosen)
            )
    return athlete.id, last + timedelta(days=setup["today_after"])


def _same_both_ways(store: Store, athlete_id: int, today: date, until_today: bool) -> None:
    with read_transaction(store) as session:
        athlete = athlete_by_id(session, athlete_id)
        assert isinstance(athlete, Athlete)
        now = datetime.combine(today, time(12), athlete.zone)
        until = datetime.combine(today, time.min, athlete.zone) if until_today else None
        fast = next_session(session, athlete, now=now, until=until)
        whole = next_session(session, athlete, now=now, until=until, window_weeks=None)
        assert fast == whole
        near = standing_of(session, athlete, today, until=until)
        full = standing_of(session, athlete, today, until=until, window_weeks=None)
        assert (near.assessment, near.clearance, near.placement) == (
            full.assessment,
            full.clearance,
            full.placement,
        )


@settings(
    max_examples=60,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # shrinking a log takes minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=phases, setup=setups)
def test_the_recent_weeks_decide_as_the_whole_log(
    log: Store, plan: list[dict[str, Any]], setup: dict[str, Any]
) -> None:
    athlete_id, today = _athlete(log, plan, setup)
    _same_both_ways(log, athlete_id, today, setup["until_today"])


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[datetime | None]:
    """The ``since`` of every set read the decision makes."""
    seen: list[datetime | None] = []
    real = decide_module.family_sets

    def spy(*args: Any, **kwargs: Any) -> tuple[SetRecord, ...]:
        seen.append(args[2] if len(args) > 2 else kwargs.get("since"))
        return real(*args, **kwargs)

    monkeypatch.setattr(decide_module, "family_sets", spy)
    return seen


def test_a_long_steady_log_is_read_from_its_recent_weeks_only(
    log: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = [
        {
            "variation": "barbell_hip_thrust",
            "sessions": 300,
            "gap": 2,
            "pause": 0,
            "reps": 10,
            "hold": 1.0,
            "pain": 1,
            "rising": False,
            "lumbar": False,
            "full": True,
            "rpe": 8.0,
            "load": 100.0,
            "light_every": 5,
        }
    ]
    setup = {
        "screening": "clean",
        "screened_at": 0.1,
        "chosen": (5, 0.2),
        "zone": "America/New_York",
        "checkins": 2,
        "today_after": 1,
        "until_today": False,
    }
    athlete_id, today = _athlete(log, plan, setup)
    seen = _reads(monkeypatch)
    _same_both_ways(log, athlete_id, today, until_today=False)
    # the fast next_session and standing_of read from a recent Monday; the two slow ones, all
    assert [since is None for since in seen] == [False, True, False, True]
    assert seen[0] is not None and seen[0].date() > today - timedelta(weeks=13)


def test_the_benchmarks_ten_years_decide_as_the_whole_log(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    try:
        import decision_speed
    finally:
        sys.path.pop(0)
    from contextlib import ExitStack

    history = decision_speed.build_history(10)
    with ExitStack() as stack:
        fast, whole, _ = decision_speed.store_case(history, tmp_path, stack)
        assert fast() == whole()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    weights=st.lists(
        st.tuples(st.integers(0, 400), st.one_of(st.none(), st.floats(40.0, 150.0))),
        max_size=30,
        unique_by=lambda day: day[0],
    ),
    today=st.integers(-5, 405),
)
def test_the_injury_rules_read_the_latest_bodyweight_as_from_every_checkin(
    log: Store, weights: list[tuple[int, float | None]], today: int
) -> None:
    """The decision reads one check-in (the latest with a bodyweight, on or before today)
    where it read them all: the injury rules get the same bodyweight either way."""
    from hipthrust.service.athletes import current_assessment
    from hipthrust.service.decide import injuries_of
    from hipthrust.store import checkins
    from hipthrust.store.checkins import latest_bodyweight

    day = START + timedelta(days=today)
    with transaction(log) as session:
        athlete = create_athlete(session, AthleteProfile(name=f"w{next(_names)}"))
        for offset, weight in weights:
            add_checkin(session, athlete.id, Checkin(START + timedelta(days=offset), None, weight))
        answers = parse_answers({"bodyweight_kg": 77.0})
        remember_assessment(
            session, athlete, assess(answers), datetime.combine(START, time(7), UTC)
        )
    with read_transaction(log) as session:
        every = checkins(session, athlete.id)
        latest = latest_bodyweight(session, athlete.id, day)
        known = [c for c in every if c.bodyweight_kg is not None and c.day <= day]
        assert latest == ((max(known, key=lambda c: c.day),) if known else ())
        stored = athlete_by_id(session, athlete.id)
        assert stored is not None
        assessment = current_assessment(session, stored, day)
        assert injuries_of(stored, assessment, every, day) == injuries_of(
            stored, assessment, latest, day
        )
