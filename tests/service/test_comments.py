from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from hipthrust.coaching.records import SetRecord
from hipthrust.errors import AccessDenied, InputError
from hipthrust.service.accounts import Actor, accept_invitation, invite, sign_up
from hipthrust.service.comments import (
    MAX_COMMENT_CHARS,
    add_comment,
    comments_for,
    recent_comments,
)
from hipthrust.service.corrections import delete_set_for
from hipthrust.store import Store, add_video_analysis, log_set, transaction
from hipthrust.store.athletes import athlete_by_id, update_athlete

NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def cast(store: Store) -> dict[str, Actor]:
    """Bea (coached by Cora), Ann (coached by Dan)."""
    made: dict[str, Actor] = {}
    with transaction(store) as session:
        for name, role in (
            ("bea", "athlete"),
            ("ann", "athlete"),
            ("cora", "coach"),
            ("dan", "coach"),
        ):
            made[name] = sign_up(session, f"{name}@example.com", PASSWORD, role, name.title())
        for coach, athlete in (("cora", "bea"), ("dan", "ann")):
            token = invite(session, made[coach], NOW - timedelta(days=30)).token
            accept_invitation(session, made[athlete], token, NOW - timedelta(days=30))
    return made


def a_set(store: Store, actor: Actor, at: datetime) -> int:
    assert actor.athlete_id is not None
    with transaction(store) as session:
        record = SetRecord(at, "barbell_hip_thrust", 8, load_kg=80.0, pain=1)
        return log_set(session, actor.athlete_id, record, source="web")


def test_a_coach_comments_on_a_set_a_video_and_a_day_and_the_athlete_reads_them(
    store: Store, cast: dict[str, Actor]
) -> None:
    bea, cora = cast["bea"], cast["cora"]
    assert bea.athlete_id is not None
    set_id = a_set(store, bea, NOW - timedelta(days=1, hours=1))
    with transaction(store) as session:
        video = add_video_analysis(session, bea.athlete_id, "set.mp4").id
        on_set = add_comment(
            session,
            cora,
            bea.athlete_id,
            target="set",
            set_id=set_id,
            text="  Drive through the heels.\n",
            now=NOW,
        )
        add_comment(
            session,
            cora,
            bea.athlete_id,
            target="video",
            analysis_id=video,
            text="Chin tucked: good.",
            now=NOW,
        )
        add_comment(
            session,
            cora,
            bea.athlete_id,
            target="day",
            day="2026-11-30",
            text="Rest well.",
            now=NOW,
        )
    assert on_set.text == "Drive through the heels."  # stripped
    assert (on_set.day, on_set.author) == (date(2026, 12, 2), "Cora")
    with transaction(store) as session:
        read = comments_for(session, bea, bea.athlete_id)
        assert [c.text for c in read.on_set(set_id)] == ["Drive through the heels."]
        assert [c.text for c in read.on_video(video)] == ["Chin tucked: good."]
        assert [c.text for c in read.on_day("2026-11-30")] == ["Rest well."]
        # The set's comment is beside the set when it is shown, else with its day.
        assert read.on_day(date(2026, 12, 2), frozenset({set_id})) == ()
        assert [c.target for c in read.on_day(date(2026, 12, 2))] == ["set"]
        ranged = comments_for(session, bea, bea.athlete_id, since=date(2026, 12, 1))
        assert [c.target for c in ranged.items] == ["set", "video"]
        latest = recent_comments(session, bea, bea.athlete_id, NOW)
        assert [c.text for c in latest] == [  # the newest first
            "Rest well.",
            "Chin tucked: good.",
            "Drive through the heels.",
        ]
        assert read.to_json()["comments"][0]["author"] == "Cora"


