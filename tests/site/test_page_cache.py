"""The short-lived page copy for anonymous visitors (PAGE_CACHE_SECONDS): served again to
the next visitors, each with their own CSRF token, never to signed-in people."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from participation.accounts.models import Role
from participation.proposals.models import Proposal
from participation.security import unmask_token
from participation.settings import load_settings
from tests.auth import sign_in_as
from tests.factories import make_proposal

pytestmark = pytest.mark.usefixtures("db")
TOKEN = re.compile(r'(?:"X-CSRF-Token": "|name="csrf_token" value=")([0-9a-f]{128})"')


@asynccontextmanager
async def browser(seconds: float) -> AsyncIterator[httpx.AsyncClient]:
    """A browser of its own on an app whose page copies live ``seconds``."""
    from app import create_app

    settings = dataclasses.replace(load_settings(env_file=None), page_cache_seconds=seconds)
    app = create_app(settings, connect_database=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        http.app = app  # type: ignore[attr-defined]
        yield http


def cache_of(client: httpx.AsyncClient) -> object:
    """The PageCacheMiddleware instance inside the client's app."""
    from participation.site.page_cache import PageCacheMiddleware

    stack = client.app.middleware_stack  # type: ignore[attr-defined]
    while stack is not None and not isinstance(stack, PageCacheMiddleware):
        stack = getattr(stack, "app", None)
    assert stack is not None
    return stack


async def rename(proposal: Proposal, title: str) -> None:
    await Proposal.filter(id=proposal.id).update(title=title)


async def test_the_next_visitor_gets_the_copy_with_their_own_token() -> None:
    proposal = await make_proposal(title="Offene Daten für alle")
    async with browser(60) as first:
        page = await first.get(f"/proposals/{proposal.id}")
        assert "Offene Daten für alle" in page.text
        await rename(proposal, "Geänderter Titel")
        # A second browser (another visitor) is served the copy ...
        async with httpx.AsyncClient(
            transport=first._transport, base_url="http://testserver"
        ) as second:
            again = await second.get(f"/proposals/{proposal.id}")
            assert "Offene Daten für alle" in again.text
            assert cache_of(first).hits == 1  # type: ignore[attr-defined]
            # ... with the token of its own CSRF cookie, not the first visitor's.
            first_tokens = set(TOKEN.findall(page.text))
            second_tokens = set(TOKEN.findall(again.text))
            assert len(first_tokens) == len(second_tokens) == 1
            # (Each response masks its token afresh: compare what they stand for.)
            assert {unmask_token(t) for t in first_tokens} != {
                unmask_token(t) for t in second_tokens
            }


async def test_a_copied_form_carries_a_token_that_works_for_its_reader() -> None:
    async with browser(60) as first:
        await first.get("/account/login")
        async with httpx.AsyncClient(
            transport=first._transport, base_url="http://testserver"
        ) as second:
            form = await second.get("/account/login")
            assert cache_of(first).hits == 1  # type: ignore[attr-defined]
            tokens = set(TOKEN.findall(form.text))
            assert len(tokens) == 1
            response = await second.post(
                "/account/login",
                data={"email": "nobody@example.org", "password": "x", "csrf_token": tokens.pop()},
            )
            assert response.status_code == 400  # the form again: wrong e-mail or password
            forged = await second.post(
                "/account/login",
                data={"email": "nobody@example.org", "password": "x", "csrf_token": "0" * 64},
            )
            assert forged.status_code == 403


async def test_signed_in_people_and_htmx_always_get_the_current_page() -> None:
    proposal = await make_proposal(title="Erster Titel")
    async with browser(60) as visitor:
        await visitor.get(f"/proposals/{proposal.id}")
        await rename(proposal, "Zweiter Titel")
        assert "Erster Titel" in (await visitor.get(f"/proposals/{proposal.id}")).text
        fragment = await visitor.get(f"/proposals/{proposal.id}", headers={"HX-Request": "true"})
        assert "Zweiter Titel" in fragment.text
        async with httpx.AsyncClient(
            transport=visitor._transport, base_url="http://testserver"
        ) as member:
            await sign_in_as(member, Role.CITIZEN)
            assert "Zweiter Titel" in (await member.get(f"/proposals/{proposal.id}")).text


async def test_copies_expire_and_are_kept_per_language_and_query() -> None:
    proposal = await make_proposal(title="Alter Titel")
    async with browser(0.3) as visitor:
        german = await visitor.get(f"/proposals/{proposal.id}")
        async with httpx.AsyncClient(
            transport=visitor._transport, base_url="http://testserver", cookies={"lang": "en"}
        ) as reader:
            english = await reader.get(f"/proposals/{proposal.id}")
        assert '<html lang="de">' in german.text
        assert '<html lang="en">' in english.text
        await rename(proposal, "Neuer Titel")
        assert "Alter Titel" in (await visitor.get(f"/proposals/{proposal.id}")).text
        assert "Neuer Titel" in (await visitor.get(f"/proposals/{proposal.id}?x=1")).text
        await asyncio.sleep(0.4)
        assert "Neuer Titel" in (await visitor.get(f"/proposals/{proposal.id}")).text


async def test_errors_redirects_and_pages_setting_cookies_are_not_kept() -> None:
    async with browser(60) as visitor:
        assert (await visitor.get("/proposals/999999")).status_code == 404
        proposal = await make_proposal(title="Jetzt da")
        # The id did not exist a moment ago; the 404 was not kept.
        assert (await visitor.get(f"/proposals/{proposal.id}")).status_code == 200
        assert cache_of(visitor).hits == 0  # type: ignore[attr-defined]


async def test_off_by_default() -> None:
    assert load_settings(env_file=None).page_cache_seconds == 0
    proposal = await make_proposal(title="Titel eins")
    async with browser(0) as visitor:
        await visitor.get(f"/proposals/{proposal.id}")
        await rename(proposal, "Titel zwei")
        assert "Titel zwei" in (await visitor.get(f"/proposals/{proposal.id}")).text


async def test_simultaneous_visitors_of_a_cold_or_expired_page_render_it_once() -> None:
    proposal = await make_proposal(title="Viel gelesen")
    async with browser(0.3) as visitor:
        await visitor.get("/datenschutz")  # the app builds its middleware at the first request
        cache = cache_of(visitor)
        pages = await asyncio.gather(*(visitor.get(f"/proposals/{proposal.id}") for _ in range(12)))
        assert all("Viel gelesen" in page.text for page in pages)
        assert cache.misses == 2  # type: ignore[attr-defined]
        await asyncio.sleep(0.4)  # expired: one request renders it anew, the rest get the copy
        pages = await asyncio.gather(*(visitor.get(f"/proposals/{proposal.id}") for _ in range(12)))
        assert all(page.status_code == 200 for page in pages)
        assert cache.misses == 3  # type: ignore[attr-defined]
