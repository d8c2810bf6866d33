"""Phone screenshots of the web app for docs/web.md: one command, run on demand.

    .venv/bin/python docs/screenshots.py            # writes docs/screenshots/*.png

It starts the real ``hipthrust serve`` and ``hipthrust worker`` over a new, empty data folder
(deleted afterwards), makes a demo coach and a demo athlete through the pages (sign up, the
invitation, the assessment, two weeks of sets and check-ins logged back-dated), then saves
390x844 screenshots of the main pages with Debian's Chromium (/usr/bin/chromium), in the light
scheme and a few in the dark one. The video report is of a clip made on the spot: our own
mannequin doing three glute bridges (tests/video/clips.py), analysed by the real worker, so no
third-party footage ends up in the pictures (``--video FILE`` uses another clip: only one you
may publish; ``--no-video`` leaves the report out).

Nothing here is part of the test run; the tests' own helpers (tests/browser) drive the pages.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "testkit")]

from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright  # noqa: E402

from browser.live import live_site, phone_context  # noqa: E402
from browser.people import (  # noqa: E402
    accept_invitation,
    invite_an_athlete,
    sign_up,
    take_assessment,
)

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
TIMEOUT_MS = 30_000


@contextmanager
def running_site(home: Path) -> Iterator[str]:
    """``hipthrust serve`` and ``hipthrust worker`` over ``home``; yields the address."""
    with live_site(home, home, "screenshots", 60, 10) as live:
        yield live.url


def phone(browser: Browser, url: str, scheme: str = "light") -> Page:
    return phone_context(browser, url, scheme, 1, TIMEOUT_MS).new_page()  # type: ignore[arg-type]


def shoot(page: Page, name: str, show: Locator | None = None) -> None:
    """The phone's screen (390x844) as docs/screenshots/NAME.png, from the top or at ``show``."""
    if show is None:
        page.evaluate("() => window.scrollTo(0, 0)")
    else:
        show.scroll_into_view_if_needed()
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path))  # the phone's screen: 390x844
    print(f"  {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")


def log_sessions(page: Page, athlete: int) -> None:
    """Two weeks of training logged back-dated through Today's form, and check-ins."""
    now = datetime.now(UTC)
    for days_ago, reps, pain in ((12, 10, 2), (9, 11, 1), (6, 12, 1), (3, 13, 0), (1, 14, 0)):
        page.goto(f"/athletes/{athlete}/today")
        card = page.locator("section.exercise").first
        variation = card.get_attribute("data-variation") or ""
        single_leg = card.locator("input[name=right]").count() > 0
        when = (now - timedelta(days=days_ago)).strftime("%Y-%m-%dT09:00")
        for _ in range(2):
            page.select_option("#other-exercise", variation)
            page.fill("#other-reps", str(reps))
            if single_leg:
                page.fill("#other-right", str(reps))
            page.fill("#other-at", when)
            page.fill("#other-pain", str(pain))
            page.locator("#log-other").tap()
            expect(page).to_have_url(re.compile(r"\?logged=1$"))
    page.goto(f"/athletes/{athlete}/checkin")
    page.locator("#pain-0").tap()
    expect(page.locator("#checkin-saved")).to_be_visible()


