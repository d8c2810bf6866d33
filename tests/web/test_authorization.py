"""The authorization matrix: every route of the app, asked by everyone, and nobody reaches
another's data.

The world: athletes Ann (A) and Bea (B), coach Cora (C) linked to Bea, coach Dan (D) linked to
Ann only. Every route of ``app.routes`` must have an entry in ``ROUTES`` (a route without one
fails ``test_every_route_has_an_entry``, naming it). Each entry says who the route is for:

- ``PUBLIC``: anyone (sign-in pages, the API docs, static files);
- ``SIGNED_IN``: anyone signed in (accepting an invitation);
- ``COACH``: coaches (the dashboard, invitations): athletes get 403;
- ``ATHLETE``: Bea's data, reached by her id (or her video's): Bea and Cora get through
  (2xx, 3xx, or 400 for a body the route refuses), Ann and Dan get 403 or 404;
- ``BEAS_COACH``: what only Bea's coach does (comment on her log, revoke Cora's own
  invitation): Cora gets through, Bea, Ann and Dan get 403 or 404.

Strangers get 401 from the API and a redirect to ``/login`` from pages wherever sign-in is
needed. A refused request changes nothing (the rows of every table are counted before and
after), and no answer to Ann or Dan contains Bea's name or notes, nor any answer to Bea or
Cora Ann's.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from starlette.routing import Mount

from hipthrust.coaching.assessment import assess
from hipthrust.coaching.programming import PlanRequest, build_plan
from hipthrust.coaching.records import Checkin, SetRecord
from hipthrust.jobs import RecordingQueue
from hipthrust.service.accounts import Actor, accept_invitation, invite
from hipthrust.service.assessment_io import parse_answers
from hipthrust.service.athletes import remember_assessment
from hipthrust.service.plans import remember_plan
from hipthrust.settings import Settings
from hipthrust.store import add_checkin, add_video_analysis, log_set, transaction
from hipthrust.store.athletes import athlete_by_id
from hipthrust.store.models import (
    AssessmentRow,
    ChangeRow,
    CheckinRow,
    CoachLinkRow,
    CommentRow,
    InvitationRow,
    PlanRow,
    SetRow,
    UserRow,
    VideoAnalysisRow,
)
from hipthrust.web import create_app
from hipthrust.web.throttle import MemoryThrottle, ThrottleLimits
from web.browsers import SECRET, Browser, People


class Access(Enum):
    PUBLIC = "public"
    SIGNED_IN = "signed in"
    COACH = "coach"
    ATHLETE = "Bea's data"
    BEAS_COACH = "Bea's coach"


Body = dict[str, Any] | Callable[["World"], dict[str, Any]] | None


@dataclass(frozen=True)
class Case:
    access: Access
    json: Body = None  # an API body that the route accepts
    form: Body = None  # a page's form that the route accepts
    files: dict[str, tuple[str, bytes, str]] | None = None
    params: dict[str, str] = field(default_factory=dict)  # which world value fills a {param}


B_MARKERS = ("Bmarker", "bea-private-note")
A_MARKERS = ("Amarker", "ann-private-note")
CLEAN_TEST = {
    "bridge_test": {
        "two_leg": {"full_extension": True, "reps": 15, "felt_in": ["glutes"]},
        "single_leg": {"left_reps": 12, "right_reps": 12, "felt_in": ["glutes"]},
    }
}
_emails = itertools.count()


def fresh_signup(world: World) -> dict[str, Any]:
    return {
        "role": "athlete",
        "display_name": "Newcomer",
        "email": f"new{next(_emails)}@example.com",
        "password": "correct horse battery",
    }


def wrong_sign_in(world: World) -> dict[str, Any]:
    return {"email": "bea-bmarker@example.com", "password": "not her password"}


WRONG_PASSWORD_CHANGE = {"current_password": "not the password", "new_password": "x" * 12}
NOT_A_VIDEO = {"video": ("set.mp4", b"this is not a video at all", "video/mp4")}
A_STRONG_EXPORT = (
    "strong.csv",
    b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
    b"2024-03-04 18:00:00,Glutes,Hip Thrust (Barbell),1,60,10\n",
    "text/csv",
)
NO_PREVIEW = {"token": "x" * 32}

# A file each mount serves, to ask for.
MOUNT_FILES = {"/static": "/app.css", "/vendor/swagger-ui": "/swagger-ui.css"}


def set_comment(world: World) -> dict[str, Any]:
    return {"target": "set", "set_id": world.values["set_id"], "text": "Drive the hips"}


def api_set_comment(world: World) -> dict[str, Any]:
    return {**set_comment(world), "set_id": int(world.values["set_id"])}


# (method, path) -> who the route is for, and a body it accepts.
ROUTES: dict[tuple[str, str], Case] = {
    # --- the app's own
    ("GET", "/api/v1/openapi.json"): Case(Access.PUBLIC),
    ("GET", "/api/v1/openapi-3.0.json"): Case(Access.PUBLIC),
    ("GET", "/docs"): Case(Access.PUBLIC),
    ("GET", "/vendor/plotly.min.js"): Case(Access.PUBLIC),
    ("GET", "/manifest.webmanifest"): Case(Access.PUBLIC),
    ("GET", "/sw.js"): Case(Access.PUBLIC),
    ("MOUNT", "/static"): Case(Access.PUBLIC),
    ("MOUNT", "/vendor/swagger-ui"): Case(Access.PUBLIC),
    ("GET", "/"): Case(Access.PUBLIC),
    ("GET", "/questions"): Case(Access.PUBLIC),
    ("GET", "/api/v1/questions"): Case(Access.PUBLIC),
    ("GET", "/exercises/{variation_id}"): Case(Access.PUBLIC),
    ("GET", "/api/v1/exercises/{variation_id}"): Case(Access.PUBLIC),
    # --- auth
    ("GET", "/signup"): Case(Access.PUBLIC),
    ("POST", "/signup"): Case(Access.PUBLIC, form=fresh_signup),
    ("GET", "/login"): Case(Access.PUBLIC),
    ("POST", "/login"): Case(Access.PUBLIC, form=wrong_sign_in),
    ("POST", "/logout"): Case(Access.PUBLIC),
    ("GET", "/invite/{token}"): Case(Access.SIGNED_IN),
    ("POST", "/invite/{token}"): Case(Access.SIGNED_IN),
    ("POST", "/api/v1/signup"): Case(Access.PUBLIC, json=fresh_signup),
    ("GET", "/api/v1/session"): Case(Access.PUBLIC),
    ("POST", "/api/v1/session"): Case(Access.PUBLIC, json=wrong_sign_in),
    ("DELETE", "/api/v1/session"): Case(Access.PUBLIC),
    ("POST", "/api/v1/invitations"): Case(Access.COACH),
    ("POST", "/api/v1/invitations/{token}/accept"): Case(Access.SIGNED_IN),
    ("GET", "/account"): Case(Access.SIGNED_IN),
    ("POST", "/account/password"): Case(Access.SIGNED_IN, form=WRONG_PASSWORD_CHANGE),
    ("POST", "/account/sign-out-everywhere"): Case(Access.SIGNED_IN),
    ("POST", "/api/v1/account/password"): Case(Access.SIGNED_IN, json=WRONG_PASSWORD_CHANGE),
    ("POST", "/api/v1/account/sign-out-everywhere"): Case(Access.SIGNED_IN),
    ("GET", "/reset/{token}"): Case(Access.PUBLIC),
    ("POST", "/reset/{token}"): Case(Access.PUBLIC, form={"new_password": "another long one"}),
    # --- coach
    ("GET", "/coach"): Case(Access.COACH),
    ("POST", "/coach/invitations"): Case(Access.COACH),
    ("GET", "/api/v1/coach/dashboard"): Case(Access.COACH),
    ("POST", "/coach/invitations/{invitation_id}/revoke"): Case(
        Access.BEAS_COACH, params={"invitation_id": "cora_invitation"}
    ),
    ("DELETE", "/api/v1/coach/invitations/{invitation_id}"): Case(
        Access.BEAS_COACH, params={"invitation_id": "cora_api_invitation"}
    ),
    # --- comments (routes/comments.py)
    ("POST", "/athletes/{athlete_id}/comments"): Case(Access.BEAS_COACH, form=set_comment),
    ("POST", "/api/v1/athletes/{athlete_id}/comments"): Case(
        Access.BEAS_COACH, json=api_set_comment
    ),
    ("GET", "/api/v1/athletes/{athlete_id}/comments"): Case(Access.ATHLETE),
    # --- training (routes/training*.py)
    ("GET", "/athletes/{athlete_id}/today"): Case(Access.ATHLETE),
    ("POST", "/athletes/{athlete_id}/sets"): Case(
        Access.ATHLETE, form={"exercise": "barbell_hip_thrust", "reps": "8", "load": "60"}
    ),
    ("GET", "/athletes/{athlete_id}/checkin"): Case(Access.ATHLETE),
    ("POST", "/athletes/{athlete_id}/checkin"): Case(Access.ATHLETE, form={"pain": "1"}),
    ("GET", "/athletes/{athlete_id}/history"): Case(Access.ATHLETE),
    ("GET", "/athletes/{athlete_id}/plan"): Case(Access.ATHLETE),
    ("POST", "/athletes/{athlete_id}/plan"): Case(
        Access.ATHLETE, form={"goal": "hypertrophy", "weeks": "4"}
    ),
    ("GET", "/athletes/{athlete_id}/assess"): Case(Access.ATHLETE),
    ("POST", "/athletes/{athlete_id}/assess"): Case(
        Access.ATHLETE, form={"step": "pain", "pain_now": "0", "pain_during_bridge": "0"}
    ),
    ("GET", "/athletes/{athlete_id}/assess/result"): Case(Access.ATHLETE),
    ("GET", "/api/v1/athletes/{athlete_id}/today"): Case(Access.ATHLETE),
    ("GET", "/api/v1/athletes/{athlete_id}/sets"): Case(Access.ATHLETE),
    ("POST", "/api/v1/athletes/{athlete_id}/sets"): Case(
        Access.ATHLETE, json={"exercise": "barbell_hip_thrust", "reps": 8, "load": "60kg"}
    ),
    ("POST", "/api/v1/athletes/{athlete_id}/checkins"): Case(Access.ATHLETE, json={"pain": 1}),
    ("GET", "/api/v1/athletes/{athlete_id}/progress"): Case(Access.ATHLETE),
    ("GET", "/athletes/{athlete_id}/sets/{set_id}"): Case(Access.ATHLETE),
    ("POST", "/athletes/{athlete_id}/sets/{set_id}"): Case(
        Access.ATHLETE, form={"reps": "9", "pain": "1"}
    ),
    # A set of Bea's kept for removal (Cora removes it; Bea's try then finds none: 400).
    ("POST", "/athletes/{athlete_id}/sets/{set_id}/delete"): Case(
        Access.ATHLETE, params={"set_id": "spare_set"}
    ),
    ("GET", "/athletes/{athlete_id}/checkins/{day}"): Case(Access.ATHLETE),
    ("POST", "/athletes/{athlete_id}/checkins/{day}"): Case(Access.ATHLETE, form={"pain": "0"}),
    ("POST", "/athletes/{athlete_id}/checkins/{day}/delete"): Case(
        Access.ATHLETE, params={"day": "spare_day"}
    ),
    ("GET", "/athletes/{athlete_id}/changes"): Case(Access.ATHLETE),
    ("PATCH", "/api/v1/athletes/{athlete_id}/sets/{set_id}"): Case(
        Access.ATHLETE, json={"reps": 9}
    ),
    ("DELETE", "/api/v1/athletes/{athlete_id}/sets/{set_id}"): Case(
        Access.ATHLETE, params={"set_id": "spare_api_set"}
    ),
    ("PATCH", "/api/v1/athletes/{athlete_id}/checkins/{day}"): Case(
        Access.ATHLETE, json={"pain": 0}
    ),
    ("DELETE", "/api/v1/athletes/{athlete_id}/checkins/{day}"): Case(
        Access.ATHLETE, params={"day": "spare_api_day"}
    ),
    ("GET", "/api/v1/athletes/{athlete_id}/changes"): Case(Access.ATHLETE),
    ("GET", "/athletes/{athlete_id}/settings"): Case(Access.ATHLETE),
    ("POST", "/athletes/{athlete_id}/settings"): Case(
        Access.ATHLETE, form={"units": "kg", "goal": "strength", "time_zone": "Europe/Berlin"}
    ),
    ("GET", "/api/v1/athletes/{athlete_id}/settings"): Case(Access.ATHLETE),
    ("PATCH", "/api/v1/athletes/{athlete_id}/settings"): Case(
        Access.ATHLETE, json={"goal": "strength"}
    ),
    ("GET", "/api/v1/athletes/{athlete_id}/assessment"): Case(Access.ATHLETE),
    ("POST", "/api/v1/athletes/{athlete_id}/assessment"): Case(Access.ATHLETE, json=CLEAN_TEST),
    ("GET", "/api/v1/athletes/{athlete_id}/plan"): Case(Access.ATHLETE),
    ("GET", "/athletes/{athlete_id}/plan/handout.pdf"): Case(Access.ATHLETE),
    ("GET", "/api/v1/athletes/{athlete_id}/plan/handout.pdf"): Case(Access.ATHLETE),
    ("POST", "/api/v1/athletes/{athlete_id}/plan"): Case(Access.ATHLETE, json={"weeks": 4}),
    # --- videos (routes/videos.py)
    ("GET", "/athletes/{athlete_id}/videos"): Case(Access.ATHLETE),
    ("POST", "/athletes/{athlete_id}/videos"): Case(Access.ATHLETE, files=NOT_A_VIDEO),
    ("GET", "/videos/{analysis_id}"): Case(Access.ATHLETE),
    ("POST", "/videos/{analysis_id}/log"): Case(Access.ATHLETE),
    ("GET", "/videos/{analysis_id}/files/{name}"): Case(
        Access.ATHLETE, params={"analysis_id": "done_analysis"}
    ),
    ("POST", "/api/v1/athletes/{athlete_id}/videos"): Case(Access.ATHLETE, files=NOT_A_VIDEO),
    ("GET", "/api/v1/athletes/{athlete_id}/videos"): Case(Access.ATHLETE),
    ("GET", "/api/v1/videos/{analysis_id}"): Case(Access.ATHLETE),
    ("POST", "/api/v1/videos/{analysis_id}/log"): Case(Access.ATHLETE),
    # --- data in and out (routes/data.py)
    ("GET", "/athletes/{athlete_id}/import"): Case(Access.ATHLETE),
    ("POST", "/athletes/{athlete_id}/import"): Case(
        Access.ATHLETE, files={"export": A_STRONG_EXPORT}
    ),
    ("POST", "/athletes/{athlete_id}/import/confirm"): Case(Access.ATHLETE, form=NO_PREVIEW),
    ("POST", "/athletes/{athlete_id}/import/cancel"): Case(Access.ATHLETE, form=NO_PREVIEW),
    ("GET", "/athletes/{athlete_id}/export/log.csv"): Case(Access.ATHLETE),
    ("GET", "/athletes/{athlete_id}/export/log.json"): Case(Access.ATHLETE),
    ("GET", "/athletes/{athlete_id}/plan/calendar.ics"): Case(Access.ATHLETE),
    ("POST", "/api/v1/athletes/{athlete_id}/imports"): Case(
        Access.ATHLETE, files={"file": A_STRONG_EXPORT}
    ),
    ("GET", "/api/v1/athletes/{athlete_id}/export/log.csv"): Case(Access.ATHLETE),
    ("GET", "/api/v1/athletes/{athlete_id}/export/log.json"): Case(Access.ATHLETE),
    ("GET", "/api/v1/athletes/{athlete_id}/plan/calendar.ics"): Case(Access.ATHLETE),
}


def app_routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) the app answers, through included routers; mounts as MOUNT."""
    found: set[tuple[str, str]] = set()

    def walk(routes: Any, prefix: str) -> None:
        for route in routes:
            original = getattr(route, "original_router", None)
            if original is not None:  # FastAPI's included router
                context = getattr(route, "include_context", None)
                walk(original.routes, prefix + (getattr(context, "prefix", "") or ""))
            elif isinstance(route, Mount):
                found.add(("MOUNT", prefix + route.path))
            else:
                for method in getattr(route, "methods", None) or ():
                    if method != "HEAD":
                        found.add((method, prefix + route.path))

    walk(app.routes, "")
    return found


