"""Training around injuries: each condition is a rule that changes the session (domain §5.2).

The screening names the conditions (``Assessment.considerations``); this module says, as data,
what each changes in what is prescribed, and ``adapt`` applies it to a session's prescriptions.
The plan (``programming.build_plan``) and the next-session decision (``decision.decide_next``)
both call ``adapt``, so the plan and Today/``next`` show the same change with the same reason.

The rules and their sources:

- Upper-body injury [seed 002: "good substitute during an upper body injury", no grip; seed 003:
  a reader trains with her shoulder in a sling "using only a DB on my stomach-pelvic area"]:
  only variations that need no grip or one hand: a machine, a band, a dumbbell held on the
  pelvis by the good hand; never a two-handed barbell [design: the swap order].
- Low back pain [seed 002: "even more-so when the single leg version is used"; seed 003]:
  the single-leg hip thrust becomes the main lift; the two-leg lift stays second with its load
  capped at a fraction of the e1RM and its effort capped [design: 60 %, RPE 7]; loads go up
  only after a session without pain (pain-led progression, in ``decision``) [design, after
  Silbernagel 2007].
- Joint replacement or resurfacing [seed 003 readers; lit: Hoorntje 2018, M; seed 003: a
  prosthesis has a finite life under load]: loading starts only with the clinician's clearance
  (``coaching.screening``); cleared, a load ceiling set by the clinician with the clearance
  (a multiple of bodyweight or kilograms, recorded in the screening: ``LoadCeiling``), no
  maximal attempts (an effort cap) and no heavy strength blocks (the top rung, closed by the
  screening's ceiling) [design: when the clinician gave no ceiling, 1.0 x bodyweight; RPE 8;
  rung 5 at most].
- A clinician's load ceiling given with any other clearance (abdominal surgery, pregnancy)
  caps every load the same way [design: the clinician's word wins, as the clearance does].
- Abdominal surgery (open, keyhole, hernia repair, abdominoplasty) [seed 003 reader; lit:
  Schaaf 2022, W]: the bar pad (or a band or belt on the hip bones) on every loaded exercise,
  and a bracing progression counted from the clearance date [design: the stages below].
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from hipthrust.coaching.catalogue import display_name
from hipthrust.coaching.loads import Equipment, implement_for, minimum_load, round_load
from hipthrust.coaching.prescription import Prescription
from hipthrust.errors import InputError

__all__ = [
    "DEFAULT_INJURY_RULES",
    "BracingStage",
    "Injuries",
    "InjuryRules",
    "LoadCeiling",
    "adapt",
    "top_rung",
]

# Variations that hold a load on the body (the two-leg loaded lifts and the deficit).
_LOADED_TWO_LEG = (
    "barbell_hip_thrust",
    "barbell_glute_bridge",
    "deficit_hip_thrust",
    "dumbbell_hip_thrust",
    "machine_hip_thrust",
    "banded_hip_thrust",
)


@dataclass(frozen=True)
class BracingStage:
    """Weeks since the clearance below ``until_weeks``: the effort cap, whether load is used,
    and the sentence shown [design]."""

    until_weeks: float
    rpe_max: float
    load: bool
    cue: str


def _stages() -> tuple[BracingStage, ...]:
    return (
        BracingStage(
            2.0,
            6.0,
            False,
            "Bracing, stage 1 (first 2 weeks after clearance): no load on the belly; breathe "
            "out as the hips rise and never hold your breath [design; seed 003].",
        ),
        BracingStage(
            6.0,
            7.0,
            True,
            "Bracing, stage 2 (weeks 2-6 after clearance): light loads on the pad, stop each "
            "set 3 reps short, exhale on the way up [design].",
        ),
    )


@dataclass(frozen=True)
class InjuryRules:
    """Every number of the injury rules, with its source in ``injuries``' module text."""

    # Upper-body injury: two-handed barbell lifts are out [seed 002, 003].
    two_handed: tuple[str, ...] = (
        "barbell_hip_thrust",
        "barbell_glute_bridge",
        "deficit_hip_thrust",
    )
    # Low back pain: single-leg as the main lift [seed 002]; caps [design].
    low_back_e1rm_fraction: float = 0.60
    low_back_rpe_max: float = 7.0
    low_back_single_leg_reps: tuple[int, int] = (8, 12)
    low_back_single_leg_hold_s: float = 3.0
    # Pain-led progression: loads rise only after a session with pain at most this [design].
    low_back_progress_pain_max: int = 0
    # Joint replacement: load ceiling x bodyweight, no maximal attempts [design].
    joint_bodyweight_ratio: float = 1.0
    joint_rpe_max: float = 8.0
    joint_top_rung: int = 5
    # Abdominal surgery: stages counted from the clearance date [design].
    bracing: tuple[BracingStage, ...] = field(default_factory=_stages)

    def __post_init__(self) -> None:
        if not 0 < self.low_back_e1rm_fraction <= 1 or not 0 < self.joint_bodyweight_ratio <= 5:
            raise InputError("the injury load caps must be above 0 (fractions at most 1)")


