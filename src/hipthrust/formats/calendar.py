"""A plan as an iCalendar file (RFC 5545): one all-day event per session, with a reminder.

Works on the plan's JSON (``Plan.to_json()``), so a stored plan exports without rebuilding it.
Each event carries a display alarm (``VALARM``) at ``reminder`` on the session's day (07:00
by default [design]: before work or a morning shift); ``reminder=None`` leaves them out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from hipthrust.coaching.catalogue import display_name
from hipthrust.coaching.units import Units, format_mass
from hipthrust.coaching.week import WEEKDAYS
from hipthrust.errors import InputError

__all__ = ["DEFAULT_REMINDER", "plan_to_ics", "session_dates"]

DEFAULT_REMINDER = time(7, 0)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Fold a content line at 75 octets, continuation lines starting with a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return [line]
    parts: list[str] = []
    limit = 75
    while data:
        cut = min(limit, len(data))
        while cut < len(data) and (data[cut] & 0xC0) == 0x80:  # never split a character
            cut -= 1
        parts.append(data[:cut].decode("utf-8"))
        data = data[cut:]
        limit = 74
    return [parts[0], *(" " + part for part in parts[1:])]


def session_dates(
    plan: Mapping[str, Any], start: date
) -> list[tuple[date, int, Mapping[str, Any]]]:
    """Dates of every session: week 1 is the week of ``start`` unless a session would fall
    before ``start``, in which case the plan begins the following Monday."""
    weeks = plan.get("weeks", [])
    first_days = [WEEKDAYS.index(s["day"]) for s in (weeks[0]["sessions"] if weeks else [])]
    monday = start - timedelta(days=start.weekday())
    if first_days and monday + timedelta(days=min(first_days)) < start:
        monday += timedelta(days=7)
    dated: list[tuple[date, int, Mapping[str, Any]]] = []
    for week in weeks:
        for session in week["sessions"]:
            day = session["day"]
            if day not in WEEKDAYS:
                raise InputError(f"plan has a session on an unknown day {day!r}")
            offset = 7 * (int(week["week"]) - 1) + WEEKDAYS.index(day)
            dated.append((monday + timedelta(days=offset), int(week["week"]), session))
    return dated


def _describe(exercise: Mapping[str, Any], units: Units) -> str:
    reps = exercise["reps"]
    rep_text = str(reps["min"]) if reps["min"] == reps["max"] else f"{reps['min']}-{reps['max']}"
    text = f"{display_name(exercise['variation'])}: {exercise['sets']} x {rep_text}"
    if exercise.get("per_side"):
        text += " per side"
    if exercise.get("load_kg") is not None:
        text += f" at {format_mass(exercise['load_kg'], units)}"
    if exercise.get("hold_s"):
        text += f", hold {exercise['hold_s']:g} s"
    if exercise.get("rpe_max") is not None:
        text += f", RPE up to {exercise['rpe_max']:g}"
    return text


def _alarm(summary: str, at: time) -> list[str]:
    """A display alarm at ``at`` on the day of an all-day event (its start is midnight)."""
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"TRIGGER;RELATED=START:PT{at.hour}H{at.minute}M",
        f"DESCRIPTION:{_escape(summary)}",
        "END:VALARM",
    ]


def plan_to_ics(
    plan: Mapping[str, Any],
    start: date,
    stamp: datetime,
    units: Units = "kg",
    reminder: time | None = DEFAULT_REMINDER,
) -> str:
    """Render the plan as iCalendar text with CRLF line ends; ``stamp`` is DTSTAMP (UTC);
    ``reminder`` the time of day of each session's alarm (None: no alarms)."""
    digest = hashlib.sha256(repr(sorted(plan.items())).encode()).hexdigest()[:16]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hipthrust//training plan//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Hip thrust plan",
    ]
    for day, week, session in session_dates(plan, start):
        kind = session.get("kind", "session")
        summary = f"Hip thrust: week {week}, {kind}"
        body = [_describe(e, units) for e in session.get("warmup", [])]
        if body:
            body.insert(0, "Warm-up:")
            body.append("Work:")
        body += [_describe(e, units) for e in session.get("exercises", [])]
        body += [f"Note: {note}" for note in session.get("notes", [])]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{digest}-{day.isoformat()}@hipthrust",
            f"DTSTAMP:{stamp.strftime('%Y%m%dT%H%M%SZ')}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(chr(10).join(body))}",
            *([] if reminder is None else _alarm(summary, reminder)),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
