from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every CLI test gets a fresh data folder: nothing is written to the real user's log."""
    home = tmp_path / "hipthrust-home"
    monkeypatch.setenv("HIPTHRUST_HOME", str(home))
    monkeypatch.delenv("HIPTHRUST_DATABASE_URL", raising=False)
    monkeypatch.delenv("HIPTHRUST_ATHLETE", raising=False)
    return home


@pytest.fixture
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich tables 200 columns wide, so a cell's text is not wrapped across lines."""
    from hipthrust.cli.output import console

    monkeypatch.setattr(console, "width", 200)
