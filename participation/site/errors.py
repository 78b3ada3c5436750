"""Error pages in the site's layout; no stack trace ever reaches a visitor."""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import Receive, Scope, Send

from participation.templating import render

logger = logging.getLogger(__name__)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
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
    if request.url.path.startswith("/api/"):
        message = "no such item" if status == 404 else "a value is too long"
        return JSONResponse({"error": message}, status_code=status)
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
    logger.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    try:
        return render(request, "errors/500.html", status_code=500)
    except Exception:  # the layout itself failed: still no traceback for the visitor
        return PlainTextResponse("Interner Fehler / Internal error", status_code=500)
