"""Evaluating a rung's gate against the training history (domain.md §4).

A gate combines reps, hold time, pain and form *in the same evidence*: one working set of
the rung's variations must show all of them together, and no other working set of that
session may break the pain or form conditions. The latest ``gate.sessions`` sessions that
trained the rung must each show it. Warm-up sets and sets of other variations never count.

Rung 4's gate is a target, not a prerequisite [seed 002]: "you don't need to get to this
point before going back to two legs and adding a load". Its soft rule: the gate also passes
when the rung below (the two-leg hip thrust, pivot learned) has passed its own gate and the
latest ``GateRules.target_trial_sessions`` sessions at the rung were free of pain and of
lower-back arching. The result then says the target is still open.

Tempo [design, after seed 002's "variety of tempos" and the doses' ``1-3-2``]: on a rung whose
dose names a tempo, a set counts toward the gate only when its logged tempo matches the dose's
within ``TempoRules.tolerance_s`` (docs/tempo.md); a set with no tempo logged counts on its
other conditions, as before tempo could be logged, and the met sentence says so. A dose of
``varied`` tempos (rung 4) asks for no one tempo.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from hipthrust.coaching.history import TrainingSession, group_sessions
from hipthrust.coaching.ladder import LADDER, Gate, Rung
from hipthrust.coaching.records import SetRecord
from hipthrust.coaching.tempo import DEFAULT_TEMPO_RULES, Tempo, TempoRules, prescribed_tempo
from hipthrust.errors import InputError

__all__ = [
    "DEFAULT_GATE_RULES",
    "GateResult",
    "GateRules",
    "evaluate_gate",
    "rung_sessions",
]


@dataclass(frozen=True)
class GateRules:
    """How form is read from a set, and the soft rule for a target gate.

    Lumbar compensation shows as a motion fault or as a set felt in the lower back
    (domain.md §2: "lower back = lumbar compensation"); a wrong pivot as a motion fault.
    """

    lumbar_faults: tuple[str, ...] = ("lumbar_hyperextension",)
    lumbar_felt_in: tuple[str, ...] = ("lower_back",)
    pivot_faults: tuple[str, ...] = ("wrong_pivot",)
    # Sessions at a target-gate rung (rung 4), pain-free and without lumbar compensation,
    # that let loading start before the target is met [design, after seed 002].
    target_trial_sessions: int = 3
    # When a logged tempo matches the dose's [design].
    tempo: TempoRules = DEFAULT_TEMPO_RULES

    def __post_init__(self) -> None:
        if self.target_trial_sessions < 1:
            raise InputError("target_trial_sessions must be at least 1")

    def lumbar_compensation(self, record: SetRecord) -> bool:
        """Whether the set shows lower-back arching (fault or felt in the lower back)."""
        return any(f in self.lumbar_faults for f in record.faults) or any(
            place in self.lumbar_felt_in for place in record.felt_in
        )

    def wrong_pivot(self, record: SetRecord) -> bool:
        return any(f in self.pivot_faults for f in record.faults)


DEFAULT_GATE_RULES = GateRules()


@dataclass(frozen=True)
class GateResult:
    """Whether a rung's gate is passed, with plain sentences for what is met and missing.

    ``waived`` is True when a target gate (rung 4) passed on its soft rule: ``missing`` then
    lists the part of the target still open, which stays a goal.
    """

    passed: bool
    met: tuple[str, ...]
    missing: tuple[str, ...]
    waived: bool = False


def _counted(rung: Rung) -> tuple[str, ...]:
    """The variations whose sets count for the rung's gate."""
    return rung.gate.counts if rung.gate is not None and rung.gate.counts else rung.variations


def rung_sessions(sessions: Sequence[TrainingSession], rung: Rung) -> tuple[TrainingSession, ...]:
    """The sessions that trained ``rung``: those with a working set of the variations that
    count for its gate (its variations, unless the gate names some)."""
    return tuple(s for s in sessions if s.working_of(_counted(rung)))


