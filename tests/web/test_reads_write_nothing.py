"""Reading never writes: Today, ``hipthrust next`` and every GET leave the store as it was."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy import MetaData, select

from hipthrust.cli import main
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.athlete_portal import (
    PlanForm,
    log_set_for,
    take_assessment,
    write_plan,
)
from hipthrust.service.training import SetEntry
from hipthrust.store import transaction
from web.browsers import People
from web.test_authorization import app_routes
from web.training_support import link


def _snapshot(app: FastAPI) -> dict[str, list[tuple[object, ...]]]:
    engine = app.state.store.engine
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        return {
            name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for name, table in tables.tables.items()
        }


def _gets(app: FastAPI) -> list[str]:
    """Every GET route of the app whose only path parameter is an athlete's id."""
    return sorted(
        path
        for method, path in app_routes(app)
        if method == "GET" and set(re.findall(r"{(\w+)}", path)) <= {"athlete_id"}
    )


def test_today_next_and_every_get_change_nothing(
    app: FastAPI, people: People, capsys: pytest.CaptureFixture[str]
) -> None:
    athlete = people.athlete("Reed")
    coach = people.coach("Cora")
    link(app, coach, athlete)
    assert athlete.actor is not None and athlete.actor.athlete_id is not None
    athlete_id = athlete.actor.athlete_id
    now = datetime.now(UTC)
    bridge = {
        "two_leg": {"full_extension": True, "felt_in": ["glutes"], "reps": 15},
        "single_leg": {"left_reps": 14, "right_reps": 14},
    }
    with transaction(app.state.store) as session:
        take_assessment(session, LOCAL_OWNER, athlete_id, {"bridge_test": bridge}, now)
        for days in (8, 5, 2):
            when = (now - timedelta(days=days)).isoformat()
            entry = SetEntry(words=("glute bridge",), reps=15, hold="3", pain=0, sets=3, at=when)
            log_set_for(session, LOCAL_OWNER, athlete_id, entry, now)
        write_plan(session, LOCAL_OWNER, athlete_id, PlanForm(weeks=2), now)
    before = _snapshot(app)

    # the assessment's start rung, derived each time, and nothing recorded
    url = app.state.store.engine.url.render_as_string(hide_password=False)
    for _ in range(2):
        assert main(["next", "--json", "--database", url, "--athlete", "Reed"]) == 0
        assert '"rung": 3' in capsys.readouterr().out
    answered = 0
    for who in (athlete, coach):
        for path in _gets(app):
            response = who.get(path.replace("{athlete_id}", str(athlete_id)))
            assert response.status_code < 500, (path, response.status_code)
            answered += response.status_code == 200
        for page in ("today", "plan", "history", "checkin", "assess/result"):
            assert who.get(f"/athletes/{athlete_id}/{page}").status_code == 200
    assert answered >= 10
    assert _snapshot(app) == before
