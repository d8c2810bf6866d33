from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from hipthrust.errors import AccessDenied, InputError
from hipthrust.jobs import RecordingQueue
from hipthrust.motion.pose import PoseSequence
from hipthrust.service.accounts import Actor, sign_up
from hipthrust.service.uploads import (
    GENERIC_FAILURE,
    FieldError,
    UploadPlace,
    VideoChoice,
    WorkerId,
    log_analysed_set,
    output_file,
    run_analysis,
    sniff_container,
    upload_video,
)
from hipthrust.store import Store, logged_sets, open_store, transaction
from hipthrust.store.videos import get_video_analysis
from hipthrust.video.pipeline import VideoSettings
from hipthrust.video.pose_model import FakeEstimator
from hipthrust.video.track import TrackSettings
from hipthrust_testkit.synth import SyntheticSet
from video.clips import write_clip

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
ONE_PROCESS = VideoSettings(track=TrackSettings(processes=1), barbell=None)
MB = 1024 * 1024
GLUTE_BRIDGE = VideoChoice("glute bridge")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with open_store(f"sqlite:///{tmp_path / 'log.sqlite3'}") as opened:
        yield opened  # type: ignore[misc]


def _actor(store: Store, name: str, role: str = "athlete") -> Actor:
    with transaction(store) as session:
        return sign_up(session, f"{name}@example.com", "correct horse battery", role, name)


@pytest.fixture
def ann(store: Store) -> Actor:
    return _actor(store, "ann")


@pytest.fixture
def place(tmp_path: Path) -> UploadPlace:
    return UploadPlace(tmp_path / "uploads", 50 * MB)


def _chunks(path: Path, size: int = 64 * 1024) -> list[bytes]:
    data = path.read_bytes()
    return [data[i : i + size] for i in range(0, len(data), size)]


def _upload(
    store: Store,
    actor: Actor,
    place: UploadPlace,
    source: Path,
    queue: RecordingQueue | None = None,
    choice: VideoChoice = GLUTE_BRIDGE,
    name: str | None = None,
):  # type: ignore[no-untyped-def]
    assert actor.athlete_id is not None
    return upload_video(
        store,
        actor,
        actor.athlete_id,
        place,
        _chunks(source),
        name or source.name,
        choice,
        queue if queue is not None else RecordingQueue(),
        NOW,
    )


def _left(place: UploadPlace) -> list[str]:
    return sorted(p.name for p in place.folder.iterdir()) if place.folder.exists() else []


def fake(pose: PoseSequence) -> functools.partial[FakeEstimator]:
    return functools.partial(FakeEstimator, pose)


# --- receiving and checking -------------------------------------------------------------------


