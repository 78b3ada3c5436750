"""What a visitor gets when the app fails: a database that does not answer is a 503 page
with a time to retry, not a server error; and after any error answer the connection serves
the next request, on a real server (uvicorn closes a connection whose request raised)."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from tortoise import Tortoise

from participation.db import tortoise_config
from participation.site.errors import UnhandledErrorMiddleware
from tests.live import live_env, serve

UNREACHABLE = "postgres://nobody@127.0.0.1:1/none"  # nobody listens on port 1
HTML = "text/html; charset=utf-8"
JSON = "application/json"


async def test_a_database_outage_shows_a_page_that_says_to_try_again_shortly(
    client: httpx.AsyncClient,
) -> None:
    await Tortoise.close_connections()  # the database goes away under a running app
    await Tortoise.init(config=tortoise_config(UNREACHABLE), _enable_global_fallback=True)
    for path in ("/", "/masterplans/digitale-wirtschaft", "/account/login"):
        response = await client.get(path)
        assert response.status_code == 503, path
        assert int(response.headers["retry-after"]) > 0
        assert "Vorübergehend nicht erreichbar" in response.text
        assert "Traceback" not in response.text and "ConnectionRefused" not in response.text
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_an_answer_broken_off_midway_is_raised_on_so_its_connection_is_closed() -> None:
    async def breaks_off(scope: object, receive: object, send: object) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b"half", "more_body": True})  # type: ignore[operator]
        raise RuntimeError("the export broke off")

    transport = httpx.ASGITransport(app=UnhandledErrorMiddleware(breaks_off))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        with pytest.raises(RuntimeError):
            await http.get("/")


# On a real server ---------------------------------------------------------------------


def _server(database_url: str, log: Path) -> Iterator[str]:
    env = live_env(database_url, MAIL_WORKER="false", PHASE_SWITCH="false")
    with serve(env, log, ready=(200, 503)) as url:
        yield url


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server on a database nobody migrated: every query fails, a server error."""
    directory = tmp_path_factory.mktemp("broken")
    yield from _server(f"sqlite://{directory / 'empty.sqlite3'}", directory / "uvicorn.log")


@pytest.fixture(scope="module")
def server_without_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory = tmp_path_factory.mktemp("gone")
    yield from _server(UNREACHABLE, directory / "uvicorn.log")


def _on_one_connection(url: str, paths: list[str]) -> list[tuple[int, str]]:
    """GET each path in turn on one keep-alive connection: the status and content type of
    each answer. Fails if the server closed the connection after any of them."""
    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    answers: list[tuple[int, str]] = []
    try:
        for path in paths:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            answers.append((response.status, response.getheader("content-type", "")))
            if len(answers) == 1:
                first = connection.sock
            # http.client opens a new connection by itself after "Connection: close".
            assert connection.sock is first is not None, f"a new connection for {path}"
    finally:
        connection.close()
    return answers


def test_after_a_server_error_the_connection_serves_the_next_request(broken_server: str) -> None:
    paths = ["/", "/api/v1/masterplans", "/static/css/app.css", "/"]
    assert _on_one_connection(broken_server, paths) == [
        (500, HTML),
        (500, JSON),
        (200, "text/css; charset=utf-8"),
        (500, HTML),
    ]


def test_after_a_database_outage_the_connection_serves_the_next_request(
    server_without_database: str,
) -> None:
    paths = ["/", "/api/v1/masterplans", "/static/css/app.css", "/healthz"]
    assert _on_one_connection(server_without_database, paths) == [
        (503, HTML),
        (503, JSON),
        (200, "text/css; charset=utf-8"),
        (503, JSON),
    ]
