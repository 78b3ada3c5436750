"""Focus and announcements: a vote through htmx leaves the focus on the button pressed and
the live region says what happened (saved, or withdrawn); a form sent back with errors
puts the focus on its error summary, with and without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.test_participation_journey import sign_in

MASTERPLAN = "digitale-bildung"  # open for votes in the demo


@pytest.fixture
def english_page(browser: Any, live_server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server, locale="de-DE")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def open_a_proposal_without_my_vote(page: Any) -> None:
    page.goto(f"/masterplans/{MASTERPLAN}/proposals")
    links = page.locator("article.proposal-item h3 a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(min(links.count(), 8))]
    for href in hrefs:
        page.goto(str(href))
        box = page.locator("#vote-box")
        if box.locator("button").count() and not box.locator("[aria-pressed=true]").count():
            return
    pytest.fail("no proposal to vote on")


def active_id(page: Any) -> str:
    return str(page.evaluate("document.activeElement ? document.activeElement.id : ''"))


def says(page: Any, words: str) -> None:
    """The live region comes to say ``words`` (htmx swaps it out of band, a moment after
    the vote box whose change the test waited for)."""
    try:
        page.wait_for_function(
            "words => document.getElementById('vote-announcement').innerText.trim() === words",
            arg=words,
            timeout=5000,
        )
    except Exception:  # say what the region says instead
        shown = page.locator("#vote-announcement").inner_text()
        pressed = page.evaluate(
            "[...document.querySelectorAll('#vote-box [aria-pressed]')]"
            ".map(b => b.id + '=' + b.getAttribute('aria-pressed'))"
        )
        raise AssertionError(f"the live region says {shown!r}, buttons {pressed}") from None
    # Then htmx settles: a key pressed before it has taken over the new box would send the
    # form the way a browser without JavaScript does (a page load: right, but not this test).
    page.wait_for_function(
        "() => !document.querySelector("
        "'.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def test_a_vote_keeps_the_focus_and_the_live_region_says_what_happened(
    english_page: Any, live_server: str
) -> None:
    page = english_page
    sign_in(page, "buergerin@demo.invalid")
    # English: the words checked here are the message ids, whatever the catalogue says.
    page.context.add_cookies([{"name": "lang", "value": "en", "url": live_server}])
    open_a_proposal_without_my_vote(page)
    region = page.locator("#vote-announcement")
    assert region.get_attribute("role") == "status"
    page.evaluate("document.getElementById('vote-announcement').dataset.kept = 'yes'")

    page.locator("#vote-support").click()  # with the mouse
    page.locator("#vote-support[aria-pressed=true]").wait_for()
    assert active_id(page) == "vote-support"
    says(page, "Your vote is saved.")

    page.keyboard.press("Enter")  # the focus is still there: press it again
    page.locator("#vote-support[aria-pressed=false]").wait_for()
    assert active_id(page) == "vote-support"
    says(page, "Your vote is withdrawn.")

    page.locator("#vote-oppose").focus()
    page.keyboard.press("Space")
    page.locator("#vote-oppose[aria-pressed=true]").wait_for()
    assert active_id(page) == "vote-oppose"
    says(page, "Your vote is saved.")
    page.keyboard.press("Enter")
    page.locator("#vote-oppose[aria-pressed=false]").wait_for()
    says(page, "Your vote is withdrawn.")
    # The same live region all along (a new one is often not read out).
    assert page.evaluate("document.getElementById('vote-announcement').dataset.kept") == "yes"


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_errors_from_the_server_take_the_focus_to_the_summary(
    browser: Any, live_server: str, javascript: bool
) -> None:
    context = browser.new_context(
        base_url=live_server, locale="de-DE", java_script_enabled=javascript
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        page.goto("/account/login")
        page.get_by_label("E-Mail-Adresse").fill("niemand@demo.invalid")
        page.get_by_label("Passwort").fill("kein-passwort")
        page.get_by_role("button", name="Anmelden").click()
        page.wait_for_url(re.compile(r".*/account/login.*"))
        summary = page.locator("#form-errors")
        summary.wait_for()
        assert active_id(page) == "form-errors"

        page.goto("/account/register")
        page.locator("main form button[type=submit]").click()
        summary.wait_for()
        assert active_id(page) == "form-errors"
        assert summary.get_by_role("link").count() >= 1  # each error links to its field
    finally:
        context.close()
