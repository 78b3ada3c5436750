"""Following a proposal and reading one's notifications.

As everywhere: plain forms redirect (303), htmx gets just the fragment it swaps
(``notifications/_follow.html``, ``notifications/_list.html``), always as a 200.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from participation.accounts.models import User
from participation.forms import read_form, whole_number
from participation.i18n import gettext
from participation.notifications import queries, services
from participation.proposals import queries as proposal_queries
from participation.proposals.permissions import can_follow
from participation.security import SignInRequired, current_user, require_user
from participation.templating import is_htmx, render

STATES = {"true": True, "false": False}


async def follow(request: Request) -> Response:
    user = current_user(request)
    proposal = await proposal_queries.visible_proposal(request.path_params["proposal_id"], user)
    if proposal is None:
        raise HTTPException(status_code=404)
    if user is None and not is_htmx(request):
        raise SignInRequired()
    decision = can_follow(user, proposal)
    following = await queries.is_following(user, proposal)
    if user is not None and decision:
        # The form says which state it asks for, so a repeated post changes nothing; a
        # post without it toggles.
        wanted = STATES.get((await read_form(request)).get("following"), not following)
        following = await services.set_following(user=user, proposal=proposal, following=wanted)
    if not is_htmx(request):
        if not decision:
            return render(
                request,
                "errors/refused.html",
                {"reason": decision.reason, "proposal": proposal},
                status_code=403,
            )
        return RedirectResponse(f"/proposals/{proposal.id}#follow-box", status_code=303)
    await proposal.refresh_from_db(fields=["follower_count"])
    announcement = ""
    if decision:
        announcement = (
            gettext("You follow this proposal.")
            if following
            else gettext("You no longer follow this proposal.")
        )
    return render(
        request,
        "notifications/_follow.html",
        {
            "proposal": proposal,
            "following": following,
            "can_follow": decision,
            "announcement": announcement,
        },
    )


async def notification_list(request: Request) -> Response:
    user = require_user(request)
    before = _before(request.query_params.get("before"))
    return render(request, "notifications/list.html", await _list_context(user, before))


async def mark_read(request: Request) -> Response:
    user = require_user(request)
    before = _before((await read_form(request)).get("before"))
    await services.mark_all_read(user=user)
    if not is_htmx(request):
        query = f"?before={before}" if before else ""
        return RedirectResponse(f"/account/notifications{query}", status_code=303)
    context = await _list_context(user, before)
    context["announcement"] = gettext("All notifications are marked as read.")
    return render(request, "notifications/_list.html", context)


def _before(raw: str | None) -> int | None:
    number = whole_number(raw, digits=10)
    return number if number and number < 2**31 else None


async def _list_context(user: User, before: int | None) -> dict[str, Any]:
    return {
        "page": await queries.notification_page(user, before=before),
        "before": before,
        "unread": await queries.unread_count(user),
    }


routes: list[BaseRoute] = [
    Route(
        "/proposals/{proposal_id:int}/follow", follow, methods=["POST"], name="notifications:follow"
    ),
    Route("/account/notifications", notification_list, name="notifications:list"),
    Route(
        "/account/notifications/read", mark_read, methods=["POST"], name="notifications:mark_read"
    ),
]
