"""A citizen registers, confirms the address from the e-mail, signs in, switches the
language in the profile, downloads her data and signs out — checked with axe on each page."""

from __future__ import annotations

import asyncio
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from participation.db import open_database
from participation.mail.models import OutboxMessage
from tests.browser.conftest import axe_violations

PASSWORD = "Hafenbecken Nebelhorn Kranbahn Sonntag"


def outbox_link(database_url: str, recipient: str, pattern: str) -> str:
    """Read the newest mail to ``recipient`` from the live server's outbox."""

    async def read() -> str:
        async with open_database(database_url):
            mail = await OutboxMessage.filter(recipient=recipient).order_by("-id").first()
        assert mail is not None, f"no mail to {recipient}"
        match = re.search(pattern, mail.body)
        assert match, mail.body
        return match.group(0)

    with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright runs a loop in this thread
        return pool.submit(asyncio.run, read()).result()


def test_citizen_registers_confirms_signs_in_and_manages_her_account(
    page: Any, live_database: str
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Registrieren").click()
    assert axe_violations(page) == []
    page.get_by_label("E-Mail-Adresse").fill("lena.vogt@example.org")
    page.get_by_label("Öffentlicher Anzeigename").fill("Lena Vogt")
    page.get_by_label("Passwort", exact=True).fill("zu-kurz")
    page.get_by_label("Passwort wiederholen").fill("zu-kurz")
    page.get_by_role("button", name="Konto anlegen").click()
    # The form comes back with the input in place and the errors at their fields.
    assert page.get_by_label("E-Mail-Adresse").input_value() == "lena.vogt@example.org"
    assert page.locator("#password-error").is_visible()
    assert page.locator("#privacy_consent-error").is_visible()
    assert axe_violations(page) == []

    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(PASSWORD)
    page.get_by_label("Ich habe die Datenschutzhinweise gelesen", exact=False).check()
    page.get_by_role("button", name="Konto anlegen").click()
    page.wait_for_url("**/account/login")
    assert page.get_by_role("status").inner_text().startswith("Fast geschafft")
    assert axe_violations(page) == []

    link = outbox_link(live_database, "lena.vogt@example.org", r"/account/verify/\S+")
    page.goto(link)
    page.wait_for_url("**/account/login")
    assert "E-Mail-Adresse ist bestätigt" in page.get_by_role("status").inner_text()

    page.get_by_label("E-Mail-Adresse").fill("lena.vogt@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r".*/$"))
    page.get_by_role("link", name="Lena Vogt").click()
    page.wait_for_url("**/account/profile")
    assert axe_violations(page) == []

    page.get_by_role("combobox", name="Sprache").select_option("en")
    page.get_by_role("button", name="Speichern", exact=True).click()
    page.wait_for_url("**/account/profile")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Profile", exact=True).is_visible()

    page.get_by_role("link", name="My data").click()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["profile"]["email"] == "lena.vogt@example.org"
    assert data["profile"]["language"] == "en"

    page.get_by_role("link", name="Delete account").click()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r".*/$"))
    assert page.get_by_role("link", name="Sign in").is_visible()
    page.goto("/account/profile")
    page.wait_for_url("**/account/login?next=*")
    assert axe_violations(page) == []
    assert page.foreign_requests == []


def test_password_reset_pages_pass_accessibility_checks(page: Any) -> None:
    page.goto("/account/password-reset")
    assert axe_violations(page) == []
    page.goto("/account/verify/kaputt")
    assert axe_violations(page) == []
