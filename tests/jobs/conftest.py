"""Job queue fixtures: a Redis server for the shared queue, and a consumer run in this process."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from hipthrust.jobs.queue import AnalysisJobs
from hipthrust.jobs.worker import consumer_for

TEST_REDIS_URL = os.environ.get("HIPTHRUST_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The test Redis server's URL once it has answered; skipped (failed when CI=true) if not."""
    import redis

    client = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        reason = f"Redis at {TEST_REDIS_URL} is unreachable: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    finally:
        client.close()
    return TEST_REDIS_URL


@contextmanager
def consuming(jobs: AnalysisJobs, workers: int = 1) -> Iterator[object]:
    """Huey's consumer of ``jobs`` running in this process (as ``hipthrust worker`` runs it:
    recovery first, then the consumer), stopped afterwards; signal handlers restored."""
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = consumer_for(jobs, workers)
    jobs.recover_now()
    jobs.stores.close()
    consumer.start()  # type: ignore[attr-defined]
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)  # type: ignore[attr-defined]
        for number, handler in kept.items():
            signal.signal(number, handler)
        jobs.close()
