"""Running the consumer: ``hipthrust worker`` takes analyses off the queue until stopped.

On start it first queues again what a killed worker left behind (``recover_abandoned``), then
runs Huey's consumer: ``workers`` analyses at a time (threads for one, processes for more),
plus the scheduler that repeats that recovery every minute. Ctrl-C (SIGINT) stops after the
analyses under way finish; SIGTERM stops at once and hands the analyses under way back to the
queue (``AnalysisJobs.hand_back``), not counted against their videos.

The minute's sweep is quiet when it finds nothing: ``quiet_idle_sweeps`` drops Huey's own
lines about it ("Enqueueing periodic task", "Executing", "executed in"), and the sweep itself
logs only what it queued again or gave up on.
"""

from __future__ import annotations

import logging

from hipthrust.errors import InputError
from hipthrust.jobs.analysis import run_analysis
from hipthrust.jobs.queue import QUEUE_NAME, AnalysisJobs, Runner, analysis_jobs
from hipthrust.settings import Settings

__all__ = ["MAX_WORKERS", "consumer_for", "quiet_idle_sweeps", "run_worker"]

log = logging.getLogger(__name__)

MAX_WORKERS = 16  # [design] each analysis already runs the pose model on two processes
IDLE_POLL_MAX_S = 1.0  # [design] an idle worker looks at the queue at least this often
SWEEP_TASK = "recover_abandoned"


def quiet_idle_sweeps(record: logging.LogRecord) -> bool:
    """A logging filter: False for Huey's routine lines about the minute's recovery sweep."""
    if record.levelno >= logging.WARNING or not record.name.startswith("huey"):
        return True
    return SWEEP_TASK not in record.getMessage()


def consumer_for(jobs: AnalysisJobs, workers: int) -> object:
    """Huey's consumer of ``jobs``: threads for one worker, processes for several."""
    if not 1 <= workers <= MAX_WORKERS:
        raise InputError(f"--workers must be from 1 to {MAX_WORKERS}, not {workers}")
    return jobs.huey.create_consumer(
        workers=workers,
        worker_type="thread" if workers == 1 else "process",
        periodic=True,
        initial_delay=0.1,
        backoff=1.15,
        max_delay=IDLE_POLL_MAX_S,
        check_worker_health=True,
    )


def run_worker(
    config: Settings, workers: int = 1, runner: Runner = run_analysis, name: str = QUEUE_NAME
) -> None:
    """Consume the queue of ``config`` until stopped by a signal."""
    jobs = analysis_jobs(config, runner, name)
    consumer = consumer_for(jobs, workers)
    requeued = jobs.recover_now()
    if requeued:
        log.warning("queued again %d analyses left by a stopped worker", len(requeued))
    jobs.stores.close()  # each worker opens its own connections (processes must not share them)
    try:
        consumer.run()  # type: ignore[attr-defined]
    finally:
        try:
            jobs.hand_back()  # what SIGTERM interrupted; nothing after a graceful stop
        except Exception as error:  # the database unreachable: the sweep will find them
            log.warning("could not hand the interrupted analyses back: %s", error)
        finally:
            jobs.close()
