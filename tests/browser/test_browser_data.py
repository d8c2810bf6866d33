"""Data in and out on a phone: a Strong export imported through the page (the preview, then
Import), the sets on History; the log downloaded as CSV and the plan as a calendar."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser.conftest import Phones
from browser.people import athlete_id_of, sign_up, take_assessment

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STRONG_EXPORT = (
    Path(__file__).resolve().parents[1] / "formats" / "fixtures" / "strong_comma_duration.csv"
)


def _download(page: Page, link: str) -> tuple[str, str]:
    """The text (line ends as sent) and the suggested file name of what ``link`` downloads."""
    page.wait_for_load_state()
    with page.expect_download() as started:
        page.locator(link).click()
    download = started.value
    path = download.path()
    assert path is not None
    return Path(path).read_bytes().decode("utf-8"), download.suggested_filename


def test_import_a_strong_export_then_download_the_log_and_the_calendar(phones: Phones) -> None:
    page = phones.open()
    sign_up(page, "athlete", "Ida Importer", "ida@example.com")
    expect(page).to_have_url(re.compile(r"/athletes/\d+/today$"))
    athlete = athlete_id_of(page)

    # From History to the import page; choose the file; the preview says what will be added.
    page.goto(f"/athletes/{athlete}/history")
    expect(page.locator("#history-empty")).to_be_visible()
    page.locator("#to-import").tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/import$"))
    page.locator("#import-file").set_input_files(str(STRONG_EXPORT))
    page.locator("#import-preview-button").tap()
    preview = page.locator("#import-preview")
    expect(preview).to_be_visible()
    new = int(preview.get_attribute("data-inserted") or "0")
    assert new > 0
    expect(page.locator("#import-dates")).to_have_text("2024-03-04 to 2024-03-07")
    expect(page.locator("#import-exercises")).to_contain_text("Barbell hip thrust")
    expect(page.locator("#import-skipped")).to_contain_text("Line 5")
    phones.screenshot(page, "d1-import-preview")
    other = page.context.new_page()  # the preview added nothing: History, in another tab
    other.goto(f"/athletes/{athlete}/history")
    expect(other.locator("#history-empty")).to_be_visible()
    other.close()

    page.locator("#import-confirm").tap()
    expect(page.locator("#import-done")).to_contain_text(f"Imported: {new} set(s) added")
    page.locator("#import-done a").tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/history$"))
    rows = page.locator("tr.history-set")
    expect(rows).to_have_count(new)
    expect(page.locator("#history-table")).to_contain_text("2024-03-04")
    expect(page.locator("#history-table")).to_contain_text("Barbell hip thrust")

    # The log as CSV, from History.
    text, name = _download(page, "#history-log-csv")
    assert re.fullmatch(r"hipthrust-log-ida-importer-\d{4}-\d\d-\d\d\.csv", name)
    lines = text.strip().split("\r\n")
    assert lines[0].startswith("date,time,athlete,exercise,")
    assert len(lines) == 1 + new
    assert any(",Barbell hip thrust," in line and ",strong" in line for line in lines[1:])

    # A plan, then the calendar from the Plan page: one event a session, each with a reminder.
    take_assessment(page, athlete)
    page.goto(f"/athletes/{athlete}/plan")
    page.fill("#plan-weeks", "2")
    page.locator("#write-plan-button").tap()
    expect(page.locator("#plan-written")).to_be_visible()
    sessions = page.locator(".plan-week h3").count()
    assert sessions > 0
    calendar, name = _download(page, "#download-calendar")
    assert re.fullmatch(r"hipthrust-plan-ida-importer-\d{4}-\d\d-\d\d\.ics", name)
    assert calendar.startswith("BEGIN:VCALENDAR")
    assert calendar.count("BEGIN:VEVENT") == sessions
    assert calendar.count("BEGIN:VALARM") == sessions
    assert "TRIGGER;RELATED=START:PT7H0M" in calendar
