"""Draining the outbox: once from the command line, or for as long as the app runs."""

from __future__ import annotations

import asyncio
import logging

from participation.mail.services import DeliveryReport, deliver_due
from participation.settings import MailSettings

logger = logging.getLogger(__name__)


async def drain_once(settings: MailSettings) -> DeliveryReport:
    return await deliver_due(settings=settings)


async def drain_forever(settings: MailSettings, interval: float = 10.0) -> None:
    """Deliver due mail every ``interval`` seconds until cancelled.

    Any error (the database away, a wrong MAIL_BACKEND) is logged and the next round tried: a
    background task that died would silently stop all mail. Cancellation is not an
    ``Exception`` and ends the loop at once.
    """
    while True:
        try:
            report = await deliver_due(settings=settings)
        except Exception:
            logger.exception("Draining the outbox failed; trying again in %s s", interval)
        else:
            if report.sent or report.retried or report.failed:
                logger.info(
                    "Outbox: %s sent, %s to retry, %s failed",
                    report.sent,
                    report.retried,
                    report.failed,
                )
        await asyncio.sleep(interval)
