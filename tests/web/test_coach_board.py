"""The coach's dashboard on the web: sort, filter and search without JavaScript, the API's
twin with the same parameters, and revoking an invitation not yet accepted."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI

from hipthrust.coaching.records import SetRecord
from hipthrust.store import log_set, transaction
from web.browsers import Browser, People
from web.test_coach import link


def _trained(app: FastAPI, athlete: Browser, days_ago: int, pain: int = 1) -> None:
    assert athlete.actor is not None and athlete.actor.athlete_id is not None
    at = datetime.now(UTC) - timedelta(days=days_ago)
    with transaction(app.state.store) as session:
        record = SetRecord(at, "barbell_hip_thrust", 8, load_kg=80.0, pain=pain)
        log_set(session, athlete.actor.athlete_id, record, source="web")


def _names(page: str) -> list[str]:
    return re.findall(
        r'<section class="card athlete" id="athlete-\d+" data-name="[^"]*">\s*<h2>([^<]*)</h2>',
        page,
    )


def test_sort_filter_and_search_work_without_javascript(people: People, app: FastAPI) -> None:
    cora = people.coach("Cora")
    crew = {name: people.athlete(name) for name in ("Zoe-Park", "Amy-Lee", "Ben-Park")}
    for athlete in crew.values():
        link(app, cora, athlete)
    _trained(app, crew["Zoe-Park"], 1, pain=7)
    _trained(app, crew["Amy-Lee"], 10)
    _trained(app, crew["Ben-Park"], 2)
    page = cora.get("/coach").text
    assert _names(page) == ["Zoe-Park", "Amy-Lee", "Ben-Park"]
    assert 'id="board-controls"' in page and 'name="sort"' in page and 'name="q"' in page
    assert _names(cora.get("/coach?sort=name").text) == ["Amy-Lee", "Ben-Park", "Zoe-Park"]
    assert _names(cora.get("/coach?sort=last_trained").text) == ["Amy-Lee", "Ben-Park", "Zoe-Park"]
    assert _names(cora.get("/coach?filter=inactive").text) == ["Amy-Lee"]
    assert _names(cora.get("/coach?filter=pain").text) == ["Zoe-Park"]
    searched = cora.get("/coach?q=park&sort=name").text
    assert _names(searched) == ["Ben-Park", "Zoe-Park"]
    assert "Showing 2 of 3 athletes." in searched
    assert 'value="park"' in searched and '<option value="name" selected>' in searched
    assert "No athlete matches" in cora.get("/coach?q=nobody").text
    # Each card: the rung and the next decision in words.
    assert re.search(r'id="standing-\d+"><strong>Rung \d+</strong>', page)
    # The API takes the same parameters.
    api = cora.get("/api/v1/coach/dashboard?q=PARK&sort=name").json()
    assert [c["name"] for c in api["athletes"]] == ["Ben-Park", "Zoe-Park"]
    assert (api["total"], api["sort"], api["q"]) == (3, "name", "PARK")
    assert api["athletes"][0]["standing"]["words"].startswith("Next session on rung ")
    bad = cora.get("/api/v1/coach/dashboard?sort=age")
    assert bad.status_code == 400 and "unknown sort" in bad.json()["detail"]
    assert cora.get("/coach?filter=happy").status_code == 400


def test_a_revoked_invitation_link_no_longer_works(people: People, app: FastAPI) -> None:
    cora, dan, bea = people.coach("Cora"), people.coach("Dan"), people.athlete("Bea")
    made = cora.post_form("/coach/invitations")
    start = made.text.index('value="http://testserver/invite/') + len('value="http://testserver')
    path = made.text[start : made.text.index('"', start)]
    cora.post_form("/coach/invitations")  # a second, kept
    invitations = cora.get("/api/v1/coach/dashboard").json()["invitations"]
    assert len(invitations) == 2
    oldest = invitations[-1]["id"]
    page = cora.get("/coach").text
    assert f'action="/coach/invitations/{oldest}/revoke"' in page
    # Not Dan's to revoke, nor an athlete's.
    assert dan.post_form(f"/coach/invitations/{oldest}/revoke").status_code == 403
    assert dan.api("DELETE", f"/api/v1/coach/invitations/{oldest}").status_code == 403
    assert bea.api("DELETE", f"/api/v1/coach/invitations/{oldest}").status_code == 403
    revoked = cora.post_form(f"/coach/invitations/{oldest}/revoke")
    assert (
        revoked.status_code == 303 and revoked.headers["location"] == "/coach?revoked=1#invitations"
    )
    assert "that link no longer works" in cora.get("/coach?revoked=1").text
    assert [i["id"] for i in cora.get("/api/v1/coach/dashboard").json()["invitations"]] != [oldest]
    # The link is dead: Bea cannot accept it, and is linked to nobody.
    assert "not known" in bea.get(path).text
    accepted = bea.post_form(path)
    assert accepted.status_code == 400 and "not known" in accepted.text
    assert cora.get("/api/v1/coach/dashboard").json()["athletes"] == []
    # The API's twin revokes the other; a second time there is none.
    other = cora.get("/api/v1/coach/dashboard").json()["invitations"][0]["id"]
    assert cora.api("DELETE", f"/api/v1/coach/invitations/{other}").status_code == 204
    assert cora.api("DELETE", f"/api/v1/coach/invitations/{other}").status_code == 403
    assert "None: every invitation" in cora.get("/coach").text