DEFAULT_INJURY_RULES = InjuryRules()

_JOINT = ("hip_replacement", "hip_resurfacing")
UPPER_BODY_NOTE = (
    "Upper-body injury: no grip and no two-handed bar; a machine, a band, or a dumbbell held "
    "on the pelvis by the good hand [seed 002, 003]."
)
_PAD = (
    "After abdominal surgery: a thick bar pad, or a band or belt on the hip bones, never "
    "pressure on the scar [seed 003; design]."
)


@dataclass(frozen=True)
class LoadCeiling:
    """A clinician's load ceiling, given with the clearance of ``consideration`` (e.g.
    ``hip_replacement``): ``x_bodyweight`` times bodyweight, or ``kg``; one of the two."""

    consideration: str
    x_bodyweight: float | None = None
    kg: float | None = None

    def __post_init__(self) -> None:
        if (self.x_bodyweight is None) == (self.kg is None):
            raise InputError("a load ceiling is a multiple of bodyweight or kilograms: one of them")

    def kg_for(self, bodyweight_kg: float | None) -> float | None:
        """The ceiling in kilograms (None: a multiple of an unknown bodyweight)."""
        if self.kg is not None:
            return self.kg
        assert self.x_bodyweight is not None
        return None if bodyweight_kg is None else self.x_bodyweight * bodyweight_kg

    def text(self, bodyweight_kg: float | None) -> str:
        """ "0.8 x bodyweight (56.0 kg)", "50.0 kg"."""
        if self.kg is not None:
            return f"{self.kg:.1f} kg"
        kg = self.kg_for(bodyweight_kg)
        where = "" if kg is None else f" ({kg:.1f} kg)"
        return f"{self.x_bodyweight:g} x bodyweight{where}"


@dataclass(frozen=True)
class Injuries:
    """What the rules need to know: the screening's considerations (``low_back_pain``,
    ``upper_body_injury``, ``hip_replacement``, ``abdominal_surgery`` ...), the latest
    bodyweight, weeks since the abdominal surgery was cleared (None: not known), and the
    load ceilings clinicians gave with their clearances."""

    considerations: tuple[str, ...] = ()
    bodyweight_kg: float | None = None
    abdomen_weeks_cleared: float | None = None
    load_ceilings: tuple[LoadCeiling, ...] = ()

    def has(self, consideration: str) -> bool:
        return consideration in self.considerations

    @property
    def joint(self) -> bool:
        return any(item in self.considerations for item in _JOINT)

    def ceiling_of(self, considerations: tuple[str, ...]) -> LoadCeiling | None:
        """The lowest clinician's ceiling among ``considerations`` (None: none given)."""
        found = [c for c in self.load_ceilings if c.consideration in considerations]
        if not found:
            return None
        return min(found, key=lambda c: c.kg_for(self.bodyweight_kg) or float("inf"))


def top_rung(injuries: Injuries, rules: InjuryRules = DEFAULT_INJURY_RULES) -> int | None:
    """The highest rung the conditions allow (None: no limit)."""
    return rules.joint_top_rung if injuries.joint else None


def _is_loaded(item: Prescription) -> bool:
    return item.variation in _LOADED_TWO_LEG


def _cap_rpe(item: Prescription, cap: float) -> Prescription:
    rpe = cap if item.rpe_max is None else min(item.rpe_max, cap)
    return replace(item, rpe_max=rpe)


def _note(item: Prescription, *notes: str) -> Prescription:
    return replace(item, notes=tuple(dict.fromkeys((*item.notes, *notes))))


def _cap_load(item: Prescription, ceiling: float, equipment: Equipment) -> Prescription | None:
    """``item`` with its load at most ``ceiling`` (None: already under it)."""
    if item.load_kg is None or item.load_kg <= ceiling:
        return None
    implement = implement_for(item.variation)
    floor = minimum_load(equipment, implement)
    if floor is not None and ceiling < floor:
        return replace(item, load_kg=None)
    return replace(item, load_kg=round_load(ceiling, equipment, "down", implement=implement))


