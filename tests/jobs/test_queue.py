from __future__ import annotations

import functools
import logging
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hipthrust.jobs.analysis import run_analysis
from hipthrust.jobs.queue import QUEUE_FILE, AnalysisJobs, analysis_jobs, huey_queue
from hipthrust.jobs.worker import quiet_idle_sweeps
from hipthrust.service.accounts import Actor, sign_up
from hipthrust.service.uploads import UploadPlace, VideoChoice, upload_video
from hipthrust.settings import Settings
from hipthrust.store import Store, open_store, transaction
from hipthrust.store.videos import VideoAnalysis, claim_video_analysis, get_video_analysis
from hipthrust.video.pipeline import VideoSettings
from hipthrust.video.pose_model import FakeEstimator
from hipthrust.video.track import TrackSettings
from hipthrust_testkit.synth import SyntheticSet
from jobs.conftest import consuming

ONE_PROCESS = VideoSettings(track=TrackSettings(processes=1), barbell=None)


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
def config(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    base = Settings(secret_key="test", data_dir=tmp_path / "data")
    if request.param == "redis":
        return replace(base, redis_url=request.getfixturevalue("redis_url"))
    return base


@pytest.fixture
def queue_name(config: Settings) -> Iterator[str]:
    """A queue of this test's own (Redis is shared), emptied afterwards."""
    name = f"hipthrust-test-{uuid.uuid4().hex[:12]}"
    yield name
    jobs = analysis_jobs(config, name=name)
    jobs.huey.storage.flush_all()
    jobs.close()


@pytest.fixture
def store(config: Settings) -> Iterator[Store]:
    with open_store(config.database, home=config.data_dir) as opened:
        yield opened


def _runner(two_rep_set: SyntheticSet) -> functools.partial[object]:
    return functools.partial(
        run_analysis,
        make_estimator=functools.partial(FakeEstimator, two_rep_set.clean),
        make_second_look=None,
        settings=ONE_PROCESS,
    )


def _upload(
    store: Store, config: Settings, two_rep_clip: Path, queue: AnalysisJobs
) -> VideoAnalysis:
    with transaction(store) as session:
        ann: Actor = sign_up(session, "ann@example.com", "correct horse battery", "athlete", "Ann")
    assert ann.athlete_id is not None
    return upload_video(
        store,
        ann,
        ann.athlete_id,
        UploadPlace(config.uploads_dir, config.max_upload_bytes),
        [two_rep_clip.read_bytes()],
        "set.mp4",
        VideoChoice("glute bridge"),
        queue,
        datetime.now(UTC),
    )


def _wait_finished(store: Store, analysis_id: int, seconds: float = 60.0) -> VideoAnalysis:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with transaction(store) as session:
            analysis = get_video_analysis(session, analysis_id)
        if analysis.finished:
            return analysis
        time.sleep(0.1)
    raise AssertionError(f"analysis {analysis_id} still {analysis.status} after {seconds} s")


def test_the_default_queue_is_a_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    config = Settings(secret_key="test", data_dir=tmp_path / "fresh")
    queue = huey_queue(config)
    assert isinstance(queue, AnalysisJobs)
    assert type(queue.huey).__name__ == "SqliteHuey"
    assert (config.data_dir / QUEUE_FILE).is_file()
    queue.close()


def test_closing_the_queue_closes_its_connections(config: Settings, queue_name: str) -> None:
    jobs = analysis_jobs(config, name=queue_name)
    assert jobs.huey.storage.queue_size() == 0  # a connection is open now
    if config.redis_url:
        import redis

        client_id = jobs.huey.storage.conn.client_id()
        jobs.close()
        with redis.Redis.from_url(config.redis_url) as other:
            deadline = time.monotonic() + 2
            while client_id in {int(c["id"]) for c in other.client_list()}:
                assert time.monotonic() < deadline, "the queue's Redis connection is open"
                time.sleep(0.05)
    else:
        jobs.close()
        assert jobs.huey.storage._conn is None


def test_a_queued_analysis_survives_a_restart_of_the_server_and_the_worker(
    config: Settings, queue_name: str, store: Store, two_rep_clip: Path, two_rep_set: SyntheticSet
) -> None:
    with consuming(analysis_jobs(config, _runner(two_rep_set), queue_name)):
        pass  # a worker ran, and stopped
    server = analysis_jobs(config, name=queue_name)  # the web app's side of the queue
    analysis = _upload(store, config, two_rep_clip, server)
    server.close()  # the server stops too

    restarted = analysis_jobs(config, _runner(two_rep_set), queue_name)  # new processes, say
    kept = [t.args for t in restarted.huey.pending() if t.name.endswith("analyse_video")]
    assert kept == [(analysis.id,)]  # the task was kept, not held in memory
    with consuming(restarted):
        done = _wait_finished(store, analysis.id)
    assert done.status == "done" and done.report is not None and done.report["rep_count"] == 2


def test_an_analysis_left_running_by_a_killed_worker_runs_again_when_a_worker_starts(
    config: Settings, queue_name: str, store: Store, two_rep_clip: Path, two_rep_set: SyntheticSet
) -> None:
    server = analysis_jobs(config, name=queue_name)
    analysis = _upload(store, config, two_rep_clip, server)
    # A worker took the task off the queue and was killed with it: SIGKILL leaves the row
    # running, claimed by a process of this machine that is gone.
    taken = server.huey.dequeue()
    assert taken is not None and taken.args == (analysis.id,)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead = replace(server.worker_id(), pid=gone.pid)
    with transaction(store) as session:
        claimed = claim_video_analysis(session, analysis.id, dead.to_json(), datetime.now(UTC))
        assert claimed is not None and claimed.status == "running"
    server.close()

    with consuming(analysis_jobs(config, _runner(two_rep_set), queue_name)):
        done = _wait_finished(store, analysis.id)
    assert done.status == "done" and done.claimed_by is not None
    assert done.claimed_by["pid"] != gone.pid


def test_a_failed_job_records_its_reason_through_the_queue(
    config: Settings, queue_name: str, store: Store, two_rep_clip: Path, two_rep_set: SyntheticSet
) -> None:
    class Broken:
        def estimate(self, frame_rgb: object, t_s: float) -> None:
            raise RuntimeError("the model file is corrupt")

    runner = functools.partial(
        run_analysis, make_estimator=Broken, make_second_look=None, settings=ONE_PROCESS
    )
    jobs = analysis_jobs(config, runner, queue_name)
    analysis = _upload(store, config, two_rep_clip, jobs)
    with consuming(jobs):
        failed = _wait_finished(store, analysis.id)
    assert failed.status == "failed"
    assert failed.error is not None and "error on the server" in failed.error


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} {record.name}: {record.getMessage()}")


def test_an_idle_sweep_logs_nothing_and_a_useful_one_logs_what_it_did(
    config: Settings, queue_name: str, store: Store
) -> None:
    jobs = analysis_jobs(config, name=queue_name)
    everything, shown = _Lines(), _Lines()
    shown.addFilter(quiet_idle_sweeps)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)
    root.addHandler(everything)
    root.addHandler(shown)
    try:
        with consuming(jobs):
            jobs.recover()  # the minute's sweep, as Huey's scheduler queues it
            deadline = time.monotonic() + 30
            while not any(
                "recover_abandoned" in line and "executed" in line for line in everything.lines
            ):
                assert time.monotonic() < deadline, everything.lines
                time.sleep(0.05)
    finally:
        root.removeHandler(everything)
        root.removeHandler(shown)
        root.setLevel(level)
    assert any("Executing" in line and "recover_abandoned" in line for line in everything.lines)
    assert [line for line in shown.lines if "recover" in line] == []
    useful = logging.LogRecord(
        "hipthrust.jobs.recovery",
        logging.WARNING,
        __file__,
        1,
        "video analysis 7 was %s",
        ("x",),
        None,
    )
    assert quiet_idle_sweeps(useful)
