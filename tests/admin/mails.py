"""Reading mail as its recipient would: the newest mail to an address in the outbox, and the
link in it as a path the test client can open."""

from __future__ import annotations

import re

from participation.mail.models import OutboxMessage

LINK = re.compile(r"https?://[^/\s]+(/\S+)")


async def mails_to(address: str) -> list[OutboxMessage]:
    return await OutboxMessage.filter(recipient=address).order_by("id")


async def last_mail_to(address: str) -> OutboxMessage:
    mails = await mails_to(address)
    assert mails, f"no mail to {address}"
    return mails[-1]


def link_in(mail: OutboxMessage, starting: str) -> str:
    """The path of the mail's link that starts with ``starting`` (e.g. "/account/set-up/")."""
    for path in LINK.findall(mail.body):
        if path.startswith(starting):
            return str(path)
    raise AssertionError(f"no link to {starting} in:\n{mail.body}")
