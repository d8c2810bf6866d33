"""Screening before any exercise (domain.md §3.1, §5.2, §8): red flags, clearance, pain.

``screen`` turns the safety answers into a ceiling (the highest rung allowed now), a cap on
the starting rung, flags, reasons and cues. It never diagnoses: every red flag and every
clearance rule points to a clinician. The windows and caps are data (``ScreeningRules``) so
a clinician can override them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum

from hipthrust.coaching.injuries import DEFAULT_INJURY_RULES
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.pain import DEFAULT_PAIN_RULES, PainRules, check_pain_score
from hipthrust.coaching.units import format_mass
from hipthrust.errors import InputError

__all__ = [
    "CEILING_CONDITIONS",
    "CLEARANCE_CONDITIONS",
    "CONDITION_DESCRIPTIONS",
    "CONSIDERATIONS",
    "DEFAULT_CONDITION_RULES",
    "DEFAULT_SCREENING_RULES",
    "FLAG_DESCRIPTIONS",
    "RED_FLAG_DESCRIPTIONS",
    "Condition",
    "ConditionKind",
    "ConditionRule",
    "Flag",
    "RedFlag",
    "Screening",
    "ScreeningRules",
    "screen",
]

TOP_RUNG = LADDER[-1].number


class RedFlag(StrEnum):
    """Signs that need a clinician before any exercise [lit: Finucane 2020, S]."""

    SADDLE_NUMBNESS = "saddle_numbness"
    BLADDER_BOWEL_DYSFUNCTION = "bladder_bowel_dysfunction"
    PROGRESSIVE_LEG_WEAKNESS = "progressive_leg_weakness"
    BILATERAL_LEG_NUMBNESS = "bilateral_leg_numbness"
    RECENT_SIGNIFICANT_TRAUMA = "recent_significant_trauma"
    CANCER_HISTORY_WEIGHT_LOSS_NIGHT_PAIN = "cancer_history_weight_loss_night_pain"
    FEVER_WITH_BACK_PAIN = "fever_with_back_pain"


RED_FLAG_DESCRIPTIONS: dict[RedFlag, str] = {
    RedFlag.SADDLE_NUMBNESS: "numbness around the groin, buttocks or inner thighs (saddle area)",
    RedFlag.BLADDER_BOWEL_DYSFUNCTION: "new trouble controlling or emptying the bladder or bowel",
    RedFlag.PROGRESSIVE_LEG_WEAKNESS: "leg weakness that is getting worse",
    RedFlag.BILATERAL_LEG_NUMBNESS: "numbness, tingling or weakness in both legs",
    RedFlag.RECENT_SIGNIFICANT_TRAUMA: "a recent fall, crash or blow to the back or hips",
    RedFlag.CANCER_HISTORY_WEIGHT_LOSS_NIGHT_PAIN: (
        "a history of cancer with unexplained weight loss or pain at night"
    ),
    RedFlag.FEVER_WITH_BACK_PAIN: "fever together with back pain",
}


class ConditionKind(StrEnum):
    HIP_REPLACEMENT = "hip_replacement"
    HIP_RESURFACING = "hip_resurfacing"
    ABDOMINAL_SURGERY_OPEN = "abdominal_surgery_open"
    ABDOMINAL_SURGERY_LAPAROSCOPIC = "abdominal_surgery_laparoscopic"
    HERNIA_REPAIR = "hernia_repair"
    ABDOMINOPLASTY = "abdominoplasty"
    PREGNANCY = "pregnancy"
    LOW_BACK_PAIN = "low_back_pain"
    UPPER_BODY_INJURY = "upper_body_injury"
    KNEE_PAIN = "knee_pain"


CONDITION_DESCRIPTIONS: dict[ConditionKind, str] = {
    ConditionKind.HIP_REPLACEMENT: "hip replacement",
    ConditionKind.HIP_RESURFACING: "hip resurfacing",
    ConditionKind.ABDOMINAL_SURGERY_OPEN: "open abdominal surgery",
    ConditionKind.ABDOMINAL_SURGERY_LAPAROSCOPIC: "keyhole (laparoscopic) abdominal surgery",
    ConditionKind.HERNIA_REPAIR: "hernia repair",
    ConditionKind.ABDOMINOPLASTY: "tummy tuck (abdominoplasty)",
    ConditionKind.PREGNANCY: "pregnancy",
    ConditionKind.LOW_BACK_PAIN: "low back pain or a back injury",
    ConditionKind.UPPER_BODY_INJURY: "an injured shoulder, arm, wrist or hand",
    ConditionKind.KNEE_PAIN: "knee pain",
}


# The conditions a clinician clears before loading, and so the ones whose clearance may come
# with a load ceiling (``Condition.max_load_*``) [design].
CEILING_CONDITIONS: frozenset[ConditionKind] = frozenset(
    {
        ConditionKind.HIP_REPLACEMENT,
        ConditionKind.HIP_RESURFACING,
        ConditionKind.ABDOMINAL_SURGERY_OPEN,
        ConditionKind.ABDOMINAL_SURGERY_LAPAROSCOPIC,
        ConditionKind.HERNIA_REPAIR,
        ConditionKind.ABDOMINOPLASTY,
        ConditionKind.PREGNANCY,
    }
)


def _ceiling_kinds() -> str:
    kinds = [kind for kind in ConditionKind if kind in CEILING_CONDITIONS]
    return ", ".join(CONDITION_DESCRIPTIONS[kind] for kind in kinds)


class Flag(StrEnum):
    """Flag ids of an assessment; docs/assessment.md says what each means."""

    REFER_CLINICIAN = "refer_clinician"
    NEEDS_CLEARANCE = "needs_clearance"
    SURGERY_EARLY_WINDOW = "surgery_early_window"
    RESTART_AFTER_SURGERY = "restart_after_surgery"
    PREGNANCY_MODIFY_SUPINE = "pregnancy_modify_supine"
    PAIN_NO_PROGRESSION = "pain_no_progression"
    PAIN_HOLD_DOSE = "pain_hold_dose"
    ACUTE_NO_LOAD = "acute_no_load"
    BRIDGE_TEST_NEEDED = "bridge_test_needed"
    LUMBAR_COMPENSATION = "lumbar_compensation"
    HIP_FLEXOR_STIFFNESS = "hip_flexor_stiffness"
    ASYMMETRY = "asymmetry"
    FOOT_PLACEMENT = "foot_placement"
    ENDURANCE_ASYMMETRY = "endurance_asymmetry"


FLAG_DESCRIPTIONS: dict[Flag, str] = {
    Flag.REFER_CLINICIAN: "see a clinician before any exercise; nothing is prescribed",
    Flag.NEEDS_CLEARANCE: "a clinician's clearance is needed before any loaded exercise",
    Flag.SURGERY_EARLY_WINDOW: "too soon after surgery for anything that strains",
    Flag.RESTART_AFTER_SURGERY: "after surgery the ladder restarts at rung 1",
    Flag.PREGNANCY_MODIFY_SUPINE: "pregnancy: keep time lying on the back short",
    Flag.PAIN_NO_PROGRESSION: "pain above 5/10: no progression until it settles",
    Flag.PAIN_HOLD_DOSE: "pain 3-5/10: start low and hold the dose",
    Flag.ACUTE_NO_LOAD: "acute pain or injury: no load until it settles or a clinician clears it",
    Flag.BRIDGE_TEST_NEEDED: "no bridge test yet: do it first",
    Flag.LUMBAR_COMPENSATION: "the lower back takes over from the hips",
    Flag.HIP_FLEXOR_STIFFNESS: "little true hip extension: stiff hip flexors and/or weakness",
    Flag.ASYMMETRY: "one leg clearly weaker on the single-leg bridge",
    Flag.FOOT_PLACEMENT: "felt in hamstrings or quads: adjust the feet",
    Flag.ENDURANCE_ASYMMETRY: "endurance test sides differ (context only)",
}

# Programming considerations, in the order they are reported.
CONSIDERATIONS = (
    "low_back_pain",
    "upper_body_injury",
    "knee_pain",
    "pregnancy",
    "hip_replacement",
    "hip_resurfacing",
    "abdominal_surgery",
)


@dataclass(frozen=True)
class Condition:
    """A surgery, pregnancy or painful condition.

    ``weeks_ago``: weeks since the surgery, or since the pain or injury began; for
    pregnancy, weeks pregnant. None when not given. ``cleared``: a clinician has cleared
    the person for loaded training.
    """

    kind: ConditionKind
    weeks_ago: float | None = None
    cleared: bool = False
    # The clinician's load ceiling given with the clearance: a multiple of bodyweight or
    # kilograms (at most one); None: the method's default (``coaching.injuries``).
    max_load_x_bodyweight: float | None = None
    max_load_kg: float | None = None

    def __post_init__(self) -> None:
        if self.weeks_ago is not None and not (
            math.isfinite(self.weeks_ago) and 0 <= self.weeks_ago <= 5200
        ):
            raise InputError(f"weeks_ago must be between 0 and 5200, not {self.weeks_ago}")
        ratio, kg = self.max_load_x_bodyweight, self.max_load_kg
        if ratio is None and kg is None:
            return
        if ratio is not None and kg is not None:
            raise InputError(
                "give the clinician's load ceiling as a multiple of bodyweight or in kg, not both"
            )
        if self.kind not in CEILING_CONDITIONS:
            raise InputError(
                f"a load ceiling comes with a clinician's clearance ({_ceiling_kinds()}), not "
                f"with {CONDITION_DESCRIPTIONS[self.kind]}"
            )
        if ratio is not None and not (math.isfinite(ratio) and 0.1 <= ratio <= 3):
            raise InputError(f"the load ceiling must be 0.1 to 3 x bodyweight, not {ratio:g}")
        if kg is not None and not (math.isfinite(kg) and 1 <= kg <= 1000):
            raise InputError(f"the load ceiling must be 1 to 1000 kg, not {kg:g}")

    def load_ceiling(self) -> tuple[float | None, float | None] | None:
        """The clinician's ceiling (x bodyweight, kg), or None when none was given."""
        if self.max_load_x_bodyweight is None and self.max_load_kg is None:
            return None
        return self.max_load_x_bodyweight, self.max_load_kg


