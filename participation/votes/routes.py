"""POST /proposals/{id}/vote: support, oppose or withdraw, in place with htmx or as a form;
GET /gewichtung: how votes are weighed, in plain words with worked examples."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import StakeholderGroup
from participation.forms import read_form
from participation.proposals import permissions
from participation.security import require_user
from participation.templating import is_htmx, render
from participation.votes import explanation
from participation.votes import queries as vote_queries
from participation.votes.services import cast_vote

VALUES = {"support": 1, "oppose": -1, "withdraw": 0}


async def vote(request: Request) -> Response:
    user = require_user(request)
    # One statement reads all a vote needs first; the vote answers with what it wrote.
    ballot = await vote_queries.ballot(request.path_params["proposal_id"], user)
    if ballot is None:
        raise HTTPException(status_code=404)
    proposal = ballot.proposal
    form = await read_form(request)
    value = VALUES.get(form.get("vote"))
    decision = permissions.can_vote(user, proposal, proposal.masterplan)
    if value is not None and decision:
        outcome = await cast_vote(
            proposal=proposal, voter=user, value=value, group=ballot.group, seen=ballot.seen
        )
        my_vote, breakdown = outcome.value, vote_queries.breakdown_of(outcome.counts)
    else:
        my_vote, breakdown = ballot.my_vote, ballot.breakdown()
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
            "my_vote": my_vote,
            "can_vote": decision,
            "breakdown": breakdown,
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
