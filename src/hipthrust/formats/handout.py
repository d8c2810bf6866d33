"""A plan as a printable PDF handout a physical therapist can give a patient.

Works on the plan's JSON (``Plan.to_json()``); the cues per variation are passed in by the
caller (from the catalogue), so this module only lays out pages.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

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

from hipthrust.coaching.catalogue import display_name
from hipthrust.coaching.units import Units, format_mass

__all__ = ["plan_handout_pdf"]

_SAFETY = (
    "Stop and contact your clinician if you notice numbness in the saddle area, new bladder or "
    "bowel changes, or weakness or numbness spreading in the legs. Pain up to 2/10 during the "
    "exercises is fine; 3-5/10 means keep the same dose; above 5/10, or pain that has not "
    "settled by the next morning, means step back. This handout coaches exercise; it is not a "
    "diagnosis."
)


def _reps(exercise: Mapping[str, Any]) -> str:
    reps = exercise["reps"]
    text = str(reps["min"]) if reps["min"] == reps["max"] else f"{reps['min']}-{reps['max']}"
    return text + (" each side" if exercise.get("per_side") else "")


def _row(exercise: Mapping[str, Any], units: Units, style: ParagraphStyle) -> list[Any]:
    load = exercise.get("load_kg")
    extra = "; ".join(exercise.get("notes", []))
    return [
        Paragraph(escape(display_name(exercise["variation"])), style),
        str(exercise["sets"]),
        _reps(exercise),
        "bodyweight" if load is None else format_mass(load, units),
        f"{exercise.get('hold_s', 0):g} s" if exercise.get("hold_s") else "-",
        Paragraph(escape(extra), style),
    ]


def _session_table(session: Mapping[str, Any], units: Units, small: ParagraphStyle) -> Table:
    header = ["Exercise", "Sets", "Reps", "Load", "Hold", "Notes"]
    rows: list[list[Any]] = [header]
    for item in session.get("warmup", []):
        rows.append(_row(item, units, small))
    warmup_rows = len(rows) - 1
    for item in session.get("exercises", []):
        rows.append(_row(item, units, small))
    table = Table(rows, colWidths=[52 * mm, 12 * mm, 24 * mm, 24 * mm, 14 * mm, 52 * mm])
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


def plan_handout_pdf(
    plan: Mapping[str, Any],
    *,
    athlete: str,
    units: Units,
    made_on: date,
    cues: Mapping[str, Sequence[str]] | None = None,
) -> bytes:
    """Render the plan as an A4 PDF: one block per session, then cues and safety notes."""
    styles = getSampleStyleSheet()
    small = ParagraphStyle("small", parent=styles["BodyText"], fontSize=8.5, leading=10.5)
    story: list[Flowable] = [
        Paragraph("Your hip thrust plan", styles["Title"]),
        Paragraph(
            escape(
                f"For {athlete}. Goal: {plan.get('goal', '-')}. "
                f"{len(plan.get('weeks', []))} weeks, made {made_on.isoformat()}."
            ),
            styles["BodyText"],
        ),
        Spacer(1, 4 * mm),
    ]
    for note in plan.get("notes", []):
        story.append(Paragraph(escape(f"• {note}"), styles["BodyText"]))
    for week in plan.get("weeks", []):
        title = f"Week {week['week']}" + (" (deload: lighter week)" if week.get("deload") else "")
        story.append(Spacer(1, 3 * mm))
        story.append(Paragraph(escape(title), styles["Heading2"]))
        for session in week.get("sessions", []):
            heading = f"{session['day'].capitalize()}: {session.get('kind', 'session')}"
            story.append(
                KeepTogether(
                    [
                        Paragraph(escape(heading), styles["Heading4"]),
                        _session_table(session, units, small),
                    ]
                )
            )
    if cues:
        story.append(Paragraph("How to do them well", styles["Heading2"]))
        for variation, lines in cues.items():
            story.append(Paragraph(escape(display_name(variation)), styles["Heading4"]))
            for line in lines:
                story.append(Paragraph(escape(f"• {line}"), small))
    story.append(Paragraph("Safety", styles["Heading2"]))
    story.append(Paragraph(escape(_SAFETY), styles["BodyText"]))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title="Hip thrust plan",
        author="hipthrust",
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        invariant=1,
    )
    document.build(story)
    return buffer.getvalue()
