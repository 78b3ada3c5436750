"""Who may do what with accounts and organisations: named predicates, asked by routes and
templates alike. Each takes the acting person (None when not signed in) first."""

from __future__ import annotations

from datetime import UTC, datetime

from participation.accounts.models import Membership, MembershipStatus, Role, User


def is_signed_in(user: User | None) -> bool:
    return user is not None


def is_admin(user: User | None) -> bool:
    return user is not None and user.role == Role.ADMIN


def is_moderator(user: User | None) -> bool:
    return user is not None and user.role in (Role.MODERATOR, Role.ADMIN)


def is_planner(user: User | None) -> bool:
    return user is not None and user.role in (Role.PLANNER, Role.ADMIN)


def is_suspended(user: User | None, now: datetime | None = None) -> bool:
    if user is None or user.suspended_until is None:
        return False
    return user.suspended_until > (now or datetime.now(UTC))


def can_participate(user: User | None) -> bool:
    """Post, comment, vote: signed in, address verified, not suspended."""
    return user is not None and user.email_verified_at is not None and not is_suspended(user)


def can_manage_members(user: User | None, membership_of_user: Membership | None) -> bool:
    """Platform admins, and confirmed admins of the organisation itself."""
    if is_admin(user):
        return True
    return (
        membership_of_user is not None
        and membership_of_user.is_admin
        and membership_of_user.status == MembershipStatus.CONFIRMED
    )
