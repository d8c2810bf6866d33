"""The coach's dashboard: every linked athlete at a glance, read in a fixed number of queries.

For each athlete: adherence (training days in the last four weeks against the active plan's
sessions dated in that time), pain alerts (a set's pain above the acceptable zone of the pain
model, or next-morning pain above its limit, in the last two weeks), what needs a clinician
(the latest assessment as it stands today: a referral, a clearance still missing, a surgery's
early window; and any set's pain at the referral level), and the latest videos.

Everything is read with one query per table for all the coach's athletes together (links,
athletes, users, sets, check-ins, plans, assessments, videos): the cost does not grow with
the number of queries per athlete or per set. Only the coach's own linked athletes are read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hipthrust.coaching.pain import DEFAULT_PAIN_RULES, PainRules
from hipthrust.coaching.screening import FLAG_DESCRIPTIONS, Flag
from hipthrust.errors import AccessDenied, InputError
from hipthrust.formats.calendar import session_dates
from hipthrust.service.accounts import Actor, visible_athletes
from hipthrust.service.athletes import assessment_as_of
from hipthrust.store import Assessment as StoredAssessment
from hipthrust.store import Athlete
from hipthrust.store.assessments import latest_assessments
from hipthrust.store.models import (
    AthleteRow,
    CheckinRow,
    CoachLinkRow,
    PlanRow,
    SetRow,
    VideoAnalysisRow,
)
from hipthrust.store.training import HIP_THRUST_FAMILY

__all__ = [
    "ADHERENCE_DAYS",
    "LATEST_VIDEOS",
    "PAIN_ALERT_DAYS",
    "Adherence",
    "AthleteCard",
    "Dashboard",
    "PainAlert",
    "VideoItem",
    "adherence",
    "coach_dashboard",
    "planned_days",
]

ADHERENCE_DAYS = 28  # [design] four weeks: long enough to see a habit, short enough to act on
PAIN_ALERT_DAYS = 14  # [design] two weeks of pain reports stay on the dashboard
LATEST_VIDEOS = 3
# Assessment flags that send the athlete to a clinician before (more) training.
CLINICIAN_FLAGS = (Flag.REFER_CLINICIAN, Flag.NEEDS_CLEARANCE, Flag.SURGERY_EARLY_WINDOW)


@dataclass(frozen=True)
class Adherence:
    """Training days against planned sessions from ``since`` to ``until`` (both included).

    ``planned`` is None when there is no active plan to hold the training against. A planned
    session today counts only once it is trained (the day is not over).
    """

    since: date
    until: date
    trained: int
    planned: int | None

    @property
    def percent(self) -> int | None:
        if not self.planned:
            return None
        return round(100 * min(self.trained, self.planned) / self.planned)

    def to_json(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "trained": self.trained,
            "planned": self.planned,
            "percent": self.percent,
        }


@dataclass(frozen=True)
class PainAlert:
    """The worst pain of one kind on one day: during a set, or the next morning."""

    day: date
    kind: str  # "set" or "next_morning"
    score: int
    sentence: str

    def to_json(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "kind": self.kind,
            "score": self.score,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class VideoItem:
    id: int
    filename: str
    status: str
    error: str | None
    uploaded_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "filename": self.filename,
            "status": self.status,
            "error": self.error,
            "uploaded_at": self.uploaded_at.isoformat(),
        }


@dataclass(frozen=True)
class AthleteCard:
    athlete_id: int
    name: str
    units: str
    adherence: Adherence
    last_trained: date | None
    pain_alerts: tuple[PainAlert, ...]
    clinician: tuple[str, ...]  # sentences; empty when nothing needs a clinician
    assessed: bool
    videos: tuple[VideoItem, ...]

    @property
    def needs_attention(self) -> bool:
        return bool(self.clinician or self.pain_alerts)

    def to_json(self) -> dict[str, Any]:
        return {
            "athlete_id": self.athlete_id,
            "name": self.name,
            "units": self.units,
            "adherence": self.adherence.to_json(),
            "last_trained": None if self.last_trained is None else self.last_trained.isoformat(),
            "pain_alerts": [alert.to_json() for alert in self.pain_alerts],
            "clinician": list(self.clinician),
            "assessed": self.assessed,
            "videos": [video.to_json() for video in self.videos],
            "needs_attention": self.needs_attention,
        }


@dataclass(frozen=True)
class Dashboard:
    coach: str
    today: date
    athletes: tuple[AthleteCard, ...]  # who needs attention first, then by name

    def to_json(self) -> dict[str, Any]:
        return {
            "coach": self.coach,
            "today": self.today.isoformat(),
            "athletes": [card.to_json() for card in self.athletes],
        }


# --------------------------------------------------------------------------- pure parts


def adherence(
    plan: Mapping[str, Any] | None,
    plan_start: date | None,
    trained_days: Iterable[date],
    today: date,
) -> Adherence:
    """Adherence over the ``ADHERENCE_DAYS`` ending ``today``, from the plan's start on.

    The plan's sessions are dated from its start as the calendar export dates them
    (``formats.calendar.session_dates``); a refused plan plans nothing (None), an unreadable
    one no session (0).
    """
    sessions = None if plan is None or plan_start is None else planned_days(plan, plan_start)
    return _adherence(plan_start, sessions, trained_days, today)


def planned_days(plan: Mapping[str, Any], plan_start: date) -> tuple[date, ...] | None:
    """The dates of the plan's sessions from ``plan_start``; None for a refused plan."""
    if plan.get("refused"):
        return None
    try:
        return tuple(day for day, _week, _session in session_dates(plan, plan_start))
    except (InputError, KeyError, TypeError, ValueError, IndexError):
        return ()


