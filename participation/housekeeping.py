"""Rows the platform no longer needs, deleted as the privacy page promises: sign-ins that ran
out (the browser's cookie can no longer open them) and sign-in/mail counts quiet for a day.

Every app process runs :func:`tidy_forever` (hourly; ``HOUSEKEEPING=false`` turns it off, then
``participation tidy`` from cron does the same). Deleting what has expired is idempotent, so
several processes side by side need no coordination.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from participation.accounts.models import Session, Throttle
from participation.accounts.throttle import FORGET_AFTER

logger = logging.getLogger(__name__)
INTERVAL = 60 * 60  # seconds between two rounds


@dataclass(frozen=True)
class Tidied:
    sessions: int
    throttle_counts: int


async def tidy(now: datetime | None = None) -> Tidied:
    """Delete the sign-ins that expired before ``now`` and the counts quiet for a day."""
    now = now or datetime.now(UTC)
    sessions = await Session.filter(expires_at__lt=now).delete()
    counts = await Throttle.filter(last_at__lt=now.timestamp() - FORGET_AFTER).delete()
    return Tidied(sessions=sessions, throttle_counts=counts)


async def tidy_forever(interval: float = INTERVAL) -> None:
    """:func:`tidy` every ``interval`` seconds until cancelled; an error (the database away)
    is logged and the next round tried."""
    while True:
        started = time.monotonic()
        try:
            tidied = await tidy()
            if tidied.sessions or tidied.throttle_counts:
                logger.info(
                    "Deleted %d expired sign-ins and %d stale sign-in/mail counts",
                    tidied.sessions,
                    tidied.throttle_counts,
                )
        except Exception:
            logger.exception("Housekeeping failed; trying again in %s s", interval)
        await asyncio.sleep(max(interval - (time.monotonic() - started), 0))
