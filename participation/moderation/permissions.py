"""Who may moderate and who may report: named predicates, asked by routes and templates."""

from __future__ import annotations

from participation.accounts.models import User
from participation.accounts.permissions import is_moderator


def can_moderate(user: User | None) -> bool:
    """Moderators and admins see reports, hide, restore and read the audit log."""
    return is_moderator(user)


def can_report(user: User | None) -> bool:
    """Anyone signed in may report content, suspended people included: reading stays open
    to them, and so does pointing out what should not be there."""
    return user is not None