def _adherence(
    plan_start: date | None,
    sessions: tuple[date, ...] | None,
    trained_days: Iterable[date],
    today: date,
) -> Adherence:
    since = today - timedelta(days=ADHERENCE_DAYS - 1)
    if plan_start is not None and plan_start > since:
        since = plan_start
    days = {day for day in trained_days if since <= day <= today}
    planned = (
        None
        if sessions is None
        else sum(1 for day in sessions if since <= day < today or (day == today and day in days))
    )
    return Adherence(since=min(since, today), until=today, trained=len(days), planned=planned)


# A stored plan never changes (a new plan is a new row), so its schedule is worked out once
# per process: reading a plan's JSON costs more than the rest of the dashboard together.
# Keyed by the database, the plan's id and its creation time.
_Schedule = tuple[date, tuple[date, ...] | None]
_SCHEDULES: dict[tuple[str, int, datetime], _Schedule] = {}
_MAX_SCHEDULES = 4096


def _schedules(session: Session, ids: tuple[int, ...]) -> dict[int, _Schedule]:
    """The active plans' start and session dates, by athlete id."""
    database = str(session.get_bind().url)
    active = session.execute(
        select(PlanRow.id, PlanRow.athlete_id, PlanRow.created_at).where(
            PlanRow.athlete_id.in_(ids), PlanRow.active.is_(True)
        )
    ).all()
    found: dict[int, _Schedule] = {}
    missing: dict[int, int] = {}  # plan id -> athlete id
    for plan_id, athlete_id, created in active:
        known = _SCHEDULES.get((database, plan_id, created))
        if known is None:
            missing[plan_id] = athlete_id
        else:
            found[athlete_id] = known
    if missing:
        if len(_SCHEDULES) + len(missing) > _MAX_SCHEDULES:
            _SCHEDULES.clear()
        for row in session.scalars(select(PlanRow).where(PlanRow.id.in_(missing))):
            start = _plan_start(row)
            schedule = (start, planned_days(row.plan, start))
            _SCHEDULES[(database, row.id, row.created_at)] = schedule
            found[missing[row.id]] = schedule
    return found


def _plan_start(row: PlanRow) -> date:
    saved = row.request.get("saved_at") if isinstance(row.request, dict) else None
    if isinstance(saved, str):
        try:
            when = datetime.fromisoformat(saved)
        except ValueError:
            when = row.created_at
    else:
        when = row.created_at
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.date()


# --------------------------------------------------------------------------- the use case


def coach_dashboard(
    session: Session, actor: Actor, now: datetime, rules: PainRules = DEFAULT_PAIN_RULES
) -> Dashboard:
    """The dashboard of the signed-in coach (AccessDenied for anyone else) as of ``now``."""
    if not actor.is_coach:
        raise AccessDenied("the dashboard is for coaches: it lists a coach's athletes")
    today = now.astimezone(UTC).date()
    # The linked athletes in one query; visible_athletes (the access rule) then finds them
    # in the session's identity map (held here: the map keeps only what is referenced)
    # instead of asking the database one by one.
    loaded = list(
        session.scalars(
            select(AthleteRow)
            .join(CoachLinkRow, CoachLinkRow.athlete_id == AthleteRow.id)
            .where(CoachLinkRow.coach_id == actor.user_id)
        )
    )
    athletes = visible_athletes(session, actor)
    del loaded
    if not athletes:
        return Dashboard(actor.display_name, today, ())
    ids = tuple(athlete.id for athlete in athletes)
    start = datetime.combine(today - timedelta(days=ADHERENCE_DAYS - 1), datetime.min.time(), UTC)
    alerts_from = today - timedelta(days=PAIN_ALERT_DAYS - 1)

    trained: dict[int, set[date]] = defaultdict(set)
    set_pain: dict[int, dict[date, tuple[int, str]]] = defaultdict(dict)
    set_rows = session.execute(
        select(SetRow.athlete_id, SetRow.performed_at, SetRow.variation, SetRow.pain).where(
            SetRow.athlete_id.in_(ids), SetRow.performed_at >= start, SetRow.warmup.is_(False)
        )
    )
    for athlete_id, performed_at, variation, pain in set_rows:
        day = performed_at.astimezone(UTC).date()
        if variation in HIP_THRUST_FAMILY:
            trained[athlete_id].add(day)
        if pain is not None and day >= alerts_from and pain > rules.acceptable_max:
            worst = set_pain[athlete_id].get(day)
            if worst is None or pain > worst[0]:
                set_pain[athlete_id][day] = (pain, variation or "a set")

    morning: dict[int, dict[date, int]] = defaultdict(dict)
    for athlete_id, day, pain in session.execute(
        select(CheckinRow.athlete_id, CheckinRow.day, CheckinRow.next_morning_pain).where(
            CheckinRow.athlete_id.in_(ids),
            CheckinRow.day >= alerts_from,
            CheckinRow.next_morning_pain > rules.next_morning_max,
        )
    ):
        morning[athlete_id][day] = pain

    last_trained = {
        athlete_id: at
        for athlete_id, at in session.execute(
            select(SetRow.athlete_id, func.max(SetRow.performed_at))
            .where(SetRow.athlete_id.in_(ids), SetRow.warmup.is_(False))
            .group_by(SetRow.athlete_id)
        )
    }
    plans = _schedules(session, ids)
    latest = latest_assessments(session, ids)
    videos = _latest_videos(session, ids)

    cards = []
    for athlete in athletes:
        start, sessions = plans.get(athlete.id, (None, None))
        stored = latest.get(athlete.id)
        last = last_trained.get(athlete.id)
        cards.append(
            AthleteCard(
                athlete_id=athlete.id,
                name=athlete.shown_name,
                units=athlete.units,
                adherence=_adherence(start, sessions, trained[athlete.id], today),
                last_trained=None if last is None else last.astimezone(UTC).date(),
                pain_alerts=_pain_alerts(set_pain[athlete.id], morning[athlete.id], rules),
                clinician=_clinician(athlete, stored, today, set_pain[athlete.id], rules),
                assessed=stored is not None,
                videos=videos.get(athlete.id, ()),
            )
        )
    cards.sort(key=lambda card: (not card.needs_attention, card.name.casefold(), card.athlete_id))
    return Dashboard(actor.display_name, today, tuple(cards))


