"""What accounts do: register, verify, sign in (throttled), passwords, profile, membership."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from participation.accounts import emails, set_up, throttle
from participation.accounts.models import (
    Membership,
    MembershipStatus,
    NotificationMode,
    Organization,
    OrganizationKind,
    Role,
    StakeholderGroup,
    User,
)
from participation.accounts.passwords import hash_password, password_problem, verify_password
from participation.accounts.tokens import (
    RESET_PASSWORD,
    VERIFY_EMAIL,
    InvalidToken,
    sign,
    unsign,
)
from participation.forms import ValidationFailed
from participation.i18n import LANGUAGES, gettext

EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
VERIFY_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 2 * 3600


class SignInRefused(Exception):
    """Wrong e-mail or password (deliberately not saying which)."""


class EmailNotVerified(Exception):
    def __init__(self, user: User) -> None:
        super().__init__("e-mail address not verified")
        self.user = user


async def confirmed_membership(user: User | None) -> Membership | None:
    """The organisation a person speaks for: their first confirmed, verified membership."""
    if user is None:
        return None
    return await (
        Membership.filter(
            user_id=user.id, status=MembershipStatus.CONFIRMED, organization__verified=True
        )
        .select_related("organization")
        .order_by("id")
        .first()
    )


async def stakeholder_group_of(user: User) -> StakeholderGroup:
    """A confirmed member of a verified organisation counts in its group; everyone else as
    a citizen."""
    membership = await confirmed_membership(user)
    return membership.organization.stakeholder_group if membership else StakeholderGroup.CITIZENS


def normalize_email(email: str) -> str:
    return email.strip().lower()


MAX_EMAIL = 254  # the longest address RFC 5321 allows, and the column's length


async def account_with_email(email: str, **filters: object) -> User | None:
    """The account with this address, if any; an address no account can have finds none
    (the ORM refuses to compare a value longer than the column)."""
    address = normalize_email(email)
    if len(address) > MAX_EMAIL:
        return None
    return await User.filter(email=address, **filters).first()


def check_display_name(name: str, errors: dict[str, str]) -> None:
    if not 2 <= len(name) <= 100:
        errors["display_name"] = gettext("Enter a name of 2 to 100 characters.")


def check_email(email: str, errors: dict[str, str]) -> None:
    if not EMAIL_PATTERN.match(email) or len(email) > MAX_EMAIL:
        errors["email"] = gettext("Enter a valid e-mail address.")


@dataclass(frozen=True)
class Registration:
    email: str
    display_name: str
    password: str
    password_repeat: str
    privacy_consent: bool
    language: str = "de"
    organization_slug: str = ""  # join an existing organisation (pending until confirmed)
    new_organization: str = ""  # or ask for a new one


async def register_user(
    *, registration: Registration, secret: str, base_url: str, verified: bool = False
) -> User:
    """Create a citizen account; send the verification link unless already ``verified``
    (an invitation link proves the address)."""
    email = normalize_email(registration.email)
    errors: dict[str, str] = {}
    check_email(email, errors)
    check_display_name(registration.display_name, errors)
    problem = await password_problem(
        registration.password, personal=(email, registration.display_name)
    )
    if problem:
        errors["password"] = problem
    elif registration.password != registration.password_repeat:
        errors["password_repeat"] = gettext("The two passwords differ.")
    if not registration.privacy_consent:
        errors["privacy_consent"] = gettext("Please agree to the privacy notice.")
    organization = None
    if registration.organization_slug:
        organization = await Organization.get_or_none(
            slug=registration.organization_slug, verified=True
        )
        if organization is None:
            errors["organization"] = gettext("Choose an organisation from the list.")
    if registration.new_organization and organization is not None:
        errors["new_organization"] = gettext(
            "Either choose an organisation or name a new one, not both."
        )
    if "email" not in errors and await User.exists(email=email):
        # Saying so reveals that the address has an account; the alternative, silently
        # mailing the owner, leaves the person at the keyboard without a clue. Cities
        # publish who takes part anyway; we say it and offer the password reset.
        errors["email"] = gettext(
            "An account with this address exists already. Sign in or reset the password."
        )
    if errors:
        raise ValidationFailed(errors)
    now = datetime.now(UTC)
    password_hash = await hash_password(registration.password)  # before, not in, the transaction
    try:
        async with in_transaction():
            user = await User.create(
                email=email,
                display_name=registration.display_name,
                password_hash=password_hash,
                language=registration.language if registration.language in LANGUAGES else "de",
                privacy_consent_at=now,
                email_verified_at=now if verified else None,
            )
            if registration.new_organization:
                organization = await _requested_organization(registration.new_organization)
            if organization is not None:
                await Membership.create(
                    user=user, organization=organization, status=MembershipStatus.PENDING
                )
            if not verified:
                await send_verification(user=user, secret=secret, base_url=base_url)
    except IntegrityError as error:  # two submissions of the same address at once
        raise ValidationFailed(
            {
                "email": gettext(
                    "An account with this address exists already. Sign in or reset the password."
                )
            }
        ) from error
    return user


_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


async def _requested_organization(name: str) -> Organization:
    """A new organisation someone asks for: unverified until an admin checks it and sets
    its kind; until then its members count as citizens."""
    base = (
        re.sub(
            r"[^a-z0-9]+",
            "-",
            name.lower().translate(_TRANSLITERATION),
        ).strip("-")[:60]
        or "org"
    )
    slug, number = base, 1
    while await Organization.exists(slug=slug):
        number += 1
        slug = f"{base}-{number}"
    return await Organization.create(
        slug=slug, name=name[:200], kind=OrganizationKind.CIVIL_SOCIETY, verified=False
    )


async def send_verification(*, user: User, secret: str, base_url: str) -> None:
    assert user.email is not None
    token = sign(secret, VERIFY_EMAIL, {"u": user.id, "e": user.email})
    await emails.verification(user=user, link=f"{base_url}/account/verify/{token}")


async def verify_email(*, token: str, secret: str) -> User:
    payload = unsign(secret, VERIFY_EMAIL, token, VERIFY_MAX_AGE)
    user = await User.get_or_none(id=payload.get("u"), email=payload.get("e"))
    if user is None:
        raise InvalidToken("no such account")
    if user.email_verified_at is None:
        user.email_verified_at = datetime.now(UTC)
        await user.save(update_fields=["email_verified_at"])
    return user


async def check_password(*, user: User | None, email: str, password: str, client: str) -> bool:
    """Whether ``password`` is the account's, for every form that asks for it: counted
    against the address and the client first (``throttle.Slowed`` when either has to wait),
    and as slow for an unknown address as for a known one. A right password refunds the
    client's attempt and forgets the address's count."""
    address = normalize_email(email)
    await throttle.attempt((throttle.CLIENT, client), (throttle.ACCOUNT, address))
    right = await verify_password(user.password_hash if user else None, password)
    if right:
        await throttle.refund(throttle.CLIENT, client)
        await throttle.forget(throttle.ACCOUNT, address)
    return right


async def sign_in(*, email: str, password: str, client: str) -> User:
    """The account for this address and password; ``SignInRefused`` for a wrong pair,
    ``throttle.Slowed`` when too many tries came too fast. Only hashes of the address and
    the client are stored, and only while they count."""
    user = await account_with_email(email, is_active=True)
    if not await check_password(user=user, email=email, password=password, client=client):
        raise SignInRefused()
    assert user is not None
    if user.email_verified_at is None:
        raise EmailNotVerified(user)
    return user


async def mail_allowed(*, email: str, client: str) -> bool:
    """Whether a mail anybody can ask for (a new password, the confirmation link again)
    may go to ``email`` now: a few per address and per client, then fewer and fewer. The
    page that asked says the same either way."""
    try:
        await throttle.attempt(
            (throttle.MAIL_CLIENT, client), (throttle.MAIL_ADDRESS, normalize_email(email))
        )
    except throttle.Slowed:
        return False
    return True


async def request_password_reset(*, email: str, secret: str, base_url: str, client: str) -> None:
    """Mail a reset link if the address has an account; the page says the same either way.
    An account an administrator created whose password was never set gets a new set-up
    link instead: its first one may have expired."""
    user = await account_with_email(email, is_active=True)
    if user is None or not await mail_allowed(email=email, client=client):
        return
    if user.password_hash is None:
        await set_up.send_set_up_link(user=user, secret=secret, base_url=base_url, again=True)
        return
    payload = {"u": user.id, "h": user.password_hash[-16:], "e": user.email}
    token = sign(secret, RESET_PASSWORD, payload)
    await emails.password_reset(user=user, link=f"{base_url}/account/password-reset/{token}")


async def user_for_reset(*, token: str, secret: str) -> User:
    """The account a reset link is for. The link carries a piece of the current hash, so it
    stops working once the password has changed: one use only. It also stops working when
    an administrator changes the address it was sent to (links issued before the address
    was part of them carry none)."""
    payload = unsign(secret, RESET_PASSWORD, token, RESET_MAX_AGE)
    user = await User.get_or_none(id=payload.get("u"), is_active=True)
    if user is None or not user.password_hash or user.password_hash[-16:] != payload.get("h"):
        raise InvalidToken("used or unknown")
    if payload.get("e", user.email) != user.email:
        raise InvalidToken("sent to an address the account no longer has")
    return user


async def set_password(*, user: User, password: str, password_repeat: str) -> None:
    """A new password; it lifts any slowing-down of sign-ins to the account."""
    problem = await password_problem(password, personal=(user.email or "", user.display_name))
    if problem:
        raise ValidationFailed({"password": problem})
    if password != password_repeat:
        raise ValidationFailed({"password_repeat": gettext("The two passwords differ.")})
    user.password_hash = await hash_password(password)
    if user.email_verified_at is None:  # the reset link reached the address
        user.email_verified_at = datetime.now(UTC)
    await user.save(update_fields=["password_hash", "email_verified_at"])
    await throttle.forget(throttle.ACCOUNT, user.email or "")


async def change_password(
    *, user: User, current: str, password: str, password_repeat: str, client: str
) -> None:
    """A new password after the current one (throttled like a sign-in). The caller ends
    the account's other sessions."""
    if not await check_password(user=user, email=user.email or "", password=current, client=client):
        raise ValidationFailed({"current_password": gettext("The current password is wrong.")})
    await set_password(user=user, password=password, password_repeat=password_repeat)


