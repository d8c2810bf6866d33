"""``hipthrust assess``: screening and the bridge test, asked at the terminal or read from a file.

The questions go to standard error so that ``--json`` output on standard output stays clean.
Every question can be skipped with Enter. Piped answers work too (one line per question);
when they run out, the remaining questions count as skipped.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
import typer
from rich.panel import Panel

from hipthrust.cli.common import ATHLETE_OPTION, DATABASE_OPTION
from hipthrust.cli.output import console, print_json
from hipthrust.coaching.assessment import Assessment, HugComparison, assess
from hipthrust.coaching.injuries import DEFAULT_INJURY_RULES
from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.records import FELT_IN
from hipthrust.coaching.screening import (
    CEILING_CONDITIONS,
    CLEARANCE_CONDITIONS,
    CONDITION_DESCRIPTIONS,
    FLAG_DESCRIPTIONS,
    RED_FLAG_DESCRIPTIONS,
    ConditionKind,
    RedFlag,
)
from hipthrust.coaching.units import Units, format_mass, parse_mass, parse_units
from hipthrust.errors import InputError
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.assessment_io import (
    answers_schema,
    parse_answers,
    parse_load_ceiling,
    read_answers,
    write_assessment,
)
from hipthrust.service.athlete_portal import take_assessment
from hipthrust.service.scope import athlete_scope

__all__ = ["Asker", "ask_answers", "register", "render_assessment"]

T = TypeVar("T")

_CLEARANCE_KINDS = CLEARANCE_CONDITIONS
_PAIN_KINDS = {
    ConditionKind.LOW_BACK_PAIN,
    ConditionKind.UPPER_BODY_INJURY,
    ConditionKind.KNEE_PAIN,
}


class Asker:
    """Asks one question at a time on standard error and reads a line from standard input.

    At a terminal a bad answer is explained and the question asked again; with piped input a
    bad answer is an error naming the question, and running out of input skips the rest.
    """

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive
        self.ended = False

    def say(self, text: str = "", nl: bool = True) -> None:
        typer.echo(text, err=True, nl=nl)

    def line(self, question: str) -> str | None:
        """One answer, stripped; None when skipped (or, piped, when the input has ended)."""
        if self.ended:
            return None
        self.say(f"{question} ", nl=False)
        if self.interactive:
            try:
                answer = input()
            except EOFError:
                raise click.Abort() from None
        else:
            answer = sys.stdin.readline()
            self.say()  # piped answers are not echoed: end the question's line
            if not answer:
                self.ended = True
                return None
        return answer.strip() or None

    def ask(self, question: str, parse: Callable[[str], T]) -> T | None:
        while True:
            answer = self.line(question)
            if answer is None:
                return None
            try:
                return parse(answer)
            except InputError as error:
                if not self.interactive:
                    raise InputError(f"answer {answer!r} to {question!r}: {error.cli}") from None
                self.say(f"  {error.cli}. Try again, or press Enter to skip.")


def _yes_no(text: str) -> bool:
    value = text.lower()
    if value in ("y", "yes", "true", "1"):
        return True
    if value in ("n", "no", "false", "0"):
        return False
    raise InputError("answer y or n")


def _whole(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise InputError(f"write a whole number from {low} to {high}") from None
        if not low <= value <= high:
            raise InputError(f"write a whole number from {low} to {high}")
        return value

    return parse


def _number(low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise InputError(f"write a number from {low:g} to {high:g}") from None
        if not low <= value <= high:
            raise InputError(f"write a number from {low:g} to {high:g}")
        return value

    return parse


_COMPARED_WORDS = {
    HugComparison.SAME: ("s", "same", "about the same"),
    HugComparison.A_BIT_LOWER: ("b", "bit", "a bit lower", "bit lower", "lower"),
    HugComparison.MUCH_LOWER: ("m", "much", "much lower"),
    HugComparison.CANNOT_LIFT: ("c", "cannot", "can't", "cannot lift", "can't lift", "could not"),
}


def _compared(text: str) -> HugComparison:
    """The knee-hug bridge compared with the two-leg bridge: a letter, the words or the id."""
    value = " ".join(text.lower().replace("_", " ").split())
    for answer, words in _COMPARED_WORDS.items():
        if value == answer.value.replace("_", " ") or value in words:
            return answer
    raise InputError(
        "answer s (about the same), b (a bit lower), m (much lower) or c (could not lift)"
    )


def _hug_answer(text: str) -> float | HugComparison:
    """Degrees (-45 to 60), or the comparison with the two-leg bridge."""
    try:
        float(text.replace(",", "."))
    except ValueError:
        try:
            return _compared(text)
        except InputError:
            raise InputError(
                "write the degrees (-45 to 60), or s, b, m or c to compare with the two-leg bridge"
            ) from None
    return _number(-45, 60)(text)


def _choices(options: Sequence[str]) -> Callable[[str], list[str]]:
    """Numbers (``1,3``) or the ids themselves; ``none`` or ``0`` for nothing."""

    def parse(text: str) -> list[str]:
        if text.lower() in ("none", "0", "no", "n"):
            return []
        picked: list[str] = []
        for part in text.replace(" ", ",").split(","):
            if not part:
                continue
            if part.isdigit() and 1 <= int(part) <= len(options):
                picked.append(options[int(part) - 1])
            elif part in options:
                picked.append(part)
            else:
                raise InputError(f"{part!r} is not one of the numbers 1 to {len(options)}")
        return list(dict.fromkeys(picked))

    return parse


def _menu(asker: Asker, labels: Sequence[str]) -> None:
    for number, label in enumerate(labels, start=1):
        asker.say(f"  {number}. {label}")


def _ask_conditions(asker: Asker, units: Units) -> list[dict[str, Any]]:
    kinds = [kind.value for kind in ConditionKind]
    asker.say("\nHave you had, or do you have, any of these?")
    _menu(asker, [CONDITION_DESCRIPTIONS[ConditionKind(kind)] for kind in kinds])
    picked = asker.ask("Numbers that apply (e.g. 2,5), Enter for none:", _choices(kinds)) or []
    conditions: list[dict[str, Any]] = []
    for value in picked:
        kind = ConditionKind(value)
        name = CONDITION_DESCRIPTIONS[kind]
        if kind is ConditionKind.PREGNANCY:
            question = "How many weeks pregnant are you?"
        elif kind in _PAIN_KINDS:
            question = f"How many weeks since the {name} began?"
        else:
            question = f"How many weeks ago was the {name}?"
        entry: dict[str, Any] = {
            "kind": value,
            "weeks_ago": asker.ask(question, _number(0, 5200)),
        }
        if kind in _CLEARANCE_KINDS:
            cleared = asker.ask(
                f"Has a clinician cleared you for loaded training ({name})? [y/n]", _yes_no
            )
            entry["cleared"] = bool(cleared)
            if cleared and kind in CEILING_CONDITIONS:
                ceiling = asker.ask(
                    "Did your clinician give a load ceiling? e.g. 0.8x (times bodyweight) or "
                    f"60kg (Enter for none: {_default_ceiling(kind)}):",
                    lambda text: parse_load_ceiling(text, units),
                )
                entry.update(ceiling or {})
        conditions.append(entry)
    return conditions


def _default_ceiling(kind: ConditionKind) -> str:
    if kind in (ConditionKind.HIP_REPLACEMENT, ConditionKind.HIP_RESURFACING):
        ratio = DEFAULT_INJURY_RULES.joint_bodyweight_ratio
        return f"the method's default, {ratio:g} x bodyweight"
    return "no ceiling beyond the method's"


def _ask_bridge_test(asker: Asker, data: dict[str, Any]) -> None:
    places = list(FELT_IN)
    asker.say(
        "\nThe bridge test (a few minutes on the floor). Step 1: lie on your back, knees bent, "
        "feet flat. Squeeze your glutes and push through your heels to raise your hips; "
        "adjust the feet if you feel it in the quads or the hamstrings cramp."
    )
    full = asker.ask(
        "Did your hips reach a straight line from shoulders to knees? [y/n, Enter to skip the "
        "test]",
        _yes_no,
    )
    if full is None:
        return
    test: dict[str, Any] = {"two_leg": {"full_extension": full}}
    test["two_leg"]["reps"] = asker.ask(
        "How many reps with a 3 s hold at the top could you do? (Enter to skip)",
        _whole(0, 200),
    )
    asker.say("Where did you feel it?")
    _menu(asker, [place.replace("_", " ") for place in places])
    test["two_leg"]["felt_in"] = asker.ask("Numbers (e.g. 1,2), Enter to skip:", _choices(places))
    data["pain_during_bridge"] = asker.ask("Pain during the bridge, 0-10:", _whole(0, 10))
    data["lumbar_compensation"] = bool(
        asker.ask("Did your lower back arch or take over at the top? [y/n]", _yes_no)
    )
    asker.say(
        "\nStep 2: the same bridge on one leg, the other hip and knee bent to 90 degrees. "
        "Count good reps with a 3 s hold on each side."
    )
    left = asker.ask("Reps on the left leg (Enter to skip this step):", _whole(0, 200))
    right = asker.ask("Reps on the right leg:", _whole(0, 200)) if left is not None else None
    if left is not None and right is not None:
        felt = asker.ask(
            "Where did you feel it? Numbers as above, Enter to skip:", _choices(places)
        )
        test["single_leg"] = {"left_reps": left, "right_reps": right, "felt_in": felt or []}
    asker.say(
        "\nStep 3: one leg again, this time hugging the other knee to your chest. The height you "
        "reach is your true hip extension (0 = hips barely leave the floor, 10 = a small lift, "
        "20 or more = a clear lift). No way to measure the angle? Compare the height with the "
        "two-leg bridge of step 1: s = about the same, b = a bit lower, m = much lower, "
        "c = could not lift the hips (the angle is then estimated)."
    )
    hug_left = asker.ask("Left hip: degrees, or s/b/m/c (Enter to skip this step):", _hug_answer)
    hug_right = None
    if isinstance(hug_left, float):
        hug_right = asker.ask("Right hip, degrees:", _number(-45, 60))
    elif hug_left is not None:
        hug_right = asker.ask("Right hip compared with the two-leg bridge, s/b/m/c:", _compared)
    if isinstance(hug_left, float) and isinstance(hug_right, float):
        test["hug_knee_hip_extension_deg"] = {"left": hug_left, "right": hug_right}
    elif isinstance(hug_left, HugComparison) and isinstance(hug_right, HugComparison):
        test["hug_knee_compared"] = {"left": hug_left.value, "right": hug_right.value}
    if test["two_leg"]["felt_in"] is None:
        test["two_leg"]["felt_in"] = []
    data["bridge_test"] = test


def ask_answers(asker: Asker, units: Units) -> dict[str, Any]:
    """Ask the assessment questions; return the answers in the answers-file shape."""
    asker.say(
        "Answer what you can; press Enter to skip a question. This coaches exercise and does "
        "not diagnose."
    )
    flags = [flag.value for flag in RedFlag]
    asker.say("\nDo any of these apply to you now?")
    _menu(asker, [RED_FLAG_DESCRIPTIONS[RedFlag(flag)] for flag in flags])
    red = asker.ask("Numbers that apply (e.g. 1,3), Enter for none:", _choices(flags)) or []
    data: dict[str, Any] = {"red_flags": red}
    if red:
        return data  # the answer is a referral whatever else is said
    data["conditions"] = _ask_conditions(asker, units)
    data["pain_now"] = asker.ask("\nPain at rest right now, 0-10:", _whole(0, 10))
    if data["pain_now"]:
        data["pain_worsening"] = bool(
            asker.ask("Is that pain getting worse from week to week? [y/n]", _yes_no)
        )
    _ask_bridge_test(asker, data)
    asker.say("\nAbout your training.")
    data["training_age_months"] = asker.ask("Months of regular strength training:", _whole(0, 1200))
    data["bodyweight_kg"] = asker.ask(
        f"Bodyweight (e.g. 70kg or 154lb; a bare number is {units}):",
        lambda text: parse_mass(text, units),
    )
    data["hip_thrust_1rm_kg"] = asker.ask(
        "Best single hip thrust (1RM), e.g. 100kg (Enter if never tested):",
        lambda text: parse_mass(text, units),
    )
    asker.say(
        "\nOptional endurance test: heel on a 60 cm box, knee slightly bent, single-leg bridges "
        "to failure on each side (context only, not a strength test)."
    )
    left = asker.ask("Left reps (Enter to skip):", _whole(0, 200))
    right = asker.ask("Right reps:", _whole(0, 200)) if left is not None else None
    if left is not None and right is not None:
        data["single_leg_bridge_endurance"] = {"left_reps": left, "right_reps": right}
    return {key: value for key, value in data.items() if value is not None}


def _bullets(title: str, lines: Sequence[str]) -> None:
    if lines:
        console.print(f"\n[bold]{title}[/bold]")
        for line in lines:
            console.print(f"  • {line}")


def render_assessment(result: Assessment, units: Units) -> None:
    """The human report: start rung and ceiling, flags, reasons, cues, context."""
    start = LADDER[result.start_rung]
    if result.exercise_allowed:
        headline = f"Start at rung {start.number}: {start.name}"
        ceiling = f"Highest rung allowed now: {result.max_rung} ({LADDER[result.max_rung].name})"
    else:
        headline = "No exercise for now"
        ceiling = "Nothing is prescribed until the points below are settled."
    loading = "Loaded work: allowed" if result.loading_allowed else "Loaded work: not yet"
    console.print(Panel(f"[bold]{headline}[/bold]\n{ceiling}\n{loading}", title="Assessment"))
    _bullets(
        "Flags",
        [f"{flag.value}: {FLAG_DESCRIPTIONS[flag]}" for flag in result.flags],
    )
    _bullets("Why", result.reasons)
    _bullets("Cues", result.cues)
    _bullets("Shapes your programme", [item.replace("_", " ") for item in result.considerations])
    level = result.strength_level
    one_rm = result.answers.hip_thrust_1rm_kg
    if level is not None and one_rm is not None:
        _bullets(
            "Strength context",
            [
                f"Hip thrust 1RM {format_mass(one_rm, units)} = {level.ratio:g} x bodyweight. "
                f"{level.note}"
            ],
        )
    endurance = result.endurance
    if endurance is not None:
        _bullets(
            "Endurance context",
            [
                f"Left {endurance.left_reps} reps ({endurance.left_rating}), right "
                f"{endurance.right_reps} ({endurance.right_rating}), "
                f"{endurance.difference_pct:g}% apart. {endurance.note}"
            ],
        )
    if result.reassess_in_weeks is not None:
        console.print(f"\nAssess again in {result.reassess_in_weeks:g} week(s).")
    console.print("\nThis coaches exercise; it is not medical advice.")


def register(app: typer.Typer) -> None:
    @app.command("assess")
    def assess_command(
        answers_file: str | None = typer.Option(
            None,
            "--answers",
            help="Read the answers from this JSON file instead of asking (see --schema).",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
        schema: bool = typer.Option(
            False, "--schema", help="Print the JSON Schema of the answers file and exit."
        ),
        out: str | None = typer.Option(
            None,
            "--out",
            help="Save the result JSON here (for hipthrust plan --assessment FILE).",
        ),
        units: str | None = typer.Option(
            None,
            "--units",
            help="kg or lb: for masses typed without a unit and for output (default: the "
            "athlete's).",
        ),
        no_save: bool = typer.Option(
            False, "--no-save", help="Do not keep the result in the athlete's log."
        ),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
    ) -> None:
        """Screen for safety and run the bridge test: where to start on the ladder, and why.

        The result is kept in the athlete's log (unless --no-save): it sets their current rung
        and whether loading is allowed, and hipthrust plan and hipthrust next use it.
        """
        if schema:
            print_json(answers_schema())
            return
        now = datetime.now(UTC)
        if units is not None:
            chosen = parse_units(units)
        else:  # a short transaction: never hold the log open while questions are answered
            with athlete_scope(athlete, database) as scope:
                chosen = scope.athlete.units
        if answers_file is not None:
            answers = read_answers(Path(answers_file))
        else:
            asker = Asker(interactive=sys.stdin.isatty())
            answers = parse_answers(ask_answers(asker, chosen), "answers")
        result = assess(answers)
        saved, current, rung = None, None, 0
        if not no_save:
            with athlete_scope(athlete, database) as scope:
                saved, current, rung = take_assessment(
                    scope.session, LOCAL_OWNER, scope.athlete.id, answers, now
                )
            assert current is not None, "the assessment was just kept"
            result = current.result
        if out is not None:
            write_assessment(Path(out), result)
        if as_json:
            print_json(result.to_json())
            return
        render_assessment(result, chosen)
        if out is not None:
            console.print(f"Saved to {out}")
        if saved is not None and current is not None:
            loading = "allowed" if current.result.loading_allowed else "not allowed yet"
            placed = (
                f"start rung {current.result.start_rung}"
                if current.result.answers.bridge_test is not None
                else f"a screening (no bridge test): rung {rung}, placed by your logged work"
            )
            typer.echo(f"Kept in the log of {saved.name}: {placed}, loading {loading}.")
            for line in current.adjusted:
                typer.echo(f"  {line}")
