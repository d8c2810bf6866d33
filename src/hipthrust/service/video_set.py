"""The set a video shows: one conversion from an analysis report to the set to log.

Both the web ("Log this set" on an analysed upload) and ``hipthrust analyze --log`` call
``video_set``: the reps, the mean hold at the top, the tempo (the medians of each rep's
measured lift, hold and lowering, docs/tempo.md), the faults and full extension come from
the report (its JSON form, as stored), the exercise and the load from what the lifter said.
The set goes through ``SetRecord.checked`` like any set a person logs; no text in between.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hipthrust.coaching.catalogue import Stance, Variation
from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.tempo import tempo_from_reps
from hipthrust.errors import InputError

__all__ = ["video_set"]


def video_set(
    report: Mapping[str, Any],
    variation: Variation,
    load_kg: float | None,
    performed_at: datetime,
    video_name: str,
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
    faults = sorted(
        {str(fault["id"]) for rep in reps for fault in rep.get("faults", []) if "id" in fault}
    )
    return SetRecord(
        performed_at=performed_at,
        variation=variation.id,
        reps=len(reps),
        load_kg=load_kg,
        hold_s=round(sum(holds) / len(holds), 1) if holds else None,
        faults=tuple(faults),
        full_extension="incomplete_extension" not in faults,
        notes=f"from video {video_name}",
        tempo=tempo,
    ).checked()


def _seconds(value: Any) -> float | None:
    """A measured phase time of the report (None, NaN or not a number: not measured)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
        return float(value)
    return None
