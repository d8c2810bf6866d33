"""Analyse a filmed set: a video in, a coached set out (report, annotated video, chart).

decode -> pose (on every core, ``hipthrust.video.track``) -> ``PoseSequence`` ->
``analyze_pose`` -> refuse what is not a side view of one person doing a bridge or hip thrust
-> outputs in one folder:

- ``report.json``: the set report, the same schema as for landmark files
  (docs/motion-report.md);
- ``signals.csv``: the per-frame signals;
- ``hip_angle.png``: the hip angle over time, reps shaded, tops and faults marked;
- ``annotated.mp4``: H.264 a browser plays, with the skeleton, live angles, rep counter, phase
  and faults drawn in; a second decoding pass, so only landmarks are kept between passes and
  memory does not grow with the clip's length.

Logging the analysed set is a use case: ``hipthrust.service.video_set.log_video_set``.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from hipthrust.errors import InputError
from hipthrust.motion.analysis import AnalysisOptions, analyze_pose
from hipthrust.motion.faults import FAULTS
from hipthrust.motion.pose import PoseSequence
from hipthrust.motion.report import SetReport
from hipthrust.video.decode import DEFAULT_MAX_SECONDS, VideoInfo, fit_size, probe
from hipthrust.video.encode import EncodeSettings
from hipthrust.video.overlay import Annotator, default_annotators
from hipthrust.video.people import DEFAULT_PEOPLE_RULES, PeopleVerdict, people_verdict
from hipthrust.video.pose_model import BlazePose
from hipthrust.video.render import Canvas, render_annotated
from hipthrust.video.repair_set import BarbellSettings, repair_clip
from hipthrust.video.track import EstimatorFactory, TrackSettings, track_video

if TYPE_CHECKING:  # imported where used: a pose process forked from here stays lean
    from matplotlib.figure import Figure

__all__ = [
    "OUTPUT_NAMES",
    "REFUSED_WARNINGS",
    "StageProgress",
    "VideoOutputs",
    "VideoResult",
    "VideoSettings",
    "analyze_video",
    "hip_angle_figure",
    "still_image_blazepose",
    "video_pose",
]

# Report warnings that mean the clip cannot be coached: refused instead of reported.
REFUSED_WARNINGS: tuple[str, ...] = ("not_side_view", "standing", "prone")
OUTPUT_NAMES = {
    "report": "report.json",
    "signals": "signals.csv",
    "chart": "hip_angle.png",
    "annotated": "annotated.mp4",
}
StageProgress = Callable[[str, int, int], None]  # (stage "pose" or "video", done, total)

still_image_blazepose: EstimatorFactory = functools.partial(BlazePose, static_image_mode=True)


@dataclass(frozen=True)
class VideoSettings:
    """How to process a video; every number is [design] unless marked."""

    max_seconds: float | None = DEFAULT_MAX_SECONDS
    track: TrackSettings = field(default_factory=TrackSettings)
    annotate: bool = True
    # The annotated video is for a browser: 720p is plenty, and 1080p would cost 2.25 times
    # the encoding for nothing the report needs.
    output_max_short_side: int | None = 720
    encode: EncodeSettings = field(default_factory=EncodeSettings)
    # A person must be found in this fraction of the frames, else "no person" is the answer.
    min_person_fraction: float = 0.2
    # A barbell plate over the hips is looked for, and the hips and knees it hides are put
    # back (docs/barbell.md); None: no look.
    barbell: BarbellSettings | None = field(default_factory=BarbellSettings)


@dataclass(frozen=True)
class VideoOutputs:
    folder: Path
    report: Path
    signals: Path
    chart: Path
    annotated: Path | None


@dataclass(frozen=True, eq=False)
class VideoResult:
    info: VideoInfo
    pose: PoseSequence
    report: SetReport
    people: PeopleVerdict
    outputs: VideoOutputs
    seconds: dict[str, float]  # wall time per stage


def _refuse_people(info: VideoInfo, pose: PoseSequence, settings: VideoSettings) -> None:
    seen = (pose.confidence > 0).any(axis=1)
    if not bool(seen.any()):
        raise InputError(
            f"{info.path.name}: no person was found in the video: film the lifter from the "
            "side, whole body in view"
        )
    if float(seen.mean()) < settings.min_person_fraction:
        raise InputError(
            f"{info.path.name}: no person was found in {1 - seen.mean():.0%} of the video: "
            "keep the lifter's whole body in view for the whole set"
        )


def _refuse_report(info: VideoInfo, report: SetReport) -> None:
    for warning in report.warnings:
        if warning.id in REFUSED_WARNINGS:
            raise InputError(f"{info.path.name}: {warning.message}")


def hip_angle_figure(report: SetReport, title: str = "") -> Figure:
    """The hip angle over time: reps shaded and numbered, tops marked, faults in red."""
    from matplotlib.figure import Figure

    signals = report.signals
    figure = Figure(figsize=(10, 4), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    axes.plot(signals.t_s, signals.hip_angle_deg, color="#1565c0", linewidth=1.5, label="hip")
    for rep in report.reps:
        axes.axvspan(rep.start_s, rep.end_s, color="#90caf9", alpha=0.3, linewidth=0)
        faulty = bool(rep.faults)
        axes.plot(
            [rep.peak_s],
            [rep.peak_hip_angle_deg],
            marker="X" if faulty else "o",
            color="#c62828" if faulty else "#2e7d32",
            markersize=9 if faulty else 6,
        )
        label = str(rep.index)
        if faulty:
            label += "\n" + "\n".join(FAULTS[f.id].name.lower() for f in rep.faults)
        axes.annotate(
            label,
            (rep.peak_s, rep.peak_hip_angle_deg),
            textcoords="offset points",
            xytext=(0, 8),
            ha="center",
            va="bottom",
            fontsize=7,
            color="#c62828" if faulty else "#212121",
        )
    finite = signals.hip_angle_deg[np.isfinite(signals.hip_angle_deg)]
    if finite.size:
        axes.set_ylim(float(finite.min()) - 10, float(finite.max()) + 30)
    axes.set_xlabel("time (s)")
    axes.set_ylabel("hip angle (°)")
    axes.set_title(title or f"{report.rep_count} reps, {report.side} side")
    axes.grid(True, alpha=0.3)
    return figure


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot be written ({error.strerror})") from None


def _warm_up() -> None:
    """Import what the analysis and the chart will need (SciPy's signal package, matplotlib's
    figure and Agg canvas: about 0.9 s of CPU here) while this process would otherwise wait
    for the fork server to start, on the other core. The fork server no longer imports
    matplotlib (``hipthrust.video.pose_solution`` leaves mediapipe's drawing utilities out),
    so the chart is drawn here, while the annotated video's pieces are drawn elsewhere."""
    import scipy.signal  # noqa: F401

    import hipthrust.formats.charts  # noqa: F401


def _write_chart(report: SetReport, title: str, path: Path) -> None:
    """The hip-angle chart as PNG."""
    from hipthrust.formats.charts import write_png

    write_png(hip_angle_figure(report, title), path)


def _tracked(
    path: Path,
    settings: VideoSettings,
    make_estimator: EstimatorFactory,
    make_second_look: EstimatorFactory | None,
    progress: StageProgress | None,
    meanwhile: Callable[[], None] | None = None,
) -> tuple[VideoInfo, PoseSequence, PeopleVerdict, bool | None]:
    """The clip's landmarks, its people verdict, and whether the pose processes saw a plate
    over the hips (None: not looked)."""
    info = probe(path, settings.max_seconds)
    track, selection = track_video(
        info,
        make_estimator,
        settings.track,
        make_second_look,
        (lambda done, total: progress("pose", done, total)) if progress else None,
        plates=settings.barbell.plates if settings.barbell is not None else None,
        meanwhile=meanwhile,
    )
    pose = track.to_pose(info, info.fps / selection.step)
    _refuse_people(info, pose, settings)
    people = people_verdict(track.people, settings.track.people or DEFAULT_PEOPLE_RULES)
    if people.several:
        raise InputError(
            f"{path.name}: more than one person is in view ({people.others_found} of "
            f"{people.checks} looks found someone else): film the lifter alone"
        )
    return info, pose, people, track.plate_seen


def video_pose(
    path: Path,
    settings: VideoSettings | None = None,
    make_estimator: EstimatorFactory = BlazePose,
    make_second_look: EstimatorFactory | None = still_image_blazepose,
    progress: StageProgress | None = None,
) -> PoseSequence:
    """The landmarks of the one person in the video at ``path`` (no analysis, no outputs)."""
    return _tracked(path, settings or VideoSettings(), make_estimator, make_second_look, progress)[
        1
    ]


def analyze_video(
    path: Path,
    out_dir: Path,
    options: AnalysisOptions | None = None,
    settings: VideoSettings | None = None,
    make_estimator: EstimatorFactory = BlazePose,
    make_second_look: EstimatorFactory | None = still_image_blazepose,
    progress: StageProgress | None = None,
    annotators: Sequence[Annotator] | None = None,
    title: str | None = None,
) -> VideoResult:
    """Analyse the set filmed in ``path``; write the outputs into ``out_dir``; ``title`` heads
    the chart (default: the file's name; an upload passes the name the person gave it).

    Raises InputError with one sentence for everything a person can cause: not a video, a
    damaged one, too long, nobody or several people in it, not a side view, not a bridge or
    hip thrust.
    """
    options = options or AnalysisOptions()
    settings = settings or VideoSettings()
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    info, pose, people, plate_seen = _tracked(
        path, settings, make_estimator, make_second_look, progress, _warm_up
    )
    seconds["pose"] = time.perf_counter() - clock
    clock = time.perf_counter()
    barbell = (
        repair_clip(info, pose, settings.barbell, plate_seen)
        if settings.barbell is not None
        else None
    )
    if barbell is not None:  # the plate hides the hips: repaired landmarks, the plate's scale
        pose, options = barbell.pose, barbell.analysis_options(options)
    report = analyze_pose(pose, options)
    report = barbell.noted(report) if barbell is not None else report
    _refuse_report(info, report)
    seconds["analysis"] = time.perf_counter() - clock

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{out_dir}: cannot create the folder ({error.strerror})") from None
    outputs = VideoOutputs(
        out_dir,
        out_dir / OUTPUT_NAMES["report"],
        out_dir / OUTPUT_NAMES["signals"],
        out_dir / OUTPUT_NAMES["chart"],
        out_dir / OUTPUT_NAMES["annotated"] if settings.annotate else None,
    )
    _write_text(outputs.report, json.dumps(report.to_json(), indent=2) + "\n")
    _write_text(outputs.signals, report.signals.to_csv())

    chart = functools.partial(_write_chart, report, title or path.name, outputs.chart)
    if outputs.annotated is None:
        chart()
        return VideoResult(info, pose, report, people, outputs, seconds)
    clock = time.perf_counter()
    canvas = Canvas(
        fit_size(info.width, info.height, settings.output_max_short_side),
        settings.encode,
        settings.track.processes,
    )
    render_annotated(
        info,
        pose,
        report,
        outputs.annotated,
        canvas,
        default_annotators() if annotators is None else annotators,
        (lambda done, total: progress("video", done, total)) if progress else None,
        meanwhile=chart,  # drawn here while the pieces of the video are drawn elsewhere
        estimated=barbell.estimated if barbell is not None else None,
    )
    seconds["video"] = time.perf_counter() - clock
    return VideoResult(info, pose, report, people, outputs, seconds)
