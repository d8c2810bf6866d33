"""Charts as PNG images: matplotlib's Agg renderer on ``Figure`` objects, never pyplot.

No global state: every chart is its own ``Figure``, safe in a web worker or a thread.
``stacked_figure`` is the reusable part (panels of line, marker and bar series over dates,
sharing the time axis); ``progress_figure`` draws the progress chart from ``Progress``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from hipthrust.coaching.catalogue import variation_name
from hipthrust.coaching.pain import DEFAULT_PAIN_RULES, PainRules
from hipthrust.coaching.progress import Progress
from hipthrust.coaching.units import Units, from_kg
from hipthrust.errors import InputError

__all__ = [
    "PNG_MAGIC",
    "Band",
    "Panel",
    "Series",
    "figure_png",
    "progress_figure",
    "stacked_figure",
    "write_png",
]

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SeriesKind = Literal["line", "points", "bar"]
_X = date | datetime


@dataclass(frozen=True)
class Series:
    """One data series: ``y`` None leaves a gap; ``hollow`` marks points drawn unfilled."""

    label: str
    x: Sequence[_X]
    y: Sequence[float | None]
    kind: SeriesKind = "line"
    color: str | None = None
    hollow: Sequence[bool] = ()
    bar_width_days: float = 5.0
    hollow_label: str = ""

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y):
            raise InputError(f"series {self.label!r} has {len(self.x)} x and {len(self.y)} y")
        if self.hollow and len(self.hollow) != len(self.x):
            raise InputError(f"series {self.label!r} needs one hollow flag per point")


@dataclass(frozen=True)
class Band:
    """A shaded horizontal band, e.g. a pain zone."""

    low: float
    high: float
    color: str
    label: str = ""


@dataclass(frozen=True)
class Panel:
    title: str
    ylabel: str
    series: tuple[Series, ...]
    ylim: tuple[float, float] | None = None
    bands: tuple[Band, ...] = field(default=())
    empty_text: str = "no data yet"


def _numbers(values: Sequence[float | None]) -> list[float]:
    return [math.nan if value is None else float(value) for value in values]


def _dates(values: Sequence[_X]) -> list[float]:
    return [float(mdates.date2num(value)) for value in values]  # type: ignore[no-untyped-call]


def _draw(axes: Axes, series: Series) -> None:
    xs, ys = _dates(series.x), _numbers(series.y)
    if series.kind == "bar":
        axes.bar(
            xs,
            ys,
            width=series.bar_width_days,
            color=series.color,
            label=series.label,
            align="edge",
        )
        return
    hollow = list(series.hollow) if series.hollow else [False] * len(xs)
    solid = [(x, y) for x, y, flag in zip(xs, ys, hollow, strict=True) if not flag]
    unfilled = [(x, y) for x, y, flag in zip(xs, ys, hollow, strict=True) if flag]
    color = series.color
    if solid:
        (line,) = axes.plot(
            [x for x, _ in solid],
            [y for _, y in solid],
            linestyle="-" if series.kind == "line" else "none",
            marker="o",
            markersize=4,
            color=color,
            label=series.label or None,
        )
        color = str(line.get_color())
    if unfilled:
        axes.plot(
            [x for x, _ in unfilled],
            [y for _, y in unfilled],
            linestyle="none",
            marker="o",
            markersize=5,
            markerfacecolor="white",
            markeredgecolor=color,
            label=series.hollow_label or None,
        )


def _data_span(panels: Sequence[Panel]) -> tuple[float, float] | None:
    """The time axis's limits: the first to the last point drawn (a bar's width included),
    with a small margin, so an old history fills the chart instead of its left edge."""
    starts: list[float] = []
    ends: list[float] = []
    for panel in panels:
        for series in panel.series:
            xs = [x for x, y in zip(_dates(series.x), series.y, strict=True) if y is not None]
            if not xs:
                continue
            starts.append(min(xs))
            ends.append(max(xs) + (series.bar_width_days if series.kind == "bar" else 0.0))
    if not starts:
        return None
    low, high = min(starts), max(ends)
    margin = max(1.0, 0.03 * (high - low))
    return low - margin, high + margin


def stacked_figure(
    panels: Sequence[Panel],
    *,
    title: str = "",
    width_in: float = 9.0,
    panel_height_in: float = 2.6,
    dpi: int = 100,
) -> Figure:
    """Panels stacked top to bottom over one shared time axis, as a new ``Figure``."""
    if not panels:
        raise InputError("a chart needs at least one panel")
    figure = Figure(
        figsize=(width_in, panel_height_in * len(panels)), dpi=dpi, layout="constrained"
    )
    FigureCanvasAgg(figure)
    axes_list = figure.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    for axes, panel in zip(axes_list, panels, strict=True):
        for band in panel.bands:
            axes.axhspan(
                band.low, band.high, color=band.color, alpha=0.15, label=band.label or None
            )
        drawn = False
        for series in panel.series:
            if series.x:
                _draw(axes, series)
                drawn = drawn or any(value is not None for value in series.y)
        if not drawn:
            axes.text(
                0.5, 0.5, panel.empty_text, ha="center", va="center", transform=axes.transAxes
            )
        axes.set_title(panel.title, loc="left", fontsize=10)
        axes.set_ylabel(panel.ylabel)
        if panel.ylim is not None:
            axes.set_ylim(*panel.ylim)
        axes.grid(True, alpha=0.3)
        if axes.get_legend_handles_labels()[1]:
            # Beside the panel, never over it: a legend inside could hide the only point.
            axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize=8)
    span = _data_span(panels)
    if span is not None:
        axes_list[-1].set_xlim(*span)  # the axes are shared: every panel fits the data
    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
    axes_list[-1].xaxis.set_major_locator(locator)
    axes_list[-1].xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    )
    axes_list[-1].xaxis_date()
    if title:
        figure.suptitle(title)
    return figure


def figure_png(figure: Figure) -> bytes:
    """The figure rendered as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def write_png(figure: Figure, path: Path) -> Path:
    """Write the figure to ``path`` as PNG; an unwritable place is one InputError line."""
    data = figure_png(figure)
    try:
        path.write_bytes(data)
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None
    return path


