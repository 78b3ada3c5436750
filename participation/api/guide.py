"""The open data page (/daten): what the API serves, under which licence, and how to ask it,
for people rather than programs; the OpenAPI document is the programs' version."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.api.datapackage import LICENSE
from participation.api.routes import DEFAULT_LIMIT, MAX_LIMIT
from participation.masterplans.models import Masterplan
from participation.templating import render


async def guide(request: Request) -> Response:
    settings = request.app.state.settings
    return render(
        request,
        "api/guide.html",
        {
            "masterplans": await Masterplan.all(),
            "licence": LICENSE,
            "base_url": settings.base_url,
            "site_name": settings.site_name,
            "rate": settings.api_rate,
            "burst": settings.api_burst,
            "default_limit": DEFAULT_LIMIT,
            "max_limit": MAX_LIMIT,
        },
    )


async def api_root(request: Request) -> Response:
    """Someone who types /api into the address bar wants to know what is there."""
    return RedirectResponse(request.app.url_path_for("api:guide"), status_code=308)


routes = [
    Route("/daten", guide, name="api:guide"),
    Route("/api", api_root, name="api:root"),
]
