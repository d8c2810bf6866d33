"""The assessment (domain.md §3, §4, §7): from a person's answers to a starting rung.

``assess`` screens first (``screening.screen``: red flags, clearance, pain), then reads the
bridge test [seed 002] through a small table of data (``START_TABLE``: the first row whose
evidence is all present gives the rung), then applies caps (lumbar compensation, hip flexor
stiffness, screening) and the ceiling. Unloaded mastery comes before load [seed 003, 002].
The result's JSON is a contract (``schema_version`` 1) read by ``hipthrust plan``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from hipthrust.coaching.assessment_answers import (
    Answers,
    BridgeTest,
    EnduranceTest,
    HugComparison,
    SideComparison,
    SideDegrees,
    SingleLegBridge,
    TwoLegBridge,
)
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.screening import DEFAULT_SCREENING_RULES, Flag, ScreeningRules, screen
from hipthrust.errors import InputError

__all__ = [
    "DEFAULT_ASSESSMENT_RULES",
    "START_TABLE",
    "Answers",
    "Assessment",
    "AssessmentRules",
    "BridgeTest",
    "EnduranceNote",
    "EnduranceTest",
    "Evidence",
    "HugComparison",
    "SideComparison",
    "SideDegrees",
    "SingleLegBridge",
    "StartStep",
    "StrengthLevel",
    "TwoLegBridge",
    "assess",
]


class Evidence(StrEnum):
    """What the answers show; the start table is written in these terms."""

    BRIDGE_TESTED = "bridge_tested"  # a two-leg or single-leg bridge was recorded
    TWO_LEG_CLEAN = "two_leg_clean"  # full extension, no lumbar compensation
    TWO_LEG_REPS = "two_leg_reps"  # the rung 1 gate's reps with a 3 s hold
    SINGLE_LEG_STARTED = "single_leg_started"  # enough single-leg reps on both sides to train
    SINGLE_LEG_MASTERED = "single_leg_mastered"  # the rung 2 gate's reps on both sides
    EXPERIENCED = "experienced"  # a hip thrust 1RM and enough months of training
    NO_CAUTION_FLAGS = "no_caution_flags"  # no asymmetry, stiffness, compensation or pain


@dataclass(frozen=True)
class StartStep:
    rung: int
    requires: frozenset[Evidence]
    why: str


_E = Evidence
# First row whose evidence is all present wins [seed 002 progression; seed 003 unloaded first;
# design for the exact rows]. Rung 6 is never a starting rung: it is earned on the ladder.
START_TABLE: tuple[StartStep, ...] = (
    StartStep(
        5,
        frozenset({_E.TWO_LEG_CLEAN, _E.SINGLE_LEG_MASTERED, _E.EXPERIENCED, _E.NO_CAUTION_FLAGS}),
        "A clean bridge test, single-leg mastery and hip thrust experience: start with load.",
    ),
    StartStep(
        4,
        frozenset({_E.TWO_LEG_CLEAN, _E.SINGLE_LEG_MASTERED, _E.EXPERIENCED}),
        "Single-leg mastery and hip thrust experience, with a point to fix first: start on the "
        "single-leg hip thrust.",
    ),
    StartStep(
        3,
        frozenset({_E.TWO_LEG_CLEAN, _E.SINGLE_LEG_MASTERED}),
        "The single-leg bridge is mastered on both sides: move to the bench and learn the pivot.",
    ),
    StartStep(
        2,
        frozenset({_E.TWO_LEG_CLEAN, _E.SINGLE_LEG_STARTED}),
        "A clean two-leg bridge and a workable single-leg bridge: start on one leg.",
    ),
    StartStep(
        2,
        frozenset({_E.TWO_LEG_CLEAN, _E.TWO_LEG_REPS}),
        "The two-leg bridge is already mastered: start on one leg.",
    ),
    StartStep(
        1,
        frozenset({_E.BRIDGE_TESTED}),
        "Start with the two-leg glute bridge until it is strong and clean.",
    ),
    StartStep(0, frozenset(), "Do the bridge test first: it decides where you start."),
)

# Where a set was felt -> the cue [seed 001, 002; domain §2].
_FELT_IN_CUES = {
    "hamstrings": "Felt in the hamstrings or they cramp: move the feet closer so the shins are "
    "vertical at the top.",
    "quads": "Felt in the quads: move the feet further out so the shins are vertical at the top.",
    "lower_back": "Felt in the lower back: brace, keep the ribs down and tuck the pelvis at the "
    "top; end each rep where the back starts to take over.",
    "knees": "Felt in the knees: check the shins are vertical at the top and the knees stay "
    "over the feet.",
    "hip_front": "Felt at the front of the hip: stretch the hip flexors (half-kneeling) and stop "
    "short of the pinch.",
    "abdomen": "Felt in the belly: breathe out on the way up and never hold your breath to strain.",
}

_LUMBAR_CUE = (
    "Move from the hips, not the lower back: brace, keep the ribs down, look forward and tuck "
    "the pelvis at the top; stop each rep where the back starts to take over."
)

# One cue per starting rung [seed 002; seed 003 (Brad's question) for rung 3].
_START_CUES = (
    "Do the bridge test: a two-leg bridge, a single-leg bridge with the other leg at 90/90, "
    "and a single-leg bridge hugging the other knee; note height, reps and where you feel it.",
    "Master the two-leg glute bridge: 15 reps with a 3 s hold, full extension, no arch.",
    "Build the single-leg glute bridge to 12 reps each side with a 3 s hold.",
    "No need to get strong on barbell glute bridges first: learn the bench pivot with the "
    "bodyweight hip thrust; moving from bridge to hip thrust can be quick when nothing hurts.",
    "Aim for 12 or more reps each leg with a 3 s hold on the single-leg hip thrust: a target, "
    "not a must, before loading two legs.",
    "Begin with a load you move exactly like bodyweight, and keep single-leg hip thrusts as an "
    "accessory for back health.",
    "",
)


@dataclass(frozen=True)
class AssessmentRules:
    screening: ScreeningRules = DEFAULT_SCREENING_RULES
    start_table: tuple[StartStep, ...] = START_TABLE
    # Rung 1 gate: 15 reps with a 3 s hold; rung 2 gate: 12 per leg [seed 002; ladder.py].
    two_leg_reps_mastered: int = LADDER[1].gate.min_reps if LADDER[1].gate else 15
    single_leg_reps_mastered: int = LADDER[2].gate.min_reps if LADDER[2].gate else 12
    # Bottom of rung 2's dose: enough to train on one leg [design].
    single_leg_reps_started: int = 6
    # Knee-hug hip extension "almost zero" means stiffness and/or weakness [seed 002]; the
    # number is ours [design].
    stiff_hip_extension_deg: float = 10.0
    # Step 3 without a protractor: the knee-hug bridge compared with the two-leg bridge, read
    # as an estimated angle on the same scale (0 barely off the floor, 10 a small lift, 20 or
    # more a clear lift) [design]: "much lower" and "could not lift" fall under the
    # stiffness line, "a bit lower" just above it.
    hug_comparison_estimates_deg: tuple[tuple[HugComparison, float], ...] = (
        (HugComparison.SAME, 20.0),
        (HugComparison.A_BIT_LOWER, 12.0),
        (HugComparison.MUCH_LOWER, 5.0),
        (HugComparison.CANNOT_LIFT, 0.0),
    )
    # Left/right difference worth acting on, as a fraction of the better side [design].
    asymmetry_fraction: float = 0.15
    # Hip thrust experience that may start loaded: a known 1RM and this many months [design].
    experienced_training_months: int = 6
    # Caps on the starting rung [design]: the rung 1 gate asks for no lumbar compensation;
    # stiff hips bridge for range before the bench adds more.
    lumbar_compensation_max_start: int = 1
    hip_flexor_stiffness_max_start: int = 2
    # Single-leg bridge endurance clinic norms (secondary source, W) [Freckleton 2014];
    # a left/right difference above this fraction is worth noting [design: 10-15%].
    endurance_poor_below: int = 20
    endurance_good_above: int = 30
    endurance_asymmetry_fraction: float = 0.10

    def __post_init__(self) -> None:
        if not self.start_table or self.start_table[-1].requires:
            raise InputError("the start table must end with a row that requires nothing")
        if {answer for answer, _ in self.hug_comparison_estimates_deg} != set(HugComparison):
            raise InputError("the knee-hug estimates must give one angle to each comparison")
        if any(not 0 <= step.rung < len(LADDER) for step in self.start_table):
            raise InputError(f"start table rungs must be from 0 to {len(LADDER) - 1}")
        if not 0 < self.asymmetry_fraction < 1 or not 0 < self.endurance_asymmetry_fraction < 1:
            raise InputError("asymmetry fractions must be between 0 and 1")

    def estimated_hug(self, compared: SideComparison) -> SideDegrees:
        """The knee-hug bridge's angle each side, estimated from the comparison."""
        table = dict(self.hug_comparison_estimates_deg)
        return SideDegrees(table[compared.left], table[compared.right])


