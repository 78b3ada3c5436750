"""What platform admins do with people's accounts: create one, correct a name or an e-mail
address, send a new link to set the password. Each change and its audit entries share one
transaction, and the mails it sends are queued in it (sent only if it commits).

A corrected address is verified again: the old verification proved another address. The
new one gets a confirmation link (or, for an account whose password was never set, a new
set-up link: the old link named the old address and stops working), and the old address is
told of the change when the person had confirmed it, since the change is exactly what
someone taking over an account would do. An address that was never confirmed may be a typo
belonging to a stranger, who is not written to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation.accounts import set_up
from participation.accounts.models import Membership, MembershipStatus, Organization, Role, User
from participation.accounts.services import (
    account_with_email,
    check_display_name,
    check_email,
    confirm_membership,
    normalize_email,
)
from participation.accounts.tokens import VERIFY_EMAIL, sign
from participation.admin import emails
from participation.forms import ValidationFailed
from participation.i18n import LANGUAGES, N_, gettext
from participation.moderation.audit import record

TAKEN = N_("Another account has this address already.")


@dataclass(frozen=True)
class Links:
    """What a mailed link is made of."""

    secret: str
    base_url: str


@dataclass(frozen=True)
class NewAccount:
    display_name: str
    email: str
    role: str
    language: str = "de"
    organization: str = ""  # an organisation's slug: a confirmed member of it
    organization_admin: bool = False


async def _checked(account: NewAccount) -> tuple[str, Organization | None]:
    email = normalize_email(account.email)
    errors: dict[str, str] = {}
    check_display_name(account.display_name, errors)
    check_email(email, errors)
    if "email" not in errors and await account_with_email(email) is not None:
        errors["email"] = gettext(TAKEN)
    if account.role not in {role.value for role in Role}:
        errors["role"] = gettext("Choose a role from the list.")
    if account.language not in LANGUAGES:
        errors["language"] = gettext("Choose a language from the list.")
    organization = None
    if account.organization:
        organization = await Organization.get_or_none(slug=account.organization[:80])
        if organization is None:
            errors["organization"] = gettext("Choose an organisation from the list.")
    elif account.role == Role.PARTNER:
        errors["organization"] = gettext("A partner speaks for an organisation: choose one.")
    elif account.organization_admin:
        errors["organization"] = gettext("Choose the organisation the person is an admin of.")
    if errors:
        raise ValidationFailed(errors)
    return email, organization


async def create_account(*, account: NewAccount, by: User, links: Links) -> User:
    """An account without a password; the person sets one through the mailed link."""
    email, organization = await _checked(account)
    try:
        async with in_transaction():
            user = await User.create(
                email=email,
                display_name=account.display_name,
                role=Role(account.role),
                language=account.language,
            )
            if organization is not None:
                membership = await Membership.create(
                    user=user, organization=organization, status=MembershipStatus.PENDING
                )
                await confirm_membership(
                    membership=membership, make_admin=account.organization_admin
                )
                await user.refresh_from_db(fields=["role"])  # a citizen became a partner
            await set_up.send_set_up_link(
                user=user,
                secret=links.secret,
                base_url=links.base_url,
                organization=organization.name if organization else "",
            )
            details = {"name": user.display_name, "email": email, "role": user.role.value}
            if organization is not None:
                details["organization"] = organization.name
            await _record(by, "user.create", user, details)
    except IntegrityError as error:  # the same address, created at the same moment
        raise ValidationFailed({"email": gettext(TAKEN)}) from error
    return user


async def correct_person(
    *, user: User, display_name: str, email: str, by: User, links: Links
) -> None:
    """Correct the name and the address; a changed address is verified again."""
    address = normalize_email(email)
    errors: dict[str, str] = {}
    check_display_name(display_name, errors)
    check_email(address, errors)
    changes_email = address != user.email
    if changes_email and "email" not in errors and await account_with_email(address):
        errors["email"] = gettext(TAKEN)
    if errors:
        raise ValidationFailed(errors)
    old_name, old_email, was_verified = user.display_name, user.email, user.email_verified_at
    if display_name == old_name and not changes_email:
        return  # nothing changes, nothing to record
    try:
        async with in_transaction():
            user.display_name, user.email = display_name, address
            if changes_email:
                user.email_verified_at = None
            await user.save(update_fields=["display_name", "email", "email_verified_at"])
            if display_name != old_name:
                rename = {"name": display_name, "before": old_name, "after": display_name}
                await _record(by, "user.rename", user, rename)
            if changes_email:
                change = {"name": display_name, "before": old_email, "after": address}
                await _record(by, "user.change_email", user, change)
                await _announce_new_address(user, old_email if was_verified else None, links)
    except IntegrityError as error:
        user.display_name, user.email, user.email_verified_at = old_name, old_email, was_verified
        raise ValidationFailed({"email": gettext(TAKEN)}) from error


async def _announce_new_address(user: User, old_email: str | None, links: Links) -> None:
    if user.password_hash is None:
        await set_up.send_set_up_link(
            user=user, secret=links.secret, base_url=links.base_url, again=True
        )
    else:
        token = sign(links.secret, VERIFY_EMAIL, {"u": user.id, "e": user.email})
        await emails.confirm_new_address(user=user, link=f"{links.base_url}/account/verify/{token}")
    if old_email:
        await emails.address_changed(user=user, old_email=old_email, base_url=links.base_url)


async def send_set_up_link_again(*, user: User, by: User, links: Links) -> None:
    """A new link for an account whose password was never set (the first one expired)."""
    if user.password_hash is not None or user.email is None:
        raise ValidationFailed({"form": gettext("This person has set a password already.")})
    async with in_transaction():
        await set_up.send_set_up_link(
            user=user, secret=links.secret, base_url=links.base_url, again=True
        )
        await _record(by, "user.send_set_up_link", user, {"name": user.display_name})


async def _record(by: User, action: str, user: User, details: Mapping[str, object]) -> None:
    await record(
        actor=by, action=action, target_type="user", target_id=user.id, details=dict(details)
    )
