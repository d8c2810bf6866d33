"""``serve``'s video worker, supervised: restarted when it dies, its job recovered, a video that
keeps killing it failed after three attempts, the sweep run by the supervisor itself."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import hipthrust
from hipthrust.jobs.analysis import WorkerId
from hipthrust.jobs.queue import huey_queue
from hipthrust.jobs.recovery import stopped_the_worker
from hipthrust.jobs.supervisor import ENV_SUPERVISOR, RestartPolicy, WorkerSupervisor
from hipthrust.settings import Settings
from hipthrust.store import Store, open_store, transaction
from hipthrust.store.videos import claim_video_analysis, get_video_analysis
from jobs.uploads import alive, upload_for_ann, wait_for_status

TESTS = Path(__file__).resolve().parents[1]
SOURCE = Path(hipthrust.__file__).resolve().parents[1]
QUICK = RestartPolicy(first_delay_s=0.1, max_delay_s=0.4, stop_timeout_s=10, sweep_every_s=0.5)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(secret_key="test", data_dir=tmp_path / "data")


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with open_store(settings.database, home=settings.data_dir) as opened:
        yield opened


def _misbehaving(settings: Settings, mode: str, policy: RestartPolicy = QUICK) -> WorkerSupervisor:
    return WorkerSupervisor(
        settings,
        command=[sys.executable, "-m", "jobs.misbehaving_worker", mode],
        policy=policy,
        extra_env={"PYTHONPATH": os.pathsep.join([str(SOURCE), str(TESTS)])},
    )


def test_the_pause_before_a_restart_doubles_up_to_a_limit() -> None:
    policy = RestartPolicy(first_delay_s=1.0, max_delay_s=60.0)
    assert [policy.delay(n) for n in (1, 2, 3, 4, 7, 8, 50)] == [1, 2, 4, 8, 60, 60, 60]


@pytest.mark.slow
def test_a_video_that_kills_the_worker_fails_after_three_attempts(
    settings: Settings, store: Store, two_rep_clip: Path
) -> None:
    analysis = upload_for_ann(settings, store, two_rep_clip, "set.mp4")
    supervisor = _misbehaving(settings, "exit")
    supervisor.start()
    try:
        failed = wait_for_status(store, analysis.id, ("done", "failed"), 120)
        time.sleep(1.0)  # and it is not queued again
        with transaction(store) as session:
            still = get_video_analysis(session, analysis.id)
        pid = supervisor.pid
    finally:
        supervisor.stop()
    assert failed.status == "failed", failed
    assert failed.error == stopped_the_worker(3)
    assert failed.error.startswith("the analysis stopped the worker 3 times: ")
    assert failed.attempts == 3
    assert (still.status, still.attempts) == ("failed", 3)
    assert supervisor.starts >= 4  # three deaths, each followed by a new worker
    assert pid is not None and not alive(pid)


@pytest.mark.slow
def test_a_worker_told_to_stop_hands_its_analysis_back_uncounted(
    settings: Settings, store: Store, two_rep_clip: Path
) -> None:
    analysis = upload_for_ann(settings, store, two_rep_clip, "set.mp4")
    supervisor = _misbehaving(settings, "slow")
    supervisor.start()
    try:
        running = wait_for_status(store, analysis.id, ("running", "done", "failed"), 60)
        assert running.status == "running" and running.attempts == 1
        pid = supervisor.pid
    finally:
        supervisor.stop()  # SIGTERM: the worker hands the analysis back and exits
    assert pid is not None and not alive(pid)
    with transaction(store) as session:
        back = get_video_analysis(session, analysis.id)
    assert (back.status, back.attempts) == ("pending", 0)
    queue = huey_queue(settings)
    try:
        queued = [t.args for t in queue.huey.pending() if t.name.endswith("analyse_video")]  # type: ignore[attr-defined]
    finally:
        queue.close()  # type: ignore[attr-defined]
    assert queued == [(analysis.id,)]  # ready for the next worker, at once


def test_the_worker_gets_the_settings_through_its_environment(
    settings: Settings, tmp_path: Path
) -> None:
    secret_url = f"sqlite:///{tmp_path / 'pass word s3cret.sqlite3'}"
    seen = tmp_path / "seen.txt"
    script = (
        "import json, os, sys; "
        f"open({str(seen)!r}, 'w').write(json.dumps([sys.argv,"
        f" os.environ.get('HIPTHRUST_DATABASE_URL'), os.environ.get('{ENV_SUPERVISOR}')]))"
    )
    supervisor = WorkerSupervisor(
        Settings(secret_key="k", data_dir=settings.data_dir, database=secret_url),
        command=[sys.executable, "-c", script],
        policy=RestartPolicy(first_delay_s=30),
        sweep=lambda: None,
    )
    supervisor.start()
    deadline = time.monotonic() + 30
    while not seen.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    supervisor.stop()
    argv, url, parent = json.loads(seen.read_text())
    assert "s3cret" not in " ".join(argv)
    assert url == secret_url and parent == str(os.getpid())


def test_serve_without_a_worker_still_sweeps_for_analyses_whose_worker_died(
    settings: Settings, store: Store, two_rep_clip: Path
) -> None:
    analysis = upload_for_ann(settings, store, two_rep_clip, "set.mp4")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    queue = huey_queue(settings)
    try:
        assert queue.huey.dequeue() is not None  # type: ignore[attr-defined]  # taken, then lost
    finally:
        queue.close()  # type: ignore[attr-defined]
    with transaction(store) as session:
        lost = WorkerId(socket.gethostname(), gone.pid, "x").to_json()
        assert claim_video_analysis(session, analysis.id, lost, datetime.now(UTC)) is not None
    supervisor = WorkerSupervisor(
        settings, policy=RestartPolicy(sweep_every_s=0.2), with_worker=False
    )
    supervisor.start()
    try:
        back = wait_for_status(store, analysis.id, ("pending",), 30)
        assert supervisor.pid is None and supervisor.starts == 0  # no worker was started
    finally:
        supervisor.stop()
    assert (back.status, back.attempts) == ("pending", 1)
    queue = huey_queue(settings)
    try:
        queued = [t.args for t in queue.huey.pending() if t.name.endswith("analyse_video")]  # type: ignore[attr-defined]
    finally:
        queue.close()  # type: ignore[attr-defined]
    assert queued == [(analysis.id,)]
