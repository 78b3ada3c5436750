"""Notifications about content moderation hid leave everyone's list and unread count except
its author's and the moderators'; they come back when the content does."""

from __future__ import annotations

import httpx

from participation.accounts.models import Role
from participation.comments.services import post_comment
from participation.moderation import services as moderation
from participation.notifications.models import Notification
from participation.notifications.queries import notification_page, unread_count
from participation.notifications.services import follow
from tests.auth import make_person, sign_in
from tests.factories import make_comment, make_proposal, make_user


async def test_a_hidden_proposal_leaves_its_followers_notifications_until_restored(
    client: httpx.AsyncClient,
) -> None:
    author, follower = await make_person(), await make_person()
    proposal = await make_proposal(author=author, title="Glasfaser für Hörde")
    await follow(user=follower, proposal=proposal)
    await make_comment(proposal, body="Gute Idee")  # the follower is told of it
    assert await unread_count(follower) == 1
    moderator = await make_user(role=Role.MODERATOR)
    await moderation.hide_proposal(proposal=proposal, moderator=moderator, reason="Werbung")

    assert await unread_count(follower) == 0
    assert (await notification_page(follower)).notifications == []
    await sign_in(client, follower)
    assert "Glasfaser für Hörde" not in (await client.get("/account/notifications")).text

    await moderation.restore_proposal(proposal=proposal, moderator=moderator)
    assert await unread_count(follower) == 1


async def test_the_author_keeps_the_notifications_about_their_hidden_proposal(db: None) -> None:
    author = await make_person()
    proposal = await make_proposal(author=author)
    await follow(user=author, proposal=proposal)
    await make_comment(proposal)
    await moderation.hide_proposal(proposal=proposal, moderator=await make_user(), reason="x")
    page = await notification_page(author)
    assert len(page.notifications) == 2  # the comment, and why moderation hid the proposal
    assert await unread_count(author) == 2


async def test_a_hidden_reply_leaves_the_notification_of_the_person_answered(db: None) -> None:
    answered, replier = await make_person(), await make_person()
    proposal = await make_proposal()
    parent = await make_comment(proposal, author=answered)
    reply = await post_comment(proposal=proposal, author=replier, body="Unsinn!", parent=parent)
    assert await unread_count(answered) == 1
    await moderation.hide_comment(comment=reply, moderator=await make_user(), reason="Ton")
    assert await unread_count(answered) == 0
    assert await unread_count(replier) == 1  # its author is told why it was hidden
    notice = await Notification.get(user_id=replier.id)
    assert notice.comment_id == reply.id  # type: ignore[attr-defined]


async def test_moderators_keep_seeing_notifications_about_hidden_content(db: None) -> None:
    moderator = await make_person(role=Role.MODERATOR)
    proposal = await make_proposal()
    await follow(user=moderator, proposal=proposal)
    await make_comment(proposal)
    await moderation.hide_proposal(proposal=proposal, moderator=await make_user(), reason="x")
    assert await unread_count(moderator) == 1
    assert len((await notification_page(moderator)).notifications) == 1
