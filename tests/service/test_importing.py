from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from hipthrust.coaching.records import SetRecord
from hipthrust.errors import InputError
from hipthrust.formats import parse_file
from hipthrust.service.importing import (
    DEADLIFT,
    import_file,
    sourced_set,
    sourced_sets,
    store_sets,
)
from hipthrust.store import (
    Athlete,
    LoggedSet,
    SourcedSet,
    Store,
    log_set,
    logged_sets,
    open_store,
    resolve_athlete,
    transaction,
)

FIXTURES = Path(__file__).resolve().parents[1] / "formats" / "fixtures"


@pytest.fixture
def me(store: Store) -> Athlete:
    with transaction(store) as session:
        return resolve_athlete(session, None)


def _import(store: Store, me: Athlete, path: Path, **options: object):  # type: ignore[no-untyped-def]
    with transaction(store) as session:
        return import_file(session, me.id, path, **options)  # type: ignore[arg-type]


def _stored(store: Store, me: Athlete) -> tuple[LoggedSet, ...]:
    with transaction(store) as session:
        return logged_sets(session, me.id)


def _edited(tmp_path: Path, name: str, line: int, old: str, new: str) -> Path:
    lines = (FIXTURES / name).read_bytes().decode("utf-8").splitlines(keepends=True)
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = tmp_path / name
    path.write_bytes("".join(lines).encode("utf-8"))
    return path


# --------------------------------------------------------------------------- the mapping


@pytest.mark.parametrize(
    ("fixture", "exercise", "variation", "stored_id"),
    [
        ("hevy_kg.csv", "Hip Thrust (Barbell)", "barbell_hip_thrust", "barbell_hip_thrust"),
        ("hevy_kg.csv", "Deadlift (Barbell)", DEADLIFT, DEADLIFT),
        ("hevy_kg.csv", "Plank", "Plank", None),
        ("strong_semicolon.csv", "Squat (Barbell)", "Squat (Barbell)", None),
        (
            "strong_semicolon.csv",
            "Hip Thrust (Machine)",
            "machine_hip_thrust",
            "machine_hip_thrust",
        ),
        ("liftosaur.csv", "Deadlift, Barbell", DEADLIFT, DEADLIFT),
        (
            "liftosaur.csv",
            "Single Leg Glute Bridge Bent Knee, Bodyweight",
            "single_leg_glute_bridge_90_90",
            "single_leg_glute_bridge_90_90",
        ),
    ],
)
def test_names_map_to_variations_and_other_lifts_are_kept(
    fixture: str, exercise: str, variation: str, stored_id: str | None
) -> None:
    result = parse_file(FIXTURES / fixture)
    sets = [s for s in sourced_sets(result, fixture) if s.exercise_name == exercise]
    assert sets
    for item in sets:
        assert item.record.variation == variation
        assert item.source_key is not None
    family = next(s for s in result.sets if s.exercise_name == exercise).is_hip_thrust_family
    assert family == (stored_id not in (None, DEADLIFT))


def test_a_hip_thrust_set_keeps_its_values() -> None:
    result = parse_file(FIXTURES / "hevy_kg.csv")
    imported = result.sets[1]  # 90 kg x 8 @ 8, Hip Thrust (Barbell)
    stored = sourced_set(imported, "hevy_kg.csv")
    assert stored.record == SetRecord(
        performed_at=imported.performed_at,
        variation="barbell_hip_thrust",
        reps=8,
        load_kg=90.0,
        rpe=8.0,
        notes="Pad on the bar",
    )
    assert (stored.set_type, stored.exercise_name) == ("normal", "Hip Thrust (Barbell)")
    assert stored.source_key == imported.source_key


def test_set_types_and_warmups_are_kept() -> None:
    sets = sourced_sets(parse_file(FIXTURES / "hevy_kg.csv"), "hevy_kg.csv")
    thrusts = [s for s in sets if s.exercise_name == "Hip Thrust (Barbell)"]
    assert [s.set_type for s in thrusts] == ["warmup", "normal", "normal", "failure", "dropset"]
    assert [s.record.warmup for s in thrusts] == [True, False, False, False, False]


def test_a_zero_weight_is_bodyweight() -> None:
    sets = sourced_sets(parse_file(FIXTURES / "strong_semicolon.csv"), "strong_semicolon.csv")
    bridge = next(s for s in sets if s.exercise_name == "Single Leg Glute Bridge")
    assert bridge.record.load_kg is None


