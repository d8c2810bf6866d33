"""A plan as the printable handout a physiotherapist gives a patient (A4 PDF).

Works on the plan's JSON (``Plan.to_json()``). It holds: the athlete's name; every session
with its calendar dates (week 1 in the week of ``start``, as the calendar export counts,
``formats.calendar.session_dates``), weeks that repeat exactly printed once with all their
dates; instructions for the warm-up drills (``coaching.drills``); for each exercise the
catalogue's setup and cues, the common mistakes with their fixes, and its bottom and top
positions drawn from the same body model as the web pictures (``formats.figures``, drawn here
with reportlab shapes); a pain diary with a row per set to write the reps done, the hold and
the pain (0-10); and the safety notes. Everything is in plain words: exercise names, never
ids, and none of the method's inner terms ("rung", "gate"), which ``plain_words`` rewrites.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle as RlCircle
from reportlab.graphics.shapes import Drawing, Group
from reportlab.graphics.shapes import Line as RlLine
from reportlab.graphics.shapes import Polygon as RlPolygon
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from hipthrust.coaching.catalogue import display_name, variation_or_none
from hipthrust.coaching.drills import RAMP_UP, drill_or_none
from hipthrust.coaching.units import Units, format_mass
from hipthrust.formats.calendar import session_dates
from hipthrust.formats.figures import POSITIONS, Circle, Line, figure

__all__ = ["PLAIN_WORDS", "figure_drawing", "plain_words", "plan_handout_pdf", "week_groups"]

_SAFETY = (
    "Stop and contact your clinician if you notice numbness in the saddle area, new bladder or "
    "bowel changes, or weakness or numbness spreading in the legs. Pain up to 2/10 during the "
    "exercises is fine; 3-5/10 means keep the same dose; above 5/10, or pain that has not "
    "settled by the next morning, means step back. This handout coaches exercise; it is not a "
    "diagnosis."
)
_READING = (
    "Reps: how many times you lift, per set. Hold: seconds you stay at the top of each rep. "
    "RPE is effort out of 10: 10 means not one more rep was possible, 8 means 2 were left. "
    "Tempo gives seconds per phase: down, pause at the bottom, up, hold at the top. "
    "Write each set in the pain diary at the end: the reps you did, the hold, and your pain "
    "from 0 (none) to 10 (the worst imaginable)."
)

# The method's inner words, rewritten for the person holding the sheet (applied in order).
PLAIN_WORDS: tuple[tuple[str, str], ...] = (
    (r"\s*\[(?:seed|design|literature)[^\]]*\]", ""),  # source tags: for the clinician's docs
    (
        r"\bmove up a rung when its gate is met\b",
        "move on to the next stage when you reach its target",
    ),
    (r"\bBodyweight ladder work\b", "Bodyweight work"),
    (r"\bprogress by the gates\b", "move on as you reach each target"),
    (r"\b[Pp]ractice for rung \d+\b", "Practice for the next stage"),
    (r"\bfor rung \d+\b", "for the next stage"),
    (r"\b[Rr]ung (\d+)\b", r"stage \1"),
    (r"\bthe gates\b", "the targets"),
    (r"\bgates\b", "targets"),
    (r"\bgate\b", "target"),
    (r"\brungs\b", "stages"),
    (r"\brung\b", "stage"),
    (r"\bRungs\b", "Stages"),
    (r"\bRung\b", "Stage"),
    (r"\bGates?\b", "Target"),
    (r"\bDeload: ", "A lighter week: "),
    (r"\ba deload week\b", "a lighter week"),
    (r"\bdeloads?\b", "lighter week"),
    (r"\byour e1RM\b", "your estimated one-rep max"),
    (r"\bthe %1RM chart\b", "a percentage chart"),
)
_COMPILED = tuple((re.compile(pattern), replacement) for pattern, replacement in PLAIN_WORDS)
_ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def plain_words(text: str) -> str:
    """``text`` with the method's inner terms and any exercise id said in plain words."""
    for pattern, replacement in _COMPILED:
        text = pattern.sub(replacement, text)
    text = _ID.sub(lambda found: display_name(found.group(0)).lower(), text)
    return text[:1].upper() + text[1:] if text else text


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(plain_words(text)), style)


# --------------------------------------------------------------------------- the pictures

