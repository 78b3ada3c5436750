"""A newcomer's first run: the app started as `make run PORT=…` starts it, on a port other
than 8000 and without BASE_URL; a person registers in Chromium, finds the verification mail
where the console prints it, follows the link in it and ends up verified."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from tests.live import empty_database, live_env, migrate_and_seed, serve

EMAIL = "erstbesuch@example.org"
PASSWORD = "Phoenixsee Hörde Stahlwerk Abendrot"


def printed_mail(log: Path, recipient: str, timeout: float = 30) -> str:
    """The mail to ``recipient`` as the console prints it (the app sends every ten seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for mail in re.split(r"-+ mail \d+ -+\n", log.read_text(encoding="utf-8")):
            if f"\nTo: {recipient}\n" in f"\n{mail}":
                return mail
        time.sleep(0.5)
    raise AssertionError(f"no mail to {recipient} printed:\n{log.read_text(encoding='utf-8')}")


def test_a_newcomer_registers_on_another_port_and_the_link_in_the_mail_verifies_her(
    browser: Any, tmp_path: Path
) -> None:
    with empty_database(tmp_path) as database_url:
        env = live_env(database_url, MAIL_BACKEND="console")
        env.pop("BASE_URL", None)
        migrate_and_seed(env)
        with serve(env, tmp_path / "uvicorn.log") as url:
            assert not url.endswith(":8000")
            context = browser.new_context(base_url=url, locale="de-DE")
            context.set_default_timeout(15_000)
            page = context.new_page()
            page.goto("/")
            page.get_by_role("link", name="Registrieren").click()
            page.get_by_label("E-Mail-Adresse").fill(EMAIL)
            page.get_by_label("Öffentlicher Anzeigename").fill("Erika Erstbesuch")
            page.get_by_label("Passwort", exact=True).fill(PASSWORD)
            page.get_by_label("Passwort wiederholen").fill(PASSWORD)
            page.get_by_label("Ich habe die Datenschutzhinweise gelesen", exact=False).check()
            page.get_by_role("button", name="Konto anlegen").click()
            page.wait_for_url("**/account/login")

            mail = printed_mail(tmp_path / "uvicorn.log", EMAIL)
            links = re.findall(r"https?://\S+", mail)
            verify = [link for link in links if "/account/verify/" in link]
            assert verify, mail
            # Every link in the mail leads to this server, not to the default port.
            assert all(link.startswith(url + "/") for link in links), links
            page.goto(verify[0])
            page.wait_for_url("**/account/login")
            assert "E-Mail-Adresse ist bestätigt" in page.get_by_role("status").inner_text()

            page.get_by_label("E-Mail-Adresse").fill(EMAIL)
            page.get_by_label("Passwort").fill(PASSWORD)
            page.get_by_role("button", name="Anmelden").click()
            page.wait_for_url(url + "/")
            assert page.get_by_role("link", name="Erika Erstbesuch").is_visible()
            context.close()
