"""An athlete uploads a real video of a set from the phone and follows it to the report: the
upload, the analysis's progress (run by the real ``hipthrust worker``), then the reps, the
annotated video (H.264 MP4 that Chromium plays) and one tap to log the set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.axe import check_page
from browser.conftest import Phones
from browser.people import athlete_id_of, sign_in, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The real glute bridge clip in shared/data (9.7 s, 720p, five reps). Analysed whole: the
# worker takes about as long as the clip, so there is no need to cut it.
BRIDGE_CLIP = Path("video") / "glute_bridge_bodyweight_side.mp4"
BRIDGE_REPS = 5
ANALYSIS_TIMEOUT_MS = 180_000


def test_upload_a_video_follow_its_progress_and_see_the_report(
    phones: Phones, shared_data: Path
) -> None:
    clip = shared_data / BRIDGE_CLIP
    if not clip.is_file():
        pytest.skip(f"{clip} is not present")
    page = phones.open()
    sign_up(page, "athlete", "Bea Bridge", "bea@example.com")
    athlete = athlete_id_of(page)

    page.get_by_role("link", name="Videos").first.tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/videos$"))
    expect(page.locator("#video-list-empty")).to_be_visible()
    page.select_option("#video-exercise", "glute_bridge")
    page.set_input_files("#video-file", str(clip))
    page.locator("#video-upload-submit").tap()

    # The report page follows the analysis while the worker runs it.
    expect(page).to_have_url(re.compile(r"/videos/\d+$"))
    report = page.locator("#video-report")
    first_status = report.get_attribute("data-status")
    assert first_status in ("pending", "running"), first_status
    expect(page.locator("#analysis-progress")).to_be_visible()
    # The page polls the analysis: the worker takes it (several seconds of work, polled every
    # second, so the running state is seen) and the stage in words follows.
    page.wait_for_function(
        "() => document.getElementById('video-report').dataset.status !== 'pending'",
        timeout=ANALYSIS_TIMEOUT_MS,
    )
    assert report.get_attribute("data-status") == "running"
    expect(page.locator("#analysis-stage")).not_to_have_text(re.compile("^Waiting"))
    phones.screenshot(page, "b1-video-progress")
    check_page(page, "the video report while the analysis runs")

    expect(report).to_have_attribute("data-status", "done", timeout=ANALYSIS_TIMEOUT_MS)
    expect(page.locator("#rep-count strong")).to_have_text(str(BRIDGE_REPS))
    expect(page.locator("#rep-timeline .rep")).to_have_count(BRIDGE_REPS)

    video = page.locator("#annotated-video")
    source = video.get_attribute("src")
    assert source
    answer = page.request.get(source)  # with this person's cookies
    assert answer.status == 200
    assert answer.headers["content-type"] == "video/mp4"
    assert answer.body()[4:8] == b"ftyp"  # an MP4 indeed
    # Chromium reads the annotated video itself: its metadata loads and it lasts the clip.
    page.wait_for_function(
        "() => document.getElementById('annotated-video').readyState >= 1",
        timeout=30_000,
    )
    duration = video.evaluate("element => element.duration")
    assert 9.0 < duration < 10.5
    # ... and decodes it: played (muted), its clock moves on.
    video.evaluate("element => { element.muted = true; return element.play(); }")
    page.wait_for_function(
        "() => document.getElementById('annotated-video').currentTime > 0.5", timeout=30_000
    )
    video.evaluate("element => element.pause()")
    chart = page.locator("#hip-angle-chart")
    expect(chart).to_be_visible()
    assert chart.evaluate("image => image.complete && image.naturalWidth > 0")
    phones.screenshot(page, "b2-video-report")
    check_page(page, "the video report")
    dark = phones.open(color_scheme="dark")  # the same athlete on a phone in dark mode
    sign_in(dark, "bea@example.com")
    dark.goto(page.url)
    expect(dark.locator("#video-report")).to_have_attribute("data-status", "done")
    check_page(dark, "the video report in the dark scheme")

    # One tap logs the set from the report.
    page.locator("#log-set-button").tap()
    expect(page.locator("#logged-set")).to_be_visible()
    check_page(page, "the video report, its set logged")
    page.goto(f"/athletes/{athlete}/videos")
    check_page(page, "the videos list with a video")
    page.goto(f"/athletes/{athlete}/today")
    expect(page.locator("#logged-sets")).to_have_attribute("data-count", "1")
    expect(page.locator("#logged-sets li.logged-set")).to_contain_text(f"bw x {BRIDGE_REPS}")
