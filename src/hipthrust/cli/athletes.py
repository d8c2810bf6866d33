"""``hipthrust athletes``: who is coached in this log, and what the log knows about them.

    hipthrust athletes                                   # the list
    hipthrust athletes add sam --units lb --goal strength --training-days mon,thu
    hipthrust athletes set sam --deadlift-day tue --on-shift --bar 45lb
    hipthrust athletes clear sam --condition hip_replacement --date 2026-11-02

Names are unique; every other command picks an athlete with ``--athlete NAME`` (needed when
the log has several).
"""

from __future__ import annotations

from datetime import UTC, datetime

import typer
from rich.table import Table

from hipthrust.cli.common import DATABASE_OPTION, JSON_OPTION
from hipthrust.cli.output import console, print_json
from hipthrust.service.athletes import (
    CLEARANCE_KINDS,
    AthleteSummary,
    ProfileChanges,
    add_athlete,
    athlete_summaries,
    change_athlete,
    profile_json,
    record_clearance,
)
from hipthrust.service.scope import store_scope
from hipthrust.service.set_entry import read_day
from hipthrust.store import Athlete

__all__ = ["register", "render_athletes"]

_UNITS = typer.Option(None, "--units", help="kg or lb: how loads are typed and shown.")
_GOAL = typer.Option(None, "--goal", help="strength, hypertrophy, endurance or rehab.")
_DAYS = typer.Option(None, "--training-days", help="Hip-thrust days, e.g. mon,thu (none to clear).")
_DEADLIFT = typer.Option(
    None, "--deadlift-day", help="The heavy deadlift day, mon..sun (none to clear)."
)
_ON_SHIFT = typer.Option(
    None,
    "--on-shift/--off-shift",
    help="Trains on duty shifts: capped effort, no sets to failure.",
    show_default=False,
)
_SHIFT_DAYS = typer.Option(
    None, "--shift-days", help="Only these days are on shift, e.g. tue,fri (none: every day)."
)
_BAR = typer.Option(None, "--bar", help="Bar weight, e.g. 20kg or 45lb (bare: your units).")
_PLATES = typer.Option(
    None, "--plates", help="Plate sizes in your units, e.g. 25,20,15,10,5,2.5,1.25."
)
_DUMBBELLS = typer.Option(
    None, "--dumbbells", help="Dumbbells or kettlebells you have, e.g. 8,12,16 (none to clear)."
)
_BARBELL = typer.Option(
    None, "--barbell/--no-barbell", help="Has a barbell and plates.", show_default=False
)
_BENCH = typer.Option(
    None, "--bench/--no-bench", help="Has a bench 30-40 cm high.", show_default=False
)
_BANDS = typer.Option(None, "--bands/--no-bands", help="Has a loop band.", show_default=False)
_MACHINE = typer.Option(
    None, "--machine/--no-machine", help="Has a hip thrust machine.", show_default=False
)
_RUNG = typer.Option(None, "--rung", help="Current rung of the ladder, 0-6.")
_LOADING = typer.Option(
    None,
    "--loading/--no-loading",
    help="Loading allowed without an assessment (an assessment on record wins).",
    show_default=False,
)
_NOTES = typer.Option(None, "--notes", help="A note about the athlete.")


def render_athletes(rows: tuple[AthleteSummary, ...]) -> None:
    table = Table(title="Athletes", title_justify="left")
    for column in ("name", "units", "goal", "rung", "loading", "sets logged", "last session"):
        table.add_column(column)
    for row in rows:
        athlete = row.athlete
        table.add_row(
            athlete.name,
            athlete.units,
            athlete.goal or "-",
            "-" if athlete.current_rung is None else str(athlete.current_rung),
            "yes" if athlete.loading_allowed else "no",
            str(row.sets_logged),
            "-" if row.last_session is None else row.last_session.isoformat(),
        )
    console.print(table)


