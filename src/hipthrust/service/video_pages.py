"""What the videos pages and their API show: an analysis as a person reads it.

``video_report`` turns a stored analysis into its status, progress and stage in words, and,
once done, the per-rep timeline (each rep placed on the set's time line, its lifting, hold and
lowering as parts of one bar), the cues of its faults, and the files on offer. Authorization
first, as everywhere: ``analysis_for``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from hipthrust.coaching.catalogue import find_variation
from hipthrust.coaching.units import Units, format_mass
from hipthrust.motion.faults import FAULTS
from hipthrust.service.accounts import Actor, athlete_for
from hipthrust.service.uploads import OUTPUT_FILES, analysis_for
from hipthrust.store import Athlete
from hipthrust.store.videos import VideoAnalysis, set_of_video_analysis

__all__ = [
    "STAGE_WORDS",
    "Cue",
    "RepBar",
    "VideoReport",
    "describe_analysis",
    "video_report",
]

STAGE_WORDS = {
    None: "Waiting for a worker",
    "starting": "Starting",
    "pose": "Finding the body",
    "analysis": "Measuring the reps",
    "video": "Drawing the annotated video",
    "saving": "Saving the report",
}


@dataclass(frozen=True)
class RepBar:
    """One rep on the set's time line; positions and widths in percent of the set."""

    index: int
    start_s: float
    end_s: float
    concentric_s: float | None
    hold_s: float | None
    eccentric_s: float | None
    peak_hip_angle_deg: float | None
    left_pct: float
    concentric_pct: float
    hold_pct: float
    eccentric_pct: float
    faults: tuple[tuple[str, str], ...]  # (fault name, cue)


@dataclass(frozen=True)
class Cue:
    fault: str
    cue: str
    reps: tuple[int, ...]


@dataclass(frozen=True)
class VideoReport:
    analysis: VideoAnalysis
    athlete: Athlete
    exercise: str  # the variation's name
    load: str | None  # in the athlete's units
    reps: tuple[RepBar, ...]
    cues: tuple[Cue, ...]
    warnings: tuple[str, ...]
    logged_set_id: int | None

    @property
    def stage_words(self) -> str:
        return STAGE_WORDS.get(self.analysis.stage, self.analysis.stage or "")

    @property
    def percent(self) -> int:
        return round(100 * (self.analysis.progress or 0.0))

    @property
    def files(self) -> dict[str, str]:
        if self.analysis.status != "done":
            return {}
        return {name: f"/videos/{self.analysis.id}/files/{name}" for name in OUTPUT_FILES}


def _seconds(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _bars(report: dict[str, Any]) -> tuple[RepBar, ...]:
    reps = [r for r in report.get("reps", []) if isinstance(r, dict)]
    duration = _seconds(report.get("duration_s")) or 0.0
    ends = [_seconds(r.get("end_s")) or 0.0 for r in reps]
    span = max([duration, *ends, 1e-6])
    bars: list[RepBar] = []
    for rep in reps:
        start = _seconds(rep.get("start_s")) or 0.0
        end = _seconds(rep.get("end_s")) or start
        up, hold, down = (_seconds(rep.get(k)) for k in ("concentric_s", "hold_s", "eccentric_s"))
        faults = tuple(
            (FAULTS[f["id"]].name if f.get("id") in FAULTS else str(f.get("id")), str(f["cue"]))
            for f in rep.get("faults", [])
            if isinstance(f, dict) and "cue" in f
        )
        bars.append(
            RepBar(
                index=int(rep.get("index", len(bars) + 1)),
                start_s=start,
                end_s=end,
                concentric_s=up,
                hold_s=hold,
                eccentric_s=down,
                peak_hip_angle_deg=_seconds(rep.get("peak_hip_angle_deg")),
                left_pct=round(100 * start / span, 2),
                concentric_pct=round(100 * (up or 0.0) / span, 2),
                hold_pct=round(100 * (hold or 0.0) / span, 2),
                eccentric_pct=round(100 * (down or 0.0) / span, 2),
                faults=faults,
            )
        )
    return tuple(bars)


def _cues(bars: tuple[RepBar, ...]) -> tuple[Cue, ...]:
    found: dict[tuple[str, str], list[int]] = {}
    for bar in bars:
        for fault, cue in bar.faults:
            found.setdefault((fault, cue), []).append(bar.index)
    return tuple(Cue(fault, cue, tuple(reps)) for (fault, cue), reps in found.items())


def describe_analysis(analysis: VideoAnalysis, athlete: Athlete) -> tuple[str, str | None]:
    """The exercise's name and the load (in the athlete's units) said at upload."""
    chosen = analysis.settings or {}
    variation = find_variation(str(chosen.get("exercise") or ""))
    exercise = variation.name if variation is not None else "Set"
    load_kg = chosen.get("load_kg")
    units: Units = athlete.units
    load = format_mass(float(load_kg), units) if isinstance(load_kg, int | float) else None
    return exercise, load


def video_report(session: Session, actor: Actor, analysis_id: int) -> VideoReport:
    """The analysis as its page shows it (AccessDenied unless the actor may see it)."""
    analysis = analysis_for(session, actor, analysis_id)
    athlete = athlete_for(session, actor, analysis.athlete_id)
    exercise, load = describe_analysis(analysis, athlete)
    report = analysis.report if analysis.status == "done" else None
    bars = _bars(report) if report else ()
    warnings = tuple(
        str(w["message"])
        for w in (report or {}).get("warnings", [])
        if isinstance(w, dict) and "message" in w
    )
    return VideoReport(
        analysis=analysis,
        athlete=athlete,
        exercise=exercise,
        load=load,
        reps=bars,
        cues=_cues(bars),
        warnings=warnings,
        logged_set_id=set_of_video_analysis(session, analysis.id),
    )
