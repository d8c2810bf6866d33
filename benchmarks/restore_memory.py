"""Peak memory (and time) of restoring a large hipthrust backup: a generated 50 MB JSON export.

Writes a backup as ``hipthrust export log --format json`` and the web's download write it
(``indent=2``): daily sessions of hip thrust sets (some with a measured tempo and per-rep
fault counts, notes), a deadlift and a plank, a check-in a day, one assessment and one plan.
Then, each in a new interpreter reading its own maximum resident set size
(``resource.getrusage``):

- the bare interpreter with hipthrust's import modules loaded;
- ``json.load`` of the whole file (what decoding it whole with the standard library costs);
- the restore itself (``service.importing.import_file``) into a new SQLite log, timed.

Prints the figures beside the import's memory target (300 MB for a 50 MB file, the CSV
import's: docs/export.md) and exits with status 1 when the restore misses it.

    .venv/bin/python benchmarks/restore_memory.py [--megabytes 50]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

PEAK_MEMORY_TARGET_MB = 300.0
FIRST_DAY = date(2000, 1, 3)

_RESTORE_CHILD = """
import resource, sys, time
from pathlib import Path
from hipthrust.service.importing import import_file
from hipthrust.store import open_store, resolve_athlete, transaction
path, url = Path(sys.argv[1]), sys.argv[2]
started = time.perf_counter()
with open_store(url) as store, transaction(store) as session:
    athlete = resolve_athlete(session, None)
    report = import_file(session, athlete.id, path)
seconds = time.perf_counter() - started
print(report.inserted, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, seconds)
"""
_WHOLE_CHILD = """
import json, resource, sys, time
started = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as file:
    data = json.load(file)
seconds = time.perf_counter() - started
print(len(data["sets"]), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, seconds)
"""
_BARE_CHILD = """
import resource
import hipthrust.service.importing, hipthrust.store
print(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 0)
"""


def _set(number: int, at: datetime, day: date) -> dict[str, Any]:
    """One exported set, varied by ``number`` (a third from a video, with tempo and counts)."""
    video = number % 3 == 0
    kind = number % 7
    variation, name, load = (
        ("deadlift", "Deadlift (Barbell)", 140.0)
        if kind == 5
        else ("barbell_hip_thrust", "barbell_hip_thrust", 60.0 + (number % 40) * 2.5)
    )
    if kind == 6:
        variation, name, load = None, "Plank", 0.0
    faults = ["lumbar_hyperextension", "rushing"] if video else []
    return {
        "id": number + 1,
        "date": day.isoformat(),
        "performed_at": at.isoformat(),
        "exercise": name,
        "exercise_name": name,
        "variation": variation,
        "set_type": "normal",
        "load_kg": load or None,
        "reps": 5 + number % 8,
        "reps_right": None,
        "hold_s": 1.5 if variation == "barbell_hip_thrust" else None,
        "rpe": 7.5 + (number % 3) / 2,
        "rir": None,
        "pain": number % 3,
        "felt_in": ["glutes"],
        "faults": faults,
        "full_extension": True,
        "warmup": False,
        "notes": f"set {number}: bar pad, felt it in the glutes" if number % 4 == 0 else "",
        "tempo": {"up_s": 0.83, "top_s": 1.27, "down_s": 1.55} if video else None,
        "fault_reps": {"lumbar_hyperextension": 2, "rushing": 3} if video else None,
        "source": "video" if video else "web",
        "source_key": None,
        "video_analysis_id": None,
    }


def _write_item(out: TextIO, item: object, first: bool) -> None:
    text = json.dumps(item, indent=2, ensure_ascii=False)
    out.write(("" if first else ",\n") + "    " + text.replace("\n", "\n    "))


def write_backup(path: Path, megabytes: float) -> int:
    """A backup of about ``megabytes``, written a set at a time; the number of sets."""
    target = megabytes * 1e6
    sets = 0
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n  "schema_version": 1,\n  "exported_at": "2026-12-07T00:00:00+00:00",\n')
        athlete = {"id": 1, "name": "me", "units": "kg"}
        out.write(f'  "athlete": {json.dumps(athlete)},\n  "sets": [\n')
        day = FIRST_DAY
        while out.tell() < target:
            start = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=17)
            for index in range(7):
                at = start + timedelta(minutes=3 * index)
                _write_item(out, _set(sets, at, day), sets == 0)
                sets += 1
            day += timedelta(days=1)
        out.write('\n  ],\n  "checkins": [\n')
        checkins = (day - FIRST_DAY).days
        for offset in range(checkins):
            checkin = {
                "day": (FIRST_DAY + timedelta(days=offset)).isoformat(),
                "next_morning_pain": offset % 3,
                "bodyweight_kg": 64.5,
                "notes": "",
            }
            _write_item(out, checkin, offset == 0)
        out.write('\n  ],\n  "assessments": [],\n  "plans": []\n}\n')
    return sets


def _child(code: str, *args: str) -> tuple[int, float, float]:
    """Run ``code`` in a new interpreter: (count it reports, peak RSS in MB, seconds)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the run failed:\n{done.stderr}")
    count, kib, seconds = done.stdout.split()
    return int(count), int(kib) / 1024, float(seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50.0, help="size of the backup")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "backup.json"
        sets = write_backup(path, args.megabytes)
        size = path.stat().st_size / 1e6
        url = f"sqlite:///{Path(folder) / 'restore.sqlite3'}"
        from hipthrust.store import open_store

        open_store(url).close()
        _, bare, _ = _child(_BARE_CHILD)
        read, whole, whole_s = _child(_WHOLE_CHILD, str(path))
        inserted, peak, seconds = _child(_RESTORE_CHILD, str(path), url)
    assert read == inserted == sets, (read, inserted, sets)
    print(f"backup: {size:.1f} MB, {sets:,} sets")
    print(f"bare interpreter with the import modules: {bare:.0f} MB peak")
    print(f"json.load of the whole file: {whole:.0f} MB peak, {whole_s:.1f} s")
    print(
        f"restore into a new SQLite log: {peak:.0f} MB peak (target {PEAK_MEMORY_TARGET_MB:.0f}),"
        f" {seconds:.1f} s, {sets / seconds:,.0f} sets/s"
    )
    return 0 if peak <= PEAK_MEMORY_TARGET_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
