"""The e-mails organisations' member changes send, in the recipient's language."""

from __future__ import annotations

from participation.accounts.models import Organization, User
from participation.i18n import gettext, language
from participation.mail.services import enqueue_mail


async def removed(*, user: User, organization: Organization) -> None:
    """Tell a person they no longer speak for the organisation, and what stays."""
    if user.email is None:
        return
    with language(user.language):
        subject = gettext("You are no longer a member of %(organization)s") % {
            "organization": organization.name
        }
        body = gettext(
            "Hello %(name)s,\n\nyou have been removed from the members of %(organization)s "
            "on the participation platform Masterplan Digitales Dortmund.\n\nYour proposals, "
            "comments and votes so far stay as they are, and your votes keep counting in the "
            "group they were cast in. What you do from now on no longer counts for "
            "%(organization)s.\n\nIf you think this is a mistake, please contact "
            "%(organization)s.\n"
        ) % {"name": user.display_name, "organization": organization.name}
    await enqueue_mail(
        recipient=user.email, subject=" ".join(subject.split())[:250], body=body, user=user
    )
