"""Error pages in the site's layout, and the API's errors in its JSON; no stack trace ever
reaches a visitor."""

from __future__ import annotations

import logging
from http import HTTPStatus
from urllib.parse import urlencode, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from participation.api.errors import error_response, is_api
from participation.db import database_unavailable
from participation.templating import render

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30  # after a database outage: long enough for a restart or failover
API_MESSAGES = {404: "no such address", 405: "method not allowed; the API only reads"}


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if is_api(request.url.path):
        message = API_MESSAGES.get(exc.status_code) or HTTPStatus(exc.status_code).phrase.lower()
        return error_response(exc.status_code, message, headers=exc.headers)
    if exc.status_code == 404:
        return render(request, "errors/404.html", status_code=404)
    if exc.status_code == 405:
        return PlainTextResponse(
            "Method Not Allowed", status_code=405, headers=getattr(exc, "headers", None)
        )
    return render(
        request,
        "errors/error.html",
        {"status_code": exc.status_code},
        status_code=exc.status_code,
    )


async def unmatched_value(request: Request, exc: Exception) -> Response:
    """Tortoise refuses a value longer than its column before asking the database (a slug
    of 300 characters in a URL, a field parameter): such a value names nothing (a lookup:
    404) or cannot be kept (a post: 400). Logged, as a form that forgot a length check
    ends here too."""
    logger.warning("Value refused on %s %s: %s", request.method, request.url.path, exc)
    status = 404 if request.method in ("GET", "HEAD") else 400
    if is_api(request.url.path):
        return error_response(status, "no such item" if status == 404 else "a value is too long")
    if status == 404:
        return render(request, "errors/404.html", status_code=404)
    return render(request, "errors/error.html", {"status_code": 400}, status_code=400)


MAX_NEXT = 2_000  # characters of the page to return to after signing in


async def sign_in_required(request: Request, exc: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":  # after signing in, go back to the page, not to a POST URL
        target = urlsplit(request.headers.get("referer", "")).path or "/"
    if len(target) > MAX_NEXT:  # a giant query string is not worth a giant redirect
        target = request.url.path[:MAX_NEXT]
    return RedirectResponse("/account/login?" + urlencode({"next": target}), status_code=303)


async def forbidden(request: Request, exc: Exception) -> Response:
    return render(request, "errors/403.html", {"reason": "permission"}, status_code=403)


async def refuse_request(scope: Scope, receive: Receive, send: Send, status_code: int) -> None:
    """The CSRF check's answer: a page that says what happened and what to do."""
    request = Request(scope, receive)
    reason = {403: "csrf", 413: "too_large"}.get(status_code, "bad_request")
    response = render(request, "errors/403.html", {"reason": reason}, status_code=status_code)
    await response(scope, receive, send)


async def server_error(request: Request, exc: Exception) -> Response:
    if database_unavailable(exc):  # no fault of the code: no traceback, and a time to retry
        logger.error("Database unavailable on %s %s: %r", request.method, request.url.path, exc)
        return _unavailable(request)
    logger.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    if is_api(request.url.path):
        return error_response(500, "internal error")
    try:
        return render(request, "errors/500.html", status_code=500)
    except Exception:  # the layout itself failed: still no traceback for the visitor
        return PlainTextResponse("Interner Fehler / Internal error", status_code=500)


def _unavailable(request: Request) -> Response:
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if is_api(request.url.path):
        return error_response(503, "the database is unavailable; retry later", headers=headers)
    try:
        response = render(request, "errors/503.html", status_code=503)
    except Exception:
        text = "Vorübergehend nicht erreichbar / Temporarily unavailable"
        response = PlainTextResponse(text, status_code=503)
    response.headers.update(headers)
    return response


class UnhandledErrorMiddleware:
    """Answers an exception nothing else handled with :func:`server_error`, and ends there.

    Starlette's own last resort (ServerErrorMiddleware, which calls the same handler) raises
    the exception again after answering, for the server to log; uvicorn then closes the
    connection, and the client's next request on it fails. Placed inside the middleware that
    sets the language, the security headers and the API's CORS header, so error answers get
    them too. Only an answer already under way (a stream broken off) is raised on: its
    connection cannot carry another. A client that went away while its request was read
    (``ClientDisconnect``, from ``request.form()``) is no error: one short line, no answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except ClientDisconnect:
            logger.info("Client gone during %s %s", scope["method"], scope["path"])
        except Exception as exc:
            if started:
                raise
            response = await server_error(Request(scope), exc)
            await response(scope, receive, send)
