"""Organisations as participants: their admins take members in, invite colleagues, remove
members and hand the admin role on; a member leaves.

The members panel (requests, members, invitations) is the same on the organisation's own
members page and on the platform admins' organisation page: both post its forms to
themselves and hand them to ``apply_panel_action``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from participation.accounts.models import Membership, MembershipStatus, Organization, User
from participation.accounts.permissions import can_manage_members, is_admin
from participation.forms import Form, ValidationFailed, read_form, whole_number
from participation.i18n import gettext
from participation.organizations import invitations, permissions, services
from participation.organizations import membership as changes
from participation.security import current_user, require, require_user
from participation.templating import flash, render

# The member actions a form may ask for, and the status a membership must have for each:
# only a pending request is confirmed or declined, only a confirmed member is made admin,
# loses the role, is removed or receives the role handed on.
MEMBER_ACTIONS = {
    "confirm": MembershipStatus.PENDING,
    "decline": MembershipStatus.PENDING,
    "make_admin": MembershipStatus.CONFIRMED,
    "revoke_admin": MembershipStatus.CONFIRMED,
    "remove": MembershipStatus.CONFIRMED,
}
# Which of the panel's forms shows an action's errors ("members": the alert over the tables).
FORM_OF_ACTION = {"invite": "invite", "hand_on": "hand_on"}
FLASH_OF_ACTION = {
    "remove": "member_removed",
    "invite": "invitation_sent",
    "withdraw_invitation": "invitation_withdrawn",
}


@dataclass(frozen=True)
class Actor:
    """Who manages the members: a platform admin or one of the organisation's admins."""

    user: User
    own: Membership | None  # the actor's own membership of this organisation
    platform_admin: bool


@dataclass(frozen=True)
class MemberRules:
    """The member permissions for one actor and the members as the page shows them."""

    actor: Actor
    confirmed: list[Membership]

    def make_admin(self, target: Membership) -> bool:
        return permissions.can_make_admin(target)

    def revoke_admin(self, target: Membership) -> bool:
        return permissions.can_revoke_admin(
            self.actor.user, target, self.confirmed, platform_admin=self.actor.platform_admin
        )

    def remove(self, target: Membership) -> bool:
        return permissions.can_remove(
            self.actor.user, target, self.confirmed, platform_admin=self.actor.platform_admin
        )

    def hand_on(self) -> bool:
        own = self.actor.own
        return own is not None and own.is_admin and own.status == MembershipStatus.CONFIRMED


async def load_organization(slug: str) -> Organization:
    organization = await Organization.get_or_none(slug=slug)
    if organization is None:
        raise HTTPException(status_code=404)
    return organization


def redirect_back(request: Request, code: str | None = "saved") -> Response:
    response = RedirectResponse(request.url.path, status_code=303)
    return flash(request, response, code) if code else response


def _id(raw: str) -> int:
    return whole_number(raw) or 0


async def _member(organization: Organization, form: Form, status: MembershipStatus) -> Membership:
    """The membership a row's button names: of this organisation, whoever asks."""
    found = await Membership.get_or_none(
        id=_id(form.get("membership")), organization_id=organization.id, status=status
    )
    if found is None:
        raise HTTPException(status_code=404)
    return found


Service = Callable[[Membership, Actor], Awaitable[object]]
MEMBER_SERVICES: dict[str, Service] = {
    "confirm": lambda m, actor: services.confirm_member(membership=m, by=actor.user),
    "decline": lambda m, actor: services.decline_member(membership=m, by=actor.user),
    "make_admin": lambda m, actor: services.appoint_organization_admin(membership=m, by=actor.user),
    "revoke_admin": lambda m, actor: changes.revoke_admin(
        membership=m, by=actor.user, platform_admin=actor.platform_admin
    ),
    "remove": lambda m, actor: changes.remove_member(
        membership=m, by=actor.user, platform_admin=actor.platform_admin
    ),
}


async def _hand_on(organization: Organization, form: Form, actor: Actor) -> None:
    if actor.own is None:
        raise HTTPException(status_code=400)  # only a member hands their role on
    target = await Membership.get_or_none(
        id=_id(form.get("membership")),
        organization_id=organization.id,
        status=MembershipStatus.CONFIRMED,
    )
    if target is None:
        raise ValidationFailed({"membership": gettext("Choose a member from the list.")})
    await changes.hand_on(
        membership=target, own=actor.own, by=actor.user, step_down=form.checked("step_down")
    )


