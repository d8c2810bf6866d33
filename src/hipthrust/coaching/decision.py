"""The next-session decision: a pure function of the history (domain.md §4, §5, §5.1).

``decide_next`` reads the logged sets and check-ins, the athlete's context and ``today``
(no clock), and says advance, hold, regress or deload, with the reasons in plain sentences
and the next session's prescriptions. The rules, their order and their sources are in
docs/decision.md; in short, the first rule that applies wins:

0. no sets logged: hold at the current rung with its dose;
   no screening on record: pain still regresses, otherwise the last dose again (no increase);
   loading not cleared on a loaded rung: regress to rung 4, bodyweight;
1. safety (pain above 5, next-morning pain not settled, pain rising week to week, lumbar
   compensation twice in a row): regress;
2. acceptable pain (3-5): hold the dose;
3. deload due (every 5 weeks of hard training, or fatigue signs): deload;
4. on shift with the last session at or over the RPE cap: hold (reduce the load when far
   over);
5. rungs 0-4: gate passed → advance a rung, else hold;
6. rungs 5-6: double progression: load up (advance) or add reps (hold).

Afterwards the on-shift caps and the loading clearance are applied to every prescription.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from hipthrust.coaching.deload import DEFAULT_DELOAD_RULES, DeloadRules, check_deload
from hipthrust.coaching.e1rm import recent_best_e1rm
from hipthrust.coaching.gates import DEFAULT_GATE_RULES, GateRules, evaluate_gate
from hipthrust.coaching.goals import Goal
from hipthrust.coaching.history import TrainingSession, group_sessions
from hipthrust.coaching.injuries import DEFAULT_INJURY_RULES, Injuries, InjuryRules, adapt, top_rung
from hipthrust.coaching.ladder import LADDER, Rung, rung
from hipthrust.coaching.loads import (
    DEFAULT_PROGRESSION_RULES,
    Equipment,
    ProgressionRules,
)
from hipthrust.coaching.mistakes import MISTAKES, felt_cues
from hipthrust.coaching.next_session import SessionBuilder, SessionRules
from hipthrust.coaching.prescription import Prescription
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.coaching.safety import DEFAULT_SAFETY_RULES, SafetyCheck, SafetyRules, check_safety
from hipthrust.coaching.tempo import prescribed_tempo, tempo_advice
from hipthrust.errors import InputError

__all__ = [
    "DEFAULT_DECISION_RULES",
    "AthleteContext",
    "Decision",
    "DecisionKind",
    "DecisionRules",
    "decide_next",
]


class DecisionKind(StrEnum):
    ADVANCE = "advance"  # a rung up, a heavier load or a harder loaded variation
    HOLD = "hold"  # same rung and load (add reps where the range allows)
    REGRESS = "regress"  # a rung down or a lighter load
    DELOAD = "deload"  # fewer sets and a lighter load for about a week

    @property
    def label(self) -> str:
        """What people read ("Same again", not "HOLD", which reads like "hold 3 s")."""
        return _LABELS[self]


_LABELS = {
    DecisionKind.ADVANCE: "Step up",
    DecisionKind.HOLD: "Same again",
    DecisionKind.REGRESS: "Step back",
    DecisionKind.DELOAD: "Lighter week",
}


def _lumbar_cue() -> str:
    mistake = MISTAKES.get("lumbar_hyperextension")
    fix = mistake.fix if mistake is not None else "Brace and tuck the pelvis at the top."
    return f"Cue: {fix}"


@dataclass(frozen=True)
class DecisionRules:
    """Every number the decision uses, grouped by rule; defaults and sources in each part."""

    safety: SafetyRules = DEFAULT_SAFETY_RULES
    gates: GateRules = DEFAULT_GATE_RULES
    progression: ProgressionRules = DEFAULT_PROGRESSION_RULES
    deload: DeloadRules = DEFAULT_DELOAD_RULES
    session: SessionRules = field(default_factory=SessionRules)
    # On shift, the last session at or over the cap blocks progression; this far over the
    # cap, the load also comes down by ``on_shift_load_cut`` [design].
    on_shift_reduce_over: float = 2.0
    on_shift_load_cut: float = 0.10
    lumbar_cue: str = field(default_factory=_lumbar_cue)
    injuries: InjuryRules = DEFAULT_INJURY_RULES
    # Form under load [seed 001, 002: "too much weight" - the other mistakes appear under load;
    # reduce it until form is perfect]: the same fault on most reps of the loaded lift (more
    # than half, counted per rep from a video; per set for sets without per-rep counts) in
    # each of the last ``form_hold_sessions`` sessions holds the load with its cue; in each of
    # the last ``form_regress_sessions`` it comes down by ``form_load_cut`` [design].
    # Lower-back arching is the safety rule's (``coaching.safety``), so it is left out here.
    form_hold_sessions: int = 2
    form_regress_sessions: int = 3
    form_load_cut: float = 0.10
    form_faults_left_out: tuple[str, ...] = ("lumbar_hyperextension",)

    def __post_init__(self) -> None:
        if not 1 <= self.form_hold_sessions <= self.form_regress_sessions:
            raise InputError("form_hold_sessions must be 1 to form_regress_sessions")
        if not 0 < self.form_load_cut < 1:
            raise InputError("form_load_cut must be between 0 and 1")
        if self.on_shift_reduce_over <= 0 or not 0 < self.on_shift_load_cut < 1:
            raise InputError("on_shift_reduce_over must be above 0 and on_shift_load_cut 0-1")


DEFAULT_DECISION_RULES = DecisionRules()


@dataclass(frozen=True)
class AthleteContext:
    """Who the decision is for.

    ``rung`` is the current rung (``coaching.placement``); ``loading_allowed`` comes from the
    loading gate (``coaching.clearance``) and always wins; ``screened`` False: no screening is
    on record, so the last dose is kept (no increase, no new load) until it is answered;
    ``planned`` is the planned next session (None: built from the rung's or the goal's dose);
    ``last_deload`` is the first day of the last deload if known (else deloads are read from
    the history).
    """

    rung: int
    goal: Goal
    loading_allowed: bool
    equipment: Equipment = field(default_factory=Equipment)
    on_shift: bool = False
    planned: tuple[Prescription, ...] | None = None
    last_deload: date | None = None
    screened: bool = True
    # The conditions that change the session (``coaching.injuries``) and the screening's
    # ceiling (``Clearance.ceiling``: pregnancy, for one, allows rung 5 at most).
    injuries: Injuries = field(default_factory=Injuries)
    max_rung: int = LADDER[-1].number

    def __post_init__(self) -> None:
        rung(self.rung)
        if self.planned is not None and not self.planned:
            raise InputError("a planned session needs at least one exercise")


@dataclass(frozen=True)
class Decision:
    """What to do next and why: ``rung`` is the next session's rung."""

    kind: DecisionKind
    reasons: tuple[str, ...]
    rung: int
    session: tuple[Prescription, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "decision": self.kind.value,
            "reasons": list(self.reasons),
            "rung": self.rung,
            "session": {"exercises": [item.to_json() for item in self.session]},
        }


