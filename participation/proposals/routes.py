from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from enum import StrEnum
from typing import Any, TypeVar
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import Organization, Role, StakeholderGroup, User
from participation.accounts.permissions import is_moderator
from participation.accounts.services import confirmed_membership
from participation.comments import queries as comment_queries
from participation.forms import read_form, whole_number
from participation.masterplans.fields.choices import fields_of
from participation.moderation import permissions as moderation_permissions
from participation.moderation import responses as moderation_responses
from participation.organizations.choices import verified_organizations
from participation.planning import uptake as planning_uptake
from participation.proposals import cosigning, page, permissions, queries
from participation.proposals.models import Proposal
from participation.proposals.queries import Sort
from participation.security import current_user, require_user
from participation.templating import is_htmx, render
from participation.votes import queries as vote_queries
from participation.votes.ranking import GroupCount

E = TypeVar("E", bound=StrEnum)


async def proposal_list(request: Request) -> Response:
    found = await queries.masterplan_and_version(request.path_params["slug"])
    if found is None:
        raise HTTPException(status_code=404)
    masterplan, version = found
    fields = await fields_of(masterplan.id)  # kept until a field is written (shared_state)
    # The filter's organisations with their <option>s rendered once, kept until an
    # organisation is written (shared_state); the one chosen is loaded as a model.
    organizations = await verified_organizations()
    params = request.query_params
    chosen = organizations.by_slug(params.get("organization"))
    sort = _choice(Sort, params.get("sort"), allowed=queries.PUBLIC_SORTS) or Sort.RANK
    filters = queries.Filters(
        field_of_action=next((f for f in fields if f.slug == params.get("field")), None),
        shown=planning_uptake.shown_choice(params.get("status")),
        group=_choice(StakeholderGroup, params.get("group")),
        organization=await Organization.get(id=chosen.id) if chosen else None,
        query=(params.get("q") or "").strip()[:200],
    )
    cursor = queries.Cursor.decode(params.get("after"), sort)
    page = await queries.listed_page(masterplan, version, filters=filters, sort=sort, cursor=cursor)
    context = {
        "masterplan": masterplan,
        "fields": fields,
        "organization_options": organizations.options_with(chosen),
        "filters": filters,
        "sort": sort,
        "sorts": list(queries.PUBLIC_SORTS),
        "page": page,
        "badges": page.badges,
        "is_first_page": cursor is None,
        "statuses": planning_uptake.SHOWN_CHOICES,
        "groups": tuple(StakeholderGroup),
        "query_string": _query_without_cursor(request),
        "can_submit": permissions.can_submit(current_user(request), masterplan),
    }
    template = "proposals/_results.html" if is_htmx(request) else "proposals/list.html"
    return render(request, template, context)


def _choice(enum: type[E], raw: str | None, allowed: Iterable[E] | None = None) -> E | None:
    """The enum member a query parameter names, or None for anything else."""
    try:
        value = enum(raw) if raw else None
    except ValueError:
        return None
    return value if value is None or allowed is None or value in allowed else None


def _query_without_cursor(request: Request) -> str:
    """The list's current query string without its page cursor, for links that keep it."""
    return urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "after" and v])


async def detail(request: Request) -> Response:
    user = current_user(request)
    found = await queries.proposal_on_page(request.path_params["proposal_id"], user)
    if found is None:
        raise HTTPException(status_code=404)
    # ?comments=N shows N pages of conversations, ?comment=ID the page with that comment.
    pages, showing = (request.query_params.get(k, "") for k in ("comments", "comment"))
    return render(
        request,
        "proposals/detail.html",
        await detail_context(
            found.proposal,
            user,
            comment_pages=whole_number(pages, digits=3) or 1,
            showing_comment=whole_number(showing),
            found=found,
        ),
    )


