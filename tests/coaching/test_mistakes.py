from __future__ import annotations

import pytest

from hipthrust.coaching.mistakes import MISTAKES, mistakes_felt_in
from hipthrust.coaching.records import FELT_IN


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        # Where the movement is felt points to the mistake (domain.md §2).
        ("hamstrings", {"feet_too_far"}),
        ("quads", {"feet_too_close"}),
        ("lower_back", {"lumbar_hyperextension"}),
        ("glutes", set()),
    ],
)
def test_where_a_set_was_felt_points_to_its_mistake(place: str, expected: set[str]) -> None:
    assert {mistake.id for mistake in mistakes_felt_in(place)} == expected


def test_the_domain_table_is_all_there_with_fixes() -> None:
    domain_table = {
        "lumbar_hyperextension",
        "incomplete_extension",
        "feet_too_far",
        "feet_too_close",
        "neck_extension",
        "wrong_pivot",
        "rushing",
        "too_much_weight",
    }
    assert domain_table <= set(MISTAKES)
    for mistake in MISTAKES.values():
        assert mistake.id == mistake.id.lower() and " " not in mistake.id
        assert mistake.sign.endswith(".") and mistake.fix.endswith(".")
        assert set(mistake.felt_in) <= set(FELT_IN)
        assert mistake.to_json()["fix"] == mistake.fix
