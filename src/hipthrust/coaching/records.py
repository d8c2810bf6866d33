"""What was done: the shapes of the training history the coaching decisions read.

The store (a later layer) persists these; the pure functions only ever receive them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from hipthrust.coaching.catalogue import variation_ids, variation_or_none
from hipthrust.coaching.tempo import Tempo
from hipthrust.errors import InputError

__all__ = ["FELT_IN", "MAX_REPS", "MAX_REPS_OTHER_LIFT", "Checkin", "SetRecord"]

# [design] Reps a hip thrust family set may count (a bridge or thrust set of more is a typo);
# another lift, kept from an imported history (a hip adductor machine set of 1000, a skipping
# set), is believed up to the import's wide limit.
MAX_REPS = 200
MAX_REPS_OTHER_LIFT = 1000
_FAMILY = frozenset(variation_ids())

# Where a set was felt (domain.md §2): a form signal, not only a comfort note.
FELT_IN = ("glutes", "hamstrings", "quads", "lower_back", "knees", "hip_front", "abdomen")


@dataclass(frozen=True)
class SetRecord:
    """One set as it happened.

    ``reps`` is the count for a two-leg set, or the left side of a single-leg set with
    ``reps_right`` the right side. ``faults`` are motion fault ids (from a video or a
    coach's eye), e.g. ``"lumbar_hyperextension"``. ``fault_reps`` says, for a set read from
    a video, how many of its reps showed each fault (``(("rushing", 7),)``: 7 reps rushed);
    None when only the set's faults are known (typed, imported, or logged before per-rep
    counts were kept). ``tempo`` is the rep's lift, top hold and lowering in seconds
    (``coaching.tempo``), typed or the medians a video measured.
    """

    performed_at: datetime
    variation: str
    reps: int
    load_kg: float | None = None
    reps_right: int | None = None
    hold_s: float | None = None
    rpe: float | None = None
    rir: int | None = None
    pain: int | None = None
    felt_in: tuple[str, ...] = ()
    faults: tuple[str, ...] = ()
    full_extension: bool | None = None
    warmup: bool = False
    notes: str = ""
    tempo: Tempo | None = None  # lift-hold-lowering seconds, typed or measured on a video
    fault_reps: tuple[tuple[str, int], ...] | None = None  # reps showing each fault (a video)

    def __post_init__(self) -> None:
        most = MAX_REPS if self.variation in _FAMILY else MAX_REPS_OTHER_LIFT
        if not 0 <= self.reps <= most:
            raise InputError(f"reps must be between 0 and {most}, not {self.reps}")
        if self.reps_right is not None and not 0 <= self.reps_right <= most:
            raise InputError(f"right-side reps must be between 0 and {most}, not {self.reps_right}")
        if self.load_kg is not None and not 0 <= self.load_kg <= 1000:
            raise InputError(f"load must be between 0 and 1000 kg, not {self.load_kg}")
        if self.hold_s is not None and not 0 <= self.hold_s <= 600:
            raise InputError(f"hold must be between 0 and 600 s, not {self.hold_s}")
        if self.rpe is not None and not 1 <= self.rpe <= 10:
            raise InputError(f"RPE must be between 1 and 10, not {self.rpe}")
        if self.rir is not None and not 0 <= self.rir <= 10:
            raise InputError(f"RIR must be between 0 and 10, not {self.rir}")
        if self.pain is not None and not 0 <= self.pain <= 10:
            raise InputError(f"pain must be between 0 and 10, not {self.pain}")
        unknown = [place for place in self.felt_in if place not in FELT_IN]
        if unknown:
            raise InputError(f"unknown place {unknown[0]!r}: use one of {', '.join(FELT_IN)}")
        for fault, count in self.fault_reps or ():
            if fault not in self.faults or not 0 <= count <= most:
                raise InputError(
                    f"a per-rep fault count must be of one of the set's faults and 0 to {most} "
                    f"reps, not {fault!r}: {count}"
                )

    def fault_share(self, fault: str) -> float | None:
        """The share of this set's reps that showed ``fault`` (None: not counted per rep)."""
        if self.fault_reps is None:
            return None
        reps = max(self.reps, self.reps_right or 0)
        count = dict(self.fault_reps).get(fault, 0)
        return 0.0 if reps == 0 else min(count, reps) / reps

    def checked(self) -> SetRecord:
        """This set, refused (InputError) when its catalogue variation could not have been
        done this way: reps for each side of single-leg work, one count for two legs, a load
        for loaded work and none for bodyweight or band work. Every set a person logs (typed,
        from a form, from a video) goes through it; imports keep what the other app recorded.
        """
        known = variation_or_none(self.variation)
        if known is not None:
            known.check_set(self.reps, self.reps_right, self.load_kg)
        return self

    @property
    def min_side_reps(self) -> int:
        """Reps of the weaker side (or the only count for a two-leg set)."""
        return self.reps if self.reps_right is None else min(self.reps, self.reps_right)

    @property
    def effective_rir(self) -> float | None:
        """Reps in reserve, from RIR if given, else from RPE (RPE 10 = 0 RIR)."""
        if self.rir is not None:
            return float(self.rir)
        if self.rpe is not None:
            return 10.0 - self.rpe
        return None


@dataclass(frozen=True)
class Checkin:
    """A day's check-in: next-morning pain and, optionally, bodyweight."""

    day: date
    next_morning_pain: int | None = None
    bodyweight_kg: float | None = None
    notes: str = field(default="")

    def __post_init__(self) -> None:
        if self.next_morning_pain is not None and not 0 <= self.next_morning_pain <= 10:
            raise InputError(f"pain must be between 0 and 10, not {self.next_morning_pain}")
        if self.bodyweight_kg is not None and not 20 <= self.bodyweight_kg <= 400:
            raise InputError(f"bodyweight must be between 20 and 400 kg, not {self.bodyweight_kg}")