@dataclass(frozen=True)
class ConditionRule:
    """How one condition kind shapes the assessment.

    ``needs_clearance``: no loaded prescription until a clinician clears it (while the
    condition is younger than ``clearance_within_weeks``; None: always). Inside
    ``early_window_weeks`` nothing that strains is allowed at all, cleared or not. The start
    rung is capped at ``start_cap`` when not yet cleared, and afterwards while the condition is
    younger than ``cap_window_weeks`` (None: always) or its age is unknown.
    """

    kind: ConditionKind
    consideration: str
    needs_clearance: bool = False
    clearance_within_weeks: float | None = None
    early_window_weeks: float = 0.0
    start_cap: int | None = None
    cap_window_weeks: float | None = None
    max_rung: int = TOP_RUNG  # the ceiling once cleared (or when no clearance is needed)
    ceiling_why: str = ""  # why ``max_rung`` is below the top rung, shown with it
    # While the condition is younger than this and not cleared, no load at all (None: never).
    no_load_weeks: float | None = None
    flags: tuple[Flag, ...] = ()
    cues: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.consideration not in CONSIDERATIONS:
            raise InputError(f"unknown consideration {self.consideration!r}")
        if self.start_cap is not None and not 0 <= self.start_cap <= TOP_RUNG:
            raise InputError(f"start_cap must be a rung from 0 to {TOP_RUNG}")