def _one_hand(equipment: Equipment) -> tuple[str, str]:
    """The variation an upper-body injury allows with this equipment, and its sentence."""
    if equipment.has_machine:
        return "machine_hip_thrust", "A machine: the pad holds the load, no hands needed."
    if equipment.has_bands:
        return "banded_hip_thrust", "A band over the hips: no hands needed."
    if equipment.dumbbells:
        return "dumbbell_hip_thrust", "A dumbbell on the pelvis, steadied by the good hand."
    return "hip_thrust", "Bodyweight with longer pauses: nothing to hold."


def _upper_body(
    session: list[Prescription], equipment: Equipment, rules: InjuryRules, reasons: list[str]
) -> list[Prescription]:
    out: list[Prescription] = []
    if any(_is_loaded(item) for item in session):
        reasons.append(UPPER_BODY_NOTE)
    for item in session:
        if item.variation not in rules.two_handed:
            out.append(item)
            continue
        swap, sentence = _one_hand(equipment)
        load = None
        if swap == "dumbbell_hip_thrust" and item.load_kg is not None and equipment.dumbbells:
            fits = [d for d in equipment.dumbbells if d <= item.load_kg]
            load = max(fits) if fits else min(equipment.dumbbells)
        kept = tuple(n for n in item.notes if "bar" not in n.lower())
        out.append(
            replace(item, variation=swap, load_kg=load, notes=(*kept, UPPER_BODY_NOTE, sentence))
        )
        reasons.append(
            f"Upper-body injury: the {_lower(item.variation)} needs both hands on the bar, "
            f"so it becomes the {_lower(swap)} [seed 002, 003]."
        )
    return out


def _lower(variation: str) -> str:
    """An exercise's display name inside a sentence ("the single-leg hip thrust")."""
    name = display_name(variation)
    return name[:1].lower() + name[1:]


def _low_back(
    session: list[Prescription],
    equipment: Equipment,
    e1rm_kg: float | None,
    rules: InjuryRules,
    reasons: list[str],
) -> list[Prescription]:
    if not session or not _is_loaded(session[0]):
        return session
    main = session[0]
    # Shoulders on a bench when there is one; without, the same single-leg work from the floor.
    one_leg = "single_leg_hip_thrust" if equipment.has_bench else "single_leg_glute_bridge"
    single = Prescription(
        one_leg,
        main.sets,
        rules.low_back_single_leg_reps,
        hold_s=rules.low_back_single_leg_hold_s,
        per_side=True,
        rpe_max=rules.low_back_rpe_max,
        tempo=f"1-{rules.low_back_single_leg_hold_s:g}-3",
        notes=(
            f"Low back pain: the main lift is the {_lower(one_leg)}, far less load on the "
            "spine for the same glute work [seed 002].",
        ),
    )
    two_leg = _cap_rpe(main, rules.low_back_rpe_max)
    cap_text = f"effort at most RPE {rules.low_back_rpe_max:g}"
    capped_text = ""
    if e1rm_kg is not None:
        ceiling = e1rm_kg * rules.low_back_e1rm_fraction
        capped = _cap_load(two_leg, ceiling, equipment)
        if capped is not None:
            two_leg = capped
            capped_text = " This session's load was capped."
        cap_text += (
            f", load at most {rules.low_back_e1rm_fraction:.0%} of your e1RM "
            f"({ceiling:.1f} kg of {e1rm_kg:.1f} kg)"
        )
    else:
        cap_text += (
            f"; the load cap ({rules.low_back_e1rm_fraction:.0%} of your e1RM) needs an "
            "e1RM: a barbell hip thrust set of 1-10 reps in the last 8 weeks, or one typed "
            "for a plan"
        )
    two_leg = _note(two_leg, f"Low back pain: second lift, {cap_text} [design].")
    rest = [item for item in session[1:] if item.variation != one_leg]
    reasons.append(
        f"Low back pain: the main lift is the {_lower(one_leg)} and the "
        f"{_lower(main.variation)} comes second ({cap_text}); loads go up only after "
        "a session without pain [seed 002; design]." + capped_text
    )
    return [single, two_leg, *rest]


