from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from participation.accounts.models import Role, User
from participation.comments.models import Comment, CommentStatus
from participation.forms import ValidationFailed
from participation.i18n import gettext, language
from participation.masterplans.models import FieldOfAction
from participation.moderation import queries as moderation_queries
from participation.moderation import services
from participation.moderation.models import Report, ReportStatus, StatusChange
from participation.notifications.models import Notification
from participation.notifications.services import follow
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import post_form, shown, sign_in_as
from tests.conftest import open_client
from tests.factories import make_comment, make_field, make_proposal, make_user


@pytest.fixture
async def client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    async with open_client() as http:
        yield http


async def _count(field: FieldOfAction) -> int:
    return (await FieldOfAction.get(id=field.id)).proposal_count


async def test_a_moderator_hides_a_proposal_with_a_reason(client: httpx.AsyncClient) -> None:
    field = await make_field()
    proposal = await make_proposal(field)
    await services.report(reporter=await make_user(), proposal=proposal, reason="spam")
    listed = await _count(field)
    moderator = await sign_in_as(client, Role.MODERATOR)
    response = await post_form(
        client,
        f"/moderation/proposals/{proposal.id}",
        {"action": "hide", "reason": "Werbung"},
        token_from="/moderation",
    )
    assert response.status_code == 303
    hidden = await Proposal.get(id=proposal.id)
    assert (hidden.status, hidden.moderation_reason) == (ProposalStatus.HIDDEN, "Werbung")
    assert await _count(field) == listed - 1
    change = await StatusChange.get(proposal_id=proposal.id)
    assert (change.from_status, change.to_status) == ("published", "hidden")
    assert change.changed_by_id == moderator.id  # type: ignore[attr-defined]
    assert (await Report.get(proposal_id=proposal.id)).status == ReportStatus.UPHELD