class _Decider:
    def __init__(
        self,
        sessions: tuple[TrainingSession, ...],
        checkins: Sequence[Checkin],
        context: AthleteContext,
        today: date,
        rules: DecisionRules,
    ) -> None:
        self.sessions = sessions
        self.checkins = checkins
        self.context = context
        self.today = today
        self.rules = rules
        self.current = LADDER[context.rung]
        self.sets: tuple[SetRecord, ...] = tuple(r for s in sessions for r in s.sets)
        self.build = SessionBuilder(sessions, context.goal, context.equipment, rules.session)

    # ------------------------------------------------------------------ helpers
    def planned_for(self, target: Rung) -> tuple[Prescription, ...] | None:
        """The planned session, when the next session stays on the current rung."""
        return self.context.planned if target.number == self.context.rung else None

    def decision(
        self,
        kind: DecisionKind,
        reasons: Sequence[str],
        target: Rung,
        session: tuple[Prescription, ...],
    ) -> Decision:
        return Decision(kind, tuple(reasons), target.number, session)

    def repeat(self, target: Rung, *notes: str) -> tuple[Prescription, ...]:
        """The current dose again: the last load on loaded rungs, the rung's dose otherwise."""
        planned = self.planned_for(target)
        if target.loaded:
            last = self.build.last_main(target, planned)
            load = None if last is None else last.load_kg
            return self.build.loaded(target, planned, last, load, notes=notes)
        return self.build.bodyweight(target, planned, notes=notes)

    # ------------------------------------------------------------------ rules
    def no_history(self) -> Decision:
        target = self.current
        return self.decision(
            DecisionKind.HOLD,
            [
                f"No sets logged yet: start at rung {target.number} ({target.name}) with its "
                "usual dose, and log every set."
            ],
            target,
            self.build.start(target, self.planned_for(target)),
        )

    def not_cleared(self, safety: SafetyCheck) -> Decision:
        target = LADDER[4]
        reasons = [
            f"Loading is not cleared (see the assessment), so rung {self.current.number} is off "
            f"limits: the next session is rung 4 ({target.name}), with no load.",
            *safety.regress,
        ]
        return self.decision(DecisionKind.REGRESS, reasons, target, self.build.start(target, None))

    def unscreened(self, safety: SafetyCheck) -> Decision:
        """No screening on record: pain still steps back; otherwise the same dose again."""
        if safety.regress:
            return self.regress(safety)
        current = self.current
        return self.decision(
            DecisionKind.HOLD,
            [
                f"Rung {current.number} ({current.name}) again at the dose of your last "
                "session, with no increase: answer the screening (about a minute) so the "
                "next sessions can progress.",
                *safety.hold,
            ],
            current,
            self.repeat(current),
        )

    def regress(self, safety: SafetyCheck) -> Decision:
        reasons: list[str] = []
        if safety.refer:
            reasons.append(
                f"Pain reached {self.rules.safety.pain.refer_at}/10 or more: check with a "
                "clinician before training again."
            )
        reasons.extend(safety.regress)
        notes = (self.rules.lumbar_cue,) if safety.lumbar else ()
        if safety.lumbar:
            reasons.append(self.rules.lumbar_cue)
        current = self.current
        if current.loaded:
            step = self.build.lighter(
                current, self.planned_for(current), self.rules.safety.pain.regress_load_fraction
            )
            if step is not None:
                session, sentence = step
                reasons.append(sentence)
                return self.decision(
                    DecisionKind.REGRESS, reasons, current, self.build.with_notes(session, notes)
                )
        if current.number <= 1:
            reasons.append(
                f"Rung {current.number} is the first step of the ladder: the dose goes down "
                "instead. If pain stays above 5/10 or keeps rising, see a clinician."
            )
            session = self.build.reduced(current)
            return self.decision(
                DecisionKind.REGRESS, reasons, current, self.build.with_notes(session, notes)
            )
        target = LADDER[current.number - 1]
        reasons.append(f"Back to rung {target.number} ({target.name}).")
        session = self.build.start(target, None)
        return self.decision(
            DecisionKind.REGRESS, reasons, target, self.build.with_notes(session, notes)
        )

    def on_shift(self) -> Decision | None:
        if not self.context.on_shift:
            return None
        cap = self.rules.session.on_shift_rpe_max
        effort = self.sessions[-1].max_rpe
        if effort is None or effort < cap:
            return None
        current = self.current
        over = effort - cap
        if over >= self.rules.on_shift_reduce_over and current.loaded:
            step = self.build.lighter(
                current, self.planned_for(current), self.rules.on_shift_load_cut
            )
            if step is not None:
                session, sentence = step
                return self.decision(
                    DecisionKind.REGRESS,
                    [
                        f"On shift the effort cap is RPE {cap:g}, and the last session reached "
                        f"RPE {effort:g}, {over:g} points over: no progression.",
                        sentence,
                    ],
                    current,
                    session,
                )
        where = "over" if effort > cap else "at"
        return self.decision(
            DecisionKind.HOLD,
            [
                f"On shift the effort cap is RPE {cap:g}, and the last session reached RPE "
                f"{effort:g} ({where} the cap): no progression that needs a harder set; same "
                f"dose, stopping every set at RPE {cap:g}."
            ],
            current,
            self.repeat(current),
        )

    def gate_step(self) -> Decision:
        current = self.current
        result = evaluate_gate(current, self.sets, self.rules.gates)
        if not result.passed:
            best = self.build.target_note(current)
            return self.decision(
                DecisionKind.HOLD,
                [
                    f"The rung {current.number} gate is not met yet: stay at rung "
                    f"{current.number} ({current.name}).",
                    *result.missing,
                    *result.met,
                ],
                current,
                self.repeat(current, *best),
            )
        target = LADDER[current.number + 1]
        if target.loaded and not self.context.loading_allowed:
            return self.decision(
                DecisionKind.HOLD,
                [
                    f"The rung {current.number} gate is met, but loading is not cleared (see "
                    f"the assessment): stay at rung {current.number} without load.",
                    *result.met,
                ],
                current,
                self.repeat(current),
            )
        reasons = [
            f"The rung {current.number} gate is met: move up to rung {target.number} "
            f"({target.name}).",
            *result.met,
        ]
        if result.waived:
            reasons.extend(f"Still a target: {sentence}" for sentence in result.missing)
        return self.decision(DecisionKind.ADVANCE, reasons, target, self.build.start(target, None))

    def recurring_faults(self, count: int) -> tuple[tuple[str, ...], bool]:
        """Faults seen on most reps of the loaded rung's working sets in each of the last
        ``count`` sessions, and whether any session was read per set.

        "Most" is more than half [seed 001, 002: under too much weight the other mistakes
        appear; design: more than half the reps, two sessions]. A session whose working sets
        all carry per-rep counts (sets read from a video, ``SetRecord.fault_reps``) is read per
        rep: the reps that showed the fault over all its reps. A session with any set without
        them (typed, imported, or a video set logged before the counts were kept) is read per
        set, as before: the fault on most sets.
        """
        if len(self.sessions) < count:
            return (), False
        left_out = set(self.rules.form_faults_left_out)
        found: set[str] | None = None
        per_set = False
        for session in self.sessions[-count:]:
            sets = session.working_of(self.current.variations)
            if not sets:
                return (), False
            names = {fault for s in sets for fault in s.faults if fault not in left_out}
            if all(s.fault_reps is not None for s in sets):
                reps = [max(s.reps, s.reps_right or 0) for s in sets]
                total = sum(reps)
                most = {
                    f
                    for f in names
                    if total
                    and 2
                    * sum((s.fault_share(f) or 0.0) * n for s, n in zip(sets, reps, strict=True))
                    > total
                }
            else:
                per_set = True
                most = {f for f in names if 2 * sum(f in s.faults for s in sets) > len(sets)}
            found = most if found is None else found & most
        return tuple(sorted(found or ())), per_set

    def form_step(self) -> Decision | None:
        """Repeated form faults under load hold, then lower, the load, with the cue."""
        if not self.current.loaded:
            return None
        rules = self.rules
        faults, per_set = self.recurring_faults(rules.form_hold_sessions)
        if not faults:
            return None
        current = self.current
        planned = self.planned_for(current)
        names = [MISTAKES[f].name.lower() if f in MISTAKES else f.replace("_", " ") for f in faults]
        cues = [f"Cue: {MISTAKES[f].fix}" for f in faults if f in MISTAKES]
        heavy = f"Cue: {MISTAKES['too_much_weight'].fix}"
        seen = ", ".join(names)
        most = "most sets" if per_set else "most reps"
        lasting, per_set_long = self.recurring_faults(rules.form_regress_sessions)
        if lasting:
            step = self.build.lighter(current, planned, rules.form_load_cut)
            if step is not None:
                session, sentence = step
                reasons = [
                    f"The same form fault ({seen}) on "
                    f"{'most sets' if per_set_long else 'most reps'} of each of the last "
                    f"{rules.form_regress_sessions} sessions: too much weight [seed 001, 002].",
                    sentence,
                    *cues,
                    heavy,
                ]
                notes = (*cues, heavy)
                return self.decision(
                    DecisionKind.REGRESS, reasons, current, self.build.with_notes(session, notes)
                )
        reasons = [
            f"The same form fault ({seen}) on {most} of each of the last "
            f"{rules.form_hold_sessions} sessions: the load holds until the form is clean "
            "[seed 001, 002].",
            *cues,
        ]
        return self.decision(DecisionKind.HOLD, reasons, current, self.repeat(current, *cues))

    def top_gate(self) -> Decision | None:
        """Rung 5 to rung 6 through the rung 5 gate (``ladder``), when the screening and the
        conditions allow the top rung."""
        current = self.current
        if current.gate is None or current.number + 1 >= len(LADDER):
            return None
        target = LADDER[current.number + 1]
        ceiling = min(self.context.max_rung, top_rung(self.context.injuries) or target.number)
        if target.number > ceiling:
            return None
        result = evaluate_gate(current, self.sets, self.rules.gates)
        if not result.passed:
            return None
        reasons = [
            f"The rung {current.number} gate is met: move up to rung {target.number} "
            f"({target.name}).",
            *result.met,
        ]
        return self.decision(DecisionKind.ADVANCE, reasons, target, self.build.start(target, None))

    def load_step(self) -> Decision:
        current = self.current
        top = self.top_gate()
        if top is not None:
            return top
        planned = self.planned_for(current)
        step = self.build.progress(current, planned, self.rules.progression)
        if step.advanced and self.context.injuries.has("low_back_pain"):
            limit = self.rules.injuries.low_back_progress_pain_max
            pains = [s.pain for s in self.sessions[-1].sets if s.pain is not None]
            if not pains or max(pains) > limit:
                felt = "no pain reported" if not pains else f"pain {max(pains)}/10"
                return self.decision(
                    DecisionKind.HOLD,
                    [
                        f"Low back pain: the load goes up only after a session with pain at "
                        f"most {limit}/10, and the last one had {felt}: same load again "
                        "[design, after Silbernagel 2007].",
                    ],
                    current,
                    self.repeat(current),
                )
        kind = DecisionKind.ADVANCE if step.advanced else DecisionKind.HOLD
        return self.decision(kind, step.reasons, current, step.session)

    def decide(self) -> Decision:
        if not self.sessions:
            return self.no_history()
        safety = check_safety(self.sessions, self.checkins, self.rules.safety)
        if not self.context.screened:
            return self.unscreened(safety)
        if self.current.loaded and not self.context.loading_allowed:
            return self.not_cleared(safety)
        if safety.regress:
            return self.regress(safety)
        if safety.hold:
            return self.decision(
                DecisionKind.HOLD, safety.hold, self.current, self.repeat(self.current)
            )
        if self.current.number >= self.rules.deload.from_rung:
            check = check_deload(
                self.sessions,
                [
                    v
                    for r in LADDER
                    if r.number >= self.rules.deload.from_rung
                    for v in r.variations
                ],
                self.today,
                self.context.last_deload,
                self.rules.deload,
            )
            if check.due:
                session, sentence = self.build.deload(self.current, self.repeat(self.current))
                return self.decision(
                    DecisionKind.DELOAD, [*check.reasons, sentence], self.current, session
                )
        shift = self.on_shift()
        if shift is not None:
            return shift
        if not self.current.loaded:
            return self.gate_step()
        form = self.form_step()
        if form is not None:
            return form
        return self.load_step()