# --------------------------------------------------------------------------- the world


@dataclass
class World:
    app: FastAPI
    people: People
    actors: dict[str, Actor]
    values: dict[str, str]  # fills {params}: athlete_id, analysis_id, done_analysis, name
    before: tuple[int, ...] = ()  # the row counts before the last request

    def browser(self, who: str) -> Browser:
        return self.people._browser(self.actors.get(who))

    def token(self) -> str:
        """A fresh invitation from a coach outside the story (Tess), so accepting it in a
        test links nobody to Cora or Dan."""
        with transaction(self.app.state.store) as session:
            return invite(session, self.actors["tess"], datetime.now(UTC)).token

    def counts(self) -> tuple[int, ...]:
        tables = (
            ChangeRow,
            CommentRow,
            UserRow,
            CoachLinkRow,
            InvitationRow,
            SetRow,
            CheckinRow,
            PlanRow,
            AssessmentRow,
            VideoAnalysisRow,
        )
        with transaction(self.app.state.store) as session:
            return tuple(session.scalar(select(func.count()).select_from(t)) or 0 for t in tables)


def _athlete_data(world: World, who: str, note: str) -> int:
    actor = world.actors[who]
    assert actor.athlete_id is not None
    now = datetime.now(UTC)
    with transaction(world.app.state.store) as session:
        athlete = athlete_by_id(session, actor.athlete_id)
        assert athlete is not None
        athlete, _ = remember_assessment(
            session, athlete, assess(parse_answers(CLEAN_TEST, "test")), now - timedelta(days=3)
        )
        request = PlanRequest(start_rung=5, e1rm_kg=100.0)
        remember_plan(session, athlete, request, build_plan(request), now - timedelta(days=2))
        record = SetRecord(
            now - timedelta(days=1), "barbell_hip_thrust", 8, load_kg=80.0, pain=1, notes=note
        )
        set_id = log_set(session, athlete.id, record, source="web")
        add_checkin(session, athlete.id, Checkin(day=now.date(), next_morning_pain=0, notes=note))
        spares = {}
        for key, days in (("spare_set", 2), ("spare_api_set", 3)):
            spare = replace(record, performed_at=now - timedelta(days=days))
            spares[key] = str(log_set(session, athlete.id, spare, source="web"))
        for key, days in (("spare_day", 4), ("spare_api_day", 5)):
            day = (now - timedelta(days=days)).date()
            add_checkin(session, athlete.id, Checkin(day=day, next_morning_pain=1, notes=note))
            spares[key] = day.isoformat()
        if who == "bea":
            world.values.update(set_id=str(set_id), day=now.date().isoformat(), **spares)
        return add_video_analysis(session, athlete.id, f"{note}.mp4").id


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("matrix")
    app = create_app(Settings(secret_key=SECRET, data_dir=folder / "data"), RecordingQueue())
    with TestClient(app):
        app.state.login_throttle = MemoryThrottle(ThrottleLimits(per_email=10**6, per_client=10**6))
        people = People(app)
        actors = {
            "ann": people._sign_up("athlete", "Ann-Amarker"),
            "bea": people._sign_up("athlete", "Bea-Bmarker"),
            "cora": people._sign_up("coach", "Cora"),
            "dan": people._sign_up("coach", "Dan"),
            "tess": people._sign_up("coach", "Tess"),
        }
        world = World(app, people, actors, {})
        now = datetime.now(UTC)
        with transaction(app.state.store) as session:
            for coach, athlete in (("cora", "bea"), ("dan", "ann")):
                made = invite(session, actors[coach], now)
                accept_invitation(session, actors[athlete], made.token, now)
        with transaction(app.state.store) as session:  # Cora's, to revoke
            for key in ("cora_invitation", "cora_api_invitation"):
                invite(session, actors["cora"], now)
                world.values[key] = str(session.scalar(select(func.max(InvitationRow.id))) or 0)
        _athlete_data(world, "ann", "ann-private-note")
        pending = _athlete_data(world, "bea", "bea-private-note")
        done = _finished_analysis(world, folder)
        bea_id = actors["bea"].athlete_id
        world.values.update(
            athlete_id=str(bea_id),
            analysis_id=str(pending),
            done_analysis=str(done),
            name="signals.csv",
            variation_id="barbell_hip_thrust",
        )
        yield world
        for browser in people.made:
            browser.client.close()


