"""The coach's dashboard: every linked athlete at a glance, read in a fixed number of queries.

For each athlete: adherence (training days in the last four weeks against the active plan's
sessions dated in that time), pain alerts (a set's pain above the acceptable zone of the pain
model, or next-morning pain above its limit, in the last two weeks), what needs a clinician
(the latest assessment as it stands today: a referral, a clearance still missing, a surgery's
early window; and any set's pain at the referral level), and the latest videos.

Everything is read with one query per table for all the coach's athletes together (links,
athletes, users, sets, check-ins, plans, assessments, videos): the cost does not grow with
the number of queries per athlete or per set. Only the coach's own linked athletes are read.

Each card also says where the athlete stands and what comes next: the rung they are on
(``service.decide.standing_of``: placed by ``coaching.placement``) and the next session's
decision (``service.decide.next_session``), both through the window fast path, which reads
only the recent weeks. They are worked out once per change of the athlete's log and kept
(``_DECISIONS``): a fingerprint of what they read (the athlete's profile, the counts and the
last ids of their sets, check-ins and corrections, the latest assessment, the active plan) is
read for all athletes in a few queries, and only an athlete whose fingerprint changed (or
a new day) is decided again.

The cards can be sorted (``SORTS``), filtered (``FILTERS``) and searched by name; the coach's
invitations not yet accepted come with them.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hipthrust.coaching.ladder import LADDER
from hipthrust.coaching.pain import DEFAULT_PAIN_RULES, PainRules
from hipthrust.coaching.screening import FLAG_DESCRIPTIONS, Flag
from hipthrust.errors import AccessDenied, InputError
from hipthrust.formats.calendar import session_dates
from hipthrust.service.accounts import Actor, visible_athletes
from hipthrust.service.athletes import assessment_as_of
from hipthrust.service.decide import next_session, plan_start_date
from hipthrust.service.invitations import OpenInvitation, open_invitations
from hipthrust.store import Assessment as StoredAssessment
from hipthrust.store import Athlete
from hipthrust.store.assessments import latest_assessments
from hipthrust.store.models import (
    AthleteRow,
    ChangeRow,
    CheckinRow,
    CoachLinkRow,
    PlanRow,
    SetRow,
    VideoAnalysisRow,
)
from hipthrust.store.training import HIP_THRUST_FAMILY

__all__ = [
    "ADHERENCE_DAYS",
    "FILTERS",
    "INACTIVE_DAYS",
    "LATEST_VIDEOS",
    "PAIN_ALERT_DAYS",
    "SORTS",
    "Adherence",
    "AthleteCard",
    "Dashboard",
    "PainAlert",
    "Standing",
    "VideoItem",
    "adherence",
    "arrange",
    "coach_dashboard",
    "planned_days",
]

ADHERENCE_DAYS = 28  # [design] four weeks: long enough to see a habit, short enough to act on
PAIN_ALERT_DAYS = 14  # [design] two weeks of pain reports stay on the dashboard
LATEST_VIDEOS = 3
INACTIVE_DAYS = 7  # [design] a week without training: "no recent training"
# How the cards can be ordered and which are shown (the page's and the API's words).
SORTS = {
    "attention": "needs attention first",
    "name": "name",
    "last_trained": "last trained (longest ago first)",
    "pain": "worst pain first",
}
FILTERS = {
    "all": "everyone",
    "attention": "needs attention",
    "inactive": f"no training in {INACTIVE_DAYS} days",
    "pain": "pain reported",
}
MAX_SEARCH = 80
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
class Standing:
    """Where the athlete stands (the rung ``coaching.placement`` places them on) and the next
    session's decision, in plain words; ``words`` says why when it could not be worked out."""

    rung: int | None
    decision: str | None  # DecisionKind's value: advance, hold, regress, deload
    label: str  # "Step up", "Same again" ... or "No exercise for now"
    next_rung: int | None
    words: str

    @property
    def rung_name(self) -> str | None:
        return None if self.rung is None else LADDER[self.rung].name

    def to_json(self) -> dict[str, Any]:
        return {
            "rung": self.rung,
            "rung_name": self.rung_name,
            "decision": self.decision,
            "label": self.label,
            "next_rung": self.next_rung,
            "words": self.words,
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
    standing: Standing | None = None
    worst_pain: int | None = None  # the worst pain (set or next morning) of the alert window
    inactive: bool = False  # no training in the last INACTIVE_DAYS days

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
            "standing": None if self.standing is None else self.standing.to_json(),
            "worst_pain": self.worst_pain,
            "inactive": self.inactive,
        }


