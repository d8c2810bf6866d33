from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import event

from hipthrust.coaching.assessment import assess
from hipthrust.coaching.assessment_answers import Answers
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.coaching.screening import Condition, ConditionKind, RedFlag
from hipthrust.errors import AccessDenied, InputError
from hipthrust.service import dashboard
from hipthrust.service.accounts import Actor, accept_invitation, invite, sign_up
from hipthrust.service.athletes import remember_assessment
from hipthrust.service.corrections import SetEdit, edit_set_for
from hipthrust.service.dashboard import adherence, coach_dashboard
from hipthrust.service.decide import next_session, standing_of
from hipthrust.service.handout import plan_start_day
from hipthrust.service.invitations import revoke_invitation
from hipthrust.service.training import check_in
from hipthrust.store import (
    Store,
    add_checkin,
    add_video_analysis,
    log_set,
    logged_sets,
    save_plan,
    transaction,
)
from hipthrust.store.athletes import athlete_by_id, update_athlete

NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)  # a Thursday
PLAN_SAVED = datetime(2026, 11, 9, 8, 0, tzinfo=UTC)  # a Monday
PASSWORD = "correct horse battery"


def plan_json(weeks: int = 6, days: tuple[str, ...] = ("mon", "thu")) -> dict[str, Any]:
    session = {"kind": "heavy", "warmup": [], "exercises": [], "notes": []}
    return {
        "refused": False,
        "rung": 6,
        "weeks": [
            {"week": n, "sessions": [{**session, "day": day} for day in days]}
            for n in range(1, weeks + 1)
        ],
    }


def people(store: Store, *names: str) -> dict[str, Actor]:
    made: dict[str, Actor] = {}
    with transaction(store) as session:
        for name in names:
            role = "coach" if name.startswith("coach") else "athlete"
            made[name] = sign_up(
                session, f"{name.replace(' ', '.')}@example.com", PASSWORD, role, name
            )
    return made


def link(store: Store, coach: Actor, athlete: Actor) -> None:
    with transaction(store) as session:
        made = invite(session, coach, NOW - timedelta(days=40))
        accept_invitation(session, athlete, made.token, NOW - timedelta(days=40))


def on(day: date, hour: int = 17) -> datetime:
    return datetime.combine(day, time(hour), UTC)


def train(store: Store, actor: Actor, day: date, **fields: Any) -> None:
    assert actor.athlete_id is not None
    record = SetRecord(
        performed_at=on(day),
        variation=fields.pop("variation", "barbell_hip_thrust"),
        reps=8,
        **{"load_kg": 100.0, **fields},
    )
    with transaction(store) as session:
        log_set(session, actor.athlete_id, record, source="web")


