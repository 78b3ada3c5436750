"""Who may do what with an organisation's members: named predicates, asked by the member
services before they change anything and by the members page before it offers a button.

Each takes what it needs already loaded (the organisation's confirmed members come in one
query with the page), so asking costs no query. The one rule behind most of them: an
organisation keeps at least one admin, unless a platform admin acts (they look after
organisations without one).
"""

from __future__ import annotations

from collections.abc import Sequence

from participation.accounts.models import Membership, MembershipStatus, User


def admin_count(confirmed: Sequence[Membership]) -> int:
    return sum(1 for membership in confirmed if membership.is_admin)


def _keeps_an_admin(target: Membership, confirmed: Sequence[Membership]) -> bool:
    """Would the organisation still have an admin without ``target`` as one?"""
    return not target.is_admin or admin_count(confirmed) > 1


def can_make_admin(target: Membership) -> bool:
    return target.status == MembershipStatus.CONFIRMED and not target.is_admin


def can_revoke_admin(
    actor: User, target: Membership, confirmed: Sequence[Membership], *, platform_admin: bool
) -> bool:
    """Take the admin role back (from oneself: step down), while another admin remains."""
    if target.status != MembershipStatus.CONFIRMED or not target.is_admin:
        return False
    return platform_admin or _keeps_an_admin(target, confirmed)


def can_remove(
    actor: User, target: Membership, confirmed: Sequence[Membership], *, platform_admin: bool
) -> bool:
    """Remove a confirmed member; one's own membership is left, not removed."""
    if target.status != MembershipStatus.CONFIRMED or target.user_id == actor.id:  # type: ignore[attr-defined]
        return False
    return platform_admin or _keeps_an_admin(target, confirmed)


def can_leave(own: Membership, confirmed: Sequence[Membership]) -> bool:
    """Anyone may leave, but a sole admin hands the role on first, so the other members are
    not left without one. A sole admin who is also the last member may go: there is nobody
    to hand on to, and platform admins look after an organisation without members."""
    if own.status != MembershipStatus.CONFIRMED or _keeps_an_admin(own, confirmed):
        return True
    return not any(other.id != own.id for other in confirmed)
