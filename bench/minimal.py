"""The second reference: the least a page of this stack can do. One Tortoise query for the
20 best-ranked proposals on the benchmarked database, rendered by one Jinja template, behind
the same uvicorn flags as the app. The app's list and proposal page are measured against it:
what they cost beyond it is ours, what it costs is the libraries'.

    DATABASE_URL=... uvicorn bench.minimal:app --no-access-log --loop uvloop --http httptools
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route
from tortoise.contrib.starlette import RegisterTortoise

from participation.db import tortoise_config
from participation.proposals.models import Proposal

TEMPLATE = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Vorschläge</title></head>
<body><h1>Vorschläge</h1>
<ol>{% for p in proposals %}
<li><a href="/proposals/{{ p.id }}">{{ p.title }}</a> {{ p.supports }} / {{ p.opposes }}</li>
{% endfor %}</ol>
</body></html>
"""
page = jinja2.Environment(autoescape=True).from_string(TEMPLATE)


async def proposals(request: Request) -> HTMLResponse:
    # The newest 20 by primary key: an index walk on both databases at any size (ordering by
    # wilson over all masterplans has no index and made SQLite sort 100,000 rows per page).
    rows = await Proposal.all().order_by("-id").limit(20)
    return HTMLResponse(page.render(proposals=rows))


async def healthz(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    async with RegisterTortoise(app, config=tortoise_config(os.environ["DATABASE_URL"])):
        yield


app = Starlette(
    routes=[Route("/", proposals), Route("/healthz", healthz)],
    lifespan=lifespan,
)
