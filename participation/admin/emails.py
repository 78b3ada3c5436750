"""The e-mails an administrator's change to a person's address sends, in their language."""

from __future__ import annotations

from participation.accounts.models import User
from participation.i18n import gettext, language
from participation.mail.services import enqueue_mail


def masked(email: str) -> str:
    """An address shown to its former owner: enough to recognise, not to write to."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}…@{domain}"


async def confirm_new_address(*, user: User, link: str) -> None:
    """To the new address: confirm it, so that the account counts as verified again."""
    assert user.email is not None
    with language(user.language):
        subject = gettext("Please confirm your new e-mail address")
        body = gettext(
            "Hello %(name)s,\n\nan administrator of the participation platform Masterplan "
            "Digitales Dortmund has changed the e-mail address of your account to this "
            "one. Please confirm it by opening this link within three days:\n\n%(link)s\n\n"
            "Until then you can read everything, but not take part. From now on you sign in "
            "with this address.\n"
        ) % {"name": user.display_name, "link": link}
    await enqueue_mail(recipient=user.email, subject=subject, body=body, user=user)


async def address_changed(*, user: User, old_email: str, base_url: str) -> None:
    """To the old address: the change is news to whoever reads it there.

    The new address is shown masked: the old mailbox may no longer be the person's own
    (a former employer's, say), and the full new address is not for its reader.
    """
    assert user.email is not None
    imprint = f"{base_url}/impressum"
    with language(user.language):
        subject = gettext("The e-mail address of your account was changed")
        body = gettext(
            "Hello %(name)s,\n\nan administrator of the participation platform Masterplan "
            "Digitales Dortmund has changed the e-mail address of your account from this "
            "address to %(new)s. From now on we write to the new address, and you sign in "
            "with it.\n\nIf you did not ask for this change, please tell the operator of the "
            "platform at once; the imprint names how to reach it:\n\n%(imprint)s\n"
        ) % {"name": user.display_name, "new": masked(user.email), "imprint": imprint}
    await enqueue_mail(recipient=old_email, subject=subject, body=body, user=user)
