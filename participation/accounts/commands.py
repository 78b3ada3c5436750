"""What the command line does with people: an operator creates accounts directly."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from participation.accounts.models import Membership, MembershipStatus, Organization, Role, User
from participation.accounts.passwords import hash_password, password_problem
from participation.accounts.services import EMAIL_PATTERN, normalize_email
from participation.masterplans.models import Masterplan


class CommandError(Exception):
    """Input the command refuses, said in one line."""


async def create_user(
    *,
    email: str,
    role: str,
    password: str,
    display_name: str | None = None,
    organization_slug: str | None = None,
    masterplan_slugs: list[str] | None = None,
) -> User:
    """A verified account with a role; a confirmed member where an organisation is named,
    and planner of the named masterplans."""
    email = normalize_email(email)
    if not EMAIL_PATTERN.match(email):
        raise CommandError("not a valid e-mail address")
    if await User.exists(email=email):
        raise CommandError(f"{email} has an account already")
    problem = await password_problem(password, personal=(email,))
    if problem:
        raise CommandError(problem)
    organization = None
    if organization_slug:
        organization = await Organization.get_or_none(slug=organization_slug)
        if organization is None:
            raise CommandError(f"no organisation {organization_slug!r}")
    masterplans = []
    for slug in masterplan_slugs or []:
        masterplan = await Masterplan.get_or_none(slug=slug)
        if masterplan is None:
            raise CommandError(f"no masterplan {slug!r}")
        masterplans.append(masterplan)
    if role == Role.PARTNER and organization is None:
        raise CommandError("a partner speaks for an organisation: add --organization")
    if masterplans and role not in (Role.PLANNER, Role.ADMIN):
        raise CommandError("--masterplan needs --role planner")
    now = datetime.now(UTC)
    password_hash = await hash_password(password)
    async with in_transaction():
        user = await User.create(
            email=email,
            display_name=display_name or email.split("@")[0],
            role=Role(role),
            password_hash=password_hash,
            email_verified_at=now,
            privacy_consent_at=now,
        )
        if organization is not None:
            await Membership.create(
                user=user,
                organization=organization,
                status=MembershipStatus.CONFIRMED,
                confirmed_at=now,
            )
        for masterplan in masterplans:
            await masterplan.planners.add(user)
    return user
