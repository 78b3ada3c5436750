"""Who may moderate and who may report: named predicates, asked by routes and templates."""

from __future__ import annotations

from participation.accounts.models import Role, User
from participation.accounts.permissions import is_moderator
from participation.masterplans.models import Masterplan


def can_moderate(user: User | None) -> bool:
    """Moderators and admins see reports, hide, restore and read the audit log."""
    return is_moderator(user)


def can_report(user: User | None) -> bool:
    """Anyone signed in may report content, suspended people included: reading stays open
    to them, and so does pointing out what should not be there."""
    return user is not None


async def can_respond(user: User | None, masterplan: Masterplan) -> bool:
    """Set a proposal's status with an official response: moderators and admins for every
    masterplan, planners for the masterplans they plan (one query, asked only of planners)."""
    if is_moderator(user):
        return True
    if user is None or user.role != Role.PLANNER:
        return False
    return await Masterplan.filter(id=masterplan.id, planners__id=user.id).exists()
