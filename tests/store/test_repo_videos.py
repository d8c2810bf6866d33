from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from hipthrust.coaching.records import SetRecord
from hipthrust.errors import InputError
from hipthrust.store import (
    Athlete,
    AthleteProfile,
    Store,
    add_video_analysis,
    create_athlete,
    get_video_analysis,
    log_set,
    set_video_analysis,
    transaction,
)
from hipthrust.store.videos import (
    VideoAnalysis,
    add_upload,
    claim_video_analysis,
    latest_video_analyses,
    record_progress,
    release_video_analysis,
    running_video_analyses,
    set_of_video_analysis,
    video_analyses_waiting,
)


def test_an_analysis_moves_from_pending_to_done_or_failed(store: Store, me: Athlete) -> None:
    report = {"reps": 8, "faults": ["lumbar_hyperextension"], "hold_s": [1.2, 1.0]}
    with transaction(store) as session:
        done = add_video_analysis(session, me.id, "thrust.mp4")
        failed = add_video_analysis(session, me.id, "dark.mov")
        assert done.status == "pending"
        set_video_analysis(session, done.id, "done", report=report)
        set_video_analysis(session, failed.id, "failed", error="no person found in the video")
    with transaction(store) as session:
        stored_done = get_video_analysis(session, done.id)
        stored_failed = get_video_analysis(session, failed.id)
    assert (stored_done.status, stored_done.report, stored_done.error) == ("done", report, None)
    assert (stored_failed.status, stored_failed.error) == ("failed", "no person found in the video")
    assert stored_failed.source_filename == "dark.mov"


def test_an_unknown_status_or_analysis_is_refused(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        analysis = add_video_analysis(session, me.id, "thrust.mp4")
        with pytest.raises(InputError, match="unknown status"):
            set_video_analysis(session, analysis.id, "lost")  # type: ignore[arg-type]
        with pytest.raises(InputError, match="no video analysis with id 99"):
            get_video_analysis(session, 99)


# --- uploads analysed in the background ------------------------------------------------------

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def _upload(session: Session, athlete: Athlete, at: datetime = T0) -> VideoAnalysis:
    return add_upload(
        session,
        athlete.id,
        "Tuesday.mp4",
        video_path="/data/uploads/abc.mp4",
        output_dir="/data/uploads/abc.analysis",
        settings={"exercise": "glute_bridge", "load_kg": None},
        uploaded_by=None,
        now=at,
    )


def test_an_upload_is_claimed_once_and_its_progress_written_while_running(
    store: Store, me: Athlete
) -> None:
    with transaction(store) as session:
        analysis = _upload(session, me)
    assert (analysis.status, analysis.created_at, analysis.updated_at) == ("pending", T0, T0)
    with transaction(store) as session:
        assert not record_progress(session, analysis.id, "pose", 0.5, T0)  # not running yet
        claimed = claim_video_analysis(session, analysis.id, {"host": "h", "pid": 1}, T0)
        assert claimed is not None and claimed.status == "running"
        assert claimed.claimed_by == {"host": "h", "pid": 1}
        assert claimed.settings is not None and claimed.settings["exercise"] == "glute_bridge"
    with transaction(store) as session:
        assert claim_video_analysis(session, analysis.id, {"host": "x"}, T0) is None
        assert claim_video_analysis(session, 999, {"host": "x"}, T0) is None
        later = T0 + timedelta(seconds=3)
        assert record_progress(session, analysis.id, "pose", 1.7, later)
    with transaction(store) as session:
        row = get_video_analysis(session, analysis.id)
        assert (row.stage, row.progress, row.updated_at) == ("pose", 1.0, later)
        assert [a.id for a in running_video_analyses(session)] == [analysis.id]
        done = set_video_analysis(session, analysis.id, "done", report={"rep_count": 3}, now=later)
        assert (done.stage, done.progress, done.finished) == (None, 1.0, True)
        assert not record_progress(session, analysis.id, "video", 0.9, later)


def test_a_release_only_takes_back_a_row_nobody_touched_since(store: Store, me: Athlete) -> None:
    with transaction(store) as session:
        analysis = _upload(session, me)
        claim_video_analysis(session, analysis.id, {"host": "h"}, T0)
    with transaction(store) as session:
        moved = T0 + timedelta(seconds=1)
        assert not release_video_analysis(session, analysis.id, moved, moved)  # it changed
        assert release_video_analysis(session, analysis.id, T0, moved)
    with transaction(store) as session:
        row = get_video_analysis(session, analysis.id)
        assert (row.status, row.stage, row.progress, row.updated_at) == (
            "pending",
            None,
            None,
            moved,
        )
        assert video_analyses_waiting(session, moved) == ()
        assert [a.id for a in video_analyses_waiting(session, moved + timedelta(1))] == [
            analysis.id
        ]


def test_the_latest_analyses_of_an_athlete_and_the_set_logged_from_one(
    store: Store, me: Athlete
) -> None:
    with transaction(store) as session:
        other = create_athlete(session, AthleteProfile(name="other"))
        first = _upload(session, me, T0)
        second = _upload(session, me, T0 + timedelta(hours=1))
        _upload(session, other)
        assert [a.id for a in latest_video_analyses(session, me.id)] == [second.id, first.id]
        assert [a.id for a in latest_video_analyses(session, me.id, limit=1)] == [second.id]
        assert set_of_video_analysis(session, first.id) is None
        record = SetRecord(performed_at=T0, variation="glute_bridge", reps=10, load_kg=None)
        set_id = log_set(session, me.id, record, source="video", video_analysis_id=first.id)
        assert set_of_video_analysis(session, first.id) == set_id
