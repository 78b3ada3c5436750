"""What browsers and proxies may keep of a page, and compression of what the app renders.

Static files say it themselves (``participation.site.assets``: a year, immutable, for
hashed names). For everything else the app renders:

- Signed in: ``Cache-Control: private, no-store``. A page for a signed-in person holds what
  only they may see (their name, notifications, moderation queues); neither a shared cache
  nor the browser's disk keeps it, and the back button after signing out on a shared
  computer shows nothing personal.
- Not signed in, HTML: ``private, no-cache``. The page is the same for every visitor but for
  the CSRF token of the browser's own cookie, so a shared cache must not hand it to another
  browser; the browser itself asks again before showing it (the back/forward cache still
  restores it). ``PAGE_CACHE_SECONDS`` keeps such pages in the app instead (see
  ``page_cache``): this middleware sits outside it and adds the header to every copy.
- A response that says its own ``Cache-Control`` (attachments, the data export, the API)
  keeps it.

Compression: brotli when the browser accepts it, else gzip (``brotli-asgi``, which hands
gzip to Starlette's own ``GZipResponder``), for every rendered response but static files
(servestatic serves their compressed copies made at build time), attachments and the
XLSX and PDF exports (compressed formats already).
"""

from __future__ import annotations

from brotli_asgi import BrotliMiddleware
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SIGNED_IN = "private, no-store"
ANONYMOUS_PAGE = "private, no-cache"
NOT_COMPRESSED = (r"^/static/", r"^/attachments/", r"\.(xlsx|pdf)$")


class CacheControlMiddleware:
    """``Cache-Control`` for rendered responses that do not set their own (see above).
    Inside ``CurrentUserMiddleware``, which tells who asks."""

    SKIP = ("/static/",)

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.SKIP):
            await self.app(scope, receive, send)
            return

        async def send_with_cache_control(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "cache-control" not in headers:
                    if scope.get("user") is not None:
                        headers["Cache-Control"] = SIGNED_IN
                    elif headers.get("content-type", "").startswith("text/html"):
                        headers["Cache-Control"] = ANONYMOUS_PAGE
            await send(message)

        await self.app(scope, receive, send_with_cache_control)


def compression() -> Middleware:
    """Brotli (quality 4: a page costs well under a millisecond) or gzip, whichever the
    browser accepts; nothing below 500 bytes."""
    return Middleware(
        BrotliMiddleware,
        quality=4,
        minimum_size=500,
        gzip_fallback=True,
        excluded_handlers=list(NOT_COMPRESSED),
    )
