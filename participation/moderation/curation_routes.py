"""Curating a proposal: one page for moderators to move it to another field of action or to
give it a clearer title, each form posting ``action=move`` or ``action=retitle``."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import User
from participation.forms import Form, ValidationFailed, read_form, whole_number
from participation.masterplans.models import FieldOfAction
from participation.moderation import curation, permissions
from participation.proposals.models import PUBLIC_STATUSES, Proposal
from participation.security import current_user, require
from participation.templating import flash, render

FLASH_CODES = {"move": "proposal_moved", "retitle": "proposal_retitled"}


async def curate(request: Request) -> Response:
    moderator = require(request, permissions.can_moderate(current_user(request)))
    proposal = await Proposal.get_or_none(id=request.path_params["proposal_id"]).select_related(
        "masterplan", "field_of_action"
    )
    if proposal is None:
        raise HTTPException(status_code=404)
    if request.method == "GET":
        return await _page(request, proposal, {})
    form = await read_form(request)
    action = form.get("action")
    if action not in FLASH_CODES:
        raise HTTPException(status_code=400)
    try:
        await _apply(action, form, proposal, moderator, request.app.state.settings.base_url)
    except ValidationFailed as failed:
        return await _page(request, proposal, {action: Form(form.values, failed.errors)}, 400)
    return flash(request, RedirectResponse(_after(proposal), status_code=303), FLASH_CODES[action])


async def _apply(
    action: str, form: Form, proposal: Proposal, moderator: User, base_url: str | None
) -> None:
    if action == "move":
        await curation.move_proposal(
            proposal=proposal,
            field_of_action=await _chosen_field(form.get("field_of_action")),
            moderator=moderator,
            reason=form.get("reason"),
            base_url=base_url,
        )
    else:
        await curation.retitle_proposal(
            proposal=proposal,
            title=form.get("title"),
            moderator=moderator,
            reason=form.get("reason"),
            base_url=base_url,
        )


async def _chosen_field(raw: str) -> FieldOfAction | None:
    """The field the select names; anything that is no plausible id names none."""
    number = whole_number(raw)
    return None if number is None else await FieldOfAction.get_or_none(id=number)


def _after(proposal: Proposal) -> str:
    """Back to the proposal; moderators cannot open a hidden or pending one's page, so
    they stay here."""
    if proposal.status in PUBLIC_STATUSES:
        return f"/proposals/{proposal.id}"
    return f"/moderation/proposals/{proposal.id}/curate"


async def _page(
    request: Request, proposal: Proposal, forms: dict[str, Form], status_code: int = 200
) -> Response:
    """The two forms; the one that was posted comes back with its input and errors."""
    context = {
        "proposal": proposal,
        "groups": await curation.fields_by_masterplan(),
        "move_form": forms.get("move")
        or Form({"field_of_action": str(proposal.field_of_action.id)}),
        "retitle_form": forms.get("retitle") or Form({"title": proposal.title}),
    }
    return render(request, "moderation/curate.html", context, status_code=status_code)


routes: list[Route] = [
    Route(
        "/moderation/proposals/{proposal_id:int}/curate",
        curate,
        methods=["GET", "POST"],
        name="moderation:curate",
    ),
]