async def update_profile(
    *, user: User, display_name: str, language: str, notification_mode: str
) -> User:
    errors: dict[str, str] = {}
    check_display_name(display_name, errors)
    if language not in LANGUAGES:
        errors["language"] = gettext("Choose a language from the list.")
    if notification_mode not in {mode.value for mode in NotificationMode}:
        errors["notification_mode"] = gettext("Choose one of the options.")
    if errors:
        raise ValidationFailed(errors)
    user.display_name, user.language = display_name, language
    user.notification_mode = NotificationMode(notification_mode)
    await user.save(update_fields=["display_name", "language", "notification_mode"])
    return user


async def confirm_membership(*, membership: Membership, make_admin: bool = False) -> Membership:
    """Confirm a member: from now on their votes count in the organisation's group."""
    membership.status = MembershipStatus.CONFIRMED
    membership.confirmed_at = datetime.now(UTC)
    membership.is_admin = membership.is_admin or make_admin
    await membership.save(update_fields=["status", "confirmed_at", "is_admin"])
    user = await membership.user
    if user.role == Role.CITIZEN:
        user.role = Role.PARTNER
        await user.save(update_fields=["role"])
    return membership


async def decline_membership(*, membership: Membership) -> None:
    await end_membership(membership=membership)


async def end_membership(*, membership: Membership) -> User:
    """A request declined, a member removed or leaving: the person no longer speaks for the
    organisation. Votes cast so far keep the group they were cast in (it is stored with
    each vote); what the person does from now on counts in the group of their remaining
    confirmed membership, or as a citizen's. A partner without one becomes a citizen."""
    user = await membership.user
    await membership.delete()
    if user.role == Role.PARTNER and not await Membership.exists(
        user_id=user.id, status=MembershipStatus.CONFIRMED
    ):
        user.role = Role.CITIZEN
        await user.save(update_fields=["role"])
    return user
