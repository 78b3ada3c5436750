"""The pre-moderation queue at /moderation/pending: publish or reject, one by one (htmx,
in place) or many at once, and the per-masterplan choice of what waits."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import StakeholderGroup
from participation.accounts.permissions import is_moderator
from participation.comments.models import Comment
from participation.forms import read_form
from participation.masterplans.models import Masterplan
from participation.moderation import publishing
from participation.proposals.models import Proposal
from participation.security import current_user, require
from participation.templating import flash, is_htmx, render


async def queue(request: Request) -> Response:
    require(request, is_moderator(current_user(request)))
    masterplans = await Masterplan.all()
    params = request.query_params
    selected = next((m for m in masterplans if m.slug == params.get("masterplan")), None)
    kind = params.get("type", "") if params.get("type") in ("proposal", "comment") else ""
    hours = int(params["older_than"]) if params.get("older_than", "").isdigit() else 0
    items = await publishing.pending(
        masterplan=selected, kind=kind, older_than_hours=hours, now=datetime.now(UTC)
    )
    return render(
        request,
        "moderation/pending.html",
        {
            "masterplans": masterplans,
            "selected": selected,
            "kind": kind,
            "older_than": hours,
            "items": items,
            "groups": list(StakeholderGroup),
        },
    )


async def decide(request: Request) -> Response:
    """Publish or reject the checked items (a form of checkboxes), or one item (htmx)."""
    moderator = require(request, is_moderator(current_user(request)))
    form = await read_form(request)
    async with request.form() as raw:
        proposal_ids = [
            int(v) for v in raw.getlist("proposal") if isinstance(v, str) and v.isdigit()
        ]
        comment_ids = [int(v) for v in raw.getlist("comment") if isinstance(v, str) and v.isdigit()]
    action, reason = form.get("action"), form.get("reason")
    if action not in ("publish", "reject") or (action == "reject" and not reason):
        return render(
            request,
            "moderation/_decision.html",
            {"error": True, "proposal_ids": proposal_ids, "comment_ids": comment_ids},
            status_code=400,
        )
    base_url = request.app.state.settings.base_url
    for proposal in await Proposal.filter(id__in=proposal_ids):
        try:
            if action == "publish":
                await publishing.publish_proposal(proposal=proposal, moderator=moderator)
            else:
                await publishing.reject_proposal(
                    proposal=proposal, moderator=moderator, reason=reason
                )
        except publishing.PublishingError:
            continue  # someone else decided first; nothing to do
    for comment in await Comment.filter(id__in=comment_ids):
        try:
            if action == "publish":
                await publishing.publish_comment(
                    comment=comment, moderator=moderator, base_url=base_url
                )
            else:
                await publishing.reject_comment(comment=comment, moderator=moderator, reason=reason)
        except publishing.PublishingError:
            continue
    if is_htmx(request):
        return render(
            request,
            "moderation/_decision.html",
            {
                "error": False,
                "action": action,
                "proposal_ids": proposal_ids,
                "comment_ids": comment_ids,
            },
        )
    return flash(request, RedirectResponse("/moderation/pending", status_code=303), "saved")


async def settings(request: Request) -> Response:
    moderator = require(request, is_moderator(current_user(request)))
    masterplan = await Masterplan.get_or_none(slug=request.path_params["slug"])
    if masterplan is None:
        raise HTTPException(status_code=404)
    async with request.form() as raw:
        groups = [
            StakeholderGroup(v)
            for v in raw.getlist("premoderated")
            if v in {g.value for g in StakeholderGroup}
        ]
        threshold = str(raw.get("report_threshold", "3"))
    await publishing.set_premoderation(
        masterplan=masterplan,
        groups=groups,
        moderator=moderator,
        report_threshold=int(threshold) if threshold.isdigit() else masterplan.report_threshold,
    )
    return flash(request, RedirectResponse("/moderation/pending", status_code=303), "saved")


routes = [
    Route("/moderation/pending", queue, name="moderation:pending"),
    Route("/moderation/pending/decide", decide, methods=["POST"], name="moderation:decide"),
    Route("/moderation/settings/{slug}", settings, methods=["POST"], name="moderation:settings"),
]
