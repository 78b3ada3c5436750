"""A few seconds' copy of the pages anonymous visitors read, kept in each app process.

When a masterplan is in the news, thousands of people who are not signed in open the same
list and the same proposals. Every one of them would otherwise cost a dozen queries and a
template rendering for a page that is the same for all of them. With ``PAGE_CACHE_SECONDS``
above 0, a page answered to a visitor without a session is kept that many seconds and
served again to the next visitors in the same language.

What makes it safe:

- Only GET requests of visitors who are not signed in, without a flash message waiting
  and not from htmx, and only complete ``200 text/html`` answers that set no cookie
  (anything personal a page could carry comes with a session or a cookie).
- The one per-browser value in an anonymous page is its CSRF token (an HMAC of the
  browser's own random cookie, always 64 hex digits): it is replaced by the token of the
  browser that asks, so no browser ever receives another's token.
- The headers the outer middleware adds per request (security headers, a new browser's
  CSRF cookie) are added to the copy as to a fresh page, because this middleware sits
  inside them.

When a copy expires, one request renders the page anew while the others still get the
old copy, and the first visitors of a page not yet kept wait for its one rendering: a
page everyone opens at once is rendered once, not once per visitor.

What it costs: an anonymous visitor may see a vote, comment or moderation decision up to
``PAGE_CACHE_SECONDS`` (plus one rendering) late; people who are signed in always see the
current state. Each process keeps at most 2,000 pages of at most 512 kB.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from participation import i18n
from participation.security import cookies_of
from participation.templating import FLASH_COOKIE

MAX_ENTRIES = 2000
MAX_PAGE_BYTES = 512 * 1024
WAIT_SECONDS = 5.0  # how long a visitor waits for the first rendering of a page
NOT_CACHED = ("/static/", "/healthz", "/attachments/", "/api/")


@dataclass(frozen=True)
class _Page:
    stored_at: float
    headers: list[tuple[bytes, bytes]]
    body: bytes
    token: bytes  # the CSRF token the page was rendered with


class PageCacheMiddleware:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds
        self.pages: OrderedDict[tuple[str, str, str], _Page] = OrderedDict()
        self.rendering: dict[tuple[str, str, str], asyncio.Event] = {}
        self.hits = self.misses = 0

    def _key(self, scope: Scope) -> tuple[str, str, str] | None:
        if (
            self.seconds <= 0
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or scope.get("user") is not None
            or scope["path"].startswith(NOT_CACHED)
        ):
            return None
        headers = dict(scope["headers"])
        if b"hx-request" in headers or FLASH_COOKIE in cookies_of(scope):
            return None
        query = scope.get("query_string", b"").decode("latin-1")
        return scope["path"], query, i18n.current_language()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        token = str(scope.get("csrf_token", "")).encode()
        page = self.pages.get(key)
        if page is not None and (
            time.monotonic() - page.stored_at < self.seconds or key in self.rendering
        ):
            # Fresh, or stale while one request renders it anew: the others do not all
            # render the same page at the same moment when it expires.
            await self._serve(page, token, send)
            return
        if page is None and key in self.rendering:  # the first rendering is under way
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.rendering[key].wait(), timeout=WAIT_SECONDS)
            page = self.pages.get(key)
            if page is not None:
                await self._serve(page, token, send)
                return
        self.misses += 1
        done = self.rendering.setdefault(key, asyncio.Event())
        try:
            await self.app(scope, receive, self._keeping(key, token, send))
        finally:
            if self.rendering.get(key) is done:
                del self.rendering[key]
            done.set()

    async def _serve(self, page: _Page, token: bytes, send: Send) -> None:
        self.hits += 1
        body = page.body.replace(page.token, token) if page.token else page.body
        await send({"type": "http.response.start", "status": 200, "headers": list(page.headers)})
        await send({"type": "http.response.body", "body": body})

    def _keeping(self, key: tuple[str, str, str], token: bytes, send: Send) -> Send:
        """A ``send`` that passes every message on and keeps a copy of a cacheable page."""
        started: dict[str, object] = {}
        parts: list[bytes] = []
        size = 0

        async def keep(message: Message) -> None:
            # Looked at before passing it on: the outer middleware add their headers to
            # this very message (a new browser's CSRF cookie), which the copy must not keep.
            nonlocal size
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                content_type = dict(headers).get(b"content-type", b"")
                if (
                    message["status"] == 200
                    and b"set-cookie" not in names
                    and content_type.startswith(b"text/html")
                ):
                    started["headers"] = headers
            elif message["type"] == "http.response.body" and "headers" in started:
                size += len(message.get("body", b""))
                if size > MAX_PAGE_BYTES:
                    started.clear()
                else:
                    parts.append(message.get("body", b""))
                    if not message.get("more_body", False):
                        self._store(key, started["headers"], b"".join(parts), token)  # type: ignore[arg-type]
            await send(message)

        return keep

    def _store(
        self,
        key: tuple[str, str, str],
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        token: bytes,
    ) -> None:
        self.pages[key] = _Page(time.monotonic(), headers, body, token if token in body else b"")
        self.pages.move_to_end(key)  # the least recently stored copies go first
        while len(self.pages) > MAX_ENTRIES:
            self.pages.popitem(last=False)
