"""The set a video shows: one conversion from an analysis report to the set to log.

Both the web ("Log this set" on an analysed upload, ``service.uploads``) and ``hipthrust
analyze --log`` (``log_video_set`` here) call ``video_set``: the reps, the mean hold at the
top, the tempo (the medians of each rep's measured lift, hold and lowering, docs/tempo.md),
the faults (with how many reps showed each) and full extension come from the report (its
JSON form, as stored), the exercise, the load and the pain during the set (0-10) from what
the lifter said. A set logged without
pain never passes a gate (a gate needs the pain reported), so every door asks for it.
The set goes through ``SetRecord.checked`` like any set a person logs; no text in between.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from hipthrust.coaching.catalogue import Stance, Variation
from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.tempo import tempo_from_reps
from hipthrust.errors import InputError
from hipthrust.service.accounts import Actor, athlete_for

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from hipthrust.coaching.units import Units
    from hipthrust.service.training import LoggedSets
    from hipthrust.video.pipeline import VideoResult

__all__ = ["log_video_set", "video_set"]


def video_set(
    report: Mapping[str, Any],
    variation: Variation,
    load_kg: float | None,
    performed_at: datetime,
    video_name: str,
    pain: int | None = None,
) -> SetRecord:
    """The set of an analysed video, or InputError in one sentence."""
    if variation.stance is not Stance.TWO_LEG:
        raise InputError(
            f"{variation.name} is logged per side and the video analysis counts one side: "
            "log it by hand instead"
        )
    reps = [rep for rep in report.get("reps", []) if isinstance(rep, Mapping)]
    if not reps:
        raise InputError("the video shows no counted rep: there is no set to log")
    holds = [
        float(rep["hold_s"])
        for rep in reps
        if isinstance(rep.get("hold_s"), int | float) and rep["hold_s"] == rep["hold_s"]
    ]
    tempo = tempo_from_reps(
        [_seconds(rep.get("concentric_s")) for rep in reps],
        [_seconds(rep.get("hold_s")) for rep in reps],
        [_seconds(rep.get("eccentric_s")) for rep in reps],
    )
    per_rep = [
        {str(fault["id"]) for fault in rep.get("faults", []) if "id" in fault} for rep in reps
    ]
    faults = sorted(set().union(*per_rep))
    # How many reps showed each fault: the decision reads "most reps" from it (issue 16).
    counts = tuple((fault, sum(fault in rep for rep in per_rep)) for fault in faults)
    return SetRecord(
        performed_at=performed_at,
        variation=variation.id,
        reps=len(reps),
        load_kg=load_kg,
        hold_s=round(sum(holds) / len(holds), 1) if holds else None,
        faults=tuple(faults),
        pain=pain,
        full_extension="incomplete_extension" not in faults,
        notes=f"from video {video_name}",
        tempo=tempo,
        fault_reps=counts,
    ).checked()


def log_video_set(
    session: Session,
    actor: Actor,
    athlete_id: int,
    result: VideoResult,
    exercise: str,
    now: datetime,
    load: str | None = None,
    units: Units = "kg",
    pain: int | None = None,
) -> LoggedSets:
    """Record the analysed set in ``athlete``'s log, linked to a stored video analysis.

    The reps, the mean hold at the top, the faults and full extension (no rep stopped
    short) come from the report; the exercise and the load from the lifter.
    """
    from hipthrust.service.set_entry import load_in, resolve_exercise
    from hipthrust.service.training import LoggedSets, set_advice
    from hipthrust.store import add_video_analysis, log_set, set_video_analysis

    athlete = athlete_for(session, actor, athlete_id)
    chosen = resolve_exercise(exercise)
    report = result.report.to_json()
    load_kg = None if load is None else load_in(load, units)
    record = video_set(report, chosen, load_kg, now, result.info.path.name, pain)
    analysis = add_video_analysis(session, athlete.id, result.info.path.name)
    set_video_analysis(session, analysis.id, "done", report=report)
    set_id = log_set(session, athlete.id, record, source="video", video_analysis_id=analysis.id)
    return LoggedSets(athlete, units, chosen, (set_id,), (record,), set_advice(record))


def _seconds(value: Any) -> float | None:
    """A measured phase time of the report (None, NaN or not a number: not measured)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
        return float(value)
    return None
