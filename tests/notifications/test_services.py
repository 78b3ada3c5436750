from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from participation.accounts.models import NotificationMode, User
from participation.comments.services import post_comment
from participation.i18n import gettext, language
from participation.mail.models import OutboxMessage
from participation.notifications.models import SUMMARY_RELATED, Notification, NotificationKind
from participation.notifications.services import (
    follow,
    notify_status_change,
    send_daily_digests,
)
from participation.proposals.models import Proposal, ProposalStatus
from participation.settings import load_settings
from tests.auth import make_person, post_form, sign_in
from tests.conftest import QueryCounter
from tests.factories import make_comment, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")

BASE_URL = "https://beteiligung.dortmund.example"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def _kinds(user: User) -> list[NotificationKind]:
    return [n.kind for n in await Notification.filter(user_id=user.id).order_by("id")]


async def _mails_to(user: User) -> list[OutboxMessage]:
    return await OutboxMessage.filter(recipient=user.email).order_by("id")


async def _followed_proposal(*followers: User) -> Proposal:
    proposal = await make_proposal(title="WLAN für alle Schulen")
    for user in followers:
        await follow(user=user, proposal=proposal)
    return proposal


async def test_reply_notifies_the_author_of_the_comment_answered() -> None:
    asker = await make_user(display_name="Frau Asker")
    answerer = await make_user(display_name="Herr Antwort", language="en")
    proposal = await _followed_proposal()
    question = await make_comment(proposal, author=asker)
    reply = await make_comment(proposal, author=answerer, parent=question)
    [notification] = await Notification.filter(user_id=asker.id).select_related(*SUMMARY_RELATED)
    assert notification.kind == NotificationKind.REPLY
    assert notification.comment_id == reply.id  # type: ignore[attr-defined]
    assert notification.proposal_id == proposal.id  # type: ignore[attr-defined]
    with language("de"):
        expected = gettext("%(name)s replied to your comment on “%(title)s”.") % {
            "name": "Herr Antwort",
            "title": "WLAN für alle Schulen",
        }
        assert notification.summary == expected
    assert await _kinds(answerer) == []


async def test_replying_to_oneself_notifies_nobody() -> None:
    author = await make_user()
    proposal = await _followed_proposal(author)
    question = await make_comment(proposal, author=author)
    await make_comment(proposal, author=author, parent=question)
    assert await Notification.all().count() == 0


async def test_new_comment_notifies_followers_but_not_the_commenter() -> None:
    first, second, commenter = await make_user(), await make_user(), await make_user()
    proposal = await _followed_proposal(first, second, commenter)
    await make_comment(proposal, author=commenter)
    assert await _kinds(first) == await _kinds(second) == [NotificationKind.COMMENT]
    assert await _kinds(commenter) == []


async def test_following_parent_author_hears_of_a_reply_once_as_a_reply() -> None:
    asker, other, answerer = await make_user(), await make_user(), await make_user()
    proposal = await _followed_proposal(asker, other)
    question = await make_comment(proposal, author=asker)
    await make_comment(proposal, author=answerer, parent=question)
    assert await _kinds(asker) == [NotificationKind.REPLY]
    assert await _kinds(other) == [NotificationKind.COMMENT, NotificationKind.COMMENT]


async def test_deleted_and_inactive_accounts_are_not_notified() -> None:
    gone = await make_user(is_active=False)
    proposal = await _followed_proposal(gone)
    await make_comment(proposal)
    assert await Notification.all().count() == 0


async def test_notifying_many_followers_takes_the_same_queries_as_notifying_few(
    count_queries: QueryCounter,
) -> None:
    async def queries_for(followers: int) -> int:
        users = [
            await make_user(notification_mode=NotificationMode.IN_APP_ONLY)
            for _ in range(followers)
        ]
        proposal = await _followed_proposal(*users)
        author = await make_user()
        count_queries.statements.clear()
        await post_comment(proposal=proposal, author=author, body="Hallo", base_url=BASE_URL)
        return count_queries.count

    few = await queries_for(2)
    many = await queries_for(40)
    assert few == many
    assert await Notification.filter(kind=NotificationKind.COMMENT).count() == 42