DEFAULT_ASSESSMENT_RULES = AssessmentRules()


# The only hip thrust strength levels (domain.md §7) are user-submitted data from women, with
# no peer-reviewed norms; the assessment does not ask sex, so it makes no comparison: it gives
# the lifter's own 1RM / bodyweight ratio, to follow over time [design; issue 16].
_OWN_RATIO_NOTE = (
    "Your own ratio, to follow over time; no comparison is made: the only published levels "
    "are user-submitted data from women, and no peer-reviewed norms exist."
)


@dataclass(frozen=True)
class StrengthLevel:
    """The 1RM / bodyweight ratio; ``level`` stays None (no level is claimed, see above)."""

    ratio: float
    level: str | None = None
    note: str = _OWN_RATIO_NOTE

    def to_json(self) -> dict[str, Any]:
        return {"ratio_to_bodyweight": self.ratio, "level": self.level, "note": self.note}


@dataclass(frozen=True)
class EnduranceNote:
    left_reps: int
    right_reps: int
    left_rating: str
    right_rating: str
    difference_pct: float
    note: str = (
        "Context only: clinic norms from a secondary source; this is not a strength test and "
        "predicts hamstring strain risk only weakly."
    )

    def to_json(self) -> dict[str, Any]:
        return {
            "left_reps": self.left_reps,
            "right_reps": self.right_reps,
            "left_rating": self.left_rating,
            "right_rating": self.right_rating,
            "difference_pct": self.difference_pct,
            "note": self.note,
        }


