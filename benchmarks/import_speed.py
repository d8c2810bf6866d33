"""Speed of importing a large export: a generated 100,000-row Strong or Hevy file.

Writes the file in a temporary folder (daily workouts: a barbell hip thrust warm-up and four
working sets, a rest timer, two single-leg hip thrust sets, three deadlift sets and a timed
plank), then times, against a baseline measured in the same process (this machine is noisy):

- baseline: ``csv.reader`` over the same file (every row split into cells, nothing else);
- parsing (``formats.parse_file``), and parsing plus conversion to stored sets;
- the whole import (parse, convert, write, commit) into a new SQLite log, and importing the
  same file again (every set already there);
- the same two into PostgreSQL when a server answers (``HIPTHRUST_BENCH_POSTGRES_URL``,
  default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``; a fresh schema, dropped).

Then the peak memory of importing a 50 MB export into a new SQLite log: a child process
imports it and reads its own maximum resident set size (``resource.getrusage``).

Prints rows, seconds, rows/s and the ratio to the baseline, with the targets of issue 15
beside the figures (``TARGETS``); exits with status 1 when a target is missed. The generator
functions are reused by the crash test (tests/service/test_import_crash.py).

    .venv/bin/python benchmarks/import_speed.py [--rows 100000] [--format strong|hevy]
        [--runs 3] [--no-postgres] [--memory-mb 50] [--no-memory]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

STRONG_HEADER = (
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
)
HEVY_HEADER = (
    "title",
    "start_time",
    "end_time",
    "description",
    "exercise_title",
    "superset_id",
    "exercise_notes",
    "set_index",
    "set_type",
    "weight_kg",
    "reps",
    "distance_km",
    "duration_seconds",
    "rpe",
)
FIRST_DAY = date(2000, 1, 3)

# Issue 15's targets: rows/s of a new log's import, and peak memory of a 50 MB import.
TARGETS: dict[str, float] = {
    "import into SQLite (new log)": 30_000.0,
    "import into PostgreSQL (new log)": 15_000.0,
}
PEAK_MEMORY_TARGET_MB = 300.0
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _workout(number: int) -> list[tuple[str, str, float, int, float | None, int]]:
    """One day's rows: (exercise, set order, weight kg, reps, RPE, seconds)."""
    load = 60.0 + 2.5 * ((number // 14) % 40)
    rows: list[tuple[str, str, float, int, float | None, int]] = [
        ("Hip Thrust (Barbell)", "W", load / 2, 10, None, 0)
    ]
    rows += [
        ("Hip Thrust (Barbell)", str(k), load, 8 + (number + k) % 5, 7.0 + (k % 3) / 2, 0)
        for k in range(1, 5)
    ]
    rows.append(("Hip Thrust (Barbell)", "Rest Timer", 0.0, 0, None, 90))
    rows += [("Single Leg Hip Thrust", str(k), 0.0, 12, None, 0) for k in (1, 2)]
    rows += [("Deadlift (Barbell)", str(k), load * 1.3, 5, 8.0, 0) for k in (1, 2, 3)]
    rows.append(("Plank", "1", 0.0, 0, None, 60))
    return rows


# Days before the calendar starts again (from 2000: stays within the importer's plausible
# years, up to 2100); a file longer than that (the 50 MB memory run) goes round again with
# workouts of another name, so every set is still a new one.
DAYS_PER_ROUND = 36_000


def _workout_name(number: int) -> str:
    name = "Glutes" if number % 2 else "Lower"
    laps = number // DAYS_PER_ROUND
    return f"{name} {laps + 1}" if laps else name


def _days(
    rows: int,
) -> Iterator[tuple[int, datetime, list[tuple[str, str, float, int, float | None, int]]]]:
    written = number = 0
    while written < rows:
        day = FIRST_DAY + timedelta(days=number % DAYS_PER_ROUND)
        start = datetime(day.year, day.month, day.day, 18, 0) + timedelta(minutes=number % 50)
        workout = _workout(number)[: rows - written]
        yield number, start, workout
        written += len(workout)
        number += 1


def write_strong_export(path: Path, rows: int) -> int:
    """A Strong export of ``rows`` data rows (weights with no unit: read with the kg hint).

    Returns the number of sets in it (rest timers are rows but not sets).
    """
    sets = 0
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(STRONG_HEADER)
        for number, start, workout in _days(rows):
            when = start.strftime("%Y-%m-%d %H:%M:%S")
            for exercise, order, weight, reps, rpe, seconds in workout:
                rest = order == "Rest Timer"
                sets += not rest
                writer.writerow(
                    (
                        when,
                        _workout_name(number),
                        "1h 5m",
                        exercise,
                        order,
                        "" if rest else f"{weight:g}",
                        "" if rest else str(reps),
                        "",
                        str(seconds),
                        "Pad on the bar" if exercise.startswith("Hip") else "",
                        "",
                        "" if rpe is None else f"{rpe:g}",
                    )
                )
    return sets


def write_hevy_export(path: Path, rows: int) -> int:
    """A Hevy export of ``rows`` rows (kilograms); rest timers become plain sets here."""
    sets = 0
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HEVY_HEADER)
        for number, start, workout in _days(rows):
            when = f"{start.day} {_MONTHS[start.month - 1]} {start.year}, {start:%H:%M}"
            end = start + timedelta(hours=1)
            finished = f"{end.day} {_MONTHS[end.month - 1]} {end.year}, {end:%H:%M}"
            for index, (exercise, order, weight, reps, rpe, seconds) in enumerate(workout):
                timed = order == "Rest Timer"
                sets += 1
                writer.writerow(
                    (
                        _workout_name(number),
                        when,
                        finished,
                        "",
                        "Glute Bridge" if timed else exercise,
                        "",
                        "",
                        str(index),
                        "warmup" if order == "W" else "normal",
                        "" if timed or not weight else f"{weight:g}",
                        "12" if timed else str(reps),
                        "",
                        str(seconds),
                        "" if rpe is None else f"{rpe:g}",
                    )
                )
    return sets


WRITERS: dict[str, Callable[[Path, int], int]] = {
    "strong": write_strong_export,
    "hevy": write_hevy_export,
}


def _csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as file:
        return sum(1 for _ in csv.reader(file)) - 1


def _timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def _import(url: str, path: Path) -> object:
    from hipthrust.service.importing import import_file
    from hipthrust.store import open_store, resolve_athlete, transaction

    with open_store(url) as store, transaction(store) as session:
        athlete = resolve_athlete(session, None)
        return import_file(session, athlete.id, path, units_hint="kg")


@contextmanager
def _postgres_schema(server: str) -> Iterator[str | None]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except OperationalError:
        admin.dispose()
        yield None
        return
    try:
        url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


_MEMORY_CHILD = """
import resource, sys
from pathlib import Path
from hipthrust.service.importing import import_file
from hipthrust.store import open_store, resolve_athlete, transaction
path, url = Path(sys.argv[1]), sys.argv[2]
with open_store(url) as store, transaction(store) as session:
    athlete = resolve_athlete(session, None)
    report = import_file(session, athlete.id, path, units_hint="kg")
print(report.inserted, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
_BASELINE_CHILD = """
import resource
import hipthrust.service.importing, hipthrust.store
print(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _child_peak_mb(code: str, *args: str) -> tuple[int, float]:
    """Run ``code`` in a new interpreter; (sets it reports, its peak RSS in MB)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the memory run failed:\n{done.stderr}")
    count, kib = done.stdout.split()
    return int(count), int(kib) / 1024


def _rows_for(megabytes: float, writer: Callable[[Path, int], int], folder: Path) -> int:
    """Rows giving a file of about ``megabytes`` (measured on a 20,000-row sample)."""
    sample = folder / "sample.csv"
    writer(sample, 20_000)
    per_row = sample.stat().st_size / 20_000
    sample.unlink()
    return int(megabytes * 1e6 / per_row)


def _memory(args: argparse.Namespace, folder: Path) -> tuple[float, float, float, int] | None:
    """(file MB, peak RSS MB importing it, RSS MB of the bare interpreter, sets)."""
    if args.no_memory:
        return None
    writer = WRITERS[args.format]
    path = folder / f"big-{args.format}.csv"
    sets = writer(path, _rows_for(args.memory_mb, writer, folder))
    url = f"sqlite:///{folder / 'memory.sqlite3'}"
    from hipthrust.store import open_store

    open_store(url).close()
    inserted, peak = _child_peak_mb(_MEMORY_CHILD, str(path), url)
    assert inserted == sets, (inserted, sets)
    _, bare = _child_peak_mb(_BASELINE_CHILD)
    return path.stat().st_size / 1e6, peak, bare, sets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="data rows in the file")
    parser.add_argument("--format", choices=sorted(WRITERS), default="strong")
    parser.add_argument("--runs", type=int, default=3, help="runs of each case (median)")
    parser.add_argument("--no-postgres", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--memory-mb", type=float, default=50.0, help="size of the memory run")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory run")
    args = parser.parse_args(argv)

    from hipthrust.formats import parse_file
    from hipthrust.service.importing import sourced_sets

    server = os.environ.get(
        "HIPTHRUST_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{args.format}.csv"
        sets = WRITERS[args.format](path, args.rows)
        rows = _csv_rows(path)
        size = path.stat().st_size
        print(
            f"{args.format} export: {rows} rows, {sets} sets, {size / 1e6:.1f} MB; "
            f"median of {args.runs} runs; load average {_load()}"
        )

        def parse() -> object:
            return parse_file(path, units_hint="kg")

        def convert() -> object:
            return sourced_sets(parse_file(path, units_hint="kg"), path.name)

        results: list[tuple[str, float]] = []
        base = statistics.median(_timed(lambda: _csv_rows(path))[0] for _ in range(5))
        results.append(("baseline: csv.reader over the file", base))
        results.append(("parse", statistics.median(_timed(parse)[0] for _ in range(args.runs))))
        results.append(
            ("parse + convert", statistics.median(_timed(convert)[0] for _ in range(args.runs)))
        )
        first: list[float] = []
        again: list[float] = []
        for run in range(args.runs):
            url = f"sqlite:///{Path(folder) / f'log-{run}.sqlite3'}"
            from hipthrust.store import open_store

            open_store(url).close()  # a new, migrated log (not timed)
            seconds, report = _timed(lambda url=url: _import(url, path))
            assert report.inserted == sets, report  # type: ignore[attr-defined]
            first.append(seconds)
            seconds, report = _timed(lambda url=url: _import(url, path))
            assert report.inserted == 0, report  # type: ignore[attr-defined]
            again.append(seconds)
        results.append(("import into SQLite (new log)", statistics.median(first)))
        results.append(("import again into SQLite (adds nothing)", statistics.median(again)))
        if not args.no_postgres:
            first, again = [], []
            for _ in range(args.runs):
                with _postgres_schema(server) as url:
                    if url is None:
                        print(f"PostgreSQL at {server} does not answer: skipped")
                        break
                    from hipthrust.store import open_store

                    open_store(url).close()
                    seconds, report = _timed(lambda url=url: _import(url, path))
                    assert report.inserted == sets, report  # type: ignore[attr-defined]
                    first.append(seconds)
                    seconds, report = _timed(lambda url=url: _import(url, path))
                    assert report.inserted == 0, report  # type: ignore[attr-defined]
                    again.append(seconds)
            if first:
                results.append(("import into PostgreSQL (new log)", statistics.median(first)))
                results.append(
                    ("import again into PostgreSQL (adds nothing)", statistics.median(again))
                )
        memory = _memory(args, Path(folder))
    missed: list[str] = []
    print(
        f"{'step':44} {'rows':>8} {'seconds':>9} {'rows/s':>10} {'x baseline':>11} "
        f"{'target rows/s':>14} {'met':>4}"
    )
    for name, seconds in results:
        speed = rows / seconds
        target = TARGETS.get(name)
        met = "" if target is None else ("yes" if speed >= target else "NO")
        if met == "NO":
            missed.append(name)
        print(
            f"{name:44} {rows:8d} {seconds:9.3f} {speed:10,.0f} {seconds / base:11.1f} "
            f"{'' if target is None else f'{target:,.0f}':>14} {met:>4}"
        )
    if memory is not None:
        megabytes, peak, bare, count = memory
        met = "yes" if peak < PEAK_MEMORY_TARGET_MB else "NO"
        if met == "NO":
            missed.append("peak memory")
        print(
            f"peak memory importing a {megabytes:.1f} MB export ({count:,} sets) into a new "
            f"SQLite log: {peak:.0f} MB (the interpreter with hipthrust loaded: {bare:.0f} MB); "
            f"target under {PEAK_MEMORY_TARGET_MB:.0f} MB: {met}"
        )
    print(f"load average at the end: {_load()}")
    if missed:
        print(f"missed: {', '.join(missed)}")
        return 1
    return 0


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


if __name__ == "__main__":
    sys.exit(main())
