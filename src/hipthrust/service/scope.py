"""Opening the training log for one athlete: the one place commands and routes get a session.

with athlete_scope("sam") as scope:
    scope.session ...   # one transaction, committed at the end, rolled back on an error
    scope.athlete ...   # the resolved athlete (the only one when no name is given)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hipthrust.store import (
    Athlete,
    Store,
    open_store,
    read_transaction,
    resolve_athlete,
    transaction,
)

__all__ = ["AthleteScope", "athlete_scope", "store_scope"]


@dataclass(frozen=True)
class AthleteScope:
    store: Store
    session: Session
    athlete: Athlete


@contextmanager
def store_scope(
    database: str | None = None, *, reading: bool = False
) -> Iterator[tuple[Store, Session]]:
    """The store (created and migrated on first use) and a session in one transaction
    (``reading``: a deferred read transaction that writes nothing, for commands that only
    read)."""
    with open_store(database) as store:
        begin = read_transaction if reading else transaction
        with begin(store) as session:
            yield store, session


@contextmanager
def athlete_scope(
    athlete: str | None, database: str | None = None, *, reading: bool = False
) -> Iterator[AthleteScope]:
    """Like ``store_scope``, with ``athlete`` resolved (None: the only athlete)."""
    with store_scope(database, reading=reading) as (store, session):
        yield AthleteScope(store, session, resolve_athlete(session, athlete))
