"""Videos uploaded through the web app: receive, check, queue, analyse, show, log.

An upload is received for an athlete the actor may act for (``receive_video``, which checks
``athlete_for`` before a byte is kept): streamed into the uploads folder under a random name
(never the person's file name), refused the moment it passes the size limit, with nothing
left behind. ``accept_video`` then checks the content, not the name: the container's magic
bytes (MP4/MOV ``ftyp``, WebM/Matroska EBML, AVI RIFF), then PyAV must open it as a video
(``hipthrust.video.decode.probe``). The exercise, load and side are checked before any work is
queued. The ``video_analyses`` row is committed first and only then submitted to the queue.

``run_analysis`` (from ``hipthrust.jobs.analysis``) is the job a worker runs: the row
ends ``done`` with the report or ``failed`` with the reason. ``log_analysed_set`` records
the set from a finished analysis, linked to it.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from hipthrust.coaching.catalogue import Stance
from hipthrust.coaching.units import Units
from hipthrust.errors import AccessDenied, InputError
from hipthrust.jobs import AnalysisQueue
from hipthrust.jobs.analysis import GENERIC_FAILURE, WorkerId, run_analysis, told_as
from hipthrust.service.accounts import Actor, athlete_for
from hipthrust.store import Athlete, Store, log_set, transaction
from hipthrust.store.training import VIDEO_SET_LOGGED
from hipthrust.store.videos import (
    VideoAnalysis,
    add_upload,
    get_video_analysis,
    latest_video_analyses,
    set_of_video_analysis,
)
from hipthrust.video.decode import probe

if TYPE_CHECKING:
    from hipthrust.service.training import LoggedSets

__all__ = [
    "CHUNK_BYTES",
    "GENERIC_FAILURE",
    "OUTPUT_FILES",
    "FieldError",
    "IncomingVideo",
    "UploadPlace",
    "VideoChoice",
    "WorkerId",
    "accept_video",
    "analyses_of",
    "analysis_for",
    "log_analysed_set",
    "output_file",
    "receive_video",
    "run_analysis",
    "sniff_container",
    "upload_video",
]

log = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
# The files a finished analysis offers, by the names analyze_video gives them.
OUTPUT_FILES: dict[str, str] = {
    "annotated.mp4": "video/mp4",
    "hip_angle.png": "image/png",
    "report.json": "application/json",
    "signals.csv": "text/csv",
}


class FieldError(InputError):
    """A refusal that belongs next to one field of the upload form."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class UploadPlace:
    """Where uploads are kept and how large one may be."""

    folder: Path
    max_bytes: int


@dataclass(frozen=True)
class VideoChoice:
    """What the lifter says about the filmed set, as typed on the form."""

    exercise: str = "barbell_hip_thrust"
    load: str = ""
    side: str = ""


# --- receiving ---------------------------------------------------------------------------------


@dataclass
class IncomingVideo:
    """A video being received: bytes go to a ``.part`` file under a random name."""

    athlete: Athlete
    actor: Actor
    place: UploadPlace
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    size: int = 0
    _file: Any = None

    def __post_init__(self) -> None:
        try:
            self.place.folder.mkdir(parents=True, exist_ok=True)
            self._file = open(self.part_path, "xb")  # noqa: SIM115 (closed by finish/discard)
        except OSError as error:
            raise InputError(
                f"the upload cannot be kept on the server ({error.strerror}): tell its admin"
            ) from None

    @property
    def part_path(self) -> Path:
        return self.place.folder / f"{self.token}.part"

    def write(self, chunk: bytes) -> None:
        """Keep ``chunk``; past the size limit the upload is refused and its file removed."""
        self.size += len(chunk)
        if self.size > self.place.max_bytes:
            self.discard()
            raise FieldError(
                "video",
                f"the video is larger than the {_megabytes(self.place.max_bytes)} limit: "
                "trim it to the set, or film at a lower resolution",
            )
        self._file.write(chunk)

    def finish(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def discard(self) -> None:
        """Forget the upload: nothing of it stays on disk."""
        self.finish()
        self.part_path.unlink(missing_ok=True)


def _megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):g} MB"


