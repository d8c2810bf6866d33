"""The handout a physiotherapist hands over: one use case for the plan page's download, its API
twin and ``hipthrust export plan --format pdf``.

The active plan as the printable PDF of ``formats.handout``, for an athlete the actor may see
(``accounts.athlete_for``), with calendar dates from the plan's start: the day it was saved, in
the athlete's time zone (the day ``service.decide`` counts its sessions from), unless a start
day is given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from hipthrust.coaching.units import Units
from hipthrust.errors import InputError
from hipthrust.service.accounts import Actor, athlete_for
from hipthrust.service.decide import plan_start_date
from hipthrust.service.exporting import NO_PLAN, plan_pdf
from hipthrust.store import Athlete, active_plan

__all__ = ["Handout", "plan_handout_for", "plan_start_day"]


@dataclass(frozen=True)
class Handout:
    """The handout's PDF, whose it is, and the day its week 1 starts from."""

    athlete: Athlete
    pdf: bytes
    start: date

    @property
    def filename(self) -> str:
        """``hip-thrust-plan-ann-lifter.pdf``: the athlete's name in plain ASCII."""
        plain = unicodedata.normalize("NFKD", self.athlete.shown_name)
        words = re.findall(r"[a-z0-9]+", plain.encode("ascii", "ignore").decode().lower())
        return "-".join(["hip-thrust-plan", *words[:4]]) + ".pdf"


def plan_start_day(session: Session, athlete: Athlete) -> date:
    """The day the active plan starts: the day it was saved, in the athlete's time zone."""
    stored = active_plan(session, athlete.id)
    if stored is None:
        raise InputError(NO_PLAN)
    return plan_start_date(stored.request, stored.created_at, athlete.zone)


def plan_handout_for(
    session: Session,
    actor: Actor,
    athlete_id: int,
    *,
    now: datetime,
    start: date | None = None,
    units: Units | None = None,
) -> Handout:
    """The athlete's active plan as the printable handout; week 1 is the week of ``start``
    (default: the plan's own start day). InputError when there is no plan to print."""
    athlete = athlete_for(session, actor, athlete_id)
    first = start or plan_start_day(session, athlete)
    today = now.astimezone(athlete.zone).date()
    pdf = plan_pdf(session, athlete, made_on=today, units=units, start=first)
    return Handout(athlete, pdf, first)
