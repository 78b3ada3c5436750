from __future__ import annotations

import re

import httpx
import pytest

from participation.accounts.models import User
from tests.auth import csrf_token, replace_cookie

pytestmark = pytest.mark.usefixtures("db")

FORM = {"email": "a@example.org", "password": "irrelevant"}


async def test_a_post_without_token_is_refused_with_a_page_in_the_layout(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/")
    response = await client.post("/account/login", data=FORM)
    assert response.status_code == 403
    assert "Sicherheitsmerkmal" in response.text and 'href="#main"' in response.text


async def test_a_post_with_a_wrong_or_foreign_token_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/")
    response = await client.post("/account/login", data={**FORM, "csrf_token": "0" * 64})
    assert response.status_code == 403
    token = await csrf_token(client)
    replace_cookie(client, "csrf", "another-browser-" + "y" * 40)  # a token fits one cookie
    response = await client.post("/account/login", data={**FORM, "csrf_token": token})
    assert response.status_code == 403


async def test_a_post_without_any_cookie_is_refused_even_with_a_token(
    client: httpx.AsyncClient,
) -> None:
    token = await csrf_token(client)
    client.cookies.clear()
    assert (
        await client.post("/account/login", data={**FORM, "csrf_token": token})
    ).status_code == 403


async def test_htmx_sends_the_token_as_a_header(client: httpx.AsyncClient) -> None:
    token = await csrf_token(client)
    response = await client.post(
        "/account/login", data=FORM, headers={"X-CSRF-Token": token, "HX-Request": "true"}
    )
    assert response.status_code == 400  # accepted by CSRF, refused by the wrong password


async def test_the_layout_gives_htmx_the_token(client: httpx.AsyncClient) -> None:
    await client.get("/")
    html = (await client.get("/")).text
    header = re.search(r"data-hx-headers='\{\"X-CSRF-Token\": \"([0-9a-f]+)\"\}'", html)
    assert header
    response = await client.post(
        "/account/login", data=FORM, headers={"X-CSRF-Token": header[1], "HX-Request": "true"}
    )
    assert response.status_code == 400  # accepted by CSRF, refused by the wrong password


async def test_every_page_carries_the_token_differently_and_each_one_works(
    client: httpx.AsyncClient,
) -> None:
    """Compressed pages must not repeat the same secret (BREACH: an attacker who can put
    text into a page measures its compressed length to guess the token byte by byte). Each
    response masks the browser's token with a fresh pad; the server accepts any of them."""
    tokens = [await csrf_token(client) for _ in range(3)]
    assert len(set(tokens)) == 3
    pads = {token[:64] for token in tokens}
    assert len(pads) == 3
    for token in tokens:
        response = await client.post("/account/login", data={**FORM, "csrf_token": token})
        assert response.status_code == 400  # past the CSRF check: a wrong password
    # The unmasked value, a cut or a changed byte is no token.
    token = tokens[0]
    pad, masked = bytes.fromhex(token[:64]), bytes.fromhex(token[64:])
    unmasked = bytes(a ^ b for a, b in zip(pad, masked, strict=True)).hex()
    flipped = token[:-1] + ("0" if token[-1] != "0" else "1")
    for wrong in (unmasked, token[:-2], flipped, "zz" * 64):
        response = await client.post("/account/login", data={**FORM, "csrf_token": wrong})
        assert response.status_code == 403, wrong


async def test_a_cross_site_post_is_refused_even_with_a_token(
    client: httpx.AsyncClient,
) -> None:
    token = await csrf_token(client)
    response = await client.post(
        "/account/login",
        data={**FORM, "csrf_token": token},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403


async def test_an_oversized_form_is_refused_and_nothing_is_stored(
    client: httpx.AsyncClient,
) -> None:
    token = await csrf_token(client, "/account/register")
    response = await client.post(
        "/account/register",
        data={"csrf_token": token, "email": "big@example.org", "display_name": "x" * 2_000_000},
    )
    assert response.status_code == 413
    assert not await User.exists()


async def test_a_broken_multipart_body_is_refused_without_a_server_error(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/")
    response = await client.post(
        "/account/login",
        content=b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n',
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 403
