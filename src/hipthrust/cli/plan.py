"""``hipthrust plan``: a training plan, week by week, from a goal and a rung or an assessment."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.table import Table

from hipthrust.cli.common import ATHLETE_OPTION, DATABASE_OPTION
from hipthrust.cli.output import console, print_json
from hipthrust.coaching.catalogue import display_name, variation_name
from hipthrust.coaching.prescription import Prescription, dose_text, load_text
from hipthrust.coaching.programming import Plan
from hipthrust.coaching.units import Units
from hipthrust.errors import for_cli
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.assessment_io import read_assessment
from hipthrust.service.athlete_portal import PlanForm, write_plan
from hipthrust.service.scope import athlete_scope

__all__ = ["register", "render_plan"]


def _warmup_summary(plan: Plan) -> str | None:
    """The drills every session starts with, said once (ramp-up sets are in the tables)."""
    for week in plan.weeks:
        for session in week.sessions:
            drills = [item for item in session.warmup if not _is_ramp(item)]
            if drills:
                parts = [
                    f"{variation_name(item.variation)} {dose_text(item, '/side')}"
                    for item in drills
                ]
                return "Warm-up before every session: " + ", ".join(parts) + "."
    return None


def _is_ramp(item: Prescription) -> bool:
    return item.load_kg is not None


def render_plan(plan: Plan) -> None:
    """Print the plan as one rich table per week, then the notes."""
    units: Units = "lb" if plan.units == "lb" else "kg"
    if plan.refused:
        console.print("No plan: exercise is not advised yet.")
    for week in plan.weeks:
        title = f"Week {week.week}"
        if week.reps is not None:
            title += f": {week.reps[0]}-{week.reps[1]} reps"
        if week.deload:
            title += " (deload)"
        table = Table(title=title, title_justify="left")
        for column in ("day", "session", "exercise", "sets x reps", "load", "hold", "RPE max"):
            table.add_column(column)
        for session in week.sessions:
            kind = session.kind + (" (shift)" if session.on_shift else "")
            first = True
            for item in session.warmup:
                if not _is_ramp(item):
                    continue
                table.add_row(
                    session.day if first else "",
                    kind if first else "",
                    "ramp-up",
                    dose_text(item, "/side"),
                    load_text(item, units),
                    "",
                    "",
                    style="dim",
                )
                first = False
            for item in session.exercises:
                table.add_row(
                    session.day if first else "",
                    kind if first else "",
                    display_name(item.variation),
                    dose_text(item, "/side"),
                    load_text(item, units),
                    f"{item.hold_s:g} s" if item.hold_s else "",
                    "" if item.rpe_max is None else f"{item.rpe_max:g}",
                )
                first = False
        console.print(table)
    notes: list[str] = []
    warmup = _warmup_summary(plan)
    if warmup:
        notes.append(warmup)
    for week in plan.weeks:
        for session in week.sessions:
            notes.extend(session.notes)
            for item in session.exercises:
                notes.extend(item.notes)
    notes.extend(plan.notes)
    if notes:
        console.print("Notes:")
        for note in dict.fromkeys(notes):
            console.print(f"- {for_cli(note)}")


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan_command(
        goal: str | None = typer.Option(
            None,
            "--goal",
            help="strength, hypertrophy, endurance or rehab (default: the athlete's, else "
            "hypertrophy).",
        ),
        weeks: int = typer.Option(4, "--weeks", help="How many weeks to plan (1-52)."),
        days_per_week: int | None = typer.Option(
            None, "--days-per-week", help="Hip-thrust sessions a week, 1-3 (default 2)."
        ),
        rung: int | None = typer.Option(
            None,
            "--rung",
            help="Choose the starting rung 0-6, kept as your chosen rung (default: the rung "
            "your assessment and log place you on; the screening's limits always apply).",
        ),
        assessment: str | None = typer.Option(
            None, "--assessment", help="The JSON file `hipthrust assess --json` wrote."
        ),
        e1rm: str | None = typer.Option(
            None, "--e1rm", help="Estimated 1RM of the barbell hip thrust, e.g. 140kg or 300lb."
        ),
        units: str | None = typer.Option(
            None, "--units", help="kg or lb: plates and loads shown (default: the athlete's)."
        ),
        bar: str | None = typer.Option(
            None, "--bar", help="Bar weight, e.g. 20kg or 45lb (default 20 kg / 45 lb)."
        ),
        deadlift_day: str | None = typer.Option(
            None, "--deadlift-day", help="Your heavy deadlift day, mon..sun."
        ),
        on_shift: bool | None = typer.Option(
            None,
            "--on-shift/--off-shift",
            help="Train on shift: capped effort, no failure, fewer sets (default: the athlete's).",
            show_default=False,
        ),
        shift_days: str | None = typer.Option(
            None, "--shift-days", help="Only these days are on shift, e.g. tue,fri."
        ),
        periodisation: str = typer.Option(
            "linear", "--periodisation", help="linear, or undulating (12-15/9-12/6-8/3-5)."
        ),
        deload_every: int = typer.Option(
            5, "--deload-every", help="A deload week every N weeks (0: none)."
        ),
        training_days: str | None = typer.Option(
            None, "--training-days", help="The days to train, e.g. mon,wed,fri."
        ),
        consider: list[str] = typer.Option(  # noqa: B008
            [],
            "--consider",
            help="A condition to plan around: low_back_pain, upper_body_injury, knee_pain, "
            "pregnancy ... (repeatable).",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print JSON for scripts."),
        no_save: bool = typer.Option(
            False, "--no-save", help="Do not keep the plan as the athlete's active plan."
        ),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
    ) -> None:
        """Build a training plan: sessions week by week, loads in your units, and notes.

        Flags left out come from the athlete's log (units, goal, days, deadlift day, on-shift,
        equipment, current rung, the latest assessment, an e1RM from recent sets); the plan is
        kept as the athlete's active plan (unless --no-save), which hipthrust next follows.
        """
        form = PlanForm(
            goal=goal,
            weeks=weeks,
            days_per_week=days_per_week,
            training_days=training_days,
            e1rm=e1rm,
            periodisation=periodisation,
            deload_every=deload_every,
            rung=rung,
            units=units,
            bar=bar,
            deadlift_day=deadlift_day,
            on_shift=on_shift,
            shift_days=shift_days,
            considerations=tuple(consider),
            assessment=None if assessment is None else read_assessment(Path(assessment)),
            save=not no_save,
        )
        with athlete_scope(athlete, database) as scope:
            written = write_plan(
                scope.session, LOCAL_OWNER, scope.athlete.id, form, datetime.now(UTC)
            )
        if as_json:
            print_json(written.to_json())
            return
        for note in written.notes:
            console.print(for_cli(note))
        render_plan(written.plan)
        if written.stored is not None:
            typer.echo(
                f"Kept as the active plan of {written.athlete.name}: hipthrust next follows it."
            )
