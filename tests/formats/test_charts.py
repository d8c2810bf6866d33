from __future__ import annotations

import struct
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import matplotlib.dates as mdates
import pytest
from matplotlib.lines import Line2D

from hipthrust.coaching.progress import Progress, progress
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.errors import InputError
from hipthrust.formats.charts import (
    PNG_MAGIC,
    Band,
    Panel,
    Series,
    figure_png,
    progress_figure,
    stacked_figure,
    write_png,
)

MONDAY = date(2025, 3, 3)


def _history(reps: int = 8) -> Progress:
    records: list[SetRecord] = []
    checkins: list[Checkin] = []
    for week in range(6):
        when = MONDAY + timedelta(days=7 * week)
        start = datetime(when.year, when.month, when.day, 18)
        for index in range(3):
            records.append(
                SetRecord(
                    start + timedelta(minutes=3 * index),
                    "barbell_hip_thrust",
                    reps,
                    load_kg=100.0 + 2.5 * week,
                    rpe=8.0,
                    pain=week % 3,
                )
            )
        checkins.append(Checkin(when + timedelta(days=1), next_morning_pain=1))
    return progress(records, checkins, MONDAY + timedelta(days=40))


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_progress_chart_is_a_png_with_three_panels() -> None:
    figure = progress_figure(_history(), "kg")
    titles = [axes.get_title(loc="left") for axes in figure.axes]
    assert len(figure.axes) == 3
    assert titles[0].startswith("Estimated 1RM of the barbell hip thrust (kg)")
    assert titles[1].startswith("Weekly volume load (kg x reps")
    assert titles[2] == "Pain (0-10)"
    data = figure_png(figure)
    assert data.startswith(PNG_MAGIC)
    assert _png_size(data) == (900, 780)  # 9 in wide, 3 panels of 2.6 in, at 100 dpi
    assert len(data) > 20_000


@pytest.mark.parametrize(("units", "factor"), [("kg", 1.0), ("lb", 1 / 0.45359237)])
def test_panels_are_in_the_athletes_units(units: str, factor: float) -> None:
    result = _history()
    figure = progress_figure(result, units)  # type: ignore[arg-type]
    e1rm_line = figure.axes[0].get_lines()[0]
    expected = [s.e1rm.kg * factor for s in result.sessions if s.e1rm is not None]
    assert list(e1rm_line.get_ydata()) == pytest.approx(expected)
    heights = [bar.get_height() for bar in figure.axes[1].patches]
    assert heights == pytest.approx([w.volume_load_kg * factor for w in result.weeks])
    assert figure.axes[0].get_ylabel() == units


def _hollow_points(figure_axes: object) -> list[Line2D]:
    lines = figure_axes.get_lines()  # type: ignore[attr-defined]
    return [line for line in lines if line.get_markerfacecolor() == "white"]


@pytest.mark.parametrize(("reps", "hollow"), [(8, 0), (15, 6)])
def test_estimates_outside_the_trusted_range_are_hollow(reps: int, hollow: int) -> None:
    figure = progress_figure(_history(reps), "kg")
    points = _hollow_points(figure.axes[0])
    assert sum(len(line.get_xdata()) for line in points) == hollow


def test_the_pain_panel_has_both_pain_series_and_the_zones() -> None:
    figure = progress_figure(_history(), "kg")
    pain = figure.axes[2]
    labels = pain.get_legend_handles_labels()[1]
    assert {"worst pain during", "next-morning pain", "fine 0-2", "acceptable 3-5"} <= set(labels)
    assert pain.get_ylim() == (-0.5, 10.5)


def test_a_panel_without_data_says_so() -> None:
    records = [SetRecord(datetime(2025, 3, 3, 18), "glute_bridge", 15)]
    figure = progress_figure(progress(records, [], MONDAY), "kg")
    texts = [text.get_text() for text in figure.axes[0].texts]
    assert texts == ["no loaded hip thrust sets yet"]
    assert [t.get_text() for t in figure.axes[2].texts] == ["no pain scores logged"]


def test_the_generic_helper_stacks_any_panels(tmp_path: Path) -> None:
    days = [date(2025, 1, d) for d in (1, 2, 3)]
    figure = stacked_figure(
        [
            Panel("Bodyweight", "kg", (Series("kg", days, [70.0, None, 70.5]),)),
            Panel(
                "Sets",
                "sets",
                (Series("", days, [3, 4, 5], kind="bar", bar_width_days=0.8),),
                bands=(Band(0, 2, "tab:red", "few"),),
            ),
        ],
        title="Anything",
        width_in=4,
        panel_height_in=2,
        dpi=50,
    )
    path = write_png(figure, tmp_path / "chart.png")
    assert path.read_bytes().startswith(PNG_MAGIC)
    assert _png_size(path.read_bytes()) == (200, 200)
    assert len(figure.axes) == 2
    assert figure.get_suptitle() == "Anything"


@pytest.mark.parametrize(
    "make",
    [
        lambda: stacked_figure([]),
        lambda: Series("bad", [date(2025, 1, 1)], [1.0, 2.0]),
        lambda: Series("bad", [date(2025, 1, 1)], [1.0], hollow=[True, False]),
    ],
)
def test_bad_charts_are_refused(make: object) -> None:
    with pytest.raises(InputError):
        make()  # type: ignore[operator]


def test_an_unwritable_place_is_one_line(tmp_path: Path) -> None:
    figure = progress_figure(_history(), "kg")
    with pytest.raises(InputError, match="cannot write"):
        write_png(figure, tmp_path / "missing-folder" / "chart.png")


def test_charts_never_touch_pyplot() -> None:
    code = (
        "import sys\n"
        "from hipthrust.formats import charts\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_an_old_history_fills_the_axis_instead_of_running_to_today() -> None:
    # A 2021-22 history read in 2026: the axis fits the sessions, not the years after them.
    records = [
        SetRecord(datetime(2021, 6, 1, 18) + timedelta(days=14 * n), "hip_thrust", 12, pain=0)
        for n in range(30)
    ]
    figure = progress_figure(progress(records, [], date(2026, 12, 7)), "kg")
    low, high = figure.axes[-1].get_xlim()
    first = float(mdates.date2num(datetime(2021, 6, 1)))  # type: ignore[no-untyped-call]
    last = float(mdates.date2num(datetime(2021, 6, 1) + timedelta(days=14 * 29)))  # type: ignore[no-untyped-call]
    assert low < first and high > last
    assert (high - low) < 1.2 * (last - first)  # nothing of 2023-2026 is drawn
    for axes in figure.axes:  # every panel shares it
        assert axes.get_xlim() == (low, high)


def test_the_legend_sits_beside_the_panel_never_over_a_point() -> None:
    only_pain = [SetRecord(datetime(2025, 3, 3, 18), "hip_thrust", 12, pain=4)]
    figure = progress_figure(progress(only_pain, [], date(2025, 3, 10)), "kg")
    figure_png(figure)  # lay the figure out
    pain_axes = figure.axes[-1]
    legend = pain_axes.get_legend()
    assert legend is not None
    inside = pain_axes.get_window_extent()
    box = legend.get_window_extent()
    assert box.x0 >= inside.x1  # entirely to the right of the plotting area
