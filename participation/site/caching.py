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
  ``page_cache``): the header is added outside it, so every copy gets it too.
- A response that says its own ``Cache-Control`` (attachments, the data export, the API)
  keeps it.

Compression: brotli when the browser accepts it, else gzip (``brotli-asgi``, which hands
gzip to Starlette's own ``GZipResponder``), for every rendered response but static files
(servestatic serves their compressed copies made at build time), attachments and the
XLSX and PDF exports (compressed formats already).
"""

from __future__ import annotations

from brotli_asgi import BrotliMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

SIGNED_IN = b"private, no-store"
ANONYMOUS_PAGE = b"private, no-cache"
NOT_COMPRESSED = (r"^/static/", r"^/attachments/", r"\.(xlsx|pdf)$")


def cache_control(signed_in: bool, content_type: bytes) -> bytes | None:
    """The ``Cache-Control`` of a rendered response that does not set its own (see above);
    None where it says nothing. ``security.ResponseHeadersMiddleware`` adds it as the answer
    starts, when who asks is known."""
    if signed_in:
        return SIGNED_IN
    if content_type.startswith(b"text/html"):
        return ANONYMOUS_PAGE
    return None


class CompressionMiddleware:
    """Brotli (quality 4: a page costs well under a millisecond) or gzip, whichever the
    browser accepts; nothing below 500 bytes. A request that accepts neither, or asks for
    what is never compressed, goes straight to the app, past brotli-asgi's header parsing
    and path patterns."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.compressing = BrotliMiddleware(
            app,
            quality=4,
            minimum_size=500,
            gzip_fallback=True,
            excluded_handlers=list(NOT_COMPRESSED),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _accepts_compression(scope):
            await self.compressing(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def _accepts_compression(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"accept-encoding":
            return b"br" in value or b"gzip" in value
    return False
