"""A masterplan's texts as its planners keep them (title, summary, lead department; the
address and the rest are the admins'), and its process template as a download.

The summary is Markdown: the forms show how it renders when the "Preview" button is pressed
(no JavaScript needed), and store nothing then.
"""

from __future__ import annotations

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import User
from participation.forms import Form, ValidationFailed, read_form
from participation.i18n import gettext
from participation.markdown import render_markdown
from participation.masterplans import services
from participation.masterplans.models import Masterplan
from participation.masterplans.processes.services import dumps, export_process
from participation.masterplans.routes import load_masterplan
from participation.planning.permissions import can_plan
from participation.proposals.attachments import content_disposition
from participation.security import current_user, require
from participation.templating import flash, render


def texts_of(form: Form) -> services.Texts:
    return services.Texts(form.get("title"), form.get("summary"), form.get("lead_department"))


def preview_of(form: Form) -> Markup | None:
    """The summary as the masterplan's page will show it, when the form asked to see it."""
    if not form.get("preview"):
        return None
    return render_markdown(form.get("summary"))


def place_options(count: int) -> list[tuple[str, str]]:
    """Places on the home page, 1 to ``count``, the first and last said so."""
    options = []
    for place in range(1, count + 1):
        label = str(place)
        if place == 1:
            label = gettext("%(place)s (first)") % {"place": place}
        elif place == count:
            label = gettext("%(place)s (last)") % {"place": place}
        options.append((str(place), label))
    return options


async def _planned(request: Request) -> tuple[Masterplan, User]:
    masterplan = await load_masterplan(request.path_params["slug"])
    return masterplan, require(request, await can_plan(current_user(request), masterplan))


async def texts(request: Request) -> Response:
    masterplan, user = await _planned(request)
    form = Form(
        values={
            "title": masterplan.title,
            "summary": masterplan.summary,
            "lead_department": masterplan.lead_department,
        }
    )
    if request.method == "POST":
        form = await read_form(request)
        if not form.get("preview"):
            try:
                await services.edit_texts(masterplan=masterplan, texts=texts_of(form), by=user)
            except ValidationFailed as failed:
                form.errors = failed.errors
            else:
                path = request.app.url_path_for("masterplans:texts", slug=masterplan.slug)
                return flash(request, RedirectResponse(str(path), status_code=303), "saved")
    context = {"masterplan": masterplan, "form": form, "preview": preview_of(form)}
    status_code = 400 if form.errors else 200
    return render(request, "masterplans/texts.html", context, status_code=status_code)


async def export(request: Request) -> Response:
    """The process template of the masterplan: its structure, no contributions, nobody's
    personal data."""
    masterplan, _ = await _planned(request)
    document = dumps(await export_process(masterplan))
    headers = {
        "Content-Disposition": content_disposition(f"prozess-{masterplan.slug}.json"),
        "Cache-Control": "private, no-cache",
    }
    return Response(document, media_type="application/json; charset=utf-8", headers=headers)


routes = [
    Route("/planning/{slug}/texts", texts, methods=["GET", "POST"], name="masterplans:texts"),
    Route("/planning/{slug}/process.json", export, name="masterplans:export_process"),
]
