"""Accounts an administrator creates: the person chooses a password through a link.

The link is signed, like the password reset's, and carries the account's id and address:
it works only while the account has no password yet (so once), only for the address it was
sent to (an administrator correcting the address voids it), and for seven days. Setting
the password through it proves the address, so the account counts as verified from then on.
"""

from __future__ import annotations

from datetime import UTC, datetime

from participation.accounts.models import User
from participation.accounts.passwords import hash_password, password_problem
from participation.accounts.tokens import InvalidToken, sign, unsign
from participation.forms import ValidationFailed
from participation.i18n import gettext, language
from participation.mail.services import enqueue_mail

SET_UP_ACCOUNT = "set-up-account"
SET_UP_DAYS = 7
SET_UP_MAX_AGE = SET_UP_DAYS * 24 * 3600


def set_up_link(*, user: User, secret: str, base_url: str) -> str:
    token = sign(secret, SET_UP_ACCOUNT, {"u": user.id, "e": user.email})
    return f"{base_url}/account/set-up/{token}"


async def send_set_up_link(
    *, user: User, secret: str, base_url: str, organization: str = "", again: bool = False
) -> None:
    """Mail the link in the person's language: a welcome, or (``again``) a new link for an
    account whose first one expired or went astray."""
    assert user.email is not None
    link = set_up_link(user=user, secret=secret, base_url=base_url)
    values = {
        "name": user.display_name,
        "organization": organization,
        "link": link,
        "email": user.email,
        "days": SET_UP_DAYS,
    }
    with language(user.language):
        subject = gettext("Your account on the participation platform")
        if again:
            opening = gettext("Hello %(name)s,\n\nhere is a new link to set your password.")
        elif organization:
            opening = gettext(
                "Hello %(name)s,\n\nan account has been created for you on the participation "
                "platform Masterplan Digitales Dortmund, as a member of %(organization)s."
            )
        else:
            opening = gettext(
                "Hello %(name)s,\n\nan account has been created for you on the participation "
                "platform Masterplan Digitales Dortmund."
            )
        rest = gettext(
            "Please choose your password within %(days)s days by opening this link:\n\n"
            "%(link)s\n\nAfterwards you sign in with your e-mail address %(email)s and this "
            "password.\n\nIf you did not expect this e-mail, you can ignore it: without a "
            "password nobody can use the account.\n"
        )
        body = f"{opening % values}\n\n{rest % values}"
    await enqueue_mail(recipient=user.email, subject=subject, body=body, user=user)


async def user_for_set_up(*, token: str, secret: str) -> User:
    """The account a set-up link is for, while it has no password and the same address."""
    payload = unsign(secret, SET_UP_ACCOUNT, token, SET_UP_MAX_AGE)
    user = await User.get_or_none(id=payload.get("u"), is_active=True)
    if user is None or user.password_hash is not None or user.email != payload.get("e"):
        raise InvalidToken("used or unknown")
    return user


async def set_up_account(
    *, user: User, password: str, password_repeat: str, privacy_consent: bool
) -> User:
    """Set the first password; the link reached the address, so it counts as verified."""
    errors: dict[str, str] = {}
    problem = await password_problem(password, personal=(user.email or "", user.display_name))
    if problem:
        errors["password"] = problem
    elif password != password_repeat:
        errors["password_repeat"] = gettext("The two passwords differ.")
    if not privacy_consent:
        errors["privacy_consent"] = gettext("Please agree to the privacy notice.")
    if errors:
        raise ValidationFailed(errors)
    now = datetime.now(UTC)
    user.password_hash = await hash_password(password)
    user.email_verified_at = user.email_verified_at or now
    user.privacy_consent_at = user.privacy_consent_at or now
    # Only while still without a password: a second tab with the same link changes nothing.
    updated = await User.filter(id=user.id, password_hash__isnull=True).update(
        password_hash=user.password_hash,
        email_verified_at=user.email_verified_at,
        privacy_consent_at=user.privacy_consent_at,
    )
    if not updated:
        raise InvalidToken("used meanwhile")
    return user
