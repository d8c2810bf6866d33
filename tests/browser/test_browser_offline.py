"""No signal on the gym floor: Today and the plan open from the service worker's copy, a set
logged offline is queued in the browser and sent when the signal returns, and it is stored
exactly once, even when the queue sends it a second time (an answer lost on the way back).
Online, a logged set lands the page on the next set's card, not at the top."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from browser.conftest import Phones
from browser.people import athlete_id_of, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.slow]

_KEPT_PAGES = """
() => caches.open("hipthrust-pages-v1")
  .then((cache) => cache.keys())
  .then((keys) => keys.map((request) => new URL(request.url).pathname))
"""
_QUEUE = """
() => new Promise((resolve, reject) => {
  const opening = indexedDB.open("hipthrust-offline", 1);
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const read = opening.result.transaction("queued-sets").objectStore("queued-sets").getAll();
    read.onsuccess = () => { opening.result.close(); resolve(read.result); };
  };
})
"""
_PUT_BACK = """
(item) => new Promise((resolve, reject) => {
  const opening = indexedDB.open("hipthrust-offline", 1);
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const tx = opening.result.transaction("queued-sets", "readwrite");
    tx.objectStore("queued-sets").put(item);
    tx.oncomplete = () => { opening.result.close(); resolve(true); };
  };
})
"""


def _sets_stored(page: Page, athlete: int) -> list[dict[str, Any]]:
    answer = page.request.get(f"/api/v1/athletes/{athlete}/sets")
    assert answer.ok, answer.text()
    return [item for day in answer.json()["days"] for item in day["sets"]]


def _controlled_and_kept(page: Page, athlete: int) -> None:
    """Wait for the service worker, then open Today and the plan once more through it, so
    that it keeps a copy of each."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.goto(f"/athletes/{athlete}/plan")
    page.goto(f"/athletes/{athlete}/today")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    wanted = {f"/athletes/{athlete}/today", f"/athletes/{athlete}/plan"}
    page.wait_for_function(
        f"() => ({_KEPT_PAGES})().then((paths) => "
        f"{sorted(wanted)!r}.every((path) => paths.includes(path)))"
    )


