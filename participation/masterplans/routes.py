"""The public pages of masterplans: one masterplan, and the archive of finished ones."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from participation.masterplans import queries
from participation.masterplans.models import Masterplan
from participation.masterplans.permissions import Activity, closed_reason, phase_allows
from participation.planning.uptake import shown_statuses
from participation.proposals import queries as proposal_queries
from participation.templating import render


async def load_masterplan(slug: str) -> Masterplan:
    masterplan = await Masterplan.get_or_none(slug=slug)
    if masterplan is None:
        raise HTTPException(status_code=404)
    return masterplan


async def detail(request: Request) -> Response:
    """An archived masterplan keeps its page: everything in it stays reachable by its link."""
    masterplan = await load_masterplan(request.path_params["slug"])
    top = await proposal_queries.top_ranked(masterplan, limit=5)
    return render(
        request,
        "masterplans/detail.html",
        {
            "masterplan": masterplan,
            "fields": await masterplan.fields_of_action.all(),
            "periods": await masterplan.phase_periods.all(),
            "top": top,
            "badges": await shown_statuses(top),
            "can_submit": phase_allows(masterplan, Activity.SUBMIT),
            "submit_closed": closed_reason(masterplan, Activity.SUBMIT),
        },
    )


async def archive(request: Request) -> Response:
    return render(
        request, "masterplans/archive.html", {"masterplans": await queries.archived_masterplans()}
    )


routes = [
    Route("/masterplans/{slug}", detail, name="masterplans:detail"),
    Route("/archiv", archive, name="masterplans:archive"),
]
