"""Sets the export and restore tests both log: every field a typed set can carry, and a set
read from a video (measured tempo, faults counted per rep)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.tempo import Tempo

PARIS_SUMMER = timezone(timedelta(hours=2))

TYPED_IN_FULL = SetRecord(
    performed_at=datetime(2025, 6, 2, 18, 0, tzinfo=PARIS_SUMMER),
    variation="barbell_hip_thrust",
    reps=8,
    load_kg=102.5,
    hold_s=1.5,
    rpe=8.5,
    pain=2,
    felt_in=("glutes", "hamstrings"),
    faults=("lumbar_hyperextension",),
    full_extension=True,
    notes='Bar pad, "thick"\nsecond line',
)
# Measured tempo (unrounded medians) and faults counted per rep.
FROM_VIDEO = SetRecord(
    performed_at=datetime(2025, 6, 4, 18, 0, tzinfo=PARIS_SUMMER),
    variation="barbell_hip_thrust",
    reps=10,
    load_kg=80.0,
    faults=("lumbar_hyperextension", "rushing"),
    tempo=Tempo(0.83, 1.27, 1.55),
    fault_reps=(("lumbar_hyperextension", 3), ("rushing", 7)),
)
