"""The official response form: a proposal's status with its public response and an internal
note, for moderators and the planners of the proposal's masterplan."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.forms import Form, ValidationFailed, read_form
from participation.moderation import permissions, responses
from participation.proposals.models import Proposal
from participation.security import current_user, require
from participation.templating import flash, render


async def change_status(request: Request) -> Response:
    proposal = await Proposal.get_or_none(id=request.path_params["proposal_id"]).select_related(
        "masterplan"
    )
    if proposal is None:
        raise HTTPException(status_code=404)
    user = require(
        request, await permissions.can_respond(current_user(request), proposal.masterplan)
    )
    if request.method == "GET":
        current = {"status": proposal.status.value, "response": proposal.official_response}
        return _page(request, proposal, Form(values=current))
    form = await read_form(request)
    try:
        await responses.change_status(
            proposal=proposal,
            by=user,
            status=form.get("status"),
            response=form.get("response"),
            reason=form.get("reason"),
            base_url=request.app.state.settings.base_url,
        )
    except ValidationFailed as failed:
        return _page(request, proposal, Form(form.values, failed.errors), status_code=400)
    to_proposal = RedirectResponse(f"/proposals/{proposal.id}", status_code=303)
    return flash(request, to_proposal, "status_changed")


def _page(request: Request, proposal: Proposal, form: Form, status_code: int = 200) -> Response:
    context = {
        "proposal": proposal,
        "form": form,
        "statuses": responses.SETTABLE,
        "max_response": responses.MAX_RESPONSE,
        "max_note": responses.MAX_NOTE,
        "refusal": responses.refusal(proposal),
    }
    return render(request, "moderation/status.html", context, status_code=status_code)


routes: list[Route] = [
    Route(
        "/moderation/proposals/{proposal_id:int}/status",
        change_status,
        methods=["GET", "POST"],
        name="moderation:status",
    ),
]