async def apply_panel_action(
    request: Request, organization: Organization, form: Form, actor: Actor
) -> str:
    """Do what one of the panel's forms asks; returns the flash message's code."""
    action = form.get("action")
    if action == "invite":
        await invitations.invite_colleague(
            organization=organization,
            email=form.get("email"),
            make_admin=form.checked("make_admin"),
            inviter=invitations.Inviter(actor.user, actor.platform_admin),
            base_url=request.app.state.settings.base_url,
        )
    elif action == "withdraw_invitation":
        await invitations.withdraw(
            organization=organization, invitation_id=_id(form.get("invitation")), by=actor.user
        )
    elif action == "hand_on":
        await _hand_on(organization, form, actor)
    elif action in MEMBER_SERVICES:
        target = await _member(organization, form, MEMBER_ACTIONS[action])
        await MEMBER_SERVICES[action](target, actor)
    else:
        raise HTTPException(status_code=400)
    return FLASH_OF_ACTION.get(action, "saved")


def panel_forms() -> dict[str, Form]:
    return {"members": Form(), "invite": Form(), "hand_on": Form()}


def refused(forms: dict[str, Form], posted: Form, failed: ValidationFailed) -> None:
    """Put a refused form back on the page with its errors and input."""
    posted.errors = failed.errors
    forms[FORM_OF_ACTION.get(posted.get("action"), "members")] = posted


async def panel_context(
    request: Request, organization: Organization, actor: Actor, forms: dict[str, Form]
) -> dict[str, object]:
    """What the members panel shows; ``?remove=<id>`` asks to confirm a removal."""
    members = await services.members_of(organization)
    rules = MemberRules(actor, members.confirmed)
    wanted = _id(request.query_params.get("remove", ""))
    removing = next((m for m in members.confirmed if m.id == wanted and rules.remove(m)), None)
    return {
        "organization": organization,
        "members": members,
        "rules": rules,
        "removing": removing,
        "invitations": await invitations.invitations_of(organization),
        "forms": forms,
        "actor": actor,
    }


async def _actor(request: Request, organization: Organization) -> Actor:
    user = current_user(request)
    own = (
        await Membership.get_or_none(user_id=user.id, organization_id=organization.id)
        if user is not None
        else None
    )
    return Actor(require(request, can_manage_members(user, own)), own, is_admin(user))


async def members(request: Request) -> Response:
    organization = await load_organization(request.path_params["slug"])
    actor = await _actor(request, organization)
    forms = panel_forms()
    if request.method == "POST":
        posted = await read_form(request)
        try:
            code = await apply_panel_action(request, organization, posted, actor)
        except ValidationFailed as failed:
            refused(forms, posted, failed)
        else:
            return redirect_back(request, code)
    context = await panel_context(request, organization, actor, forms)
    status = 400 if any(form.errors for form in forms.values()) else 200
    return render(request, "organizations/members.html", context, status_code=status)


async def leave(request: Request) -> Response:
    """Leave an organisation, or withdraw a request to join it: the page says what follows,
    its button does it."""
    organization = await load_organization(request.path_params["slug"])
    user = require_user(request)
    own = await Membership.get_or_none(user_id=user.id, organization_id=organization.id)
    require(request, own is not None)
    assert own is not None
    form = Form()
    if request.method == "POST":
        form = await read_form(request)
        try:
            await changes.leave(membership=own, by=user)
        except ValidationFailed as failed:
            form.errors = failed.errors
        else:
            return flash(
                request, RedirectResponse("/account/profile", status_code=303), "left_organization"
            )
    confirmed = (await services.members_of(organization)).confirmed
    context = {
        "organization": organization,
        "membership": own,
        "form": form,
        "may_leave": permissions.can_leave(own, confirmed),
    }
    status = 400 if form.errors else 200
    return render(request, "organizations/leave.html", context, status_code=status)


routes: list[BaseRoute] = [
    Route(
        "/organizations/{slug}/members",
        members,
        methods=["GET", "POST"],
        name="organizations:members",
    ),
    Route(
        "/organizations/{slug}/leave",
        leave,
        methods=["GET", "POST"],
        name="organizations:leave",
    ),
]
