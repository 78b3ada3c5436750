"""What the middleware stack and the page frame cost per request, in-process: no uvicorn, no
socket, no load driver, so the figures are the app's CPU alone and steady on a busy machine.

    .venv/bin/python -m bench.stack --database-url URL --sessions-file F [--requests 2000]

For each page (the ranked list and a proposal, signed in and not) it reports the process CPU
per request through the whole app. For the stack alone it wraps a constant page of the same
size in the app's middleware (the page is answered without a query or a template), and then
in the outermost k middleware for k = 0 .. all, so each middleware's own cost is the step it
adds. Reads only: run it on a benchmark database.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Scope


def _environment(database_url: str) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        ENVIRONMENT="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        BASE_URL="https://beteiligung.example",
        API_RATE="1000000",
        API_BURST="1000000",
        MAIL_WORKER="false",
        PHASE_SWITCH="false",
        HOUSEKEEPING="false",
    )


def _scope(path: str, cookie: str) -> Scope:
    path, _, query = path.partition("?")
    headers = [(b"host", b"127.0.0.1"), (b"accept", b"text/html")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


async def _one(app: ASGIApp, path: str, cookie: str) -> tuple[int, int]:
    status = size = 0

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status, size
        if message["type"] == "http.response.start":
            status = message["status"]
        else:
            size += len(message.get("body", b""))

    scope = _scope(path, cookie)
    scope["app"] = app
    await app(scope, receive, send)
    return status, size


async def _measure(
    app: ASGIApp, paths: list[str], cookies: list[str], requests: int
) -> tuple[float, int, int]:
    """µs of process CPU per request, and the last answer's status and size."""
    for i in range(min(200, requests)):  # warm: templates compiled, caches filled
        await _one(app, paths[i % len(paths)], cookies[i % len(cookies)])
    start = time.process_time()
    status = size = 0
    for i in range(requests):
        status, size = await _one(app, paths[i % len(paths)], cookies[i % len(cookies)])
    return (time.process_time() - start) / requests * 1e6, status, size


def _stack_with(middleware: list[Middleware], body: bytes, settings: Any, shared: Any) -> ASGIApp:
    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse(body)

    app = Starlette(routes=[Route("/{path:path}", page)], middleware=middleware)
    app.state.settings = settings
    app.state.shared = shared
    return app


async def main(args: argparse.Namespace) -> None:
    _environment(args.database_url)
    from app import create_app  # after the environment is set

    app = create_app()
    settings = app.state.settings
    tokens: list[str] = args.tokens
    signed_in = [f"session={t}; csrf={'k' * 43}" for t in tokens]
    anonymous = [f"csrf={'k' * 43}"]
    async with app.router.lifespan_context(app):
        slug = args.masterplan
        from tortoise import connections

        rows = await connections.get("default").execute_query_dict(
            "SELECT id FROM proposal ORDER BY vote_count DESC, id LIMIT 20"
        )
        details = [f"/proposals/{r['id']}" for r in rows]
        pages: dict[str, tuple[list[str], list[str]]] = {
            "list": ([f"/masterplans/{slug}/proposals?sort=rank"], anonymous),
            "list-signed-in": ([f"/masterplans/{slug}/proposals?sort=rank"], signed_in),
            "detail": (details, anonymous),
            "detail-signed-in": (details, signed_in),
            "healthz": (["/healthz"], anonymous),
        }
        print(f"{'page':<18} {'µs/req':>8} {'status':>6} {'bytes':>7}")
        sizes = {}
        for name, (paths, cookies) in pages.items():
            cost, status, size = await _measure(app, paths, cookies, args.requests)
            sizes[name] = size
            print(f"{name:<18} {cost:8.0f} {status:>6} {size:>7}")

        body = b"x" * sizes["list"]
        stack = list(app.user_middleware)
        print("\nthe stack around a constant page of the list's size (µs/req, cumulative)")
        print(f"{'outermost k middleware':<44} {'anon':>6} {'signed':>7}")
        previous: tuple[float, float] | None = None
        for k in range(len(stack) + 1):
            wrapped = _stack_with(stack[:k], body, settings, app.state.shared)
            anon, _, _ = await _measure(wrapped, ["/masterplans/x"], anonymous, args.requests)
            signed, _, _ = await _measure(wrapped, ["/masterplans/x"], signed_in, args.requests)
            label = "none (Starlette + the page)" if k == 0 else f"+ {_name(stack[k - 1])}"
            step = (
                ""
                if previous is None
                else (f"  (+{anon - previous[0]:.0f} / +{signed - previous[1]:.0f})")
            )
            print(f"{label:<44} {anon:6.0f} {signed:7.0f}{step}")
            previous = (anon, signed)


def _name(middleware: Middleware) -> str:
    cls: Callable[..., Awaitable[None]] | type = middleware.cls  # type: ignore[assignment]
    return getattr(cls, "__name__", str(cls))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--sessions-file", required=True)
    parser.add_argument("--masterplan", default="digitale-stadtverwaltung")
    parser.add_argument("--requests", type=int, default=2000)
    arguments = parser.parse_args()
    arguments.tokens = Path(arguments.sessions_file).read_text().split()[:50]
    asyncio.run(main(arguments))
