"""The request's cookies, read once per request.

The language, the CSRF check, the session lookup, the page cache and the flash message all
ask for a cookie; the header is parsed at the first question and the answer kept in the
scope for the others. Parsed as browsers send it (Starlette's parser, the same as
``Request.cookies``): a malformed part is skipped, never a reason to fail the request, and
what a value means is checked by whoever reads it.
"""

from __future__ import annotations

from starlette.requests import cookie_parser
from starlette.types import Scope

SCOPE_KEY = "participation.cookies"


def cookies_of(scope: Scope) -> dict[str, str]:
    kept = scope.get(SCOPE_KEY)
    if kept is None:
        raw = [value for name, value in scope["headers"] if name == b"cookie"]
        kept = cookie_parser(b"; ".join(raw).decode("latin-1")) if raw else {}
        scope[SCOPE_KEY] = kept
    return kept