_HIP_CUES = (
    "Follow your surgeon's precautions on how far the operated hip may bend and turn; set the "
    "feet so that hip does not twist.",
    "A replaced or resurfaced joint has a finite life: build strength with perfect form and "
    "moderate loads rather than chasing maximal lifts.",
)
_ABDOMEN_CUES = (
    "The abdominal wall braces the trunk in every bridge and hip thrust, so it works even "
    "with no weight on the belly: breathe out as you lift and never hold your breath to strain.",
    "Stop and tell your surgeon about any bulge, pulling or pain at the scar.",
    "Keep pressure off the scar: a thick pad, or a band or machine belt resting on the hip "
    "bones, not the belly.",
)
# Abdominal surgery: no heavy straining for at least 2 weeks after laparoscopic and 4 weeks
# after open or mesh repair [lit: Schaaf 2022, W; design]; abdominoplasty is treated like open
# surgery and hernia repair as possibly open or mesh (4 weeks) [design]. Cleared, the ladder
# restarts at rung 1 for the first 8 weeks [design]; after a year the surgery no longer asks
# for clearance [design].
_OPEN_ABDOMEN = ConditionRule(
    ConditionKind.ABDOMINAL_SURGERY_OPEN,
    consideration="abdominal_surgery",
    needs_clearance=True,
    clearance_within_weeks=52.0,
    early_window_weeks=4.0,
    start_cap=1,
    cap_window_weeks=8.0,
    cues=_ABDOMEN_CUES,
)
# Hip replacement or resurfacing: surgeons' advice ranges 6 weeks to 3 months and return to
# sport typically takes 16-28 weeks [lit: Hoorntje 2018, M]. Design: nothing that strains
# in the first 6 weeks (the shortest advice given); a lasting joint implant always asks for
# clearance; cleared, the ladder restarts at rung 1 until 16 weeks (earliest typical return).
# Cleared, no heavy strength blocks: the top rung stays closed (``InjuryRules.joint_top_rung``,
# the one number the plan, the decision and the placement read) [seed 003; design].
_HIP_REPLACEMENT = ConditionRule(
    ConditionKind.HIP_REPLACEMENT,
    consideration="hip_replacement",
    needs_clearance=True,
    early_window_weeks=6.0,
    start_cap=1,
    cap_window_weeks=16.0,
    max_rung=DEFAULT_INJURY_RULES.joint_top_rung,
    ceiling_why="a replaced or resurfaced joint takes no heavy strength blocks or maximal "
    "attempts [seed 003; design]",
    cues=_HIP_CUES,
)