def _finished_analysis(world: World, folder: Path) -> int:
    """A finished analysis of Bea's with an output file, for the file route."""
    bea_id = world.actors["bea"].athlete_id
    assert bea_id is not None
    outputs = folder / "outputs"
    outputs.mkdir()
    (outputs / "signals.csv").write_text("t,hip_angle\n0,120\n", encoding="utf-8")
    with transaction(world.app.state.store) as session:
        analysis = add_video_analysis(session, bea_id, "finished.mp4")
        row = session.get(VideoAnalysisRow, analysis.id)
        assert row is not None
        row.status, row.output_dir, row.report = "done", str(outputs), {"reps": []}
        return analysis.id


# --------------------------------------------------------------------------- asking


def _url(world: World, path: str, case: Case) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "token":
            return world.token()
        return world.values[case.params.get(name, name)]

    return re.sub(r"\{(\w+)\}", fill, path)


def _body(body: Body, world: World) -> dict[str, Any] | None:
    return body(world) if callable(body) else body


def ask(world: World, who: str, method: str, path: str, case: Case) -> httpx.Response:
    """Ask as ``who``; the store's row counts before it, taken once the URL is made (a
    ``{token}`` is a new invitation), are kept in ``world.values["before"]``."""
    browser = world.browser(who)
    url = path + MOUNT_FILES[path] if method == "MOUNT" else _url(world, path, case)
    form = _body(case.form, world)
    body = _body(case.json, world)
    world.before = world.counts()
    if method in ("GET", "MOUNT"):
        return browser.get(url)
    headers = {"X-CSRF-Token": browser.csrf}
    if case.files is not None:
        return browser.client.request(method, url, headers=headers, files=case.files)
    if form is not None or (body is None and not _api(url)):
        return browser.client.request(
            method, url, data={"csrf_token": browser.csrf, **(form or {})}
        )
    return browser.client.request(method, url, headers=headers, json=body)


