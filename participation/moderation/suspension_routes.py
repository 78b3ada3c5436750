"""The suspension page of one person: who they are, suspend them, lift the suspension.

Moderators and admins open it; a moderator who meets a moderator or an admin here is told,
with a 403, that only administrators can suspend them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import User
from participation.accounts.permissions import is_suspended
from participation.forms import Form, ValidationFailed, read_form
from participation.moderation import suspensions
from participation.moderation.permissions import can_moderate
from participation.security import current_user, require
from participation.templating import flash, render


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


async def _suspend(person: User, form: Form, moderator: User) -> None:
    await suspensions.suspend_person(
        person=person,
        by=moderator,
        until=_date(form.get("suspended_until")),
        reason=form.get("suspension_reason"),
    )


async def _lift(person: User, form: Form, moderator: User) -> None:
    await suspensions.lift_suspension(person=person, by=moderator, reason=form.get("lift_reason"))


ACTIONS: dict[str, Callable[[User, Form, User], Awaitable[None]]] = {
    "suspend": _suspend,
    "lift": _lift,
}


def _page(
    request: Request, person: User, forms: dict[str, Form], refusal: str = "", status: int = 200
) -> Response:
    context = {
        "person": person,
        "forms": forms,
        "refusal": refusal,
        "suspended": is_suspended(person),
        "ends_on": suspensions.ends_on(person),
    }
    return render(request, "moderation/suspend.html", context, status_code=status)


async def suspend(request: Request) -> Response:
    moderator = require(request, can_moderate(current_user(request)))
    person = await User.get_or_none(id=request.path_params["user_id"])
    if person is None:
        raise HTTPException(status_code=404)
    forms = {"suspend": Form(), "lift": Form()}
    refusal = suspensions.refusal(moderator, person)
    if refusal:
        return _page(request, person, forms, refusal, status=403)
    if request.method == "POST":
        posted = await read_form(request)
        action = ACTIONS.get(posted.get("action"))
        if action is None:
            raise HTTPException(status_code=400)
        try:
            await action(person, posted, moderator)
        except ValidationFailed as failed:
            forms[posted.get("action")] = Form(posted.values, failed.errors)
            return _page(request, person, forms, status=400)
        return flash(request, RedirectResponse(request.url.path, status_code=303), "saved")
    return _page(request, person, forms)


routes: list[Route] = [
    Route(
        "/moderation/users/{user_id:int}/suspend",
        suspend,
        methods=["GET", "POST"],
        name="moderation:suspend",
    ),
]