async def test_instant_mail_is_queued_in_the_recipients_language_with_a_link() -> None:
    german = await make_user(display_name="Anna", language="de")
    english = await make_user(display_name="Ben", language="en")
    proposal = await _followed_proposal(german, english)
    comment = await post_comment(
        proposal=proposal,
        author=await make_user(display_name="Cem"),
        body="Gute Idee!",
        base_url=BASE_URL,
    )
    link = f"{BASE_URL}/proposals/{proposal.id}?comment={comment.id}#comment-{comment.id}"
    for user in (german, english):
        [mail] = await _mails_to(user)
        [notification] = await Notification.filter(user_id=user.id).select_related(*SUMMARY_RELATED)
        with language(user.language):
            assert mail.subject == f"{gettext('New comment')}: WLAN für alle Schulen"
            assert mail.body.startswith(gettext("Hello %(name)s,") % {"name": user.display_name})
            assert notification.summary == gettext("%(name)s commented on “%(title)s”.") % {
                "name": "Cem",
                "title": "WLAN für alle Schulen",
            }
            assert notification.summary in mail.body
        assert link in mail.body and "> Gute Idee!" in mail.body
        assert mail.user_id == user.id  # type: ignore[attr-defined]
        assert notification.emailed_at is not None


async def test_status_change_reads_in_each_followers_language() -> None:
    german = await make_user(language="de")
    english = await make_user(language="en")
    proposal = await _followed_proposal(german, english)
    await notify_status_change(
        proposal=proposal, text=lambda: ProposalStatus.ADOPTED.label, base_url=BASE_URL
    )
    [for_german] = await Notification.filter(user_id=german.id)
    [for_english] = await Notification.filter(user_id=english.id)
    assert for_german.kind == for_english.kind == NotificationKind.STATUS_CHANGED
    assert (for_german.text, for_english.text) == ("Übernommen", "Adopted")
    assert "Übernommen" in (await _mails_to(german))[0].body
    assert "Adopted" in (await _mails_to(english))[0].body
    assert f"{BASE_URL}/proposals/{proposal.id}\n" in (await _mails_to(english))[0].body


async def test_in_app_only_and_digest_readers_get_no_mail_at_once() -> None:
    quiet = await make_user(notification_mode=NotificationMode.IN_APP_ONLY)
    digest = await make_user(notification_mode=NotificationMode.DAILY_DIGEST)
    proposal = await _followed_proposal(quiet, digest)
    await post_comment(proposal=proposal, author=await make_user(), body="Hi", base_url=BASE_URL)
    assert await _mails_to(quiet) == await _mails_to(digest) == []
    assert await _kinds(quiet) == await _kinds(digest) == [NotificationKind.COMMENT]
    assert await Notification.filter(emailed_at__isnull=False).count() == 0


async def test_daily_digest_groups_the_last_days_notifications_into_one_mail() -> None:
    reader = await make_user(notification_mode=NotificationMode.DAILY_DIGEST, language="en")
    quiet = await make_user(notification_mode=NotificationMode.IN_APP_ONLY)
    instant = await make_user(notification_mode=NotificationMode.INSTANT)
    proposal = await _followed_proposal(reader, quiet, instant)
    comments = []
    for hours_ago in (30, 5, 2):  # the first is older than a day
        comments.append(
            await post_comment(
                proposal=proposal,
                author=await make_user(),
                body="Neu",
                created_at=NOW - timedelta(hours=hours_ago),
                base_url=BASE_URL,
            )
        )
    assert await send_daily_digests(base_url=BASE_URL, now=NOW) == 1
    [mail] = await _mails_to(reader)
    assert mail.subject == "Your daily summary: 2 new notifications"
    assert f"#comment-{comments[1].id}" in mail.body and f"#comment-{comments[2].id}" in mail.body
    assert f"#comment-{comments[0].id}" not in mail.body
    assert await _mails_to(quiet) == []
    assert len(await _mails_to(instant)) == 3  # one each, at once, none in a digest
    emailed = await Notification.filter(user_id=reader.id, emailed_at__isnull=False).count()
    assert emailed == 2
    assert await send_daily_digests(base_url=BASE_URL, now=NOW) == 0  # nothing twice


async def test_comment_posted_through_the_page_mails_with_the_sites_base_url(
    client: httpx.AsyncClient,
) -> None:
    asker = await make_user(language="en")
    proposal = await _followed_proposal()
    question = await make_comment(proposal, author=asker)
    await sign_in(client, await make_person())
    page = f"/proposals/{proposal.id}"
    await post_form(
        client,
        f"{page}/comments",
        {"body": "Antwort", "parent_id": str(question.id)},
        token_from=page,
    )
    [mail] = await _mails_to(asker)
    base_url = load_settings(env_file=None).base_url
    assert mail.subject.startswith("Reply to your comment: ")
    assert f"{base_url}/proposals/{proposal.id}?comment=" in mail.body
