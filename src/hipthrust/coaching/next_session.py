"""Building the next session's prescriptions for a decision (domain.md §4, §5).

The decision (``decision.py``) says what kind of step to take; this module turns it into
prescriptions: the rung's dose or the goal's dose (or the planned session when there is
one), the load from the history, rounded to the user's plates (``loads.py``), double
progression (``loads.double_progression``), the deload cut (``periodisation.deload_dose``)
and the on-shift caps. The main exercise is always the first prescription of a session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from hipthrust.coaching.catalogue import variation_name
from hipthrust.coaching.goals import GOAL_DOSES, Goal
from hipthrust.coaching.history import TrainingSession, top_load_sets
from hipthrust.coaching.ladder import Rung
from hipthrust.coaching.loads import (
    Direction,
    Equipment,
    Implement,
    ProgressionRules,
    double_progression,
    implement_for,
    minimum_load,
    round_load,
)
from hipthrust.coaching.periodisation import (
    DEFAULT_PERIODISATION_RULES,
    PeriodisationRules,
    deload_dose,
)
from hipthrust.coaching.prescription import Prescription
from hipthrust.coaching.programming import DEFAULT_PROGRAMMING_RULES
from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.units import format_mass
from hipthrust.errors import InputError

__all__ = [
    "LOADED_ORDER",
    "LastWork",
    "Progress",
    "SessionBuilder",
    "SessionRules",
]

# Rung 5 loads two legs with a band, then a dumbbell or kettlebell, then a barbell
# [domain.md §4]; a machine when that is all there is. None: no implement (a band).
LOADED_ORDER: tuple[tuple[str, Implement | None], ...] = (
    ("banded_hip_thrust", None),
    ("dumbbell_hip_thrust", "dumbbell"),
    ("barbell_hip_thrust", "barbell"),
    ("machine_hip_thrust", "machine"),
    ("deficit_hip_thrust", "barbell"),
)


def _accessory() -> Prescription:
    rules = DEFAULT_PROGRAMMING_RULES
    return Prescription(
        "single_leg_hip_thrust",
        rules.accessory_sets,
        rules.single_leg_reps,
        hold_s=rules.single_leg_hold_s,
        per_side=True,
        notes=("Single-leg work kept as an accessory for back health [seed 002].",),
    )


def _bridge_test() -> tuple[Prescription, ...]:
    return (
        Prescription("glute_bridge", 1, (1, 10), hold_s=2.0, notes=("Bridge test, step 1.",)),
        Prescription(
            "single_leg_glute_bridge_90_90",
            1,
            (1, 10),
            hold_s=2.0,
            per_side=True,
            notes=("Bridge test, step 2: each side.",),
        ),
        Prescription(
            "single_leg_glute_bridge_knee_hug",
            1,
            (1, 10),
            hold_s=2.0,
            per_side=True,
            notes=("Bridge test, step 3: the true hip extension.",),
        ),
    )


@dataclass(frozen=True)
class SessionRules:
    """How sessions are built; defaults are shared with the plans (``programming.py``)."""

    # On shift: RPE <= 7-8, no sets to failure, shorter sessions [domain.md §5.1; design].
    on_shift_rpe_max: float = DEFAULT_PROGRAMMING_RULES.on_shift_rpe_cap
    on_shift_max_sets: int = 3
    # A past session counts for double progression when its weakest set is within this many
    # reps of the planned range (a week of 12-15 says little about a week of 3-5) [design].
    comparable_reps_margin: int = 2
    # Deload cuts: 40-50% less volume, 10-15% less load [lit: Rogerson 2024, W; design].
    periodisation: PeriodisationRules = DEFAULT_PERIODISATION_RULES
    # Kept at the loaded rungs when there is no plan [seed 002].
    accessory: Prescription | None = field(default_factory=_accessory)
    # Rung 0: the bridge test [seed 002].
    bridge_test: tuple[Prescription, ...] = field(default_factory=_bridge_test)

    def __post_init__(self) -> None:
        if not 5 <= self.on_shift_rpe_max <= 10 or self.on_shift_max_sets < 1:
            raise InputError("the on-shift cap must be RPE 5-10 and at least one set")
        if self.comparable_reps_margin < 0:
            raise InputError("comparable_reps_margin cannot be negative")


@dataclass(frozen=True)
class LastWork:
    """The latest working sets of a variation: those at the session's top load."""

    variation: str
    day_index: int
    sets: tuple[SetRecord, ...]

    @property
    def load_kg(self) -> float | None:
        return self.sets[0].load_kg

    @property
    def weakest(self) -> int:
        return min(s.min_side_reps for s in self.sets)


