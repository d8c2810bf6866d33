from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hipthrust.jobs import RecordingQueue
from hipthrust.jobs.analysis import WorkerId
from hipthrust.jobs.recovery import (
    PART_KEPT_S,
    RESUBMIT_AFTER_S,
    STALE_AFTER_S,
    abandoned,
    hand_back,
    process_alive,
    recover_abandoned,
    remove_stale_parts,
    stopped_the_worker,
)
from hipthrust.store import AthleteProfile, Store, create_athlete, open_store, transaction
from hipthrust.store.videos import (
    VideoAnalysis,
    add_upload,
    claim_video_analysis,
    finish_video_analysis,
    get_video_analysis,
    record_progress,
    release_video_analysis,
)

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
ME = WorkerId("here", 4242, "run-now")
_NAMES = itertools.count()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'log.sqlite3'}") as opened:
        yield opened


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _upload(store: Store, at: datetime) -> VideoAnalysis:
    with transaction(store) as session:
        athlete = create_athlete(session, AthleteProfile(name=f"a{next(_NAMES)}"))
        return add_upload(
            session,
            athlete.id,
            "set.mp4",
            video_path="/nowhere/x.mp4",
            output_dir="/nowhere/x.analysis",
            settings={"exercise": "glute_bridge"},
            uploaded_by=None,
            now=at,
        )


def _running(store: Store, by: WorkerId, at: datetime) -> VideoAnalysis:
    analysis = _upload(store, at)
    with transaction(store) as session:
        claimed = claim_video_analysis(session, analysis.id, by.to_json(), at)
    assert claimed is not None
    return claimed


def test_which_running_analyses_have_lost_their_worker() -> None:
    now = T0 + timedelta(seconds=30)

    def row(claim: WorkerId | None, beat: datetime | None = T0) -> VideoAnalysis:
        settings = {"claimed_by": claim.to_json()} if claim else {}
        return VideoAnalysis(
            1, 1, "v.mp4", "running", None, None, updated_at=beat, settings=settings
        )

    assert process_alive(1) and not process_alive(_dead_pid()) and not process_alive(0)
    alive_here = WorkerId("here", os.getpid(), "other")
    assert not abandoned(row(alive_here), ME, now)  # a live process of this machine
    assert abandoned(row(WorkerId("here", _dead_pid(), "x")), ME, now)  # gone
    assert abandoned(row(WorkerId("here", ME.pid, "before")), ME, now)  # me, before a restart
    assert not abandoned(row(ME), ME, now)  # me, now
    assert not abandoned(row(WorkerId("there", 1, "x")), ME, now)  # another machine, beating
    late = T0 - timedelta(seconds=STALE_AFTER_S + 1)
    assert abandoned(row(WorkerId("there", 1, "x"), late), ME, now)  # ... silent too long
    assert abandoned(row(None, None), ME, now)


def test_recovery_queues_again_what_lost_its_worker_once(store: Store) -> None:
    now = T0 + timedelta(seconds=20)
    gone = _running(store, WorkerId("here", _dead_pid(), "x"), T0)
    elsewhere = _running(store, WorkerId("there", 7, "x"), T0)
    silent = _running(store, WorkerId("there", 8, "x"), T0 - timedelta(seconds=STALE_AFTER_S * 2))
    fresh = _upload(store, T0)
    forgotten = _upload(store, T0 - timedelta(seconds=RESUBMIT_AFTER_S + 1))
    queue = RecordingQueue()
    # the longest silent first, then uploads whose submission may have been lost
    assert recover_abandoned(store, queue, ME, now) == (silent.id, gone.id, forgotten.id)
    assert queue.submitted == [silent.id, gone.id, forgotten.id]
    with transaction(store) as session:
        assert get_video_analysis(session, gone.id).status == "pending"
        assert get_video_analysis(session, gone.id).updated_at == now
        assert get_video_analysis(session, elsewhere.id).status == "running"
        assert get_video_analysis(session, fresh.id).status == "pending"
    assert recover_abandoned(store, queue, ME, now + timedelta(seconds=1)) == ()  # once


def test_a_heartbeat_keeps_an_analysis_its_workers(store: Store) -> None:
    other = WorkerId("there", 7, "x")
    analysis = _running(store, other, T0 - timedelta(seconds=STALE_AFTER_S * 2))
    with transaction(store) as session:
        assert record_progress(session, analysis.id, "pose", 0.5, T0)
    assert recover_abandoned(store, RecordingQueue(), ME, T0 + timedelta(seconds=5)) == ()
    with transaction(store) as session:
        row = get_video_analysis(session, analysis.id)
    assert (row.status, row.stage, row.progress) == ("running", "pose", 0.5)