@pytest.mark.parametrize(
    ("exercise", "notes", "hold"),
    [
        ("Plank", "time 45 s", None),
        ("Treadmill", "time 600 s; distance 1500 m", None),
    ],
)
def test_time_and_distance_of_other_lifts_go_to_the_notes(
    exercise: str, notes: str, hold: float | None
) -> None:
    sets = sourced_sets(parse_file(FIXTURES / "hevy_kg.csv"), "hevy_kg.csv")
    found = next(s for s in sets if s.exercise_name == exercise)
    assert found.record.notes == notes
    assert found.record.hold_s == hold


def test_the_time_of_a_hip_thrust_set_is_its_hold(tmp_path: Path) -> None:
    # Line 2 of hevy_kg.csv is the barbell hip thrust warm-up, 0 s: make it a 30 s hold.
    path = _edited(tmp_path, "hevy_kg.csv", 2, ",10,,0,\n", ",10,,30,\n")
    first = sourced_sets(parse_file(path), path.name)[0]
    assert first.record.variation == "barbell_hip_thrust"
    assert first.record.hold_s == 30.0


@pytest.mark.parametrize(
    ("line", "old", "new", "message"),
    [
        (
            3,
            '"normal",90,8,',
            '"normal",90,250,',
            "hevy_kg.csv line 3: reps must be between 0 and 200",
        ),
        (2, ",10,,0,\n", ",10,,900,\n", "hevy_kg.csv line 2: hold must be between 0 and 600 s"),
    ],
)
def test_a_row_the_log_refuses_names_the_file_line(
    tmp_path: Path, line: int, old: str, new: str, message: str
) -> None:
    path = _edited(tmp_path, "hevy_kg.csv", line, old, new)
    with pytest.raises(InputError, match=message):
        sourced_sets(parse_file(path), path.name)


# --------------------------------------------------------------------------- into the log


@pytest.mark.parametrize(
    ("fixture", "sets", "family", "skipped"),
    [
        ("strong_set_orders.csv", 9, 8, 3),
        ("strong_semicolon.csv", 6, 4, 0),
        ("hevy_kg.csv", 9, 6, 0),
        ("hevy_lb.csv", None, None, 0),
        ("liftosaur.csv", 6, 5, 1),
        ("liftosaur_legacy.csv", None, None, 0),
        ("strong_comma_duration.csv", None, None, None),
    ],
)
def test_importing_again_adds_nothing(
    store: Store,
    me: Athlete,
    fixture: str,
    sets: int | None,
    family: int | None,
    skipped: int | None,
) -> None:
    parsed = parse_file(FIXTURES / fixture)
    first = _import(store, me, FIXTURES / fixture)
    assert first.inserted == first.sets_read == len(parsed.sets) > 0
    assert first.already_stored == 0
    assert first.format == parsed.format
    assert first.hip_thrust_sets + first.other_sets == first.sets_read
    if sets is not None:
        assert (first.sets_read, first.hip_thrust_sets) == (sets, family)
    if skipped is not None:
        assert len(first.skipped_rows) == skipped
    before = _stored(store, me)
    again = _import(store, me, FIXTURES / fixture)
    assert (again.inserted, again.already_stored) == (0, first.sets_read)
    assert _stored(store, me) == before
    assert {s.source for s in before} == {parsed.format}


def test_stored_sets_read_back_as_imported(store: Store, me: Athlete) -> None:
    _import(store, me, FIXTURES / "hevy_kg.csv")
    expected = sourced_sets(parse_file(FIXTURES / "hevy_kg.csv"), "hevy_kg.csv")
    stored = sorted(_stored(store, me), key=lambda s: s.source_key or "")
    wanted = sorted(expected, key=lambda s: s.source_key or "")
    assert [s.record for s in stored] == [s.record for s in wanted]
    assert [s.exercise_name for s in stored] == [s.exercise_name for s in wanted]
    assert [s.set_type for s in stored] == [s.set_type for s in wanted]


