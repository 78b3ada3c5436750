"""The imprint (§ 5 DDG, § 18 MStV) and the privacy notice (Art. 13 GDPR) hold every section
the law expects, filled from the website settings, in German and English; where a setting
is missing they say so instead of leaving a heading empty."""

from __future__ import annotations

import re
from html import unescape

import httpx
import pytest

from participation.accounts.models import Role
from participation.site import storage
from tests.auth import shown, sign_in_as
from tests.site.site_helpers import FILLED, fill_required, post_settings

IMPRINT_HEADINGS = [
    "Provider",
    "Authorised representative",
    "Contact",
    "Supervisory authority",
    "VAT identification number",
    "Responsible for the content according to § 18 (2) MStV",
    "Contributions of participants",
    "Data protection",
]
PRIVACY_HEADINGS = [
    "Controller",
    "Data protection officer",
    "What we process, why, and on which legal basis",
    "Your account",
    "Proposals, comments and other contributions",
    "Votes by stakeholder group",
    "Organisations",
    "E-mails and notifications",
    "Moderation",
    "Server logs",
    "Recipients",
    "Transfers to third countries",
    "How long data is kept",
    "Cookies and browser storage",
    "Your rights",
    "Withdrawing your consent",
    "Right to object (Art. 21 GDPR)",
    "Right to lodge a complaint",
    "Do you have to provide data?",
    "Automated decision-making",
]
OPTIONAL_IMPRINT_HEADINGS = ("Supervisory authority", "VAT identification number")


def headings(html: str) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>", "", h)).strip()
        for h in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", html, re.S)
    ]


def sections_without_text(html: str) -> list[str]:
    """Every h2 of the main content whose section holds no text of its own."""
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    empty = []
    for chunk in re.split(r"(?=<h2)", main)[1:]:
        heading, _, rest = chunk.partition("</h2>")
        if not re.sub(r"<[^>]+>|\s", "", rest.split("<h2")[0]):
            empty.append(re.sub(r"<[^>]+>", "", heading))
    return empty


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


async def page(client: httpx.AsyncClient, path: str, lang: str) -> str:
    await client.get(f"/language/{lang}")
    response = await client.get(path)
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_the_imprint_names_operator_representative_contact_and_who_is_responsible(
    client: httpx.AsyncClient, lang: str
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await fill_required(client)
    html = await page(client, "/impressum", lang)
    assert headings(html) == [unescape(shown(h, lang)) for h in IMPRINT_HEADINGS]
    text = text_of(html)
    for key in ("operator", "legal_form", "representative", "email", "phone", "vat_id"):
        assert FILLED[key] in text, key
    for key in ("address", "content_responsible", "oversight"):
        for line in FILLED[key].split("\n"):
            assert line in text, (key, line)
    assert f'href="mailto:{FILLED["email"]}"' in html
    assert shown("Not provided yet", lang) not in html
    assert sections_without_text(html) == []


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_the_privacy_notice_holds_every_section_of_article_13(
    client: httpx.AsyncClient, lang: str
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await fill_required(client)
    html = await page(client, "/datenschutz", lang)
    assert headings(html) == [unescape(shown(h, lang)) for h in PRIVACY_HEADINGS]
    text = text_of(html)
    for key in ("operator", "representative", "email"):
        assert FILLED[key] in text, key
    for key in ("address", "dpo", "authority"):
        for line in FILLED[key].split("\n"):
            assert line in text, (key, line)
    for article in ("Art. 15", "Art. 16", "Art. 17", "Art. 18", "Art. 20", "Art. 21", "Art. 77"):
        assert article in text, article
    assert ("Art. 7 Abs. 3" if lang == "de" else "Art. 7 (3)") in text
    assert "§ 3 DSG NRW" in text and "Art. 22" in text
    assert shown("Not provided yet", lang) not in html
    assert sections_without_text(html) == []


async def test_the_privacy_notice_lists_every_cookie_and_storage_entry_of_the_registry(
    client: httpx.AsyncClient,
) -> None:
    html = (await client.get("/datenschutz")).text
    table = html.split('id="storage-list"', 1)[1].split("</table>", 1)[0]
    listed = re.findall(r'<code class="storage-name">([^<]+)</code>', table)
    assert listed == [entry.name for entry in storage.REGISTRY]
    text = text_of(table)
    assert "höchstens 14 Tage nach der Anmeldung" in text  # SESSION_DAYS
    assert "Ein Jahr" in text and "höchstens eine Minute" in text


@pytest.mark.parametrize("path", ["/impressum", "/datenschutz"])
@pytest.mark.parametrize("lang", ["de", "en"])
async def test_missing_settings_show_a_placeholder_never_an_empty_heading(
    client: httpx.AsyncClient, path: str, lang: str
) -> None:
    html = await page(client, path, lang)
    assert html.count(shown("Not provided yet", lang)) >= 4
    assert sections_without_text(html) == []
    assert lang != "de" or "Angabe fehlt" in html
    for heading in OPTIONAL_IMPRINT_HEADINGS:  # optional facts leave their section out
        assert f">{shown(heading, lang)}</h2>" not in html


async def test_settings_are_shown_as_text_never_as_markup(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    await post_settings(client, **{**FILLED, "representative": '<script>alert("x")</script>'})
    html = (await client.get("/impressum")).text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
