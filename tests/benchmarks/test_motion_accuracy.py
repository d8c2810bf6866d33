from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from hipthrust_testkit.synth import RepSpec, generate_set, plain_set

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "motion_accuracy.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("motion_accuracy", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["motion_accuracy"] = module
    spec.loader.exec_module(module)
    return module


def _truth(bench: ModuleType) -> tuple:  # type: ignore[type-arg]
    rep = RepSpec(concentric_s=0.8, hold_s=1.0, eccentric_s=1.2, pause_s=0.5)
    return generate_set(plain_set("hip_thrust", 3, rep=rep), np.random.default_rng(0)).truth


def test_reps_match_one_to_one_by_time_overlap(bench: ModuleType) -> None:
    truth = _truth(bench)  # reps at 1.0-4.0, 4.5-7.5, 8.0-11.0 s
    found = [(4.6, 7.4), (1.2, 3.9), (4.4, 7.6), (11.5, 12.5)]
    assert bench._match(truth, found) == {2: 1, 1: 0}


def test_the_naive_counter_counts_clean_reps_and_stumbles_on_jitter(bench: ModuleType) -> None:
    s = generate_set(plain_set("glute_bridge", 4), np.random.default_rng(0))
    assert bench.naive_count(s.clean) == 4
    still = generate_set(
        plain_set("glute_bridge", 1, rep=RepSpec(peak_hip_deg=121.0), lead_in_s=20.0),
        np.random.default_rng(0),
    )
    jitter = still.clean.xy + np.random.default_rng(1).normal(0, 3, still.clean.xy.shape)
    noisy = type(still.clean)(
        jitter, still.clean.confidence, still.clean.fps, still.clean.width, still.clean.height
    )
    assert bench.naive_count(noisy) > 5


@pytest.mark.slow
def test_a_small_run_prints_the_table_and_a_verdict(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    status = bench.main(["--sets", "2", "--negatives", "1", "--jobs", "1", "--dump", "1"])
    out = capsys.readouterr().out
    assert status in (0, 1)
    for line in (
        "rep count exact",
        "hold MAE",
        "peak hip angle MAE",
        "naive threshold counter",
        "wrong_pivot",
        "front_view",
        "time per set",
        "overall: ",
    ):
        assert line in out
    assert ("overall: PASS" in out) == (status == 0)


def test_a_floor_bridges_feet_are_scored_by_the_knee(bench: ModuleType) -> None:
    # Feet close: the shins slope back and the knee shuts (about 43 deg) on the floor.
    close = generate_set(
        plain_set("glute_bridge", 2, shin_tilt_deg=-18.0), np.random.default_rng(0)
    )
    truth, grey = bench.floor_truth(close)
    assert all("shins_back" in t.faults for t in close.counted)
    assert all(t.faults == {"feet_too_close"} for t in truth)
    assert grey == {0: set(), 1: set()}
    # Shins forward with the knee near 80 deg: a good bridge, no feet label.
    forward = generate_set(
        plain_set("glute_bridge", 2, shin_tilt_deg=20.0), np.random.default_rng(0)
    )
    truth, _ = bench.floor_truth(forward)
    assert all(t.faults == frozenset() for t in truth)
    # A top short of full extension: the feet are scored neither way.
    short = generate_set(
        plain_set("glute_bridge", 2, ("incomplete_extension",), shin_tilt_deg=-18.0),
        np.random.default_rng(0),
    )
    truth, grey = bench.floor_truth(short)
    assert all(t.faults == {"incomplete_extension"} for t in truth)
    assert all(g == {"feet_too_far", "feet_too_close"} for g in grey.values())
