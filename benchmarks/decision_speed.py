"""Speed of the next-session decision on ten years of daily training history.

Builds a realistic history in memory (every day for ``--years`` years: a warm-up and four
working sets of the barbell hip thrust, two single-leg sets, loads rising 2.5 kg every
other week, every fifth week a deload of two lighter working sets, a daily check-in), then
times:

- the baseline: iterating over the same history and sorting it by time once (what any
  decision has to pay at least), measured in the same process because this machine is noisy;
- ``decide_next`` on the whole history, and on its last eight weeks only;
- the whole service (``service.decide.next_session``: read the log from SQLite, decide), on a
  SQLite file holding the same history (filled before timing; the store is opened once, as
  the web server and a long-lived process keep it; each run is one read transaction), with
  its recent-weeks read and with ``window_weeks=None`` (the whole log, the slow path).

Before timing, the fast path's answer is checked to equal the whole-log answer.

The cases run interleaved ``--runs`` times; each is reported as its median time and the
median of its per-run ratio to the baseline. Prints sets, seconds, sets/s and the ratio,
then the issue's targets beside the figures (the service within 3x the pure decision on
the whole history, and under 50 ms); exits 1 when one is missed or the answers differ.

    .venv/bin/python benchmarks/decision_speed.py [--years 10] [--runs 7] [--no-store]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hipthrust.coaching.decision import AthleteContext, decide_next
from hipthrust.coaching.goals import Goal
from hipthrust.coaching.records import Checkin, SetRecord

SETS_PER_DAY = 7  # at most: a deload day has two sets fewer


@dataclass(frozen=True)
class History:
    sets: tuple[SetRecord, ...]
    checkins: tuple[Checkin, ...]
    today: date


def build_history(years: int, seed: int = 0, end: date = date(2026, 11, 20)) -> History:
    """``years`` years of daily sessions ending the day before ``end`` (see the module doc)."""
    rng = random.Random(seed)
    days = round(365.25 * years)
    first = end - timedelta(days=days)
    sets: list[SetRecord] = []
    checkins: list[Checkin] = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        week = offset // 7
        light = week % 5 == 4
        load = 60.0 + 2.5 * ((week // 2) % 40) - (10.0 if light else 0.0)
        start = datetime(day.year, day.month, day.day, 17, 30, tzinfo=UTC)
        moment = iter(start + timedelta(minutes=3 * k) for k in range(SETS_PER_DAY))
        sets.append(SetRecord(next(moment), "barbell_hip_thrust", 8, load_kg=load / 2, warmup=True))
        for _ in range(2 if light else 4):
            sets.append(
                SetRecord(
                    next(moment),
                    "barbell_hip_thrust",
                    rng.choice((10, 11, 12)),
                    load_kg=load,
                    rpe=rng.choice((7.0, 7.5, 8.0)),
                    pain=rng.choice((0, 0, 1, 2)),
                    felt_in=("glutes",),
                    full_extension=True,
                    hold_s=1.5,
                )
            )
        for _ in range(2):
            sets.append(
                SetRecord(
                    next(moment), "single_leg_hip_thrust", 10, reps_right=10, hold_s=3.0, pain=0
                )
            )
        checkins.append(Checkin(day + timedelta(days=1), next_morning_pain=rng.choice((0, 0, 1))))
    return History(tuple(sets), tuple(checkins), end)


def measure(
    cases: Sequence[tuple[str, int, Callable[[], object]]], runs: int
) -> list[tuple[str, int, float, float]]:
    """Median seconds of each case and the median of its per-round ratio to the first case.

    The cases run interleaved, round after round, so a slow spell of this noisy machine
    hits the baseline and the case alike and the ratio stays honest.
    """
    seconds: list[list[float]] = [[] for _ in cases]
    for _ in range(runs):
        for index, (_, _, action) in enumerate(cases):
            started = time.perf_counter()
            action()
            seconds[index].append(time.perf_counter() - started)
    base = seconds[0]
    return [
        (
            name,
            count,
            statistics.median(times),
            statistics.median(t / b for t, b in zip(times, base, strict=True)),
        )
        for (name, count, _), times in zip(cases, seconds, strict=True)
    ]


def baseline(history: History) -> object:
    """Touch every set once and sort them by time: the floor for any decision."""
    return sorted(history.sets, key=lambda record: record.performed_at)


CONTEXT = AthleteContext(rung=5, goal=Goal.HYPERTROPHY, loading_allowed=True)


def decide(history: History, sets: Sequence[SetRecord]) -> object:
    return decide_next(sets, history.checkins, CONTEXT, history.today)


TARGET_RATIO = 3.0  # the service within 3x the pure decision on the whole history
TARGET_SECONDS = 0.050


def store_case(
    history: History, folder: Path, stack: ExitStack
) -> tuple[Callable[[], object], Callable[[], object], Callable[[], object]]:
    """A SQLite log holding the history, and the service call ``hipthrust next`` makes: with
    the recent-weeks read, and reading the whole log."""
    from dataclasses import replace

    from hipthrust.service.decide import next_session
    from hipthrust.store import (
        SourcedSet,
        add_checkin,
        add_sets_bulk,
        open_store,
        read_transaction,
        resolve_athlete,
        transaction,
        update_athlete,
    )

    url = f"sqlite:///{folder / 'decision.sqlite3'}"
    with open_store(url) as store, transaction(store) as session:
        me = resolve_athlete(session, None)
        update_athlete(
            session, me.id, replace(me, current_rung=5, loading_allowed=True, goal="hypertrophy")
        )
        add_sets_bulk(session, me.id, [SourcedSet(s) for s in history.sets], source="bench")
        for checkin in history.checkins:
            add_checkin(session, me.id, checkin)
    now = datetime(history.today.year, history.today.month, history.today.day, 9, tzinfo=UTC)

    store = stack.enter_context(open_store(url))

    def run(window: int | None) -> object:
        with read_transaction(store) as session:
            athlete = resolve_athlete(session, None)
            if window is None:
                return next_session(session, athlete, now=now, window_weeks=None)
            return next_session(session, athlete, now=now)

    def today() -> object:
        # Today's page and GET .../today: the decision from the sets before today, and the
        # sets logged so far today.
        from hipthrust.service.accounts import LOCAL_OWNER
        from hipthrust.service.athlete_portal import today_of

        with read_transaction(store) as session:
            athlete = resolve_athlete(session, None)
            return today_of(session, LOCAL_OWNER, athlete.id, now)

    return (lambda: run(8)), (lambda: run(None)), today


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10, help="years of daily history")
    parser.add_argument("--runs", type=int, default=9, help="runs per case (median)")
    parser.add_argument("--no-store", action="store_true", help="skip the SQLite case")
    args = parser.parse_args(argv)

    history = build_history(args.years)
    recent_start = history.today - timedelta(weeks=8)
    recent = [s for s in history.sets if s.performed_at.date() >= recent_start]
    days = len({s.performed_at.date() for s in history.sets})
    print(
        f"history: {days} days, {len(history.sets)} sets, {len(history.checkins)} check-ins, "
        f"to {history.today.isoformat()}; median of {args.runs} runs"
    )
    cases: list[tuple[str, int, Callable[[], object]]] = [
        ("baseline: sort the history once", len(history.sets), lambda: baseline(history)),
        ("decide_next, whole history", len(history.sets), lambda: decide(history, history.sets)),
        ("decide_next, last 8 weeks only", len(recent), lambda: decide(history, recent)),
    ]
    same = True
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        if not args.no_store:
            fast, whole, today = store_case(history, Path(folder), stack)
            same = fast() == whole()
            cases.append(("next_session from SQLite (read + decide)", len(history.sets), fast))
            cases.append(("next_session, whole log read (slow path)", len(history.sets), whole))
            cases.append(("Today (today_of: decision + today's sets)", len(history.sets), today))
        results = measure(cases, args.runs)
    print(f"{'case':44} {'sets':>8} {'seconds':>9} {'sets/s':>11} {'x baseline':>11}")
    for name, count, seconds, ratio in results:
        rate = count / seconds if seconds else float("inf")
        print(f"{name:44} {count:8d} {seconds:9.4f} {rate:11,.0f} {ratio:11.1f}")
    decision = decide(history, history.sets)
    print(f"decision: {decision.kind.value} at rung {decision.rung}")  # type: ignore[attr-defined]
    if args.no_store:
        return 0
    pure, service, page = results[1], results[3], results[5]
    misses = []
    print(f"{'target':44} {'measured':>12} {'wanted':>10} {'met':>5}")
    for what, measured, wanted in (
        # both per-run ratios to the same baseline
        ("next_session / pure decide_next (whole)", service[3] / pure[3], TARGET_RATIO),
        ("next_session seconds", service[2], TARGET_SECONDS),
        ("Today / pure decide_next (whole)", page[3] / pure[3], TARGET_RATIO),
        ("Today seconds", page[2], TARGET_SECONDS),
    ):
        met = measured <= wanted
        print(f"{what:44} {measured:12.3f} {wanted:10.3f} {'yes' if met else 'NO':>5}")
        if not met:
            misses.append(what)
    print(f"fast path answer equals the whole-log answer: {'yes' if same else 'NO'}")
    return 0 if same and not misses else 1


if __name__ == "__main__":
    sys.exit(main())