def _pain_bands(rules: PainRules) -> tuple[Band, ...]:
    return (
        Band(-0.5, rules.safe_max + 0.5, "tab:green", f"fine 0-{rules.safe_max}"),
        Band(
            rules.safe_max + 0.5,
            rules.acceptable_max + 0.5,
            "tab:orange",
            f"acceptable {rules.safe_max + 1}-{rules.acceptable_max}",
        ),
        Band(rules.acceptable_max + 0.5, 10.5, "tab:red", "too much"),
    )


def progress_figure(
    progress: Progress, units: Units, *, pain_rules: PainRules = DEFAULT_PAIN_RULES
) -> Figure:
    """Three panels: e1RM per session, volume load per week, pain during and next morning.

    e1RM estimates outside the formula's trusted rep range are drawn as hollow points.
    """
    sessions = progress.sessions
    lift = variation_name(progress.e1rm_variation or "hip_thrust")
    with_e1rm = [s for s in sessions if s.e1rm is not None]
    e1rm = Series(
        "best e1RM",
        [s.day for s in with_e1rm],
        [from_kg(s.e1rm.kg, units) for s in with_e1rm if s.e1rm is not None],
        hollow=[not s.e1rm.in_valid_range for s in with_e1rm if s.e1rm is not None],
        color="tab:blue",
        hollow_label="estimate outside 1-10 reps to failure",
    )
    # Weeks run to this week (empty ones kept so gaps show); those after the last session
    # would only stretch the axis to today.
    last = max((s.day for s in sessions), default=None)
    weeks = [w for w in progress.weeks if last is not None and w.week <= last]
    volume = Series(
        "",
        [w.week for w in weeks],
        [from_kg(w.volume_load_kg, units) for w in weeks],
        kind="bar",
        color="tab:gray",
    )
    during = Series("worst pain during", [s.day for s in sessions], [s.max_pain for s in sessions])
    morning = Series(
        "next-morning pain",
        [s.day for s in sessions],
        [s.next_morning_pain for s in sessions],
        kind="points",
    )
    panels = (
        Panel(
            f"Estimated 1RM of the {lift} ({units}), best of each session",
            units,
            (e1rm,),
            empty_text="no loaded hip thrust sets yet",
        ),
        Panel(f"Weekly volume load ({units} x reps, working sets)", f"{units} x reps", (volume,)),
        Panel(
            "Pain (0-10)",
            "pain",
            (during, morning),
            ylim=(-0.5, 10.5),
            bands=_pain_bands(pain_rules),
            empty_text="no pain scores logged",
        ),
    )
    return stacked_figure(panels, title=f"Hip thrust progress to {progress.today.isoformat()}")