DEFAULT_CONDITION_RULES: tuple[ConditionRule, ...] = (
    _HIP_REPLACEMENT,
    replace(_HIP_REPLACEMENT, kind=ConditionKind.HIP_RESURFACING, consideration="hip_resurfacing"),
    _OPEN_ABDOMEN,
    replace(
        _OPEN_ABDOMEN, kind=ConditionKind.ABDOMINAL_SURGERY_LAPAROSCOPIC, early_window_weeks=2.0
    ),
    replace(_OPEN_ABDOMEN, kind=ConditionKind.HERNIA_REPAIR),
    replace(_OPEN_ABDOMEN, kind=ConditionKind.ABDOMINOPLASTY),
    # Pregnancy: clinician's advice first; supine work may need modifying; stop on ACOG
    # warning signs [lit: ACOG 804, Mottola 2018, S]. Cleared, no advanced rung [design].
    ConditionRule(
        ConditionKind.PREGNANCY,
        consideration="pregnancy",
        needs_clearance=True,
        max_rung=5,
        ceiling_why="in pregnancy, no heavy strength blocks [design]",
        flags=(Flag.PREGNANCY_MODIFY_SUPINE,),
        cues=(
            "Keep time lying flat on your back short: the bench hip thrust keeps the trunk "
            "inclined and suits pregnancy better than floor bridges; stop if you feel dizzy or "
            "light-headed.",
            "Stop and call your clinician on any warning sign: bleeding, fluid leaking, regular "
            "painful contractions, chest pain, dizziness, headache, calf pain or swelling, or "
            "breathlessness before exercise.",
            "If a bar or weight on the lower belly worries you, use a band or a machine belt "
            "on the hip bones, or stay with bodyweight.",
        ),
    ),
    # Low back pain: lighter loads, single-leg version, strict pelvic control, pain
    # monitoring [seed 002, 003]. Start no higher than the single-leg bridge while the pain is
    # under 12 weeks old or its age is unknown [design]; no load at all while it is acute,
    # under 6 weeks (the usual line between acute and subacute back pain) or of unknown age,
    # unless a clinician cleared it [design].
    ConditionRule(
        ConditionKind.LOW_BACK_PAIN,
        consideration="low_back_pain",
        start_cap=2,
        cap_window_weeks=12.0,
        no_load_weeks=6.0,
        cues=(
            "Go lighter than before the back pain and build back slowly.",
            "Favour the single-leg versions: the glutes work hard with far less load on the "
            "spine, and keep them in your programme later on.",
            "Keep strict pelvic control: brace, ribs down, tuck the pelvis at the top, and end "
            "each rep where the lower back starts to take over from the hips.",
            "Rate your pain during each session and the next morning: up to 2/10 is fine, 3-5 "
            "means hold the dose, above 5 means step back.",
        ),
    ),
    # Upper-body injury: the hip thrust keeps the posterior chain trained without loading the
    # arms or grip [seed 002].
    ConditionRule(
        ConditionKind.UPPER_BODY_INJURY,
        consideration="upper_body_injury",
        cues=(
            "The hip thrust needs no grip and trains the hips while the arm heals; keep the "
            "injured arm relaxed.",
            "Pick a setup the injured side does not have to steady: a band, a machine, or a "
            "dumbbell held by the good hand; ask your clinician before leaning an injured "
            "shoulder on a bench.",
        ),
    ),
    # Knee pain: the hip thrust is friendlier to the knee than the deadlift [seed 002].
    ConditionRule(
        ConditionKind.KNEE_PAIN,
        consideration="knee_pain",
        cues=(
            "The hip thrust is usually kinder to sore knees than the deadlift; keep the shins "
            "vertical at the top.",
            "If a knee complains, try the feet slightly further out so the knee bends less.",
        ),
    ),
)


