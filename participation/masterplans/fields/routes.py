"""A masterplan's fields of action over HTTP, for its planners and admins: the list with the
order buttons (plain forms, no JavaScript needed), a new field, editing one, archiving and
restoring it, deleting an empty one after a confirmation, and moving its proposals.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from tortoise.functions import Count

from participation.accounts.models import User
from participation.forms import Form, ValidationFailed, read_form, whole_number
from participation.markdown import render_markdown
from participation.masterplans.fields import moving, services
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.masterplans.routes import load_masterplan
from participation.planning.permissions import can_plan
from participation.proposals.models import Proposal
from participation.security import current_user, require
from participation.templating import flash, render

MOVE_LIST_LIMIT = 500  # proposals offered one by one; "all of them" moves any number


async def _planned(request: Request) -> tuple[Masterplan, User]:
    masterplan = await load_masterplan(request.path_params["slug"])
    return masterplan, require(request, await can_plan(current_user(request), masterplan))


async def _field(request: Request, masterplan: Masterplan) -> FieldOfAction:
    found = await FieldOfAction.get_or_none(
        id=request.path_params["field_id"], masterplan_id=masterplan.id
    )
    if found is None:
        raise HTTPException(status_code=404)
    return found


def _to_list(request: Request, masterplan: Masterplan, anchor: str = "") -> Response:
    path = request.app.url_path_for("fields:list", slug=masterplan.slug)
    return flash(request, RedirectResponse(f"{path}{anchor}", status_code=303), "saved")


def _preview(form: Form) -> object:
    return render_markdown(form.get("description")) if form.get("preview") else None


# The list and a new field


async def _list_page(
    request: Request, masterplan: Masterplan, form: Form, *, status_code: int = 200
) -> Response:
    fields = await FieldOfAction.filter(masterplan_id=masterplan.id)
    held = dict(
        await Proposal.filter(masterplan_id=masterplan.id)
        .annotate(n=Count("id"))
        .group_by("field_of_action_id")
        .values_list("field_of_action_id", "n")
    )
    context = {
        "masterplan": masterplan,
        "fields": fields,
        "held": {int(k): int(v) for k, v in held.items()},
        "form": form,
        "preview": _preview(form),
    }
    return render(request, "masterplans/fields.html", context, status_code=status_code)


async def field_list(request: Request) -> Response:
    masterplan, user = await _planned(request)
    if request.method == "GET":
        return await _list_page(request, masterplan, Form())
    form = await read_form(request)
    if form.get("preview"):
        return await _list_page(request, masterplan, form)
    try:
        created = await services.create_field(
            masterplan=masterplan,
            title=form.get("title"),
            description=form.get("description"),
            by=user,
        )
    except ValidationFailed as failed:
        form.errors = failed.errors
        return await _list_page(request, masterplan, form, status_code=400)
    return _to_list(request, masterplan, f"#field-{created.id}")


# One field


async def _change(field: FieldOfAction, masterplan: Masterplan, form: Form, user: User) -> str:
    """The one service the form's ``action`` asks for; returns where the answer leads."""
    action = form.get("action")
    if action == "save":
        await services.edit_field(
            field=field,
            masterplan=masterplan,
            by=user,
            title=form.get("title"),
            description=form.get("description"),
        )
    elif action in ("up", "down"):
        offset = -1 if action == "up" else 1
        await services.move_field(field=field, masterplan=masterplan, by=user, offset=offset)
    elif action == "archive":
        await services.archive_field(field=field, masterplan=masterplan, by=user)
    elif action == "restore":
        await services.restore_field(field=field, masterplan=masterplan, by=user)
    else:
        raise HTTPException(status_code=400)
    return f"#field-{field.id}"


