from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from hipthrust.service.dashboard import coach_dashboard
from hipthrust.store import open_store, transaction

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "web_load.py"
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)  # a Thursday


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("web_load", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["web_load"] = module
    spec.loader.exec_module(module)
    return module


def test_the_seed_gives_the_coach_linked_athletes_with_plans_history_and_pain(
    bench: ModuleType, empty_database_url: str, tmp_path: Path
) -> None:
    seeded = bench.seed(empty_database_url, tmp_path, athletes=3, weeks=2, now=NOW)
    assert len(seeded.athletes) == 3
    assert seeded.sets > 3 * 2 * 4  # at least two weeks of sessions of four sets each, minus skips
    store = open_store(empty_database_url, home=tmp_path)
    try:
        with transaction(store) as session:
            board = coach_dashboard(session, seeded.coach, NOW)
    finally:
        store.close()
    cards = {card.athlete_id: card for card in board.athletes}
    assert set(cards) == {a.athlete_id for a in seeded.athletes}
    assert all(card.adherence.planned for card in cards.values())
    assert all(card.adherence.trained > 0 for card in cards.values())
    sore = cards[seeded.athletes[0].athlete_id]  # every fifth athlete, from the first, is sore
    assert sore.pain_alerts
    assert not cards[seeded.athletes[1].athlete_id].pain_alerts


def test_the_table_gives_latency_percentiles_and_ratios_to_the_baseline(
    bench: ModuleType,
) -> None:
    baseline = bench.Result(
        "sqlite", "baseline: GET /api/v1/session", 100, 1.0, np.full(100, 2.0), (), 8, 0.4, 0.15
    )
    slow = bench.Result(
        "sqlite", "GET /api/v1/coach/dashboard", 50, 2.0, np.arange(1.0, 101.0), (), 8, 1.0, 0.1
    )
    lines = bench.table([baseline, slow]).splitlines()
    assert lines[2] == (
        "| sqlite | baseline: GET /api/v1/session | 100 | 100.0 | 2.0 | 2.0 | 2.0 | 1.0 | 1.00 "
        "| 4.0 | 1.5 |"
    )
    assert lines[3] == (
        "| sqlite | GET /api/v1/coach/dashboard | 50 | 25.0 | 50.5 | 95.0 | 99.0 | 25.2 | 0.25 "
        "| 20.0 | 2.0 |"
    )


@pytest.mark.slow
def test_a_small_run_against_the_real_server_answers_every_request(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    small = ["--athletes", "2", "--weeks", "1", "--clients", "2", "--requests", "12"]
    code = bench.main(["--backend", "sqlite", *small, "--rounds", "5", "--seconds", "30"])
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| sqlite |")]
    assert [row.split(" | ")[1] for row in rows] == [
        "baseline: GET /api/v1/session",
        "GET /api/v1/coach/dashboard",
        "POST /api/v1/athletes/{id}/sets",
    ]
    assert all(row.split(" | ")[2] == "12" for row in rows)
    # 16 warm-up sets and 12 measured ones, each answered 201 and each found afterwards
    assert "sqlite: 28 sets acknowledged (201), 28 of them in the database afterwards" in out
    assert "| sqlite POST /api/v1/athletes/{id}/sets | 8 | not run | < 100 | - |" in out
    assert code == 0  # no target was run with 2 clients, and no set went missing


def test_the_targets_are_printed_beside_the_figures_and_a_miss_fails(
    bench: ModuleType,
) -> None:
    post = "POST /api/v1/athletes/{id}/sets"
    fast = bench.Result("sqlite", post, 100, 1.0, np.full(100, 20.0), (), 8)
    slow = bench.Result("sqlite", "GET /api/v1/coach/dashboard", 100, 1.0, np.full(100, 200.0))
    slow = bench.Result(slow.backend, slow.endpoint, 100, 1.0, slow.latencies_ms, (), 8)
    shown, met = bench.targets([fast])
    assert met and f"| sqlite {post} | 8 | 20.0 | < 100 | yes |" in shown
    shown, met = bench.targets([fast, slow])
    assert not met and "| sqlite GET /api/v1/coach/dashboard | 8 | 200.0 | < 150 | NO |" in shown


def test_a_set_missing_from_the_database_is_counted(
    bench: ModuleType, empty_database_url: str, tmp_path: Path
) -> None:
    from hipthrust.coaching.records import SetRecord
    from hipthrust.store import log_set, resolve_athlete

    with open_store(empty_database_url, home=tmp_path) as store, transaction(store) as session:
        kept = log_set(session, resolve_athlete(session, None).id, SetRecord(NOW, "hip_thrust", 10))
    assert bench.missing_sets(empty_database_url, tmp_path, [kept]) == 0
    assert bench.missing_sets(empty_database_url, tmp_path, [kept, kept + 1]) == 1
