"""Request security: headers, CSRF protection and the signed-in person.

The Content-Security-Policy allows nothing from another host and no inline script or style:
every script, style and font is a file the app serves itself (DSGVO and XSS both ask for it).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from tempfile import SpooledTemporaryFile

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from participation.accounts.models import User
from participation.accounts.sessions import load_session
from participation.api import errors as api_errors
from participation.cookies import cookies_of
from participation.site import storage
from participation.site.caching import cache_control

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # KERN draws its icons as data: SVG masks
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

SESSION_COOKIE = storage.SESSION.name  # every cookie is declared in the registry
CSRF_COOKIE = storage.CSRF.name
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
MAX_FORM_BYTES = 1024 * 1024  # plain forms
MAX_UPLOAD_BYTES = 60 * 1024 * 1024  # multipart: five attachments of 10 MB and the fields
SPOOL_IN_MEMORY = 1024 * 1024  # a posted body beyond this waits in a temporary file
REPLAY_CHUNK = 64 * 1024


__all__ = ["cookies_of"]  # one parse per request, for everyone who asks (cookies.py)


def _header(scope: Scope, name: bytes) -> bytes:
    """One request header's value (b"" without it), without building a dict of them all."""
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return b""


def is_https(scope: Scope) -> bool:
    return scope.get("scheme") == "https"


def cookie_header(name: str, value: str, scope: Scope, *, max_age: int | None = None) -> str:
    """A Set-Cookie value with the flags every cookie of this site carries."""
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if is_https(scope):
        parts.append("Secure")
    return "; ".join(parts)


def set_site_cookie(
    response: Response, request: Request, name: str, value: str, *, max_age: int | None
) -> None:
    """Every cookie this site sets: HttpOnly, SameSite=Lax, Secure on https; without
    ``max_age`` it ends with the browser session."""
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="lax", secure=is_https(request.scope)
    )


_SECURITY_RAW = tuple(
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in SECURITY_HEADERS.items()
)
_HSTS = (b"strict-transport-security", b"max-age=31536000")
SET_COOKIE = b"set-cookie"
CSRF_COOKIE_KEY = "participation.csrf_cookie"  # a new browser's key, set by the CSRF check
SESSION_COOKIE_KEY = "participation.session_cookie"  # the renewed session cookie