async def test_hiding_without_a_reason_is_refused(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    await sign_in_as(client, Role.MODERATOR)
    response = await post_form(
        client,
        f"/moderation/proposals/{proposal.id}",
        {"action": "hide", "reason": "  "},
        token_from="/moderation",
    )
    assert response.status_code == 400
    assert shown("Please give a reason.") in response.text
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.PUBLISHED


async def test_restoring_brings_the_proposal_back_and_the_counter_right(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    proposal = await make_proposal(field, title="Offenes WLAN am Phoenix-See")
    listed = await _count(field)
    for _ in range(3):
        await services.report(reporter=await make_user(), proposal=proposal, reason="spam")
    assert await _count(field) == listed - 1
    await sign_in_as(client, Role.MODERATOR)
    response = await post_form(
        client,
        f"/moderation/proposals/{proposal.id}",
        {"action": "restore"},
        token_from="/moderation",
    )
    assert response.status_code == 303
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.PUBLISHED
    assert await _count(field) == listed
    async with open_client() as visitor:
        page = await visitor.get(f"/proposals/{proposal.id}")
    assert page.status_code == 200
    assert "Offenes WLAN am Phoenix-See" in page.text


async def test_restoring_returns_the_status_the_proposal_had_before(db: None) -> None:
    moderator = await make_user()
    proposal = await make_proposal(status=ProposalStatus.IN_REVIEW)
    await services.hide_proposal(proposal=proposal, moderator=moderator, reason="Doppelt")
    await services.restore_proposal(proposal=proposal, moderator=moderator, reason="Irrtum")
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.IN_REVIEW


async def test_a_proposal_that_is_not_hidden_cannot_be_restored(db: None) -> None:
    proposal = await make_proposal()
    with pytest.raises(ValidationFailed):
        await services.restore_proposal(proposal=proposal, moderator=await make_user())


async def test_a_hidden_comment_disappears_from_the_thread_for_visitors(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal()
    comment = await make_comment(proposal, body="Das ist Werbung für meinen Laden")
    await sign_in_as(client, Role.MODERATOR)
    path = f"/moderation/comments/{comment.id}"
    await post_form(client, path, {"action": "hide", "reason": "Werbung"}, token_from="/moderation")
    assert (await Comment.get(id=comment.id)).status == CommentStatus.HIDDEN
    assert (await Proposal.get(id=proposal.id)).comment_count == 0
    async with open_client() as visitor:
        page = await visitor.get(f"/proposals/{proposal.id}")
    assert "Das ist Werbung für meinen Laden" not in page.text

    await post_form(client, path, {"action": "restore"}, token_from="/moderation")
    restored = await Comment.get(id=comment.id)
    assert (restored.status, restored.moderation_reason) == (CommentStatus.PUBLISHED, "")
    assert (await Proposal.get(id=proposal.id)).comment_count == 1


async def test_the_queue_shows_open_reports_grouped_by_item(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal(title="Smarte Parkplätze in der City")
    comment = await make_comment(proposal, body="Ein fragwürdiger Kommentar")
    await services.report(reporter=await make_user(), proposal=proposal, reason="spam")
    await services.report(reporter=await make_user(), proposal=proposal, reason="off_topic")
    await services.report(reporter=await make_user(), comment=comment, reason="abuse", text="x")
    groups = await moderation_queries.open_report_groups()
    assert [(group.kind, group.count) for group in groups] == [("proposal", 2), ("comment", 1)]
    await sign_in_as(client, Role.MODERATOR)
    page = await client.get("/moderation")
    assert page.status_code == 200
    assert "Smarte Parkplätze in der City" in page.text
    assert "Ein fragwürdiger Kommentar" in page.text


async def test_the_queue_offers_restore_for_recently_hidden_items(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal(title="Verstecktes Vorhaben")
    await services.hide_proposal(proposal=proposal, moderator=await make_user(), reason="Spam")
    await sign_in_as(client, Role.MODERATOR)
    page = await client.get("/moderation")
    assert "Verstecktes Vorhaben" in page.text
    assert 'value="restore"' in page.text


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.PARTNER, Role.PLANNER])
async def test_people_who_do_not_moderate_get_403_on_the_queue_and_its_actions(
    client: httpx.AsyncClient, role: Role
) -> None:
    proposal = await make_proposal()
    await sign_in_as(client, role)
    assert (await client.get("/moderation")).status_code == 403
    response = await post_form(
        client, f"/moderation/proposals/{proposal.id}", {"action": "hide", "reason": "x"}
    )
    assert response.status_code == 403
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.PUBLISHED


async def test_a_visitor_is_sent_to_sign_in_from_the_queue(client: httpx.AsyncClient) -> None:
    response = await client.get("/moderation")
    assert response.status_code in (302, 303)
    assert "/account/login" in response.headers["location"]


async def test_an_admin_may_moderate(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    assert (await client.get("/moderation")).status_code == 200


# Telling the author


async def _told(user: User) -> list[str]:
    return [n.text for n in await Notification.filter(user_id=user.id).order_by("id")]


def _in(lang: str, message: str, **values: str) -> str:
    with language(lang):
        return gettext(message) % values


async def test_the_author_is_told_in_their_language_why_their_proposal_was_hidden(
    db: None,
) -> None:
    author = await make_user(language="en")
    follower = await make_user()
    proposal = await make_proposal(author=author, title="Glasfaser für Hörde")
    await follow(user=follower, proposal=proposal)
    await services.hide_proposal(proposal=proposal, moderator=await make_user(), reason="Werbung")
    assert await _told(author) == [
        _in(
            "en",
            "Moderation hid your proposal “%(title)s”: %(reason)s",
            title="Glasfaser für Hörde",
            reason="Werbung",
        )
    ]
    notification = await Notification.get(user_id=author.id)
    assert notification.proposal_id == proposal.id  # type: ignore[attr-defined]
    assert await _told(follower) == []  # followers of a hidden proposal hear nothing


async def test_the_author_of_a_hidden_comment_is_told_the_reason_and_then_that_it_is_back(
    db: None,
) -> None:
    author = await make_user(language="de")
    proposal = await make_proposal(title="Smarte Laternen")
    comment = await make_comment(proposal, author=author)
    moderator = await make_user()
    await services.hide_comment(comment=comment, moderator=moderator, reason="Beleidigend")
    await services.restore_comment(comment=comment, moderator=moderator)
    title = "Smarte Laternen"
    assert await _told(author) == [
        _in(
            "de",
            "Moderation hid your comment on “%(title)s”: %(reason)s",
            title=title,
            reason="Beleidigend",
        ),
        _in("de", "Your comment on “%(title)s” is visible again.", title=title),
    ]


async def test_restoring_a_proposal_tells_its_author_and_nobody_else(db: None) -> None:
    author, follower = await make_user(), await make_user()
    proposal = await make_proposal(author=author, title="Bürger-App")
    await follow(user=follower, proposal=proposal)
    moderator = await make_user()
    await services.hide_proposal(proposal=proposal, moderator=moderator, reason="Prüfung")
    await services.restore_proposal(proposal=proposal, moderator=moderator)
    assert (await _told(author))[-1] == _in(
        "de", "Your proposal “%(title)s” is visible again.", title="Bürger-App"
    )
    assert await _told(follower) == []


async def test_rejecting_a_waiting_proposal_tells_its_author_the_reason(
    client: httpx.AsyncClient,
) -> None:
    author = await make_user(language="en")
    waiting = await make_proposal(author=author, title="Mein Laden", status=ProposalStatus.PENDING)
    await sign_in_as(client, Role.MODERATOR)
    await post_form(
        client,
        "/moderation/pending/decide",
        {"proposal": str(waiting.id), "action": "reject", "reason": "Werbung"},
        token_from="/moderation/pending",
    )
    assert await _told(author) == [
        _in(
            "en",
            "Moderation did not publish your proposal “%(title)s”: %(reason)s",
            title="Mein Laden",
            reason="Werbung",
        )
    ]