def receive_video(
    session: Session, actor: Actor, athlete_id: int, place: UploadPlace
) -> IncomingVideo:
    """Start receiving a video for ``athlete_id`` (AccessDenied unless the actor may)."""
    athlete = athlete_for(session, actor, athlete_id)
    return IncomingVideo(athlete, actor, place)


# --- checking ----------------------------------------------------------------------------------

# QuickTime files from old cameras may open with one of these atoms instead of ``ftyp``.
_QUICKTIME_ATOMS = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")


def sniff_container(head: bytes) -> str | None:
    """The container the first bytes of a file announce: ``".mp4"``, ``".mov"``, ``".webm"``,
    ``".mkv"``, ``".avi"``, or None when they announce no video container."""
    if len(head) >= 12 and head[4:8] in _QUICKTIME_ATOMS:
        if head[4:8] == b"ftyp":
            return ".mov" if head[8:12] == b"qt  " else ".mp4"
        return ".mov"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return ".webm" if b"webm" in head[:64] else ".mkv"
    if len(head) >= 12 and head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return ".avi"
    return None


def _shown_name(filename: str) -> str:
    name = " ".join(Path(filename.replace("\\", "/")).name.split())[:120]
    return name or "the video"


def _choice_settings(athlete: Athlete, choice: VideoChoice, now: datetime) -> dict[str, Any]:
    """The checked settings of the set (exercise id, load in kg, side, units)."""
    from hipthrust.service.set_entry import SetEntry, read_sets, resolve_exercise

    if not choice.exercise.strip():
        raise FieldError("exercise", "choose the exercise filmed")
    try:
        variation = resolve_exercise(choice.exercise)
    except InputError as error:
        raise FieldError("exercise", str(error)) from None
    if variation.stance is not Stance.TWO_LEG:
        raise FieldError(
            "exercise",
            f"{variation.name} is logged per side and the video analysis counts one side: "
            "log it on the session page instead",
        )
    units: Units = athlete.units
    load = choice.load.strip() or None
    try:
        _, (record,) = read_sets(SetEntry(words=(variation.id,), reps=1, load=load), units, now)
    except InputError as error:
        if load is None and "needs the load" in str(error):
            raise FieldError(
                "load", f"{variation.name} needs the load: type it in {units}, e.g. 60"
            ) from None
        raise FieldError("load", str(error)) from None
    side = choice.side.strip().lower()
    if side in ("", "auto", "either"):
        side = ""
    elif side not in ("left", "right"):
        raise FieldError("side", f"the side is left or right (or blank), not {choice.side!r}")
    return {
        "exercise": variation.id,
        "load_kg": record.load_kg,
        "side": side or None,
        "units": units,
    }


def accept_video(
    store: Store,
    incoming: IncomingVideo,
    filename: str,
    choice: VideoChoice,
    queue: AnalysisQueue,
    now: datetime,
) -> VideoAnalysis:
    """Check the received video and the lifter's choices, store the ``pending`` analysis, and
    queue it once stored. On a refusal nothing is kept (FieldError names the field)."""
    incoming.finish()
    shown = _shown_name(filename)
    try:
        if incoming.size == 0:
            raise FieldError("video", "choose the video of your set: the file is empty")
        with open(incoming.part_path, "rb") as file:
            kind = sniff_container(file.read(64))
        if kind is None:
            raise FieldError(
                "video",
                f"{shown} is not a video (MP4, MOV, WebM, MKV or AVI): choose the video file",
            )
        settings = _choice_settings(incoming.athlete, choice, now)
        video = incoming.place.folder / f"{incoming.token}{kind}"
        incoming.part_path.rename(video)
    except BaseException:
        incoming.discard()
        raise
    try:
        try:
            probe(video)
        except InputError as error:
            raise FieldError("video", told_as(str(error), video.name, shown)) from None
        with transaction(store) as session:
            analysis = add_upload(
                session,
                incoming.athlete.id,
                shown,
                video_path=str(video),
                output_dir=str(incoming.place.folder / f"{incoming.token}.analysis"),
                settings=settings,
                uploaded_by=incoming.actor.user_id,
                now=now,
            )
    except BaseException:
        video.unlink(missing_ok=True)
        raise
    try:
        queue.submit(analysis.id)
    except Exception:  # stored and pending: a worker's sweep queues it again later
        log.exception("video analysis %s is stored but could not be queued", analysis.id)
    return analysis


