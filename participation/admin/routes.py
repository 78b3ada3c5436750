"""Platform administration: people and roles, organisations, invitations, the mail outbox.

Every endpoint asks ``is_admin`` before anything else; pages with several forms tell them
apart by a hidden ``action`` field and send only the failing one back with its errors. Every
change goes through a service that writes its audit entry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from participation.accounts.models import Membership, Organization, Role, User
from participation.accounts.permissions import is_admin, is_suspended
from participation.admin import services
from participation.forms import Form, ValidationFailed, read_form
from participation.i18n import gettext
from participation.mail.services import OutboxError, failed_messages
from participation.masterplans.models import Masterplan
from participation.moderation.suspension_routes import ACTIONS as SUSPENSION_ACTIONS
from participation.organizations import services as organization_services
from participation.organizations.routes import (
    MEMBER_ACTIONS,
    apply_member_action,
    load_organization,
    redirect_back,
)
from participation.security import current_user, require
from participation.templating import flash, render

MASTERPLAN_FIELD = "masterplan-"  # one checkbox per masterplan: masterplan-<id>


def _admin(request: Request) -> User:
    return require(request, is_admin(current_user(request)))


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


def _status(forms: dict[str, Form]) -> int:
    return 400 if any(form.errors for form in forms.values()) else 200


async def index(request: Request) -> Response:
    _admin(request)
    return render(request, "admin/index.html", {"counts": await services.dashboard_counts()})


async def users(request: Request) -> Response:
    _admin(request)
    params = request.query_params
    q, role = params.get("q", "").strip()[:200], params.get("role", "")
    after = _int(params.get("after"))
    page = await services.find_people(q=q, role=role, after=after)
    filters = {name: value for name, value in (("q", q), ("role", role)) if value}
    next_query = urlencode({**filters, "after": page.next_after}) if page.next_after else ""
    return render(
        request,
        "admin/users.html",
        {
            "page": page,
            "form": Form(values=filters),
            "is_first_page": after is None,
            "first_query": urlencode(filters),
            "next_query": next_query,
            "role_options": [("", gettext("All roles")), *((r.value, r.label) for r in Role)],
            "is_suspended": is_suspended,
        },
    )


# What each form of the person page does: parse its fields, call one service.
async def _change_role(person: User, form: Form, admin: User) -> None:
    await services.change_role(user=person, role=form.get("role"), by=admin)


async def _assign_masterplans(person: User, form: Form, admin: User) -> None:
    ids = {
        _int(name.removeprefix(MASTERPLAN_FIELD))
        for name in form.values
        if name.startswith(MASTERPLAN_FIELD) and form.checked(name)
    }
    masterplans = await Masterplan.filter(id__in=[i for i in ids if i is not None])
    await services.assign_masterplans(user=person, masterplans=masterplans, by=admin)


USER_ACTIONS: dict[str, Callable[[User, Form, User], Awaitable[None]]] = {
    "role": _change_role,
    "masterplans": _assign_masterplans,
    **SUSPENSION_ACTIONS,  # the same forms as on the moderators' suspension page
}


async def _person_forms(person: User) -> dict[str, Form]:
    planned = await Masterplan.filter(planners__id=person.id)
    return {
        "role": Form(values={"role": person.role.value}),
        "masterplans": Form(values={f"{MASTERPLAN_FIELD}{m.id}": "on" for m in planned}),
        "suspend": Form(),
        "lift": Form(),
    }


async def _person_page(request: Request, person: User, forms: dict[str, Form]) -> Response:
    return render(
        request,
        "admin/user.html",
        {
            "person": person,
            "forms": forms,
            "masterplans": await Masterplan.all(),
            "masterplan_field": MASTERPLAN_FIELD,
            "memberships": await Membership.filter(user_id=person.id).select_related(
                "organization"
            ),
            "roles": list(Role),
            "is_suspended": is_suspended,
        },
        status_code=_status(forms),
    )


async def user_detail(request: Request) -> Response:
    admin = _admin(request)
    person = await User.get_or_none(id=request.path_params["user_id"])
    if person is None:
        raise HTTPException(status_code=404)
    forms = await _person_forms(person)
    if request.method == "POST":
        posted = await read_form(request)
        action = USER_ACTIONS.get(posted.get("action"))
        if action is None:
            raise HTTPException(status_code=400)
        try:
            await action(person, posted, admin)
        except ValidationFailed as failed:
            posted.errors = failed.errors
            forms[posted.get("action")] = posted
        else:
            return redirect_back(request)
    return await _person_page(request, person, forms)


async def _organizations_page(request: Request, form: Form) -> Response:
    awaiting = request.query_params.get("show") == "awaiting"
    return render(
        request,
        "admin/organizations.html",
        {
            "organizations": await organization_services.organizations_with_counts(
                awaiting_verification=awaiting
            ),
            "awaiting_only": awaiting,
            "form": form,
            "kind_options": organization_services.kind_options(),
        },
        status_code=400 if form.errors else 200,
    )


async def organizations(request: Request) -> Response:
    admin = _admin(request)
    form = Form(values={"kind": organization_services.kind_options()[0][0]})
    if request.method == "POST":
        form = await read_form(request)
        try:
            organization = await organization_services.create_organization(
                name=form.get("name"),
                slug=form.get("slug"),
                kind=form.get("kind"),
                description=form.get("description"),
                verified=form.checked("verified"),
                by=admin,
            )
        except ValidationFailed as failed:
            form.errors = failed.errors
        else:
            # The new organisation's page, where the admin invites its people next.
            path = request.app.url_path_for("admin:organization", slug=organization.slug)
            return flash(request, RedirectResponse(str(path), status_code=303), "saved")
    return await _organizations_page(request, form)


async def _organization_action(
    request: Request, organization: Organization, form: Form, admin: User
) -> None:
    action = form.get("action")
    if action in MEMBER_ACTIONS:
        await apply_member_action(organization, form, admin)
    elif action == "details":
        await organization_services.update_organization(
            organization=organization,
            name=form.get("name"),
            kind=form.get("kind"),
            description=form.get("description"),
            verified=form.checked("verified"),
            by=admin,
        )
    elif action == "invite":
        await services.invite_to_organization(
            organization=organization,
            email=form.get("email"),
            by=admin,
            base_url=request.app.state.settings.base_url,
            make_admin=form.checked("make_admin"),
        )
    else:
        raise HTTPException(status_code=400)


def _organization_forms(organization: Organization) -> dict[str, Form]:
    details = {
        "name": organization.name,
        "kind": organization.kind.value,
        "description": organization.description,
        "verified": "on" if organization.verified else "",
    }
    return {"details": Form(values=details), "invite": Form()}


async def _organization_page(
    request: Request, organization: Organization, forms: dict[str, Form]
) -> Response:
    return render(
        request,
        "admin/organization.html",
        {
            "organization": organization,
            "forms": forms,
            "members": await organization_services.members_of(organization),
            "invitations": await organization_services.invitations_of(organization),
            "kind_options": organization_services.kind_options(),
        },
        status_code=_status(forms),
    )


async def organization(request: Request) -> Response:
    admin = _admin(request)
    record = await load_organization(request.path_params["slug"])
    forms = _organization_forms(record)
    if request.method == "POST":
        posted = await read_form(request)
        try:
            await _organization_action(request, record, posted, admin)
        except ValidationFailed as failed:
            posted.errors = failed.errors
            forms[posted.get("action")] = posted
        else:
            return redirect_back(request)
    return await _organization_page(request, record, forms)


async def outbox(request: Request) -> Response:
    admin = _admin(request)
    if request.method == "POST":
        form = await read_form(request)
        if form.get("action") != "retry":
            raise HTTPException(status_code=400)
        try:
            await services.retry_mail(message_id=_int(form.get("message")) or 0, by=admin)
        except OutboxError:  # retried already (a second click): nothing left to do
            return redirect_back(request, code=None)
        return redirect_back(request)
    return render(request, "admin/outbox.html", {"messages": await failed_messages()})


routes: list[BaseRoute] = [
    Route("/admin", index, name="admin:index"),
    Route("/admin/users", users, name="admin:users"),
    Route("/admin/users/{user_id:int}", user_detail, methods=["GET", "POST"], name="admin:user"),
    Route(
        "/admin/organizations", organizations, methods=["GET", "POST"], name="admin:organizations"
    ),
    Route(
        "/admin/organizations/{slug}",
        organization,
        methods=["GET", "POST"],
        name="admin:organization",
    ),
    Route("/admin/outbox", outbox, methods=["GET", "POST"], name="admin:outbox"),
]
