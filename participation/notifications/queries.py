"""What pages read about following and notifications. Each function is one query."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from participation.accounts.models import User
from participation.accounts.permissions import is_moderator
from participation.notifications.models import SUMMARY_RELATED, Follow, Notification
from participation.proposals.models import Proposal

PAGE_SIZE = 30
HIDDEN = "hidden"  # the status moderation gives proposals and comments alike


async def is_following(user: User | None, proposal: Proposal) -> bool:
    if user is None:
        return False
    return await Follow.exists(user_id=user.id, proposal_id=proposal.id)


def _shown_to(user: User) -> QuerySet[Notification]:
    """The person's notifications, less those about content moderation hid from them: hidden
    proposals and comments stay visible to their author and to moderators only, and so do
    the notifications about them. The test is read when the list is, so a notification
    comes back when its proposal is restored."""
    query = Notification.filter(user_id=user.id)
    if is_moderator(user):
        return query
    # ``__not`` also keeps rows without the relation (Tortoise adds "OR ... IS NULL").
    about_proposal = Q(proposal__status__not=HIDDEN) | Q(proposal__author_id=user.id)
    about_comment = Q(comment__status__not=HIDDEN) | Q(comment__author_id=user.id)
    return query.filter(about_proposal, about_comment)


async def unread_count(user: User) -> int:
    """For the header: how many notifications the person has not marked as read."""
    return await _shown_to(user).filter(read_at__isnull=True).count()


@dataclass(frozen=True)
class NotificationPage:
    notifications: list[Notification]
    next_before: int | None  # the ``before`` of the next (older) page; None on the last


async def notification_page(
    user: User, *, before: int | None = None, page_size: int = PAGE_SIZE
) -> NotificationPage:
    """Newest first, paginated by key: ``before`` is the id the page starts below, so a deep
    page costs the same as the first and new notifications do not shift the pages."""
    query = _shown_to(user)
    if before is not None:
        query = query.filter(id__lt=before)
    # The names a page shows come with it (one query): see Notification.summary.
    rows = await query.select_related(*SUMMARY_RELATED).order_by("-id").limit(page_size + 1)
    notifications = rows[:page_size]
    more = len(rows) > page_size
    return NotificationPage(notifications, notifications[-1].id if more else None)