@dataclass(frozen=True)
class Dashboard:
    coach: str
    today: date
    athletes: tuple[AthleteCard, ...]  # as sorted and filtered (default: attention, then name)
    total: int = 0  # the coach's athletes before filtering and searching
    sort: str = "attention"
    show: str = "all"
    query: str = ""
    invitations: tuple[OpenInvitation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "coach": self.coach,
            "today": self.today.isoformat(),
            "sort": self.sort,
            "filter": self.show,
            "q": self.query,
            "total": self.total,
            "athletes": [card.to_json() for card in self.athletes],
            "invitations": [invitation.to_json() for invitation in self.invitations],
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
# Keyed by the database, the plan's id, its creation time and the athlete's time zone (the
# plan starts on the day it was saved there, which moves if the athlete changes zone).
_Schedule = tuple[date, tuple[date, ...] | None]
_SCHEDULES: dict[tuple[str, int, datetime, str], _Schedule] = {}
_MAX_SCHEDULES = 4096


def _schedules(
    session: Session,
    zones: Mapping[int, tzinfo],
    active_ids: dict[int, tuple[int, datetime]] | None = None,
) -> dict[int, _Schedule]:
    """The active plans' start and session dates, by athlete id (``zones``: each athlete's
    time zone by id; ``active_ids`` gets each active plan's id and creation time)."""
    database = str(session.get_bind().url)
    active = session.execute(
        select(PlanRow.id, PlanRow.athlete_id, PlanRow.created_at).where(
            PlanRow.athlete_id.in_(tuple(zones)), PlanRow.active.is_(True)
        )
    ).all()
    found: dict[int, _Schedule] = {}
    missing: dict[int, int] = {}  # plan id -> athlete id
    for plan_id, athlete_id, created in active:
        if active_ids is not None:
            active_ids[athlete_id] = (plan_id, created)
        known = _SCHEDULES.get((database, plan_id, created, str(zones[athlete_id])))
        if known is None:
            missing[plan_id] = athlete_id
        else:
            found[athlete_id] = known
    if missing:
        if len(_SCHEDULES) + len(missing) > _MAX_SCHEDULES:
            _SCHEDULES.clear()
        for row in session.scalars(select(PlanRow).where(PlanRow.id.in_(missing))):
            zone = zones[missing[row.id]]
            start = plan_start_date(row.request, row.created_at, zone)
            schedule = (start, planned_days(row.plan, start))
            _SCHEDULES[(database, row.id, row.created_at, str(zone))] = schedule
            found[missing[row.id]] = schedule
    return found


# --------------------------------------------------------------------------- the use case


def coach_dashboard(
    session: Session,
    actor: Actor,
    now: datetime,
    rules: PainRules = DEFAULT_PAIN_RULES,
    *,
    sort: str | None = None,
    show: str | None = None,
    query: str | None = None,
) -> Dashboard:
    """The dashboard of the signed-in coach (AccessDenied for anyone else) as of ``now``:
    the cards ordered by ``sort`` (``SORTS``; default: who needs attention first), only
    those ``show`` keeps (``FILTERS``; default all) whose name contains ``query``."""
    if not actor.is_coach:
        raise AccessDenied("the dashboard is for coaches: it lists a coach's athletes")
    sort, show, query = _choices(sort, show, query)
    today = now.astimezone(UTC).date()
    invitations = open_invitations(session, actor, now)
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
        return Dashboard(
            actor.display_name, today, (), 0, sort, show, query, invitations=invitations
        )
    # Each athlete's days are their own time zone's (as on their own pages): their today,
    # the day each set was trained, the day their plan started. The queries take the widest
    # window any zone needs; each athlete's window is cut from it.
    zones = {athlete.id: athlete.zone for athlete in athletes}
    ids = tuple(zones)
    days_today = {athlete_id: now.astimezone(zone).date() for athlete_id, zone in zones.items()}
    earliest = min(days_today.values())
    start = datetime.combine(
        earliest - timedelta(days=ADHERENCE_DAYS), datetime.min.time(), UTC
    )  # a day's margin: no zone is more than a day from UTC
    alerts_since = {k: day - timedelta(days=PAIN_ALERT_DAYS - 1) for k, day in days_today.items()}

    def local_day(athlete_id: int, at: datetime) -> date:
        return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(zones[athlete_id]).date()

    trained: dict[int, set[date]] = defaultdict(set)
    set_pain: dict[int, dict[date, tuple[int, str]]] = defaultdict(dict)
    worst_pain: dict[int, int] = {}
    set_rows = session.execute(
        select(SetRow.athlete_id, SetRow.performed_at, SetRow.variation, SetRow.pain)
        .where(SetRow.athlete_id.in_(ids), SetRow.performed_at >= start, SetRow.warmup.is_(False))
        # Of two equally painful sets on a day, the alert names the earlier.
        .order_by(SetRow.performed_at, SetRow.id)
    )
    for athlete_id, performed_at, variation, pain in set_rows:
        day = local_day(athlete_id, performed_at)
        if variation in HIP_THRUST_FAMILY:
            trained[athlete_id].add(day)
        if pain is None or day < alerts_since[athlete_id]:
            continue
        worst_pain[athlete_id] = max(pain, worst_pain.get(athlete_id, pain))
        if pain > rules.acceptable_max:
            worst = set_pain[athlete_id].get(day)
            if worst is None or pain > worst[0]:
                set_pain[athlete_id][day] = (pain, variation or "a set")

    morning: dict[int, dict[date, int]] = defaultdict(dict)
    for athlete_id, day, pain in session.execute(
        select(CheckinRow.athlete_id, CheckinRow.day, CheckinRow.next_morning_pain).where(
            CheckinRow.athlete_id.in_(ids),
            CheckinRow.day >= min(alerts_since.values()),
            CheckinRow.next_morning_pain.is_not(None),
        )
    ):
        if day < alerts_since[athlete_id]:
            continue
        worst_pain[athlete_id] = max(pain, worst_pain.get(athlete_id, pain))
        if pain > rules.next_morning_max:
            morning[athlete_id][day] = pain

    last_trained = {
        athlete_id: local_day(athlete_id, at)
        for athlete_id, at in session.execute(
            select(SetRow.athlete_id, func.max(SetRow.performed_at))
            .where(SetRow.athlete_id.in_(ids), SetRow.warmup.is_(False))
            .group_by(SetRow.athlete_id)
        )
    }
    active: dict[int, tuple[int, datetime]] = {}
    plans = _schedules(session, zones, active)
    latest = latest_assessments(session, ids)
    videos = _latest_videos(session, ids)
    standings = _standings(session, athletes, now, latest, active)

    cards = []
    for athlete in athletes:
        plan_start, sessions = plans.get(athlete.id, (None, None))
        stored = latest.get(athlete.id)
        last = last_trained.get(athlete.id)
        own_today = days_today[athlete.id]
        cards.append(
            AthleteCard(
                athlete_id=athlete.id,
                name=athlete.shown_name,
                units=athlete.units,
                adherence=_adherence(plan_start, sessions, trained[athlete.id], own_today),
                last_trained=last,
                pain_alerts=_pain_alerts(set_pain[athlete.id], morning[athlete.id], rules),
                clinician=_clinician(athlete, stored, own_today, set_pain[athlete.id], rules),
                assessed=stored is not None,
                videos=videos.get(athlete.id, ()),
                standing=standings[athlete.id],
                worst_pain=worst_pain.get(athlete.id),
                inactive=last is None or (own_today - last).days >= INACTIVE_DAYS,
            )
        )
    shown = arrange(cards, sort, show, query)
    return Dashboard(
        actor.display_name, today, shown, len(cards), sort, show, query, invitations=invitations
    )


def _choices(sort: str | None, show: str | None, query: str | None) -> tuple[str, str, str]:
    sort = (sort or "attention").strip() or "attention"
    show = (show or "all").strip() or "all"
    if sort not in SORTS:
        raise InputError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    if show not in FILTERS:
        raise InputError(f"unknown filter {show!r}: use one of {', '.join(FILTERS)}")
    text = " ".join((query or "").split())
    if len(text) > MAX_SEARCH:
        raise InputError(f"the search is too long: use at most {MAX_SEARCH} characters")
    return sort, show, text


def arrange(
    cards: Iterable[AthleteCard], sort: str = "attention", show: str = "all", query: str = ""
) -> tuple[AthleteCard, ...]:
    """The cards ``show`` keeps (``FILTERS``) whose name contains ``query`` (any case), in
    the order ``sort`` names (``SORTS``); ties by name, then id."""
    needle = query.casefold()
    kept = [
        card
        for card in cards
        if needle in card.name.casefold()
        and (
            show == "all"
            or (show == "attention" and card.needs_attention)
            or (show == "inactive" and card.inactive)
            or (show == "pain" and bool(card.pain_alerts))
        )
    ]

    def by_name(card: AthleteCard) -> tuple[str, int]:
        return card.name.casefold(), card.athlete_id

    kept.sort(key=by_name)
    if sort == "attention":
        kept.sort(key=lambda card: not card.needs_attention)
    elif sort == "last_trained":  # never trained first, then the longest ago
        kept.sort(key=lambda card: (card.last_trained is not None, card.last_trained or date.min))
    elif sort == "pain":
        kept.sort(key=lambda card: -1 if card.worst_pain is None else card.worst_pain, reverse=True)
    return tuple(kept)


# --------------------------------------------------------------------------- standings

# The rung and the next decision of an athlete, kept per process until what they were
# worked out from changes: keyed by the database, the athlete, their today and the
# fingerprint of their log (``_fingerprints``). Deciding reads the recent weeks of the log
# (the window fast path of ``service.decide``); the fingerprint is a few aggregate queries
# for all athletes together.
_DECISIONS: dict[tuple[str, int, date, tuple[Any, ...]], Standing] = {}
_MAX_DECISIONS = 4096
# One request works out what is missing while the others wait for it and then read what it
# kept: many coaches' clients asking at once after a round of logged sets would otherwise each
# decide every changed athlete again (the work is CPU-bound under one GIL: nothing is lost by
# taking turns). Each request holds its own session's connection already, so none waits for
# the pool while holding this.
_DECIDING = threading.Lock()


def _standings(
    session: Session,
    athletes: tuple[Athlete, ...],
    now: datetime,
    latest: Mapping[int, StoredAssessment],
    active: Mapping[int, tuple[int, datetime]],
) -> dict[int, Standing]:
    database = str(session.get_bind().url)
    prints = _fingerprints(session, tuple(athlete.id for athlete in athletes))
    found: dict[int, Standing] = {}
    for athlete in athletes:
        stored = latest.get(athlete.id)
        key = (
            database,
            athlete.id,
            now.astimezone(athlete.zone).date(),
            (
                repr(athlete),
                prints.get(athlete.id),
                None if stored is None else (stored.id, stored.taken_at, stored.start_rung),
                active.get(athlete.id),
            ),
        )
        known = _DECISIONS.get(key)
        if known is None:
            with _DECIDING:
                known = _DECISIONS.get(key)  # another request may have kept it meanwhile
                if known is None:
                    known = _standing(session, athlete, now)
                    if len(_DECISIONS) >= _MAX_DECISIONS:
                        _DECISIONS.clear()
                    _DECISIONS[key] = known
        found[athlete.id] = known
    return found


def _fingerprints(session: Session, ids: tuple[int, ...]) -> dict[int, tuple[Any, ...]]:
    """What changes whenever a decision's input changes, by athlete: a set logged (a new
    id), a set or check-in corrected or removed (a new correction: ``store.changes``), a
    check-in made or filled in (its count, last id, day, and sums that only grow as a
    check-in fills in a missing value)."""
    prints: dict[int, list[Any]] = defaultdict(lambda: [None, None, None])
    for athlete_id, count, last, made in session.execute(
        select(SetRow.athlete_id, func.count(), func.max(SetRow.id), func.max(SetRow.created_at))
        .where(SetRow.athlete_id.in_(ids))
        .group_by(SetRow.athlete_id)
    ):
        prints[athlete_id][0] = (count, last, made)
    for athlete_id, last in session.execute(
        select(ChangeRow.athlete_id, func.max(ChangeRow.id))
        .where(ChangeRow.athlete_id.in_(ids))
        .group_by(ChangeRow.athlete_id)
    ):
        prints[athlete_id][1] = last
    for athlete_id, *values in session.execute(
        select(
            CheckinRow.athlete_id,
            func.count(),
            func.max(CheckinRow.id),
            func.max(CheckinRow.day),
            func.sum(func.coalesce(CheckinRow.next_morning_pain, -1)),
            func.sum(func.coalesce(CheckinRow.bodyweight_kg, 0.0)),
        )
        .where(CheckinRow.athlete_id.in_(ids))
        .group_by(CheckinRow.athlete_id)
    ):
        prints[athlete_id][2] = tuple(values)
    return {athlete_id: tuple(values) for athlete_id, values in prints.items()}


def _standing(session: Session, athlete: Athlete, now: datetime) -> Standing:
    """The rung the athlete is on and the next session's decision (``hipthrust next``)."""
    try:
        decided = next_session(session, athlete, now=now)
    except InputError as error:
        return Standing(
            None, None, "Cannot decide", None, f"The next session cannot be decided: {error}"
        )
    decision = decided.decision
    rung = decided.placed_rung
    if not decided.exercise_allowed:
        return Standing(
            rung,
            decision.kind.value,
            "No exercise for now",
            None,
            "The assessment advises no exercise for now: see a clinician.",
        )
    step = LADDER[decision.rung]
    where = (
        f"Next session on rung {step.number} again."
        if decision.rung == rung
        else f"Next session on rung {step.number} ({step.name})."
    )
    reason = decision.reasons[0] if decision.reasons else ""
    return Standing(
        rung, decision.kind.value, decision.kind.label, decision.rung, f"{where} {reason}".strip()
    )


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