@dataclass(frozen=True)
class ScreeningRules:
    conditions: tuple[ConditionRule, ...] = DEFAULT_CONDITION_RULES
    # No loaded prescription until clearance [domain §3.1]: bodyweight rungs only.
    uncleared_max_rung: int = 4
    pain: PainRules = DEFAULT_PAIN_RULES

    def __post_init__(self) -> None:
        kinds = [rule.kind for rule in self.conditions]
        missing = [kind.value for kind in ConditionKind if kind not in kinds]
        if missing or len(kinds) != len(set(kinds)):
            raise InputError("screening rules need exactly one rule per condition kind")
        if not 0 <= self.uncleared_max_rung <= TOP_RUNG:
            raise InputError(f"uncleared_max_rung must be a rung from 0 to {TOP_RUNG}")

    def rule(self, kind: ConditionKind) -> ConditionRule:
        return next(rule for rule in self.conditions if rule.kind is kind)


DEFAULT_SCREENING_RULES = ScreeningRules()
# The conditions a clinician clears before loading (the default rules that ask for it).
CLEARANCE_CONDITIONS: frozenset[ConditionKind] = frozenset(
    rule.kind for rule in DEFAULT_SCREENING_RULES.conditions if rule.needs_clearance
)


@dataclass(frozen=True)
class Screening:
    """What screening allows: ``max_rung`` is the ceiling now, ``start_cap`` caps the start."""

    refer: bool
    max_rung: int
    start_cap: int
    flags: tuple[Flag, ...]
    reasons: tuple[str, ...]
    cues: tuple[str, ...]
    considerations: tuple[str, ...]
    reassess_in_weeks: float | None = None
    no_load: tuple[str, ...] = ()  # why no load is prescribed, a sentence each
    ceiling_reasons: tuple[str, ...] = ()  # why the highest rung is below the top, once cleared


def _weeks(value: float) -> str:
    return f"{value:g} week" + ("" if value == 1 else "s")


def _refer(red_flags: tuple[RedFlag, ...], pain: int, worsening: bool, refer_at: int) -> list[str]:
    reasons = [
        f"You reported {RED_FLAG_DESCRIPTIONS[flag]}: this needs a clinician's check before any "
        "exercise."
        for flag in red_flags
    ]
    if pain >= refer_at:
        reasons.append(
            f"Pain of {pain}/10 is severe: see a clinician before exercising (this is not a "
            "diagnosis)."
        )
    if worsening:
        reasons.append("Pain that keeps getting worse needs a clinician's check before exercise.")
    return reasons