def test_a_set_logged_offline_is_queued_then_stored_exactly_once(phones: Phones) -> None:
    page = phones.open()
    sign_up(page, "athlete", "Olive Offline", "olive@example.com")
    expect(page).to_have_url(re.compile(r"/athletes/\d+/today$"))
    athlete = athlete_id_of(page)
    _controlled_and_kept(page, athlete)
    first = page.locator("section.exercise").first
    variation = first.get_attribute("data-variation") or ""
    assert variation

    # The signal goes: log the first exercise's set with its own form.
    page.context.set_offline(True)
    page.fill("#set-1-reps", "9")
    page.locator("#exercise-1 label.pick", has_text=re.compile(r"^1$")).first.tap()
    page.locator("#log-1").tap()
    status = page.locator("#offline-status")
    expect(status).to_contain_text("Queued, will send when online: 1 set")
    expect(status).to_have_attribute("data-queued", "1")
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/today$"))  # nothing was posted
    phones.screenshot(page, "o1-set-queued-offline")
    [queued] = page.evaluate(_QUEUE)
    assert queued["athlete"] == athlete and queued["set"]["exercise"] == variation
    assert queued["set"]["reps"] == 9 and queued["set"]["pain"] == 1
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", queued["key"]
    )

    # Still offline, Today opens again (the kept copy says from when) with the queue shown.
    page.reload()
    copy = page.locator("#offline-copy")
    expect(copy).to_be_visible()
    expect(copy).to_contain_text(re.compile(r"Offline — showing the copy from \d\d:\d\d"))
    expect(page.locator("section.exercise").first).to_have_attribute("data-variation", variation)
    expect(page.locator("#offline-status")).to_have_attribute("data-queued", "1")
    phones.screenshot(page, "o2-today-offline-copy")
    page.goto(f"/athletes/{athlete}/plan")
    expect(page.locator("#offline-copy")).to_be_visible()
    # History was never opened with signal: no copy, a page saying so (answered 503).
    assert phones.open_refused(page, f"/athletes/{athlete}/history") == 503
    expect(page.locator("#offline-page")).to_contain_text("No signal")
    page.goto(f"/athletes/{athlete}/today")
    expect(page.locator("#offline-copy")).to_be_visible()
    assert _sets_stored(page, athlete) == []  # the API is on the server, which has nothing yet

    # The signal returns: the queue is sent, and the set is in the log once.
    page.context.set_offline(False)
    expect(page.locator("#offline-status")).to_have_attribute("data-sent", "1")
    expect(page.locator("#offline-status")).to_contain_text("Sent 1 queued set")
    assert page.evaluate(_QUEUE) == []
    [stored] = _sets_stored(page, athlete)
    assert (stored["variation"], stored["reps"], stored["pain"]) == (variation, 9, 1)

    # The answer was lost on the way back (say): the queue sends the set again. Still one set.
    page.evaluate(_PUT_BACK, queued)
    page.goto(f"/athletes/{athlete}/today")
    expect(page.locator("#offline-status")).to_have_attribute("data-sent", "1")
    assert page.evaluate(_QUEUE) == []
    assert [item["id"] for item in _sets_stored(page, athlete)] == [stored["id"]]
    page.locator("#offline-refresh").tap()
    expect(page.locator("#logged-sets")).to_have_attribute("data-count", "1")
    expect(page.locator("#offline-copy")).to_have_count(0)  # online: the page itself

    # Signing out empties the kept pages: the next person on this phone cannot open them.
    assert page.evaluate("() => caches.has('hipthrust-pages-v1')")
    page.get_by_role("button", name="Sign out").tap()
    page.wait_for_load_state()
    page.wait_for_function("() => caches.has('hipthrust-pages-v1').then((kept) => !kept)")


def test_after_a_set_the_page_lands_on_the_next_set_not_the_top(phones: Phones) -> None:
    page = phones.open()
    sign_up(page, "athlete", "Lana Lander", "lana@example.com")
    athlete = athlete_id_of(page)
    page.goto(f"/athletes/{athlete}/today")
    sets = int(page.locator("#sets-done-1").get_attribute("data-of") or "0")
    assert sets >= 2

    page.locator("#log-1").tap()
    expect(page).to_have_url(re.compile(rf"/athletes/{athlete}/today\?logged=1$"))
    card = page.locator("#exercise-1")
    expect(card).to_be_focused()
    expect(card.locator("#logged-notice")).to_be_visible()  # what was logged, with Undo
    expect(card.locator("#rest-timer")).to_be_visible()
    assert page.evaluate("() => window.scrollY") > 0
    top = page.evaluate("() => document.getElementById('exercise-1').getBoundingClientRect().top")
    assert abs(top) < 2  # the card is at the top of the screen
    page.screenshot(path=str(phones.site.shots / "o3-landed-on-the-next-set.png"))  # the screen

    for _ in range(sets - 1):  # the rest of the exercise's sets
        page.locator("#log-1").tap()
        expect(page).to_have_url(re.compile(r"\?logged=1$"))
    # Every exercise done (a new athlete's session has one): the day's log, not the top.
    expect(page.locator("#logged-today")).to_be_focused()
    expect(page.locator("#logged-sets")).to_have_attribute("data-count", str(sets))

    # Another exercise, from the form at the bottom: back to that form for its next set.
    page.select_option("#other-exercise", "hip_thrust")
    page.fill("#other-reps", "8")
    page.locator("#log-other").tap()
    expect(page).to_have_url(re.compile(r"\?logged=1$"))
    expect(page.locator("#other-set")).to_be_focused()
    expect(page.locator("#other-set #logged-notice")).to_contain_text("Logged")
