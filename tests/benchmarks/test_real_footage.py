"""The real-footage benchmark: how it judges a clip against its labels, and (slow, with the
shared data) that both real clips come out right through the real pipeline."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "real_footage.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("real_footage", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["real_footage"] = module
    spec.loader.exec_module(module)
    return module


BANDED = {
    "reps": 2,
    "top_times_s_approx": [[2.7, 4.2], [5.7, 6.68]],
    "hold_s_approx": [1.4, None],
    "faults": [],
}


def _rep(bench: ModuleType, peak: float, top: float, hold: float | None, *faults: str):  # type: ignore[no-untyped-def]
    lowering = None if hold is None else top + hold
    return bench.FoundRep(peak, top, lowering, hold, frozenset(faults))


def test_labels_give_tops_by_frame_or_by_time(bench: ModuleType) -> None:
    by_frame = bench.ClipTruth.from_label("a.mp4", {"reps": 2, "top_frames_approx": [24, 72]}, 24)
    assert by_frame.tops == ((1.0, 1.0), (3.0, 3.0)) and by_frame.faults is None
    banded = bench.ClipTruth.from_label("b.mp4", BANDED, 25)
    assert banded.tops == ((2.7, 4.2), (5.7, 6.68))
    assert banded.holds == (1.4, None) and banded.faults == frozenset()


def test_a_right_answer_passes(bench: ModuleType) -> None:
    truth = bench.ClipTruth.from_label("b.mp4", BANDED, 25)
    reps = [_rep(bench, 3.3, 2.9, 1.25), _rep(bench, 6.6, 6.0, None)]
    result = bench.judge(truth, reps)
    assert result.ok and result.tops_found == 2
    assert result.hold_errors == [pytest.approx(-0.15)]


@pytest.mark.parametrize(
    ("reps", "problem"),
    [
        ([(3.3, 2.9, 1.25)], "1 reps (truth 2)"),
        ([(3.3, 2.9, 0.6), (6.6, 6.0, None)], "hold 0.60 s"),
        ([(3.3, 2.9, 1.25), (9.0, 8.9, None)], "no rep at the top 5.70-6.68 s"),
        ([(3.3, 2.9, 1.25, "no_pause"), (6.6, 6.0, None)], "false faults: no_pause"),
        ([(0.3, 0.1, 0.5), (3.3, 2.9, 1.25), (6.6, 6.0, None)], "3 reps (truth 2)"),
    ],
)
def test_a_wrong_answer_fails_and_says_why(
    bench: ModuleType,
    reps: list[tuple],
    problem: str,  # type: ignore[type-arg]
) -> None:
    truth = bench.ClipTruth.from_label("b.mp4", BANDED, 25)
    result = bench.judge(truth, [_rep(bench, *r) for r in reps])
    assert not result.ok
    assert any(p.startswith(problem) for p in result.problems), result.problems


def test_a_refusal_fails(bench: ModuleType) -> None:
    truth = bench.ClipTruth.from_label("b.mp4", BANDED, 25)
    result = bench.judge(truth, [], "no person was found in the video")
    assert not result.ok and result.problems == ["refused: no person was found in the video"]


def test_the_table_names_each_clip_and_its_verdict(bench: ModuleType) -> None:
    truth = bench.ClipTruth.from_label("banded.mp4", BANDED, 25)
    good = bench.judge(truth, [_rep(bench, 3.3, 2.9, 1.25), _rep(bench, 6.6, 6.0, None)])
    bad = bench.judge(truth, [_rep(bench, 3.3, 2.9, 0.5)])
    lines = bench.table([good, bad])
    assert "PASS" in lines[1] and "1.25 (1.4)" in lines[1]
    assert "FAIL" in lines[2] and any("truth 2" in line for line in lines[3:])


@pytest.mark.slow
def test_both_real_clips_come_out_right(bench: ModuleType, shared_data: Path) -> None:
    """BlazePose on both real clips: 5 reps; 2 reps, the 1.4 s hold and no fault."""
    results = {r.truth.name: r for r in bench.run(shared_data)}
    assert set(results) >= {
        "glute_bridge_bodyweight_side.mp4",
        "banded_glute_bridge_side_pexels.mp4",
    }
    bodyweight = results["glute_bridge_bodyweight_side.mp4"]
    assert len(bodyweight.reps) == 5 and bodyweight.tops_found == 5
    banded = results["banded_glute_bridge_side_pexels.mp4"]
    assert banded.ok, banded.problems
    assert len(banded.reps) == 2 and abs(banded.hold_errors[0]) <= 0.3