def _e1rm_kg(sessions: Sequence[TrainingSession], today: date) -> float | None:
    """The e1RM the injury caps read: ``recent_best_e1rm`` up to the end of ``today``."""
    records = [record for s in sessions for record in s.sets]
    if not records:
        return None
    zone = records[-1].performed_at.tzinfo
    end = datetime.combine(today + timedelta(days=1), time.min, zone)
    found = recent_best_e1rm(records, end)
    return None if found is None else found[0].kg


def _finish(
    decision: Decision,
    context: AthleteContext,
    rules: DecisionRules,
    today: date,
    sessions: Sequence[TrainingSession] = (),
) -> Decision:
    """Apply the conditions, the clearance and the on-shift caps to every prescription of the
    session, and the foot cue where the last session was felt [seed 001, 002].

    The conditions are ``injuries.adapt``, the function the plans call, with the e1RM the
    plans read (``e1rm.recent_best_e1rm`` over the history up to the end of ``today``): the
    low-back load cap is the same fraction of the same e1RM on Today, ``next`` and a plan."""
    session, changed = adapt(
        decision.session,
        context.injuries,
        context.equipment,
        _e1rm_kg(sessions, today),
        rules=rules.injuries,
    )
    reasons = [*decision.reasons, *changed]
    if sessions:
        cues = felt_cues([place for s in sessions[-1].sets for place in s.felt_in])
        if cues:
            reasons.extend(cues)
            if session:
                first = session[0]
                session = (replace(first, notes=(*first.notes, *cues)), *session[1:])
    if not context.loading_allowed:
        session, dropped = SessionBuilder.without_load(session)
        if dropped:
            reasons.append("Loading is not cleared: loads were left out of this session.")
        if not session:
            fallback = LADDER[min(decision.rung, 4)]
            session = SessionBuilder.bodyweight_dose(fallback, rules.session)
    if context.on_shift:
        session = SessionBuilder.on_shift(session, rules.session)
        cap = rules.session.on_shift_rpe_max
        reasons.append(
            f"On shift: every set stops at RPE {cap:g} (no sets to failure) and at most "
            f"{rules.session.on_shift_max_sets} sets an exercise, to stay fresh for duty."
        )
    return replace(decision, reasons=tuple(reasons), session=session)


