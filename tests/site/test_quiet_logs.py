"""A client that goes away mid-request is no error of the app: one short line, no traceback
(participation/site/errors.py)."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from participation.settings import load_settings

pytestmark = pytest.mark.usefixtures("db")


async def test_a_client_gone_mid_form_is_one_short_line_not_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from app import create_app

    app = create_app(load_settings(env_file=None), connect_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        page = await http.get("/account/login")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        cookie = f"csrf={http.cookies['csrf']}".encode()
    chunks: list[dict[str, Any]] = [
        {"type": "http.request", "body": b"email=jana%40example.org&pass", "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return chunks.pop(0) if chunks else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "server": ("testserver", 80),
        "client": ("192.0.2.1", 4711),
        "path": "/account/login",
        "raw_path": b"/account/login",
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"testserver"),
            (b"cookie", cookie),
            (b"x-csrf-token", token.encode()),
            (b"content-type", b"application/x-www-form-urlencoded"),
            (b"content-length", b"200"),
        ],
    }
    with caplog.at_level(logging.DEBUG):
        await app(scope, receive, send)  # type: ignore[arg-type]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text
    gone = [r for r in caplog.records if "gone" in r.getMessage()]
    assert len(gone) == 1 and gone[0].levelno == logging.INFO and not gone[0].exc_info
    assert gone[0].getMessage() == "Client gone during POST /account/login"
    assert not sent  # nobody to answer
