"""The admins' people pages: the list, a new account, one person with their forms.

The person page has several forms; a hidden ``action`` field tells them apart, and only the
failing one comes back with its errors and input.
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
from participation.admin import people, services
from participation.forms import Form, ValidationFailed, read_form, whole_number
from participation.i18n import LANGUAGES, gettext
from participation.masterplans.models import Masterplan
from participation.moderation.suspension_routes import ACTIONS as SUSPENSION_ACTIONS
from participation.security import current_user, require
from participation.templating import flash, render

MASTERPLAN_FIELD = "masterplan-"  # one checkbox per masterplan: masterplan-<id>


def _admin(request: Request) -> User:
    return require(request, is_admin(current_user(request)))


def _links(request: Request) -> people.Links:
    settings = request.app.state.settings
    return people.Links(secret=str(settings.secret_key), base_url=settings.base_url)


def _role_options() -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in Role]


async def users(request: Request) -> Response:
    _admin(request)
    params = request.query_params
    q, role = params.get("q", "").strip()[:200], params.get("role", "")
    after = whole_number(params.get("after"))
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
            "role_options": [("", gettext("All roles")), *_role_options()],
            "is_suspended": is_suspended,
        },
    )


def _new_account(form: Form) -> people.NewAccount:
    return people.NewAccount(
        display_name=form.get("display_name"),
        email=form.get("email"),
        role=form.get("role"),
        language=form.get("language"),
        organization=form.get("organization"),
        organization_admin=form.checked("organization_admin"),
    )


async def user_new(request: Request) -> Response:
    admin = _admin(request)
    form = Form(values={"role": Role.CITIZEN.value, "language": "de"})
    if request.method == "POST":
        form = await read_form(request)
        try:
            person = await people.create_account(
                account=_new_account(form), by=admin, links=_links(request)
            )
        except ValidationFailed as failed:
            form.errors = failed.errors
        else:
            path = request.app.url_path_for("admin:user", user_id=person.id)
            return flash(request, RedirectResponse(str(path), status_code=303), "account_created")
    organizations = await Organization.all().order_by("name").values_list("slug", "name")
    return render(
        request,
        "admin/user_new.html",
        {
            "form": form,
            "role_options": _role_options(),
            "language_options": list(LANGUAGES.items()),
            "organization_options": [("", gettext("None")), *organizations],
        },
        status_code=400 if form.errors else 200,
    )


# What each form of the person page does: parse its fields, call one service.
PersonAction = Callable[[Request, User, Form, User], Awaitable[None]]


async def _correct(request: Request, person: User, form: Form, admin: User) -> None:
    await people.correct_person(
        user=person,
        display_name=form.get("display_name"),
        email=form.get("email"),
        by=admin,
        links=_links(request),
    )


async def _set_up_link(request: Request, person: User, form: Form, admin: User) -> None:
    await people.send_set_up_link_again(user=person, by=admin, links=_links(request))


async def _change_role(request: Request, person: User, form: Form, admin: User) -> None:
    await services.change_role(user=person, role=form.get("role"), by=admin)


async def _assign_masterplans(request: Request, person: User, form: Form, admin: User) -> None:
    ids = {
        whole_number(name.removeprefix(MASTERPLAN_FIELD))
        for name in form.values
        if name.startswith(MASTERPLAN_FIELD) and form.checked(name)
    }
    masterplans = await Masterplan.filter(id__in=[i for i in ids if i is not None])
    await services.assign_masterplans(user=person, masterplans=masterplans, by=admin)


def _suspension(action: Callable[[User, Form, User], Awaitable[None]]) -> PersonAction:
    async def run(request: Request, person: User, form: Form, admin: User) -> None:
        await action(person, form, admin)

    return run


USER_ACTIONS: dict[str, PersonAction] = {
    "details": _correct,
    "set_up_link": _set_up_link,
    "role": _change_role,
    "masterplans": _assign_masterplans,
    # the same forms as on the moderators' suspension page
    **{name: _suspension(action) for name, action in SUSPENSION_ACTIONS.items()},
}
FLASH_OF_ACTION = {"set_up_link": "set_up_link_sent"}


async def _person_forms(person: User) -> dict[str, Form]:
    planned = await Masterplan.filter(planners__id=person.id)
    details = {"display_name": person.display_name, "email": person.email or ""}
    return {
        "details": Form(values=details),
        "set_up_link": Form(),
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
        status_code=400 if any(form.errors for form in forms.values()) else 200,
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
            await action(request, person, posted, admin)
        except ValidationFailed as failed:
            posted.errors = failed.errors
            forms[posted.get("action")] = posted
        else:
            code = FLASH_OF_ACTION.get(posted.get("action"), "saved")
            response = RedirectResponse(request.url.path, status_code=303)
            return flash(request, response, code)
    return await _person_page(request, person, forms)


routes: list[BaseRoute] = [
    Route("/admin/users", users, name="admin:users"),
    Route("/admin/users/new", user_new, methods=["GET", "POST"], name="admin:user_new"),
    Route("/admin/users/{user_id:int}", user_detail, methods=["GET", "POST"], name="admin:user"),
]
