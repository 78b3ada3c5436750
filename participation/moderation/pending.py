"""The pre-moderation queue at /moderation/pending: publish or reject, one by one (htmx,
in place) or many at once. What waits is chosen on each masterplan's settings page
(participation/planning/settings_routes.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import StakeholderGroup
from participation.accounts.permissions import is_moderator
from participation.comments.models import Comment
from participation.forms import read_form
from participation.masterplans.models import Masterplan
from participation.moderation import publishing
from participation.moderation.queries import QueueFilter
from participation.moderation.routes import checked_ids
from participation.moderation.services import Item
from participation.proposals.models import Proposal
from participation.security import current_user, require
from participation.templating import flash, is_htmx, render


async def queue(request: Request) -> Response:
    require(request, is_moderator(current_user(request)))
    masterplans = await Masterplan.all()
    queue = QueueFilter.from_query(request.query_params, masterplans)
    items = await publishing.pending(queue=queue, now=datetime.now(UTC))
    return render(
        request,
        "moderation/pending.html",
        {
            "masterplans": masterplans,
            "filters": queue,
            "items": items,
            "groups": list(StakeholderGroup),
        },
    )


async def decide(request: Request) -> Response:
    """Publish or reject the checked items (a form of checkboxes), or one item (htmx)."""
    moderator = require(request, is_moderator(current_user(request)))
    form = await read_form(request)
    async with request.form() as raw:
        proposal_ids, comment_ids = checked_ids(raw, "proposal"), checked_ids(raw, "comment")
    action, reason = form.get("action"), form.get("reason")
    if action not in ("publish", "reject") or (action == "reject" and not reason):
        return render(
            request,
            "moderation/_decision.html",
            {"error": True, "proposal_ids": proposal_ids, "comment_ids": comment_ids},
            status_code=400,
        )
    base_url = request.app.state.settings.base_url
    items: list[Item] = [
        *await Proposal.filter(id__in=proposal_ids),
        *await Comment.filter(id__in=comment_ids),
    ]
    for item in items:
        try:
            if action == "publish":
                await publishing.publish(item=item, moderator=moderator, base_url=base_url)
            else:
                await publishing.reject(
                    item=item, moderator=moderator, reason=reason, base_url=base_url
                )
        except publishing.PublishingError:
            continue  # someone else decided first; nothing to do
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


routes = [
    Route("/moderation/pending", queue, name="moderation:pending"),
    Route("/moderation/pending/decide", decide, methods=["POST"], name="moderation:decide"),
]
