"""What every answer under /api/ gets: open to any origin (read only, no cookies needed),
a limit on how fast one client may ask, and a 405 for any method but reading.

The limit is a token bucket per client address, kept where the shared state is
(participation/shared_state.py): in Redis where ``REDIS_URL`` is set, so all app processes
allow one client the same rate together; else in the process, each allowing its own share.
"""

from __future__ import annotations

import math

from starlette.datastructures import MutableHeaders
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from participation.api.errors import error_response, is_api
from participation.shared_state import LocalState

READING = frozenset({"GET", "HEAD"})


class ApiMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        rate: float = 10.0,
        burst: int = 60,
        state: LocalState | None = None,
    ) -> None:
        self.app, self.rate, self.burst = app, rate, burst
        self.state = state or LocalState()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api(scope["path"]):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            await _preflight(send)
            return
        client = scope.get("client")
        wait = await self.state.take(
            client[0] if client else "unknown", rate=self.rate, burst=self.burst
        )
        if wait > 0:
            await _too_many(scope, receive, send, wait)
            return
        if scope["method"] not in READING:
            await _not_reading(scope, receive, send)
            return

        async def send_open(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Access-Control-Allow-Origin"] = "*"
            await send(message)

        await self.app(scope, receive, send_open)


async def _preflight(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 204,
            "headers": [
                (b"access-control-allow-origin", b"*"),
                (b"access-control-allow-methods", b"GET, HEAD, OPTIONS"),
                (b"access-control-max-age", b"86400"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})


async def _too_many(scope: Scope, receive: Receive, send: Send, wait: float) -> None:
    headers = {"Retry-After": str(math.ceil(wait)), "Access-Control-Allow-Origin": "*"}
    response = error_response(429, "too many requests; slow down", headers=headers)
    await response(scope, receive, send)


async def _not_reading(scope: Scope, receive: Receive, send: Send) -> None:
    """The API only reads. Answered here, before the CSRF check, which would refuse any
    other method for want of a token no API client has: a 405 where there is something to
    read, a 404 where there is nothing."""
    routes = getattr(scope.get("app"), "routes", [])
    if any(route.matches(scope)[0] is not Match.NONE for route in routes):
        headers = {"Allow": "GET, HEAD, OPTIONS", "Access-Control-Allow-Origin": "*"}
        response = error_response(405, "method not allowed; the API only reads", headers=headers)
    else:
        response = error_response(
            404, "no such address", headers={"Access-Control-Allow-Origin": "*"}
        )
    await response(scope, receive, send)
