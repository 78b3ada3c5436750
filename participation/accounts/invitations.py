"""Invitation links for partners: an admin invites a person into an organisation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from participation.accounts import emails
from participation.accounts.models import (
    Invitation,
    Membership,
    MembershipStatus,
    Organization,
    User,
)
from participation.accounts.services import (
    EMAIL_PATTERN,
    MAX_EMAIL,
    Registration,
    confirm_membership,
    normalize_email,
    register_user,
)
from participation.accounts.tokens import digest, random_token
from participation.forms import ValidationFailed
from participation.i18n import gettext

VALID_FOR = timedelta(days=14)


class InvitationInvalid(Exception):
    """Unknown, used or expired."""


async def invite(
    *,
    organization: Organization,
    email: str,
    invited_by: User | None,
    base_url: str,
    make_admin: bool = False,
    lang: str = "de",
) -> str:
    """Create the invitation, mail the link in ``lang``, and return it (the CLI prints it)."""
    email = normalize_email(email)
    if not EMAIL_PATTERN.match(email) or len(email) > MAX_EMAIL:
        raise ValidationFailed({"email": gettext("Enter a valid e-mail address.")})
    token = random_token()
    await Invitation.create(
        organization=organization,
        email=email,
        make_admin=make_admin,
        token_hash=digest(token),
        invited_by=invited_by,
        expires_at=datetime.now(UTC) + VALID_FOR,
    )
    link = f"{base_url}/account/invitation/{token}"
    await emails.invitation(email=email, organization=organization, link=link, lang=lang)
    return link


async def open_invitation(token: str) -> Invitation:
    invitation = await Invitation.get_or_none(token_hash=digest(token)).select_related(
        "organization"
    )
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at < datetime.now(UTC)
    ):
        raise InvitationInvalid()
    return invitation


async def accept(
    *,
    invitation: Invitation,
    user: User | None,
    registration: Registration | None,
    secret: str,
    base_url: str,
) -> User:
    """Join the organisation as a confirmed member: a signed-in person with the invited
    address, or a new account registered from the invitation (its address is proven)."""
    async with in_transaction():
        if user is None:
            assert registration is not None
            if normalize_email(registration.email) != invitation.email:
                raise ValidationFailed(
                    {"email": gettext("Use the address the invitation was sent to.")}
                )
            user = await register_user(
                registration=registration, secret=secret, base_url=base_url, verified=True
            )
        elif user.email != invitation.email:
            raise InvitationInvalid()
        membership, _ = await Membership.get_or_create(
            user=user,
            organization=invitation.organization,
            defaults={"status": MembershipStatus.PENDING},
        )
        await confirm_membership(membership=membership, make_admin=invitation.make_admin)
        invitation.accepted_at = datetime.now(UTC)
        await invitation.save(update_fields=["accepted_at"])
    return user
