from __future__ import annotations

import os
import signal
from collections.abc import Callable

import pytest

from hipthrust.errors import InputError
from hipthrust.video.workers import Pool


def _square(job: int, report: Callable[[int], None]) -> int:
    for k in range(job):
        report(k + 1)
    return job * job


def _refuse(job: int, report: Callable[[int], None]) -> int:
    raise InputError(f"piece {job}: the video data is damaged")


def _crash(job: int, report: Callable[[int], None]) -> int:
    return {}[job]  # type: ignore[no-any-return]


def _die(job: int, report: Callable[[int], None]) -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return job


def test_results_come_back_in_job_order_with_the_progress_of_all() -> None:
    seen: list[int] = []
    with Pool(_square, [3, 1, 2], size=lambda result: result) as pool:
        assert pool.wait(seen.append) == [9, 1, 4]
    assert max(seen) == 14  # the final progress of each piece is its result's size


def test_a_refusal_in_a_worker_is_the_same_one_sentence() -> None:
    with Pool(_refuse, [7]) as pool, pytest.raises(InputError, match=r"^piece 7: the video data"):
        pool.wait()


def test_a_crash_in_a_worker_carries_its_traceback() -> None:
    with Pool(_crash, [5]) as pool, pytest.raises(RuntimeError, match="KeyError: 5"):
        pool.wait()


def test_a_worker_that_dies_is_an_error_not_a_hang() -> None:
    with Pool(_die, [1]) as pool, pytest.raises(RuntimeError, match="stopped unexpectedly"):
        pool.wait()