def mannequin_clip(folder: Path) -> Path:
    """Three glute bridges by the test kit's mannequin, filmed as an MP4 (ours to publish)."""
    from video.clips import film, rendered_set  # PyAV and the test kit: loaded only here

    return film(folder / "glute-bridge.mp4", rendered_set(reps=3, width=960, height=540))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--video", type=Path, help="a glute bridge clip you may publish")
    parser.add_argument("--no-video", action="store_true", help="leave the video report out")
    args = parser.parse_args()
    if args.video is not None and not args.video.is_file():
        print(f"{args.video}: no such file", file=sys.stderr)
        return 1
    if not os.access(CHROMIUM, os.X_OK):
        print(f"{CHROMIUM} is not installed (apt-get install chromium)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="hipthrust-shots-") as folder,
        running_site(Path(folder)) as url,
    ):
        os.environ["TMPDIR"] = folder  # Chromium's profile goes there too, and goes with it
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
            )
            expect.set_options(timeout=TIMEOUT_MS)
            print(f"demo site {url}; screenshots to {OUT.relative_to(ROOT)}/")
            coach = phone(browser, url)
            sign_up(coach, "coach", "Cora Coach", "cora@example.com")
            link = invite_an_athlete(coach)

            page = phone(browser, url)
            athlete = accept_invitation(page, "Ann Lifter", "ann@example.com", link, "Cora Coach")

            # The assessment's knee-hug step, then the result (answered by comparison).
            page.goto(f"/athletes/{athlete}/assess")
            while page.locator("#assess").get_attribute("data-step") != "knee_hug":
                if page.locator("#assess").get_attribute("data-step") == "pain":
                    page.locator("#pain-now label.pick", has_text=re.compile(r"^0$")).tap()
                with page.expect_navigation():
                    page.locator("#assess-next").tap()
            page.locator("#hug_compared_left-a_bit_lower").check()
            page.locator("#hug_compared_right-same").check()
            shoot(page, "assess-knee-hug-step")
            take_assessment(page, athlete, knee_hug=("a_bit_lower", "same"))
            shoot(page, "assess-result")

            page.goto(f"/athletes/{athlete}/plan")
            page.locator("#write-plan-button").tap()
            expect(page.locator("#plan-written")).to_be_visible()
            log_sessions(page, athlete)
            page.goto(f"/athletes/{athlete}/today")
            shoot(page, "today")
            page.goto(f"/athletes/{athlete}/plan")
            shoot(page, "plan")
            page.goto(f"/athletes/{athlete}/history")
            expect(page.locator("#progress-chart")).to_have_attribute("data-rendered", "true")
            shoot(page, "history", page.locator("#progress-chart"))
            page.goto(f"/athletes/{athlete}/settings")
            shoot(page, "settings")

            page.goto("/exercises/hip_thrust")
            shoot(page, "how-to", page.locator("#positions"))

            coach.goto("/coach")
            shoot(coach, "coach-dashboard")
            # The coach's comment on a set, and the athlete reading it on Today.
            coach.goto(f"/athletes/{athlete}/history")
            row = coach.locator("tr.history-set").first
            row.get_by_text("Comment on this set").tap()
            row.get_by_label("Your comment").fill("Good depth. Keep the chin tucked on the way up.")
            row.get_by_role("button", name="Send to the athlete").tap()
            expect(coach.locator("tr.history-set .comment-text").first).to_be_visible()
            shoot(coach, "coach-comment-on-history", coach.locator("tr.history-set .comment").first)
            page.goto(f"/athletes/{athlete}/today")
            shoot(page, "athlete-today-coach-comment", page.locator("#coach-comments"))

            dark = phone(browser, url, "dark")
            dark.goto("/login")
            dark.fill("#email", "ann@example.com")
            dark.fill("#password", "correct horse battery staple")
            dark.get_by_role("button", name="Sign in").tap()
            expect(dark).to_have_url(re.compile(r"/today$"))
            shoot(dark, "today-dark")
            dark.goto(f"/athletes/{athlete}/history")
            expect(dark.locator("#progress-chart")).to_have_attribute("data-rendered", "true")
            shoot(dark, "history-dark", dark.locator("#progress-chart"))

            if not args.no_video:
                clip = args.video or mannequin_clip(Path(folder))
                page.goto(f"/athletes/{athlete}/videos")
                page.select_option("#video-exercise", "glute_bridge")
                page.set_input_files("#video-file", str(clip))
                page.locator("#video-upload-submit").tap()
                report = page.locator("#video-report")
                expect(report).to_have_attribute("data-status", "done", timeout=300_000)
                shoot(page, "video-report")
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
