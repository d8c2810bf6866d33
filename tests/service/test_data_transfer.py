"""Importing through the web's two steps: the preview writes nothing, the confirmation imports
exactly what the preview showed (or nothing), a refused file imports nothing and keeps nothing."""

from __future__ import annotations

import io
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import MetaData, func, select

from hipthrust.errors import AccessDenied, InputError
from hipthrust.service.accounts import Actor, accept_invitation, invite, sign_up
from hipthrust.service.data_transfer import (
    STAGED_FOR,
    confirm_import,
    drop_import,
    export_filename,
    import_upload,
    stage_import,
)
from hipthrust.store import Store, logged_sets, transaction
from hipthrust.store.athletes import athlete_by_id

FIXTURES = Path(__file__).resolve().parents[1] / "formats" / "fixtures"
NOW = datetime(2026, 12, 7, 20, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


def _person(store: Store, role: str, name: str) -> Actor:
    with transaction(store) as session:
        return sign_up(session, f"{name.lower()}@example.com", PASSWORD, role, name, "kg")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The staging folder (the database file lives beside it, in ``tmp_path``)."""
    return tmp_path / "imports"


@pytest.fixture
def ann(store: Store) -> Actor:
    return _person(store, "athlete", "Ann")


def _rows(store: Store) -> dict[str, int]:
    """Every table's row count: a preview must leave them all as they were."""
    tables = MetaData()
    tables.reflect(store.engine)
    with store.engine.connect() as connection:
        return {
            name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in tables.tables.items()
        }


def _upload(name: str) -> io.BytesIO:
    return io.BytesIO((FIXTURES / name).read_bytes())


def _stage(store: Store, actor: Actor, athlete_id: int, folder: Path, name: str, **kw: object):  # type: ignore[no-untyped-def]
    with transaction(store) as session:
        return stage_import(
            session,
            actor,
            athlete_id,
            folder,
            name,
            _upload(name),
            kw.pop("now", NOW),
            **kw,  # type: ignore[arg-type]
        )


def _confirm(store: Store, actor: Actor, athlete_id: int, folder: Path, token: str, now=NOW):  # type: ignore[no-untyped-def]
    with transaction(store) as session:
        return confirm_import(session, actor, athlete_id, folder, token, now)


def _sets(store: Store, athlete_id: int) -> int:
    with transaction(store) as session:
        return len(logged_sets(session, athlete_id))


def test_the_preview_writes_nothing_and_the_confirmation_imports_exactly_it(
    store: Store, ann: Actor, folder: Path
) -> None:
    assert ann.athlete_id is not None
    before = _rows(store)
    staged = _stage(store, ann, ann.athlete_id, folder, "strong_comma_duration.csv")
    assert _rows(store) == before  # nothing written by the preview
    report = staged.report
    assert report.dry_run and report.format == "strong"
    assert report.inserted == report.sets_read > 0 and report.already_stored == 0
    assert (report.first_day, report.last_day) == (date(2024, 3, 4), date(2024, 3, 7))
    shown = {item.name: (item.shown, item.kind) for item in report.exercises}
    assert shown["Hip Thrust (Barbell)"] == ("Barbell hip thrust", "hip thrust family")
    assert shown["Deadlift (Barbell)"] == ("Deadlift", "deadlift")
    assert shown["Romanian Deadlift (Barbell)"] == ("Romanian Deadlift (Barbell)", "other lift")
    assert sum(item.sets for item in report.exercises) == report.sets_read
    assert report.skipped_rows  # the set never done (line 5) is left out, with its reason
    assert any(line == 5 for line, _ in report.skipped_rows)

    done = _confirm(store, ann, ann.athlete_id, folder, staged.token)
    assert not done.changed and not done.report.dry_run
    assert done.report.inserted == report.inserted
    assert _sets(store, ann.athlete_id) == report.inserted
    assert list(folder.iterdir()) == []  # the staged file is gone once imported
    with pytest.raises(InputError, match="expired or was already imported"):
        _confirm(store, ann, ann.athlete_id, folder, staged.token)
    assert _sets(store, ann.athlete_id) == report.inserted


def test_a_broken_file_imports_nothing_keeps_nothing_and_names_the_line(
    store: Store, ann: Actor, folder: Path
) -> None:
    assert ann.athlete_id is not None
    text = (FIXTURES / "hevy_kg.csv").read_text(encoding="utf-8")
    broken = text.replace('"normal",90,8,,0,8\n', '"normal",90,eight,,0,8\n', 1)
    assert broken != text
    before = _rows(store)
    with transaction(store) as session, pytest.raises(InputError, match=r"^mine\.csv line 3"):
        stage_import(
            session, ann, ann.athlete_id, folder, "mine.csv", io.BytesIO(broken.encode()), NOW
        )
    assert _rows(store) == before
    assert list(folder.iterdir()) == []
    with transaction(store) as session, pytest.raises(InputError, match="not a Strong, Hevy"):
        stage_import(session, ann, ann.athlete_id, folder, "x.csv", io.BytesIO(b"a,b\n1,2\n"), NOW)
    with transaction(store) as session, pytest.raises(InputError, match="empty"):
        stage_import(session, ann, ann.athlete_id, folder, "x.csv", io.BytesIO(b""), NOW)
    assert list(folder.iterdir()) == [] and _rows(store) == before


def test_the_log_changing_after_the_preview_imports_nothing_and_shows_the_new_counts(
    store: Store, ann: Actor, folder: Path
) -> None:
    assert ann.athlete_id is not None
    staged = _stage(store, ann, ann.athlete_id, folder, "hevy_kg.csv")
    assert staged.report.inserted > 0
    # Meanwhile the same file goes in through the API.
    with transaction(store) as session:
        import_upload(
            session,
            ann,
            ann.athlete_id,
            folder,
            "hevy_kg.csv",
            _upload("hevy_kg.csv"),
            dry_run=False,
        )
    count = _sets(store, ann.athlete_id)
    assert count == staged.report.inserted
    again = _confirm(store, ann, ann.athlete_id, folder, staged.token)
    assert again.changed and again.report.dry_run
    assert (again.report.inserted, again.report.already_stored) == (0, count)
    assert _sets(store, ann.athlete_id) == count
    # The new preview is confirmed as shown: nothing to add, nothing added.
    final = _confirm(store, ann, ann.athlete_id, folder, staged.token)
    assert not final.changed and final.report.inserted == 0
    assert _sets(store, ann.athlete_id) == count


def test_a_preview_is_its_uploader_s_for_its_athlete_and_expires(
    store: Store, ann: Actor, folder: Path
) -> None:
    assert ann.athlete_id is not None
    coach = _person(store, "coach", "Cora")
    bea = _person(store, "athlete", "Bea")
    with transaction(store) as session:
        accept_invitation(session, ann, invite(session, coach, NOW).token, NOW)
    staged = _stage(store, coach, ann.athlete_id, folder, "liftosaur.csv")  # her coach may
    with pytest.raises(InputError, match="expired"):  # not Ann's own preview to confirm
        _confirm(store, ann, ann.athlete_id, folder, staged.token)
    with pytest.raises(AccessDenied):
        _confirm(store, bea, ann.athlete_id, folder, staged.token)
    with pytest.raises(AccessDenied):
        _stage(store, bea, ann.athlete_id, folder, "liftosaur.csv")
    with pytest.raises(InputError, match="expired"):
        _confirm(store, coach, ann.athlete_id, folder, "../../etc/passwd")
    late = NOW + STAGED_FOR + timedelta(seconds=1)
    with pytest.raises(InputError, match="expired"):
        _confirm(store, coach, ann.athlete_id, folder, staged.token, late)
    assert _sets(store, ann.athlete_id) == 0


def test_a_file_changed_on_disk_or_cancelled_is_not_imported(
    store: Store, ann: Actor, folder: Path
) -> None:
    assert ann.athlete_id is not None
    staged = _stage(store, ann, ann.athlete_id, folder, "strong_semicolon.csv")
    upload = folder / f"{staged.token}.csv"
    upload.write_bytes(upload.read_bytes() + b"\n")
    with pytest.raises(InputError, match="expired"):
        _confirm(store, ann, ann.athlete_id, folder, staged.token)
    other = _stage(store, ann, ann.athlete_id, folder, "strong_semicolon.csv")
    with transaction(store) as session:
        athlete = athlete_by_id(session, ann.athlete_id)
    assert athlete is not None
    drop_import(ann, athlete, folder, other.token, NOW)
    assert not (folder / f"{other.token}.csv").exists()
    with pytest.raises(InputError, match="expired"):
        _confirm(store, ann, ann.athlete_id, folder, other.token)
    assert _sets(store, ann.athlete_id) == 0


def test_stale_previews_are_swept_by_the_next_upload(
    store: Store, ann: Actor, folder: Path
) -> None:
    assert ann.athlete_id is not None
    old = _stage(store, ann, ann.athlete_id, folder, "liftosaur.csv")
    long_ago = (NOW - STAGED_FOR - timedelta(minutes=1)).timestamp()
    for path in folder.glob(f"{old.token}.*"):
        os.utime(path, (long_ago, long_ago))
    _stage(store, ann, ann.athlete_id, folder, "liftosaur.csv")
    assert not list(folder.glob(f"{old.token}.*"))


def test_the_api_s_one_step_import_and_dry_run(store: Store, ann: Actor, folder: Path) -> None:
    assert ann.athlete_id is not None
    before = _rows(store)
    with transaction(store) as session:
        _, dry = import_upload(
            session, ann, ann.athlete_id, folder, "a.csv", _upload("hevy_lb.csv"), dry_run=True
        )
    assert _rows(store) == before and dry.dry_run and dry.inserted > 0
    with transaction(store) as session:
        _, done = import_upload(
            session, ann, ann.athlete_id, folder, "a.csv", _upload("hevy_lb.csv"), dry_run=False
        )
    assert done.inserted == dry.inserted == _sets(store, ann.athlete_id)
    assert list(folder.iterdir()) == []


def test_a_download_s_file_name_is_plain(store: Store, ann: Actor) -> None:
    assert ann.athlete_id is not None
    with transaction(store) as session:
        athlete = athlete_by_id(session, ann.athlete_id)
    assert athlete is not None
    name = export_filename(athlete, "log", NOW.date(), "csv")
    assert name == "hipthrust-log-ann-2026-12-07.csv"