@dataclass(frozen=True)
class _Condition:
    """One condition of a gate, read session by session.

    ``holds`` says whether a session shows it; ``detail`` describes what a session showed
    (for the sentence when it is missing).
    """

    what: str
    holds: Callable[[TrainingSession], bool]
    detail: Callable[[TrainingSession], str]


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _seconds(value: float) -> str:
    return f"{value:g} s"


class _GateReader:
    """The conditions of one gate over one rung's working sets."""

    def __init__(self, rung: Rung, gate: Gate, rules: GateRules) -> None:
        self.rung = rung
        self.gate = gate
        self.rules = rules
        self.per_side = rung.dose is not None and rung.dose.per_side
        self.tempo: Tempo | None = None if rung.dose is None else prescribed_tempo(rung.dose.tempo)

    def sets(self, session: TrainingSession) -> tuple[SetRecord, ...]:
        return session.working_of(_counted(self.rung))

    def load_ok(self, record: SetRecord) -> bool:
        return not self.gate.loaded or (record.load_kg is not None and record.load_kg > 0)

    # ---- per-set checks (the "same evidence")
    def reps_ok(self, record: SetRecord) -> bool:
        if not self.load_ok(record):
            return False
        if self.per_side and record.reps_right is None:
            return False
        return record.min_side_reps >= self.gate.min_reps

    def hold_ok(self, record: SetRecord) -> bool:
        if self.gate.min_hold_s <= 0:
            return True
        return record.hold_s is not None and record.hold_s >= self.gate.min_hold_s

    def extension_ok(self, record: SetRecord) -> bool:
        return not self.gate.full_extension or record.full_extension is True

    def pain_ok(self, record: SetRecord) -> bool:
        return record.pain is not None and record.pain <= self.gate.max_pain

    def tempo_ok(self, record: SetRecord) -> bool:
        """No tempo named, or none logged: nothing to check; else within the tolerance."""
        if self.tempo is None or record.tempo is None:
            return True
        return self.rules.tempo.matches(record.tempo, self.tempo)

    def form_ok(self, record: SetRecord) -> bool:
        if self.gate.no_lumbar_compensation and self.rules.lumbar_compensation(record):
            return False
        return not (self.gate.correct_pivot and self.rules.wrong_pivot(record))

    def qualifies(self, record: SetRecord) -> bool:
        return (
            self.reps_ok(record)
            and self.hold_ok(record)
            and self.extension_ok(record)
            and self.pain_ok(record)
            and self.form_ok(record)
            and self.tempo_ok(record)
        )

    # ---- per-session checks
    def no_pain_over(self, session: TrainingSession) -> bool:
        return all(s.pain is None or s.pain <= self.gate.max_pain for s in self.sets(session))

    def no_lumbar(self, session: TrainingSession) -> bool:
        return not any(self.rules.lumbar_compensation(s) for s in self.sets(session))

    def no_wrong_pivot(self, session: TrainingSession) -> bool:
        return not any(self.rules.wrong_pivot(s) for s in self.sets(session))

    def shows_gate(self, session: TrainingSession) -> bool:
        return (
            any(self.qualifies(s) for s in self.sets(session))
            and self.no_pain_over(session)
            and (not self.gate.no_lumbar_compensation or self.no_lumbar(session))
            and (not self.gate.correct_pivot or self.no_wrong_pivot(session))
        )

    # ---- conditions with their sentences
    def best_reps(self, session: TrainingSession) -> str:
        sets = self.sets(session)
        if self.per_side and all(s.reps_right is None for s in sets):
            return "one side only logged"
        best = max(sets, key=lambda s: s.min_side_reps)
        if best.reps_right is None:
            return f"{best.reps}"
        return f"{best.reps} left / {best.reps_right} right"

    def longest_hold(self, session: TrainingSession) -> str:
        holds = [s.hold_s for s in self.sets(session) if s.hold_s is not None]
        return _seconds(max(holds)) if holds else "not logged"

    def tempos_off(self, session: TrainingSession) -> str:
        assert self.tempo is not None
        off = [
            f"{record.tempo} ({', '.join(self.rules.tempo.mismatches(record.tempo, self.tempo))})"
            for record in self.sets(session)
            if record.tempo is not None and not self.tempo_ok(record)
        ]
        return "tempo " + "; ".join(dict.fromkeys(off))

    def worst_pain(self, session: TrainingSession) -> str:
        pains = [s.pain for s in self.sets(session) if s.pain is not None]
        return f"{max(pains)}/10" if pains else "not reported"

    def conditions(self) -> list[_Condition]:
        gate = self.gate
        found: list[_Condition] = []
        if gate.min_reps > 0:
            side = " on each leg (the weaker side counts)" if self.per_side else ""
            if gate.loaded:
                side = " under load (" + ", ".join(v.replace("_", " ") for v in gate.counts) + ")"
            found.append(
                _Condition(
                    f"{gate.min_reps} reps{side}",
                    lambda s: any(self.reps_ok(r) for r in self.sets(s)),
                    self.best_reps,
                )
            )
        if gate.min_hold_s > 0:
            found.append(
                _Condition(
                    f"a {_seconds(gate.min_hold_s)} hold at the top of each rep",
                    lambda s: any(self.hold_ok(r) for r in self.sets(s)),
                    self.longest_hold,
                )
            )
        if self.tempo is not None:
            found.append(
                _Condition(
                    f"the tempo {self.tempo} (seconds up, held, down; within "
                    f"{self.rules.tempo.tolerance_s:g} s) in sets that log one [design]",
                    lambda s: any(self.tempo_ok(r) for r in self.sets(s)),
                    self.tempos_off,
                )
            )
        found.append(
            _Condition(
                f"pain at most {gate.max_pain}/10",
                lambda s: any(self.pain_ok(r) for r in self.sets(s)) and self.no_pain_over(s),
                self.worst_pain,
            )
        )
        if gate.full_extension:
            found.append(
                _Condition(
                    "full hip extension (self-report or video)",
                    lambda s: any(self.extension_ok(r) for r in self.sets(s)),
                    lambda s: "not confirmed",
                )
            )
        if gate.no_lumbar_compensation:
            found.append(
                _Condition(
                    "no lower-back arching (no lumbar fault, not felt in the lower back)",
                    self.no_lumbar,
                    lambda s: "arching seen",
                )
            )
        if gate.correct_pivot:
            found.append(
                _Condition(
                    "the pivot at the bottom of the shoulder blades",
                    self.no_wrong_pivot,
                    lambda s: "wrong pivot seen",
                )
            )
        return found