def screen(
    red_flags: tuple[RedFlag, ...] = (),
    conditions: tuple[Condition, ...] = (),
    pain_now: int | None = None,
    pain_during_bridge: int | None = None,
    pain_worsening: bool = False,
    rules: ScreeningRules = DEFAULT_SCREENING_RULES,
) -> Screening:
    """Screen the safety answers; unanswered pain counts as 0."""
    pain = max(
        check_pain_score(pain_now or 0, "pain_now"),
        check_pain_score(pain_during_bridge or 0, "pain_during_bridge"),
    )
    considerations = tuple(
        item
        for item in CONSIDERATIONS
        if any(rules.rule(c.kind).consideration == item for c in conditions)
    )
    if red_flags or pain >= rules.pain.refer_at or pain_worsening:
        return Screening(
            refer=True,
            max_rung=0,
            start_cap=0,
            flags=(Flag.REFER_CLINICIAN,),
            reasons=(
                *_refer(red_flags, pain, pain_worsening, rules.pain.refer_at),
                "No exercise is prescribed until a clinician has seen you.",
            ),
            cues=("See a doctor or physical therapist soon; take these answers with you.",),
            considerations=considerations,
        )

    flags: list[Flag] = []
    reasons: list[str] = []
    cues: list[str] = []
    no_load: list[str] = []
    max_rung = TOP_RUNG
    start_cap = TOP_RUNG
    come_back: list[float] = []
    ceiling_reasons: list[str] = []
    for condition in conditions:
        rule = rules.rule(condition.kind)
        name = CONDITION_DESCRIPTIONS[condition.kind]
        weeks = condition.weeks_ago
        flags.extend(rule.flags)
        cues.extend(rule.cues)
        early = rule.early_window_weeks > 0 and (
            (weeks is None and not condition.cleared)
            or (weeks is not None and weeks < rule.early_window_weeks)
        )
        if early:
            flags.append(Flag.SURGERY_EARLY_WINDOW)
            max_rung = 0
            if weeks is None:
                reasons.append(
                    f"After {name}, nothing that strains is advised for the first "
                    f"{_weeks(rule.early_window_weeks)}; say how many weeks ago it was so the "
                    "assessment can place you."
                )
            else:
                left = rule.early_window_weeks - weeks
                come_back.append(left)
                reasons.append(
                    f"You are {_weeks(weeks)} after {name}: nothing that strains is advised "
                    f"for the first {_weeks(rule.early_window_weeks)}. Come back in "
                    f"{_weeks(left)}, or when your surgeon says, and assess again."
                )
        uncleared = (
            rule.needs_clearance
            and not condition.cleared
            and (
                rule.clearance_within_weeks is None
                or weeks is None
                or weeks < rule.clearance_within_weeks
            )
        )
        if uncleared:
            flags.append(Flag.NEEDS_CLEARANCE)
            max_rung = min(max_rung, rules.uncleared_max_rung)
            sentence = (
                f"{name.capitalize()} needs your clinician's clearance before any loaded "
                "exercise: bodyweight work only until you have it, then assess again."
            )
            no_load.append(sentence)
            if not early:
                reasons.append(sentence)
        else:
            max_rung = min(max_rung, rule.max_rung)
            if rule.max_rung < TOP_RUNG and rule.ceiling_why:
                ceiling_reasons.append(
                    f"After {name}: rung {rule.max_rung} at most, {rule.ceiling_why}."
                    if rule.needs_clearance
                    else f"With {name}: rung {rule.max_rung} at most, {rule.ceiling_why}."
                )
            ceiling_cue = _load_ceiling_cue(condition, name) if condition.cleared else None
            if ceiling_cue is not None:
                cues.append(ceiling_cue)
        acute = (
            rule.no_load_weeks is not None
            and not condition.cleared
            and (weeks is None or weeks < rule.no_load_weeks)
        )
        if acute and rule.no_load_weeks is not None:
            flags.append(Flag.ACUTE_NO_LOAD)
            max_rung = min(max_rung, rules.uncleared_max_rung)
            age = "of unknown age" if weeks is None else f"{_weeks(weeks)} old"
            sentence = (
                f"{name.capitalize()} {age} is still acute: no load for the first "
                f"{_weeks(rule.no_load_weeks)} (or until a clinician clears you), building back "
                "with the single-leg versions."
            )
            no_load.append(sentence)
            reasons.append(sentence)
        capped = rule.start_cap is not None and (
            uncleared
            or weeks is None
            or rule.cap_window_weeks is None
            or weeks < rule.cap_window_weeks
        )
        if rule.start_cap is not None and capped and rule.start_cap < start_cap:
            start_cap = rule.start_cap
            if rule.needs_clearance:
                flags.append(Flag.RESTART_AFTER_SURGERY)
                if not early:
                    reasons.append(
                        f"After {name} the ladder restarts at rung {rule.start_cap}; the gates "
                        "let you climb quickly once each rung is easy."
                    )
            else:
                reasons.append(
                    f"With recent {name}, start no higher than rung {rule.start_cap} and build "
                    "back with strict pelvic control."
                )

    safe_max, acceptable_max = rules.pain.safe_max, rules.pain.acceptable_max
    if pain > acceptable_max:
        flags.append(Flag.PAIN_NO_PROGRESSION)
        max_rung = 0
        reasons.append(
            f"Pain of {pain}/10 is above {acceptable_max}/10: no progression. Repeat the bridge "
            f"test when it is {acceptable_max}/10 or less; see a clinician if it does not settle."
        )
    elif pain > safe_max:
        flags.append(Flag.PAIN_HOLD_DOSE)
        start_cap = min(start_cap, 1)
        max_rung = min(max_rung, rules.uncleared_max_rung)
        reasons.append(
            f"Pain of {pain}/10 is acceptable but above {safe_max}/10: start at the first rung "
            "and hold the dose until it settles."
        )
        no_load.append(
            f"Pain of {pain}/10 in the screening is above {safe_max}/10: no load until it "
            "settles; answer the screening again then."
        )
    return Screening(
        refer=False,
        max_rung=max_rung,
        start_cap=min(start_cap, max_rung),
        flags=tuple(dict.fromkeys(flags)),
        reasons=tuple(reasons),
        cues=tuple(dict.fromkeys(cues)),
        considerations=considerations,
        reassess_in_weeks=max(come_back) if come_back else None,
        no_load=tuple(dict.fromkeys(no_load)),
        ceiling_reasons=tuple(dict.fromkeys(ceiling_reasons)) if max_rung < TOP_RUNG else (),
    )


_JOINT_KINDS = (ConditionKind.HIP_REPLACEMENT, ConditionKind.HIP_RESURFACING)


def _load_ceiling_cue(condition: Condition, name: str) -> str | None:
    """The load ceiling that comes with a clearance: the clinician's, else (a joint) the
    method's default [design], with no maximal attempts for a joint."""
    ratio, kg = condition.max_load_x_bodyweight, condition.max_load_kg
    joint = condition.kind in _JOINT_KINDS
    rules = DEFAULT_INJURY_RULES
    attempts = (
        f"; no maximal attempts (no 1RM tests or heavy singles, RPE {rules.joint_rpe_max:g} at "
        "most)"
        if joint
        else ""
    )
    if ratio is not None:
        return (
            f"Your clinician's load ceiling after {name}: at most {ratio:g} x bodyweight{attempts}."
        )
    if kg is not None:
        return (
            f"Your clinician's load ceiling after {name}: at most {format_mass(kg, 'kg')}"
            f"{attempts}."
        )
    if joint:
        return (
            f"Loads after {name}: at most {rules.joint_bodyweight_ratio:g} x bodyweight, the "
            "method's default [design], until your clinician gives a ceiling (record it with "
            f"the clearance in the assessment){attempts}."
        )
    return None