async def field_detail(request: Request) -> Response:
    masterplan, user = await _planned(request)
    field = await _field(request, masterplan)
    form = Form(values={"title": field.title, "description": field.description})
    if request.method == "POST":
        posted = await read_form(request)
        if posted.get("preview"):
            form = posted
        else:
            try:
                return _to_list(request, masterplan, await _change(field, masterplan, posted, user))
            except ValidationFailed as failed:
                if posted.get("action") != "save":  # a button of the list: answer there
                    form = Form(errors=failed.errors)
                    return await _list_page(request, masterplan, form, status_code=400)
                form, form.errors = posted, failed.errors
    context = {"masterplan": masterplan, "field": field, "form": form, "preview": _preview(form)}
    status_code = 400 if form.errors else 200
    return render(request, "masterplans/field.html", context, status_code=status_code)


async def delete_field(request: Request) -> Response:
    masterplan, user = await _planned(request)
    field = await _field(request, masterplan)
    form = Form()
    if request.method == "POST":
        form = await read_form(request)
        try:
            await services.delete_field(
                field=field, masterplan=masterplan, by=user, confirmed=form.checked("confirm")
            )
        except ValidationFailed as failed:
            form.errors = failed.errors
        else:
            return _to_list(request, masterplan)
    proposals, projects = await services.holdings_of(field)
    context = {
        "masterplan": masterplan,
        "field": field,
        "form": form,
        "proposals": proposals,
        "projects": projects,
    }
    status_code = 400 if form.errors else 200
    return render(request, "masterplans/field_delete.html", context, status_code=status_code)


# Moving a field's proposals


def _chosen_ids(request_form: Form, raw_ids: list[str]) -> list[int] | None:
    """None for "all of them"; else the ticked proposals' ids."""
    if request_form.get("which") != "chosen":
        return None
    return _numbers(raw_ids)


def _numbers(raw_ids: list[str]) -> list[int]:
    return [number for number in map(whole_number, raw_ids) if number is not None]


async def move_proposals(request: Request) -> Response:
    masterplan, user = await _planned(request)
    field = await _field(request, masterplan)
    form = Form(values={"which": "all"})
    chosen: list[int] = []
    if request.method == "POST":
        async with request.form() as raw:
            ids = [str(value) for value in raw.getlist("proposal")]
        form = await read_form(request)
        target = form.get("target")
        chosen = _numbers(ids)
        try:
            moved = await moving.move_proposals(
                source=field,
                masterplan=masterplan,
                target_id=whole_number(target),
                proposal_ids=_chosen_ids(form, ids),
                by=user,
                base_url=request.app.state.settings.base_url,
            )
        except ValidationFailed as failed:
            form.errors = failed.errors
        else:
            path = request.app.url_path_for("fields:list", slug=masterplan.slug)
            answer = RedirectResponse(f"{path}?moved={moved}#field-{field.id}", status_code=303)
            return flash(request, answer, "saved")
    return await _move_page(request, masterplan, field, form, chosen)


async def _move_page(
    request: Request,
    masterplan: Masterplan,
    field: FieldOfAction,
    form: Form,
    chosen: list[int],
) -> Response:
    proposals = (
        await Proposal.filter(field_of_action_id=field.id)
        .order_by("-id")
        .limit(MOVE_LIST_LIMIT + 1)
    )
    context = {
        "masterplan": masterplan,
        "field": field,
        "form": form,
        "chosen": set(chosen),
        "proposals": proposals[:MOVE_LIST_LIMIT],
        "more": len(proposals) > MOVE_LIST_LIMIT,
        "total": await Proposal.filter(field_of_action_id=field.id).count(),
        "targets": await FieldOfAction.filter(
            masterplan_id=masterplan.id, archived_at__isnull=True
        ).exclude(id=field.id),
    }
    status_code = 400 if form.errors else 200
    return render(request, "masterplans/field_move.html", context, status_code=status_code)


routes = [
    Route("/planning/{slug}/fields", field_list, methods=["GET", "POST"], name="fields:list"),
    Route(
        "/planning/{slug}/fields/{field_id:int}",
        field_detail,
        methods=["GET", "POST"],
        name="fields:edit",
    ),
    Route(
        "/planning/{slug}/fields/{field_id:int}/delete",
        delete_field,
        methods=["GET", "POST"],
        name="fields:delete",
    ),
    Route(
        "/planning/{slug}/fields/{field_id:int}/move",
        move_proposals,
        methods=["GET", "POST"],
        name="fields:move",
    ),
]