@dataclass(frozen=True)
class Assessment:
    answers: Answers
    start_rung: int
    max_rung: int
    loading_allowed: bool
    flags: tuple[Flag, ...]
    reasons: tuple[str, ...]
    cues: tuple[str, ...]
    considerations: tuple[str, ...]
    strength_level: StrengthLevel | None = None
    endurance: EnduranceNote | None = None
    reassess_in_weeks: float | None = None
    no_load: tuple[str, ...] = ()  # why no load is prescribed (empty when it is allowed)
    # Why ``max_rung`` is below the top rung once cleared (a joint replacement, pregnancy).
    ceiling_reasons: tuple[str, ...] = ()
    schema_version: ClassVar[int] = 1

    @property
    def exercise_allowed(self) -> bool:
        """False when referred, inside a no-straining window, or held at rung 0 by pain."""
        return self.max_rung >= 1

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": self.schema_version,
            "start_rung": self.start_rung,
            "start_rung_name": LADDER[self.start_rung].name,
            "max_rung": self.max_rung,
            "loading_allowed": self.loading_allowed,
            "exercise_allowed": self.exercise_allowed,
            "flags": [flag.value for flag in self.flags],
            "reasons": list(self.reasons),
            "cues": list(self.cues),
            "considerations": list(self.considerations),
            "strength_level": None
            if self.strength_level is None
            else self.strength_level.to_json(),
            "endurance": None if self.endurance is None else self.endurance.to_json(),
            "reassess_in_weeks": self.reassess_in_weeks,
            "no_load_reasons": list(self.no_load),
            "ceiling_reasons": list(self.ceiling_reasons),
            "answers": self.answers.to_json(),
        }


def _difference(left: int, right: int) -> float:
    better = max(left, right)
    return 0.0 if better == 0 else abs(left - right) / better


@dataclass
class _Notes:
    flags: list[Flag] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    caps: list[int] = field(default_factory=list)


def _compared_words(answer: HugComparison) -> str:
    return {
        HugComparison.SAME: "as high as the two-leg bridge",
        HugComparison.A_BIT_LOWER: "a bit lower",
        HugComparison.MUCH_LOWER: "much lower",
        HugComparison.CANNOT_LIFT: "could not lift",
    }[answer]


