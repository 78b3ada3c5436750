"""Who may plan: named predicates, asked by routes and templates alike."""

from __future__ import annotations

from participation.accounts.models import Role, User
from participation.accounts.permissions import is_admin, is_moderator
from participation.masterplans.models import Masterplan
from participation.masterplans.permissions import Activity, phase_allows


async def can_plan(user: User | None, masterplan: Masterplan) -> bool:
    """Write the draft, link input, manage projects, set phases and weights: the masterplan's
    own planners, and admins (one query, asked only of planners)."""
    if user is None:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role != Role.PLANNER:
        return False
    return await Masterplan.filter(id=masterplan.id, planners__id=user.id).exists()


async def planned_masterplans(user: User | None) -> list[Masterplan]:
    """The masterplans the person plans (every one for admins), in home-page order."""
    if user is None or user.role not in (Role.PLANNER, Role.ADMIN):
        return []
    if user.role == Role.ADMIN:
        return await Masterplan.all()
    return await Masterplan.filter(planners__id=user.id)


async def can_see_settings(user: User | None, masterplan: Masterplan) -> bool:
    """The masterplan's settings page: its planners and admins, and moderators, who set
    what waits for moderation there."""
    return is_moderator(user) or await can_plan(user, masterplan)


can_set_moderation = can_see_settings


def can_choose_planners(user: User | None) -> bool:
    """Who plans a masterplan is the admins' choice; planners see the list."""
    return is_admin(user)


def consultation_open(masterplan: Masterplan) -> bool:
    """Participants comment on the draft's sections only during the consultation (and never
    in an archived masterplan)."""
    return phase_allows(masterplan, Activity.CONSULT)
