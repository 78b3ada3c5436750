"""The ceiling: a bare Starlette app that answers "Hello, world", served with the same
uvicorn settings as the real app. No page of the app can be faster than this on one machine.

    uvicorn bench.hello:app --no-access-log --loop uvloop --http httptools
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route


async def hello(request: Request) -> PlainTextResponse:
    return PlainTextResponse("Hello, world")


app = Starlette(routes=[Route("/", hello)])
