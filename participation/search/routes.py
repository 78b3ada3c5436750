"""The search results page: /suche?q=…, optionally kept to one masterplan."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from participation.masterplans.models import Masterplan
from participation.planning.uptake import shown_statuses
from participation.search.queries import search_everything
from participation.templating import render

MAX_QUERY = 200  # as the proposal list's search field


async def results(request: Request) -> Response:
    query = request.query_params.get("q", "").strip()[:MAX_QUERY]
    slug = request.query_params.get("masterplan", "")
    masterplans = await Masterplan.all().order_by("position", "id")
    chosen = next((m for m in masterplans if m.slug == slug), None)
    found = await search_everything(query, masterplan=chosen)
    return render(
        request,
        "search/results.html",
        {
            "results": found,
            "masterplans": masterplans,
            "badges": await shown_statuses(found.proposals),
        },
    )


routes = [Route("/suche", results, name="search:results")]
