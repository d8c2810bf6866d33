"""Browser tests: Playwright driving Debian's Chromium against the real server and worker.

One server (``hipthrust serve``) and one worker (``hipthrust worker``) run for the whole session
over a new data folder (SQLite, the embedded job queue). Each person in a test gets a fresh
browser context (their own cookies) on a phone-sized screen with touch. Chromium is never
downloaded: without /usr/bin/chromium the tests skip, and fail when CI=true.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    expect,
    sync_playwright,
)

from browser.live import Running, live_site, phone_context

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SECRET_KEY = "browser-tests-secret-key"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
ACTION_TIMEOUT_MS = 15_000

expect.set_options(timeout=ACTION_TIMEOUT_MS)  # a loaded 2-core machine is slow to answer


@dataclass(frozen=True)
class Site:
    """The running app: its address, its data folder and where screenshots go."""

    url: str
    home: Path
    shots: Path
    server: Running
    worker: Running

    def logs(self) -> str:
        return f"--- server log\n{self.server.output()}\n--- worker log\n{self.worker.output()}"


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    """Debian's Chromium; skipped when it is not installed, a failure when CI=true."""
    if not os.access(CHROMIUM, os.X_OK):
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def site(chromium_executable: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """``hipthrust serve`` on a free loopback port and ``hipthrust worker``, over a new folder."""
    root = tmp_path_factory.mktemp("site")
    home, shots = root / "home", root / "screenshots"
    home.mkdir()
    shots.mkdir()
    with live_site(home, root, SECRET_KEY, START_TIMEOUT_S, STOP_TIMEOUT_S) as live:
        yield Site(live.url, home, shots, live.server, live.worker)


@pytest.fixture(scope="session")
def chromium(
    chromium_executable: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    """One headless Chromium for the session; its profile is a new, empty folder of our own."""
    profiles = tmp_path_factory.mktemp("chromium")
    # Playwright makes the browser's user-data folder under the driver's temporary folder:
    # point it at ours, so the profile is new and empty and nothing is left behind.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(profiles))
        playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_executable), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@dataclass
class Phones:
    """People on phones: ``phones.open()`` is a new person (own cookies) on a 390x844 screen."""

    chromium: Browser
    site: Site
    contexts: list[BrowserContext] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)  # pages a test expects to be refused

    def open(self, color_scheme: Literal["light", "dark"] = "light") -> Page:
        """A new person; ``color_scheme`` is their system's setting (dark mode)."""
        context = phone_context(self.chromium, self.site.url, color_scheme, 2, ACTION_TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        return page

    def _console(self, message: ConsoleMessage) -> None:
        url = message.location.get("url", "")
        if message.type != "error" or url.endswith("/favicon.ico"):
            return
        if url in self.refused and message.text.startswith("Failed to load resource"):
            return
        self.problems.append(f"console error at {url}: {message.text}")

    def open_refused(self, page: Page, path: str) -> int:
        """Open ``path`` expecting a refusal; the status the server answered."""
        self.refused.add(self.site.url + path)
        answer = page.goto(path)
        assert answer is not None
        return answer.status

    def screenshot(self, page: Page, name: str) -> Path:
        """The whole page as a PNG in the session's screenshot folder."""
        path = self.site.shots / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def phones(chromium: Browser, site: Site) -> Iterator[Phones]:
    made = Phones(chromium, site)
    yield made
    for context in made.contexts:
        context.close()
    # Scripts blocked by the Content-Security-Policy, or failing, show up here.
    assert not made.problems, "\n".join(made.problems)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failing browser test shows what the server and the worker said."""
    report = yield
    running = getattr(item, "funcargs", {}).get("site")
    if report.failed and isinstance(running, Site):
        report.sections.append(("hipthrust serve and worker", running.logs()))
    return report
