from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hipthrust.cli import main
from hipthrust.service.accounts import authenticate, reset_password, sign_up
from hipthrust.store import open_store, transaction

PASSWORD = "correct horse battery"


def test_reset_link_prints_a_one_time_link_that_sets_a_password(
    _own_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_store(home=_own_data_dir) as store, transaction(store) as session:
        sign_up(session, "ann@example.com", PASSWORD, "athlete", "Ann")
    url = "https://gym.example.org/"
    assert main(["users", "reset-link", "Ann@Example.com", "--url", url]) == 0
    out, err = capsys.readouterr()
    link = out.strip()
    assert link.startswith("https://gym.example.org/reset/") and "\n" not in link
    assert err.startswith("for ann@example.com, once, until ")
    token = link.rsplit("/", 1)[1]
    with open_store(home=_own_data_dir) as store, transaction(store) as session:
        reset_password(session, token, "a brand new secret", datetime.now(UTC))
    with open_store(home=_own_data_dir) as store, transaction(store) as session:
        assert authenticate(session, "ann@example.com", "a brand new secret").email


def test_reset_link_for_an_unknown_account_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "reset-link", "nobody@example.com"]) == 2
    assert capsys.readouterr().err.strip() == "hipthrust: error: nobody@example.com has no account"
    assert main(["users", "reset-link", "ann@example.com", "--url", "gym"]) == 2
    assert "is not a web address" in capsys.readouterr().err
