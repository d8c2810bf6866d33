"""The real job queue: Huey, on a SQLite file by default, on Redis when configured.

``huey_queue(config)`` is what the web app submits uploads to; ``analysis_jobs(config)`` is the
same queue with its tasks, which ``hipthrust worker`` consumes (``hipthrust.jobs.worker``):

- ``analyse_video(analysis_id)``: runs ``hipthrust.jobs.analysis.run_analysis`` on the
  stored upload (BlazePose; another runner can be given, as tests do);
- ``recover_abandoned`` every minute: queues again what a killed worker left ``running``, and
  fails what stopped its worker too many times (``hipthrust.jobs.recovery``); ``hipthrust
  serve`` runs the same sweep itself (``hipthrust.jobs.supervisor``).

With no ``redis_url`` the queue is ``<data folder>/jobs.sqlite3``: no server, and the server and
the worker on one machine share it. With ``redis_url`` every worker on every machine that
points at the same Redis (and the same database) shares the work. Either way a queued task is
stored, so it survives a restart of the server or of the worker. Nothing happens on import:
the Huey instance is built by these functions.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey, crontab

from hipthrust.jobs import AnalysisQueue
from hipthrust.jobs.analysis import WorkerId, run_analysis
from hipthrust.jobs.recovery import hand_back, recover_abandoned, remove_stale_parts
from hipthrust.settings import Settings
from hipthrust.store import Store, open_store

__all__ = [
    "QUEUE_FILE",
    "QUEUE_NAME",
    "AnalysisJobs",
    "Runner",
    "analysis_jobs",
    "huey_queue",
    "make_huey",
]

log = logging.getLogger(__name__)

QUEUE_NAME = "hipthrust"
QUEUE_FILE = "jobs.sqlite3"
Runner = Callable[..., object]  # runner(store, analysis_id, worker=WorkerId)


def make_huey(config: Settings, name: str = QUEUE_NAME) -> Huey:
    """The Huey instance the configuration names (no results kept: the row is the result)."""
    if config.redis_url:
        return RedisHuey(name, url=config.redis_url, results=False, utc=True)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(config.data_dir / QUEUE_FILE), results=False, utc=True)


class _LazyStore:
    """The training log, opened by the first task that needs it (in the worker's process)."""

    def __init__(self, config: Settings) -> None:
        self.config = config
        self.lock = threading.Lock()
        self.store: Store | None = None

    def get(self) -> Store:
        with self.lock:
            if self.store is None:
                self.store = open_store(self.config.database, home=self.config.data_dir)
            return self.store

    def close(self) -> None:
        with self.lock:
            if self.store is not None:
                self.store.close()
                self.store = None


@dataclass(frozen=True)
class AnalysisJobs:
    """The queue with its tasks; ``submit`` is the web app's seam (``AnalysisQueue``)."""

    huey: Huey
    analyse: Any  # the Huey task wrapper of analyse_video
    recover: Any  # the periodic task wrapper
    stores: _LazyStore
    run: str  # this start of the process, told apart from an earlier one with the same pid
    config: Settings

    def submit(self, analysis_id: int) -> None:
        self.analyse(analysis_id)

    def worker_id(self) -> WorkerId:
        return WorkerId(socket.gethostname(), os.getpid(), self.run)

    def recover_now(self) -> tuple[int, ...]:
        """Queue again what lost its worker, and delete uploads cut off long ago (run when a
        worker starts, then every minute)."""
        now = datetime.now(UTC)
        remove_stale_parts(self.config.uploads_dir, now)
        return recover_abandoned(
            self.stores.get(), self, self.worker_id(), now, self.config.analysis_attempts
        )

    def hand_back(self) -> tuple[int, ...]:
        """Queue again what this worker's processes were running when it was told to stop at
        once (SIGTERM), without counting those attempts against the videos."""
        me = self.worker_id()
        return hand_back(self.stores.get(), self, me.host, me.run, datetime.now(UTC))

    def close(self) -> None:
        """Close the store a task opened and the queue's connections (SQLite or Redis)."""
        self.stores.close()
        self.huey.storage.close()  # the SQLite connection; nothing for Redis, hence:
        pool = getattr(self.huey.storage, "pool", None)  # RedisStorage's connection pool
        if pool is not None:
            pool.disconnect()


def analysis_jobs(
    config: Settings, runner: Runner = run_analysis, name: str = QUEUE_NAME
) -> AnalysisJobs:
    """The queue of ``config`` with its tasks registered; ``runner`` runs one analysis."""
    huey = make_huey(config, name)
    stores = _LazyStore(config)
    holder: list[AnalysisJobs] = []

    @huey.task(name="analyse_video")  # type: ignore[untyped-decorator]
    def analyse_video(analysis_id: int) -> None:
        runner(stores.get(), analysis_id, worker=holder[0].worker_id())

    @huey.periodic_task(crontab(minute="*"), name="recover_abandoned")  # type: ignore[untyped-decorator]
    def recover() -> None:
        holder[0].recover_now()

    jobs = AnalysisJobs(huey, analyse_video, recover, stores, secrets.token_hex(8), config)
    holder.append(jobs)
    return jobs


def huey_queue(config: Settings) -> AnalysisQueue:
    """The queue the web app submits uploads to."""
    return analysis_jobs(config)
