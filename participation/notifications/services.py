"""Following proposals and telling people what happened: a notification in the app for
every event, and e-mail as each person prefers it (one per event, a daily digest, or none).

Each notification's text is written in its recipient's language when it is created, so the
notification list and the e-mails never depend on the language of whoever caused the event.
Texts are passed as a callable that is evaluated once per recipient inside
:func:`participation.i18n.language`; a plain string is used as it is. The exception: a
notification that names the person who caused it (a reply, a comment) stores no name but a
relation to them, and its sentence is written when it is read (``Notification.summary``), so
that a new name shows and a deleted person's name is gone from everyone's list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.models import Model
from tortoise.transactions import in_transaction

from participation.accounts.models import NotificationMode, Organization, User
from participation.comments.models import Comment
from participation.i18n import gettext, language, ngettext
from participation.mail.services import enqueue_mail
from participation.notifications.models import (
    NAMING_KINDS,
    SUMMARY_RELATED,
    Follow,
    Notification,
    NotificationKind,
    named_sentence,
)
from participation.proposals.models import Proposal

Text = str | Callable[[], str]

DIGEST_PERIOD = timedelta(days=1)
EXCERPT_LENGTH = 300


# Following ---------------------------------------------------------------------------------


async def follow(*, user: User, proposal: Proposal) -> bool:
    """Follow a proposal; True if the person did not follow it before.

    The unique (user, proposal) constraint settles a double click: the second insert fails,
    its savepoint rolls back, and the counter is only raised with the row that was written.
    """
    try:
        async with in_transaction():
            await Follow.create(user_id=user.id, proposal_id=proposal.id)
            await Proposal.filter(id=proposal.id).update(follower_count=F("follower_count") + 1)
    except IntegrityError:
        return False
    return True


async def unfollow(*, user: User, proposal: Proposal) -> bool:
    """Stop following; True if the person followed the proposal."""
    async with in_transaction():
        removed = await Follow.filter(user_id=user.id, proposal_id=proposal.id).delete()
        if removed:
            await Proposal.filter(id=proposal.id).update(follower_count=F("follower_count") - 1)
    return bool(removed)


async def set_following(*, user: User, proposal: Proposal, following: bool) -> bool:
    """Follow or unfollow as asked (repeating it changes nothing); returns the new state."""
    if following:
        await follow(user=user, proposal=proposal)
    else:
        await unfollow(user=user, proposal=proposal)
    return following


async def toggle_follow(*, user: User, proposal: Proposal) -> bool:
    """Follow if not following, else unfollow; returns the new state."""
    if await unfollow(user=user, proposal=proposal):
        return False
    await follow(user=user, proposal=proposal)
    return True


# Notifying ---------------------------------------------------------------------------------


async def notify(
    *,
    users: Iterable[User],
    kind: NotificationKind,
    proposal: Proposal,
    comment: Comment | None = None,
    text: Text,
    actor: User | None = None,
    base_url: str | None = None,
    now: datetime | None = None,
) -> list[Notification]:
    """One notification per person (inactive accounts and repeats left out), in one insert.

    People who want an e-mail for every event get it queued in the same transaction, so it
    goes out only if the event was committed. Without ``base_url`` (the demo seed, tests)
    no mail can carry a link and none is queued. The notifications are returned as built;
    after the bulk insert their ids are not loaded.
    """
    now = now or datetime.now(UTC)
    recipients = list({user.id: user for user in users if user.is_active}.values())
    if not recipients:
        return []
    notifications, summaries = [], []
    for user in recipients:
        with language(user.language):
            summary = text() if callable(text) else text
        mailed = base_url is not None and _wants_instant_mail(user)
        notifications.append(
            Notification(
                user=user,
                kind=kind,
                proposal=proposal,
                comment=comment,
                actor=actor,
                # A sentence that names someone is written when read, never stored.
                text="" if kind in NAMING_KINDS else summary,
                created_at=now,
                emailed_at=now if mailed else None,
            )
        )
        summaries.append(summary)
    async with in_transaction():
        await Notification.bulk_create(notifications)
        for notification, summary in zip(notifications, summaries, strict=True):
            if notification.emailed_at is not None and base_url is not None:
                await _send_instant_mail(notification, summary, base_url)
    return notifications


async def notify_reply(
    *, comment: Comment, base_url: str | None = None, now: datetime | None = None
) -> list[Notification]:
    """Tell the author of the comment answered, unless they answered themselves."""
    parent: Comment | None = await _related(comment, "parent")
    if parent is None or parent.author_id in (None, comment.author_id):  # type: ignore[attr-defined]
        return []
    recipient: User | None = await _related(parent, "author")
    if recipient is None:
        return []
    proposal: Proposal = await _related(comment, "proposal")
    author: User | None = await _related(comment, "author")
    name = await _speaker(comment, author)
    return await notify(
        users=[recipient],
        kind=NotificationKind.REPLY,
        proposal=proposal,
        comment=comment,
        actor=author,
        text=lambda: named_sentence(NotificationKind.REPLY, name=name, title=proposal.title),
        base_url=base_url,
        now=now,
    )


async def notify_new_comment(
    *, comment: Comment, base_url: str | None = None, now: datetime | None = None
) -> list[Notification]:
    """Tell the proposal's followers, except the commenter and the author of the comment
    answered (who hears of it through :func:`notify_reply` already)."""
    parent: Comment | None = await _related(comment, "parent")
    skip = {comment.author_id, parent.author_id if parent else None}  # type: ignore[attr-defined]
    follows = await (
        Follow.filter(proposal_id=comment.proposal_id, user__is_active=True)  # type: ignore[attr-defined]
        .exclude(user_id__in=[user_id for user_id in skip if user_id is not None])
        .select_related("user")
    )
    if not follows:
        return []
    proposal: Proposal = await _related(comment, "proposal")
    author: User | None = await _related(comment, "author")
    name = await _speaker(comment, author)
    return await notify(
        users=[entry.user for entry in follows],
        kind=NotificationKind.COMMENT,
        proposal=proposal,
        comment=comment,
        actor=author,
        text=lambda: named_sentence(NotificationKind.COMMENT, name=name, title=proposal.title),
        base_url=base_url,
        now=now,
    )


async def notify_status_change(
    *, proposal: Proposal, text: Text, base_url: str | None = None, now: datetime | None = None
) -> list[Notification]:
    """Tell the proposal's followers that its status changed; ``text`` says to what and why
    (best a callable, so each follower reads it in their language)."""
    follows = await Follow.filter(proposal_id=proposal.id, user__is_active=True).select_related(
        "user"
    )
    return await notify(
        users=[entry.user for entry in follows],
        kind=NotificationKind.STATUS_CHANGED,
        proposal=proposal,
        text=text,
        base_url=base_url,
        now=now,
    )


async def _related(instance: Model, name: str) -> Any:
    """A related object: the one already attached (as after ``create``), else fetched; None
    where the key is empty."""
    value = getattr(instance, name)
    return None if value is None else await value


async def _speaker(comment: Comment, author: User | None) -> str:
    """The name a comment is shown under: the organisation a partner speaks for, or the
    person."""
    organization: Organization | None = await _related(comment, "organization")
    if organization is not None:
        return organization.name
    return author.display_name if author is not None else gettext("deleted account")


# E-mail ------------------------------------------------------------------------------------


def _wants_instant_mail(user: User) -> bool:
    return user.notification_mode == NotificationMode.INSTANT and bool(user.email)


def link_to(base_url: str, notification: Notification) -> str:
    """Where a notification points: the comment on its proposal's page, or the proposal."""
    link = f"{base_url}/proposals/{notification.proposal_id}"  # type: ignore[attr-defined]
    comment_id = notification.comment_id  # type: ignore[attr-defined]
    return f"{link}?comment={comment_id}#comment-{comment_id}" if comment_id else link