_PICTURE_WIDTH = 80 * mm


def figure_drawing(variation_id: str, position: str, width: float = _PICTURE_WIDTH) -> Drawing:
    """The position picture of ``formats.figures`` as a reportlab drawing ``width`` points
    wide: the same shapes, the model's centimetres scaled to the page."""
    drawn = figure(variation_id, "top" if position == "top" else "bottom")
    left, bottom, right, top = drawn.bounds
    scale = width / (right - left)
    group = Group(transform=(scale, 0, 0, scale, -left * scale, -bottom * scale))
    for shape in drawn.shapes:
        colour = colors.HexColor(shape.colour)
        if isinstance(shape, Line):
            group.add(
                RlLine(
                    *shape.start,
                    *shape.end,
                    strokeColor=colour,
                    strokeWidth=shape.width,
                    strokeLineCap=1,
                )
            )
        elif isinstance(shape, Circle):
            group.add(
                RlCircle(
                    *shape.centre,
                    shape.radius,
                    fillColor=colour if shape.filled else None,
                    strokeColor=None if shape.filled else colour,
                    strokeWidth=shape.width,
                )
            )
        else:
            points = [value for point in shape.points for value in point]
            group.add(RlPolygon(points, fillColor=colour, strokeColor=None))
    picture = Drawing(width, (top - bottom) * scale)
    picture.add(group)
    return picture


# --------------------------------------------------------------------------- the weeks


