"""On a phone: open how to do an exercise from Today (cues and the two position pictures), and
download the handout from the plan page (a PDF with the athlete's name)."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from browser.conftest import Phones
from browser.people import athlete_id_of, sign_up, take_assessment

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_open_the_how_to_from_today_and_see_the_cues_and_pictures(phones: Phones) -> None:
    page = phones.open()
    sign_up(page, "athlete", "Hana", "hana@example.com")
    athlete = athlete_id_of(page)
    take_assessment(page, athlete)
    page.goto(f"/athletes/{athlete}/today")
    card = page.locator("section.exercise").first
    name = card.locator("h2").inner_text()
    card.get_by_role("link", name=re.compile("How to do it")).tap()
    expect(page).to_have_url(re.compile(r"/exercises/\w+\?athlete=\d+$"))
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("#how-setup li").first).to_be_visible()
    expect(page.locator("#how-execution li").first).to_contain_text("push through the heels")
    expect(page.locator("#how-mistakes .mistake").first).to_contain_text("Fix:")
    pictures = page.get_by_role(
        "img", name=re.compile(rf"^{re.escape(name)}: (bottom|top) position")
    )
    expect(pictures).to_have_count(2)
    for index in range(2):
        picture = pictures.nth(index)
        expect(picture).to_be_visible()
        box = picture.bounding_box()
        assert box is not None and box["width"] >= 150 and box["height"] >= 70
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # fits the phone
    phones.screenshot(page, "h1-how-to")
    page.locator("#back-to-today").tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/today$"))


def test_download_the_handout_from_the_plan_page(phones: Phones) -> None:
    page = phones.open()
    sign_up(page, "athlete", "Ines Handout", "ines@example.com")
    athlete = athlete_id_of(page)
    take_assessment(page, athlete)
    page.goto(f"/athletes/{athlete}/plan")
    page.fill("#plan-weeks", "3")
    page.locator("#write-plan-button").tap()
    expect(page.locator("#plan-written")).to_be_visible()
    link = page.locator("#plan-handout")
    expect(link).to_be_visible()
    with page.expect_download() as started:
        link.tap()
    download = started.value
    assert download.suggested_filename == "hip-thrust-plan-ines-handout.pdf"
    path = download.path()
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "For Ines Handout." in text
    assert "Pain diary" in text and "How to do them well" in text