def _api(path: str) -> bool:
    return path.startswith("/api/")


def _is_sign_in_wall(path: str, answer: httpx.Response) -> bool:
    if _api(path):
        return answer.status_code == 401
    return answer.status_code == 303 and answer.headers["location"].startswith(
        ("/login?next=", "/signup?next=")
    )


def _through(answer: httpx.Response) -> bool:
    return 200 <= answer.status_code < 400 or answer.status_code == 400


def _leaks(answer: httpx.Response, markers: tuple[str, ...]) -> list[str]:
    text = answer.content.decode("utf-8", "replace")
    return [marker for marker in markers if marker in text]


def check(world: World, who: str, method: str, path: str, case: Case, expect: str) -> None:
    answer = ask(world, who, method, path, case)
    before = world.before
    where = f"{method} {path} as {who}: {answer.status_code}"
    assert answer.status_code < 500, where
    if expect == "wall":
        assert _is_sign_in_wall(path, answer), f"{where}, expected the sign-in wall"
    elif expect == "denied":
        assert answer.status_code in (403, 404), f"{where}, expected 403 or 404"
    else:
        assert _through(answer), f"{where}, expected to get through"
        assert answer.status_code not in (401, 403, 404), where
    if expect != "through":
        assert world.counts() == before, f"{where}: a refused request changed the store"
    others = A_MARKERS if who in ("bea", "cora") else B_MARKERS
    if who == "stranger":
        others = A_MARKERS + B_MARKERS
    assert not _leaks(answer, others), f"{where}: the answer shows {_leaks(answer, others)}"


