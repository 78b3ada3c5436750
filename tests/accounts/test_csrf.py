from __future__ import annotations

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
    token = await csrf_token(client)
    html = (await client.get("/")).text
    assert f'data-hx-headers=\'{{"X-CSRF-Token": "{token}"}}\'' in html


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
