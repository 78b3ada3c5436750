"""Administration → Masterplans: the list (active and archived), creating one by hand or from
a process template, changing everything about one, archiving, restoring and deleting.

Admins only; a masterplan's planners change its texts on their own page (``texts.py``).
Every form comes back with its input and an error next to each field when a service refuses.
"""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import User
from participation.accounts.permissions import is_admin
from participation.forms import (
    MAX_FIELD_LENGTH,
    Form,
    ValidationFailed,
    plain_text,
    read_form,
    whole_number,
)
from participation.i18n import gettext
from participation.masterplans import queries, services
from participation.masterplans.models import Masterplan
from participation.masterplans.processes.document import MAX_FILE_BYTES, TemplateRefused
from participation.masterplans.processes.reading import read_file
from participation.masterplans.processes.services import import_process
from participation.masterplans.routes import load_masterplan
from participation.masterplans.slugs import slugify
from participation.masterplans.texts import place_options, preview_of, texts_of
from participation.security import current_user, require
from participation.templating import flash, render

IMPORT_FIELDS = {"slug": "new_slug", "title": "new_title"}


def _admin(request: Request) -> User:
    return require(request, is_admin(current_user(request)))


def _to(request: Request, name: str, **params: str) -> str:
    return str(request.app.url_path_for(name, **params))


# The list, creating and importing


async def _list_page(
    request: Request, create: Form, upload: Form, *, status_code: int = 200
) -> Response:
    found = await queries.overviews()
    create.values.setdefault("place", str(len(found.active) + 1))  # last, unless chosen
    context = {
        "overviews": found,
        "create": create,
        "upload": upload,
        "preview": preview_of(create),
        "place_options": place_options(len(found.active) + 1),
    }
    return render(request, "admin/masterplans.html", context, status_code=status_code)


async def masterplans(request: Request) -> Response:
    admin = _admin(request)
    if request.method == "GET":
        return await _list_page(request, Form(), Form())
    form = await read_form(request)
    if form.get("preview"):
        return await _list_page(request, form, Form())
    # An address left empty is made from the title, and shown if it cannot be used.
    form.values["slug"] = form.get("slug") or slugify(form.get("title"))
    try:
        created = await services.create_masterplan(
            texts=texts_of(form),
            slug=form.get("slug"),
            place=whole_number(form.get("place"), digits=4),
            by=admin,
        )
    except ValidationFailed as failed:
        form.errors = failed.errors
        return await _list_page(request, form, Form(), status_code=400)
    target = RedirectResponse(_to(request, "admin:masterplan", slug=created.slug), 303)
    return flash(request, target, "saved")


async def import_template(request: Request) -> Response:
    """A new masterplan from an uploaded process template, under a new address or title
    where the form gives one."""
    admin = _admin(request)
    async with request.form() as raw:
        upload = raw.get("file")
        form = Form(values={k: _text(raw.get(k)) for k in ("new_slug", "new_title")})
        content = (
            await upload.read(MAX_FILE_BYTES + 1)
            if isinstance(upload, UploadFile) and upload.filename
            else None
        )
    try:
        if content is None:
            raise ValidationFailed({"file": _no_file()})
        created = await import_process(
            template=read_file(content),
            by=admin,
            slug=form.get("new_slug"),
            title=form.get("new_title"),
        )
    except TemplateRefused as refused:
        form.errors = {"file": "\n".join(refused.problems)}
    except ValidationFailed as failed:  # the form's fields have names of their own
        form.errors = {IMPORT_FIELDS.get(k, k): v for k, v in failed.errors.items()}
    else:
        target = RedirectResponse(_to(request, "admin:masterplan", slug=created.slug), 303)
        return flash(request, target, "saved")
    return await _list_page(request, Form(), form, status_code=400)


