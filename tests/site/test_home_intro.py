"""The home page's introduction comes from the website settings: Markdown, sanitised as
participants' Markdown is, the standard introduction while it is empty; the short page
copy for anonymous visitors keeps working with it."""

from __future__ import annotations

from html import unescape

import httpx
import pytest

from participation.accounts.models import Role
from participation.site.standard_texts import INTRO
from tests.auth import shown, sign_in_as
from tests.site.site_helpers import post_settings
from tests.site.test_page_cache import browser, cache_of

pytestmark = pytest.mark.usefixtures("db")


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_without_an_introduction_the_home_page_shows_the_standard_one(
    client: httpx.AsyncClient, lang: str
) -> None:
    await client.get(f"/language/{lang}")
    assert unescape(shown(INTRO, lang)) in unescape((await client.get("/")).text)


async def test_the_introduction_is_markdown_rendered_and_sanitised(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    intro = (
        "**Willkommen** beim Masterplan.\n\n- Vorschläge\n- Abstimmungen\n\n"
        '<script>alert("x")</script> [Mehr](javascript:alert(1)) [Rat](https://rat.example)'
    )
    assert (await post_settings(client, intro=intro)).status_code == 303
    html = (await client.get("/")).text
    intro_html = html.split('class="kern-body--large home-intro">', 1)[1].split("</div>", 1)[0]
    assert "<strong>Willkommen</strong>" in intro_html and "<li>Vorschläge</li>" in intro_html
    assert "<script>" not in intro_html and 'href="javascript:' not in intro_html
    assert "&lt;script&gt;" in intro_html  # shown as text, as in proposals
    assert 'href="https://rat.example"' in intro_html
    assert unescape(shown(INTRO)) not in unescape(html)


async def test_the_page_copy_for_visitors_carries_the_introduction() -> None:
    async with (
        browser(60) as visitor,
        httpx.AsyncClient(transport=visitor._transport, base_url="http://testserver") as admin,
    ):
        await sign_in_as(admin, Role.ADMIN)
        await post_settings(admin, intro="Erste Einleitung")
        assert "Erste Einleitung" in (await visitor.get("/")).text
        async with httpx.AsyncClient(
            transport=visitor._transport, base_url="http://testserver"
        ) as second:
            assert "Erste Einleitung" in (await second.get("/")).text
        assert cache_of(visitor).hits == 1  # type: ignore[attr-defined]
        await post_settings(admin, intro="Zweite Einleitung")
        # The admin, signed in, sees the change at once; visitors once the copy expires.
        assert "Zweite Einleitung" in (await admin.get("/")).text
        assert "Erste Einleitung" in (await visitor.get("/")).text
        cache_of(visitor).pages.clear()  # type: ignore[attr-defined]
        assert "Zweite Einleitung" in (await visitor.get("/")).text
