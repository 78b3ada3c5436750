"""What pages read about following and notifications. Each function is one query."""

from __future__ import annotations

from dataclasses import dataclass

from participation.accounts.models import User
from participation.notifications.models import Follow, Notification
from participation.proposals.models import Proposal

PAGE_SIZE = 30


async def is_following(user: User | None, proposal: Proposal) -> bool:
    if user is None:
        return False
    return await Follow.exists(user_id=user.id, proposal_id=proposal.id)


async def unread_count(user: User) -> int:
    """For the header: how many notifications the person has not marked as read."""
    return await Notification.filter(user_id=user.id, read_at__isnull=True).count()


@dataclass(frozen=True)
class NotificationPage:
    notifications: list[Notification]
    next_before: int | None  # the ``before`` of the next (older) page; None on the last


async def notification_page(
    user: User, *, before: int | None = None, page_size: int = PAGE_SIZE
) -> NotificationPage:
    """Newest first, paginated by key: ``before`` is the id the page starts below, so a deep
    page costs the same as the first and new notifications do not shift the pages."""
    query = Notification.filter(user_id=user.id)
    if before is not None:
        query = query.filter(id__lt=before)
    rows = await query.order_by("-id").limit(page_size + 1)
    notifications = rows[:page_size]
    more = len(rows) > page_size
    return NotificationPage(notifications, notifications[-1].id if more else None)
