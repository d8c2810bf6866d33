"""A throwaway PostgreSQL schema: for tests and benchmarks that need a real, empty database.

    with scratch_schema("postgresql+psycopg://postgres@127.0.0.1:5432/test") as url:
        ...  # every connection made from ``url`` sees only the new schema

The schema is dropped at the end, whatever happened inside.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

__all__ = ["scratch_schema"]


@contextmanager
def scratch_schema(server_url: str, prefix: str = "test") -> Iterator[str]:
    """A URL whose connections see only a new schema on ``server_url``; dropped afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:16]}"
    admin = create_engine(
        server_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        try:
            url = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
            yield url.render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql("SET lock_timeout = '20s'")
                connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        admin.dispose()
