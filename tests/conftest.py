from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def shared_data() -> Path:
    """The real photos and video in ../shared/data; tests using them skip when it is absent."""
    data = SHARED / "data"
    if not (data / "labels.json").is_file():
        pytest.skip("../shared/data is not present")
    return data
