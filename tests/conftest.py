from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from hipthrust_testkit.scratch import scratch_schema

if TYPE_CHECKING:
    from hipthrust_testkit.synth import SyntheticSet

# ../shared beside the checkout; HIPTHRUST_SHARED points elsewhere (a worktree one level deeper).
SHARED = Path(os.environ.get("HIPTHRUST_SHARED") or Path(__file__).resolve().parents[2] / "shared")


@pytest.fixture
def shared_data() -> Path:
    """The real photos and video in ../shared/data; tests using them skip when it is absent."""
    data = SHARED / "data"
    if not (data / "labels.json").is_file():
        pytest.skip("../shared/data is not present")
    return data


# --- Databases: the store's tests, and any test that needs a real one --------------------------
# PostgreSQL: 127.0.0.1:5432, trust auth, user postgres, database "test" (override with
# HIPTHRUST_TEST_POSTGRES_URL). Every test database is a fresh schema, dropped afterwards, so
# parallel and repeated runs never meet. Unreachable: skipped, or a failure when CI=true.
TEST_POSTGRES_URL = os.environ.get(
    "HIPTHRUST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test PostgreSQL server's URL, once it has answered."""
    engine = create_engine(TEST_POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        detail = " ".join(str(error.orig).split())
        reason = f"PostgreSQL at {TEST_POSTGRES_URL} is unreachable: {detail}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    finally:
        engine.dispose()
    return TEST_POSTGRES_URL


@pytest.fixture(scope="session")
def new_postgres_schema(postgres_url: str) -> Callable[[], AbstractContextManager[str]]:
    """``with new_postgres_schema() as url:`` a URL whose connections see only a new schema."""
    return lambda: scratch_schema(postgres_url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    with request.getfixturevalue("new_postgres_schema")() as url:
        yield url


# --- A short rendered video: the uploads', the queue's and the video pages' tests -------------


@pytest.fixture(scope="session")
def two_rep_set() -> SyntheticSet:
    """Two glute bridges drawn as a mannequin, 320 x 180 at 30 fps (known reps and pose)."""
    from video.clips import rendered_set  # the video stack loads only for tests that film

    return rendered_set(reps=2, width=320, height=180)


@pytest.fixture(scope="session")
def two_rep_clip(two_rep_set: SyntheticSet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``two_rep_set`` filmed as an MP4 whose name has a space (``my set.mp4``); read it,
    do not change it: every test of the run shares the file."""
    from video.clips import film

    return film(tmp_path_factory.mktemp("clip") / "my set.mp4", two_rep_set)
