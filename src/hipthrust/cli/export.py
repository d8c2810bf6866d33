"""``hipthrust export log|plan``: the training log as CSV or JSON, the plan as ICS or PDF.

    hipthrust export log                       # CSV on standard output
    hipthrust export log --format json --out log.json
    hipthrust export plan --out plan.ics       # format from the suffix
    hipthrust export plan --format pdf --out handout.pdf --start 2026-11-23

The columns and keys are in docs/export.md.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

import typer

from hipthrust.cli.common import ATHLETE_OPTION, DATABASE_OPTION, JSON_OPTION
from hipthrust.cli.output import console, print_json
from hipthrust.coaching.units import Units, parse_units
from hipthrust.errors import InputError
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.athlete_portal import log_export_for, plan_export_for
from hipthrust.service.handout import plan_handout_for
from hipthrust.service.scope import athlete_scope

__all__ = ["LOG_FORMATS", "PLAN_FORMATS", "parse_start", "register", "write_output"]

LOG_FORMATS = ("csv", "json")
PLAN_FORMATS = ("ics", "pdf")


def _choose(
    given: str | None, out: Path | None, allowed: tuple[str, ...], default: str | None
) -> str:
    """The format: ``--format``, else the output file's suffix, else ``default``."""
    if given is not None:
        chosen = given.strip().lower()
        if chosen not in allowed:
            raise InputError(f"unknown format {given!r}: use {' or '.join(allowed)}")
        return chosen
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    if suffix in allowed:
        return suffix
    if default is None:
        raise InputError(
            f"say which format with --format {'|'.join(allowed)} (or end --out with "
            f"{' or '.join('.' + name for name in allowed)})"
        )
    return default


def parse_start(text: str | None, today: date) -> date:
    """``--start`` as a date (YYYY-MM-DD); ``today`` when not given."""
    if text is None:
        return today
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"cannot read {text!r} as a date: write it like 2026-11-23") from None


def write_output(path: Path, data: str | bytes) -> int:
    """Write ``data`` to ``path`` (text as UTF-8, bytes as is); return the bytes written."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.write_bytes(payload)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None
    return len(payload)


def _units(text: str | None) -> Units | None:
    return None if text is None else parse_units(text)


def _report(summary: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(summary)
        return
    console.print(
        f"Wrote {summary['what']} ({summary['format']}) to {summary['out']}.",
        markup=False,
        soft_wrap=True,
    )


_UNITS_HELP = "kg or lb: units to show loads in (default: the athlete's)."


def register(app: typer.Typer) -> None:
    export_app = typer.Typer(
        help="Export the training log (CSV, JSON) or the plan (iCalendar, PDF handout).",
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
    )

    @export_app.command("log")
    def export_log(
        format: str | None = typer.Option(
            None, "--format", help="csv or json (default: from --out's suffix, else csv)."
        ),
        out: Path | None = typer.Option(  # noqa: B008
            None, "--out", help="The file to write (default: standard output)."
        ),
        units: str | None = typer.Option(None, "--units", help=_UNITS_HELP),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Export every set as CSV, or the whole log (profile, sets, check-ins, plans) as JSON.

        With --json and no --out the log is printed as JSON; with --out, --json prints a
        summary of what was written.
        """
        default = "json" if as_json and out is None else "csv"
        chosen = _choose(format, out, LOG_FORMATS, default)
        if as_json and out is None and chosen != "json":
            raise InputError("--json prints the log as JSON: drop --format csv, or give --out")
        shown = _units(units)
        with athlete_scope(athlete, database, reading=True) as scope:
            found, text, count = log_export_for(
                scope.session, LOCAL_OWNER, scope.athlete.id, chosen, datetime.now(UTC), shown
            )
            name = found.name
        if out is None:
            typer.echo(text, nl=False)
            return
        size = write_output(out, text)
        _report(
            {
                "what": "log",
                "athlete": name,
                "format": chosen,
                "out": str(out),
                "sets": count,
                "bytes": size,
            },
            as_json,
        )

    @export_app.command("plan")
    def export_plan(
        format: str | None = typer.Option(
            None, "--format", help="ics (calendar) or pdf (handout); default: from --out."
        ),
        out: Path | None = typer.Option(  # noqa: B008
            None, "--out", help="The file to write (a PDF needs one; ICS defaults to stdout)."
        ),
        start: str | None = typer.Option(
            None,
            "--start",
            help="The day week 1 starts, e.g. 2026-11-23 (default: today for ics; for pdf the "
            "day the plan was written).",
        ),
        units: str | None = typer.Option(None, "--units", help=_UNITS_HELP),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Export the active plan as an iCalendar file or a printable PDF handout."""
        chosen: Literal["ics", "pdf"] = (
            "pdf" if _choose(format, out, PLAN_FORMATS, None) == "pdf" else "ics"
        )
        if chosen == "pdf" and out is None:
            raise InputError("a PDF needs a file: pass --out handout.pdf")
        if as_json and out is None:
            raise InputError("--json prints a summary of the file written: pass --out")
        today = date.today()
        first = parse_start(start, today)
        shown = _units(units)
        with athlete_scope(athlete, database, reading=True) as scope:
            if chosen == "pdf":  # the handout: the plan page's download, the same use case
                handout = plan_handout_for(
                    scope.session,
                    LOCAL_OWNER,
                    scope.athlete.id,
                    now=datetime.now(UTC),
                    start=None if start is None else first,
                    units=shown,
                )
                found, data, first = handout.athlete, handout.pdf, handout.start
            else:
                found, data = plan_export_for(
                    scope.session,
                    LOCAL_OWNER,
                    scope.athlete.id,
                    chosen,
                    start=first,
                    now=datetime.now(UTC),
                    units=shown,
                )
            name = found.name
        if out is None:
            typer.echo(data, nl=False)
            return
        size = write_output(out, data)
        summary = {
            "what": "plan",
            "athlete": name,
            "format": chosen,
            "out": str(out),
            "start": first.isoformat(),
            "bytes": size,
        }
        _report(summary, as_json)

    app.add_typer(export_app, name="export")