def test_times_and_days_are_the_athlete_s(store: Store, cast: dict[str, Actor]) -> None:
    bea, cora = cast["bea"], cast["cora"]
    assert bea.athlete_id is not None
    with transaction(store) as session:
        athlete = athlete_by_id(session, bea.athlete_id)
        assert athlete is not None
        update_athlete(session, athlete.id, replace(athlete, time_zone="Pacific/Auckland"))
    # 23:30 UTC on 2 Dec is 12:30 on 3 Dec in Auckland (UTC+13): the set is on the 3rd there.
    set_id = a_set(store, bea, datetime(2026, 12, 2, 23, 30, tzinfo=UTC))
    with transaction(store) as session:
        made = add_comment(
            session, cora, bea.athlete_id, target="set", set_id=set_id, text="Nice", now=NOW
        )
    assert made.day == date(2026, 12, 3)
    assert made.local_at.utcoffset() == timedelta(hours=13)
    assert made.when == "Fri 4 Dec, 07:00"
    assert made.to_json()["created_at"] == "2026-12-04T07:00:00+13:00"


def test_only_the_athlete_s_coach_comments(store: Store, cast: dict[str, Actor]) -> None:
    bea, cora, dan, ann = cast["bea"], cast["cora"], cast["dan"], cast["ann"]
    assert bea.athlete_id is not None
    set_id = a_set(store, bea, NOW - timedelta(hours=3))
    for who in (bea, dan, ann):  # the athlete herself, another coach, another athlete
        with transaction(store) as session, pytest.raises(AccessDenied):
            add_comment(
                session, who, bea.athlete_id, target="set", set_id=set_id, text="x", now=NOW
            )
    with transaction(store) as session, pytest.raises(AccessDenied):
        comments_for(session, dan, bea.athlete_id)
    with transaction(store) as session:
        assert comments_for(session, cora, bea.athlete_id).items == ()


def test_what_a_comment_refuses(store: Store, cast: dict[str, Actor]) -> None:
    bea, cora, ann = cast["bea"], cast["cora"], cast["ann"]
    assert bea.athlete_id is not None
    other_set = a_set(store, ann, NOW - timedelta(hours=3))  # Ann's set, not Bea's
    cases = [
        ({"target": "set", "set_id": other_set, "text": "x"}, "no set with id"),
        ({"target": "set", "text": "x"}, "name the set"),
        ({"target": "video", "analysis_id": 999, "text": "x"}, "no video with id"),
        ({"target": "day", "day": "2026-12-04", "text": "x"}, "still to come"),
        ({"target": "day", "day": "yesterday", "text": "x"}, "cannot read"),
        ({"target": "day", "day": "2026-12-01", "text": "   "}, "empty"),
        ({"target": "day", "day": "2026-12-01", "text": "y" * (MAX_COMMENT_CHARS + 1)}, "too long"),
        ({"target": "plan", "text": "x"}, "unknown target"),
    ]
    for fields, words in cases:
        with transaction(store) as session, pytest.raises(InputError, match=words):
            add_comment(session, cora, bea.athlete_id, now=NOW, **fields)  # type: ignore[arg-type]
    with transaction(store) as session:
        assert comments_for(session, cora, bea.athlete_id).items == ()


def test_a_comment_stays_on_its_day_when_its_set_is_removed(
    store: Store, cast: dict[str, Actor]
) -> None:
    bea, cora = cast["bea"], cast["cora"]
    assert bea.athlete_id is not None
    set_id = a_set(store, bea, NOW - timedelta(hours=3))
    with transaction(store) as session:
        add_comment(
            session,
            cora,
            bea.athlete_id,
            target="set",
            set_id=set_id,
            text="Watch the knees",
            now=NOW,
        )
    with transaction(store) as session:
        delete_set_for(session, bea, bea.athlete_id, set_id, NOW)
    with transaction(store) as session:
        (kept,) = comments_for(session, bea, bea.athlete_id).on_day(NOW.date())
    assert (kept.text, kept.target, kept.set_id) == ("Watch the knees", "set", None)
