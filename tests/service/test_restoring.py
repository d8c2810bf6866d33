"""Restoring a hipthrust backup (its own JSON export) through the one import use case: the
round trip into a new athlete's log, again adds nothing, all or nothing, and what the log keeps
of its own (the profile, a newer assessment, an active plan, a check-in's values)."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from hipthrust.coaching.assessment import assess
from hipthrust.coaching.programming import PlanRequest, build_plan
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.coaching.tempo import Tempo
from hipthrust.errors import InputError
from hipthrust.service.assessment_io import parse_answers
from hipthrust.service.athletes import remember_assessment
from hipthrust.service.decide import next_session
from hipthrust.service.exporting import log_json
from hipthrust.service.importing import import_file
from hipthrust.service.plans import remember_plan
from hipthrust.store import (
    Athlete,
    AthleteProfile,
    Store,
    active_plan,
    add_checkin,
    assessments,
    checkins,
    create_athlete,
    get_athlete,
    latest_assessment,
    log_set,
    plans,
    resolve_athlete,
    transaction,
)
from hipthrust.store.models import (
    AssessmentRow,
    CheckinRow,
    PlanRow,
    SetRow,
    TrainingSessionRow,
)
from service.sample_sets import FROM_VIDEO, PARIS_SUMMER, TYPED_IN_FULL

FIXTURES = Path(__file__).resolve().parents[1] / "formats" / "fixtures"
PARIS = PARIS_SUMMER
ASSESSED = datetime(2025, 5, 30, 9, 0, tzinfo=UTC)
PLANNED = datetime(2025, 5, 31, 9, 0, tzinfo=UTC)
NOW = datetime(2025, 9, 20, 10, 0, tzinfo=UTC)
ANSWERS = {"bridge_test": {"two_leg": {"full_extension": True, "reps": 15}}}

SETS = (
    (TYPED_IN_FULL, "cli", None),
    (FROM_VIDEO, "video", None),
    (
        SetRecord(
            performed_at=datetime(2025, 6, 4, 18, 10, tzinfo=PARIS),
            variation="glute_bridge",
            reps=15,
            tempo=Tempo(1, 3, 2),
        ),
        "web",
        "dropset",
    ),
    # Half past midnight in Paris: the training day is 5 June, the UTC time 4 June.
    (
        SetRecord(
            performed_at=datetime(2025, 6, 5, 0, 30, tzinfo=PARIS),
            variation="single_leg_hip_thrust",
            reps=12,
            reps_right=10,
            rir=2,
        ),
        "web",
        None,
    ),
)
# Two identical sets at one instant (``--sets 2``): both are restored.
TWIN = SetRecord(
    performed_at=datetime(2025, 6, 6, 17, 0, tzinfo=UTC),
    variation="glute_bridge",
    reps=20,
    warmup=True,
)
# Columns a restored set gets anew in its new log (its identity), and its key (checked apart).
_IDENTITY = {"id", "athlete_id", "session_id", "created_at", "source_key"}


@pytest.fixture
def me(store: Store) -> Athlete:
    """An athlete with every kind of record the backup holds."""
    with transaction(store) as session:
        athlete = resolve_athlete(session, None)
        athlete, _ = remember_assessment(session, athlete, assess(parse_answers(ANSWERS)), ASSESSED)
        request = PlanRequest(start_rung=5, e1rm_kg=140.0, weeks=4)
        athlete, _ = remember_plan(session, athlete, request, build_plan(request), PLANNED)
        for record, source, set_type in SETS:
            log_set(session, athlete.id, record, source=source, set_type=set_type)
        log_set(session, athlete.id, TWIN)
        log_set(session, athlete.id, TWIN)
        import_file(session, athlete.id, FIXTURES / "hevy_kg.csv")
        add_checkin(session, athlete.id, Checkin(date(2025, 6, 3), 1, 64.5, "stiff"))
        add_checkin(session, athlete.id, Checkin(date(2025, 6, 5), next_morning_pain=4))
        return athlete


def _backup(store: Store, athlete: Athlete, folder: Path, name: str = "backup.json") -> Path:
    with transaction(store) as session:
        data = log_json(session, athlete, exported_at=NOW)
    path = folder / name
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _twin_of(store: Store, athlete: Athlete, name: str) -> Athlete:
    """A new athlete with the same settings (the profile is never restored)."""
    profile = {item.name: getattr(athlete, item.name) for item in fields(AthleteProfile)}
    with transaction(store) as session:
        return create_athlete(session, AthleteProfile(**{**profile, "name": name}))


def _set_rows(store: Store, athlete_id: int) -> list[dict[str, Any]]:
    with transaction(store) as session:
        query = (
            select(SetRow, TrainingSessionRow.day)
            .join(TrainingSessionRow, TrainingSessionRow.id == SetRow.session_id)
            .where(SetRow.athlete_id == athlete_id)
            .order_by(SetRow.performed_at, SetRow.id)
        )
        return [
            {
                "day": day,
                **{
                    c.key: getattr(row, c.key)
                    for c in SetRow.__table__.columns
                    if c.key not in _IDENTITY
                },
            }
            for row, day in session.execute(query)
        ]


def _keys(store: Store, athlete_id: int) -> list[str | None]:
    with transaction(store) as session:
        query = (
            select(SetRow.source_key)
            .where(SetRow.athlete_id == athlete_id)
            .order_by(SetRow.performed_at, SetRow.id)
        )
        return list(session.scalars(query))


def _counts(store: Store) -> dict[str, int]:
    with transaction(store) as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (SetRow, TrainingSessionRow, CheckinRow, AssessmentRow, PlanRow)
        }


def _decision(store: Store, name: str) -> dict[str, Any]:
    with transaction(store) as session:
        athlete = get_athlete(session, name)
        assert athlete is not None
        found = next_session(session, athlete, now=NOW).to_json()
    found.pop("athlete")
    if found["planned"] is not None:
        found["planned"].pop("plan_id")  # the plan's row id in its own log
    return found


def test_a_backup_restored_into_a_new_log_gives_every_column_and_the_same_decision(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    path = _backup(store, me, tmp_path)
    restored = _twin_of(store, me, "restored")
    with transaction(store) as session:
        report = import_file(session, restored.id, path)
    sets = len(SETS) + 2 + 9  # the Hevy file holds 9 sets
    assert (report.format, report.sets_read, report.inserted) == ("hipthrust", sets, sets)
    assert report.already_stored == 0
    assert report.checkins is not None and report.checkins.added == 2
    assert report.assessments is not None and report.assessments.added == 1
    assert report.plans is not None and report.plans.added == 1
    assert (report.first_day, report.last_day) == (date(2025, 6, 2), date(2025, 9, 15))
    assert any("profile of 'me'" in note and "not restored" in note for note in report.warnings)
    notes = " ".join(report.warnings)
    assert "now counts from the restored assessment of 2025-05-30" in notes
    assert "the backup's active plan (written 2025-05-31) is active" in notes
    shown = {item.name: (item.shown, item.sets) for item in report.exercises}
    assert shown["Barbell hip thrust"] == ("Barbell hip thrust", 2)  # logged here: no raw id
    assert shown["Hip Thrust (Barbell)"][0] == "Barbell hip thrust"  # imported: as written

    original, copy = _set_rows(store, me.id), _set_rows(store, restored.id)
    assert copy == original  # every column, the training day included
    assert [row["day"] for row in copy][3] == date(2025, 6, 5)  # Paris's day, not UTC's
    assert [row["source"] for row in copy][:5] == ["cli", "video", "web", "web", "cli"]
    assert copy[1]["fault_reps"] == {"lumbar_hyperextension": 3, "rushing": 7}
    # An imported set keeps its key (re-importing the Hevy file adds nothing); the others get
    # one made from what they are.
    mine, theirs = _keys(store, me.id), _keys(store, restored.id)
    assert [key for key in theirs if key in mine] == [key for key in mine if key is not None]
    assert sum(1 for key in theirs if key and key.startswith("backup:")) == len(SETS) + 2

    with transaction(store) as session:
        assert checkins(session, restored.id) == checkins(session, me.id)
        (old,), (new,) = assessments(session, me.id), assessments(session, restored.id)
        assert (new.taken_at, new.answers, new.result, new.start_rung) == (
            old.taken_at,
            old.answers,
            old.result,
            old.start_rung,
        )
        (old_plan,), (new_plan,) = plans(session, me.id), plans(session, restored.id)
        assert (new_plan.created_at, new_plan.request, new_plan.plan, new_plan.active) == (
            old_plan.created_at,
            old_plan.request,
            old_plan.plan,
            True,
        )
        again = import_file(session, restored.id, FIXTURES / "hevy_kg.csv")
    assert again.inserted == 0
    assert _decision(store, "restored") == _decision(store, "me")


def test_a_second_restore_adds_nothing_and_its_dry_run_says_so(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    path = _backup(store, me, tmp_path)
    restored = _twin_of(store, me, "restored")
    with transaction(store) as session:
        first = import_file(session, restored.id, path)
    before = _counts(store)
    with transaction(store) as session:
        preview = import_file(session, restored.id, path, dry_run=True)
        second = import_file(session, restored.id, path)
    assert _counts(store) == before
    for report in (preview, second):
        assert (report.inserted, report.already_stored) == (0, first.sets_read)
        for records in (report.checkins, report.assessments, report.plans):
            assert records is not None and records.added == 0
            assert records.already_stored == records.read > 0
    # A backup of the restored log (its sets now have keys) adds nothing either.
    later = _backup(store, restored, tmp_path, "later.json")
    with transaction(store) as session:
        assert import_file(session, restored.id, later).inserted == 0


def test_a_backup_restored_into_the_log_it_came_from_adds_nothing(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    path = _backup(store, me, tmp_path)
    before = _counts(store)
    with transaction(store) as session:
        report = import_file(session, me.id, path)
    assert (report.inserted, report.already_stored) == (0, report.sets_read)
    assert _counts(store) == before


def test_the_dry_run_counts_exactly_what_the_restore_adds(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    path = _backup(store, me, tmp_path)
    restored = _twin_of(store, me, "restored")
    before = _counts(store)
    with transaction(store) as session:
        preview = import_file(session, restored.id, path, dry_run=True, chunk_size=3)
    assert _counts(store) == before  # the preview wrote nothing
    with transaction(store) as session:
        done = import_file(session, restored.id, path, chunk_size=3)
    assert preview.counts() == done.counts()
    assert preview.to_json() == {**done.to_json(), "dry_run": True}


def _edited(path: Path, change: Any) -> Path:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda data: data["sets"][-1].update(variation="hip_thrust", reps=300),
            r"^backup\.json: set 15 \(sets\[14\]\): .*reps must be between 0 and 200, not 300$",
        ),
        (
            lambda data: data["sets"][3].update(performed_at="yesterday"),
            r"^backup\.json: set 4 \(sets\[3\]\): an exported set cannot be read",
        ),
        (
            lambda data: data["sets"][2].update(tempo={"up_s": 1, "top_s": 3, "down_s": 90}),
            r"^backup\.json: set 3 \(sets\[2\]\): .*lowering must be",
        ),
        (
            lambda data: data["sets"][0].update(date="2025-06-09"),
            r"^backup\.json: set 1 \(sets\[0\]\): its date 2025-06-09 is not a day its time",
        ),
        (
            lambda data: data["checkins"][1].update(next_morning_pain=11),
            r"^backup\.json: check-in 2 \(checkins\[1\]\): pain must be between 0 and 10",
        ),
        (
            lambda data: data["assessments"][0].update(taken_at="2025-05-30T09:00:00"),
            r"^backup\.json: assessment 1 \(assessments\[0\]\): its taken_at has no time zone$",
        ),
        (
            lambda data: data.update(schema_version=2),
            r"^backup\.json: a hipthrust backup of schema_version 2, which this version of "
            r"hipthrust does not read \(it reads 1\): update hipthrust$",
        ),
        (lambda data: data.pop("sets"), r"^backup\.json: not a hipthrust backup .*'sets'"),
    ],
)
def test_a_refused_backup_stores_nothing(
    store: Store, me: Athlete, tmp_path: Path, change: Any, message: str
) -> None:
    path = _edited(_backup(store, me, tmp_path), change)
    restored = _twin_of(store, me, "restored")
    before = _counts(store)
    with pytest.raises(InputError, match=message) as raised, transaction(store) as session:
        import_file(session, restored.id, path, chunk_size=2)  # batches written first
    assert "\n" not in str(raised.value)
    assert _counts(store) == before


def test_broken_json_is_one_line_with_its_place_and_stores_nothing(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    path = _backup(store, me, tmp_path)
    text = path.read_text(encoding="utf-8")
    starts = [at for at in range(len(text)) if text.startswith('"performed_at"', at)]
    cut = starts[len(starts) // 2]
    path.write_text(text[:cut] + text[cut + 1 :], encoding="utf-8")  # a quote lost
    line = text[:cut].count("\n") + 1
    restored = _twin_of(store, me, "restored")
    before = _counts(store)
    broken = rf"^backup\.json: not valid JSON \(line {line}, "
    with pytest.raises(InputError, match=broken), transaction(store) as session:
        import_file(session, restored.id, path, chunk_size=2)
    assert _counts(store) == before


def test_the_format_is_found_from_the_file_or_forced(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    path = _backup(store, me, tmp_path)
    renamed = path.rename(tmp_path / "backup.csv")  # the content decides, not the name
    with transaction(store) as session:
        assert import_file(session, me.id, renamed, dry_run=True).format == "hipthrust"
        forced = import_file(session, me.id, renamed, format="hipthrust", dry_run=True)
        assert forced.format == "hipthrust"
        csv = FIXTURES / "hevy_kg.csv"
        assert import_file(session, me.id, csv, dry_run=True).format == "hevy"
        with pytest.raises(InputError, match=r"^hevy_kg\.csv: not a hipthrust backup"):
            import_file(session, me.id, csv, format="hipthrust", dry_run=True)


def test_the_log_keeps_its_newer_assessment_active_plan_and_check_in_values(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    path = _backup(store, me, tmp_path)
    other = _twin_of(store, me, "other")
    later = NOW - timedelta(days=3)
    with transaction(store) as session:
        remember_assessment(session, other, assess(parse_answers({"red_flags": []})), later)
        request = PlanRequest(start_rung=2, weeks=2)
        _, own_plan = remember_plan(session, other, request, build_plan(request), later)
        add_checkin(session, other.id, Checkin(date(2025, 6, 3), next_morning_pain=3))
        report = import_file(session, other.id, path)
        assert active_plan(session, other.id) == own_plan
        assert [stored.active for stored in plans(session, other.id)] == [True, False]
        current = latest_assessment(session, other.id)
        assert current is not None and current.taken_at == later
        (kept,) = [item for item in checkins(session, other.id) if item.day == date(2025, 6, 3)]
    assert kept == Checkin(date(2025, 6, 3), 3, 64.5, "stiff")  # the log's pain, the rest filled
    assert report.checkins is not None
    assert (report.checkins.added, report.checkins.already_stored) == (1, 1)
    notes = " ".join(report.warnings)
    assert "the log's active plan (written 2025-09-17) stays active" in notes
    assert "kept in the plan history, not active" in notes
    assert "the log's own assessment of 2025-09-17 is newer" in notes
    assert "1 check-in day(s) of the backup differ from the log's" in notes


def test_a_restored_set_without_a_source_the_store_takes_becomes_hipthrust(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    def strip(data: dict[str, Any]) -> None:
        data["sets"][0]["source"] = None
        data["sets"][1]["source"] = "x" * 21

    path = _edited(_backup(store, me, tmp_path), strip)
    restored = _twin_of(store, me, "restored")
    with transaction(store) as session:
        report = import_file(session, restored.id, path)
    assert [row["source"] for row in _set_rows(store, restored.id)][:2] == [
        "hipthrust",
        "hipthrust",
    ]
    assert "2 set(s) had no source the log takes: restored as 'hipthrust'" in report.warnings


def test_a_backup_with_sets_before_its_schema_version_reads_too(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    path = _backup(store, me, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")  # one line, keys sorted
    restored = _twin_of(store, me, "restored")
    with transaction(store) as session:
        report = import_file(session, restored.id, path)
    assert report.inserted == len(data["sets"])
    assert _set_rows(store, restored.id) == _set_rows(store, me.id)


def test_a_set_of_the_backup_keeps_its_day_when_the_file_has_no_date(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    path = _edited(
        _backup(store, me, tmp_path), lambda data: [item.pop("date") for item in data["sets"]]
    )
    restored = _twin_of(store, me, "restored")
    with transaction(store) as session:
        import_file(session, restored.id, path, tz="Europe/Paris")
    days = [row["day"] for row in _set_rows(store, restored.id)]
    assert days == [row["day"] for row in _set_rows(store, me.id)]


def test_an_older_backup_without_tempo_reads_as_sets_without_tempo(
    store: Store, me: Athlete, tmp_path: Path
) -> None:
    def old(data: dict[str, Any]) -> None:
        for item in data["sets"]:
            item.pop("tempo")
            item.pop("fault_reps")

    path = _edited(_backup(store, me, tmp_path), old)
    restored = _twin_of(store, me, "restored")
    with transaction(store) as session:
        import_file(session, restored.id, path)
    rows = _set_rows(store, restored.id)
    expected = [
        {**row, "tempo_up_s": None, "tempo_top_s": None, "tempo_down_s": None, "fault_reps": None}
        for row in _set_rows(store, me.id)
    ]
    assert rows == expected
