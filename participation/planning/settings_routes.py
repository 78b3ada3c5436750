"""A masterplan's settings in one place, /planning/{slug}/settings: its current phase, the
phases it runs through and their dates, what waits for moderation, the weights of the
stakeholder groups, and who its planners are.

Each section is a form of its own that posts to its own address and saves on its own; a
refused one comes back with the input as sent and each error next to its field, the other
sections as stored. Its planners and admins change the settings, moderators what waits for
moderation, and only admins choose the planners.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from participation.accounts.models import StakeholderGroup, User
from participation.accounts.permissions import is_moderator
from participation.forms import Form, ValidationFailed, read_form, whole_number
from participation.i18n import gettext
from participation.masterplans import course
from participation.masterplans.models import Masterplan, Phase, PhasePeriod
from participation.masterplans.routes import load_masterplan
from participation.planning import masterplan_settings as settings
from participation.planning import phases
from participation.planning.permissions import (
    can_choose_planners,
    can_plan,
    can_see_settings,
    can_set_moderation,
)
from participation.security import current_user, require
from participation.templating import flash, render

Section = str  # "phase", "process", "moderation", "weights" or "planners"


def _path(masterplan: Masterplan) -> str:
    return f"/planning/{masterplan.slug}/settings"


async def page(request: Request) -> Response:
    masterplan = await load_masterplan(request.path_params["slug"])
    user = require(request, await can_see_settings(current_user(request), masterplan))
    return await _page(request, masterplan, user)


async def _save(
    request: Request,
    masterplan: Masterplan,
    user: User,
    section: Section,
    form: Form,
    action: Callable[[], Awaitable[object]],
) -> Response:
    """Run one section's service; back to the section, or the page with its errors. An
    archived masterplan's settings stay as they are: the page says so."""
    if masterplan.is_archived:
        return await _page(request, masterplan, user, status_code=400)
    try:
        await action()
    except ValidationFailed as failed:
        posted = Form(form.values, failed.errors)
        return await _page(request, masterplan, user, (section, posted), status_code=400)
    return flash(request, RedirectResponse(f"{_path(masterplan)}#{section}", 303), "saved")


async def _planned(request: Request) -> tuple[Masterplan, User, Form]:
    masterplan = await load_masterplan(request.path_params["slug"])
    user = require(request, await can_plan(current_user(request), masterplan))
    return masterplan, user, await read_form(request)


async def save_phase(request: Request) -> Response:
    masterplan, user, form = await _planned(request)
    return await _save(
        request,
        masterplan,
        user,
        "phase",
        form,
        lambda: phases.set_phase(
            masterplan=masterplan,
            phase=form.get("phase"),
            by=user,
            reason=form.get("reason"),
            tell_followers=form.checked("notify"),
            base_url=request.app.state.settings.base_url,
        ),
    )


async def save_process(request: Request) -> Response:
    masterplan, user, form = await _planned(request)

    async def action() -> None:
        chosen = [phase.value for phase in Phase if form.checked(f"use_{phase}")]
        await phases.set_process(
            masterplan=masterplan, phases=chosen, periods=_periods(form), by=user
        )

    return await _save(request, masterplan, user, "process", form, action)


async def save_weights(request: Request) -> Response:
    masterplan, user, form = await _planned(request)
    weights = {g.value: form.get(f"weight_{g.value}") for g in StakeholderGroup}
    return await _save(
        request,
        masterplan,
        user,
        "weights",
        form,
        lambda: settings.set_ranking_weights(masterplan=masterplan, weights=weights, by=user),
    )


async def save_moderation(request: Request) -> Response:
    """Also answers the old address, /moderation/settings/{slug}, and its form's fields."""
    masterplan = await load_masterplan(request.path_params["slug"])
    user = require(request, await can_set_moderation(current_user(request), masterplan))
    form = await read_form(request)
    async with request.form() as raw:
        groups = {str(value) for value in raw.getlist("premoderated")}
    groups |= {g.value for g in StakeholderGroup if form.checked(f"premoderated_{g.value}")}
    return await _save(
        request,
        masterplan,
        user,
        "moderation",
        form,
        lambda: settings.set_moderation(
            masterplan=masterplan,
            groups=groups,
            report_threshold=form.get("report_threshold"),
            by=user,
        ),
    )


async def _admin(request: Request) -> tuple[Masterplan, User, Form]:
    masterplan = await load_masterplan(request.path_params["slug"])
    user = require(request, can_choose_planners(current_user(request)))
    return masterplan, user, await read_form(request)


async def add_planner(request: Request) -> Response:
    masterplan, user, form = await _admin(request)
    person = await _person(form.get("planner"))
    return await _save(
        request,
        masterplan,
        user,
        "planners",
        form,
        lambda: settings.add_planner(masterplan=masterplan, person=person, by=user),
    )