EXPECTED: dict[Access, dict[str, str]] = {
    Access.PUBLIC: dict.fromkeys(("stranger", "ann", "dan", "cora", "bea"), "through"),
    Access.SIGNED_IN: {
        "stranger": "wall",
        **dict.fromkeys(("ann", "dan", "cora", "bea"), "through"),
    },
    Access.COACH: {
        "stranger": "wall",
        "ann": "denied",
        "bea": "denied",
        "dan": "through",
        "cora": "through",
    },
    # Refused first, so a route that changes Bea's data is tried by the others first.
    Access.ATHLETE: {
        "stranger": "wall",
        "ann": "denied",
        "dan": "denied",
        "cora": "through",
        "bea": "through",
    },
    Access.BEAS_COACH: {
        "stranger": "wall",
        "ann": "denied",
        "dan": "denied",
        "bea": "denied",
        "cora": "through",
    },
}


@pytest.mark.parametrize(("method", "path"), sorted(ROUTES), ids=lambda v: str(v))
def test_nobody_reaches_another_s_data(world: World, method: str, path: str) -> None:
    case = ROUTES[(method, path)]
    for who, expect in EXPECTED[case.access].items():
        check(world, who, method, path, case, expect)


def test_every_route_has_an_entry(world: World) -> None:
    routes = app_routes(world.app)
    missing = sorted(routes - set(ROUTES))
    assert not missing, f"routes without an entry in the authorization matrix: {missing}"
    stale = sorted(set(ROUTES) - routes)
    assert not stale, f"entries for routes the app no longer has: {stale}"


def test_a_coach_s_dashboard_lists_only_their_athletes(world: World) -> None:
    dan = world.browser("dan").get("/api/v1/coach/dashboard").json()
    cora = world.browser("cora").get("/api/v1/coach/dashboard").json()
    assert [card["name"] for card in dan["athletes"]] == ["Ann-Amarker"]
    assert [card["name"] for card in cora["athletes"]] == ["Bea-Bmarker"]


def test_ids_that_do_not_exist_tell_nothing(world: World) -> None:
    ann = world.browser("ann")
    for url in ("/api/v1/athletes/999999/today", "/api/v1/videos/999999", "/videos/999999"):
        answer = ann.get(url)
        assert answer.status_code == 403, url
    missing, foreign = (
        ann.get("/api/v1/videos/999999"),
        ann.get(f"/api/v1/videos/{world.values['analysis_id']}"),
    )
    assert missing.json() == foreign.json()
