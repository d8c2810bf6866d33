"""Tempo through the use-case layer (issue 16, item 3): typed in the quick syntax or as a
field, from a video's report, stored, and read by the gate and the decision."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hipthrust.coaching.catalogue import variation
from hipthrust.coaching.tempo import Tempo
from hipthrust.errors import InputError
from hipthrust.service.accounts import Actor, sign_up
from hipthrust.service.athlete_portal import log_set_for, next_for, take_assessment
from hipthrust.service.set_entry import SetEntry, read_sets
from hipthrust.service.video_set import video_set
from hipthrust.store import Store, logged_sets, transaction

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def test_the_quick_syntax_and_the_field_read_a_tempo() -> None:
    _, (typed,) = read_sets(SetEntry(words=("glute bridge x 15 1-3-2",)), "kg", NOW)
    assert typed.tempo == Tempo(1, 3, 2)
    _, (word,) = read_sets(SetEntry(words=("glute bridge", "x", "15", "tempo", "1-2-2")), "kg", NOW)
    assert word.tempo == Tempo(1, 2, 2)
    _, (flag,) = read_sets(SetEntry(words=("glute bridge x 15 t1-3-2",), tempo="2-3-3"), "kg", NOW)
    assert flag.tempo == Tempo(2, 3, 3)  # the field wins over the quick syntax
    with pytest.raises(InputError, match="the tempo is given twice"):
        read_sets(SetEntry(words=("glute bridge x 15 1-3-2 1-3-2",)), "kg", NOW)
    with pytest.raises(InputError, match="cannot read the tempo '1-3'"):
        read_sets(SetEntry(words=("glute bridge x 15",), tempo="1-3"), "kg", NOW)


def test_a_videos_set_carries_the_median_tempo_of_its_reps() -> None:
    report = {
        "reps": [
            {"concentric_s": 0.8, "hold_s": 2.9, "eccentric_s": 1.7, "faults": []},
            {"concentric_s": 1.0, "hold_s": 3.1, "eccentric_s": 2.1, "faults": []},
            {"concentric_s": 1.2, "hold_s": float("nan"), "eccentric_s": 2.3, "faults": []},
        ]
    }
    record = video_set(report, variation("glute_bridge"), None, NOW, "set.mp4")
    assert record.tempo == Tempo(1.0, 3.0, 2.1)
    bare = video_set({"reps": [{"faults": []}]}, variation("glute_bridge"), None, NOW, "a.mp4")
    assert bare.tempo is None


WEAK_BRIDGE = {
    "bridge_test": {"two_leg": {"full_extension": False, "reps": 10, "felt_in": ["glutes"]}}
}


def _athlete_on_rung_1(store: Store) -> Actor:
    with transaction(store) as session:
        actor = sign_up(session, "ann@example.com", "a long password", "athlete", "Ann")
        assert actor.athlete_id is not None
        _, current, _ = take_assessment(
            session, actor, actor.athlete_id, WEAK_BRIDGE, NOW - timedelta(days=10)
        )
    assert current is not None and current.result.start_rung == 1
    return actor


def _log(store: Store, actor: Actor, words: str, when: datetime) -> str:
    assert actor.athlete_id is not None
    with transaction(store) as session:
        logged = log_set_for(
            session,
            actor,
            actor.athlete_id,
            SetEntry(words=(words,), hold="3", pain=0, full_extension=True, sets=3),
            when,
        )
    return logged.line


def test_a_logged_tempo_is_stored_and_the_decision_reads_it(store: Store) -> None:
    ann = _athlete_on_rung_1(store)
    assert ann.athlete_id is not None
    first = NOW - timedelta(days=4)
    line = _log(store, ann, "glute bridge x 15 1-3-2", first)
    assert line.endswith("bw x 15, 3 s hold, tempo 1-3-2, pain 0.")
    _log(store, ann, "glute bridge x 15 1-3-0.5", NOW - timedelta(days=1))
    with transaction(store) as session:
        stored = logged_sets(session, ann.athlete_id)
        assert [s.record.tempo for s in stored][-1] == Tempo(1, 3, 0.5)
        rushed = next_for(session, ann, ann.athlete_id, NOW)
    reasons = " ".join(rushed.decision.reasons)
    assert rushed.decision.kind.value == "hold"
    assert "Needs the tempo 1-3-2" in reasons
    assert "Tempo: the last session logged 1-3-0.5 for glute bridge" in reasons
    assert "lower under control" in reasons

    _log(store, ann, "glute bridge x 15 1-3-2", NOW)
    with transaction(store) as session:
        steady = next_for(session, ann, ann.athlete_id, NOW + timedelta(days=1))
    assert steady.decision.kind.value == "hold"  # the rushed session is one of the last two
    _log(store, ann, "glute bridge x 15 1-3-2", NOW + timedelta(days=2))
    with transaction(store) as session:
        moved = next_for(session, ann, ann.athlete_id, NOW + timedelta(days=3))
    assert moved.decision.kind.value == "advance" and moved.decision.rung == 2
    assert any(r.startswith("The tempo 1-3-2") for r in moved.decision.reasons)