def _profile_line(athlete: Athlete) -> str:
    data = profile_json(athlete)
    equipment = data["equipment"]
    parts = [
        f"units {athlete.units}",
        f"goal {athlete.goal or 'not set'}",
        f"rung {'not set' if athlete.current_rung is None else athlete.current_rung}",
        f"loading {'allowed' if athlete.loading_allowed else 'not allowed'}",
    ]
    if athlete.training_days:
        parts.append("training " + ",".join(athlete.training_days))
    if athlete.deadlift_day:
        parts.append(f"deadlift {athlete.deadlift_day}")
    if athlete.on_shift:
        days = data["shift_days"]
        parts.append("on shift" + (" " + ",".join(days) if days else ""))
    if equipment["has_barbell"]:
        plates = ",".join(f"{size:g}" for size in equipment["plates"])
        parts.append(f"bar {equipment['bar']:g} {equipment['units']}, plates {plates}")
    return f"{athlete.name}: " + "; ".join(parts) + "."


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="List the athletes of this log; add one, change a profile, record a clearance.",
        no_args_is_help=False,
        invoke_without_command=True,
        rich_markup_mode=None,
    )

    @group.callback()
    def athletes_command(
        ctx: typer.Context,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """List the athletes of this log; add one, change a profile, record a clearance."""
        ctx.obj = database
        if ctx.invoked_subcommand is not None:
            return
        with store_scope(database) as (_store, session):
            rows = athlete_summaries(session)
        if as_json:
            print_json({"athletes": [row.to_json() for row in rows]})
            return
        render_athletes(rows)

    @group.command("add")
    def add_command(
        ctx: typer.Context,
        name: str = typer.Argument(..., help="A unique name, e.g. sam."),
        units: str | None = _UNITS,
        goal: str | None = _GOAL,
        training_days: str | None = _DAYS,
        deadlift_day: str | None = _DEADLIFT,
        on_shift: bool | None = _ON_SHIFT,
        shift_days: str | None = _SHIFT_DAYS,
        bar: str | None = _BAR,
        plates: str | None = _PLATES,
        dumbbells: str | None = _DUMBBELLS,
        barbell: bool | None = _BARBELL,
        bench: bool | None = _BENCH,
        bands: bool | None = _BANDS,
        machine: bool | None = _MACHINE,
        rung: int | None = _RUNG,
        loading: bool | None = _LOADING,
        notes: str | None = _NOTES,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Add an athlete (a coach's client) with their profile."""
        changes = ProfileChanges(
            units=units,
            goal=goal,
            training_days=training_days,
            deadlift_day=deadlift_day,
            on_shift=on_shift,
            shift_days=shift_days,
            bar=bar,
            plates=plates,
            dumbbells=dumbbells,
            barbell=barbell,
            bench=bench,
            bands=bands,
            machine=machine,
            rung=rung,
            loading_allowed=loading,
            notes=notes,
        )
        with store_scope(database or ctx.obj) as (_store, session):
            athlete = add_athlete(session, name, changes)
        if as_json:
            print_json(profile_json(athlete))
            return
        typer.echo(f"Added {_profile_line(athlete)}")

    @group.command("set")
    def set_command(
        ctx: typer.Context,
        name: str = typer.Argument(..., help="The athlete to change."),
        rename: str | None = typer.Option(None, "--rename", help="A new name."),
        units: str | None = _UNITS,
        goal: str | None = _GOAL,
        training_days: str | None = _DAYS,
        deadlift_day: str | None = _DEADLIFT,
        on_shift: bool | None = _ON_SHIFT,
        shift_days: str | None = _SHIFT_DAYS,
        bar: str | None = _BAR,
        plates: str | None = _PLATES,
        dumbbells: str | None = _DUMBBELLS,
        barbell: bool | None = _BARBELL,
        bench: bool | None = _BENCH,
        bands: bool | None = _BANDS,
        machine: bool | None = _MACHINE,
        rung: int | None = _RUNG,
        loading: bool | None = _LOADING,
        notes: str | None = _NOTES,
        time_zone: str | None = typer.Option(
            None,
            "--time-zone",
            help="Where the athlete lives, an IANA name such as America/New_York (none: UTC); "
            "their training days are days there.",
        ),
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Change an athlete's profile; what is not given stays as it is."""
        changes = ProfileChanges(
            units=units,
            goal=goal,
            training_days=training_days,
            deadlift_day=deadlift_day,
            on_shift=on_shift,
            shift_days=shift_days,
            bar=bar,
            plates=plates,
            dumbbells=dumbbells,
            barbell=barbell,
            bench=bench,
            bands=bands,
            machine=machine,
            rung=rung,
            loading_allowed=loading,
            notes=notes,
            rename=rename,
            time_zone=time_zone,
        )
        with store_scope(database or ctx.obj) as (_store, session):
            athlete = change_athlete(session, name, changes)
        if as_json:
            print_json(profile_json(athlete))
            return
        typer.echo(f"Updated {_profile_line(athlete)}")

    @group.command("clear")
    def clear_command(
        ctx: typer.Context,
        name: str = typer.Argument(..., help="The athlete who was cleared."),
        condition: str = typer.Option(
            ...,
            "--condition",
            help=f"What the clearance is for: {', '.join(CLEARANCE_KINDS)}.",
        ),
        day: str | None = typer.Option(
            None, "--date", help="When the clinician cleared them (default today)."
        ),
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Record a clinician's clearance for loaded training after surgery or in pregnancy."""
        today = datetime.now(UTC).astimezone().date()
        on = today if day is None else read_day(day, "day", "--date")
        with store_scope(database or ctx.obj) as (_store, session):
            cleared = record_clearance(session, name, condition, on, today)
        if as_json:
            print_json({**profile_json(cleared.athlete), "effect": cleared.effect})
            return
        typer.echo(cleared.effect)

    app.add_typer(group, name="athletes")
