"""Administration → Website: the operator's facts for the imprint and the privacy page, the
retention periods and legal bases, and the home page's introduction. Admins only."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from participation.accounts.permissions import is_admin
from participation.forms import Form, ValidationFailed, read_form
from participation.security import current_user, require
from participation.site import services
from participation.site.setting_fields import FIELDS, GROUPS
from participation.site.site_settings import site_settings
from participation.templating import flash, render


async def website(request: Request) -> Response:
    admin = require(request, is_admin(current_user(request)))
    values = await site_settings(request)
    form = Form(values=values.form_values())
    if request.method == "POST":
        form = await read_form(request)
        settings = request.app.state.settings
        try:
            await services.save_site_settings(
                values=form.values,
                by=admin,
                site_name=settings.site_name,
                session_days=settings.session_days,
            )
        except ValidationFailed as failed:
            form.errors = failed.errors
        else:
            response = RedirectResponse(request.url.path, status_code=303)
            return flash(request, response, "saved")
    return render(
        request,
        "admin/website.html",
        {
            "form": form,
            "groups": [
                (key, heading, [setting for setting in FIELDS if setting.group == key])
                for key, heading in GROUPS.items()
            ],
        },
        status_code=400 if form.errors else 200,
    )


routes: list[BaseRoute] = [
    Route("/admin/website", website, methods=["GET", "POST"], name="admin:website"),
]
