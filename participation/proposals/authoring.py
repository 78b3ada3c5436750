"""Writing proposals over HTTP: submit (with attachments and similar proposals), edit,
withdraw, and download an attachment.

Every form works without JavaScript; htmx only adds the similar proposals while the title is
typed. Posts carry their CSRF token in the form, which the middleware checks.
"""

from __future__ import annotations

from typing import Any

import anyio
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from participation.accounts.models import User
from participation.accounts.services import confirmed_membership
from participation.forms import Form, ValidationFailed
from participation.i18n import gettext
from participation.masterplans.models import Masterplan
from participation.masterplans.routes import load_masterplan
from participation.notifications.services import follow
from participation.proposals import attachments, permissions, queries, services
from participation.proposals.models import Attachment, Proposal
from participation.proposals.routes import detail_context
from participation.security import CSRF_FIELD, current_user, require_user
from participation.templating import flash, render


async def new_proposal(request: Request) -> Response:
    masterplan = await load_masterplan(request.path_params["slug"])
    user = require_user(request)
    decision = permissions.can_submit(user, masterplan)
    if not decision:
        context = {"masterplan": masterplan, "refusal": decision.reason}
        return render(request, "proposals/new.html", context, status_code=403)
    form = Form(values={"field_of_action": request.query_params.get("field", "")})
    similar: list[Proposal] = []
    if request.method == "POST":
        async with request.form() as raw:
            form = _text_fields(raw)
            try:
                proposal = await services.propose(
                    masterplan=masterplan,
                    author=user,
                    **_proposal_input(form),
                    on_behalf=form.checked("on_behalf"),
                    uploads=_uploads(raw),
                    similar_seen=form.checked("similar_seen"),
                )
            except ValidationFailed as failed:
                form.errors = failed.errors
            except services.SimilarProposalsExist as found:
                similar = found.proposals
            else:
                await follow(user=user, proposal=proposal)  # authors hear what happens to it
                return _to_detail(request, proposal)
    context = await _new_context(masterplan, user, form, similar)
    return render(request, "proposals/new.html", context, status_code=400 if form.errors else 200)


async def similar_proposals(request: Request) -> Response:
    """The htmx fragment under the title field: listed proposals like the title typed."""
    masterplan = await load_masterplan(request.path_params["slug"])
    title = request.query_params.get("title", "")[: services.MAX_TITLE]
    similar = await services.similar_listed(masterplan, title)
    return render(request, "proposals/_similar.html", {"similar": similar})


async def edit_proposal(request: Request) -> Response:
    user = require_user(request)
    proposal = await _visible_or_404(request, user)
    decision = permissions.can_edit(user, proposal, proposal.masterplan)
    if not decision:
        context = {"proposal": proposal, "refusal": decision.reason}
        return render(request, "proposals/edit.html", context, status_code=403)
    form = _form_of(proposal)
    if request.method == "POST":
        async with request.form() as raw:
            form = _text_fields(raw)
        try:
            await services.edit_proposal(proposal=proposal, editor=user, **_proposal_input(form))
        except ValidationFailed as failed:
            form.errors = failed.errors
        else:
            return flash(request, _to_detail(request, proposal), "saved")
    fields = await proposal.masterplan.fields_of_action.all()
    context = {"proposal": proposal, "form": form, "fields": fields, "refusal": ""}
    return render(request, "proposals/edit.html", context, status_code=400 if form.errors else 200)


async def withdraw_proposal(request: Request) -> Response:
    """Withdrawing asks for a ticked "yes" in the same form, so it works without JavaScript
    and never happens by one stray click."""
    user = require_user(request)
    proposal = await _visible_or_404(request, user)
    decision = permissions.can_withdraw(user, proposal, proposal.masterplan)
    if not decision:
        return await _detail_with_error(request, proposal, user, decision.reason, 403)
    async with request.form() as raw:
        confirmed = _text_fields(raw).checked("confirm")
    if not confirmed:
        message = gettext("Please tick the box to confirm that you withdraw the proposal.")
        return await _detail_with_error(request, proposal, user, message, 400)
    try:
        await services.withdraw_proposal(proposal=proposal, author=user)
    except ValidationFailed as failed:
        return await _detail_with_error(request, proposal, user, failed.errors["form"], 403)
    return _to_detail(request, proposal)


