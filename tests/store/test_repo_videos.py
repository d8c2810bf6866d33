from __future__ import annotations

import pytest

from hipthrust.errors import InputError
from hipthrust.store import (
    Athlete,
    Store,
    add_video_analysis,
    get_video_analysis,
    set_video_analysis,
    transaction,
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