def test_the_numbers_on_a_known_history(store: Store) -> None:
    actors = people(store, "coach-cora", "bea", "ann")
    cora, bea, ann = actors["coach-cora"], actors["bea"], actors["ann"]
    link(store, cora, bea)
    assert bea.athlete_id is not None
    with transaction(store) as session:
        save_plan(
            session,
            bea.athlete_id,
            request={"saved_at": PLAN_SAVED.isoformat()},
            plan=plan_json(),
        )
    # Trained: 9, 12, 16, 20 (a Friday, off the plan), 23, 30 Nov; not counted: the 5th (before
    # the plan), the 19th (a deadlift only), the 26th (warm-ups only).
    for day in (9, 12, 16, 20, 23, 30):
        train(store, bea, date(2026, 11, day))
    train(store, bea, date(2026, 11, 5))
    train(store, bea, date(2026, 11, 19), variation="deadlift")
    train(store, bea, date(2026, 11, 26), warmup=True, load_kg=None)
    # Pain: 7/10 on the 30th and 8/10 on the 23rd alert; 4/10 is acceptable; 9/10 on the
    # 12th is older than the two weeks shown.
    train(store, bea, date(2026, 11, 30), pain=7)
    train(store, bea, date(2026, 11, 30), pain=6)
    train(store, bea, date(2026, 11, 23), pain=8)
    train(store, bea, date(2026, 11, 30), pain=4)
    train(store, bea, date(2026, 11, 12), pain=9)
    with transaction(store) as session:
        add_checkin(session, bea.athlete_id, Checkin(day=date(2026, 12, 1), next_morning_pain=3))
        add_checkin(session, bea.athlete_id, Checkin(day=date(2026, 12, 2), next_morning_pain=2))
        athlete = athlete_by_id(session, bea.athlete_id)
        assert athlete is not None
        remember_assessment(
            session,
            athlete,
            assess(Answers(red_flags=(RedFlag.FEVER_WITH_BACK_PAIN,))),
            NOW - timedelta(days=3),
        )
        for n in range(4):
            add_video_analysis(session, bea.athlete_id, f"set{n}.mp4")
    assert ann.athlete_id is not None
    train(store, ann, date(2026, 12, 2), pain=10)  # not Cora's athlete: never shown

    with transaction(store) as session:
        board = coach_dashboard(session, cora, NOW)
    assert [card.name for card in board.athletes] == ["bea"]
    card = board.athletes[0]
    # Planned: 9, 12, 16, 19, 23, 26, 30 Nov (today's session is not due until trained).
    assert card.adherence.to_json() == {
        "since": "2026-11-09",
        "until": "2026-12-03",
        "trained": 6,
        "planned": 7,
        "percent": 86,
    }
    assert card.last_trained == date(2026, 11, 30)
    assert [(a.day.day, a.kind, a.score) for a in card.pain_alerts] == [
        (1, "next_morning", 3),
        (30, "set", 7),
        (23, "set", 8),
    ]
    assert card.pain_alerts[1].sentence == (
        "Pain 7/10 during barbell hip thrust on 2026-11-30 (above 5/10: regress)."
    )
    assert card.clinician == (
        "See a clinician before any exercise; nothing is prescribed.",
        "Pain 8/10 during a set on 2026-11-23: at 8/10 or more, see a clinician.",
    )
    assert card.assessed
    assert [video.filename for video in card.videos] == ["set3.mp4", "set2.mp4", "set1.mp4"]
    assert card.needs_attention


def test_adherence_counts_planned_sessions_due_in_the_last_four_weeks() -> None:
    today = date(2026, 12, 3)  # Thursday
    plan = plan_json(weeks=2)
    start = date(2026, 11, 30)  # Monday: sessions 30 Nov, 3, 7, 10 Dec
    assert adherence(plan, start, [], today).to_json()["planned"] == 1  # today not yet due
    trained_today = adherence(plan, start, [date(2026, 11, 30), today], today)
    assert (trained_today.trained, trained_today.planned, trained_today.percent) == (2, 2, 100)
    # A plan that ended: only its sessions inside the window count.
    old = adherence(plan, date(2026, 10, 5), [date(2026, 11, 20)], today)
    assert (old.since, old.trained, old.planned, old.percent) == (date(2026, 11, 6), 1, 0, None)
    none = adherence(None, None, [date(2026, 11, 20), date(2025, 1, 1)], today)
    assert (none.trained, none.planned, none.percent) == (1, None, None)
    refused = adherence({"refused": True, "weeks": []}, start, [], today)
    assert refused.planned is None
    half = adherence(plan_json(weeks=4), date(2026, 11, 9), [date(2026, 11, 9)] * 3, today)
    assert (half.trained, half.planned, half.percent) == (1, 7, 14)