def _read_bridge_test(
    answers: Answers, rules: AssessmentRules, notes: _Notes, allowed: bool
) -> set[Evidence]:
    test = answers.bridge_test or BridgeTest()
    two, one, hug = test.two_leg, test.single_leg, test.hug_knee_hip_extension_deg
    felt = (*(two.felt_in if two else ()), *(one.felt_in if one else ()))
    evidence: set[Evidence] = set()
    if two is None and one is None:
        if allowed:
            notes.flags.append(Flag.BRIDGE_TEST_NEEDED)
            notes.reasons.append("No bridge test was recorded, so the start is the test itself.")
    else:
        evidence.add(Evidence.BRIDGE_TESTED)
    notes.cues.extend(
        _FELT_IN_CUES[place] for place in dict.fromkeys(felt) if place in _FELT_IN_CUES
    )
    if {"hamstrings", "quads"} & set(felt):
        notes.flags.append(Flag.FOOT_PLACEMENT)
    if answers.lumbar_compensation or "lower_back" in felt:
        notes.flags.append(Flag.LUMBAR_COMPENSATION)
        notes.caps.append(rules.lumbar_compensation_max_start)
        notes.cues.append(_LUMBAR_CUE)
        notes.reasons.append(
            "The lower back took over from the hips: own full hip extension without arching "
            f"before going above rung {rules.lumbar_compensation_max_start}."
        )
    elif two is not None and two.full_extension:
        evidence.add(Evidence.TWO_LEG_CLEAN)
    if two is not None and not two.full_extension:
        notes.reasons.append(
            "The two-leg bridge did not reach full hip extension: that comes first."
        )
    if two is not None and two.reps is not None and two.reps >= rules.two_leg_reps_mastered:
        evidence.add(Evidence.TWO_LEG_REPS)
    if one is not None:
        weaker = min(one.left_reps, one.right_reps)
        if weaker >= rules.single_leg_reps_mastered:
            evidence.add(Evidence.SINGLE_LEG_MASTERED)
        if weaker >= rules.single_leg_reps_started:
            evidence.add(Evidence.SINGLE_LEG_STARTED)
        gap = _difference(one.left_reps, one.right_reps)
        if gap > rules.asymmetry_fraction:
            side = "left" if one.left_reps < one.right_reps else "right"
            notes.flags.append(Flag.ASYMMETRY)
            notes.reasons.append(
                f"Single-leg bridge: {one.left_reps} reps left, {one.right_reps} right "
                f"({gap:.0%} apart, more than {rules.asymmetry_fraction:.0%})."
            )
            notes.cues.append(
                f"Start single-leg sets with the weaker {side} side and match its reps on the "
                "other."
            )
    compared = test.hug_knee_compared
    estimated = hug is None and compared is not None
    if hug is None and compared is not None:
        hug = rules.estimated_hug(compared)
        notes.reasons.append(
            "The knee-hug bridge was compared with the two-leg bridge, not measured: an "
            f"estimate of about {hug.left:g}° left ({_compared_words(compared.left)}) and "
            f"{hug.right:g}° right ({_compared_words(compared.right)})."
        )
    if hug is not None:
        about = "about " if estimated else ""
        stiff = [
            f"{side} {about}{deg:g}°"
            for side, deg in (("left", hug.left), ("right", hug.right))
            if deg < rules.stiff_hip_extension_deg
        ]
        if stiff:
            notes.flags.append(Flag.HIP_FLEXOR_STIFFNESS)
            notes.caps.append(rules.hip_flexor_stiffness_max_start)
            notes.reasons.append(
                "The knee-hug bridge showed little true hip extension "
                f"({', '.join(stiff)}{', estimated' if estimated else ''}): "
                "stiffness at the front of the hip and/or weak hip and trunk muscles, often both."
            )
            notes.cues.append(
                "Gain range: stretch the hip flexors (half-kneeling), practise the knee-hug "
                "bridge, and bridge only through the range you own."
            )
    return evidence


def _strength_level(answers: Answers, rules: AssessmentRules) -> StrengthLevel | None:
    if answers.hip_thrust_1rm_kg is None or answers.bodyweight_kg is None:
        return None
    return StrengthLevel(ratio=round(answers.hip_thrust_1rm_kg / answers.bodyweight_kg, 2))


