"""What no database keeps is refused with one sentence, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hipthrust.errors import InputError
from hipthrust.store import Store, transaction
from hipthrust.store.athletes import AthleteProfile, create_athlete
from hipthrust.store.checks import MAX_ID, unstorable
from hipthrust.store.models import AthleteRow
from hipthrust.store.videos import get_video_analysis


def _athletes(store: Store) -> int:
    with transaction(store) as session:
        return int(session.scalar(select(func.count()).select_from(AthleteRow)) or 0)


@pytest.mark.parametrize(
    ("name", "words"),
    [("Nul\x00Name", "the character U\\+0000"), ("Half\ud800", "a lone surrogate")],
)
def test_a_flushed_row_with_unstorable_text_is_refused(store: Store, name: str, words: str) -> None:
    before = _athletes(store)
    with pytest.raises(InputError, match=words) as refused, transaction(store) as session:
        create_athlete(session, AthleteProfile(name=name))
    assert "cannot contain" in str(refused.value)  # one sentence, whichever check saw it
    assert _athletes(store) == before


def test_a_statement_searching_unstorable_text_is_refused(store: Store) -> None:
    with pytest.raises(InputError, match="U\\+0000"), transaction(store) as session:
        session.execute(select(AthleteRow).where(AthleteRow.name == "a\x00b")).all()


def test_an_id_past_64_bits_is_one_sentence(store: Store) -> None:
    with transaction(store) as session, pytest.raises(InputError) as found:
        get_video_analysis(session, MAX_ID + 1)
    assert "too large" in str(found.value) or "no video" in str(found.value).lower()


def test_what_can_be_stored() -> None:
    assert unstorable("Ann — 100 kg, 🍑") is None
    assert unstorable("a\x00") is not None
    assert unstorable("\udfff") is not None


@pytest.mark.parametrize(
    ("parameters", "words"),
    [
        ([(1, "ok", None)] * 1000 + [(2, "bad\x00", 3.5)], "U\\+0000"),
        ([{"a": "ok"}, {"a": "x\ud800"}], "a lone surrogate"),
        ((1, "a\ud800", "b\x00"), "a lone surrogate"),  # the first unstorable value speaks
        ([(1, ["nested", "de\x00ep"])], "U\\+0000"),  # values that nest: walked one by one
        ({"name": "n\x00"}, "U\\+0000"),
        ("alone\x00", "U\\+0000"),
    ],
)
def test_every_string_of_a_batch_is_checked(parameters: object, words: str) -> None:
    from hipthrust.store.checks import refuse_unstorable_parameters

    with pytest.raises(InputError, match=words):
        refuse_unstorable_parameters(None, None, "INSERT", parameters, None, True)


def test_a_batch_of_storable_rows_passes() -> None:
    from hipthrust.store.checks import refuse_unstorable_parameters

    rows = [(n, f"set {n} — 🍑", None, 2.5, True) for n in range(5000)]
    refuse_unstorable_parameters(None, None, "INSERT", rows, None, True)
    refuse_unstorable_parameters(None, None, "SELECT", {"a": [1, "x"]}, None, False)
