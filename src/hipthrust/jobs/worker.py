"""Running the consumer: ``hipthrust worker`` takes analyses off the queue until stopped.

On start it first queues again what a killed worker left behind (``recover_abandoned``), then
runs Huey's consumer: ``workers`` analyses at a time (threads for one, processes for more),
plus the scheduler that repeats that recovery every minute. Ctrl-C (SIGINT) stops after the
analyses under way finish; SIGTERM stops at once (their rows are picked up again by the next
worker to start).
"""

from __future__ import annotations

import logging

from hipthrust.errors import InputError
from hipthrust.jobs.queue import QUEUE_NAME, AnalysisJobs, Runner, analysis_jobs
from hipthrust.service.analysis_job import run_analysis
from hipthrust.web.config import WebConfig

__all__ = ["MAX_WORKERS", "consumer_for", "run_worker"]

log = logging.getLogger(__name__)

MAX_WORKERS = 16  # [design] each analysis already runs the pose model on two processes
IDLE_POLL_MAX_S = 1.0  # [design] an idle worker looks at the queue at least this often


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
    config: WebConfig, workers: int = 1, runner: Runner = run_analysis, name: str = QUEUE_NAME
) -> None:
    """Consume the queue of ``config`` until stopped by a signal."""
    jobs = analysis_jobs(config, runner, name)
    consumer = consumer_for(jobs, workers)
    requeued = jobs.recover_now()
    if requeued:
        log.warning("queued again %d analyses left by a stopped worker", len(requeued))
    jobs.stores.close()  # each worker opens its own connections (processes must not share them)
    consumer.run()  # type: ignore[attr-defined]
