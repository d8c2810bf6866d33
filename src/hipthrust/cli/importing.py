"""``hipthrust import FILE``: a Strong, Hevy or Liftosaur export, or a hipthrust backup (its own
JSON export), into the training log.

All or nothing: the file is read and every row checked before anything is written, and the
sets are written in one transaction. Importing the same file again adds nothing.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import typer
from rich import box
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from hipthrust.cli.common import ATHLETE_OPTION, DATABASE_OPTION, JSON_OPTION
from hipthrust.cli.output import console, print_json
from hipthrust.coaching.units import parse_units
from hipthrust.formats import FORMAT_NAMES, parse_format_name
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.athlete_portal import import_for
from hipthrust.service.importing import ImportReport
from hipthrust.service.scope import athlete_scope

__all__ = ["PROGRESS_MIN_BYTES", "SHOWN_SKIPPED_ROWS", "register", "render_report"]

# Files at least this big get a progress bar on a terminal (about 2,000 rows) [design].
PROGRESS_MIN_BYTES = 256 * 1024
# Skipped rows listed in the human output; --json lists them all [design].
SHOWN_SKIPPED_ROWS = 20


class _ImportProgress:
    """A transient rich progress display: a spinner while reading, a bar while storing."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.display = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not enabled,
        )
        self.label = label
        self.reading: TaskID | None = None
        self.storing: TaskID | None = None

    def __enter__(self) -> _ImportProgress:
        self.display.start()
        self.reading = self.display.add_task(f"reading {self.label}", total=None)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.display.stop()

    def stored(self, done: int, total: int) -> None:
        if self.storing is None:
            if self.reading is not None:
                self.display.update(self.reading, visible=False)
            self.storing = self.display.add_task("storing sets", total=total)
        self.display.update(self.storing, completed=done)


def render_report(report: ImportReport) -> None:
    """The human summary: counts, the exercises and the names the log gives them, skipped
    rows (the first few) and warnings."""
    verb = "would add" if report.dry_run else "added"
    table = Table(
        box=box.SIMPLE,
        show_header=False,
        title=escape(f"{report.file} ({FORMAT_NAMES[report.format]})"),
    )
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("sets read", str(report.sets_read))
    table.add_row("hip thrust family", str(report.hip_thrust_sets))
    table.add_row("other lifts", str(report.other_sets))
    table.add_row(f"{verb} to the log", str(report.inserted))
    table.add_row("already in the log", str(report.already_stored))
    table.add_row("rows skipped", str(len(report.skipped_rows)))
    table.add_row("dates", report.period())
    for what, found in (
        ("check-ins", report.checkins),
        ("assessments", report.assessments),
        ("plans", report.plans),
    ):
        if found is not None:
            table.add_row(f"{what}: {verb} / already", f"{found.added} / {found.already_stored}")
    console.print(table)
    if report.exercises:
        console.print("Exercises (in the file -> in the log):")
        for item in report.exercises:
            kind = "" if item.kind == "hip thrust family" else f" ({item.kind})"
            console.print(
                f"- {item.name} -> {item.shown}{kind}: {item.sets} set(s)",
                markup=False,
                soft_wrap=True,
            )
    if report.skipped_rows:
        console.print("Skipped rows (not sets):")
        for line, reason in report.skipped_rows[:SHOWN_SKIPPED_ROWS]:
            console.print(f"- line {line}: {reason}", markup=False, soft_wrap=True)
        more = len(report.skipped_rows) - SHOWN_SKIPPED_ROWS
        if more > 0:
            console.print(f"- ... and {more} more (--json lists them all)")
    for warning in report.warnings:
        console.print(f"Warning: {warning}", markup=False, soft_wrap=True)
    if report.dry_run:
        console.print("Dry run: nothing was written.")
    elif report.inserted == 0 and report.sets_read:
        console.print("Nothing new: every set of this file is already in the log.")


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_command(
        file: Path = typer.Argument(  # noqa: B008
            ...,
            help="The CSV export of Strong, Hevy or Liftosaur, or a hipthrust backup (JSON).",
            show_default=False,
        ),
        format: str | None = typer.Option(
            None,
            "--format",
            help="strong, hevy, liftosaur or hipthrust: force a format (default: detect).",
        ),
        units: str | None = typer.Option(
            None,
            "--units",
            help="kg or lb: the weight unit of a Strong file that names none "
            "(default: the athlete's units).",
        ),
        tz: str = typer.Option(
            "UTC",
            "--tz",
            help="The time zone of the file's times, e.g. Europe/Paris (default UTC).",
        ),
        dry_run: bool = typer.Option(
            False, "--dry-run", help="Check the file and count what would be added; write nothing."
        ),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Import sets from a Strong, Hevy or Liftosaur export, or restore a hipthrust backup;
        a second import adds nothing."""
        chosen_format = None if format is None else parse_format_name(format)
        hint = None if units is None else parse_units(units)
        big = file.is_file() and file.stat().st_size >= PROGRESS_MIN_BYTES
        shown = big and console.is_terminal and not as_json
        with athlete_scope(athlete, database) as scope, _ImportProgress(file.name, shown) as bar:
            found, report = import_for(
                scope.session,
                LOCAL_OWNER,
                scope.athlete.id,
                file,
                format=chosen_format,
                units_hint=hint,
                tz=tz,
                dry_run=dry_run,
                on_progress=bar.stored,
            )
            name = found.name
        if as_json:
            print_json({"athlete": name, **report.to_json()})
            return
        render_report(report)