def test_sniffing_reads_the_container_not_the_name() -> None:
    assert sniff_container(b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00") == ".mp4"
    assert sniff_container(b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00") == ".mov"
    assert sniff_container(b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm") == ".webm"
    assert sniff_container(b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska") == ".mkv"
    assert sniff_container(b"RIFF\x10\x00\x00\x00AVI LIST") == ".avi"
    assert sniff_container(b"RIFF\x10\x00\x00\x00WAVEfmt ") is None
    assert sniff_container(b"hello, this is not a video") is None
    assert sniff_container(b"") is None


def test_a_real_video_is_accepted_stored_under_a_random_name_and_queued_after_commit(
    store: Store, ann: Actor, place: UploadPlace, two_rep_clip: Path
) -> None:
    seen: list[str] = []

    class CheckingQueue(RecordingQueue):
        def submit(self, analysis_id: int) -> None:
            with transaction(store) as session:  # another transaction: the row is committed
                seen.append(get_video_analysis(session, analysis_id).status)
            super().submit(analysis_id)

    queue = CheckingQueue()
    choice = VideoChoice("barbell hip thrust", "60", "left")
    analysis = _upload(store, ann, place, two_rep_clip, queue, choice)
    assert queue.submitted == [analysis.id] and seen == ["pending"]
    assert analysis.source_filename == "my set.mp4"
    assert analysis.athlete_id == ann.athlete_id and analysis.uploaded_by == ann.user_id
    assert analysis.settings == {
        "exercise": "barbell_hip_thrust",
        "load_kg": 60.0,
        "side": "left",
        "units": "kg",
    }
    assert analysis.video_path is not None and analysis.output_dir is not None
    video = Path(analysis.video_path)
    assert video.parent == place.folder and video.suffix == ".mp4"
    assert "my set" not in analysis.video_path and "my set" not in analysis.output_dir
    assert video.read_bytes() == two_rep_clip.read_bytes()
    assert _left(place) == [video.name]  # no .part file stays


def test_a_video_over_the_size_limit_is_refused_while_streaming_and_nothing_stays(
    store: Store, ann: Actor, tmp_path: Path, two_rep_clip: Path
) -> None:
    small = UploadPlace(tmp_path / "uploads", two_rep_clip.stat().st_size // 2)
    written: list[int] = []

    def chunks() -> object:
        for chunk in _chunks(two_rep_clip, 4096):
            written.append(len(chunk))
            yield chunk

    queue = RecordingQueue()
    assert ann.athlete_id is not None
    with pytest.raises(FieldError, match=r"larger than the .* MB limit") as refused:
        upload_video(
            store, ann, ann.athlete_id, small, chunks(), "big.mp4", VideoChoice(), queue, NOW
        )  # type: ignore[arg-type]
    assert refused.value.field == "video"
    assert sum(written) <= small.max_bytes + 4096  # stopped at the limit, not at the end
    assert _left(small) == [] and queue.submitted == []


def test_a_text_file_named_mp4_is_refused_by_its_content(
    store: Store, ann: Actor, place: UploadPlace, tmp_path: Path
) -> None:
    text = tmp_path / "set.mp4"
    text.write_text("these are my notes about the set, not a video\n" * 20)
    queue = RecordingQueue()
    with pytest.raises(FieldError, match=r"^set\.mp4 is not a video \(MP4") as refused:
        _upload(store, ann, place, text, queue)
    assert refused.value.field == "video"
    assert _left(place) == [] and queue.submitted == []


def test_a_damaged_video_is_refused_by_the_decoder_in_the_persons_words(
    store: Store, ann: Actor, place: UploadPlace, two_rep_clip: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "cut.mp4"
    damaged.write_bytes(two_rep_clip.read_bytes()[:40] + bytes(2000))  # an MP4 header, then nothing
    with pytest.raises(FieldError) as refused:
        _upload(store, ann, place, damaged)
    message = str(refused.value)
    assert message.startswith("cut.mp4: ") and "\n" not in message
    assert _left(place) == []
    with transaction(store) as session, pytest.raises(InputError):
        get_video_analysis(session, 1)


def test_an_empty_file_and_bad_choices_are_refused_next_to_their_field(
    store: Store, ann: Actor, place: UploadPlace, two_rep_clip: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(FieldError, match="the file is empty") as refused:
        _upload(store, ann, place, empty)
    assert refused.value.field == "video"
    cases = [
        (VideoChoice("bench press"), "exercise", "unknown exercise"),
        (VideoChoice("  "), "exercise", "choose the exercise filmed"),
        (VideoChoice("single leg glute bridge"), "exercise", "logged per side"),
        (VideoChoice("barbell hip thrust"), "load", "needs the load"),
        (VideoChoice("glute bridge", "60kg"), "load", "bodyweight exercise"),
        (VideoChoice("glute bridge", "", "up"), "side", "left or right"),
    ]
    for choice, field, message in cases:
        with pytest.raises(FieldError, match=message) as refused:
            _upload(store, ann, place, two_rep_clip, choice=choice)
        assert refused.value.field == field
    assert _left(place) == []


def test_only_the_athlete_or_a_linked_coach_may_upload(
    store: Store, ann: Actor, place: UploadPlace, two_rep_clip: Path
) -> None:
    bob = _actor(store, "bob")
    coach = _actor(store, "cora", "coach")
    assert ann.athlete_id is not None
    for actor in (bob, coach):
        with pytest.raises(AccessDenied):
            upload_video(
                store,
                actor,
                ann.athlete_id,
                place,
                iter([b"x"]),
                "a.mp4",
                VideoChoice(),
                RecordingQueue(),
                NOW,
            )
    assert _left(place) == []


# --- the job ------------------------------------------------------------------------------------


def test_the_job_analyses_the_upload_and_the_set_is_logged_with_one_tap(
    store: Store, ann: Actor, place: UploadPlace, two_rep_clip: Path, two_rep_set: SyntheticSet
) -> None:
    analysis = _upload(store, ann, place, two_rep_clip, choice=VideoChoice("glute bridge"))
    ticks = iter(np.arange(0.0, 1000.0, 0.2))
    done = run_analysis(
        store,
        analysis.id,
        make_estimator=fake(two_rep_set.clean),
        make_second_look=None,
        settings=ONE_PROCESS,
        clock=lambda: float(next(ticks)),
    )
    assert done is not None and done.status == "done" and done.error is None
    assert done.report is not None and done.report["rep_count"] == two_rep_set.rep_count == 2
    assert done.progress == 1.0 and done.stage is None
    assert done.claimed_by is not None and done.claimed_by["host"]
    for name in ("annotated.mp4", "hip_angle.png", "report.json", "signals.csv"):
        with transaction(store) as session:
            assert output_file(session, ann, analysis.id, name).is_file()
    # a job delivered twice runs once
    assert run_analysis(store, analysis.id, make_estimator=fake(two_rep_set.clean)) is None

    with transaction(store) as session:
        logged = log_analysed_set(session, ann, analysis.id, NOW, pain=1)
        assert logged.line.startswith("Logged 1 set of glute bridge for ann")
    with transaction(store) as session:
        (stored,) = logged_sets(session, analysis.athlete_id)
        assert stored.video_analysis_id == analysis.id and stored.source == "video"
        assert stored.record.reps == 2 and stored.record.notes == "from video my set.mp4"
        assert stored.record.pain == 1  # asked when the set is logged, so it can pass a gate
        with pytest.raises(InputError, match="already logged"):
            log_analysed_set(session, ann, analysis.id, NOW)
    with transaction(store) as session:
        assert len(logged_sets(session, analysis.athlete_id)) == 1


def test_the_progress_is_written_as_the_job_goes(
    store: Store, ann: Actor, place: UploadPlace, two_rep_clip: Path, two_rep_set: SyntheticSet
) -> None:
    analysis = _upload(store, ann, place, two_rep_clip)
    seen: list[tuple[str | None, float | None, str]] = []

    class Watching(FakeEstimator):
        def estimate(self, frame_rgb, t_s):  # type: ignore[no-untyped-def]
            if self.calls % 20 == 0:
                with transaction(store) as session:
                    row = get_video_analysis(session, analysis.id)
                    seen.append((row.stage, row.progress, row.status))
            return super().estimate(frame_rgb, t_s)

    ticks = iter(np.arange(0.0, 1000.0, 0.3))
    run_analysis(
        store,
        analysis.id,
        make_estimator=functools.partial(Watching, two_rep_set.clean),
        make_second_look=None,
        settings=ONE_PROCESS,
        clock=lambda: float(next(ticks)),
    )
    assert {status for _, _, status in seen} == {"running"}
    assert {stage for stage, _, _ in seen} == {"pose"}
    fractions = [p for _, p, _ in seen if p is not None]
    assert fractions == sorted(fractions) and 0.0 < fractions[-1] < 0.75
    assert len(set(fractions)) > 3


def test_a_video_with_nobody_in_it_fails_with_the_reason(
    store: Store, ann: Actor, place: UploadPlace, two_rep_set: SyntheticSet, tmp_path: Path
) -> None:
    pose = two_rep_set.clean
    blank = write_clip(
        tmp_path / "blank.mp4", [np.full((90, 160, 3), 120, np.uint8)] * 60, list(pose.t[:60])
    )
    analysis = _upload(store, ann, place, blank, name="Tuesday.mp4")
    failed = run_analysis(
        store,
        analysis.id,
        make_estimator=_nobody(pose),
        make_second_look=None,
        settings=ONE_PROCESS,
    )
    assert failed is not None and failed.status == "failed" and failed.report is None
    assert failed.error is not None
    assert failed.error.startswith("Tuesday.mp4: no person was found in the video")
    assert analysis.output_dir is not None and not Path(analysis.output_dir).exists()
    with transaction(store) as session, pytest.raises(InputError, match="not been analysed"):
        log_analysed_set(session, ann, analysis.id, NOW)


def _nobody(pose: PoseSequence) -> functools.partial[FakeEstimator]:
    empty = PoseSequence(np.full((1, 33, 2), np.nan), np.zeros((1, 33)), 30.0, 10, 10)
    return functools.partial(FakeEstimator, empty)


class Broken:
    def estimate(self, frame_rgb: object, t_s: float) -> None:
        raise RuntimeError("the pose model fell over")


def test_an_unexpected_error_fails_with_a_generic_reason_and_a_logged_traceback(
    store: Store,
    ann: Actor,
    place: UploadPlace,
    two_rep_clip: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    analysis = _upload(store, ann, place, two_rep_clip)
    with caplog.at_level(logging.ERROR, logger="hipthrust.jobs.analysis"):
        failed = run_analysis(
            store,
            analysis.id,
            make_estimator=Broken,
            make_second_look=None,
            settings=ONE_PROCESS,
            worker=WorkerId("here", 1, "x"),
        )
    assert failed is not None and failed.status == "failed" and failed.error == GENERIC_FAILURE
    assert "the pose model fell over" in caplog.text and "Traceback" in caplog.text


def test_files_and_logging_are_for_the_athlete_and_their_coach_only(
    store: Store, ann: Actor, place: UploadPlace, two_rep_clip: Path
) -> None:
    analysis = _upload(store, ann, place, two_rep_clip)
    bob = _actor(store, "bob")
    with transaction(store) as session:
        with pytest.raises(AccessDenied):
            output_file(session, bob, analysis.id, "report.json")
        with pytest.raises(AccessDenied):
            log_analysed_set(session, bob, analysis.id, NOW)
        with pytest.raises(AccessDenied):
            output_file(session, bob, 999, "report.json")
        with pytest.raises(InputError, match="no file named"):
            output_file(session, ann, analysis.id, "../log.sqlite3")
        with pytest.raises(InputError, match="not been analysed yet"):
            output_file(session, ann, analysis.id, "report.json")
