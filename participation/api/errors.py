"""The API's answer when something goes wrong, in the shape its OpenAPI document gives
(``Error``): the message in ``error`` and, for a wrong parameter, its name in ``parameter``.
Every error under /api/ has it, whoever answers: an endpoint, the rate limit, or the app's
error handlers (an unknown address, a server error, a database outage: site/errors.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse

PREFIX = "/api/"


def is_api(path: str) -> bool:
    return path.startswith(PREFIX)


def error_response(
    status_code: int,
    message: str,
    *,
    parameter: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"error": message}
    if parameter:
        body["parameter"] = parameter
    return JSONResponse(
        body, status_code=status_code, headers=headers, media_type="application/json"
    )
