"""The draft over HTTP: planners write the working version and publish it; everyone reads the
published versions, compares two of them and, during the consultation, comments on sections.

A working version is never shown to the public, and a published one is never changed: the
services refuse (``VersionFrozen``), and the editor answers such a refusal with 409.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import User
from participation.forms import Form, ValidationFailed, read_form, whole_number
from participation.i18n import gettext
from participation.masterplans.models import Masterplan
from participation.masterplans.routes import load_masterplan
from participation.moderation.permissions import can_moderate
from participation.planning import consultation, diff, drafts, links
from participation.planning.models import (
    DraftSection,
    DraftVersion,
    InputLink,
    SectionComment,
    VersionStatus,
)
from participation.planning.permissions import can_plan
from participation.security import current_user, require, require_user
from participation.templating import flash, render

# The editor: planners only


async def _planned(request: Request) -> tuple[Masterplan, User]:
    masterplan = await load_masterplan(request.path_params["slug"])
    return masterplan, require(request, await can_plan(current_user(request), masterplan))


async def _working(masterplan: Masterplan) -> DraftVersion | None:
    return await DraftVersion.get_or_none(masterplan_id=masterplan.id, status=VersionStatus.WORKING)


def _to_editor(masterplan: Masterplan, anchor: str = "") -> Response:
    return RedirectResponse(f"/planning/{masterplan.slug}/draft{anchor}", status_code=303)


async def editor(request: Request) -> Response:
    masterplan, user = await _planned(request)
    if request.method == "GET":
        return await _editor(request, masterplan)
    form = await read_form(request)
    if form.get("action") != "start":
        failed = Form(form.values, {"form": gettext("Please choose an action.")})
        return await _editor(request, masterplan, form=failed, status_code=400)
    try:
        await drafts.working_version(masterplan=masterplan, by=user)
    except ValidationFailed as failed:  # an archived masterplan's draft is read-only
        return await _refused(request, masterplan, form, failed, "")
    return flash(request, _to_editor(masterplan), "saved")


async def add_section(request: Request) -> Response:
    masterplan, user = await _planned(request)
    form = await read_form(request)
    try:
        version = await _working(masterplan)
        if version is None:
            raise ValidationFailed({"form": gettext("Please start a new version first.")})
        section = await drafts.add_section(
            version=version,
            title=form.get("title"),
            body=form.get("body"),
            by=user,
            field_of_action_id=_field_id(form),
        )
    except ValidationFailed as failed:
        return await _refused(request, masterplan, form, failed, "new")
    return flash(request, _to_editor(masterplan, f"#section-{section.id}"), "saved")


async def edit_section(request: Request) -> Response:
    masterplan, user = await _planned(request)
    section = await DraftSection.get_or_none(
        id=request.path_params["section_id"], version__masterplan_id=masterplan.id
    )
    if section is None:
        raise HTTPException(status_code=404)
    form = await read_form(request)
    try:
        await _change_section(section, form, user)
    except ValidationFailed as failed:
        return await _refused(request, masterplan, form, failed, section.id)
    anchor = "" if form.get("action") == "remove" else f"#section-{section.id}"
    return flash(request, _to_editor(masterplan, anchor), "saved")


async def _change_section(section: DraftSection, form: Form, user: User) -> None:
    """The one service the form's ``action`` asks for."""
    action = form.get("action", "save")
    if action == "save":
        await drafts.edit_section(
            section=section,
            title=form.get("title"),
            body=form.get("body"),
            by=user,
            field_of_action_id=_field_id(form),
        )
    elif action in ("up", "down"):
        await drafts.move_section(section=section, offset=-1 if action == "up" else 1, by=user)
    elif action == "remove":
        await drafts.remove_section(section=section, by=user)
    elif action == "unlink":
        link = await InputLink.get_or_none(
            id=whole_number(form.get("link_id")) or 0, section_id=section.id
        )
        if link is None:
            raise HTTPException(status_code=404)
        await links.unlink(link=link, by=user)
    else:
        raise ValidationFailed({"form": gettext("Please choose an action.")})


def _field_id(form: Form) -> int | None:
    raw = form.get("field_of_action")
    if not raw:
        return None
    number = whole_number(raw)
    if number is None:
        raise ValidationFailed({"field_of_action": gettext("Please choose a field of action.")})
    return number


async def publish(request: Request) -> Response:
    masterplan, user = await _planned(request)
    form = await read_form(request)
    try:
        version = await _working(masterplan)
        if version is None:
            raise ValidationFailed({"form": gettext("There is no working version to publish.")})
        await drafts.publish_version(version=version, by=user, changes=form.get("changes"))
    except ValidationFailed as failed:
        return await _refused(request, masterplan, form, failed, "publish")
    await links.notify_taken_up(version=version, base_url=request.app.state.settings.base_url)
    return flash(request, _to_editor(masterplan), "draft_published")


async def _refused(
    request: Request,
    masterplan: Masterplan,
    form: Form,
    failed: ValidationFailed,
    target: int | str,
) -> Response:
    """The editor again with the input in place; a published version answers 409."""
    form.errors = failed.errors
    status_code = 409 if isinstance(failed, drafts.VersionFrozen) else 400
    return await _editor(request, masterplan, form=form, target=target, status_code=status_code)


