"""The set a video shows: one conversion from an analysis report to the set to log.

Both the web ("Log this set" on an analysed upload) and ``hipthrust analyze --log`` call
``video_set``: the reps, the mean hold at the top, the faults and full extension come from
the report (its JSON form, as stored), the exercise, the load and the pain during the set
(0-10) from what the lifter said. A set logged without pain never passes a gate (a gate needs
the pain reported), so every door asks for it.
The set goes through ``SetRecord.checked`` like any set a person logs; no text in between.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hipthrust.coaching.catalogue import Stance, Variation
from hipthrust.coaching.records import SetRecord
from hipthrust.errors import InputError

__all__ = ["video_set"]


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
        pain=pain,
        full_extension="incomplete_extension" not in faults,
        notes=f"from video {video_name}",
    ).checked()
