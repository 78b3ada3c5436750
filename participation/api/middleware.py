"""What every answer under /api/ gets: open to any origin (read only, no cookies needed),
a limit on how fast one client may ask, and a 405 for any method but reading.

The limit is a token bucket per client address, kept in the process: with several app
processes each allows its own share, which keeps one client from starving the others on
a process without any shared state (see the README's scale-out notes).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.datastructures import MutableHeaders
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from participation.api.errors import error_response, is_api

READING = frozenset({"GET", "HEAD"})
MAX_CLIENTS = 10_000  # buckets kept; the least recently seen client is forgotten first


@dataclass
class Bucket:
    tokens: float
    updated: float


class ApiMiddleware:
    def __init__(self, app: ASGIApp, *, rate: float = 10.0, burst: int = 60) -> None:
        self.app, self.rate, self.burst = app, rate, burst
        self.buckets: OrderedDict[str, Bucket] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api(scope["path"]):
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            await _preflight(send)
            return
        wait = self._take(scope)
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

    def _take(self, scope: Scope) -> float:
        """Seconds to wait before the next request; 0 if it may go now."""
        client = scope.get("client")
        key = client[0] if client else "unknown"
        now = time.monotonic()
        bucket = self.buckets.pop(key, None) or Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self.buckets[key] = bucket
        while len(self.buckets) > MAX_CLIENTS:
            self.buckets.popitem(last=False)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate


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
