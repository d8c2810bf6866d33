"""The doors agree: the CLI's --json, the JSON API and the web page give one answer.

Eight athletes are set up through the use-case layer (as any door would), then asked through
every door: the next session (``hipthrust next --json``, ``GET .../today`` and the Today page's
context), the plan (``hipthrust plan --json --no-save`` and ``POST .../plan``), a logged set's
warnings (``hipthrust log --json`` and ``POST .../sets``) and progress (``hipthrust progress
--json`` and ``GET .../progress``). Nobody the screening does not clear gets a load, and each
is told why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI

from hipthrust.cli import main
from hipthrust.service.accounts import LOCAL_OWNER
from hipthrust.service.athlete_portal import log_set_for, take_assessment
from hipthrust.service.athletes import ProfileChanges, change_athlete
from hipthrust.service.training import SetEntry
from hipthrust.store import transaction, update_athlete
from hipthrust.store.athletes import athlete_by_id
from web.browsers import Browser, People

CLEAN_BRIDGE = {
    "two_leg": {"full_extension": True, "felt_in": ["glutes"], "reps": 15},
    "single_leg": {"left_reps": 14, "right_reps": 14},
}


@dataclass(frozen=True)
class Athlete:
    """One row of the table: who, what they answered and logged, and what must hold."""

    name: str
    answers: dict[str, Any] | None  # None: never screened
    sets: tuple[SetEntry, ...] = ()
    profile: ProfileChanges | None = None
    time_zone: str | None = None
    loaded: bool = False  # a load may be prescribed
    why: str = ""  # a sentence that must be said when no load is prescribed
    days_ago: tuple[int, ...] = field(default=(9, 6, 3))
    top_rung: int = 6  # the highest rung the next session may be on
    absent: tuple[str, ...] = ()  # variations no door may prescribe (the injury rules)
    most_kg: float | None = None  # no door may prescribe a heavier load (the injury caps)


def _barbell(kg: float, reps: int, rpe: float = 8, pain: int = 0) -> SetEntry:
    return SetEntry(
        words=("barbell hip thrust",), load=f"{kg}kg", reps=reps, rpe=rpe, pain=pain, sets=3
    )


TABLE = (
    Athlete(
        "Una",  # unscreened, two years of loaded work brought in
        None,
        sets=(_barbell(100, 8),),
        loaded=True,
        why="answer the screening",
    ),
    Athlete(
        "Sam",  # the same lifter after a clean screening (no bridge test)
        {"pain_now": 0},
        sets=(_barbell(100, 8),),
        loaded=True,
    ),
    Athlete(
        "Pia",  # pregnant, not cleared, logging barbell sets anyway
        {
            "conditions": [{"kind": "pregnancy", "weeks_ago": 20, "cleared": False}],
            "bridge_test": CLEAN_BRIDGE,
        },
        sets=(_barbell(60, 10),),
        why="clearance",
    ),
    Athlete(
        "Bo",  # low back strain a week ago, pain 4 in the bridge
        {
            "conditions": [{"kind": "low_back_pain", "weeks_ago": 1, "cleared": False}],
            "pain_during_bridge": 4,
            "bridge_test": CLEAN_BRIDGE,
        },
        sets=(_barbell(60, 12),),
        why="no load",
    ),
    Athlete(
        "Hal",  # hip replacement 26 weeks ago, cleared
        {
            "conditions": [{"kind": "hip_replacement", "weeks_ago": 26, "cleared": True}],
            "bridge_test": CLEAN_BRIDGE,
        },
        loaded=True,
    ),
    Athlete(
        "Bea",  # a beginner with a weak single-leg bridge
        {
            "bridge_test": {
                "two_leg": {"full_extension": True, "felt_in": ["glutes"], "reps": 12},
                "single_leg": {"left_reps": 4, "right_reps": 5},
            }
        },
        sets=(SetEntry(words=("glute bridge",), reps=12, hold="3", pain=0, sets=2),),
        loaded=True,  # cleared for load, but on a bodyweight rung (below)
        top_rung=2,
    ),
    Athlete(
        "Fin",  # an on-shift firefighter with a Tuesday deadlift
        {"pain_now": 0},
        sets=(_barbell(120, 6, rpe=9),),
        profile=ProfileChanges(on_shift=True, deadlift_day="tue", training_days="mon,thu"),
        loaded=True,
    ),
    Athlete(
        "Cam",  # a coach's athlete in UTC-5, logging at 23:30
        {"pain_now": 0},
        sets=(_barbell(80, 10),),
        time_zone="America/New_York",
        loaded=True,
    ),
    Athlete(
        "Uli",  # a shoulder in a sling (seed 003), barbell history: no two-handed bar
        {
            "conditions": [{"kind": "upper_body_injury", "weeks_ago": 2}],
            "bridge_test": CLEAN_BRIDGE,
            "hip_thrust_1rm_kg": 140,
            "training_age_months": 24,
        },
        sets=(_barbell(80, 10),),
        loaded=True,
        why="two-handed",
        absent=("barbell_hip_thrust", "barbell_glute_bridge", "deficit_hip_thrust"),
    ),
    Athlete(
        "Lou",  # low back pain 20 weeks old: single-leg first, the bar capped at 60% of e1RM
        {
            "conditions": [{"kind": "low_back_pain", "weeks_ago": 20}],
            "bridge_test": CLEAN_BRIDGE,
            "hip_thrust_1rm_kg": 140,
            "training_age_months": 24,
        },
        sets=(_barbell(100, 8),),  # e1RM 133.3 kg: 80 kg on Today; 84 kg from the plan's 140
        loaded=True,
        why="60% of your e1rm",
        most_kg=84.0,
    ),
    Athlete(
        "Jo",  # hip replacement, cleared with her surgeon's ceiling of 0.5 x bodyweight
        {
            "conditions": [
                {
                    "kind": "hip_replacement",
                    "weeks_ago": 30,
                    "cleared": True,
                    "max_load_x_bodyweight": 0.5,
                }
            ],
            "bridge_test": CLEAN_BRIDGE,
            "hip_thrust_1rm_kg": 140,
            "training_age_months": 24,
            "bodyweight_kg": 70,
        },
        sets=(_barbell(60, 8),),
        loaded=True,
        why="your clinician's ceiling",
        top_rung=5,
        most_kg=35.0,
    ),
    Athlete(
        "Fay",  # felt the hip thrusts in her hamstrings: the foot cue on every door
        {"pain_now": 0},
        sets=(replace(_barbell(70, 10), felt="hamstrings"),),
        loaded=True,
        why="feet are too far out",
    ),
)


@dataclass
class Set:
    """One athlete made ready: the signed-in browser, the database URL for the CLI."""

    browser: Browser
    athlete_id: int
    name: str
    url: str


def _ready(app: FastAPI, people: People, row: Athlete) -> Set:
    browser = people.athlete(row.name)
    assert browser.actor is not None and browser.actor.athlete_id is not None
    athlete_id = browser.actor.athlete_id
    now = datetime.now(UTC)
    with transaction(app.state.store) as session:
        athlete = athlete_by_id(session, athlete_id)
        assert athlete is not None
        if row.time_zone is not None:
            athlete = update_athlete(session, athlete_id, replace(athlete, time_zone=row.time_zone))
        if row.profile is not None:
            change_athlete(session, athlete.name, row.profile)
        zone = ZoneInfo(row.time_zone) if row.time_zone else UTC
        for days in row.days_ago:
            day = (now.astimezone(zone) - timedelta(days=days)).date()
            when = datetime.combine(day, time(23, 30) if row.time_zone else time(18, 0), zone)
            for entry in row.sets:
                log_set_for(
                    session, LOCAL_OWNER, athlete_id, replace(entry, at=when.isoformat()), now
                )
        if row.answers is not None:
            take_assessment(session, LOCAL_OWNER, athlete_id, row.answers, now)
        name = athlete.name
    url = app.state.store.engine.url.render_as_string(hide_password=False)
    return Set(browser, athlete_id, name, url)


def _cli(capsys: pytest.CaptureFixture[str], ready: Set, *args: str) -> dict[str, Any]:
    code = main([*args, "--json", "--database", ready.url, "--athlete", ready.name])
    out = capsys.readouterr()
    assert code == 0, out.err
    data: dict[str, Any] = json.loads(out.out)
    return data


def _decision(data: dict[str, Any]) -> dict[str, Any]:
    keep = ("decision", "rung", "reasons", "session", "loading_allowed", "screened", "notes")
    return {key: data[key] for key in keep}


def _loads(data: dict[str, Any]) -> list[float | None]:
    return [item["load_kg"] for item in data["session"]["exercises"]]


@pytest.mark.parametrize("row", TABLE, ids=[row.name for row in TABLE])
def test_the_doors_agree(
    row: Athlete,
    app: FastAPI,
    people: People,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    ready = _ready(app, people, row)
    base = f"/api/v1/athletes/{ready.athlete_id}"

    # assess: the CLI's result of the same answers, the API's and the result page agree
    if row.answers is not None:
        answers = tmp_path / "answers.json"
        answers.write_text(json.dumps(row.answers), encoding="utf-8")
        assessed = _cli(capsys, ready, "assess", "--answers", str(answers), "--no-save")
        stored = ready.browser.get(f"{base}/assessment")
        assert stored.status_code == 200, stored.text
        page_result = ready.browser.get(f"/athletes/{ready.athlete_id}/assess/result")
        assert page_result.status_code == 200
        shown_result = page_result.context["result"].to_json()  # type: ignore[attr-defined]
        keep = ("start_rung", "max_rung", "loading_allowed", "flags", "no_load_reasons")
        assert {k: assessed[k] for k in keep} == {k: stored.json()[k] for k in keep}
        assert {k: assessed[k] for k in keep} == {k: shown_result[k] for k in keep}

    # today / next: the CLI, the API and the page's context say the same
    cli = _cli(capsys, ready, "next")
    api = ready.browser.get(f"{base}/today")
    assert api.status_code == 200, api.text
    page = ready.browser.get(f"/athletes/{ready.athlete_id}/today")
    assert page.status_code == 200
    shown = page.context["next"].to_json()  # type: ignore[attr-defined]
    assert _decision(cli) == _decision(api.json()) == _decision(shown)
    said = " ".join([*cli["reasons"], *cli["notes"]]).lower()
    assert cli["rung"] <= row.top_rung
    if cli["rung"] < 5:
        assert all(load is None for load in _loads(cli))
    if row.loaded:
        assert cli["loading_allowed"] or not cli["screened"]
    else:
        assert cli["loading_allowed"] is False
        assert all(load is None for load in _loads(cli)), cli["session"]
        assert row.why in said
    if row.why and row.loaded:
        assert row.why in said
    assert not {item["variation"] for item in cli["session"]["exercises"]} & set(row.absent)
    if row.most_kg is not None:
        assert all((load or 0) <= row.most_kg for load in _loads(cli)), cli["session"]

    # plan: the CLI (only shown) and the API (kept) write the same plan
    if row.answers is None and row.sets:
        # unscreened with loaded work: every door refuses a plan, with the same sentence
        code = main(["plan", "--no-save", "--database", ready.url, "--athlete", ready.name])
        refused = capsys.readouterr().err
        assert code == 2 and "screening" in refused
        answer = ready.browser.api("POST", f"{base}/plan", json={"e1rm": "300lb"})
        assert answer.status_code == 400 and "screening" in answer.text
    else:
        plan_cli = _cli(capsys, ready, "plan", "--no-save", "--e1rm", "140kg")
        plan_api = ready.browser.api("POST", f"{base}/plan", json={"e1rm": "140kg"})
        assert plan_api.status_code == 201, plan_api.text
        body = plan_api.json()
        body.pop("plan_id")
        assert body == plan_cli
        exercises = [
            item for week in body["weeks"] for s in week["sessions"] for item in s["exercises"]
        ]
        if not body["loading_allowed"]:
            assert all(item["load_kg"] is None for item in exercises)
        assert not {item["variation"] for item in exercises} & set(row.absent)
        if row.most_kg is not None:
            assert all((item["load_kg"] or 0) <= row.most_kg for item in exercises)
        assert body["loading_allowed"] == cli["loading_allowed"]

    # log: the same set through the CLI and the API brings the same warnings
    logged_cli = _cli(capsys, ready, "log", "barbell hip thrust", "40kg", "x", "8")
    logged_api = ready.browser.api(
        "POST", f"{base}/sets", json={"exercise": "barbell hip thrust", "load": "40kg", "reps": 8}
    )
    assert logged_api.status_code == 201, logged_api.text
    assert logged_cli["advice"] == logged_api.json()["advice"]
    if not row.loaded:
        assert logged_cli["advice"], "a load the screening does not clear is named at once"

    # progress: the same sessions on the same days
    progress_cli = _cli(capsys, ready, "progress", "--no-chart")
    progress_api = ready.browser.get(f"{base}/progress")
    assert progress_api.status_code == 200
    days_api = [s["day"] for s in progress_api.json()["sessions"]]
    assert [s["day"] for s in progress_cli["sessions"]] == days_api
    if row.time_zone:
        zone = ZoneInfo(row.time_zone)
        expected = (datetime.now(UTC).astimezone(zone) - timedelta(days=9)).date().isoformat()
        assert days_api[0] == expected  # 23:30 in New York is that day, not the next one
