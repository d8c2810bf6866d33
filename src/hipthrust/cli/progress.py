"""``hipthrust progress``: e1RM, volume and pain over time, as a summary and a chart image.

hipthrust progress                         # summary + hipthrust-progress.png
hipthrust progress --weeks 12 --out last-12-weeks.png
hipthrust progress --json --no-chart
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import typer
from rich import box
from rich.table import Table

from hipthrust.cli.common import ATHLETE_OPTION, DATABASE_OPTION, JSON_OPTION
from hipthrust.cli.output import console, print_json
from hipthrust.coaching.catalogue import variation_name
from hipthrust.coaching.progress import Change, E1rmMark, Progress, Trend
from hipthrust.coaching.units import Units, format_mass, from_kg, parse_units
from hipthrust.formats.charts import progress_figure, write_png
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.athlete_portal import progress_of
from hipthrust.service.scope import athlete_scope

__all__ = ["DEFAULT_CHART", "NO_HISTORY", "TABLE_WEEKS", "register", "render_progress"]

DEFAULT_CHART = Path("hipthrust-progress.png")
NO_HISTORY = (
    "No hip thrust sets logged yet: log one with `hipthrust log` or bring your history in "
    "with `hipthrust import`."
)
# Weeks in the human weekly table when --weeks is not given [design].
TABLE_WEEKS = 8


def _signed_mass(kg: float, units: Units) -> str:
    sign = "+" if kg >= 0 else "-"
    return sign + format_mass(abs(kg), units)


def _volume(kg: float, units: Units) -> str:
    return f"{from_kg(kg, units):,.0f} {units} x reps"


def _e1rm_text(day: date, mark: E1rmMark, units: Units) -> str:
    effort = "" if mark.rpe is None else f" @ RPE {mark.rpe:g}"
    text = (
        f"{format_mass(mark.kg, units)} on {day.isoformat()} "
        f"({format_mass(mark.load_kg, units)} x {mark.reps}{effort}, "
        f"{variation_name(mark.variation)})"
    )
    if not mark.in_valid_range:
        text += "; outside 1-10 reps to failure, a rough estimate"
    return text


def _change_text(change: Change | None, units: Units) -> str:
    if change is None:
        return "not enough weeks with data"
    return (
        f"{_signed_mass(change.change_kg, units)} ({change.change_pct:+.1f}%), "
        f"{change.direction.value}, weeks of {change.start.isoformat()} to "
        f"{change.end.isoformat()}"
    )


def _volume_text(result: Progress, units: Units) -> str:
    trends = result.trends
    last = result.last_session
    if last is None or last < trends.since:
        where = "" if last is None else f" (the last was on {last.isoformat()})"
        return f"no sessions in the last {trends.weeks} weeks{where}"
    return (
        f"{_volume(trends.volume_this_week_kg, units)} this week; "
        f"{_volume(trends.volume_mean_kg, units)} a week on average over the "
        f"{trends.weeks} weeks before"
    )


def _trend_text(trend: Trend | None) -> str:
    if trend is None:
        return "not enough weeks with scores"
    return (
        f"{trend.direction.value} ({trend.slope_per_week:+.1f} a week over {trend.weeks} "
        f"weeks), worst in the latest week {trend.latest}/10"
    )


def _summary_rows(result: Progress, units: Units) -> list[tuple[str, str]]:
    trends = result.trends
    latest = result.latest_e1rm
    rows = [
        (
            "latest e1RM",
            "no loaded hip thrust sets" if latest is None else _e1rm_text(*latest, units),
        ),
        (f"e1RM change, last {trends.weeks} weeks", _change_text(trends.e1rm, units)),
        ("weekly volume", _volume_text(result, units)),
        ("pain during", _trend_text(trends.pain)),
        ("next-morning pain", _trend_text(trends.next_morning_pain)),
    ]
    if result.bodyweight:
        day, kg = result.bodyweight[-1]
        text = f"{format_mass(kg, units)} on {day.isoformat()}"
        if trends.bodyweight is not None:
            text += f" ({_signed_mass(trends.bodyweight.change_kg, units)} recently)"
        rows.append(("bodyweight", text))
    return rows


def _score(value: int | None) -> str:
    return "-" if value is None else f"{value}/10"


def render_progress(result: Progress, units: Units, table_weeks: int) -> None:
    """The summary table, then the last ``table_weeks`` weeks one row each."""
    summary = Table(box=box.SIMPLE, show_header=False, title="Hip thrust progress")
    summary.add_column("what")
    summary.add_column("value")
    for label, value in _summary_rows(result, units):
        summary.add_row(label, value)
    console.print(summary)
    weekly = Table(
        box=box.SIMPLE, title=f"The last {table_weeks} weeks of training", title_justify="left"
    )
    for column in ("week of", "sessions", "best e1RM", "volume load", "reps", "pain", "morning"):
        weekly.add_column(column)
    trained = [index for index, week in enumerate(result.weeks) if week.sessions]
    end = trained[-1] + 1 if trained else 0
    for week in result.weeks[max(0, end - table_weeks) : end]:
        e1rm = "-"
        if week.e1rm is not None:
            e1rm = format_mass(week.e1rm.kg, units) + ("" if week.e1rm.in_valid_range else " *")
        weekly.add_row(
            week.week.isoformat(),
            str(week.sessions),
            e1rm,
            f"{from_kg(week.volume_load_kg, units):,.0f}",
            str(week.total_reps),
            _score(week.max_pain),
            _score(week.next_morning_pain),
        )
    console.print(weekly)
    if any(week.e1rm is not None and not week.e1rm.in_valid_range for week in result.weeks):
        console.print("* estimated from more than 10 reps to failure: a rough estimate.")


def register(app: typer.Typer) -> None:
    @app.command("progress")
    def progress_command(
        out: Path = typer.Option(  # noqa: B008
            DEFAULT_CHART, "--out", help="Where to write the chart (PNG)."
        ),
        no_chart: bool = typer.Option(False, "--no-chart", help="Write no chart image."),
        weeks: int | None = typer.Option(
            None,
            "--weeks",
            min=1,
            help="Only the last N weeks (default: all history in the chart, the last 8 weeks "
            "in the table).",
        ),
        units: str | None = typer.Option(
            None, "--units", help="kg or lb (default: the athlete's units)."
        ),
        athlete: str | None = ATHLETE_OPTION,
        database: str | None = DATABASE_OPTION,
        as_json: bool = JSON_OPTION,
    ) -> None:
        """Show e1RM, weekly volume and pain over time, and draw them as a chart."""
        with athlete_scope(athlete, database, reading=True) as scope:
            found, result = progress_of(
                scope.session, LOCAL_OWNER, scope.athlete.id, datetime.now(UTC), weeks
            )
        shown: Units = parse_units(units) if units else found.units
        name = found.name
        chart: Path | None = None
        if not result.empty and not no_chart:
            chart = write_png(progress_figure(result, shown), out)
        if as_json:
            data: dict[str, Any] = {
                "athlete": name,
                "units": shown,
                "empty": result.empty,
                "chart": None if chart is None else str(chart),
                **result.to_json(),
            }
            print_json(data)
            return
        if result.empty:
            last = result.last_session
            if last is None:
                console.print(NO_HISTORY, markup=False, soft_wrap=True)
            else:
                console.print(
                    f"No hip thrust sets in the last {weeks} weeks: the last session was on "
                    f"{last.isoformat()}.",
                    soft_wrap=True,
                )
            return
        render_progress(result, shown, weeks or TABLE_WEEKS)
        if chart is not None:
            console.print(f"Chart: {chart}", markup=False, soft_wrap=True)
