"""POST /proposals/{id}/vote: support, oppose or withdraw, in place with htmx or as a form;
GET /gewichtung: how votes are weighed, in plain words with worked examples."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import StakeholderGroup
from participation.accounts.services import stakeholder_group_of
from participation.forms import read_form
from participation.proposals import permissions, queries
from participation.security import require_user
from participation.templating import is_htmx, render
from participation.votes import explanation
from participation.votes import queries as vote_queries
from participation.votes.services import cast_vote

VALUES = {"support": 1, "oppose": -1, "withdraw": 0}


async def vote(request: Request) -> Response:
    user = require_user(request)
    # The vote box needs the masterplan (its phase) and the proposal's own columns only.
    proposal = await queries.visible_proposal(
        request.path_params["proposal_id"], user, related=("masterplan",)
    )
    if proposal is None:
        raise HTTPException(status_code=404)
    form = await read_form(request)
    value = VALUES.get(form.get("vote"))
    decision = permissions.can_vote(user, proposal, proposal.masterplan)
    my_vote: int | None = None  # known without asking again once the vote is cast
    if value is not None and decision:
        cast = await cast_vote(
            proposal=proposal, voter=user, value=value, group=await stakeholder_group_of(user)
        )
        my_vote = cast.value if cast else 0
    if not is_htmx(request):
        if not decision:
            return render(
                request,
                "errors/refused.html",
                {"reason": decision.reason, "proposal": proposal},
                status_code=403,
            )
        return RedirectResponse(f"/proposals/{proposal.id}#vote-box", status_code=303)
    return render(
        request,
        "votes/_vote_response.html",
        {
            "proposal": proposal,
            "my_vote": await vote_queries.vote_of(user, proposal) if my_vote is None else my_vote,
            "can_vote": decision,
            "breakdown": await vote_queries.group_breakdown(proposal),
            "announce": value is not None and bool(decision),
        },
    )  # htmx swaps only 2xx answers: a refusal comes back as the box with its reason


async def weighting(request: Request) -> Response:
    context = {"examples": explanation, "groups": list(StakeholderGroup)}
    return render(request, "votes/weighting.html", context)


routes = [
    Route("/proposals/{proposal_id:int}/vote", vote, methods=["POST"], name="votes:vote"),
    Route("/gewichtung", weighting, name="votes:weighting"),
]
