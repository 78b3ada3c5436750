"""Reports and their review: the report form for proposals and comments, the moderators'
queue with hide / restore / dismiss, and the audit log (read and export only)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import FormData, QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import User
from participation.comments.models import Comment, CommentStatus
from participation.forms import Form, ValidationFailed, read_form, whole_number
from participation.masterplans.models import Masterplan
from participation.moderation import permissions, services
from participation.moderation import queries as moderation_queries
from participation.moderation.audit_routes import routes as audit_routes
from participation.moderation.models import ReportReason
from participation.proposals import queries as proposal_queries
from participation.proposals.models import Proposal
from participation.security import current_user, require
from participation.templating import flash, is_htmx, render

# Reporting


async def _reportable_proposal(request: Request, user: User) -> Proposal:
    proposal = await proposal_queries.visible_proposal(request.path_params["proposal_id"], user)
    if proposal is None:
        raise HTTPException(status_code=404)
    return proposal


async def _reportable_comment(request: Request, user: User) -> Comment:
    comment = await Comment.get_or_none(
        id=request.path_params["comment_id"], status=CommentStatus.PUBLISHED
    )
    if (
        comment is None
        or await proposal_queries.visible_proposal(
            comment.proposal_id,  # type: ignore[attr-defined]
            user,
        )
        is None
    ):
        raise HTTPException(status_code=404)
    return comment


async def report_proposal(request: Request) -> Response:
    user = require(request, permissions.can_report(current_user(request)))
    proposal = await _reportable_proposal(request, user)
    return await _report(request, user, proposal=proposal)


async def report_comment(request: Request) -> Response:
    user = require(request, permissions.can_report(current_user(request)))
    comment = await _reportable_comment(request, user)
    return await _report(request, user, comment=comment)


async def _report(
    request: Request,
    user: User,
    *,
    proposal: Proposal | None = None,
    comment: Comment | None = None,
) -> Response:
    """The report form (GET) and its submission (POST), for either kind of item."""
    context: dict[str, Any] = {
        "proposal": proposal,
        "comment": comment,
        "reasons": [(reason.value, reason.label) for reason in ReportReason],
        "form": Form(),
    }
    if request.method == "GET":
        return render(request, "moderation/report.html", context)
    form = context["form"] = await read_form(request)
    try:
        await services.report(
            reporter=user,
            proposal=proposal,
            comment=comment,
            reason=form.get("reason"),
            text=form.get("text"),
            base_url=request.app.state.settings.base_url,
        )
    except ValidationFailed as failed:
        form.errors = failed.errors
        return render(request, "moderation/report.html", context, status_code=400)
    return render(request, "moderation/reported.html", context)


# The queue: where moderators start, with the open reports


def checked_ids(raw: FormData, name: str) -> list[int]:
    """The ids of a form's checked boxes called ``name``; anything else is ignored."""
    numbers = (whole_number(v, digits=10) for v in raw.getlist(name) if isinstance(v, str))
    return [number for number in numbers if number and number < 2**31]


def _done(params: QueryParams) -> tuple[str, int] | None:
    """What a bulk decision left in the address: ("hidden" | "dismissed", how many)."""
    for decision in ("hidden", "dismissed"):
        count = whole_number(params.get(decision))
        if count is not None:
            return decision, min(count, 10_000)
    return None


async def queue(request: Request) -> Response:
    require(request, permissions.can_moderate(current_user(request)))
    return await _queue_page(request)


async def _queue_page(request: Request, form: Form | None = None) -> Response:
    """The queue; after a refused decision, with the input in place and each error next to
    its field."""
    form = form or Form()
    masterplans = await Masterplan.all()
    filters = moderation_queries.QueueFilter.from_query(request.query_params, masterplans)
    proposals, comments = await moderation_queries.recently_hidden()
    context = {
        "summary": await moderation_queries.queue_summary(),
        "masterplans": masterplans,
        "filters": filters,
        "filter_query": urlencode(filters.query()),  # the forms post back to this view
        "groups": await moderation_queries.open_report_groups(filters),
        "done": _done(request.query_params),
        "hidden_proposals": proposals,
        "hidden_comments": comments,
        "form": form,
    }
    status_code = 400 if form.errors else 200
    return render(request, "moderation/queue.html", context, status_code=status_code)


async def moderate_proposal(request: Request) -> Response:
    moderator = require(request, permissions.can_moderate(current_user(request)))
    proposal = await Proposal.get_or_none(id=request.path_params["proposal_id"])
    if proposal is None:
        raise HTTPException(status_code=404)
    return await _moderate(request, moderator, proposal)