def test_uploads_cut_off_long_ago_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    folder.mkdir()
    now = datetime.now(UTC)
    old, fresh, video = folder / "a.part", folder / "b.part", folder / "c.mp4"
    for path in (old, fresh, video):
        path.write_bytes(b"x")
    long_ago = now.timestamp() - PART_KEPT_S - 60
    os.utime(old, (long_ago, long_ago))
    os.utime(video, (long_ago, long_ago))
    assert remove_stale_parts(folder, now) == ("a.part",)
    assert sorted(p.name for p in folder.iterdir()) == ["b.part", "c.mp4"]
    assert remove_stale_parts(tmp_path / "none", now) == ()


def _claimed_again(store: Store, analysis: VideoAnalysis, by: WorkerId, at: datetime) -> None:
    with transaction(store) as session:
        assert release_video_analysis(session, analysis.id, analysis.updated_at, at)
        assert claim_video_analysis(session, analysis.id, by.to_json(), at) is not None


def test_an_analysis_that_stopped_its_worker_three_times_fails_with_a_sentence(
    store: Store,
) -> None:
    dead = WorkerId("here", _dead_pid(), "x")
    analysis = _running(store, dead, T0)  # attempt 1
    for n in (2, 3):
        with transaction(store) as session:
            seen = get_video_analysis(session, analysis.id)
        _claimed_again(store, seen, dead, T0 + timedelta(seconds=n))
    other = _running(store, dead, T0)  # attempt 1 of another video: queued again
    queue = RecordingQueue()
    now = T0 + timedelta(seconds=10)
    assert recover_abandoned(store, queue, ME, now) == (other.id,)
    assert queue.submitted == [other.id]
    with transaction(store) as session:
        failed = get_video_analysis(session, analysis.id)
    assert (failed.status, failed.attempts, failed.stage) == ("failed", 3, None)
    assert failed.error == stopped_the_worker(3)
    assert failed.error.startswith("the analysis stopped the worker 3 times: ")
    assert recover_abandoned(store, queue, ME, now + timedelta(seconds=1)) == ()
    # A limit set otherwise (HIPTHRUST_ANALYSIS_ATTEMPTS) is the one applied.
    with transaction(store) as session:
        released = get_video_analysis(session, other.id)
    _claimed_again(store, released, dead, now + timedelta(seconds=2))
    assert recover_abandoned(store, queue, ME, now + timedelta(seconds=3), attempts=2) == ()
    with transaction(store) as session:
        assert get_video_analysis(session, other.id).error == stopped_the_worker(2)


def test_a_worker_told_to_stop_hands_back_only_its_own_analyses(store: Store) -> None:
    mine = WorkerId("here", 4242, "run-now")
    child = WorkerId("here", 4243, "run-now")  # one of its processes (--workers 2)
    earlier = WorkerId("here", 4242, "run-before")
    a, b, c = (_running(store, who, T0) for who in (mine, child, earlier))
    queue = RecordingQueue()
    now = T0 + timedelta(seconds=5)
    assert hand_back(store, queue, "here", "run-now", now) == (a.id, b.id)
    assert queue.submitted == [a.id, b.id]
    with transaction(store) as session:
        rows = [get_video_analysis(session, x.id) for x in (a, b, c)]
    assert [(r.status, r.attempts) for r in rows] == [
        ("pending", 0),
        ("pending", 0),
        ("running", 1),
    ]


def test_a_worker_writes_its_result_only_to_a_row_it_still_holds(store: Store) -> None:
    first = WorkerId("here", 4242, "one")
    second = WorkerId("here", 4243, "two")
    analysis = _running(store, first, T0)
    _claimed_again(store, analysis, second, T0 + timedelta(seconds=1))  # taken over
    with transaction(store) as session:
        late = finish_video_analysis(session, analysis.id, first.to_json(), error="x", now=T0)
        assert late is None
        done = finish_video_analysis(
            session, analysis.id, second.to_json(), report={"rep_count": 2}, now=T0
        )
    assert done is not None and done.status == "done" and done.attempts == 2
    with transaction(store) as session:
        again = finish_video_analysis(session, analysis.id, second.to_json(), error="y", now=T0)
    assert again is None  # finished already