async def download_attachment(request: Request) -> Response:
    """An attachment as a download, to whoever may see its proposal."""
    attachment = await Attachment.get_or_none(id=request.path_params["attachment_id"])
    if attachment is None:
        raise HTTPException(status_code=404)
    proposal_id: int = attachment.proposal_id  # type: ignore[attr-defined]
    if await queries.visible_proposal(proposal_id, current_user(request)) is None:
        raise HTTPException(status_code=404)
    path = attachments.path_of(attachment)
    if not await anyio.Path(path).is_file():
        raise HTTPException(status_code=404)
    return FileResponse(
        path, media_type=attachment.content_type, headers=attachments.download_headers(attachment)
    )


def _text_fields(raw: FormData) -> Form:
    """The text fields as typed, trimmed but not cut short: a text over the limit comes back
    whole with an error instead of silently losing its end."""
    values = {
        name: value.strip()
        for name, value in raw.multi_items()
        if isinstance(value, str) and name != CSRF_FIELD
    }
    return Form(values=values)


def _uploads(raw: FormData) -> list[UploadFile]:
    # A file input left empty still sends a part, with an empty file name.
    files = raw.getlist("attachments")
    return [item for item in files if isinstance(item, UploadFile) and item.filename]


def _proposal_input(form: Form) -> dict[str, str]:
    return {
        "title": form.get("title"),
        "body": form.get("body"),
        "field_slug": form.get("field_of_action"),
        "disclosure": form.get("disclosure"),
    }


def _form_of(proposal: Proposal) -> Form:
    return Form(
        values={
            "title": proposal.title,
            "body": proposal.body,
            "field_of_action": proposal.field_of_action.slug,
            "disclosure": proposal.disclosure,
        }
    )


async def _new_context(
    masterplan: Masterplan, user: User, form: Form, similar: list[Proposal]
) -> dict[str, Any]:
    return {
        "masterplan": masterplan,
        # An archived field takes no new proposals (what it holds stays listed).
        "fields": await masterplan.fields_of_action.filter(archived_at__isnull=True),
        "membership": await confirmed_membership(user),
        "form": form,
        "similar": similar,
        "refusal": "",
        "max_files": attachments.MAX_FILES,
    }


async def _visible_or_404(request: Request, user: User) -> Proposal:
    proposal = await queries.visible_proposal(request.path_params["proposal_id"], user)
    if proposal is None:
        raise HTTPException(status_code=404)
    return proposal


async def _detail_with_error(
    request: Request, proposal: Proposal, user: User, message: str, status_code: int
) -> Response:
    context = {**await detail_context(proposal, user), "withdraw_error": message}
    return render(request, "proposals/detail.html", context, status_code=status_code)


def _to_detail(request: Request, proposal: Proposal) -> Response:
    return RedirectResponse(
        request.url_for("proposals:detail", proposal_id=proposal.id).path, status_code=303
    )


routes: list[BaseRoute] = [
    Route(
        "/masterplans/{slug}/proposals/new",
        new_proposal,
        methods=["GET", "POST"],
        name="proposals:new",
    ),
    Route("/masterplans/{slug}/proposals/similar", similar_proposals, name="proposals:similar"),
    Route(
        "/proposals/{proposal_id:int}/edit",
        edit_proposal,
        methods=["GET", "POST"],
        name="proposals:edit",
    ),
    Route(
        "/proposals/{proposal_id:int}/withdraw",
        withdraw_proposal,
        methods=["POST"],
        name="proposals:withdraw",
    ),
    Route("/attachments/{attachment_id:int}", download_attachment, name="proposals:attachment"),
]
