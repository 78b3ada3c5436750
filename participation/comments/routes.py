"""Comments over HTTP: post a comment or a reply, change it, delete it.

Every form works as a plain form: success redirects (303) back to the comment, an error
shows the page again with the input in place. htmx gets just the thread section
(``comments/_thread.html``) back and swaps it in place. htmx 2 swaps only 2xx answers, so
a refusal reaches it as a 200 fragment that shows the reason.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from participation.accounts.models import User
from participation.accounts.services import confirmed_membership, stakeholder_group_of
from participation.comments import permissions, queries, services
from participation.comments.models import Comment, CommentStatus
from participation.forms import Form, ValidationFailed, read_form, whole_number
from participation.i18n import gettext
from participation.proposals import queries as proposal_queries
from participation.proposals.models import Proposal
from participation.proposals.permissions import Decision, can_comment
from participation.proposals.routes import detail_context
from participation.security import SignInRequired, current_user, require_user
from participation.templating import is_htmx, render, templates


def _buttons(
    user: User | None, comment: Comment, may_comment: Decision
) -> tuple[bool, bool, bool, bool]:
    """What the thread offers the reader for one comment: reply, report, edit, delete. The
    same predicates as these routes; ``may_comment`` is the page's ``can_comment`` on the
    proposal. One call a comment: a call from a template loop costs more than the rules."""
    if comment.status == CommentStatus.DELETED:
        return False, False, False, False
    return (
        bool(permissions.reply_allowed(may_comment, comment)),
        user is not None and comment.author_id != user.id,  # type: ignore[attr-defined]
        bool(permissions.can_edit_comment(user, comment, datetime.now(UTC))),
        bool(permissions.can_delete_comment(user, comment)),
    )


# The thread asks the same predicates as these routes; the proposal page renders it too.
templates.env.globals["comment_buttons"] = _buttons


async def create(request: Request) -> Response:
    user = current_user(request)
    proposal = await _proposal(request.path_params["proposal_id"], user)
    if user is None and not is_htmx(request):
        raise SignInRequired()
    form = await read_form(request)
    parent = await _parent(proposal, form.get("parent_id"))
    decision = (
        permissions.can_reply(user, parent, proposal, proposal.masterplan)
        if parent is not None
        else can_comment(user, proposal, proposal.masterplan)
    )
    if user is None or not decision:
        return await _thread(request, proposal, user, refusal=decision.reason, status_code=403)
    membership = await confirmed_membership(user)
    group = await stakeholder_group_of(user)
    premoderated = group.value in proposal.masterplan.premoderated_groups
    try:
        comment = await services.post_comment(
            proposal=proposal,
            author=user,
            body=form.get("body"),
            parent=parent,
            organization=membership.organization if membership else None,
            base_url=request.app.state.settings.base_url,
            premoderated=premoderated,
        )
    except ValidationFailed as failed:
        form.errors = failed.errors
        return await _thread(request, proposal, user, form=form, status_code=400)
    except services.CommentError as error:
        return await _thread(request, proposal, user, refusal=str(error), status_code=403)
    if not is_htmx(request):
        return _back_to(comment)
    return await _thread(
        request,
        proposal,
        user,
        focus_id=comment.id,
        announcement=(
            gettext("Your comment waits for a moderator and appears once it is published.")
            if premoderated
            else gettext("Your comment is published.")
        ),
    )


async def edit(request: Request) -> Response:
    user = require_user(request)
    comment, proposal = await _comment(request, user)
    decision = permissions.can_edit_comment(user, comment, datetime.now(UTC))
    if not decision:
        return _refused(request, proposal, decision)
    form = Form(values={"body": comment.body})
    if request.method == "POST":
        form = await read_form(request)
        try:
            await services.edit_comment(comment=comment, body=form.get("body"))
        except ValidationFailed as failed:
            form.errors = failed.errors
        else:
            return _back_to(comment)
    return render(
        request,
        "comments/edit.html",
        {"form": form, "comment": comment, "proposal": proposal},
        status_code=400 if form.errors else 200,
    )


async def delete(request: Request) -> Response:
    user = require_user(request)
    comment, proposal = await _comment(request, user)
    decision = permissions.can_delete_comment(user, comment)
    if not decision:
        if is_htmx(request):
            return await _thread(request, proposal, user, refusal=decision.reason)
        return _refused(request, proposal, decision)
    await services.delete_comment(comment=comment)
    if not is_htmx(request):
        return _back_to(comment)
    return await _thread(
        request,
        proposal,
        user,
        focus_id=comment.id,
        announcement=gettext("Your comment is deleted."),
    )


async def _proposal(proposal_id: int, user: User | None) -> Proposal:
    proposal = await proposal_queries.visible_proposal(proposal_id, user)
    if proposal is None:
        raise HTTPException(status_code=404)
    return proposal


async def _parent(proposal: Proposal, raw_id: str) -> Comment | None:
    """The comment answered, if any; an id that is not a comment of this proposal is a 404."""
    if not raw_id:
        return None
    number = whole_number(raw_id)
    parent = None if number is None else await queries.comment_on(proposal, number)
    if parent is None:
        raise HTTPException(status_code=404)
    return parent


async def _comment(request: Request, user: User) -> tuple[Comment, Proposal]:
    comment = await queries.comment_by_id(request.path_params["comment_id"])
    if comment is None:
        raise HTTPException(status_code=404)
    return comment, await _proposal(comment.proposal_id, user)  # type: ignore[attr-defined]


def _back_to(comment: Comment) -> Response:
    path = f"/proposals/{comment.proposal_id}?comment={comment.id}#comment-{comment.id}"  # type: ignore[attr-defined]
    return RedirectResponse(path, status_code=303)


def _refused(request: Request, proposal: Proposal, decision: Decision) -> Response:
    return render(
        request,
        "errors/refused.html",
        {"reason": decision.reason, "proposal": proposal},
        status_code=403,
    )


async def _thread(
    request: Request,
    proposal: Proposal,
    user: User | None,
    *,
    form: Form | None = None,
    refusal: str = "",
    announcement: str = "",
    focus_id: int | None = None,
    status_code: int = 200,
) -> Response:
    """htmx: the thread section, always 200 (htmx 2 swaps nothing else). A plain form: the
    whole proposal page with the same section, under the error's status."""
    extra: dict[str, Any] = {
        "comment_form": form,
        "refusal": refusal,
        "announcement": announcement,
        "focus_id": focus_id,
    }
    if not is_htmx(request):
        context = await detail_context(proposal, user, showing_comment=focus_id)
        return render(
            request, "proposals/detail.html", {**context, **extra}, status_code=status_code
        )
    await proposal.refresh_from_db(fields=["comment_count"])
    return render(
        request,
        "comments/_thread.html",
        {
            "proposal": proposal,
            "masterplan": proposal.masterplan,
            "thread": await queries.thread(proposal, user, showing=focus_id),
            "can_comment": can_comment(user, proposal, proposal.masterplan),
            **extra,
        },
    )


routes: list[BaseRoute] = [
    Route(
        "/proposals/{proposal_id:int}/comments", create, methods=["POST"], name="comments:create"
    ),
    Route("/comments/{comment_id:int}/edit", edit, methods=["GET", "POST"], name="comments:edit"),
    Route("/comments/{comment_id:int}/delete", delete, methods=["POST"], name="comments:delete"),
]
