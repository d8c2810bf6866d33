from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from hipthrust.cli import main
from hipthrust.service.accounts import sign_up
from hipthrust.service.comments import add_comment
from hipthrust.store import get_athlete, logged_sets, open_store, transaction
from hipthrust.store.accounts import link_coach

NOW = datetime(2024, 3, 8, 9, 0, tzinfo=UTC)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.usefixtures("wide_console")
def test_the_coach_s_comments_are_listed_for_the_local_athlete(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(capsys, "log", "barbell hip thrust 100kg x 8", "--date", "2024-03-07")[0] == 0
    assert run(capsys, "comments")[1].strip() == "No comments for me yet."
    with open_store(None) as store, transaction(store) as session:
        me = get_athlete(session, "me")
        assert me is not None
        coach = sign_up(session, "cora@example.com", "correct horse battery", "coach", "Cora")
        link_coach(session, coach.user_id, me.id)
        (logged,) = logged_sets(session, me.id)
        add_comment(
            session, coach, me.id, target="set", set_id=logged.id, text="[b]Nice[/b] <i>", now=NOW
        )
        add_comment(session, coach, me.id, target="day", day="2024-03-01", text="Rest", now=NOW)
    code, out, err = run(capsys, "comments")
    assert (code, err) == (0, "")
    assert "[b]Nice[/b] <i>" in out  # printed as typed, not as markup
    assert "Cora, Fri 8 Mar, 09:00" in out
    code, out, _ = run(capsys, "comments", "--since", "2024-03-05", "--json")
    data = json.loads(out)
    assert [c["text"] for c in data["comments"]] == ["[b]Nice[/b] <i>"]
    assert data["comments"][0]["set_id"] == logged.id
    code, _, err = run(capsys, "comments", "--since", "yesterday")
    assert code != 0 and "--since" in err