class ResponseHeadersMiddleware:
    """Everything the app adds to the headers of its own answers, in one pass over the
    start message instead of one send wrapper per concern: the security headers (and HSTS
    on https), ``Cache-Control`` (``site.caching``: who asks is known from the scope by the
    time the answer starts) and the cookies the middleware inside ask for through the
    scope: a new browser's CSRF key and a renewed session. Outside the API's, the CSRF
    check's and the error handler's middleware, so their answers get the headers too."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = self._completed(scope, list(message.get("headers", ())))
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _secured(self, scope: Scope, headers: list[tuple[bytes, bytes]]) -> set[bytes]:
        """Add the security headers (and HSTS on https) an answer does not set itself;
        returns the names the answer had."""
        names = {name.lower() for name, _ in headers}
        headers.extend(item for item in _SECURITY_RAW if item[0] not in names)
        if (self.https or is_https(scope)) and _HSTS[0] not in names:
            headers.append(_HSTS)
        return names

    def _completed(
        self, scope: Scope, headers: list[tuple[bytes, bytes]]
    ) -> list[tuple[bytes, bytes]]:
        names = self._secured(scope, headers)
        if b"cache-control" not in names:
            content_type = next((v for n, v in headers if n.lower() == b"content-type"), b"")
            value = cache_control(scope.get("user") is not None, content_type)
            if value:
                headers.append((b"cache-control", value))
        browser_key = scope.get(CSRF_COOKIE_KEY)
        if browser_key:
            headers.append((SET_COOKIE, cookie_header(CSRF_COOKIE, browser_key, scope).encode()))
        session = scope.get(SESSION_COOKIE_KEY)
        if session:
            mine = f"{SESSION_COOKIE}=".encode()
            if not any(n.lower() == SET_COOKIE and v.startswith(mine) for n, v in headers):
                headers.append((SET_COOKIE, session.encode()))
        return headers


class SecurityHeadersMiddleware(ResponseHeadersMiddleware):
    """The security headers alone, for the static files (answered before the app's own
    middleware, see ``site.assets``)."""

    def _completed(
        self, scope: Scope, headers: list[tuple[bytes, bytes]]
    ) -> list[tuple[bytes, bytes]]:
        self._secured(scope, headers)
        return headers


def new_browser_key() -> str:
    """The random value of the ``csrf`` cookie, new on a first visit and at every sign-in."""
    return secrets.token_urlsafe(32)


@functools.lru_cache(maxsize=4096)  # a browser sends the same key with every request
def csrf_token_for(secret: str, browser_key: str) -> str:
    """The form token: an HMAC of the browser's random cookie, so a page of another site
    can neither read nor forge it (double-submit with a signed value)."""
    return hmac.new(secret.encode(), browser_key.encode(), hashlib.sha256).hexdigest()


def mask_token(token: str) -> str:
    """The token as one response carries it: a fresh random pad, then the token XOR the pad
    (hex). Every page holds a different string, so a compressed page's length tells an
    attacker who injects guesses into it nothing about the token (BREACH)."""
    size = len(token) // 2
    pad = secrets.token_bytes(size)
    masked = int.from_bytes(pad) ^ int(token, 16)
    return pad.hex() + masked.to_bytes(size).hex()


def unmask_token(given: str) -> str:
    """The token a masked value stands for; empty for anything that is not one."""
    try:
        raw = bytes.fromhex(given)
    except ValueError:
        return ""
    if len(raw) != 2 * hashlib.sha256().digest_size:
        return ""
    half = len(raw) // 2
    return bytes(a ^ b for a, b in zip(raw[:half], raw[half:], strict=True)).hex()


class CSRFMiddleware:
    """Refuse every unsafe request without the token of this browser.

    The token comes in the ``X-CSRF-Token`` header (htmx sends it from ``data-hx-headers`` on the
    body) or in the ``csrf_token`` form field. The body is read here to find the field and
    then replayed unchanged to the endpoint, so no endpoint can forget the check. A new
    browser's cookie is set by ``ResponseHeadersMiddleware`` (outside this one). The health
    check and the API (which only reads, and needs no cookie) have no token.
    """

    SKIP = ("/healthz", "/api/")

    def __init__(
        self,
        app: ASGIApp,
        secret: str,
        refuse: Callable[[Scope, Receive, Send, int], Awaitable[None]],
    ) -> None:
        self.app = app
        self.secret = secret
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (
            scope["method"] in SAFE_METHODS and scope["path"].startswith(self.SKIP)
        ):
            await self.app(scope, receive, send)
            return
        browser_key = cookies_of(scope).get(CSRF_COOKIE, "")
        fresh = len(browser_key) < 32
        if fresh:
            browser_key = new_browser_key()
        expected = csrf_token_for(self.secret, browser_key)
        scope["csrf_token"] = mask_token(expected)

        if scope["method"] not in SAFE_METHODS:
            if _header(scope, b"sec-fetch-site") == b"cross-site":
                await self.refuse(scope, receive, send, 403)
                return
            # A browser without the cookie cannot hold a valid token, and a body larger
            # than any form may be is refused for what it says it is: neither is read.
            too_large = _declared_too_large(scope)
            if fresh or too_large:
                await self.refuse(scope, receive, send, 413 if too_large else 403)
                return
            given = _header(scope, CSRF_HEADER.encode()).decode("latin-1")
            if not given:
                with SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as body:
                    outcome = await _token_from_body(scope, receive, body)
                    if isinstance(outcome, int):
                        await self.refuse(scope, receive, send, outcome)
                        return
                    given, replay = outcome
                    if not hmac.compare_digest(unmask_token(given), expected):
                        await self.refuse(scope, receive, send, 403)
                        return
                    await self.app(scope, replay, send)
                return
            if not hmac.compare_digest(unmask_token(given), expected):
                await self.refuse(scope, receive, send, 403)
                return
        if fresh:  # only a request let in: a refused one does not get a key either
            scope[CSRF_COOKIE_KEY] = browser_key
        await self.app(scope, receive, send)


def _limit(scope: Scope) -> int:
    content_type = _header(scope, b"content-type")
    return MAX_UPLOAD_BYTES if content_type.startswith(b"multipart/") else MAX_FORM_BYTES


def _declared_too_large(scope: Scope) -> bool:
    declared = _header(scope, b"content-length")
    # Eighteen digits are more than any body; int() refuses 4,300 and more.
    return declared.isdigit() and (len(declared) > 18 or int(declared) > _limit(scope))


async def _token_from_body(
    scope: Scope, receive: Receive, body: SpooledTemporaryFile[bytes]
) -> tuple[str, Receive] | int:
    """Read the body (bounded) into ``body`` — memory up to a megabyte, a temporary file
    beyond — find the token field, and hand back a receive that replays it in chunks.
    Returns an HTTP status instead where the body is too large or unreadable."""
    limit = _limit(scope)
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return 400
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return 413
        body.write(chunk)
        more = message.get("more_body", False)

    def replaying() -> Receive:
        body.seek(0)
        finished = False

        async def replay() -> Message:
            nonlocal finished
            if finished:  # after the body: the disconnect, when it comes
                return await receive()
            chunk = body.read(REPLAY_CHUNK)
            more = body.tell() < size
            finished = not more
            return {"type": "http.request", "body": chunk, "more_body": more}

        return replay

    token = ""
    content_type = _header(scope, b"content-type")
    if content_type.startswith((b"application/x-www-form-urlencoded", b"multipart/form-data")):
        probe = Request(scope, receive=replaying())
        try:
            async with probe.form() as form:
                value = form.get(CSRF_FIELD)
                token = value if isinstance(value, str) else ""
        except Exception:  # broken multipart or encoding: no token, so refused below
            token = ""
    return token, replaying()


class CurrentUserMiddleware:
    """Put the signed-in person (or None) into the scope, in at most one statement; for a
    page (GET) that statement also counts the person's unread notifications for the header
    (0 for everyone else). A session extended by this request asks
    ``ResponseHeadersMiddleware`` to send its cookie again."""

    SKIP = ("/static/", "/healthz")
    NO_HEADER = ("/attachments/",)  # answers without the page header: no unread count

    def __init__(self, app: ASGIApp, session_days: int) -> None:
        self.app = app
        self.session_days = session_days

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope["user"] = None
            scope["unread_notifications"] = 0
            path = scope["path"]
            token = (
                cookies_of(scope).get(SESSION_COOKIE) if not path.startswith(self.SKIP) else None
            )
            if token:
                now = datetime.now(UTC)
                page = scope["method"] == "GET" and not path.startswith(self.NO_HEADER)
                found = await load_session(token, days=self.session_days, now=now, unread=page)
                if found is not None:
                    scope["user"] = found.user
                    if page:
                        scope["unread_notifications"] = found.unread
                    if found.extended:  # so is the cookie
                        scope[SESSION_COOKIE_KEY] = cookie_header(
                            SESSION_COOKIE, token, scope, max_age=self.session_days * 86400
                        )
        await self.app(scope, receive, send)


def current_user(request: Request) -> User | None:
    user = request.scope.get("user")
    return user if isinstance(user, User) else None


class SignInRequired(Exception):
    """The action needs a signed-in person; the visitor is sent to the sign-in page."""


class Forbidden(Exception):
    """Signed in, but not allowed: a 403 page that says so."""


def require_user(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise SignInRequired()
    return user


def require(request: Request, allowed: bool) -> User:
    """Ask a named permission; anonymous visitors go to sign in, others get a 403 page."""
    user = require_user(request)
    if not allowed:
        raise Forbidden()
    return user


class RefuseNulMiddleware:
    """A NUL character in a URL is never meant, and no text column can hold it (PostgreSQL
    refuses it outright): it is dropped from the query string, and a path with one is no
    page (404, in JSON under /api/), before any route sees the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and "\x00" in scope["path"]:
            response: Response = (
                api_errors.error_response(404, "no such address")
                if api_errors.is_api(scope["path"])
                else PlainTextResponse("Not found.", status_code=404)
            )
            await response(scope, receive, send)
            return
        if scope["type"] == "http" and b"%00" in scope["query_string"]:
            # In place: the middleware outside read what the app puts into the scope
            # (the signed-in person decides the Cache-Control).
            scope["query_string"] = scope["query_string"].replace(b"%00", b"")
        await self.app(scope, receive, send)