def _endurance(answers: Answers, rules: AssessmentRules, notes: _Notes) -> EnduranceNote | None:
    test = answers.single_leg_bridge_endurance
    if test is None:
        return None

    def rating(reps: int) -> str:
        if reps < rules.endurance_poor_below:
            return "poor"
        return "good" if reps > rules.endurance_good_above else "average"

    gap = _difference(test.left_reps, test.right_reps)
    if gap > rules.endurance_asymmetry_fraction:
        notes.flags.append(Flag.ENDURANCE_ASYMMETRY)
        notes.reasons.append(
            f"Single-leg bridge endurance differs by {gap:.0%} between sides: worth noting, "
            "not a verdict."
        )
    return EnduranceNote(
        left_reps=test.left_reps,
        right_reps=test.right_reps,
        left_rating=rating(test.left_reps),
        right_rating=rating(test.right_reps),
        difference_pct=round(gap * 100, 1),
    )


def assess(answers: Answers, rules: AssessmentRules = DEFAULT_ASSESSMENT_RULES) -> Assessment:
    """The starting rung, the ceiling, flags, reasons and cues for these answers."""
    screening = screen(
        answers.red_flags,
        answers.conditions,
        answers.pain_now,
        answers.pain_during_bridge,
        answers.pain_worsening,
        rules.screening,
    )
    first_loaded = next(rung.number for rung in LADDER if rung.loaded)
    if screening.refer:
        return Assessment(
            answers=answers,
            start_rung=0,
            max_rung=0,
            loading_allowed=False,
            flags=screening.flags,
            reasons=screening.reasons,
            cues=screening.cues,
            considerations=screening.considerations,
            no_load=("No exercise is prescribed until a clinician has seen you.",),
        )
    notes = _Notes(reasons=[*screening.reasons, *screening.ceiling_reasons])
    evidence = _read_bridge_test(answers, rules, notes, screening.max_rung > 0)
    endurance = _endurance(answers, rules, notes)
    months = answers.training_age_months
    if answers.hip_thrust_1rm_kg is not None and (
        months is None or months >= rules.experienced_training_months
    ):
        evidence.add(Evidence.EXPERIENCED)
    caution = {Flag.ASYMMETRY, Flag.HIP_FLEXOR_STIFFNESS, Flag.LUMBAR_COMPENSATION}
    if not caution & set(notes.flags) and not set(screening.flags) & {
        Flag.PAIN_HOLD_DOSE,
        Flag.PAIN_NO_PROGRESSION,
    }:
        evidence.add(Evidence.NO_CAUTION_FLAGS)

    step = next(step for step in rules.start_table if step.requires <= evidence)
    start = min(step.rung, screening.start_cap, screening.max_rung, *notes.caps)
    if screening.max_rung > 0:
        notes.reasons.append(
            step.why
            if start == step.rung
            else f"The bridge test alone would place you at rung {step.rung}; the points above "
            f"start you at rung {start}."
        )
        if Evidence.EXPERIENCED in evidence and start < first_loaded:
            notes.reasons.append(
                "Hip thrust experience counts, but unloaded mastery comes first; trained lifters "
                "pass the early gates quickly."
            )
        notes.cues.insert(0, _START_CUES[start])
    loading_allowed = screening.max_rung >= first_loaded
    no_load = list(screening.no_load)
    if not loading_allowed and not no_load:
        no_load.append(
            f"No loaded exercise for now: the highest rung allowed is {screening.max_rung}."
        )
        if screening.max_rung > 0:
            notes.reasons.append(no_load[0])
    return Assessment(
        answers=answers,
        start_rung=start,
        max_rung=screening.max_rung,
        loading_allowed=loading_allowed,
        flags=tuple(dict.fromkeys((*screening.flags, *notes.flags))),
        reasons=tuple(dict.fromkeys(notes.reasons)),
        cues=tuple(dict.fromkeys(cue for cue in (*notes.cues, *screening.cues) if cue)),
        considerations=screening.considerations,
        strength_level=_strength_level(answers, rules),
        endurance=endurance,
        reassess_in_weeks=screening.reassess_in_weeks,
        no_load=() if loading_allowed else tuple(no_load),
        ceiling_reasons=screening.ceiling_reasons if loading_allowed else (),
    )