def _joint(
    session: list[Prescription],
    equipment: Equipment,
    injuries: Injuries,
    rules: InjuryRules,
    reasons: list[str],
) -> list[Prescription]:
    bodyweight_kg = injuries.bodyweight_kg
    given = injuries.ceiling_of(_JOINT)
    default = LoadCeiling("hip_replacement", x_bodyweight=rules.joint_bodyweight_ratio)
    chosen = given or default
    ceiling = chosen.kg_for(bodyweight_kg)
    out: list[Prescription] = []
    capped_any = False
    for item in session:
        if item.load_kg is None and not _is_loaded(item):
            out.append(item)
            continue
        item = _cap_rpe(item, rules.joint_rpe_max)
        if ceiling is not None:
            capped = _cap_load(item, ceiling, equipment)
            if capped is not None:
                item, capped_any = capped, True
        out.append(
            _note(
                item,
                f"Joint replacement: no maximal attempts (RPE {rules.joint_rpe_max:g} at most).",
            )
        )
    if ceiling is None:
        where = "log your bodyweight (check in) to set the load ceiling"
    else:
        where = f"loads at most {chosen.text(bodyweight_kg)}"
    whose = (
        "your clinician's ceiling"
        if given is not None
        else "the method's default [design]; your clinician's own ceiling goes in the "
        "assessment with the clearance"
    )
    reasons.append(
        f"Joint replacement, cleared by your clinician: {where} ({whose}), no maximal "
        f"attempts (RPE {rules.joint_rpe_max:g} at most, no 1RM tests or heavy singles) and no "
        "heavy strength blocks; a prosthesis has a finite life under load [seed 003; design]."
        + (" This session's load was capped." if capped_any else "")
    )
    return out


def _other_ceilings(
    session: list[Prescription], equipment: Equipment, injuries: Injuries, reasons: list[str]
) -> list[Prescription]:
    """A clinician's ceiling given with another clearance (abdominal surgery, pregnancy)."""
    others = tuple(c.consideration for c in injuries.load_ceilings if c.consideration not in _JOINT)
    chosen = injuries.ceiling_of(others)
    if chosen is None:
        return session
    ceiling = chosen.kg_for(injuries.bodyweight_kg)
    name = chosen.consideration.replace("_", " ")
    if ceiling is None:
        reasons.append(
            f"Your clinician's ceiling ({name}) is {chosen.text(None)}: log your bodyweight "
            "(check in) so it can be applied."
        )
        return session
    out: list[Prescription] = []
    capped_any = False
    for item in session:
        capped = _cap_load(item, ceiling, equipment)
        if capped is not None:
            item, capped_any = capped, True
        out.append(item)
    reasons.append(
        f"Your clinician's ceiling ({name}): loads at most {chosen.text(injuries.bodyweight_kg)}."
        + (" This session's load was capped." if capped_any else "")
    )
    return out


def _abdomen(
    session: list[Prescription],
    weeks_cleared: float | None,
    rules: InjuryRules,
    reasons: list[str],
) -> list[Prescription]:
    stage = None
    if weeks_cleared is not None:
        stage = next((s for s in rules.bracing if weeks_cleared < s.until_weeks), None)
    out: list[Prescription] = []
    for item in session:
        if _is_loaded(item) or item.load_kg is not None:
            item = _note(item, _PAD)
            if stage is not None:
                item = _cap_rpe(item, stage.rpe_max)
                if not stage.load:
                    item = replace(item, load_kg=None)
                item = _note(item, stage.cue)
        out.append(item)
    reasons.append(_PAD)
    if stage is not None:
        reasons.append(stage.cue)
    elif weeks_cleared is None:
        reasons.append(
            "Record the date your surgeon cleared you: the bracing progression counts from it."
        )
    return out


def adapt(
    session: tuple[Prescription, ...],
    injuries: Injuries,
    equipment: Equipment,
    e1rm_kg: float | None = None,
    rules: InjuryRules = DEFAULT_INJURY_RULES,
) -> tuple[tuple[Prescription, ...], tuple[str, ...]]:
    """The session changed by each condition's rule, and one sentence per change (the reason
    shown in the plan and on Today)."""
    items = list(session)
    reasons: list[str] = []
    if injuries.has("upper_body_injury"):
        items = _upper_body(items, equipment, rules, reasons)
    if injuries.has("low_back_pain"):
        items = _low_back(items, equipment, e1rm_kg, rules, reasons)
    if injuries.joint and any(_is_loaded(i) or i.load_kg is not None for i in items):
        items = _joint(items, equipment, injuries, rules, reasons)
    if any(i.load_kg is not None for i in items):
        items = _other_ceilings(items, equipment, injuries, reasons)
    if injuries.has("abdominal_surgery") and any(
        _is_loaded(i) or i.load_kg is not None for i in items
    ):
        items = _abdomen(items, injuries.abdomen_weeks_cleared, rules, reasons)
    return tuple(items), tuple(dict.fromkeys(reasons))