def _sessions_phrase(count: int) -> str:
    return "the last session" if count == 1 else f"each of the last {count} sessions"


def _strict(
    rung: Rung, gate: Gate, sessions: Sequence[TrainingSession], rules: GateRules
) -> GateResult:
    reader = _GateReader(rung, gate, rules)
    trained = rung_sessions(sessions, rung)
    recent = trained[-gate.sessions :] if trained else ()
    met: list[str] = []
    missing: list[str] = []
    if len(recent) < gate.sessions:
        logged = len(trained)
        missing.append(
            f"The gate must be shown in {gate.sessions} separate sessions; "
            f"{logged} session{'s' if logged != 1 else ''} at rung {rung.number} logged so far."
        )
    conditions = reader.conditions()
    for condition in conditions:
        if not recent:
            missing.append(f"Not shown yet: {condition.what}.")
            continue
        failing = [s for s in recent if not condition.holds(s)]
        if not failing and len(recent) == gate.sessions:
            met.append(f"{_first_upper(condition.what)} in {_sessions_phrase(len(recent))}.")
        elif not failing:
            met.append(f"{_first_upper(condition.what)} so far.")
        else:
            shown = _join([f"{condition.detail(s)} on {s.day.isoformat()}" for s in failing])
            missing.append(f"Needs {condition.what}: {shown}.")
    if reader.tempo is not None and recent:
        untimed = [s for s in recent if all(r.tempo is None for r in reader.sets(s))]
        if untimed:
            days = _join([s.day.isoformat() for s in untimed])
            met.append(
                f"No tempo logged on {days}: those sets count on their reps, hold, pain and "
                f"form; log the tempo (e.g. {reader.tempo}) to have it checked [design]."
            )
    all_each = recent and all(c.holds(s) for c in conditions for s in recent)
    together = [s for s in recent if reader.shows_gate(s)]
    if all_each and len(together) < len(recent):
        apart = _join([s.day.isoformat() for s in recent if s not in together])
        parts = "reps, hold, tempo, pain and form" if reader.tempo else "reps, hold, pain and form"
        missing.append(
            f"{_first_upper(parts)} must all come in the same set; on {apart} "
            "they came in different sets."
        )
    passed = len(recent) == gate.sessions and len(together) == gate.sessions
    return GateResult(passed=passed, met=tuple(met), missing=tuple(missing))


