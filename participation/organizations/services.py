"""What organisations do: platform admins keep their records, their own admins take members in.

Confirming and declining a member build on ``accounts.services.confirm_membership`` and
``decline_membership`` (which registration and invitations use too); here each is an admin
action, by a platform admin or the organisation's own, and lands in the audit log with the
change, in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from participation.accounts.models import (
    Membership,
    MembershipStatus,
    Organization,
    OrganizationKind,
    User,
)
from participation.accounts.services import confirm_membership, decline_membership
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.moderation.audit import record
from participation.organizations.choices import organizations_changed

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
    *,
    name: str,
    slug: str,
    kind: str,
    by: User,
    description: str = "",
    verified: bool = False,
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
        async with in_transaction() as connection:
            organization = await Organization.create(
                name=name,
                slug=slug,
                kind=OrganizationKind(kind),
                description=description,
                verified=verified,
                using_db=connection,
            )
            await _record(by, "organization.create", organization, _details(organization))
    except IntegrityError as error:  # created by someone else in the meantime
        raise ValidationFailed({"slug": taken}) from error
    await organizations_changed()  # after the commit: other processes read the new state
    return organization


def _details(organization: Organization) -> dict[str, object]:
    return {
        "name": organization.name,
        "slug": organization.slug,
        "kind": organization.kind.value,
        "verified": organization.verified,
    }


async def _record(
    by: User, action: str, organization: Organization, details: dict[str, object]
) -> None:
    await record(
        actor=by,
        action=action,
        target_type="organization",
        target_id=organization.id,
        details=details,
    )


def _update_action(before: dict[str, object], after: dict[str, object]) -> str:
    """Verifying is the decision people ask about later, so it gets its own action."""
    if before["verified"] != after["verified"]:
        return "organization.verify" if after["verified"] else "organization.unverify"
    return "organization.update"


async def update_organization(
    *,
    organization: Organization,
    name: str,
    kind: str,
    description: str,
    verified: bool,
    by: User,
) -> Organization:
    """Change the record; the address (slug) stays, since links and invitations use it. A
    save that changes nothing writes no audit entry."""
    errors = _checked_details(name, kind, description)
    if errors:
        raise ValidationFailed(errors)
    before = {**_details(organization), "description": organization.description}
    organization.name, organization.kind = name, OrganizationKind(kind)
    organization.description, organization.verified = description, verified
    after = {**_details(organization), "description": organization.description}
    changed = {key: after[key] for key in after if after[key] != before[key]}
    if not changed:
        return organization
    async with in_transaction():
        await organization.save(update_fields=["name", "kind", "description", "verified"])
        details: dict[str, object] = {"name": organization.name, "changed": changed}
        if "name" in changed:
            details |= {"before": before["name"], "after": organization.name}
        await _record(by, _update_action(before, after), organization, details)
    await organizations_changed()  # after the commit: other processes read the new state
    return organization


async def _member_record(by: User, action: str, membership: Membership) -> None:
    """The entry names the organisation and the member as they were called at the time."""
    organization, user = membership.organization, membership.user
    await record(
        actor=by,
        action=action,
        target_type="organization",
        target_id=organization.id,
        details={"name": organization.name, "member": user.display_name, "user_id": user.id},
    )


async def confirm_member(*, membership: Membership, by: User) -> Membership:
    """Confirm a request to join: the member's votes count in the organisation's group."""
    async with in_transaction():
        await membership.fetch_related("user", "organization")
        await confirm_membership(membership=membership)
        await _member_record(by, "organization.confirm_member", membership)
    return membership


async def decline_member(*, membership: Membership, by: User) -> None:
    async with in_transaction():
        await membership.fetch_related("user", "organization")
        await _member_record(by, "organization.decline_member", membership)
        await decline_membership(membership=membership)


async def appoint_organization_admin(*, membership: Membership, by: User) -> Membership:
    """Let a member confirm the organisation's members too; a pending one is confirmed first."""
    async with in_transaction():
        await membership.fetch_related("user", "organization")
        if membership.status != MembershipStatus.CONFIRMED:
            await confirm_membership(membership=membership, make_admin=True)
        else:
            membership.is_admin = True
            await membership.save(update_fields=["is_admin"])
        await _member_record(by, "organization.make_admin", membership)
    return membership
