"""Service tests' shared fixtures: a new, empty store (SQLite, and PostgreSQL when marked) and
someone signed up in it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from hipthrust.service.accounts import Actor, sign_up
from hipthrust.store import Store, open_store, transaction


@pytest.fixture
def store(empty_database_url: str) -> Iterator[Store]:
    """A store over a new, empty database, migrated to the head revision."""
    with open_store(empty_database_url) as opened:
        yield opened


@pytest.fixture
def person(store: Store) -> Callable[..., Actor]:
    """Sign someone up: ``person("Ann")``, ``person("Cora", "coach")``, ``units="lb"``."""

    def make(name: str, role: str = "athlete", units: str = "kg") -> Actor:
        with transaction(store) as session:
            return sign_up(
                session, f"{name.lower()}@example.com", "a long password", role, name, units
            )

    return make