def _text(value: UploadFile | str | None) -> str:
    """A text field of the upload form as ``read_form`` reads the others."""
    text = value if isinstance(value, str) else ""
    return plain_text(text[:MAX_FIELD_LENGTH]).strip()


def _no_file() -> str:
    return gettext("Please choose a process template file (.json).")


# One masterplan


def _details(masterplan: Masterplan, place: int) -> Form:
    return Form(
        values={
            "title": masterplan.title,
            "slug": masterplan.slug,
            "summary": masterplan.summary,
            "lead_department": masterplan.lead_department,
            "place": str(place),
        }
    )


async def _masterplan_page(
    request: Request, masterplan: Masterplan, form: Form | None = None, *, status_code: int = 200
) -> Response:
    active = await queries.active_masterplans()
    place = next((i for i, m in enumerate(active, 1) if m.id == masterplan.id), len(active))
    if form is None or not form.values:  # the details as they are, with any error
        form = Form(_details(masterplan, place).values, form.errors if form else {})
    context = {
        "masterplan": masterplan,
        "form": form,
        "preview": preview_of(form),
        "place_options": place_options(len(active)),
        "contributions": await queries.contributions_of(masterplan),
        "field_count": await masterplan.fields_of_action.all().count(),
    }
    return render(request, "admin/masterplan.html", context, status_code=status_code)


async def _apply(masterplan: Masterplan, form: Form, admin: User) -> None:
    """The one service the form's ``action`` asks for."""
    action = form.get("action")
    if action == "save":
        await services.edit_masterplan(
            masterplan=masterplan,
            texts=texts_of(form),
            slug=form.get("slug"),
            place=whole_number(form.get("place"), digits=4),
            by=admin,
        )
    elif action == "archive":
        await services.archive_masterplan(masterplan=masterplan, by=admin)
    elif action == "restore":
        await services.restore_masterplan(masterplan=masterplan, by=admin)
    else:
        raise HTTPException(status_code=400)


async def masterplan(request: Request) -> Response:
    admin = _admin(request)
    found = await load_masterplan(request.path_params["slug"])
    if request.method == "GET":
        return await _masterplan_page(request, found)
    form = await read_form(request)
    if form.get("preview"):
        return await _masterplan_page(request, found, form)
    try:
        await _apply(found, form, admin)
    except ValidationFailed as failed:
        # Archiving and restoring send no details: the page shows them as they are.
        form = form if form.get("action") == "save" else Form()
        form.errors = failed.errors
        return await _masterplan_page(request, found, form, status_code=400)
    target = RedirectResponse(_to(request, "admin:masterplan", slug=found.slug), 303)
    return flash(request, target, "saved")


async def delete(request: Request) -> Response:
    admin = _admin(request)
    found = await load_masterplan(request.path_params["slug"])
    form = Form()
    if request.method == "POST":
        form = await read_form(request)
        try:
            await services.delete_masterplan(
                masterplan=found, by=admin, confirmed=form.checked("confirm")
            )
        except ValidationFailed as failed:
            form.errors = failed.errors
        else:
            return flash(request, RedirectResponse(_to(request, "admin:masterplans"), 303), "saved")
    context = {
        "masterplan": found,
        "form": form,
        "contributions": await queries.contributions_of(found),
        "fields": await found.fields_of_action.all(),
    }
    status_code = 400 if form.errors else 200
    return render(request, "admin/masterplan_delete.html", context, status_code=status_code)


routes = [
    Route("/admin/masterplans", masterplans, methods=["GET", "POST"], name="admin:masterplans"),
    Route(
        "/admin/masterplans/import",
        import_template,
        methods=["POST"],
        name="admin:import_masterplan",
    ),
    Route(
        "/admin/masterplans/{slug}", masterplan, methods=["GET", "POST"], name="admin:masterplan"
    ),
    Route(
        "/admin/masterplans/{slug}/delete",
        delete,
        methods=["GET", "POST"],
        name="admin:delete_masterplan",
    ),
]