def decide_next(
    history: Sequence[SetRecord],
    checkins: Sequence[Checkin],
    context: AthleteContext,
    today: date,
    rules: DecisionRules = DEFAULT_DECISION_RULES,
) -> Decision:
    """Decide the next session from the history up to ``today`` (later entries are ignored)."""
    sessions = group_sessions(history, today)
    known = [c for c in checkins if c.day <= today]
    decision = _Decider(sessions, known, context, today, rules).decide()
    return _with_tempo_advice(_finish(decision, context, rules, today, sessions), sessions, rules)


def _with_tempo_advice(
    decision: Decision, sessions: Sequence[TrainingSession], rules: DecisionRules
) -> Decision:
    """A reason for each prescribed exercise whose tempo the last session's sets missed."""
    if not sessions:
        return decision
    last = sessions[-1]
    added: list[str] = []
    for item in decision.session:
        try:
            wanted = prescribed_tempo(item.tempo)
        except InputError:  # a plan's free-text tempo: nothing to compare with
            continue
        if wanted is None:
            continue
        logged = [r.tempo for r in last.working_of((item.variation,)) if r.tempo is not None]
        advice = tempo_advice(item.variation.replace("_", " "), logged, wanted, rules.gates.tempo)
        if advice is not None and advice not in added:
            added.append(advice)
    if not added:
        return decision
    return replace(decision, reasons=(*decision.reasons, *added))