def test_a_missing_clearance_shows_until_it_is_recorded(store: Store) -> None:
    actors = people(store, "coach-cora", "hip")
    link(store, actors["coach-cora"], actors["hip"])
    athlete_id = actors["hip"].athlete_id
    assert athlete_id is not None
    with transaction(store) as session:
        athlete = athlete_by_id(session, athlete_id)
        assert athlete is not None
        answers = Answers(conditions=(Condition(ConditionKind.HIP_REPLACEMENT, weeks_ago=20),))
        remember_assessment(session, athlete, assess(answers), NOW - timedelta(days=1))
    with transaction(store) as session:
        (card,) = coach_dashboard(session, actors["coach-cora"], NOW).athletes
    assert card.clinician == ("A clinician's clearance is needed before any loaded exercise.",)
    with transaction(store) as session:
        from hipthrust.service.athletes import record_clearance

        record_clearance(session, "hip", "hip_replacement", NOW.date(), NOW.date())
    with transaction(store) as session:
        (card,) = coach_dashboard(session, actors["coach-cora"], NOW).athletes
    assert card.clinician == ()


def test_only_a_coach_has_a_dashboard_and_sees_only_their_athletes(store: Store) -> None:
    actors = people(store, "coach-cora", "coach-dan", "bea")
    link(store, actors["coach-cora"], actors["bea"])
    with transaction(store) as session:
        with pytest.raises(AccessDenied):
            coach_dashboard(session, actors["bea"], NOW)
        assert coach_dashboard(session, actors["coach-dan"], NOW).athletes == ()


def test_the_queries_do_not_grow_with_athletes_or_sets(store: Store) -> None:
    names = [f"a{n}" for n in range(12)]
    actors = people(store, "coach-cora", *names)
    coach = actors["coach-cora"]
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    def measure() -> int:
        statements.clear()
        event.listen(store.engine, "before_cursor_execute", count)
        try:
            with transaction(store) as session:
                coach_dashboard(session, coach, NOW)
        finally:
            event.remove(store.engine, "before_cursor_execute", count)
        return len(statements)

    link(store, coach, actors["a0"])
    train(store, actors["a0"], date(2026, 12, 1))
    measure()  # each athlete's rung and decision are worked out once per change of their log
    few = measure()
    for name in names[1:]:
        link(store, coach, actors[name])
        for day in range(20, 30):
            train(store, actors[name], date(2026, 11, day), pain=6)
    first = measure()
    many = measure()
    assert many == few <= 14
    # Worked out afresh: each athlete's decision reads a bounded window of their log, not a
    # number of queries that grows with their sets.
    assert first - many <= 12 * 12


def test_a_new_plan_counts_at_once(store: Store) -> None:
    actors = people(store, "coach-cora", "bea")
    cora, bea = actors["coach-cora"], actors["bea"]
    link(store, cora, bea)
    assert bea.athlete_id is not None

    def planned() -> int | None:
        with transaction(store) as session:
            (card,) = coach_dashboard(session, cora, NOW).athletes
        return card.adherence.planned

    assert planned() is None
    for days, expected in ((("mon", "thu"), 7), (("mon",), 4), (("mon", "wed", "fri"), 11)):
        with transaction(store) as session:
            save_plan(
                session,
                bea.athlete_id,
                request={"saved_at": PLAN_SAVED.isoformat()},
                plan=plan_json(days=days),
            )
        assert planned() == expected
        assert planned() == expected  # and again, from what was worked out once


def test_the_dashboard_read_deferred_is_the_same_and_does_not_wait_for_a_writer(
    store: Store,
) -> None:
    # GET /api/v1/coach/dashboard reads in a deferred read transaction (web.deps): the same
    # answer as in a write transaction, and on SQLite no wait while a set is being logged.
    import time as clock

    from hipthrust.store import read_transaction

    made = people(store, "coach", "ann", "bob")
    for name in ("ann", "bob"):
        link(store, made["coach"], made[name])
    train(store, made["ann"], date(2026, 12, 1), pain=7)
    train(store, made["bob"], date(2026, 11, 30))
    with transaction(store) as session:
        written = coach_dashboard(session, made["coach"], NOW)
    with read_transaction(store) as session:
        read = coach_dashboard(session, made["coach"], NOW)
    assert read == written
    assert made["bob"].athlete_id is not None
    with transaction(store) as writing:
        late = SetRecord(on(date(2026, 12, 2)), "barbell_hip_thrust", 8, load_kg=100.0, pain=8)
        log_set(writing, made["bob"].athlete_id, late, source="web")
        writing.flush()  # a writer holds the lock with its set not yet committed
        started = clock.perf_counter()
        with read_transaction(store) as session:
            assert coach_dashboard(session, made["coach"], NOW) == written
        assert clock.perf_counter() - started < 5.0  # the busy timeout is 30 s
    with read_transaction(store) as session:
        assert coach_dashboard(session, made["coach"], NOW) != written  # bob's pain shows


