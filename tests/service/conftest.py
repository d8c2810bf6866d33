"""Service tests' shared fixture: a new, empty store (SQLite, and PostgreSQL when marked)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hipthrust.store import Store, open_store


@pytest.fixture
def store(empty_database_url: str) -> Iterator[Store]:
    """A store over a new, empty database, migrated to the head revision."""
    with open_store(empty_database_url) as opened:
        yield opened