async def _editor(
    request: Request,
    masterplan: Masterplan,
    *,
    form: Form | None = None,
    target: int | str = "",
    status_code: int = 200,
) -> Response:
    working = await _working(masterplan)
    sections = (
        await DraftSection.filter(version_id=working.id).select_related("field_of_action")
        if working
        else []
    )
    context = {
        "masterplan": masterplan,
        "working": working,
        "sections": sections,
        "taken": await links.input_of(sections),
        "published": await DraftVersion.filter(
            masterplan_id=masterplan.id, status=VersionStatus.PUBLISHED
        ).order_by("-number"),
        "fields": await masterplan.fields_of_action.all(),
        "form": form or Form(),
        "target": target,
    }
    return render(request, "planning/draft.html", context, status_code=status_code)


# The public draft


async def _published(masterplan: Masterplan) -> list[DraftVersion]:
    return await DraftVersion.filter(
        masterplan_id=masterplan.id, status=VersionStatus.PUBLISHED
    ).order_by("-number")


def _chosen(versions: list[DraftVersion], raw: str | None) -> DraftVersion:
    """The published version numbered ``raw``; anything else (a working one too) is a 404."""
    for version in versions:
        if raw is not None and raw == str(version.number):
            return version
    raise HTTPException(status_code=404)


async def current(request: Request) -> Response:
    masterplan = await load_masterplan(request.path_params["slug"])
    return await _public_page(request, masterplan, request.query_params.get("version"))


async def _public_page(
    request: Request,
    masterplan: Masterplan,
    number: str | None = None,
    *,
    form: Form | None = None,
    target: str = "",
    status_code: int = 200,
) -> Response:
    versions = await _published(masterplan)
    version = _chosen(versions, number) if number is not None else next(iter(versions), None)
    context: dict[str, Any] = {"masterplan": masterplan, "versions": versions, "version": version}
    if version is not None:
        sections = await DraftSection.filter(version_id=version.id).select_related(
            "field_of_action"
        )
        latest = version.id == versions[0].id
        user = current_user(request)
        context |= {
            "latest": latest,
            "sections": sections,
            "taken": await links.input_of(sections, public=True),
            "comments": await consultation.comments_on(sections, user) if latest else {},
            "closed": consultation.why_closed(user, masterplan),
            "can_moderate": can_moderate(user),
            "form": form or Form(),
            "target": target,
        }
    return render(request, "drafts/current.html", context, status_code=status_code)


async def compare(request: Request) -> Response:
    masterplan = await load_masterplan(request.path_params["slug"])
    versions = await _published(masterplan)
    context: dict[str, Any] = {"masterplan": masterplan, "versions": versions, "diffs": None}
    if len(versions) >= 2:
        query = request.query_params
        older = _chosen(versions, query.get("from", str(versions[1].number)))
        newer = _chosen(versions, query.get("to", str(versions[0].number)))
        both = await DraftSection.filter(version_id__in=[older.id, newer.id])
        context |= {
            "older": older,
            "newer": newer,
            "diffs": diff.compare(
                [s for s in both if s.version_id == older.id],  # type: ignore[attr-defined]
                [s for s in both if s.version_id == newer.id],  # type: ignore[attr-defined]
            ),
        }
    return render(request, "drafts/compare.html", context)


# The consultation


async def comment(request: Request) -> Response:
    masterplan = await load_masterplan(request.path_params["slug"])
    user = require_user(request)
    key = request.path_params["key"]
    section = await consultation.latest_section(masterplan, key)
    if section is None:
        raise HTTPException(status_code=404)
    form = await read_form(request)
    try:
        await consultation.comment_on_section(
            section=section, masterplan=masterplan, author=user, body=form.get("body")
        )
    except ValidationFailed as failed:
        form.errors = failed.errors
        return await _public_page(request, masterplan, form=form, target=key, status_code=400)
    to_section = f"/masterplans/{masterplan.slug}/draft#comments-{key}"
    return RedirectResponse(to_section, status_code=303)


async def hide_comment(request: Request) -> Response:
    moderator = require(request, can_moderate(current_user(request)))
    found = await SectionComment.get_or_none(id=request.path_params["comment_id"]).select_related(
        "section__version__masterplan"
    )
    if found is None:
        raise HTTPException(status_code=404)
    masterplan = found.section.version.masterplan
    form = await read_form(request)
    try:
        await consultation.hide_section_comment(
            comment=found, moderator=moderator, reason=form.get("reason")
        )
    except ValidationFailed as failed:
        form.errors = failed.errors
        target = f"comment-{found.id}"
        return await _public_page(request, masterplan, form=form, target=target, status_code=400)
    to_section = f"/masterplans/{masterplan.slug}/draft#comments-{found.section.key}"
    return flash(request, RedirectResponse(to_section, status_code=303), "saved")


routes: list[Route] = [
    Route("/planning/{slug}/draft", editor, methods=["GET", "POST"], name="planning:draft"),
    Route(
        "/planning/{slug}/draft/sections",
        add_section,
        methods=["POST"],
        name="planning:add_section",
    ),
    Route(
        "/planning/{slug}/draft/sections/{section_id:int}",
        edit_section,
        methods=["POST"],
        name="planning:edit_section",
    ),
    Route("/planning/{slug}/draft/publish", publish, methods=["POST"], name="planning:publish"),
    Route("/masterplans/{slug}/draft", current, name="drafts:current"),
    Route("/masterplans/{slug}/draft/compare", compare, name="drafts:compare"),
    Route(
        "/masterplans/{slug}/draft/sections/{key}/comments",
        comment,
        methods=["POST"],
        name="drafts:comment",
    ),
    Route(
        "/moderation/section-comments/{comment_id:int}",
        hide_comment,
        methods=["POST"],
        name="drafts:hide_comment",
    ),
]
