"""The mail queue page: every mail, filtered and searched, a page at a time; failed ones
can be sent again."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from participation.accounts.models import User
from participation.accounts.permissions import is_admin
from participation.admin import mail_queue, services
from participation.forms import Form, read_form, whole_number
from participation.i18n import gettext
from participation.mail.services import OutboxError
from participation.security import current_user, require
from participation.templating import flash, render


def _admin(request: Request) -> User:
    return require(request, is_admin(current_user(request)))


def _status_options() -> list[tuple[str, str]]:
    return [
        ("", gettext("All")),
        ("pending", gettext("Queued")),
        ("sent", gettext("Sent")),
        ("failed", gettext("Failed")),
    ]


def _filters(request: Request) -> dict[str, str]:
    params = request.query_params
    status = params.get("status", "")
    filters = {
        "status": status if status in dict(_status_options()) else "",
        "q": params.get("q", "").strip()[:200],
    }
    return {name: value for name, value in filters.items() if value}


def _here(request: Request) -> str:
    """This page's path with its filters and page, as a retry's form returns to it."""
    before = whole_number(request.query_params.get("before"))
    query = urlencode({**_filters(request), **({"before": before} if before else {})})
    return request.url.path + (f"?{query}" if query else "")


async def _retry(request: Request, admin: User) -> Response:
    form = await read_form(request)
    if form.get("action") != "retry":
        raise HTTPException(status_code=400)
    back = RedirectResponse(_here(request), status_code=303)
    try:
        await services.retry_mail(message_id=whole_number(form.get("message")) or 0, by=admin)
    except OutboxError:  # retried already (a second click): nothing left to do
        return back
    return flash(request, back, "mail_queued")


async def outbox(request: Request) -> Response:
    admin = _admin(request)
    if request.method == "POST":
        return await _retry(request, admin)
    filters = _filters(request)
    before = whole_number(request.query_params.get("before"))
    page = await mail_queue.find_mail(
        status=filters.get("status", ""), q=filters.get("q", ""), before=before
    )
    next_query = urlencode({**filters, "before": page.next_before}) if page.next_before else ""
    return render(
        request,
        "admin/outbox.html",
        {
            "page": page,
            "form": Form(values=filters),
            "status_options": _status_options(),
            "counts": await mail_queue.waiting_counts(),
            "masked": mail_queue.masked,
            "is_first_page": before is None,
            "first_query": urlencode(filters),
            "next_query": next_query,
            "here": _here(request),
        },
    )


routes: list[BaseRoute] = [
    Route("/admin/outbox", outbox, methods=["GET", "POST"], name="admin:outbox"),
]