def _one_line(text: str, limit: int = 150) -> str:
    """A header value: no line breaks (they would inject headers), not too long."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _excerpt(comment: Comment | None) -> str:
    if comment is None or not comment.body:
        return ""
    body = comment.body.strip()
    if len(body) > EXCERPT_LENGTH:
        body = body[: EXCERPT_LENGTH - 1].rstrip() + "…"
    return "\n".join(f"> {line}" if line else ">" for line in body.splitlines()) + "\n\n"


def _footer(base_url: str) -> str:
    return gettext(
        "You receive this e-mail because of your notification settings on the participation "
        "platform Masterplan Digitales Dortmund. You can change them in your profile: "
        "%(link)s"
    ) % {"link": f"{base_url}/account/profile"}


async def _send_instant_mail(notification: Notification, summary: str, base_url: str) -> None:
    user = notification.user
    assert user.email is not None
    proposal: Proposal | None = await _related(notification, "proposal")
    title = proposal.title if proposal is not None else ""
    with language(user.language):
        subject = _one_line(f"{notification.kind.label}: {title}")
        body = "".join(
            [
                gettext("Hello %(name)s,") % {"name": user.display_name},
                "\n\n",
                summary,
                "\n\n",
                _excerpt(await _related(notification, "comment")),
                gettext("Read it on the platform:"),
                f"\n{link_to(base_url, notification)}\n\n-- \n",
                _footer(base_url),
                "\n",
            ]
        )
    await enqueue_mail(recipient=user.email, subject=subject, body=body, user=user)


@dataclass
class _Digest:
    user: User
    notifications: list[Notification] = field(default_factory=list)


async def send_daily_digests(*, base_url: str, now: datetime) -> int:
    """Queue one mail per person on the daily digest with what they have not been mailed
    about in the last day; returns the number of mails queued.

    Rows are claimed by setting ``emailed_at`` only where it is still empty, in the
    transaction that queues the mail: a second run, even a concurrent one, finds nothing
    left to send.
    """
    pending = await (
        Notification.filter(
            emailed_at__isnull=True,
            created_at__gt=now - DIGEST_PERIOD,
            created_at__lte=now,
            user__notification_mode=NotificationMode.DAILY_DIGEST,
            user__is_active=True,
            user__email__isnull=False,
        )
        .select_related("user", *SUMMARY_RELATED)
        .order_by("user_id", "created_at", "id")
    )
    digests: dict[int, _Digest] = {}
    for notification in pending:
        digests.setdefault(notification.user.id, _Digest(notification.user))
        digests[notification.user.id].notifications.append(notification)
    sent = 0
    for digest in digests.values():
        async with in_transaction():
            claimed = await Notification.filter(
                id__in=[n.id for n in digest.notifications], emailed_at__isnull=True
            ).update(emailed_at=now)
            if claimed:
                await _send_digest(digest, base_url)
                sent += 1
    return sent


async def _send_digest(digest: _Digest, base_url: str) -> None:
    user = digest.user
    assert user.email is not None
    count = len(digest.notifications)
    with language(user.language):
        subject = ngettext(
            "Your daily summary: %(num)s new notification",
            "Your daily summary: %(num)s new notifications",
            count,
        ) % {"num": count}
        items = "".join(
            f"- {n.kind.label}: {n.summary}\n  {link_to(base_url, n)}\n\n"
            for n in digest.notifications
        )
        body = "".join(
            [
                gettext("Hello %(name)s,") % {"name": user.display_name},
                "\n\n",
                gettext("this is what happened since yesterday on the proposals you follow:"),
                "\n\n",
                items,
                "-- \n",
                _footer(base_url),
                "\n",
            ]
        )
    await enqueue_mail(recipient=user.email, subject=subject, body=body, user=user)


async def mark_all_read(*, user: User, now: datetime | None = None) -> int:
    """Mark every unread notification of the person as read; returns how many."""
    return await Notification.filter(user_id=user.id, read_at__isnull=True).update(
        read_at=now or datetime.now(UTC)
    )
