"""What organisations do: platform admins keep their records, their own admins take members in.

Confirming and declining a member are ``accounts.services.confirm_membership`` and
``decline_membership``; this module adds what only the organisation pages need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.functions import Count

from participation.accounts.models import (
    Invitation,
    Membership,
    MembershipStatus,
    Organization,
    OrganizationKind,
)
from participation.accounts.services import confirm_membership
from participation.forms import ValidationFailed
from participation.i18n import gettext

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 80
MAX_NAME_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 5000


def kind_options() -> list[tuple[str, str]]:
    """(value, label) pairs for a select, in the order of the enum."""
    return [(kind.value, kind.label) for kind in OrganizationKind]


@dataclass(frozen=True)
class Members:
    pending: list[Membership]  # asked to join, waiting for a decision
    confirmed: list[Membership]


async def members_of(organization: Organization) -> Members:
    """Everyone who belongs to or asked to join the organisation, with their accounts, in one
    query."""
    memberships = await (
        Membership.filter(organization_id=organization.id)
        .select_related("user")
        .order_by("created_at", "id")
    )
    return Members(
        pending=[m for m in memberships if m.status == MembershipStatus.PENDING],
        confirmed=[m for m in memberships if m.status == MembershipStatus.CONFIRMED],
    )


async def organizations_with_counts(*, awaiting_verification: bool = False) -> list[Organization]:
    """Every organisation with ``confirmed_count`` and ``pending_count``, in one grouped query."""
    query = Organization.all()
    if awaiting_verification:
        query = query.filter(verified=False)
    return await query.annotate(
        confirmed_count=Count(
            "memberships", _filter=Q(memberships__status=MembershipStatus.CONFIRMED)
        ),
        pending_count=Count("memberships", _filter=Q(memberships__status=MembershipStatus.PENDING)),
    ).order_by("name", "id")


async def invitations_of(organization: Organization, limit: int = 100) -> list[Invitation]:
    return await Invitation.filter(organization_id=organization.id).order_by("-id").limit(limit)


def _checked_details(name: str, kind: str, description: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not 2 <= len(name) <= MAX_NAME_LENGTH:
        errors["name"] = gettext("Enter a name of 2 to 200 characters.")
    if kind not in {k.value for k in OrganizationKind}:
        errors["kind"] = gettext("Choose a kind from the list.")
    if len(description) > MAX_DESCRIPTION_LENGTH:
        errors["description"] = gettext("Keep the description under 5000 characters.")
    return errors


async def create_organization(
    *, name: str, slug: str, kind: str, description: str = "", verified: bool = False
) -> Organization:
    errors = _checked_details(name, kind, description)
    taken = gettext("Another organisation has this address already. Choose another one.")
    if not (SLUG_PATTERN.match(slug) and len(slug) <= MAX_SLUG_LENGTH):
        errors["slug"] = gettext(
            "Use lower-case letters, digits and single hyphens, at most 80 characters."
        )
    elif await Organization.exists(slug=slug):
        errors["slug"] = taken
    if errors:
        raise ValidationFailed(errors)
    try:
        return await Organization.create(
            name=name,
            slug=slug,
            kind=OrganizationKind(kind),
            description=description,
            verified=verified,
        )
    except IntegrityError as error:  # created by someone else in the meantime
        raise ValidationFailed({"slug": taken}) from error


async def update_organization(
    *, organization: Organization, name: str, kind: str, description: str, verified: bool
) -> Organization:
    """Change the record; the address (slug) stays, since links and invitations use it."""
    errors = _checked_details(name, kind, description)
    if errors:
        raise ValidationFailed(errors)
    organization.name, organization.kind = name, OrganizationKind(kind)
    organization.description, organization.verified = description, verified
    await organization.save(update_fields=["name", "kind", "description", "verified"])
    return organization


async def make_organization_admin(*, membership: Membership) -> Membership:
    """Let a member confirm the organisation's members too; a pending one is confirmed first."""
    if membership.status != MembershipStatus.CONFIRMED:
        return await confirm_membership(membership=membership, make_admin=True)
    membership.is_admin = True
    await membership.save(update_fields=["is_admin"])
    return membership
