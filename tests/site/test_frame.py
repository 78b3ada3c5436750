"""The layout's header and footer: kept once per language (templating.PageFrame), yet each
page marks itself, links back to itself, and the header follows the masterplans."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx

from participation.accounts.models import Role
from tests.auth import shown, sign_in_as
from tests.factories import make_masterplan


def site_nav(html: str) -> str:
    found = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert found is not None
    return found.group(0)


def current_items(html: str) -> list[str]:
    """The labels the main navigation marks as the current page."""
    return re.findall(r'aria-current="page"[^>]*>([^<]*)</a>', site_nav(html))


async def test_each_page_marks_itself_and_links_back_to_itself(
    client: httpx.AsyncClient,
) -> None:
    await make_masterplan(title="Masterplan Digitale Bildung", slug="digitale-bildung")
    await make_masterplan(title="Masterplan Digitale Wirtschaft", slug="digitale-wirtschaft")
    html = (await client.get("/masterplans/digitale-bildung?tab=a b")).text
    assert current_items(html) == ["Digitale Bildung"]
    assert 'href="/language/en?next=/masterplans/digitale-bildung%3Ftab%3Da%2520b"' in html
    assert 'href="/account/login?next=/masterplans/digitale-bildung"' in html
    html = (await client.get("/masterplans/digitale-wirtschaft")).text
    assert current_items(html) == ["Digitale Wirtschaft"]
    assert 'href="/language/en?next=/masterplans/digitale-wirtschaft"' in html
    assert current_items((await client.get("/")).text) == [shown("Overview")]
    login = (await client.get("/account/login")).text
    assert current_items(login) == [] and 'href="/account/login"' in login


async def test_each_language_has_its_own_header_and_footer(client: httpx.AsyncClient) -> None:
    await make_masterplan(title="Masterplan Digitale Bildung", slug="digitale-bildung")
    skip, imprint = shown("Skip to content"), f">{shown('Imprint')}<"
    german = (await client.get("/")).text
    assert skip in german and imprint in german
    await client.get("/language/en?next=/")
    english = (await client.get("/")).text
    assert shown("Skip to content", "en") in english and ">Imprint<" in english
    assert skip not in english and imprint not in english
    # The masterplan's name stays German, marked as such on an English page.
    assert '<a class="kern-link" href="/masterplans/digitale-bildung" lang="de">' in english
    await client.get("/language/de?next=/")
    assert skip in (await client.get("/")).text


async def test_the_header_follows_an_archived_masterplan_at_once(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(title="Masterplan Gesundheit", slug="gesundheit")
    assert ">Gesundheit<" in site_nav((await client.get("/")).text)
    assert 'href="/archiv"' not in site_nav((await client.get("/")).text)
    masterplan.archived_at = datetime.now(UTC)
    await masterplan.save()
    html = (await client.get("/archiv")).text
    assert ">Gesundheit<" not in site_nav(html)
    assert current_items(html) == [shown("Archive")]


async def test_a_signed_in_person_sees_their_own_header(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    html = (await client.get("/")).text
    assert f">{shown('Administration')}<" in html and shown("Sign out") in html
    assert 'href="/account/login?next=' not in html
