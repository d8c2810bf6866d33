"""Concurrent requests, for real: contenders in threads, each with its own connection and
transaction, released together by a barrier (see test_races.py for what each database does)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from hipthrust.errors import InputError
from hipthrust.store import Store, transaction

__all__ = ["race"]


def race(store: Store, n: int, attempt: Callable[[Session, int], Any]) -> list[tuple[str, Any]]:
    """Run ``attempt(session, i)`` in ``n`` threads at once, each in its own transaction;
    each outcome is ("ok", value), ("refused", sentence) or ("error", what was raised)."""
    barrier = threading.Barrier(n)
    outcomes: list[tuple[str, Any]] = [("error", "did not finish")] * n

    def contender(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with transaction(store) as session:
                outcomes[i] = ("ok", attempt(session, i))
        except InputError as refused:
            outcomes[i] = ("refused", str(refused))
        except Exception as error:  # what the test must not see: it is the 500 of the web app
            outcomes[i] = ("error", repr(error))

    threads = [threading.Thread(target=contender, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes
