"""Readers' questions (seed 003): every one answered, tagged, and linked to what the app does."""

from __future__ import annotations

import pytest

from hipthrust.coaching.questions import QUESTIONS, SOURCES, answer_for, read_citation
from hipthrust.errors import InputError


def test_every_readers_question_of_seed_003_is_answered() -> None:
    asked = " ".join(answer.question.lower() for answer in QUESTIONS)
    for words in (
        "assess myself",
        "barbell glute bridges before hip thrusts",
        "12-15 / 9-12 / 6-8 / 3-5",
        "hip replacement or a hip resurfacing",
        "tummy tuck and a hernia repair",
        "ovaries or the uterus",
        "pregnancy",
        "hurt my lower back",
        "replaced joint last under heavy loading",
    ):
        assert words in asked, words


def test_each_answer_has_a_tag_sources_and_a_link_to_the_app() -> None:
    assert len({answer.id for answer in QUESTIONS}) == len(QUESTIONS)
    for answer in QUESTIONS:
        assert answer.tag in ("seed", "literature", "design")
        assert answer.sources and answer.answer and answer.links
        assert all(link.command.startswith("hipthrust ") for link in answer.links)


def test_every_source_is_known_by_a_readable_title() -> None:
    for answer in QUESTIONS:
        assert [source.id for source in answer.cited] == list(answer.sources)
    for source in SOURCES.values():
        assert "seed" not in source.title.lower() and "[" not in source.title + source.about
        assert source.anchor.startswith("source-") and " " not in source.anchor


@pytest.mark.parametrize(
    ("tag", "sources", "design"),
    [
        ("seed 002, 003", ["seed 002", "seed 003"], False),
        ("seed 003; design", ["seed 003"], True),
        ("design", [], True),
        ("lit: Finucane 2020, S", ["Finucane 2020"], False),
        ("design, after Silbernagel 2007", ["Silbernagel 2007"], True),
        ("seed 003 readers; lit: Hoorntje 2018, M", ["seed 003", "Hoorntje 2018"], False),
    ],
)
def test_a_coaching_sentences_tag_is_read_as_its_sources(
    tag: str, sources: list[str], design: bool
) -> None:
    citation = read_citation(tag)
    assert citation is not None
    assert [source.id for source in citation.sources] == sources
    assert citation.design is design


@pytest.mark.parametrize("tag", ["seed 009", "lit: Freckleton 2014, M", "1, 2", "e.g. 3-5 s"])
def test_a_bracket_that_names_no_known_source_is_not_read(tag: str) -> None:
    assert read_citation(tag) is None


@pytest.mark.parametrize(
    "question_id",
    ["self_assessment", "hip_replacement", "abdominal_surgery", "bar_pressure", "low_back_hurt"],
)
def test_the_answers_point_to_the_clinician_where_the_method_does(question_id: str) -> None:
    answer = answer_for(question_id)
    assert answer.clinician is not None
    assert any(link.page == "assess" for link in answer.links)  # the screening


def test_the_rotation_answer_offers_the_undulating_plan() -> None:
    answer = answer_for("weekly_rotation")
    assert answer.tag == "literature" and "Grgic 2017" in answer.sources
    assert any("--periodisation undulating" in link.command for link in answer.links)


def test_an_unknown_question_is_one_sentence() -> None:
    with pytest.raises(InputError, match="there is no question 'nope' \\(one of: self_assessment"):
        answer_for("nope")
