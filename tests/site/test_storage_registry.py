"""The cookie registry (participation/site/storage.py) is what the code sets: a visitor who
browses, switches the language, signs in, votes through htmx and signs out receives exactly
the registry's cookies, with the lifetimes and protections the privacy notice states."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie

import httpx

from participation import i18n
from participation.security import CSRF_COOKIE, SESSION_COOKIE
from participation.settings import load_settings
from participation.site import storage
from participation.templating import FLASH_COOKIE
from tests.auth import csrf_token, make_person, post_form, sign_in
from tests.factories import make_proposal


def _set_cookies(seen: list[str]) -> Callable[[httpx.Response], Awaitable[None]]:
    """A response hook that keeps every Set-Cookie header, redirects included."""

    async def keep(response: httpx.Response) -> None:
        seen.extend(response.headers.get_list("set-cookie"))

    return keep


async def _walk(client: httpx.AsyncClient) -> None:
    """What a citizen does: read, switch language, sign in, vote with htmx, sign out."""
    proposal = await make_proposal(title="Offenes WLAN in allen Bürgerämtern")
    await client.get("/")
    await client.get(f"/proposals/{proposal.id}")
    await client.get("/language/en", params={"next": f"/proposals/{proposal.id}"})
    await sign_in(client, await make_person())
    await client.get("/")  # shows the "signed in" message, and the flash cookie goes
    token = await csrf_token(client, f"/proposals/{proposal.id}")
    voted = await client.post(
        f"/proposals/{proposal.id}/vote",
        data={"vote": "support"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert voted.status_code == 200
    await post_form(client, "/account/logout", token_from="/")


async def test_the_code_sets_exactly_the_cookies_of_the_registry(
    client: httpx.AsyncClient,
) -> None:
    seen: list[str] = []
    client.event_hooks["response"].append(_set_cookies(seen))
    await _walk(client)
    names = {next(iter(SimpleCookie(header).keys())) for header in seen}
    assert names == {entry.name for entry in storage.COOKIES}


async def test_every_cookie_has_the_lifetime_and_protection_the_privacy_notice_states(
    client: httpx.AsyncClient,
) -> None:
    seen: list[str] = []
    client.event_hooks["response"].append(_set_cookies(seen))
    await _walk(client)
    session_seconds = load_settings(env_file=None).session_days * 86400
    declared = {entry.name: entry.max_age for entry in storage.COOKIES}
    declared[storage.SESSION.name] = session_seconds
    for header in seen:
        [(name, morsel)] = SimpleCookie(header).items()
        assert morsel["httponly"] and morsel["samesite"].lower() == "lax", header
        assert morsel["path"] == "/", header
        if morsel.value in ("", '""'):  # a deletion
            continue
        max_age = int(morsel["max-age"]) if morsel["max-age"] else None
        assert max_age == declared[name], header


def test_the_code_takes_its_cookie_names_from_the_registry() -> None:
    assert storage.SESSION.name == SESSION_COOKIE
    assert storage.CSRF.name == CSRF_COOKIE
    assert storage.FLASH.name == FLASH_COOKIE
    assert storage.LANGUAGE.name == i18n.LANGUAGE_COOKIE
    assert len({entry.name for entry in storage.REGISTRY}) == len(storage.REGISTRY)
