"""Organisations as participants: their admins confirm who speaks for them."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from participation.accounts.models import Membership, MembershipStatus, Organization, User
from participation.accounts.permissions import can_manage_members
from participation.forms import Form, read_form
from participation.organizations import services
from participation.security import current_user, require
from participation.templating import flash, render

# The member actions a form may ask for, and the status a membership must have for each:
# only a pending request is confirmed or declined, only a confirmed member becomes an admin.
MEMBER_ACTIONS = {
    "confirm": MembershipStatus.PENDING,
    "decline": MembershipStatus.PENDING,
    "make_admin": MembershipStatus.CONFIRMED,
}


async def load_organization(slug: str) -> Organization:
    organization = await Organization.get_or_none(slug=slug)
    if organization is None:
        raise HTTPException(status_code=404)
    return organization


def redirect_back(request: Request, code: str | None = "saved") -> Response:
    response = RedirectResponse(request.url.path, status_code=303)
    return flash(request, response, code) if code else response


def _id(raw: str) -> int:
    return int(raw) if raw.isdigit() and len(raw) < 10 else 0


# The audited member services, by the form's action.
MEMBER_SERVICES = {
    "confirm": services.confirm_member,
    "decline": services.decline_member,
    "make_admin": services.appoint_organization_admin,
}


async def apply_member_action(organization: Organization, form: Form, by: User) -> None:
    """Confirm, decline or promote one member of ``organization``, as the form asks. A
    membership of another organisation is not found here, whoever asks."""
    action = form.get("action")
    if action not in MEMBER_ACTIONS:
        raise HTTPException(status_code=400)
    membership = await Membership.get_or_none(
        id=_id(form.get("membership")),
        organization_id=organization.id,
        status=MEMBER_ACTIONS[action],
    )
    if membership is None:
        raise HTTPException(status_code=404)
    await MEMBER_SERVICES[action](membership=membership, by=by)


async def members(request: Request) -> Response:
    organization = await load_organization(request.path_params["slug"])
    user = current_user(request)
    own = (
        await Membership.get_or_none(user_id=user.id, organization_id=organization.id)
        if user is not None
        else None
    )
    actor = require(request, can_manage_members(user, own))
    if request.method == "POST":
        await apply_member_action(organization, await read_form(request), actor)
        return redirect_back(request)
    return render(
        request,
        "organizations/members.html",
        {
            "organization": organization,
            "members": await services.members_of(organization),
        },
    )


routes: list[BaseRoute] = [
    Route(
        "/organizations/{slug}/members",
        members,
        methods=["GET", "POST"],
        name="organizations:members",
    ),
]
