"""Build a training plan: weeks of sessions of prescriptions (domain.md §4, §5, §5.1, §5.2).

``build_plan(request)`` is pure. It never moves anyone up the ladder (gates do that, on
evidence): it programmes the rung the person is on, shows the next rung's exercise as a
practice accessory, and takes the assessment's limits as given (``max_rung``,
``loading_allowed``). Loads come from an e1RM through the %1RM chart (``e1rm.py``) and are
rounded to the user's plates (``loads.py``). The JSON shape is documented in
docs/programming.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from hipthrust.coaching.e1rm import load_for
from hipthrust.coaching.goals import GOAL_DOSES, Goal, GoalDose
from hipthrust.coaching.injuries import Injuries, LoadCeiling, adapt, top_rung
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.loads import Equipment, implement_for, minimum_load, round_load
from hipthrust.coaching.periodisation import (
    DEFAULT_PERIODISATION_RULES,
    Periodisation,
    PeriodisationRules,
    WeekPhase,
    deload_dose,
    week_phases,
)
from hipthrust.coaching.prescription import Prescription
from hipthrust.coaching.training_plan import Plan, PlanWeek, Session, SessionKind
from hipthrust.coaching.week import (
    DEFAULT_SCHEDULE_RULES,
    WEEKDAYS,
    ScheduleRules,
    Weekday,
    WeekSlot,
    schedule_week,
)
from hipthrust.errors import InputError, Phrase

__all__ = [
    "CONSIDERATION_NOTES",
    "DEFAULT_PROGRAMMING_RULES",
    "FLAG_NOTES",
    "Plan",
    "PlanRequest",
    "PlanWeek",
    "ProgrammingRules",
    "Session",
    "SessionKind",
    "build_plan",
    "ramp_up",
]


# What each consideration changes is in ``build_plan``; these are the sentences shown
# [seed 002, 003; domain §5.2; pregnancy: ACOG 804, Mottola 2018].
CONSIDERATION_NOTES: dict[str, str] = {
    "low_back_pain": (
        "Low back pain: lighter loads, single-leg work emphasised, strict pelvic control "
        "(ribs down, tuck the pelvis at the top); stop a set if the back takes over and log pain."
    ),
    "upper_body_injury": (
        "Upper-body injury: the hip thrust trains the posterior chain without loading the arms "
        "or grip, so it keeps going; no two-handed bar: a machine, a band, or a dumbbell held "
        "on the pelvis by the good hand [seed 002, 003]."
    ),
    "knee_pain": (
        "Knee pain: the hip thrust is friendlier to the knee than the deadlift; keep the shins "
        "vertical at the top and log any knee pain."
    ),
    "pregnancy": (
        "Pregnancy: lying flat on the back may need modifying as pregnancy advances, and no bar "
        "rests on the abdomen (band instead); follow your midwife's or doctor's advice."
    ),
    "hip_replacement": (
        "Hip replacement or resurfacing: only with your surgeon's clearance; restart from the "
        "two-leg bridge and progress by the gates, not the calendar."
    ),
    "hip_resurfacing": (
        "Hip resurfacing: only with your surgeon's clearance; restart from the two-leg bridge "
        "and progress by the gates, not the calendar."
    ),
    "abdominal_surgery": (
        "Abdominal surgery: only with your surgeon's clearance; restart from the two-leg bridge; "
        "once loading, a thick pad or a band keeps pressure off the lower abdomen."
    ),
}

FLAG_NOTES: dict[str, str] = {
    "lumbar_compensation": (
        "Your lower back tends to take over: brace, tuck the pelvis at the top, and end the set "
        "when the extension comes from the back instead of the hips."
    ),
    "hip_flexor_stiffness": (
        "Stiff hip flexors limit full extension: a half-kneeling hip flexor stretch is added to "
        "every warm-up."
    ),
    "asymmetry": (
        "One side is weaker: start single-leg sets with the weaker side and match its reps on "
        "the stronger side."
    ),
    "needs_clearance": "Clearance from a clinician is still needed before any load.",
}

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class ProgrammingRules:
    """Programming numbers as data; the source is in each comment (domain.md §5)."""

    # Deload about every 4-6 weeks [lit: Rogerson 2024, W] -> every 5th week [design].
    deload_every_weeks: int | None = 5
    # Second session of the week: same rep range, easier [design].
    light_rpe_drop: float = 1.5
    # Third session: technique, long pause, light [seed 001, 002: 3-5 s for technique].
    technique_rpe: float = 6.0
    technique_hold_s: float = 3.0
    # Single-leg accessory kept for back health at rung 5+ [seed 002]: 3 s hold, 12/leg aim.
    single_leg_hold_s: float = 3.0
    single_leg_reps: tuple[int, int] = (8, 12)
    accessory_sets: int = 2
    accessory_rpe_max: float = 8.0
    # Rung 6 heavy days: longer pauses [domain §4: "long pauses"; 2 s, design].
    advanced_hold_s: float = 2.0
    # Next rung's exercise, practised lightly; at rung 4 a light band [design].
    practice_sets: int = 1
    band_practice_reps: tuple[int, int] = (10, 15)
    band_practice_rpe: float = 6.0
    # On-shift mode: RPE <= 7-8, no failure, shorter sessions [domain §5.1, design].
    on_shift_rpe_cap: float = 7.5
    on_shift_set_cut: int = 1
    # Low back pain: lighter loads [seed 002] -> aim one RPE point lower [design].
    low_back_rpe_drop: float = 1.0
    # No e1RM: find a working weight at RPE 6-7 [design].
    find_weight_rpe: float = 7.0
    # Deficit hip thrust: more range, so lighter than the flat e1RM suggests [design].
    deficit_load_cut: float = 0.10
    # Ramp-up sets before loaded work: (fraction of the working load, reps) [design].
    ramp_sets: tuple[tuple[float, int], ...] = ((0.5, 8), (0.75, 4))
    periodisation: PeriodisationRules = DEFAULT_PERIODISATION_RULES
    schedule: ScheduleRules = DEFAULT_SCHEDULE_RULES


DEFAULT_PROGRAMMING_RULES = ProgrammingRules()


@dataclass(frozen=True)
class PlanRequest:
    """What a plan is built from. Rungs 0-6; ``max_rung`` and ``loading_allowed`` come from
    the assessment and always win, and its ``flags``, ``reasons`` and ``cues`` become notes.
    ``e1rm_kg`` is the barbell hip thrust e1RM, if known.
    ``deload_every_weeks`` None means no deloads; ``shift_days`` (implying ``on_shift``) put
    only those days under the shift caps.
    """

    goal: Goal = Goal.HYPERTROPHY
    weeks: int = 4
    days_per_week: int = 2
    start_rung: int = 1
    max_rung: int = 6
    loading_allowed: bool = True
    e1rm_kg: float | None = None
    equipment: Equipment = field(default_factory=Equipment)
    periodisation: Periodisation = "linear"
    deload_every_weeks: int | None = DEFAULT_PROGRAMMING_RULES.deload_every_weeks
    deadlift_day: Weekday | None = None
    on_shift: bool = False
    shift_days: tuple[Weekday, ...] = ()
    training_days: tuple[Weekday, ...] | None = None
    considerations: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    # For the injury rules (``coaching.injuries``): the latest bodyweight, and weeks since an
    # abdominal surgery was cleared.
    bodyweight_kg: float | None = None
    abdomen_weeks_cleared: float | None = None
    # The load ceilings clinicians gave with their clearances (``injuries.LoadCeiling``).
    load_ceilings: tuple[LoadCeiling, ...] = ()

    @property
    def injuries(self) -> Injuries:
        return Injuries(
            self.considerations,
            self.bodyweight_kg,
            self.abdomen_weeks_cleared,
            self.load_ceilings,
        )

    def __post_init__(self) -> None:
        if not 1 <= self.weeks <= 52:
            raise InputError(f"weeks must be from 1 to 52, not {self.weeks}")
        if not 1 <= self.days_per_week <= 3:
            raise InputError(f"days per week must be from 1 to 3, not {self.days_per_week}")
        for name, value in (("start rung", self.start_rung), ("max rung", self.max_rung)):
            if not 0 <= value < len(LADDER):
                raise InputError(f"{name} must be from 0 to {len(LADDER) - 1}, not {value}")
        if self.e1rm_kg is not None and not 1 <= self.e1rm_kg <= 1000:
            raise InputError(f"the e1RM must be between 1 and 1000 kg, not {self.e1rm_kg:g}")
        if self.periodisation not in ("linear", "undulating"):
            raise InputError(f"unknown periodisation {self.periodisation!r}")
        for day in (self.deadlift_day, *self.shift_days, *(self.training_days or ())):
            if day is not None and day not in WEEKDAYS:
                raise InputError(f"unknown day {day!r}: use mon, tue, wed, thu, fri, sat or sun")
        for item in (*self.considerations, *self.flags):
            if not _ID.match(item):
                raise InputError(f"{item!r} is not an id like low_back_pain")


# --------------------------------------------------------------------------- pieces


@dataclass(frozen=True)
class _Context:
    request: PlanRequest
    rules: ProgrammingRules
    rung: int
    loaded: bool
    dose: GoalDose
    # What the injury rules changed, a sentence each, gathered for the plan's notes.
    changed: list[str] = field(default_factory=list)


def ramp_up(
    main: Prescription,
    equipment: Equipment,
    rules: ProgrammingRules = DEFAULT_PROGRAMMING_RULES,
) -> tuple[Prescription, ...]:
    """The ramp-up sets before a loaded lift (``rules.ramp_sets``: a fraction of its working
    load and reps each), rounded to what the equipment makes, lighter than the working load,
    each heavier than the last and none under the empty implement [design]. The plan's
    warm-up and Today's (from the day's decided load) are this one rule."""
    if main.load_kg is None:
        return ()
    implement = implement_for(main.variation)
    floor = minimum_load(equipment, implement) or 0.0
    previous = floor - 1.0
    ramps: list[Prescription] = []
    for fraction, reps in rules.ramp_sets:
        kg = main.load_kg * fraction
        if kg < floor:
            continue
        ramp = round_load(kg, equipment, implement=implement)
        if ramp >= main.load_kg or ramp <= previous:
            continue
        ramps.append(
            Prescription(main.variation, 1, (reps, reps), load_kg=ramp, notes=("Ramp-up.",))
        )
        previous = ramp
    return tuple(ramps)


def _warmup(context: _Context, main: Prescription | None) -> tuple[Prescription, ...]:
    """Hip mobility and glute activation before every session [seed 001], then ramp-up sets."""
    request = context.request
    items = [
        Prescription("hip_mobility", 1, (5, 8), per_side=True, notes=("90/90 hip switches.",)),
        Prescription("glute_bridge", 1, (10, 15), hold_s=1.0, notes=("Activation, easy.",)),
    ]
    if request.equipment.has_bands:
        items.append(
            Prescription("band_walk", 1, (10, 15), per_side=True, notes=("Lateral steps.",))
        )
    else:
        items.append(Prescription("clamshell", 1, (10, 15), per_side=True))
    if "hip_flexor_stiffness" in request.flags:
        items.append(Prescription("hip_flexor_stretch", 1, (1, 1), hold_s=30.0, per_side=True))
    if main is not None:
        items.extend(ramp_up(main, request.equipment, context.rules))
    return tuple(items)


def _main_variation(context: _Context, role: str) -> tuple[str, tuple[str, ...]]:
    """The loaded two-leg variation the equipment and considerations allow, with notes."""
    request = context.request
    equipment = request.equipment
    considerations = set(request.considerations)
    if "pregnancy" in considerations:
        return ("banded_hip_thrust" if equipment.has_bands else "hip_thrust"), ()
    if context.rung >= 6 and role != "heavy" and equipment.has_barbell and equipment.has_bench:
        return "deficit_hip_thrust", ("Deficit: feet and shoulders raised, more range.",)
    if equipment.has_barbell:
        if equipment.has_bench:
            return "barbell_hip_thrust", ()
        return "barbell_glute_bridge", ("No bench: the barbell glute bridge from the floor.",)
    if equipment.has_machine:
        return "machine_hip_thrust", ("Machine loads differ by machine: a starting guess.",)
    if equipment.dumbbells:
        return "dumbbell_hip_thrust", ()
    if equipment.has_bands:
        return "banded_hip_thrust", ()
    return "hip_thrust", ("No equipment to load with: bodyweight with longer pauses.",)


def _load(
    context: _Context, variation: str, reps: tuple[int, int], rpe: float, deload: bool
) -> tuple[str, float | None, tuple[str, ...]]:
    """The working load for ``reps`` at ``rpe`` (None when it cannot be set), maybe a new
    variation when the load is lighter than an empty bar, and notes."""
    request = context.request
    equipment = request.equipment
    implement = implement_for(variation)
    if request.e1rm_kg is None or implement == "any":
        return variation, None, ()
    raw = load_for(request.e1rm_kg, reps[0], rpe)
    if variation == "deficit_hip_thrust":
        raw *= 1 - context.rules.deficit_load_cut
    if deload:
        raw *= 1 - context.rules.periodisation.deload_load_cut
    floor = minimum_load(equipment, implement)
    if floor is not None and raw >= floor:
        return variation, round_load(raw, equipment, implement=implement), ()
    if equipment.dumbbells:
        dumbbell = round_load(raw, equipment, implement="dumbbell")
        return "dumbbell_hip_thrust", dumbbell, ("Lighter than the empty bar: a dumbbell.",)
    return "banded_hip_thrust", None, ("Lighter than the empty bar: a band instead.",)


def _on_shift(prescription: Prescription, rules: ProgrammingRules, main: bool) -> Prescription:
    cap = rules.on_shift_rpe_cap
    rpe = cap if prescription.rpe_max is None else min(prescription.rpe_max, cap)
    sets = max(2, prescription.sets - rules.on_shift_set_cut) if main else prescription.sets
    return replace(prescription, rpe_max=rpe, sets=sets)


def _deload(prescription: Prescription, rules: ProgrammingRules) -> Prescription:
    sets, reps = deload_dose(prescription.sets, prescription.reps, rules.periodisation)
    return replace(prescription, sets=sets, reps=reps)


def _single_leg_accessory(context: _Context) -> Prescription:
    rules = context.rules
    sets = rules.accessory_sets + (1 if "low_back_pain" in context.request.considerations else 0)
    # Without a bench for the shoulders the thrust becomes a bridge (``Equipment.has_bench``).
    bench = context.request.equipment.has_bench
    return Prescription(
        "single_leg_hip_thrust" if bench else "single_leg_glute_bridge",
        sets,
        rules.single_leg_reps,
        hold_s=rules.single_leg_hold_s,
        per_side=True,
        rpe_max=rules.accessory_rpe_max,
        notes=("Kept for back health; aim for 12 per leg with a 3 s hold.",),
    )


def _loaded_exercises(
    context: _Context, slot: WeekSlot, phase: WeekPhase, first_week: bool
) -> tuple[Prescription, ...]:
    request, rules, dose = context.request, context.rules, context.dose
    assert dose.rpe_target is not None
    rpe = dose.rpe_target
    sets = (dose.sets[0] + dose.sets[1]) // 2
    hold = dose.hold_s
    if slot.role == "light":
        rpe, sets = rpe - rules.light_rpe_drop, dose.sets[0]
    elif slot.role == "technique":
        rpe, sets, hold = rules.technique_rpe, dose.sets[0], rules.technique_hold_s
    if context.rung >= 6 and slot.role == "heavy":
        hold = max(hold, rules.advanced_hold_s)
    if "low_back_pain" in request.considerations:
        rpe -= rules.low_back_rpe_drop
    if slot.on_shift:
        rpe = min(rpe, rules.on_shift_rpe_cap)
    notes: list[str] = []
    variation, variation_notes = _main_variation(context, slot.role)
    notes.extend(variation_notes)
    variation, load, load_notes = _load(context, variation, phase.reps, rpe, phase.deload)
    notes.extend(load_notes)
    if load is None and variation == "banded_hip_thrust":
        notes.append(f"Pick a band that makes {phase.reps[0]}-{phase.reps[1]} reps RPE {rpe:g}.")
    elif load is None and implement_for(variation) != "any":
        notes.append(
            f"Find a working weight: build up until {phase.reps[0]} reps feel RPE 6-7, log it, "
            "and later loads follow from it."
        )
        if first_week:
            rpe = min(rpe, rules.find_weight_rpe)
    main = Prescription(
        variation,
        sets,
        phase.reps,
        load_kg=load,
        hold_s=hold,
        rpe_max=rpe,
        tempo=f"1-{hold:g}-3",
        notes=tuple(notes),
    )
    return (main, _single_leg_accessory(context))


def _bodyweight_exercises(context: _Context) -> tuple[Prescription, ...]:
    request, rules = context.request, context.rules
    rung = max(1, context.rung)
    step = LADDER[rung]
    assert step.dose is not None
    main = Prescription(
        step.variations[0],
        step.dose.sets[1],
        step.dose.reps,
        hold_s=step.dose.hold_s,
        per_side=step.dose.per_side,
        tempo=step.dose.tempo,
        notes=(f"Rung {rung}: {step.name}.",),
    )
    exercises = [main]
    top = min(request.max_rung, 4)
    if rung + 1 <= top:
        following = LADDER[rung + 1]
        assert following.dose is not None
        exercises.append(
            Prescription(
                following.variations[0],
                rules.practice_sets,
                (following.dose.reps[0], following.dose.reps[0]),
                hold_s=following.dose.hold_s,
                per_side=following.dose.per_side,
                notes=(
                    f"Practice for rung {rung + 1}; stop at any pain or when the lower back "
                    "takes over.",
                ),
            )
        )
    elif rung == 4 and context.loaded and request.equipment.has_bands:
        exercises.append(
            Prescription(
                "banded_hip_thrust",
                rules.practice_sets,
                rules.band_practice_reps,
                hold_s=1.0,
                rpe_max=rules.band_practice_rpe,
                notes=("A first taste of load for rung 5: a light band.",),
            )
        )
    return tuple(exercises)


def _session(context: _Context, slot: WeekSlot, phase: WeekPhase, first_week: bool) -> Session:
    rules = context.rules
    notes: list[str] = []
    if context.rung >= 5 and context.loaded:
        exercises = _loaded_exercises(context, slot, phase, first_week)
        kind: SessionKind = slot.role
    else:
        exercises = _bodyweight_exercises(context)
        kind = "technique"
    if phase.deload:
        kind = "deload"
        exercises = tuple(_deload(item, rules) for item in exercises)
        notes.append("Deload: fewer sets and lighter loads; let the body catch up.")
    if slot.on_shift:
        exercises = tuple(
            _on_shift(item, rules, index == 0) for index, item in enumerate(exercises)
        )
        notes.append(
            f"On shift: no set to failure (RPE {rules.on_shift_rpe_cap:g} at most), a shorter "
            "session; stay fresh for a call."
        )
    # Each condition's rule changes the session, with its reason (``coaching.injuries``).
    exercises, changed = adapt(
        exercises, context.request.injuries, context.request.equipment, context.request.e1rm_kg
    )
    notes.extend(changed)
    context.changed.extend(changed)
    main = exercises[0] if exercises else None
    return Session(slot.day, kind, _warmup(context, main), exercises, slot.on_shift, tuple(notes))


# --------------------------------------------------------------------------- the plan


def _refusal(request: PlanRequest, rung: int, notes: list[str]) -> Plan:
    notes.extend(request.reasons)
    notes.append(
        Phrase(
            "No exercise sessions in this plan: see a clinician first, then take the "
            "assessment again before training.",
            cli="No exercise sessions in this plan: see a clinician first, then reassess "
            "(hipthrust assess) before training.",
        )
    )
    return Plan(
        request.goal,
        request.equipment.units,
        request.periodisation,
        rung,
        request.max_rung,
        False,
        request.e1rm_kg,
        (),
        tuple(dict.fromkeys(notes)),
        refused=True,
        deadlift_day=request.deadlift_day,
    )


def build_plan(request: PlanRequest, rules: ProgrammingRules = DEFAULT_PROGRAMMING_RULES) -> Plan:
    """The plan for ``request``: pure, deterministic, and safe by the assessment's limits."""
    notes: list[str] = []
    rung = min(request.start_rung, request.max_rung)
    if request.max_rung == 0 or "refer_clinician" in request.flags:
        return _refusal(request, rung, notes)
    if request.start_rung > request.max_rung:
        notes.append(
            f"Starting rung {request.start_rung} is capped at rung {request.max_rung} by the "
            "assessment: safety wins."
        )
    dose = GOAL_DOSES[request.goal]
    loaded = request.loading_allowed and dose.loaded and request.max_rung >= 5
    if not request.loading_allowed:
        notes.append(
            "No load in this plan: the assessment does not allow load yet, for the reasons "
            "below; bodyweight work only for now."
        )
        notes.extend(request.reasons)
        if request.e1rm_kg is not None:
            notes.append("Your e1RM is kept for when loading is allowed.")
    elif not dose.loaded:
        notes.append("The rehab goal keeps the work unloaded: tempo, holds and control.")
    if rung >= 5 and not loaded:
        rung = 4
    ceiling = top_rung(request.injuries)
    if ceiling is not None and rung > ceiling:
        notes.append(
            f"After a joint replacement no heavy strength blocks: the plan stays at rung "
            f"{ceiling}, not {rung} [seed 003; design]."
        )
        rung = ceiling
    context = _Context(request, rules, rung, loaded, dose)
    slots, schedule_notes = schedule_week(
        request.days_per_week,
        training_days=request.training_days,
        deadlift_day=request.deadlift_day,
        on_shift=request.on_shift,
        shift_days=request.shift_days,
        rules=rules.schedule,
    )
    notes.extend(schedule_notes)
    if any(slot.on_shift for slot in slots):
        notes.append(
            "On-shift mode: effort capped, no sets to failure, fewer sets; the hip thrust "
            "rather than deadlifts on shift days keeps you fresh for a call."
        )
    loaded_plan = rung >= 5 and loaded
    phases = week_phases(
        request.weeks,
        request.periodisation,
        dose.reps,
        request.deload_every_weeks,
        rules.periodisation,
    )
    weeks = tuple(
        PlanWeek(
            phase.week,
            phase.deload,
            tuple(_session(context, slot, phase, index == 0) for slot in slots),
            phase.reps if loaded_plan else None,
        )
        for index, phase in enumerate(phases)
    )
    if rung == 0:
        notes.append(
            Phrase(
                "Rung 0: do the bridge test (part of the assessment); the plan starts with "
                "bridges.",
                cli="Rung 0: do the bridge test (hipthrust assess); the plan starts with bridges.",
            )
        )
    if loaded_plan:
        if request.e1rm_kg is not None:
            notes.append(
                "Loads come from your e1RM through the %1RM chart and are rounded to your "
                "plates; log your sets and the next-session decision adjusts them."
            )
        if request.periodisation == "undulating":
            cycle = " / ".join(f"{a}-{b}" for a, b in rules.periodisation.undulating_cycle)
            notes.append(f"Weekly undulating cycle {cycle} reps, then repeat.")
    else:
        notes.append(
            "Bodyweight ladder work: move up a rung when its gate is met, not by the calendar."
        )
    for item in request.considerations:
        notes.append(
            CONSIDERATION_NOTES.get(
                item, f"{item.replace('_', ' ').capitalize()}: follow your clinician's advice."
            )
        )
    notes.extend(context.changed)
    notes.extend(FLAG_NOTES[flag] for flag in request.flags if flag in FLAG_NOTES)
    notes.extend(request.cues)
    return Plan(
        request.goal,
        request.equipment.units,
        request.periodisation,
        rung,
        request.max_rung,
        request.loading_allowed,
        request.e1rm_kg,
        weeks,
        tuple(dict.fromkeys(notes)),
        deadlift_day=request.deadlift_day,
    )
