"""What several service test modules share: a clean bridge test's answers."""

from __future__ import annotations

from typing import Any

# Both bridges done well and felt in the glutes: the assessment starts at rung 2 or 3.
CLEAN_BRIDGE_TEST: dict[str, Any] = {
    "two_leg": {"full_extension": True, "reps": 15, "felt_in": ["glutes"]},
    "single_leg": {"left_reps": 12, "right_reps": 12, "felt_in": ["glutes"]},
}
# The same as an answers file with nothing else in it.
CLEAN_TEST: dict[str, Any] = {"bridge_test": CLEAN_BRIDGE_TEST}