def test_files_that_overlap_add_only_the_new_sets(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    _import(store, me, FIXTURES / "hevy_kg.csv")
    # The same export a day later: one more set at the end.
    text = (FIXTURES / "hevy_kg.csv").read_text(encoding="utf-8")
    extra = (
        '"Lower A","16 Sep 2025, 07:48","16 Sep 2025, 09:13","","Hip Thrust (Barbell)",,"",'
        '0,"normal",95,8,,0,8\n'
    )
    longer = tmp_path / "hevy_later.csv"
    longer.write_text(text + extra, encoding="utf-8")
    report = _import(store, me, longer)
    assert (report.inserted, report.already_stored) == (1, report.sets_read - 1)


def test_a_refused_row_writes_nothing_at_all(store: Store, me: Athlete, tmp_path: Path) -> None:
    with transaction(store) as session:
        log_set(session, me.id, SetRecord(datetime(2025, 1, 1, tzinfo=UTC), "hip_thrust", 12))
    before = _stored(store, me)
    path = _edited(tmp_path, "hevy_kg.csv", 10, '"normal",12.5,10,', '"normal",12.5,201,')
    with pytest.raises(InputError, match=r"^hevy_kg\.csv line 10: reps must be"):
        _import(store, me, path)
    assert _stored(store, me) == before


def test_a_malformed_file_names_the_line_and_writes_nothing(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    path = _edited(tmp_path, "strong_set_orders.csv", 5, ",225,lbs,8,", ",abc,lbs,8,")
    with pytest.raises(InputError, match=r"strong_set_orders\.csv line 5"):
        _import(store, me, path)
    assert _stored(store, me) == ()


def test_a_dry_run_counts_and_writes_nothing(store: Store, me: Athlete) -> None:
    _import(store, me, FIXTURES / "strong_semicolon.csv")
    before = _stored(store, me)
    report = _import(store, me, FIXTURES / "strong_semicolon.csv", dry_run=True)
    assert report.dry_run
    assert (report.inserted, report.already_stored) == (0, 6)
    fresh = _import(store, me, FIXTURES / "hevy_kg.csv", dry_run=True)
    assert (fresh.inserted, fresh.already_stored) == (9, 0)
    assert _stored(store, me) == before


def test_forcing_the_wrong_format_is_refused(store: Store, me: Athlete) -> None:
    with pytest.raises(InputError, match="line 1"):
        _import(store, me, FIXTURES / "hevy_kg.csv", format="strong")


def test_the_units_hint_reads_a_strong_file_without_units(store: Store, me: Athlete) -> None:
    kg = parse_file(FIXTURES / "strong_comma_duration.csv", units_hint="kg").sets
    report = _import(store, me, FIXTURES / "strong_comma_duration.csv", units_hint="lb")
    assert report.warnings
    stored = _stored(store, me)
    loads = [s.record.load_kg for s in stored if s.record.load_kg]
    assert loads == pytest.approx([s.load_kg * 0.45359237 for s in kg if s.load_kg])


def test_the_time_zone_places_the_sets(store: Store, me: Athlete) -> None:
    _import(store, me, FIXTURES / "strong_comma_duration.csv", tz="America/New_York")
    first = _stored(store, me)[0].record.performed_at
    assert first == datetime(2024, 3, 4, 23, 2, 11, tzinfo=UTC)  # 18:02:11 EST


# --------------------------------------------------------------------------- chunks


def _records(count: int) -> list[SourcedSet]:
    return [
        SourcedSet(
            SetRecord(datetime(2025, 5, 1 + i // 10, 18, i % 10, tzinfo=UTC), "hip_thrust", 10),
            f"key-{i}",
        )
        for i in range(count)
    ]


def test_sets_are_written_in_chunks_with_progress(store: Store, me: Athlete) -> None:
    seen: list[tuple[int, int]] = []
    with transaction(store) as session:
        result = store_sets(
            session,
            me.id,
            _records(25),
            source="strong",
            on_progress=lambda done, total: seen.append((done, total)),
            chunk_size=10,
        )
    assert (result.inserted, result.skipped) == (25, 0)
    assert seen == [(10, 25), (20, 25), (25, 25)]
    with transaction(store) as session:
        again = store_sets(session, me.id, _records(30), source="strong", chunk_size=7)
    assert (again.inserted, again.skipped) == (5, 25)
    assert len(_stored(store, me)) == 30


def test_chunk_size_must_be_positive(store: Store, me: Athlete) -> None:
    with transaction(store) as session, pytest.raises(InputError, match="chunk size"):
        store_sets(session, me.id, _records(1), source="strong", chunk_size=0)


@pytest.mark.postgres
def test_postgres_imports_use_custom_plans_for_their_own_transaction_only(
    new_postgres_schema: Callable[[], AbstractContextManager[str]],
) -> None:
    with new_postgres_schema() as url, open_store(url) as store:
        with transaction(store) as session:
            me = resolve_athlete(session, None)
            store_sets(session, me.id, _records(3), source="strong")
            assert session.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"
        with transaction(store) as session:
            assert session.execute(text("SHOW plan_cache_mode")).scalar() == "auto"
