"""Signed-in test clients: people with a password, signed in through the real sign-in form,
and form posts that carry the CSRF token the way a browser does."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache

import httpx
from markupsafe import escape

from participation.accounts.models import Organization, Role, User
from participation.accounts.passwords import hash_password_now
from participation.i18n import gettext, language
from tests.factories import make_user

PASSWORD = "korrekt Pferd Batterie Heftklammer"
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@cache
def _password_hash() -> str:
    return hash_password_now(PASSWORD)  # argon2 is slow by design: hash once per test run


async def make_person(
    organization: Organization | None = None, *, role: Role | None = None, **overrides: object
) -> User:
    """A verified person who can sign in with ``PASSWORD``."""
    values: dict[str, object] = {
        "password_hash": _password_hash(),
        "email_verified_at": datetime.now(UTC),
    }
    if role is not None:
        values["role"] = role
    values.update(overrides)
    return await make_user(organization, **values)


async def csrf_token(client: httpx.AsyncClient, path: str = "/account/login") -> str:
    """The form token of this client's browser, read from a page's hidden field (the GET
    also sets the ``csrf`` cookie the token belongs to)."""
    response = await client.get(path)
    match = _CSRF_FIELD.search(response.text)
    assert match, f"no csrf_token field on {path}"
    return match.group(1)


async def post_form(
    client: httpx.AsyncClient,
    path: str,
    data: dict[str, str] | None = None,
    *,
    token_from: str = "/account/login",
) -> httpx.Response:
    """POST a form as a browser would, with the CSRF token in its hidden field."""
    token = await csrf_token(client, token_from)
    return await client.post(path, data={**(data or {}), "csrf_token": token})


async def sign_in(client: httpx.AsyncClient, user: User) -> User:
    assert user.email is not None
    response = await post_form(
        client, "/account/login", {"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 303, response.text[:500]
    return user


async def sign_in_as(
    client: httpx.AsyncClient, role: Role = Role.ADMIN, **overrides: object
) -> User:
    """Create a verified person with ``role`` and sign the client in as them."""
    return await sign_in(client, await make_person(role=role, **overrides))


def shown(message: str, lang: str = "de") -> str:
    """A UI message as a page in ``lang`` shows it: translated, and escaped the way Jinja
    escapes it, so tests keep passing whatever the catalogs say."""
    with language(lang):
        return str(escape(gettext(message)))


def replace_cookie(client: httpx.AsyncClient, name: str, value: str) -> None:
    """Put a cookie into the client's jar as the test server would have set it."""
    for cookie in list(client.cookies.jar):
        if cookie.name == name:
            client.cookies.jar.clear(cookie.domain, cookie.path, cookie.name)
    client.cookies.set(name, value, domain="testserver.local")