@dataclass(frozen=True)
class Progress:
    """The outcome of double progression for the next session."""

    advanced: bool
    reasons: tuple[str, ...]
    session: tuple[Prescription, ...]


def _plan_main(target: Rung, planned: tuple[Prescription, ...] | None) -> Prescription | None:
    if not planned:
        return None
    for item in planned:
        if item.variation in target.variations:
            return item
    return planned[0]


def _rest_of_plan(
    planned: tuple[Prescription, ...], main: Prescription | None
) -> tuple[Prescription, ...]:
    rest = list(planned)
    if main is not None and main in rest:
        rest.remove(main)
    return tuple(rest)


class SessionBuilder:
    """Builds sessions from the history for one athlete (goal, equipment)."""

    def __init__(
        self,
        sessions: Sequence[TrainingSession],
        goal: Goal,
        equipment: Equipment,
        rules: SessionRules,
    ) -> None:
        self.sessions = sessions
        self.goal = goal
        self.equipment = equipment
        self.rules = rules

    # ------------------------------------------------------------------ reading the history
    def mass(self, kg: float) -> str:
        return format_mass(kg, self.equipment.units)

    def last_work(self, variation: str, before: int | None = None) -> LastWork | None:
        """The latest session's top-load working sets of ``variation``."""
        end = len(self.sessions) if before is None else before
        for index in range(end - 1, -1, -1):
            sets = top_load_sets(self.sessions[index].working_of((variation,)))
            if sets:
                return LastWork(variation, index, sets)
        return None

    def last_main(self, target: Rung, planned: tuple[Prescription, ...] | None) -> LastWork | None:
        """The latest work on the rung's main variation (the planned one when planned)."""
        main = _plan_main(target, planned)
        if main is not None and main.variation in target.variations:
            return self.last_work(main.variation)
        for session in reversed(self.sessions):
            sets = session.working_of(target.variations)
            if sets:
                counts: dict[str, int] = {}
                for record in sets:
                    counts[record.variation] = counts.get(record.variation, 0) + 1
                return self.last_work(max(counts, key=lambda name: counts[name]))
        return None

    def comparable(self, variation: str, reps: tuple[int, int]) -> LastWork | None:
        """The latest work on ``variation`` done in (or near) the rep range ``reps``."""
        ceiling = reps[1] + self.rules.comparable_reps_margin
        work = self.last_work(variation)
        while work is not None and work.weakest > ceiling:
            work = self.last_work(variation, before=work.day_index)
        return work

    # ------------------------------------------------------------------ doses
    def rep_range(self, target: Rung, main: Prescription | None) -> tuple[int, int]:
        if main is not None:
            return main.reps
        dose = GOAL_DOSES[self.goal]
        if target.loaded and dose.loaded:
            return dose.reps
        assert target.dose is not None
        return target.dose.reps

    def _loaded_dose(self, target: Rung) -> tuple[tuple[int, int], float, float | None, str]:
        """Sets range, hold, RPE cap and tempo for a loaded rung without a plan."""
        assert target.dose is not None
        dose = GOAL_DOSES[self.goal]
        if dose.loaded:
            return dose.sets, dose.hold_s, dose.rpe_target, target.dose.tempo
        return target.dose.sets, target.dose.hold_s, None, target.dose.tempo

    def start_variation(self, target: Rung) -> tuple[str, float | None] | None:
        """The first loaded variation the equipment allows on ``target``, with its load."""
        for variation, implement in LOADED_ORDER:
            if variation not in target.variations:
                continue
            if implement is None:
                if self.equipment.has_bands:
                    return variation, None
                continue
            if implement == "machine" and not self.equipment.has_machine:
                continue
            load = minimum_load(self.equipment, implement)
            if load is not None:
                return variation, load
        return None

    def harder_variation(self, current: str, load: float | None) -> tuple[str, float] | None:
        """The next implement up the rung-5 order, at a load at least ``load``."""
        names = [name for name, _ in LOADED_ORDER[:4]]
        if current not in names:
            return None
        for variation, implement in LOADED_ORDER[names.index(current) + 1 : 4]:
            assert implement is not None
            if implement == "machine" and not self.equipment.has_machine:
                continue
            lightest = minimum_load(self.equipment, implement)
            if lightest is None:
                continue
            wanted = max(load or 0.0, lightest)
            return variation, round_load(wanted, self.equipment, "up", implement=implement)
        return None

    def loaded(
        self,
        target: Rung,
        planned: tuple[Prescription, ...] | None,
        last: LastWork | None,
        load: float | None,
        *,
        variation: str | None = None,
        notes: Sequence[str] = (),
    ) -> tuple[Prescription, ...]:
        """The loaded rung's session with the main exercise at ``load``."""
        main_plan = _plan_main(target, planned)
        chosen = variation
        if chosen is None and main_plan is not None:
            chosen = main_plan.variation
        if chosen is None and last is not None:
            chosen = last.variation
        extra = list(notes)
        if chosen is None:
            start = self.start_variation(target)
            if start is None:
                chosen = target.variations[0]
            else:
                chosen, load = start
        implement = implement_for(chosen)
        if load is None and implement != "any":
            load = main_plan.load_kg if main_plan is not None else None
            if load is None:
                load = minimum_load(self.equipment, implement)
                if load is not None:
                    extra.append(
                        f"Start light ({self.mass(load)}), build up until the reps feel RPE "
                        "6-7, and log every set."
                    )
        reps = self.rep_range(target, main_plan)
        if main_plan is not None:
            main = replace(
                main_plan,
                variation=chosen,
                load_kg=load,
                notes=(*main_plan.notes, *extra),
            )
            return (main, *_rest_of_plan(planned or (), main_plan))
        sets_range, hold, rpe, tempo = self._loaded_dose(target)
        sets = sets_range[0]
        if last is not None:
            sets = min(max(len(last.sets), sets_range[0]), sets_range[1])
        main = Prescription(
            chosen,
            sets,
            reps,
            load_kg=load,
            hold_s=hold,
            rpe_max=rpe,
            tempo=tempo,
            notes=tuple(extra),
        )
        accessory = self.rules.accessory
        return (main,) if accessory is None else (main, accessory)

    @staticmethod
    def bodyweight_dose(target: Rung, rules: SessionRules) -> tuple[Prescription, ...]:
        """The rung's own dose (the bridge test on rung 0)."""
        if target.dose is None:
            return rules.bridge_test
        dose = target.dose
        return (
            Prescription(
                target.variations[0],
                dose.sets[1],
                dose.reps,
                hold_s=dose.hold_s,
                per_side=dose.per_side,
                tempo=dose.tempo,
            ),
        )

    def bodyweight(
        self,
        target: Rung,
        planned: tuple[Prescription, ...] | None,
        notes: Sequence[str] = (),
    ) -> tuple[Prescription, ...]:
        """A bodyweight rung's session: the plan, or the rung's dose on the last variation."""
        if planned:
            return self.with_notes(planned, notes)
        session = self.bodyweight_dose(target, self.rules)
        last = self.last_main(target, None)
        if last is not None and target.dose is not None:
            session = (replace(session[0], variation=last.variation), *session[1:])
        return self.with_notes(session, notes)

    def start(
        self, target: Rung, planned: tuple[Prescription, ...] | None
    ) -> tuple[Prescription, ...]:
        """The usual session on ``target``: at the last load there when it has one."""
        if not target.loaded:
            return self.bodyweight(target, planned)
        last = self.last_main(target, planned)
        return self.loaded(target, planned, last, None if last is None else last.load_kg)

    def reduced(self, target: Rung) -> tuple[Prescription, ...]:
        """The rung's dose cut to its fewest sets and the lower half of its reps."""
        session = self.bodyweight(target, None)
        main = session[0]
        low, high = main.reps
        smaller = replace(
            main,
            sets=target.dose.sets[0] if target.dose is not None else main.sets,
            reps=(low, low + (high - low) // 2),
        )
        return (smaller, *session[1:])

    def target_note(self, target: Rung) -> tuple[str, ...]:
        """What to aim for next time on a gated rung, from the best recent set."""
        gate = target.gate
        last = self.last_main(target, None)
        if gate is None or last is None or gate.min_reps <= 0:
            return ()
        aim = min(last.weakest + 1, gate.min_reps)
        side = " on the weaker side" if target.dose is not None and target.dose.per_side else ""
        hold = f" with a {gate.min_hold_s:g} s hold" if gate.min_hold_s > 0 else ""
        return (f"Aim for {aim} reps{side}{hold}, pain-free.",)

    # ------------------------------------------------------------------ changes
    @staticmethod
    def with_notes(
        session: tuple[Prescription, ...], notes: Sequence[str]
    ) -> tuple[Prescription, ...]:
        if not notes or not session:
            return session
        main = session[0]
        return (replace(main, notes=(*main.notes, *notes)), *session[1:])

    def _round(self, kg: float, variation: str, direction: Direction) -> float:
        implement = implement_for(variation)
        if implement != "any" and minimum_load(self.equipment, implement) is None:
            implement = "any"
        return round_load(kg, self.equipment, direction, implement=implement)

    def lighter(
        self, target: Rung, planned: tuple[Prescription, ...] | None, fraction: float
    ) -> tuple[tuple[Prescription, ...], str] | None:
        """The session with the main load cut by ``fraction``, or a band; None when there
        is nothing lighter on this rung."""
        last = self.last_main(target, planned)
        if last is None or not last.load_kg:
            return None
        old = last.load_kg
        new = self._round(old * (1 - fraction), last.variation, "down")
        if new < old - 1e-6:
            sentence = (
                f"The load goes down {fraction:.0%} from {self.mass(old)} to "
                f"{self.mass(new)} (rounded to your equipment)."
            )
            return self.loaded(target, planned, last, new), sentence
        if self.equipment.has_bands and "banded_hip_thrust" in target.variations:
            sentence = (
                f"{self.mass(old)} is the lightest load your equipment makes for the "
                f"{variation_name(last.variation)}, so the next session uses a band instead."
            )
            session = self.loaded(target, planned, None, None, variation="banded_hip_thrust")
            return session, sentence
        return None

    def deload(
        self, target: Rung, session: tuple[Prescription, ...]
    ) -> tuple[tuple[Prescription, ...], str]:
        """Fewer sets and a lighter load on every exercise (``periodisation.deload_dose``)."""
        cut = self.rules.periodisation.deload_load_cut
        changed: list[Prescription] = []
        for item in session:
            sets, reps = deload_dose(item.sets, item.reps, self.rules.periodisation)
            load = item.load_kg
            if load:
                lighter = self._round(load * (1 - cut), item.variation, "down")
                load = min(load, lighter)
            changed.append(replace(item, sets=sets, reps=reps, load_kg=load))
        before, after = session[0], changed[0]
        load_text = ""
        if before.load_kg and after.load_kg is not None:
            load_text = f" and {self.mass(before.load_kg)} → {self.mass(after.load_kg)}"
        sentence = (
            f"Deload: {before.sets} → {after.sets} sets{load_text} on the "
            f"{variation_name(before.variation)} for about a week, then back to normal."
        )
        return tuple(changed), sentence

    def progress(
        self,
        target: Rung,
        planned: tuple[Prescription, ...] | None,
        rules: ProgressionRules,
    ) -> Progress:
        """Double progression on a loaded rung: load up, a harder implement, or add reps."""
        main_plan = _plan_main(target, planned)
        low, high = self.rep_range(target, main_plan)
        last = self.last_main(target, planned)
        if last is None:
            session = self.loaded(target, planned, None, None)
            main = session[0]
            at = "" if main.load_kg is None else f" at {self.mass(main.load_kg)}"
            return Progress(
                False,
                (
                    f"No {variation_name(main.variation)} sets logged yet at rung "
                    f"{target.number}: start with it{at}.",
                ),
                session,
            )
        work = self.comparable(last.variation, (low, high))
        if work is None:
            keep = "" if last.load_kg is None else f" at {self.mass(last.load_kg)}"
            return Progress(
                False,
                (
                    f"No recent {variation_name(last.variation)} session in or near the "
                    f"{low}-{high} rep range: keep the load{keep} and let effort guide the reps.",
                ),
                self.loaded(target, planned, last, last.load_kg),
            )
        step = double_progression(work.sets, (low, high), self.equipment, rules)
        count = len(work.sets)
        top = work.load_kg
        where = "with the band" if not top else f"at {self.mass(top)}"
        if step.progressed and top and step.new_load_kg is not None:
            new = step.new_load_kg
            beyond = f" (the weakest did {work.weakest})" if work.weakest > high else ""
            return Progress(
                True,
                (
                    f"All {count} working sets reached {high} reps {where}{beyond}, so the "
                    f"load goes up {self.mass(new - top)} to "
                    f"{self.mass(new)}; start again at {low} reps.",
                ),
                self.loaded(target, planned, last, new),
            )
        if work.weakest >= high:
            harder = self.harder_variation(work.variation, top)
            if harder is not None:
                variation, load = harder
                return Progress(
                    True,
                    (
                        f"All {count} working sets reached {high} reps {where}, the most this "
                        f"setup gives: the next session moves to the {variation_name(variation)} "
                        f"at {self.mass(load)}, starting at {low} reps.",
                    ),
                    self.loaded(target, None, None, load, variation=variation),
                )
            return Progress(False, (step.reason,), self.loaded(target, planned, last, top))
        aim = step.target_reps
        return Progress(
            False,
            (
                f"The weakest working set reached {work.weakest} of {high} reps {where}, so "
                f"the load stays and the aim is {aim} reps a set.",
            ),
            self.loaded(target, planned, last, top, notes=(f"Aim for {aim} reps a set.",)),
        )

    # ------------------------------------------------------------------ constraints
    @staticmethod
    def without_load(
        session: tuple[Prescription, ...],
    ) -> tuple[tuple[Prescription, ...], bool]:
        """Drop loads, and exercises that need one (barbell, dumbbell, machine)."""
        kept: list[Prescription] = []
        dropped = False
        for item in session:
            if implement_for(item.variation) != "any":
                dropped = True
                continue
            if item.load_kg is not None:
                dropped = True
                item = replace(item, load_kg=None)
            kept.append(item)
        return tuple(kept), dropped

    @staticmethod
    def on_shift(
        session: tuple[Prescription, ...], rules: SessionRules
    ) -> tuple[Prescription, ...]:
        """Cap effort and sets on every exercise for a duty day [domain.md §5.1]."""
        cap = rules.on_shift_rpe_max
        note = f"On shift: stop at RPE {cap:g}, no set to failure."
        return tuple(
            replace(
                item,
                rpe_max=cap if item.rpe_max is None else min(item.rpe_max, cap),
                sets=min(item.sets, rules.on_shift_max_sets),
                notes=(*item.notes, note),
            )
            for item in session
        )
