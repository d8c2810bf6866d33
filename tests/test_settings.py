from __future__ import annotations

import stat
from pathlib import Path

import pytest

from hipthrust.errors import InputError
from hipthrust.settings import SECRET_FILE, Settings, load_settings


def test_nothing_set_gives_a_working_default(tmp_path: Path) -> None:
    settings = load_settings({"HIPTHRUST_HOME": str(tmp_path)})
    assert settings.data_dir == tmp_path and settings.database is None
    assert settings.redis_url is None and not settings.secure_cookies
    assert settings.max_upload_bytes == 200 * 1024 * 1024 and settings.analysis_attempts == 3
    kept = tmp_path / SECRET_FILE
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert load_settings({"HIPTHRUST_HOME": str(tmp_path)}).secret_key == settings.secret_key


def test_a_child_reads_back_the_settings_it_is_given_through_its_environment(
    tmp_path: Path,
) -> None:
    given = Settings(
        secret_key="k" * 40,
        data_dir=tmp_path / "data",
        database="postgresql+psycopg://u:pw@127.0.0.1/db",
        redis_url="redis://:pw@127.0.0.1:6379/1",
        secure_cookies=True,
        max_upload_bytes=50 * 1024 * 1024 + 3,
        analysis_attempts=5,
    )
    assert load_settings(given.environment()) == given


def test_the_flags_win_over_the_environment(tmp_path: Path) -> None:
    env = {"HIPTHRUST_HOME": str(tmp_path), "HIPTHRUST_DATABASE_URL": "sqlite:///a.sqlite3"}
    assert load_settings(env, database="sqlite:///b.sqlite3").database == "sqlite:///b.sqlite3"
    assert load_settings(env, home=tmp_path / "other").data_dir == tmp_path / "other"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "HIPTHRUST_MAX_UPLOAD_MB",
            "lots",
            "HIPTHRUST_MAX_UPLOAD_MB=lots is not a number of megabytes",
        ),
        ("HIPTHRUST_MAX_UPLOAD_MB", "0", "HIPTHRUST_MAX_UPLOAD_MB must be more than 0"),
        (
            "HIPTHRUST_ANALYSIS_ATTEMPTS",
            "0",
            "HIPTHRUST_ANALYSIS_ATTEMPTS=0 must be a whole number from 1 to 100",
        ),
    ],
)
def test_a_bad_setting_is_one_sentence(tmp_path: Path, name: str, value: str, message: str) -> None:
    with pytest.raises(InputError) as refused:
        load_settings({"HIPTHRUST_HOME": str(tmp_path), name: value})
    assert str(refused.value) == message