async def detail_context(
    proposal: Proposal,
    user: User | None,
    *,
    comment_pages: int = 1,
    showing_comment: int | None = None,
    found: queries.ProposalOnPage | None = None,
) -> dict[str, Any]:
    """Everything the proposal page shows, in at most three statements after the session
    whatever the data: ``found`` (queries.proposal_on_page: the proposal, the reader's
    part, the votes by group and which lists have anything), the comment thread, and the
    lists (page.listed); the first ``comment_pages`` pages of the comments, and the page
    with ``showing_comment``. An empty thread or no lists cost no statement."""
    if found is None:
        found = await queries.proposal_on_page(proposal.id, user, visible_only=False)
        assert found is not None
        found = replace(found, proposal=proposal)
    masterplan = proposal.masterplan
    membership = found.membership
    links = planning_uptake.grouped(found.links)
    verdict = planning_uptake.Uptakes(found.version, links).of(proposal)
    thread = (
        await comment_queries.thread(proposal, user, pages=comment_pages, showing=showing_comment)
        if found.any_comment
        else comment_queries.Thread([], max(comment_pages, 1))
    )
    listed = await page.listed(proposal, _kinds(proposal, found))
    return {
        "proposal": proposal,
        # The one badge: the draft's verdict where there is one, else the status.
        "shown_status": planning_uptake.shown_status(proposal, verdict),
        "masterplan": masterplan,
        "breakdown": vote_queries.breakdown_of(
            GroupCount(group.value, supports, opposes) for group, supports, opposes in found.tallies
        ),
        "my_vote": found.my_vote,
        "can_vote": permissions.can_vote(user, proposal, masterplan),
        "thread": thread,
        "can_comment": permissions.can_comment(user, proposal, masterplan),
        "attachments": listed.attachments,
        "cosignatures": listed.cosignatures,
        "membership": membership,
        "can_cosign": permissions.can_cosign(user, proposal, masterplan, membership),
        "has_cosigned": found.has_cosigned,
        "can_edit": permissions.can_edit(user, proposal, masterplan),
        "can_withdraw": permissions.can_withdraw(user, proposal, masterplan),
        "following": found.following,
        "lineage": listed.lineage,
        "verdict": verdict,
        "after_draft": planning_uptake.came_after(proposal, verdict, found.version),
        "projects": listed.projects,
        "can_moderate": moderation_permissions.can_moderate(user),
        # Asks the planner link only of planners, and only where the status can change.
        "can_respond": not moderation_responses.refusal(proposal)
        and _can_respond(user, found.plans_masterplan),
        "status_history": listed.status_history,
        "can_follow": permissions.can_follow(user, proposal),
    }


def _kinds(proposal: Proposal, found: queries.ProposalOnPage) -> list[str]:
    """The page's lists that have anything in them (page.listed reads only those)."""
    present = {
        "attachment": found.any_attachment,
        "cosignature": proposal.cosign_count > 0,
        "project": found.any_project,
        "status": found.any_status_change,
        "merge": found.any_merge,
    }
    return [kind for kind, anything in present.items() if anything]


def _can_respond(user: User | None, plans_masterplan: bool) -> bool:
    """moderation_permissions.can_respond, with the planners of the masterplan read in the
    page's first statement instead of a statement of its own."""
    return is_moderator(user) or (
        user is not None and user.role == Role.PLANNER and plans_masterplan
    )


async def cosign(request: Request) -> Response:
    user = require_user(request)
    proposal = await queries.visible_proposal(request.path_params["proposal_id"], user)
    if proposal is None:
        raise HTTPException(status_code=404)
    membership = await confirmed_membership(user)
    form = await read_form(request)
    withdraw = form.get("action") == "withdraw"
    decision = permissions.can_cosign(user, proposal, proposal.masterplan, membership)
    if not decision:
        return render(
            request,
            "errors/refused.html",
            {"reason": decision.reason, "proposal": proposal},
            status_code=403,
        )
    assert membership is not None
    if withdraw:
        await cosigning.withdraw_cosignature(proposal=proposal, membership=membership)
    else:
        await cosigning.cosign(proposal=proposal, member=user, membership=membership)
    return RedirectResponse(f"/proposals/{proposal.id}#cosign", status_code=303)


routes = [
    Route("/masterplans/{slug}/proposals", proposal_list, name="proposals:list"),
    Route("/proposals/{proposal_id:int}", detail, name="proposals:detail"),
    Route("/proposals/{proposal_id:int}/cosign", cosign, methods=["POST"], name="proposals:cosign"),
]