def _latest_videos(session: Session, ids: tuple[int, ...]) -> dict[int, tuple[VideoItem, ...]]:
    rank = (
        func.row_number()
        .over(
            partition_by=VideoAnalysisRow.athlete_id,
            order_by=(VideoAnalysisRow.created_at.desc(), VideoAnalysisRow.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(
            VideoAnalysisRow.id,
            VideoAnalysisRow.athlete_id,
            VideoAnalysisRow.source_filename,
            VideoAnalysisRow.status,
            VideoAnalysisRow.error,
            VideoAnalysisRow.created_at,
            rank,
        )
        .where(VideoAnalysisRow.athlete_id.in_(ids))
        .subquery()
    )
    found: dict[int, list[VideoItem]] = defaultdict(list)
    rows = session.execute(
        select(
            ranked.c.id,
            ranked.c.athlete_id,
            ranked.c.source_filename,
            ranked.c.status,
            ranked.c.error,
            ranked.c.created_at,
        )
        .where(ranked.c.rank <= LATEST_VIDEOS)
        .order_by(ranked.c.athlete_id, ranked.c.rank)
    )
    for video_id, athlete_id, filename, status, error, created_at in rows:
        found[athlete_id].append(VideoItem(video_id, filename, status, error, created_at))
    return {athlete_id: tuple(items) for athlete_id, items in found.items()}


def _pain_alerts(
    sets: Mapping[date, tuple[int, str]], mornings: Mapping[date, int], rules: PainRules
) -> tuple[PainAlert, ...]:
    alerts = [
        PainAlert(
            day,
            "set",
            score,
            f"Pain {score}/10 during {variation.replace('_', ' ')} on {day.isoformat()} "
            f"(above {rules.acceptable_max}/10: regress).",
        )
        for day, (score, variation) in sets.items()
    ]
    alerts += [
        PainAlert(
            day,
            "next_morning",
            score,
            f"Next-morning pain {score}/10 on {day.isoformat()} "
            f"(above {rules.next_morning_max}/10: the dose was not tolerated).",
        )
        for day, score in mornings.items()
    ]
    alerts.sort(key=lambda alert: (alert.day, alert.kind), reverse=True)
    return tuple(alerts)


def _clinician(
    athlete: Athlete,
    stored: StoredAssessment | None,
    today: date,
    set_pain: Mapping[date, tuple[int, str]],
    rules: PainRules,
) -> tuple[str, ...]:
    sentences: list[str] = []
    if stored is not None:
        try:
            current = assessment_as_of(athlete, stored, today)
        except InputError as error:
            sentences.append(f"The latest assessment cannot be read ({error}): assess again.")
        else:
            sentences += [
                FLAG_DESCRIPTIONS[flag].capitalize() + "."
                for flag in CLINICIAN_FLAGS
                if flag in current.result.flags
            ]
    worst = [(day, score) for day, (score, _) in set_pain.items() if score >= rules.refer_at]
    if worst:
        day, score = max(worst)
        sentences.append(
            f"Pain {score}/10 during a set on {day.isoformat()}: at {rules.refer_at}/10 or more, "
            "see a clinician."
        )
    return tuple(sentences)
