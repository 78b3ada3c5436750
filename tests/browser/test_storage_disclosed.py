"""The privacy notice lists exactly what the platform keeps in a browser: a visitor and then
a signed-in citizen walk through the site with JavaScript on, and every cookie the server
sets and every localStorage or sessionStorage key the page script writes is listed on the
Datenschutz page — and nothing is listed that never appears."""

from __future__ import annotations

import re
from typing import Any

STORAGE_KEYS = "() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]"


def test_every_cookie_and_browser_storage_entry_is_listed_on_the_privacy_page(
    page: Any,
) -> None:
    seen: set[str] = set()

    def set_cookies(response: Any) -> None:  # redirects too: the flash cookie lives on one
        for header in response.headers_array():
            if header["name"].lower() == "set-cookie":
                seen.add(header["value"].split("=", 1)[0].strip())

    def look() -> None:
        seen.update(cookie["name"] for cookie in page.context.cookies())
        seen.update(page.evaluate(STORAGE_KEYS))

    page.on("response", set_cookies)

    # A visitor reads the home page and a proposal, filters a list, switches the language.
    page.goto("/")
    look()
    page.goto("/masterplans/digitale-wirtschaft/proposals")
    look()
    page.get_by_label("Handlungsfeld", exact=True).select_option(label="Glasfaserstrategie")
    page.wait_for_url(re.compile(r".*field=glasfaserstrategie.*"))  # htmx pushed the address
    page.locator("#proposal-results").get_by_role("link").first.wait_for()
    look()
    page.get_by_role("link", name="Gigabit-Anschluss für alle Gewerbegebiete").click()
    page.wait_for_url(re.compile(r".*/proposals/\d+$"))
    proposal_url = page.url
    look()
    page.get_by_role("link", name="English").click()
    page.wait_for_url(proposal_url)
    look()
    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_url(proposal_url)

    # The citizen signs in and votes through htmx, then takes the vote back.
    page.goto("/account/login")
    page.get_by_label("E-Mail-Adresse").fill("buergerin@demo.invalid")
    page.get_by_label("Passwort").fill("demo-passwort")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r".*/$"))
    look()
    page.goto(proposal_url)
    state = page.locator("#vote-state")
    before = state.inner_text()
    page.locator("#vote-box").get_by_role("button", name="Unterstützen").click()
    page.wait_for_function(
        "before => document.querySelector('#vote-state').innerText !== before", arg=before
    )
    look()
    page.locator("#vote-box").get_by_role("button", name="Unterstützen").click()
    page.wait_for_function(
        "before => document.querySelector('#vote-state').innerText === before", arg=before
    )
    look()

    page.goto("/datenschutz")
    look()
    listed = set(page.locator("#storage-list code.storage-name").all_inner_texts())
    assert seen - listed == set(), "kept in the browser but not on the privacy page"
    assert listed - seen == set(), "on the privacy page but never kept in the browser"
    assert {"session", "csrf", "flash", "lang"} <= listed  # the walk reached them all