async def remove_planner(request: Request) -> Response:
    masterplan, user, form = await _admin(request)
    person = await _person(str(request.path_params["user_id"]))
    if person is None:
        raise HTTPException(status_code=404)
    return await _save(
        request,
        masterplan,
        user,
        "planners",
        form,
        lambda: settings.remove_planner(masterplan=masterplan, person=person, by=user),
    )


async def _person(raw: str) -> User | None:
    number = whole_number(raw)
    return None if number is None else await User.get_or_none(id=number)


# Reading the forms ---------------------------------------------------------------------------


def _date(form: Form, name: str, errors: dict[str, str]) -> date | None:
    """An ISO date as date inputs send it, or a German one typed by hand (31.12.2026)."""
    raw = form.get(name)
    if not raw:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    errors[name] = gettext("Please give a date like 31.12.2026.")
    return None


def _periods(form: Form) -> dict[Phase, course.Period]:
    errors: dict[str, str] = {}
    periods = {
        phase: course.Period(
            _date(form, f"{phase}_starts_on", errors),
            _date(form, f"{phase}_ends_on", errors),
            form.checked(f"{phase}_auto_switch") and phase != Phase.PREPARATION,
        )
        for phase in Phase
    }
    if errors:
        raise ValidationFailed(errors)
    return periods


# The page ------------------------------------------------------------------------------------


def _stored_forms(masterplan: Masterplan, rows: list[PhasePeriod]) -> dict[Section, Form]:
    process = {f"use_{phase}": "on" for phase in masterplan.used_phases}
    for row in rows:
        process[f"{row.phase}_starts_on"] = row.starts_on.isoformat()
        process[f"{row.phase}_ends_on"] = row.ends_on.isoformat() if row.ends_on else ""
        process[f"{row.phase}_auto_switch"] = "on" if row.auto_switch else ""
    moderation = {f"premoderated_{g}": "on" for g in masterplan.premoderated_groups}
    moderation["report_threshold"] = str(masterplan.report_threshold)
    weights = masterplan.ranking_weights or {}
    return {
        "phase": Form({"phase": masterplan.phase.value, "notify": "on"}),
        "process": Form(process),
        "moderation": Form(moderation),
        "weights": Form(
            {
                f"weight_{g.value}": settings.number_text(weights.get(g.value, 1.0))
                for g in StakeholderGroup
            }
        ),
        "planners": Form(),
    }


async def _page(
    request: Request,
    masterplan: Masterplan,
    user: User,
    posted: tuple[Section, Form] | None = None,
    status_code: int = 200,
) -> Response:
    """Every section as stored; after a refused one, that one as it was sent."""
    rows = await PhasePeriod.filter(masterplan_id=masterplan.id).order_by("starts_on")
    forms = _stored_forms(masterplan, rows)
    if posted is not None:
        forms[posted[0]] = posted[1]
    editable = not masterplan.is_archived
    chooses = editable and can_choose_planners(user)
    may_plan = editable and await can_plan(user, masterplan)
    planners = await settings.planners_of(masterplan)
    context = {
        "masterplan": masterplan,
        "forms": forms,
        "posted": posted[0] if posted else "",
        "phases": list(Phase),
        "required_phases": course.REQUIRED_PHASES,
        "periods": {row.phase: row for row in rows},
        "groups": list(StakeholderGroup),
        "max_weight": int(settings.MAX_WEIGHT),
        "max_threshold": settings.MAX_REPORT_THRESHOLD,
        "may_plan": may_plan,
        "may_moderate": editable and (may_plan or is_moderator(user)),  # can_set_moderation
        "may_choose_planners": chooses,
        "planners": planners,
        "candidates": await settings.planner_candidates(planners) if chooses else [],
    }
    return render(request, "planning/settings.html", context, status_code=status_code)


routes: list[Route] = [
    Route("/planning/{slug}/settings", page, name="planning:settings"),
    Route(
        "/planning/{slug}/settings/phase",
        save_phase,
        methods=["POST"],
        name="planning:set_phase",
    ),
    Route(
        "/planning/{slug}/settings/process",
        save_process,
        methods=["POST"],
        name="planning:set_process",
    ),
    Route(
        "/planning/{slug}/settings/moderation",
        save_moderation,
        methods=["POST"],
        name="planning:set_moderation",
    ),
    # The address the moderation queue's form used before the settings moved here.
    Route(
        "/moderation/settings/{slug}",
        save_moderation,
        methods=["POST"],
        name="moderation:settings",
    ),
    Route(
        "/planning/{slug}/settings/weights",
        save_weights,
        methods=["POST"],
        name="planning:set_weights",
    ),
    Route(
        "/planning/{slug}/settings/planners",
        add_planner,
        methods=["POST"],
        name="planning:add_planner",
    ),
    Route(
        "/planning/{slug}/settings/planners/{user_id:int}/delete",
        remove_planner,
        methods=["POST"],
        name="planning:remove_planner",
    ),
]