# --------------------------------------------------------------------------- sort, filter, search


def _board(store: Store, coach: Actor, **choices: str) -> list[str]:
    with transaction(store) as session:
        return [c.name for c in coach_dashboard(session, coach, NOW, **choices).athletes]


def test_sort_filter_and_search(store: Store) -> None:
    made = people(store, "coach", "Zoe Park", "amy Lee", "Mia Stone", "Ben Park", "Idle Ida")
    coach = made["coach"]
    for name in ("Zoe Park", "amy Lee", "Mia Stone", "Ben Park", "Idle Ida"):
        link(store, coach, made[name])
    train(store, made["Zoe Park"], date(2026, 12, 2), pain=7)  # pain above the zone: attention
    train(store, made["amy Lee"], date(2026, 11, 20))  # 13 days ago: no recent training
    train(store, made["Mia Stone"], date(2026, 12, 1), pain=3)  # some pain, acceptable
    train(store, made["Ben Park"], date(2026, 11, 30))
    # Idle Ida never trained.

    assert _board(store, coach) == ["Zoe Park", "amy Lee", "Ben Park", "Idle Ida", "Mia Stone"]
    assert _board(store, coach, sort="name") == [
        "amy Lee",
        "Ben Park",
        "Idle Ida",
        "Mia Stone",
        "Zoe Park",
    ]
    assert _board(store, coach, sort="last_trained") == [
        "Idle Ida",
        "amy Lee",
        "Ben Park",
        "Mia Stone",
        "Zoe Park",
    ]
    assert _board(store, coach, sort="pain") == [
        "Zoe Park",
        "Mia Stone",
        "amy Lee",
        "Ben Park",
        "Idle Ida",
    ]
    assert _board(store, coach, show="attention") == ["Zoe Park"]
    assert _board(store, coach, show="pain") == ["Zoe Park"]
    assert _board(store, coach, show="inactive", sort="name") == ["amy Lee", "Idle Ida"]
    assert _board(store, coach, query="park", sort="name") == ["Ben Park", "Zoe Park"]
    assert _board(store, coach, query="  PARK ", show="attention") == ["Zoe Park"]
    assert _board(store, coach, query="nobody") == []
    with transaction(store) as session:
        board = coach_dashboard(session, coach, NOW, query="park")
    assert (board.total, len(board.athletes), board.query) == (5, 2, "park")
    for bad in ({"sort": "age"}, {"show": "happy"}, {"query": "x" * 81}):
        with transaction(store) as session, pytest.raises(InputError):
            coach_dashboard(session, coach, NOW, **bad)


def test_each_card_has_the_rung_and_decision_the_use_cases_give(store: Store) -> None:
    made = people(store, "coach", "bea")
    coach, bea = made["coach"], made["bea"]
    link(store, coach, bea)
    for day in (23, 26, 30):
        train(store, bea, date(2026, 11, day), variation="barbell_hip_thrust", rpe=7.0)
    assert bea.athlete_id is not None
    with transaction(store) as session:
        (card,) = coach_dashboard(session, coach, NOW).athletes
        athlete = athlete_by_id(session, bea.athlete_id)
        assert athlete is not None
        decided = next_session(session, athlete, now=NOW)
        placed = standing_of(session, athlete, NOW.date())
    assert card.standing is not None
    assert card.standing.rung == placed.rung
    assert card.standing.next_rung == decided.decision.rung
    assert card.standing.decision == decided.decision.kind.value
    assert card.standing.label == decided.decision.kind.label
    assert decided.decision.reasons[0] in card.standing.words
    assert card.to_json()["standing"]["rung"] == placed.rung
    assert decided.placed_rung == placed.rung


