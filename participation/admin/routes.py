"""Platform administration: the overview, organisations, and (in their own modules) people
and the mail queue.

Every endpoint asks ``is_admin`` before anything else. The organisation page shares its
members panel with the organisation's own members page; a hidden ``action`` field tells
its forms apart and only the failing one comes back with its errors and input.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from participation.accounts.models import Membership, Organization, User
from participation.accounts.permissions import is_admin
from participation.admin import services
from participation.admin.outbox_routes import routes as outbox_routes
from participation.admin.people_routes import routes as people_routes
from participation.forms import Form, ValidationFailed, read_form
from participation.organizations import services as organization_services
from participation.organizations.routes import (
    Actor,
    apply_panel_action,
    load_organization,
    panel_context,
    panel_forms,
    redirect_back,
    refused,
)
from participation.security import current_user, require
from participation.templating import flash, render


def _admin(request: Request) -> User:
    return require(request, is_admin(current_user(request)))


async def index(request: Request) -> Response:
    _admin(request)
    return render(request, "admin/index.html", {"counts": await services.dashboard_counts()})


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


async def _update(organization: Organization, form: Form, admin: User) -> str:
    await organization_services.update_organization(
        organization=organization,
        name=form.get("name"),
        kind=form.get("kind"),
        description=form.get("description"),
        verified=form.checked("verified"),
        by=admin,
    )
    return "saved"


def _organization_forms(organization: Organization) -> dict[str, Form]:
    details = {
        "name": organization.name,
        "kind": organization.kind.value,
        "description": organization.description,
        "verified": "on" if organization.verified else "",
    }
    return {"details": Form(values=details), **panel_forms()}


async def organization(request: Request) -> Response:
    admin = _admin(request)
    record = await load_organization(request.path_params["slug"])
    own = await Membership.get_or_none(user_id=admin.id, organization_id=record.id)
    actor = Actor(admin, own, platform_admin=True)
    forms = _organization_forms(record)
    if request.method == "POST":
        posted = await read_form(request)
        try:
            if posted.get("action") == "details":
                code = await _update(record, posted, admin)
            else:
                code = await apply_panel_action(request, record, posted, actor)
        except ValidationFailed as failed:
            if posted.get("action") == "details":
                posted.errors = failed.errors
                forms["details"] = posted
            else:
                refused(forms, posted, failed)
        else:
            return redirect_back(request, code)
    context = await panel_context(request, record, actor, forms)
    context["kind_options"] = organization_services.kind_options()
    status = 400 if any(form.errors for form in forms.values()) else 200
    return render(request, "admin/organization.html", context, status_code=status)


routes: list[BaseRoute] = [
    Route("/admin", index, name="admin:index"),
    *people_routes,
    Route(
        "/admin/organizations", organizations, methods=["GET", "POST"], name="admin:organizations"
    ),
    Route(
        "/admin/organizations/{slug}",
        organization,
        methods=["GET", "POST"],
        name="admin:organization",
    ),
    *outbox_routes,
]