def _trial_sessions_clean(
    rung: Rung, gate: Gate, sessions: Sequence[TrainingSession], rules: GateRules
) -> tuple[bool, str]:
    """Whether the latest trial sessions at a target-gate rung were pain-free and arch-free."""
    reader = _GateReader(rung, gate, rules)
    trained = rung_sessions(sessions, rung)
    wanted = rules.target_trial_sessions
    recent = trained[-wanted:]
    clean = [
        s
        for s in recent
        if any(reader.pain_ok(r) for r in reader.sets(s))
        and reader.no_pain_over(s)
        and reader.no_lumbar(s)
    ]
    ok = len(recent) == wanted and len(clean) == wanted
    return ok, (
        f"{len(clean)} of the last {wanted} sessions at rung {rung.number} "
        f"without pain above {gate.max_pain}/10 or lower-back arching"
    )


def evaluate_gate(
    rung: Rung, history: Sequence[SetRecord], rules: GateRules = DEFAULT_GATE_RULES
) -> GateResult:
    """Whether ``history`` shows ``rung``'s gate, with what is met and what is missing."""
    gate = rung.gate
    if gate is None:
        return GateResult(
            passed=False,
            met=(),
            missing=(
                f"Rung {rung.number} has no gate: it progresses by load, reps and variation.",
            ),
        )
    sessions = group_sessions(history)
    strict = _strict(rung, gate, sessions, rules)
    if strict.passed or gate.strict or rung.number == 0:
        return strict
    below = LADDER[rung.number - 1]
    below_result = evaluate_gate(below, history, rules)
    trial_ok, trial_text = _trial_sessions_clean(rung, gate, sessions, rules)
    target = (
        f"The rung {rung.number} target ({gate.min_reps} reps each leg with a "
        f"{_seconds(gate.min_hold_s)} hold) is a goal, not a prerequisite [seed 002]."
    )
    if below_result.passed and trial_ok:
        return GateResult(
            passed=True,
            met=(
                *strict.met,
                f"The rung {below.number} gate is met ({below.name}).",
                f"{_first_upper(trial_text)}.",
                target,
            ),
            missing=strict.missing,
            waived=True,
        )
    soft_missing = []
    if not below_result.passed:
        soft_missing.append(f"the rung {below.number} gate is not met in the latest sessions")
    if not trial_ok:
        soft_missing.append(f"only {trial_text}")
    return GateResult(
        passed=False,
        met=strict.met,
        missing=(
            *strict.missing,
            f"{target} Loading may also start after the rung {below.number} gate and "
            f"{rules.target_trial_sessions} clean sessions here, but {_join(soft_missing)}.",
        ),
    )
