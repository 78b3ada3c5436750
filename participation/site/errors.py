"""Error pages in the site's layout; no stack trace ever reaches a visitor."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

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
        request, "errors/error.html", {"status_code": exc.status_code}, status_code=exc.status_code
    )


async def server_error(request: Request, exc: Exception) -> Response:
    logger.exception("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    try:
        return render(request, "errors/500.html", status_code=500)
    except Exception:  # the layout itself failed: still no traceback for the visitor
        return PlainTextResponse("Interner Fehler / Internal error", status_code=500)
