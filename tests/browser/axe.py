"""Accessibility checks in the browser tests: axe-core (from the npm registry) run in the page.

``npm ci`` at the repository's root installs axe-core (pinned in package.json and
package-lock.json) under node_modules/; ``check_page(page, "what")`` injects
node_modules/axe-core/axe.min.js into the Playwright page, runs ``axe.run`` on the whole
document and fails with a readable list when any violation has the impact "serious" or
"critical" (contrast, a field without a label, a button without a name, ...). Without
node_modules/axe-core the checks skip with the command that installs it (and fail when
CI=true, as the Chromium check does).

The app's Content-Security-Policy allows scripts from the app only ('self'), so a <script> tag
with axe's source would be refused: the source is evaluated through the browser's debugging
protocol instead, which the policy does not govern, and the page keeps its policy.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

__all__ = ["AXE_SCRIPT", "BLOCKING", "check_page", "violations_of"]

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
# What axe checks: WCAG 2.0-2.2 A and AA, and its best practices (landmarks, headings, ...).
RUN_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@cache
def _axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        reason = f"{AXE_SCRIPT} is missing: run `npm ci` at the repository's root"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)  # CI installs it: missing there is a broken build
        pytest.skip(reason)
    return AXE_SCRIPT.read_text(encoding="utf-8")


def violations_of(page: Page) -> list[dict[str, Any]]:
    """Every axe violation on the page as it is now (all impacts)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    found: list[dict[str, Any]] = page.evaluate(
        "async options => (await axe.run(document, options)).violations", RUN_OPTIONS
    )
    return found


def _describe(violation: dict[str, Any]) -> str:
    lines = [
        f"- {violation['impact']}: {violation['id']}: {violation['help']} ({violation['helpUrl']})"
    ]
    for node in violation["nodes"][:6]:
        target = " ".join(str(part) for part in node["target"])
        summary = (node.get("failureSummary") or "").replace("\n", " ")
        lines.append(f"    at {target}: {summary[:300]}")
    if len(violation["nodes"]) > 6:
        lines.append(f"    ... and {len(violation['nodes']) - 6} more")
    return "\n".join(lines)


def check_page(page: Page, what: str) -> None:
    """Fail when axe finds a serious or critical violation on ``page`` (``what`` names it)."""
    page.wait_for_load_state()
    blocking = [v for v in violations_of(page) if v.get("impact") in BLOCKING]
    if blocking:
        scheme = page.evaluate(
            "() => matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'"
        )
        details = "\n".join(_describe(v) for v in blocking)
        raise AssertionError(
            f"axe-core: {len(blocking)} serious or critical accessibility problem(s) on {what} "
            f"({page.url}, {scheme} scheme):\n{details}"
        )
