"""The e-mails accounts send, each in the recipient's language, through the outbox."""

from __future__ import annotations

from participation.accounts.models import Organization, User
from participation.i18n import gettext, language
from participation.mail.services import enqueue_mail


async def verification(*, user: User, link: str) -> None:
    assert user.email is not None
    with language(user.language):
        subject = gettext("Please confirm your e-mail address")
        body = gettext(
            "Hello %(name)s,\n\nplease confirm your e-mail address for the participation "
            "platform Masterplan Digitales Dortmund by opening this link within three days:"
            "\n\n%(link)s\n\nIf you did not register, ignore this e-mail; nothing will "
            "happen.\n"
        ) % {"name": user.display_name, "link": link}
    await enqueue_mail(recipient=user.email, subject=subject, body=body, user=user)


async def password_reset(*, user: User, link: str) -> None:
    assert user.email is not None
    with language(user.language):
        subject = gettext("Reset your password")
        body = gettext(
            "Hello %(name)s,\n\nsomeone asked to reset the password of your account. Open "
            "this link within two hours to choose a new one:\n\n%(link)s\n\nIf it was not "
            "you, ignore this e-mail; your password stays as it is.\n"
        ) % {"name": user.display_name, "link": link}
    await enqueue_mail(recipient=user.email, subject=subject, body=body, user=user)


async def invitation(
    *, email: str, organization: Organization, link: str, lang: str = "de"
) -> None:
    with language(lang):
        subject = gettext("Invitation to the participation platform")
        body = gettext(
            "Hello,\n\nyou are invited to take part in the Masterplan Digitales Dortmund as a "
            "member of %(organization)s. Open this link within 14 days to create your "
            "account:\n\n%(link)s\n"
        ) % {"organization": organization.name, "link": link}
    await enqueue_mail(recipient=email, subject=subject, body=body)
