from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from participation.comments import queries as comment_queries
from participation.masterplans.routes import load_masterplan
from participation.proposals import queries
from participation.templating import render
from participation.votes import queries as vote_queries


async def proposal_list(request: Request) -> Response:
    masterplan = await load_masterplan(request.path_params["slug"])
    fields = await masterplan.fields_of_action.all()
    field_slug = request.query_params.get("field") or None
    selected = next((f for f in fields if f.slug == field_slug), None)
    cursor = queries.RankCursor.decode(request.query_params.get("after"))
    page = await queries.ranked_page(masterplan, field_of_action=selected, cursor=cursor)
    return render(
        request,
        "proposals/list.html",
        {
            "masterplan": masterplan,
            "fields": fields,
            "selected_field": selected,
            "page": page,
            "is_first_page": cursor is None,
        },
    )


async def detail(request: Request) -> Response:
    proposal = await queries.public_proposal(request.path_params["proposal_id"])
    if proposal is None:
        raise HTTPException(status_code=404)
    return render(
        request,
        "proposals/detail.html",
        {
            "proposal": proposal,
            "breakdown": await vote_queries.group_breakdown(proposal),
            "thread": await comment_queries.thread(proposal),
        },
    )


routes = [
    Route("/masterplans/{slug}/proposals", proposal_list, name="proposals:list"),
    Route("/proposals/{proposal_id:int}", detail, name="proposals:detail"),
]