async def moderate_comment(request: Request) -> Response:
    moderator = require(request, permissions.can_moderate(current_user(request)))
    comment = await Comment.get_or_none(id=request.path_params["comment_id"])
    if comment is None:
        raise HTTPException(status_code=404)
    return await _moderate(request, moderator, comment)


async def _moderate(request: Request, moderator: User, item: services.Item) -> Response:
    """Hide, restore or dismiss one item. htmx gets the item's report group back, always
    as a 200 (htmx swaps nothing else): a result line, or the form with the error."""
    form = await read_form(request)
    try:
        decision = services.Decision(form.get("action"))
    except ValueError:
        raise HTTPException(status_code=400) from None
    try:
        await services.decide(
            item=item,
            decision=decision,
            moderator=moderator,
            reason=form.get("reason"),
            base_url=request.app.state.settings.base_url,
        )
    except ValidationFailed as failed:
        return await _refused(request, item, decision, form, failed)
    if is_htmx(request):
        group = moderation_queries.ReportGroup(item, services.kind_of(item))
        return render(request, GROUP, {"group": group, "result": decision})
    return flash(request, RedirectResponse(_queue_url(request), status_code=303), "saved")


GROUP = "moderation/_report_group.html"


async def _refused(
    request: Request,
    item: services.Item,
    decision: services.Decision,
    form: Form,
    failed: ValidationFailed,
) -> Response:
    """Each error goes next to what it is about: the reason field of this item's form, or
    the item's report group."""
    kind = services.kind_of(item)
    field_id, group_id = f"{decision}-{kind}-{item.id}", f"report-{kind}-{item.id}"
    errors = {
        field_id if name == "reason" else group_id: text for name, text in failed.errors.items()
    }
    values = Form({field_id: form.get("reason")}, errors)
    if not is_htmx(request):
        return await _queue_page(request, values)
    context = {"group": await moderation_queries.report_group(item), "form": values}
    return render(request, GROUP, {**context, "filter_query": request.url.query})


# What the bulk form sends for each decision, and what the page then says.
BULK_DONE = {services.Decision.HIDE: "hidden", services.Decision.DISMISS: "dismissed"}


async def decide_reports(request: Request) -> Response:
    """Hide or dismiss every checked report group at once, with one reason for all."""
    moderator = require(request, permissions.can_moderate(current_user(request)))
    form = await read_form(request)
    async with request.form() as raw:
        proposal_ids, comment_ids = checked_ids(raw, "proposal"), checked_ids(raw, "comment")
    decision = next((d for d in BULK_DONE if d == form.get("action")), None)
    if decision is None:
        raise HTTPException(status_code=400)
    try:
        done = await services.decide_reported(
            proposal_ids=proposal_ids,
            comment_ids=comment_ids,
            decision=decision,
            moderator=moderator,
            reason=form.get("reason"),
            base_url=request.app.state.settings.base_url,
        )
    except ValidationFailed as failed:
        errors = {f"bulk-{name}": text for name, text in failed.errors.items()}
        return await _queue_page(request, Form({"bulk-reason": form.get("reason")}, errors))
    return RedirectResponse(_queue_url(request, **{BULK_DONE[decision]: done}), status_code=303)


def _queue_url(request: Request, **done: int) -> str:
    """Back to the queue as the moderator filtered it: its forms post to addresses that
    carry the filter along."""
    names = ("masterplan", "type", "older_than")
    query = {name: request.query_params[name] for name in names if request.query_params.get(name)}
    encoded = urlencode({**query, **done})
    return f"/moderation?{encoded}#reports" if encoded else "/moderation#reports"


routes = [
    Route(
        "/proposals/{proposal_id:int}/report",
        report_proposal,
        methods=["GET", "POST"],
        name="moderation:report_proposal",
    ),
    Route(
        "/comments/{comment_id:int}/report",
        report_comment,
        methods=["GET", "POST"],
        name="moderation:report_comment",
    ),
    Route("/moderation", queue, name="moderation:queue"),
    Route(
        "/moderation/proposals/{proposal_id:int}",
        moderate_proposal,
        methods=["POST"],
        name="moderation:proposal",
    ),
    Route(
        "/moderation/comments/{comment_id:int}",
        moderate_comment,
        methods=["POST"],
        name="moderation:comment",
    ),
    Route(
        "/moderation/reports/decide",
        decide_reports,
        methods=["POST"],
        name="moderation:reports_decide",
    ),
    *audit_routes,
]