def upload_video(
    store: Store,
    actor: Actor,
    athlete_id: int,
    place: UploadPlace,
    chunks: Iterable[bytes],
    filename: str,
    choice: VideoChoice,
    queue: AnalysisQueue,
    now: datetime,
) -> VideoAnalysis:
    """Receive, check and queue a whole upload given as chunks of bytes."""
    with transaction(store) as session:
        incoming = receive_video(session, actor, athlete_id, place)
    try:
        for chunk in chunks:
            incoming.write(chunk)
    except BaseException:
        incoming.discard()
        raise
    return accept_video(store, incoming, filename, choice, queue, now)


# --- reading -----------------------------------------------------------------------------------


def analysis_for(session: Session, actor: Actor, analysis_id: int) -> VideoAnalysis:
    """The analysis, if the actor may see its athlete; AccessDenied otherwise (even when it
    does not exist, so ids tell nothing)."""
    try:
        analysis = get_video_analysis(session, analysis_id)
        athlete_for(session, actor, analysis.athlete_id)
    except (InputError, AccessDenied):
        raise AccessDenied("you do not have access to this video") from None
    return analysis


def analyses_of(
    session: Session, actor: Actor, athlete_id: int, limit: int = 30
) -> tuple[Athlete, tuple[VideoAnalysis, ...]]:
    """The athlete and their latest analyses, newest first."""
    athlete = athlete_for(session, actor, athlete_id)
    return athlete, latest_video_analyses(session, athlete.id, limit)


def output_file(session: Session, actor: Actor, analysis_id: int, name: str) -> Path:
    """One of a finished analysis' four output files (``OUTPUT_FILES``), if the actor may."""
    analysis = analysis_for(session, actor, analysis_id)
    if name not in OUTPUT_FILES:
        raise InputError(f"an analysis has no file named {name!r}")
    if analysis.status != "done" or analysis.output_dir is None:
        raise InputError("this video has not been analysed yet")
    path = Path(analysis.output_dir) / name
    if not path.is_file():
        raise InputError(f"this analysis has no {name}")
    return path


# --- logging the set ---------------------------------------------------------------------------


def log_analysed_set(
    session: Session, actor: Actor, analysis_id: int, now: datetime, pain: int | None = None
) -> LoggedSets:
    """Record the set of a finished analysis in its athlete's log, linked to the analysis (one
    set per analysis). The reps, mean hold, faults and full extension come from the report;
    the exercise and load from what was said at upload, ``pain`` (0-10) from the lifter."""
    from hipthrust.service.set_entry import resolve_exercise
    from hipthrust.service.training import LoggedSets, set_advice
    from hipthrust.service.video_set import video_set

    analysis = analysis_for(session, actor, analysis_id)
    athlete = athlete_for(session, actor, analysis.athlete_id)
    report = analysis.report
    if analysis.status != "done" or report is None:
        raise InputError("this video has not been analysed yet: log the set when it is done")
    if set_of_video_analysis(session, analysis.id) is not None:
        raise InputError(VIDEO_SET_LOGGED)
    chosen = analysis.settings or {}
    load_kg = chosen.get("load_kg")
    exercise = resolve_exercise(str(chosen.get("exercise") or "-"))
    record = video_set(
        report,
        exercise,
        None if load_kg is None else float(load_kg),
        now,
        analysis.source_filename,
        pain,
    )
    set_id = log_set(session, athlete.id, record, source="video", video_analysis_id=analysis.id)
    return LoggedSets(athlete, athlete.units, exercise, (set_id,), (record,), set_advice(record))
