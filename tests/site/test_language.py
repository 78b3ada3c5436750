from __future__ import annotations

from pathlib import Path

import httpx
from babel.messages.pofile import read_po

from participation.i18n import LOCALE_DIR
from tests.factories import make_masterplan


async def test_pages_are_german_by_default(client: httpx.AsyncClient) -> None:
    html = (await client.get("/")).text
    assert '<html lang="de">' in html
    assert "Zum Inhalt springen" in html and "Die Masterpläne" in html


async def test_switching_to_english_sets_a_cookie_and_returns_to_the_page(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(slug="digitale-bildung")
    response = await client.get("/language/en?next=/masterplans/digitale-bildung")
    assert response.status_code == 303
    assert response.headers["location"] == "/masterplans/digitale-bildung"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("lang=en") and "httponly" in cookie.lower()
    html = (await client.get(f"/masterplans/{masterplan.slug}")).text
    assert '<html lang="en">' in html and "Fields of action" in html
    await client.get("/language/de?next=/")
    assert "Handlungsfelder" in (await client.get(f"/masterplans/{masterplan.slug}")).text


async def test_language_switch_never_redirects_to_another_host(
    client: httpx.AsyncClient,
) -> None:
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""):
        response = await client.get("/language/en", params={"next": target})
        assert response.headers["location"] == "/"


async def test_unknown_language_is_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/language/xx")).status_code == 404


async def test_an_unknown_language_cookie_falls_back_to_german(
    client: httpx.AsyncClient,
) -> None:
    client.cookies.set("lang", "fr", domain="testserver.local")
    assert '<html lang="de">' in (await client.get("/")).text


def test_every_ui_string_has_a_german_translation() -> None:
    with open(LOCALE_DIR / "de" / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale="de")
    with open(LOCALE_DIR / "messages.pot", "rb") as pot:
        template = read_po(pot)
    missing = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        strings = translated.string if translated else None
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            missing.append(message.id)
    assert missing == []
    assert len(template) > 50


def test_the_catalog_template_holds_every_string_in_the_sources() -> None:
    """A string added to a template or module without `make messages` fails here."""
    import subprocess
    import sys
    import tempfile

    root = Path(__file__).resolve().parents[2]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "fresh.pot"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "babel.messages.frontend",
                "extract",
                "-k",
                "N_",
                "--no-location",
                "--sort-output",
                "-F",
                "babel.cfg",
                "-o",
                str(out),
                "participation",
                "templates",
            ],
            cwd=root,
            check=True,
            capture_output=True,
        )
        with open(out, "rb") as fresh, open(LOCALE_DIR / "messages.pot", "rb") as committed:
            fresh_ids = {m.id for m in read_po(fresh) if m.id}
            committed_ids = {m.id for m in read_po(committed) if m.id}
    assert len(fresh_ids) > 50
    assert fresh_ids - committed_ids == set()
