"""The mail queue as admins read it: queued, sent and failed mail, newest first, a page at a
time, with the secrets in its links masked.

The outbox only grows, so a page seeks to the last id seen instead of counting past an
offset; the status filter walks the (status, next_attempt_at) index for the rare queued and
failed rows and the primary key for the rest. Searching by recipient or subject reads the
rows it passes (a substring search has no index to use): an admin's occasional look, not a
hot path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.functions import Count

from participation.mail.models import OutboxMessage, OutboxStatus

PAGE_SIZE = 50
MASK = "[…]"
# A link's path segments and query values that look like a token: long, and with a digit
# or a capital letter (the app's own slugs are lower-case words). Reset, verification,
# set-up and invitation links each carry one, and whoever holds it holds the account.
_URL = re.compile(r"https?://[^\s<>\"']+")
_PIECE = re.compile(r"(?<=[/?&=#])[A-Za-z0-9_.~-]{20,}")


def _mask_piece(match: re.Match[str]) -> str:
    piece = match.group(0)
    return MASK if re.search(r"[0-9A-Z]", piece) else piece


def _mask_url(match: re.Match[str]) -> str:
    url = match.group(0)
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme}://{host}{slash}" + _PIECE.sub(_mask_piece, "/" + path)[1:]


def masked(body: str) -> str:
    """The mail's text with every token in its links replaced by "[…]"."""
    return _URL.sub(_mask_url, body)


@dataclass(frozen=True)
class MailPage:
    messages: list[OutboxMessage]
    next_before: int | None  # the id to continue before, None on the last page


async def find_mail(
    *, status: str = "", q: str = "", before: int | None = None, page_size: int = PAGE_SIZE
) -> MailPage:
    """One page of mail, newest first, in one query."""
    query = OutboxMessage.all()
    if status in {s.value for s in OutboxStatus}:
        query = query.filter(status=OutboxStatus(status))
    if q:
        query = query.filter(Q(recipient__icontains=q) | Q(subject__icontains=q))
    if before is not None:
        query = query.filter(id__lt=before)
    rows = await query.order_by("-id").limit(page_size + 1)
    messages = rows[:page_size]
    return MailPage(messages, messages[-1].id if len(rows) > page_size else None)


WAITING = (OutboxStatus.PENDING, OutboxStatus.FAILED)


async def waiting_counts() -> dict[str, int]:
    """How many mails are queued and how many failed, in one grouped query over the
    (status, next_attempt_at) index: the sent ones, nearly all of the table, are not
    counted."""
    rows = await (
        OutboxMessage.filter(status__in=WAITING)
        .annotate(n=Count("id"))
        .group_by("status")
        .values_list("status", "n")
    )
    counts = dict.fromkeys((s.value for s in WAITING), 0)
    counts.update({str(status): int(n) for status, n in rows})
    return counts