def test_requests_at_once_decide_each_changed_athlete_once(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After a round of logged sets many clients ask at once: one works the decision out, the
    # others wait and read what it kept, and all see the same card.
    made = people(store, "coach", "bea")
    coach, bea = made["coach"], made["bea"]
    link(store, coach, bea)
    train(store, bea, date(2026, 11, 23), rpe=7.0)
    calls: list[int] = []
    real = dashboard._standing

    def counted(session: Any, athlete: Any, now: datetime) -> Any:
        calls.append(athlete.id)
        return real(session, athlete, now)

    monkeypatch.setattr(dashboard, "_standing", counted)
    dashboard._DECISIONS.clear()

    def look() -> Any:
        with transaction(store) as session:
            (card,) = coach_dashboard(session, coach, NOW).athletes
            return card.standing

    with ThreadPoolExecutor(max_workers=4) as pool:
        seen = list(pool.map(lambda _: look(), range(4)))
    assert len(calls) == 1
    assert len(set(seen)) == 1 and seen[0] is not None


def test_a_correction_changes_the_decision_shown(store: Store) -> None:
    # The rung and decision are kept between requests: a change to the log must show.
    made = people(store, "coach", "bea")
    coach, bea = made["coach"], made["bea"]
    link(store, coach, bea)
    for day in (23, 26):
        train(store, bea, date(2026, 11, day), rpe=7.0)
    train(store, bea, date(2026, 11, 30), pain=7)
    assert bea.athlete_id is not None

    def decision() -> str | None:
        with transaction(store) as session:
            (card,) = coach_dashboard(session, coach, NOW).athletes
        assert card.standing is not None
        return card.standing.decision

    painful = decision()
    assert painful == "regress"
    assert decision() == painful  # kept
    with transaction(store) as session:
        (last,) = [s for s in logged_sets(session, bea.athlete_id) if s.record.pain == 7]
        edit_set_for(session, bea, bea.athlete_id, last.id, SetEdit(pain=1), NOW)
    assert decision() != "regress"
    calm = decision()
    with transaction(store) as session:  # a check-in the next morning, then its pain
        athlete = athlete_by_id(session, bea.athlete_id)
        assert athlete is not None
        check_in(session, athlete, now=NOW, day="2026-12-01", notes="slept badly")
    assert decision() == calm
    with transaction(store) as session:
        check_in(session, athlete, now=NOW, day="2026-12-01", pain=7)
    assert decision() != calm


def test_open_invitations_are_listed_and_revoked(store: Store) -> None:
    made = people(store, "coach-cora", "coach-dan", "bea")
    cora, dan, bea = made["coach-cora"], made["coach-dan"], made["bea"]
    with transaction(store) as session:
        first = invite(session, cora, NOW - timedelta(days=2))
        second = invite(session, cora, NOW - timedelta(days=1))
        invite(session, cora, NOW - timedelta(days=20))  # expired: not listed
        invite(session, dan, NOW)  # Dan's: not Cora's
    with transaction(store) as session:
        board = coach_dashboard(session, cora, NOW)
    assert len(board.invitations) == 2
    newest, oldest = board.invitations
    assert newest.expires_at == NOW + timedelta(days=13)
    with transaction(store) as session:
        with pytest.raises(AccessDenied):  # not Dan's to revoke
            revoke_invitation(session, dan, oldest.id)
        with pytest.raises(AccessDenied):  # an athlete has none
            revoke_invitation(session, bea, oldest.id)
        revoke_invitation(session, cora, oldest.id)
    with transaction(store) as session:
        assert [i.id for i in coach_dashboard(session, cora, NOW).invitations] == [newest.id]
        with pytest.raises(InputError, match="not known"):
            accept_invitation(session, bea, first.token, NOW)
        with pytest.raises(AccessDenied):  # revoked already
            revoke_invitation(session, cora, oldest.id)
    with transaction(store) as session:
        accept_invitation(session, bea, second.token, NOW)
    with transaction(store) as session:
        board = coach_dashboard(session, cora, NOW)
        assert board.invitations == ()
        assert [c.name for c in board.athletes] == ["bea"]
        with pytest.raises(InputError, match="accepted"):
            revoke_invitation(session, cora, newest.id)


def test_each_athletes_days_are_their_own_time_zones(store: Store) -> None:
    """A coach sees the days the athlete sees: a set at 23:30 in New York is that day's, and
    the plan starts on the day it was saved there (as on the handout and the calendar)."""
    actors = people(store, "coach-cora", "nia")
    cora, nia = actors["coach-cora"], actors["nia"]
    link(store, cora, nia)
    assert nia.athlete_id is not None
    saved = datetime(2026, 11, 9, 2, 0, tzinfo=UTC)  # Sunday 8 Nov, 21:00 in New York
    late = datetime(2026, 12, 3, 4, 30, tzinfo=UTC)  # Wednesday 2 Dec, 23:30 in New York
    with transaction(store) as session:
        athlete = athlete_by_id(session, nia.athlete_id)
        assert athlete is not None
        update_athlete(session, athlete.id, replace(athlete, time_zone="America/New_York"))
        save_plan(
            session, nia.athlete_id, request={"saved_at": saved.isoformat()}, plan=plan_json()
        )
        log_set(
            session,
            nia.athlete_id,
            SetRecord(performed_at=late, variation="barbell_hip_thrust", reps=8, load_kg=100.0),
            source="web",
        )
    with transaction(store) as session:
        (card,) = coach_dashboard(session, cora, NOW).athletes
        athlete = athlete_by_id(session, nia.athlete_id)
        assert athlete is not None
        start = plan_start_day(session, athlete)
    assert start == date(2026, 11, 8)
    assert card.adherence.since == start
    assert card.adherence.until == date(2026, 12, 3)  # 13:00 in New York
    assert card.last_trained == date(2026, 12, 2)
    assert not card.inactive


def test_days_and_pain_are_counted_by_the_athletes_day_of_each_working_set(store: Store) -> None:
    # The days are the athlete's (UTC here: no zone set) whatever zone a set was logged in,
    # warm-ups count for nothing, and of two equally painful sets on one day the alert names
    # the earlier.
    actors = people(store, "coach-cora", "ann")
    coach, ann = actors["coach-cora"], actors["ann"]
    link(store, coach, ann)
    assert ann.athlete_id is not None
    evening = timezone(timedelta(hours=-5))
    sets = [
        # 21:30 on 30 November at UTC-5 is 02:30 on 1 December in UTC
        (datetime(2026, 11, 30, 21, 30, tzinfo=evening), "barbell_glute_bridge", 7, False),
        (datetime(2026, 12, 1, 23, 30, tzinfo=UTC), "barbell_hip_thrust", 7, False),
        (datetime(2026, 12, 2, 17, 0, tzinfo=UTC), "barbell_hip_thrust", 9, True),  # warm-up
        (datetime(2026, 11, 20, 17, 0, tzinfo=UTC), "deadlift", 3, False),  # not a hip thrust
    ]
    with transaction(store) as session:
        for at, variation, pain, warmup in sets:
            record = SetRecord(
                performed_at=at, variation=variation, reps=8, load_kg=60.0, pain=pain, warmup=warmup
            )
            log_set(session, ann.athlete_id, record, source="web")
    with transaction(store) as session:
        (card,) = coach_dashboard(session, coach, NOW).athletes
    assert card.adherence.trained == 1  # 1 December (UTC), both sets
    assert card.last_trained == date(2026, 12, 1)
    assert card.worst_pain == 7
    assert [(a.day, a.kind, a.score) for a in card.pain_alerts] == [(date(2026, 12, 1), "set", 7)]
    assert "barbell glute bridge" in card.pain_alerts[0].sentence
