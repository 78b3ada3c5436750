"""The outbox: features queue mail here; a worker drains it with retries.

Nothing in the app sends mail directly. ``enqueue_mail`` stores a row (inside the caller's
transaction, when there is one, so a mail goes out only if the change it announces was
committed), and ``deliver_due`` hands due rows to a sender. Delivery is at least once: a
process that dies after the server accepted a mail but before recording it sends that mail
again when its lease runs out. The stable Message-ID lets mail clients recognise the copy.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.mail.models import OutboxMessage, OutboxStatus
from participation.mail.senders import Sender, sender_for
from participation.settings import MailSettings

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
# A claimed message is left alone by other drains for this long. It has to outlast one send
# (the SMTP timeout is 30 s); after it, a message whose drain died is picked up again.
LEASE = timedelta(minutes=10)
ERROR_LENGTH = 500


class OutboxError(Exception):
    """A mail the outbox refuses, or an action on a message that is not possible."""


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0  # failed this time, tried again later
    failed: int = 0  # failed for the last time, left for an admin


async def enqueue_mail(
    *,
    recipient: str,
    subject: str,
    body: str,
    user: User | None = None,
    now: datetime | None = None,
) -> OutboxMessage:
    """Queue one mail for the next drain. Tie it to ``user`` so it goes if the account goes."""
    if any(char in value for value in (recipient, subject) for char in "\r\n"):
        # A line break in a header would fail every attempt, or worse, inject headers.
        raise OutboxError("Recipient and subject must be a single line.")
    return await OutboxMessage.create(
        user=user,
        recipient=recipient,
        subject=subject,
        body=body,
        next_attempt_at=now or datetime.now(UTC),
    )


async def deliver_due(
    *,
    settings: MailSettings,
    sender: Sender | None = None,
    now: datetime | None = None,
    limit: int = 50,
) -> DeliveryReport:
    """Send up to ``limit`` due messages, oldest first, and record how each went.

    Each message is claimed in its own short transaction and sent after it committed, so no
    lock is held while talking to the mail server, and the lease only has to cover one send,
    not a whole batch behind a slow server.
    """
    sender = sender or sender_for(settings)
    now = now or datetime.now(UTC)
    report = DeliveryReport()
    for _ in range(limit):
        message = await _claim_next(now)
        if message is None:
            break
        try:
            await sender.send(message, settings.sender)
        except Exception as error:
            status = await _record_failure(message, error, now, settings.max_attempts)
            if status is OutboxStatus.FAILED:
                report.failed += 1
            else:
                report.retried += 1
        else:
            await OutboxMessage.filter(id=message.id).update(status=OutboxStatus.SENT, sent_at=now)
            report.sent += 1
    return report


async def _claim_next(now: datetime) -> OutboxMessage | None:
    """Take the oldest due message and lease it, counting the attempt before it is made.

    On PostgreSQL, SKIP LOCKED lets drains in several processes pass each other's claims
    instead of waiting for them; once committed, the pushed-back ``next_attempt_at`` keeps the
    message out of every drain's query. SQLite serialises writers, so there is nothing to skip.
    Counting up front means a mail that crashes the worker still runs out of attempts.
    """
    async with in_transaction() as connection:
        message = (
            await OutboxMessage.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .using_db(connection)
            .first()
        )
        if message is None:
            return None
        message.attempts += 1
        message.next_attempt_at = now + LEASE
        await message.save(using_db=connection, update_fields=["attempts", "next_attempt_at"])
    return message


async def _record_failure(
    message: OutboxMessage, error: Exception, now: datetime, max_attempts: int
) -> OutboxStatus:
    final = message.attempts >= max_attempts
    status = OutboxStatus.FAILED if final else OutboxStatus.PENDING
    logger.warning(
        "Mail %s failed on attempt %s of %s: %r", message.id, message.attempts, max_attempts, error
    )
    await OutboxMessage.filter(id=message.id).update(
        status=status,
        last_error=f"{type(error).__name__}: {error}"[:ERROR_LENGTH],
        next_attempt_at=now + retry_delay(message.attempts),
    )
    return status


def retry_delay(attempts: int) -> timedelta:
    """1 minute after the first failure, then doubling, never more than 6 hours."""
    # The exponent is capped so that a large count cannot overflow timedelta.
    delay: timedelta = FIRST_RETRY * 2 ** min(attempts - 1, 20)
    return min(delay, LONGEST_RETRY)


async def failed_messages(limit: int = 100) -> list[OutboxMessage]:
    """Mail that ran out of attempts, newest first, for the admins to look into."""
    return await OutboxMessage.filter(status=OutboxStatus.FAILED).order_by("-id").limit(limit)


async def retry_message(message_id: int, *, now: datetime | None = None) -> None:
    """Put a failed message back in the queue with a fresh set of attempts."""
    updated = await OutboxMessage.filter(id=message_id, status=OutboxStatus.FAILED).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now or datetime.now(UTC)
    )
    if not updated:
        raise OutboxError(f"There is no failed message {message_id} to retry.")
