from __future__ import annotations

import httpx
import pytest

from participation.accounts import throttle
from participation.accounts.models import Session
from tests.auth import PASSWORD, make_person, post_form, replace_cookie, sign_in

pytestmark = pytest.mark.usefixtures("db")


async def test_signing_in_sets_an_httponly_lax_session_cookie(client: httpx.AsyncClient) -> None:
    user = await make_person()
    response = await post_form(
        client, "/account/login", {"email": user.email or "", "password": PASSWORD}
    )
    assert response.status_code == 303
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("session="))
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert "secure" not in cookie.lower()  # plain http in tests; https adds Secure
    assert user.display_name in (await client.get("/")).text


async def test_cookies_are_secure_when_the_site_runs_on_https(db: None) -> None:
    from app import create_app
    from participation.settings import load_settings

    user = await make_person()
    app = create_app(load_settings(env_file=None), connect_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        response = await post_form(
            client, "/account/login", {"email": user.email or "", "password": PASSWORD}
        )
    cookies = response.headers.get_list("set-cookie")
    assert all("secure" in c.lower() for c in cookies)
    assert response.headers["strict-transport-security"]


async def test_every_sign_in_renews_the_session(client: httpx.AsyncClient) -> None:
    user = await make_person()
    await sign_in(client, user)
    first = client.cookies["session"]
    await sign_in(client, user)
    second = client.cookies["session"]
    assert first != second
    assert await Session.filter(user=user).count() == 1  # the old one was ended
    replace_cookie(client, "session", first)
    assert user.display_name not in (await client.get("/")).text


async def test_a_planted_session_cookie_is_worthless(client: httpx.AsyncClient) -> None:
    replace_cookie(client, "session", "x" * 43)
    user = await make_person()
    await sign_in(client, user)
    assert client.cookies["session"] != "x" * 43


async def test_wrong_password_gives_one_message_for_both_fields(
    client: httpx.AsyncClient,
) -> None:
    user = await make_person()
    wrong = await post_form(
        client, "/account/login", {"email": user.email or "", "password": "falsch"}
    )
    unknown = await post_form(
        client, "/account/login", {"email": "niemand@example.org", "password": "falsch"}
    )
    assert wrong.status_code == unknown.status_code == 400
    assert "E-Mail-Adresse oder das Passwort ist falsch" in wrong.text
    assert "E-Mail-Adresse oder das Passwort ist falsch" in unknown.text
    assert f'value="{user.email}"' in wrong.text


async def test_an_unverified_address_cannot_sign_in_and_can_ask_for_a_new_link(
    client: httpx.AsyncClient,
) -> None:
    user = await make_person(email_verified_at=None)
    response = await post_form(
        client, "/account/login", {"email": user.email or "", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "Bestätigungslink erneut senden" in response.text
    assert "session" not in client.cookies


async def test_sign_in_is_slowed_per_client_address(client: httpx.AsyncClient) -> None:
    for number in range(throttle.CLIENT.free):
        await post_form(
            client, "/account/login", {"email": f"rate{number}@example.org", "password": "x"}
        )
    user = await make_person()
    response = await post_form(
        client, "/account/login", {"email": user.email or "", "password": PASSWORD}
    )
    assert "Zu viele Versuche in kurzer Zeit" in response.text


async def test_right_passwords_from_one_client_address_are_never_slowed(
    client: httpx.AsyncClient,
) -> None:
    """An office behind one address: its people's sign-ins do not add up."""
    for _ in range(throttle.CLIENT.free + 5):
        await sign_in(client, await make_person())


async def test_signing_out_ends_the_session(client: httpx.AsyncClient) -> None:
    user = await make_person()
    await sign_in(client, user)
    token = client.cookies["session"]
    response = await post_form(client, "/account/logout", {}, token_from="/account/profile")
    assert response.status_code == 303
    assert not await Session.exists(user=user)
    replace_cookie(client, "session", token)
    assert user.display_name not in (await client.get("/")).text


async def test_sign_in_returns_to_the_page_the_person_came_from(
    client: httpx.AsyncClient,
) -> None:
    user = await make_person()
    token_page = await client.get("/account/profile")
    assert token_page.status_code == 303
    assert token_page.headers["location"] == "/account/login?next=%2Faccount%2Fprofile"
    response = await post_form(
        client,
        "/account/login?next=/account/profile",
        {"email": user.email or "", "password": PASSWORD},
        token_from="/account/login",
    )
    assert response.headers["location"] == "/account/profile"
    evil = await post_form(
        client,
        "/account/login?next=//evil.example",
        {"email": user.email or "", "password": PASSWORD},
        token_from="/account/login",
    )
    assert evil.headers["location"] == "/"