def week_groups(plan: Mapping[str, Any]) -> list[list[Mapping[str, Any]]]:
    """The plan's weeks, those that repeat exactly (all but the week number) put together, in
    the order each first appears."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for week in plan.get("weeks", []):
        key = json.dumps({k: v for k, v in week.items() if k != "week"}, sort_keys=True)
        groups.setdefault(key, []).append(week)
    return list(groups.values())


def _week_numbers(numbers: Sequence[int]) -> str:
    if len(numbers) == 1:
        return f"Week {numbers[0]}"
    if list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"Weeks {numbers[0]} to {numbers[-1]}"
    return "Weeks " + ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _reps(exercise: Mapping[str, Any]) -> str:
    reps = exercise["reps"]
    text = str(reps["min"]) if reps["min"] == reps["max"] else f"{reps['min']}-{reps['max']}"
    return text + (" each side" if exercise.get("per_side") else "")


def _is_ramp(item: Mapping[str, Any]) -> bool:
    return item.get("load_kg") is not None


def _name(item: Mapping[str, Any], warmup: bool) -> str:
    if warmup and _is_ramp(item):
        return f"Ramp-up: {display_name(item['variation']).lower()}"
    drill = drill_or_none(item["variation"])
    return drill.name if drill is not None else display_name(item["variation"])


def _row(item: Mapping[str, Any], units: Units, style: ParagraphStyle, warmup: bool) -> list[Any]:
    load = item.get("load_kg")
    extra = [*item.get("notes", [])]
    if item.get("tempo"):
        extra.append(f"Tempo {item['tempo']}.")
    if item.get("rpe_max") is not None:
        extra.append(f"RPE {item['rpe_max']:g} at most.")
    return [
        _para(_name(item, warmup), style),
        str(item["sets"]),
        _reps(item),
        "bodyweight" if load is None else format_mass(load, units),
        f"{item['hold_s']:g} s" if item.get("hold_s") else "-",
        _para(" ".join(extra), style),
    ]


def _session_table(session: Mapping[str, Any], units: Units, small: ParagraphStyle) -> Table:
    rows: list[list[Any]] = [["Exercise", "Sets", "Reps", "Load", "Hold", "Notes"]]
    rows += [_row(item, units, small, True) for item in session.get("warmup", [])]
    warmup_rows = len(rows) - 1
    rows += [_row(item, units, small, False) for item in session.get("exercises", [])]
    table = Table(rows, colWidths=[50 * mm, 11 * mm, 28 * mm, 22 * mm, 13 * mm, 56 * mm])
    style = [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if warmup_rows:
        style.append(("TEXTCOLOR", (0, 1), (-1, warmup_rows), colors.HexColor("#555555")))
    table.setStyle(TableStyle(style))
    return table


_KINDS = {"deload": "lighter", "technique": "technique", "heavy": "heavy", "light": "light"}
_GOALS = {
    "hypertrophy": "muscle size (hypertrophy)",
    "strength": "strength",
    "endurance": "endurance",
    "rehab": "rehab: control and confidence",
}


def _kind(session: Mapping[str, Any]) -> str:
    kind = str(session.get("kind", "session"))
    return _KINDS.get(kind, kind) + (", on shift" if session.get("on_shift") else "")


def _schedule(
    plan: Mapping[str, Any], start: date, units: Units, styles: Any, small: ParagraphStyle
) -> list[Flowable]:
    dated = {(week, id(session)): day for day, week, session in session_dates(plan, start)}
    story: list[Flowable] = []
    for group in week_groups(plan):
        first = group[0]
        title = _week_numbers([int(week["week"]) for week in group])
        if first.get("deload"):
            title += " (a lighter week: let the body catch up)"
        story.append(Spacer(1, 3 * mm))
        heading: list[Flowable] = [Paragraph(escape(title), styles["Heading2"])]
        for index, session in enumerate(first.get("sessions", [])):
            days = [
                dated[(int(week["week"]), id(week["sessions"][index]))]
                for week in group
                if index < len(week.get("sessions", []))
            ]
            name = f"{str(session['day']).capitalize()} ({_kind(session)})"
            when = "On " + ", ".join(_day(day) for day in days) + "."
            block: list[Flowable] = [
                *heading,  # the week's heading stays with its first session
                Paragraph(escape(name), styles["Heading4"]),
                Paragraph(escape(when), small),
                Spacer(1, 1.5 * mm),
                _session_table(session, units, small),
            ]
            block += [_para(f"• {note}", small) for note in session.get("notes", [])]
            story.append(KeepTogether(block))
            heading = []
    return story


# --------------------------------------------------------------------------- instructions


def _used(plan: Mapping[str, Any], key: str) -> list[str]:
    found: dict[str, None] = {}
    for week in plan.get("weeks", []):
        for session in week.get("sessions", []):
            for item in session.get(key, []):
                if key != "warmup" or not _is_ramp(item):
                    found[str(item["variation"])] = None
    return list(found)


def _warmup_section(plan: Mapping[str, Any], styles: Any, small: ParagraphStyle) -> list[Flowable]:
    drills = _used(plan, "warmup")
    ramps = any(
        _is_ramp(item)
        for week in plan.get("weeks", [])
        for session in week.get("sessions", [])
        for item in session.get("warmup", [])
    )
    if not drills and not ramps:
        return []
    story: list[Flowable] = [Paragraph("The warm-up", styles["Heading2"])]
    for drill_id in drills:
        drill = drill_or_none(drill_id)
        if drill is not None:
            steps = [_para(f"{n}. {step}", small) for n, step in enumerate(drill.steps, 1)]
            story.append(KeepTogether([Paragraph(escape(drill.name), styles["Heading4"]), *steps]))
        elif variation_or_none(drill_id) is not None:
            name = display_name(drill_id)
            story.append(
                Paragraph(escape(f"{name} (easy, to wake the glutes up)"), styles["Heading4"])
            )
            story.append(_para("Do it as its own section below shows, lighter and easy.", small))
    if ramps:
        story.append(Paragraph("Ramp-up sets", styles["Heading4"]))
        story.append(_para(RAMP_UP, small))
    return story


def _exercise_section(
    variation_id: str, lines: Sequence[str] | None, styles: Any, small: ParagraphStyle
) -> list[Flowable]:
    item = variation_or_none(variation_id)
    name = display_name(variation_id)
    story: list[Flowable] = [Paragraph(escape(name), styles["Heading3"])]
    if item is not None:
        pictures = Table(
            [
                [figure_drawing(variation_id, position) for position in POSITIONS],
                [Paragraph(f"{position.capitalize()} position", small) for position in POSITIONS],
            ],
            colWidths=[_PICTURE_WIDTH + 4 * mm] * 2,
        )
        pictures.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
        story.append(pictures)
    if lines is not None:
        story += [_para(f"• {line}", small) for line in lines]
    elif item is not None:
        story.append(Paragraph("Setup", styles["Heading5"]))
        story += [_para(f"{n}. {step}", small) for n, step in enumerate(item.setup, 1)]
        story.append(Paragraph("How to do it", styles["Heading5"]))
        story += [_para(f"{n}. {step}", small) for n, step in enumerate(item.execution, 1)]
    if item is not None and item.mistakes:
        story.append(Paragraph("Watch for", styles["Heading5"]))
        story += [_para(f"• {m.name}: {m.fix}", small) for m in item.mistakes]
    return [KeepTogether(story[:3]), *story[3:]]


# --------------------------------------------------------------------------- the pain diary


def _diary(
    plan: Mapping[str, Any], start: date, styles: Any, small: ParagraphStyle
) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph("Pain diary", styles["Heading2"]),
        _para(
            "One table per session. For each set write the reps you did (left/right for "
            "one-leg work), the seconds you held the top, and your pain from 0 to 10. Next "
            "morning, write how the pain is.",
            small,
        ),
    ]
    header = ["Exercise", "Set", "Reps done", "Hold (s)", "Pain 0-10"]
    for day, week, session in session_dates(plan, start):
        rows: list[list[Any]] = [header]
        for item in session.get("exercises", []):
            name = display_name(item["variation"])
            reps = "      /      " if item.get("per_side") else ""
            for number in range(1, int(item["sets"]) + 1):
                rows.append([_para(name, small) if number == 1 else "", str(number), reps, "", ""])
        table = Table(rows, colWidths=[70 * mm, 14 * mm, 34 * mm, 26 * mm, 26 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                    ("FONTSIZE", (0, 0), (-1, -1), 9),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white]),
                    ("TOPPADDING", (0, 1), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 1), (-1, -1), 5),
                ]
            )
        )
        heading = f"{_day(day)}: week {week}, {_kind(session)}"
        story.append(
            KeepTogether(
                [
                    Paragraph(escape(heading), styles["Heading4"]),
                    table,
                    Paragraph(
                        "Next morning, pain 0-10: ______    Notes: ______________________________",
                        small,
                    ),
                ]
            )
        )
    return story


def plan_handout_pdf(
    plan: Mapping[str, Any],
    *,
    athlete: str,
    units: Units,
    made_on: date,
    start: date | None = None,
    cues: Mapping[str, Sequence[str]] | None = None,
) -> bytes:
    """Render the plan as an A4 PDF handout (see the module's note); week 1 is the week of
    ``start`` (default ``made_on``). ``cues`` replaces the catalogue's setup and cues for the
    variations it names."""
    first_day = start or made_on
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["BodyText"], fontSize=8.5, leading=10.5)
    dated = session_dates(plan, first_day)
    span = f" from {_day(dated[0][0])} to {_day(dated[-1][0])}" if dated else ""
    weeks = len(plan.get("weeks", []))
    goal = _GOALS.get(str(plan.get("goal")), str(plan.get("goal", "-")))
    story: list[Flowable] = [
        Paragraph("Your hip thrust plan", styles["Title"]),
        Paragraph(escape(f"For {athlete}."), styles["Heading3"]),
        Paragraph(
            escape(
                f"Goal: {goal}. {weeks} week{'s' if weeks != 1 else ''}{span}. "
                f"Made on {_day(made_on)}."
            ),
            styles["BodyText"],
        ),
        Spacer(1, 2 * mm),
        _para(_READING, small),
        Spacer(1, 2 * mm),
    ]
    for note in dict.fromkeys(plan.get("notes", [])):
        story.append(_para(f"• {note}", styles["BodyText"]))
    story += _schedule(plan, first_day, units, styles, small)
    story += _warmup_section(plan, styles, small)
    exercises = _used(plan, "exercises")
    exercises += [v for v in (cues or {}) if v not in exercises]
    exercises += [v for v in _used(plan, "warmup") if variation_or_none(v) and v not in exercises]
    if exercises:
        story.append(Paragraph("How to do them well", styles["Heading2"]))
        for variation_id in exercises:
            lines = None if cues is None else cues.get(variation_id)
            if variation_or_none(variation_id) is None and lines is None:
                continue
            story += _exercise_section(variation_id, lines, styles, small)
    story += _diary(plan, first_day, styles, small)
    story.append(Paragraph("Safety", styles["Heading2"]))
    story.append(_para(_SAFETY, styles["BodyText"]))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Hip thrust plan for {athlete}",
        author="hipthrust",
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        invariant=1,
    )
    document.build(story)
    return buffer.getvalue()
