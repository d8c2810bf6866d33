"""The video side of ``hipthrust analyze``: progress bar, outputs, the per-rep table, ``--log``.

Not a command module of its own: ``hipthrust.cli.analyze`` calls ``run_video`` for video
files. The progress bar goes to standard error and only when it is a terminal, so ``--json``
output and error lines stay clean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from hipthrust.cli.output import console, print_json
from hipthrust.coaching.units import Units
from hipthrust.errors import InputError
from hipthrust.motion.analysis import AnalysisOptions
from hipthrust.video.decode import DEFAULT_MAX_SECONDS
from hipthrust.video.pipeline import (
    VideoResult,
    VideoSettings,
    analyze_video,
)

if TYPE_CHECKING:
    from hipthrust.service.training import LoggedSets

__all__ = ["default_out_dir", "progress_bar", "run_video"]

_STAGES = {"pose": "Finding the body", "video": "Drawing the video"}


def default_out_dir(video: Path) -> Path:
    """Where the outputs go without ``--out``: a folder beside the video."""
    return video.with_name(f"{video.stem}.analysis")


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None] | None]:
    """A stage-by-stage progress bar on a terminal's standard error; None elsewhere."""
    err = Console(stderr=True)
    if not err.is_terminal:
        yield None
        return
    # No refresh thread: the video pipeline forks its pose process only while this process
    # runs a single thread; the bar is redrawn from the progress callback instead.
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} frames"),
        TimeRemainingColumn(),
        console=err,
        auto_refresh=False,
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=total)
        bar.update(tasks[stage], completed=done, total=total)
        bar.refresh()

    with bar:
        yield update


def _show_outputs(result: VideoResult) -> None:
    outputs = result.outputs
    info = result.info
    console.print(
        f"{info.path.name}: {info.width}x{info.height}, {info.fps:.1f} fps, "
        f"{info.duration_s:.1f} s; analysed {result.pose.n_frames} frames "
        f"in {sum(result.seconds.values()):.1f} s"
    )
    if outputs.annotated is not None:
        console.print(f"Annotated video: {outputs.annotated}")
    console.print(f"Hip angle chart: {outputs.chart}")
    console.print(f"Signals: {outputs.signals}")


def _outputs_json(result: VideoResult) -> dict[str, Any]:
    outputs = result.outputs
    info = result.info
    return {
        "report": str(outputs.report),
        "signals": str(outputs.signals),
        "chart": str(outputs.chart),
        "annotated": None if outputs.annotated is None else str(outputs.annotated),
        "video": {
            "width": info.width,
            "height": info.height,
            "rotation_deg": info.rotation_deg,
            "fps": round(info.fps, 3),
            "duration_s": round(info.duration_s, 3),
            "analysed_frames": result.pose.n_frames,
            "analysed_fps": round(result.pose.fps, 3),
        },
        "people": result.people.to_json(),
        "seconds": {k: round(v, 2) for k, v in result.seconds.items()},
    }


def setup_of(elevation: str) -> Literal["bench", "floor"] | None:
    """The analysis's setup from a catalogue variation's elevation: shoulders on a bench (a hip
    thrust) or on the floor (a bridge); feet-only elevation leaves it to the pose."""
    if elevation in ("shoulders", "both"):
        return "bench"
    if elevation == "none":
        return "floor"
    return None


def run_video(
    path: Path,
    options: AnalysisOptions,
    *,
    out: Path | None,
    units: Units,
    as_json: bool,
    max_seconds: float | None,
    annotate: bool,
    analysis_fps: float | None,
    log: bool,
    exercise: str | None,
    load: str | None,
    athlete: str | None,
    database: str | None,
    show_report: Callable[[dict[str, Any], Units, Path], None],
    plate_diameter_m: float | None = None,
    landmarks_out: Path | None = None,
    pain: int | None = None,
) -> None:
    """Analyse a video into ``out`` and show (or log) the set (with ``pain`` during it);
    ``landmarks_out``: save the pose model's landmarks there (a landmark file,
    docs/motion-report.md)."""
    if max_seconds is not None and max_seconds <= 0:
        raise InputError(f"--max-seconds must be positive, not {max_seconds:g}")
    limit = DEFAULT_MAX_SECONDS if max_seconds is None else max_seconds
    if log and exercise is None:
        raise InputError("--log needs --exercise, e.g. --exercise glute_bridge")
    if pain is not None and not log:
        raise InputError("--pain goes with --log: it is the pain during the set you log")
    if pain is not None and not 0 <= pain <= 10:
        raise InputError(f"pain must be between 0 and 10, not {pain}")
    if exercise is not None or log:
        # Refused before minutes of work: an unknown exercise, a missing athlete or database.
        # Imported here: the pose process is forked later, from a process kept lean.
        from hipthrust.service.scope import athlete_scope
        from hipthrust.service.set_entry import resolve_exercise

        if exercise is not None:
            options = replace(options, setup=setup_of(resolve_exercise(exercise).elevation))
        if log:
            with athlete_scope(athlete, database):
                pass
    settings = replace(VideoSettings(), max_seconds=limit, annotate=annotate)
    if plate_diameter_m is not None and settings.barbell is not None:
        from hipthrust.video.repair_set import with_plate_diameter

        barbell = with_plate_diameter(settings.barbell, plate_diameter_m)
        settings = replace(settings, barbell=barbell)
    if analysis_fps is not None:
        if not 1 <= analysis_fps <= 240:
            raise InputError(f"--analysis-fps must be between 1 and 240, not {analysis_fps:g}")
        settings = replace(settings, track=replace(settings.track, analysis_fps=analysis_fps))
    with progress_bar() as progress:
        result = analyze_video(
            path, out or default_out_dir(path), options, settings, progress=progress
        )
    if landmarks_out is not None:
        from hipthrust.formats.landmark_file import write_landmark_file

        try:
            write_landmark_file(result.pose, landmarks_out)
        except OSError as error:
            raise InputError(f"{landmarks_out}: cannot write ({error.strerror})") from None
    logged: LoggedSets | None = None
    if log and exercise is not None:
        from hipthrust.service.accounts import LOCAL_OWNER
        from hipthrust.service.video_set import log_video_set

        now = datetime.now(UTC)
        with athlete_scope(athlete, database) as scope:
            logged = log_video_set(
                scope.session,
                LOCAL_OWNER,
                scope.athlete.id,
                result,
                exercise,
                now,
                load=load,
                units=units,
                pain=pain,
            )
    data = result.report.to_json()
    if as_json:
        print_json(
            {
                "report": data,
                "outputs": _outputs_json(result),
                "logged": None if logged is None else logged.to_json(),
            }
        )
        return
    show_report(data, units, result.outputs.report)
    _show_outputs(result)
    if landmarks_out is not None:
        console.print(f"Landmarks: {landmarks_out}", markup=False)
    if logged is not None:
        console.print(logged.line)
        for advice in logged.advice:
            console.print(f"! {advice}")
