"""Reports and their review: the report form for proposals and comments, the moderators'
queue with hide / restore / dismiss, and the audit log (read and export only)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from participation.accounts.models import User
from participation.comments.models import Comment, CommentStatus
from participation.forms import Form, ValidationFailed, read_form
from participation.moderation import permissions, services
from participation.moderation.models import AuditEntry, ReportReason
from participation.proposals import queries as proposal_queries
from participation.proposals.models import Proposal
from participation.security import current_user, require
from participation.templating import flash, render

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
        )
    except ValidationFailed as failed:
        form.errors = failed.errors
        return render(request, "moderation/report.html", context, status_code=400)
    return render(request, "moderation/reported.html", context)


# The queue


async def queue(request: Request) -> Response:
    require(request, permissions.can_moderate(current_user(request)))
    return await _queue_page(request, Form())


async def _queue_page(request: Request, form: Form, status_code: int = 200) -> Response:
    proposals, comments = await services.recently_hidden()
    context = {
        "groups": await services.open_report_groups(),
        "hidden_proposals": proposals,
        "hidden_comments": comments,
        "form": form,
    }
    return render(request, "moderation/queue.html", context, status_code=status_code)


async def moderate_proposal(request: Request) -> Response:
    moderator = require(request, permissions.can_moderate(current_user(request)))
    proposal = await Proposal.get_or_none(id=request.path_params["proposal_id"])
    if proposal is None:
        raise HTTPException(status_code=404)
    form = await read_form(request)
    action, reason = form.get("action"), form.get("reason")
    try:
        if action == "hide":
            await services.hide_proposal(proposal=proposal, moderator=moderator, reason=reason)
        elif action == "restore":
            await services.restore_proposal(proposal=proposal, moderator=moderator, reason=reason)
        elif action == "dismiss":
            await services.dismiss_reports(item=proposal, moderator=moderator)
        else:
            raise HTTPException(status_code=400)
    except ValidationFailed as failed:
        return await _queue_page(request, Form(form.values, failed.errors), status_code=400)
    return flash(request, RedirectResponse("/moderation", status_code=303), "saved")


async def moderate_comment(request: Request) -> Response:
    moderator = require(request, permissions.can_moderate(current_user(request)))
    comment = await Comment.get_or_none(id=request.path_params["comment_id"])
    if comment is None:
        raise HTTPException(status_code=404)
    form = await read_form(request)
    action, reason = form.get("action"), form.get("reason")
    try:
        if action == "hide":
            await services.hide_comment(comment=comment, moderator=moderator, reason=reason)
        elif action == "restore":
            await services.restore_comment(comment=comment, moderator=moderator, reason=reason)
        elif action == "dismiss":
            await services.dismiss_reports(item=comment, moderator=moderator)
        else:
            raise HTTPException(status_code=400)
    except ValidationFailed as failed:
        return await _queue_page(request, Form(form.values, failed.errors), status_code=400)
    return flash(request, RedirectResponse("/moderation", status_code=303), "saved")


# The audit log: there is no route that changes or deletes an entry.


def _audit_filters(request: Request) -> services.AuditFilters:
    params = request.query_params
    return services.AuditFilters(
        action=(params.get("action") or "").strip()[:50],
        actor=(params.get("actor") or "").strip()[:100],
    )


async def audit(request: Request) -> Response:
    require(request, permissions.can_moderate(current_user(request)))
    filters = _audit_filters(request)
    raw_before = request.query_params.get("before", "")
    before = int(raw_before) if raw_before.isdigit() else None
    entries, next_before = await services.audit_page(filters, before)
    query = {k: v for k, v in (("action", filters.action), ("actor", filters.actor)) if v}
    context = {
        "entries": entries,
        "filters": filters,
        "actions": [("", "")] + [(a, a) for a in await services.audit_actions()],
        "form": Form(values=query),
        "is_first_page": before is None,
        "first_query": urlencode(query),
        "next_query": urlencode({**query, "before": next_before}) if next_before else "",
        "csv_query": urlencode(query),
    }
    return render(request, "moderation/audit.html", context)


CSV_COLUMNS = ("id", "created_at", "actor", "action", "target_type", "target_id", "reason")


def _cell(value: object) -> str:
    """A cell a spreadsheet shows as text: never read as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _csv_row(entry: AuditEntry) -> list[str]:
    values = (
        entry.id,
        entry.created_at.isoformat(),
        entry.actor_name,
        entry.action,
        entry.target_type,
        entry.target_id,
        entry.reason,
    )
    return [_cell(v) for v in values] + [_cell(json.dumps(entry.details, ensure_ascii=False))]


async def _csv_lines(filters: services.AuditFilters) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*CSV_COLUMNS, "details"])
    yield "\ufeff" + buffer.getvalue()  # the BOM: spreadsheets then read UTF-8 as UTF-8
    async for entry in services.audit_entries(filters):
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(_csv_row(entry))
        yield buffer.getvalue()


async def audit_csv(request: Request) -> Response:
    require(request, permissions.can_moderate(current_user(request)))
    return StreamingResponse(
        _csv_lines(_audit_filters(request)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )


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
    Route("/moderation/audit", audit, name="moderation:audit"),
    Route("/moderation/audit.csv", audit_csv, name="moderation:audit_csv"),
]
