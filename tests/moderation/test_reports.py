from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from participation.comments.models import Comment, CommentStatus
from participation.forms import ValidationFailed
from participation.i18n import gettext, language
from participation.masterplans.models import FieldOfAction
from participation.moderation import services
from participation.moderation.models import Report, ReportReason, ReportStatus
from participation.notifications.models import Notification
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import make_person, post_form, shown, sign_in, sign_in_as
from tests.conftest import open_client
from tests.factories import make_comment, make_field, make_masterplan, make_proposal, make_user


@pytest.fixture
async def client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    async with open_client() as http:
        yield http


async def _reported_by_others(item: Proposal | Comment, times: int) -> None:
    for _ in range(times):
        if isinstance(item, Proposal):
            await services.report(reporter=await make_user(), proposal=item, reason="spam")
        else:
            await services.report(reporter=await make_user(), comment=item, reason="abuse")


async def test_a_signed_in_person_sees_the_report_form_with_its_reasons(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal()
    await sign_in_as(client)
    response = await client.get(f"/proposals/{proposal.id}/report")
    assert response.status_code == 200
    assert all(f'value="{reason.value}"' in response.text for reason in ReportReason)


async def test_a_signed_in_person_reports_a_proposal(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    reporter = await sign_in_as(client)
    path = f"/proposals/{proposal.id}/report"
    response = await post_form(client, path, {"reason": "abuse", "text": "Beleidigend"})
    assert response.status_code == 200
    report = await Report.get(proposal_id=proposal.id)
    assert (report.reporter_id, report.reason, report.text) == (  # type: ignore[attr-defined]
        reporter.id,
        ReportReason.ABUSE,
        "Beleidigend",
    )
    assert report.status == ReportStatus.OPEN


async def test_a_visitor_is_sent_to_sign_in_before_reporting(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    response = await client.get(f"/proposals/{proposal.id}/report")
    assert response.status_code in (302, 303)
    assert "/account/login" in response.headers["location"]


async def test_reporting_the_same_proposal_twice_is_refused(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    await sign_in_as(client)
    path = f"/proposals/{proposal.id}/report"
    await post_form(client, path, {"reason": "spam"}, token_from=path)
    response = await post_form(client, path, {"reason": "abuse"}, token_from=path)
    assert response.status_code == 400
    assert shown("You have already reported this.") in response.text
    assert await Report.filter(proposal_id=proposal.id).count() == 1


async def test_a_report_without_a_known_reason_is_refused(db: None) -> None:
    proposal = await make_proposal()
    with pytest.raises(ValidationFailed) as failed:
        await services.report(reporter=await make_user(), proposal=proposal, reason="boring")
    assert "reason" in failed.value.errors


async def test_nobody_reports_their_own_proposal(db: None) -> None:
    author = await make_user()
    proposal = await make_proposal(author=author)
    with pytest.raises(ValidationFailed):
        await services.report(reporter=author, proposal=proposal, reason="spam")


async def test_reaching_the_threshold_hides_the_proposal_until_reviewed(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(report_threshold=3)
    field = await make_field(masterplan)
    proposal = await make_proposal(field, title="Glasfaser für Hörde")
    listed = (await FieldOfAction.get(id=field.id)).proposal_count
    await _reported_by_others(proposal, 2)
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.PUBLISHED

    await sign_in_as(client)
    path = f"/proposals/{proposal.id}/report"
    await post_form(client, path, {"reason": "spam"}, token_from=path)

    hidden = await Proposal.get(id=proposal.id)
    assert hidden.status == ProposalStatus.HIDDEN
    assert hidden.moderation_reason == shown(
        "Hidden after %(count)s reports until a moderator has looked at it"
    ) % {"count": 3}
    assert (await FieldOfAction.get(id=field.id)).proposal_count == listed - 1
    async with open_client() as visitor:
        assert (await visitor.get(f"/proposals/{proposal.id}")).status_code == 404
        listing = await visitor.get(f"/masterplans/{masterplan.slug}/proposals")
        found = await visitor.get(
            f"/masterplans/{masterplan.slug}/proposals", params={"q": "Glasfaser"}
        )
    assert "Glasfaser für Hörde" not in listing.text
    assert "Glasfaser für Hörde" not in found.text


async def test_the_author_still_sees_the_hidden_proposal_with_the_reason(
    client: httpx.AsyncClient,
) -> None:
    author = await make_person()
    proposal = await make_proposal(author=author)
    await _reported_by_others(proposal, 3)
    await sign_in(client, author)
    page = await client.get(f"/proposals/{proposal.id}")
    assert page.status_code == 200
    hidden = await Proposal.get(id=proposal.id)
    notice = page.text[page.text.index('id="hidden-notice"') :]
    assert hidden.moderation_reason in notice
    assert shown("Moderation has hidden your proposal: only you can see it.") in notice


async def test_the_hidden_notice_says_nothing_for_a_public_proposal(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal()
    page = await client.get(f"/proposals/{proposal.id}")
    assert page.status_code == 200 and 'id="hidden-notice"' not in page.text


async def test_a_comment_reported_often_enough_leaves_the_thread(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal()
    comment = await make_comment(proposal, body="Ein unverschämter Kommentar")
    await _reported_by_others(comment, 2)
    await sign_in_as(client)
    path = f"/comments/{comment.id}/report"
    response = await post_form(client, path, {"reason": "abuse"}, token_from=path)
    assert response.status_code == 200
    assert (await Comment.get(id=comment.id)).status == CommentStatus.HIDDEN
    async with open_client() as visitor:
        page = await visitor.get(f"/proposals/{proposal.id}")
    assert "Ein unverschämter Kommentar" not in page.text


async def test_a_hidden_comment_cannot_be_reported(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal()
    comment = await make_comment(proposal)
    await _reported_by_others(comment, 3)
    await sign_in_as(client)
    assert (await client.get(f"/comments/{comment.id}/report")).status_code == 404


async def test_dismissing_reports_shows_an_automatically_hidden_proposal_again(
    db: None,
) -> None:
    moderator = await make_user(display_name="Mo")
    proposal = await make_proposal()
    await _reported_by_others(proposal, 3)
    dismissed = await services.dismiss_reports(item=proposal, moderator=moderator)
    assert dismissed == 3
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.PUBLISHED
    assert not await Report.filter(proposal_id=proposal.id, status=ReportStatus.OPEN).exists()


async def test_the_comment_report_form_quotes_the_comment(client: httpx.AsyncClient) -> None:
    comment = await make_comment(await make_proposal(), body="Ein zitierter Kommentar")
    await sign_in_as(client)
    response = await client.get(f"/comments/{comment.id}/report")
    assert response.status_code == 200
    assert "Ein zitierter Kommentar" in response.text


async def test_an_automatic_hide_tells_the_author_it_waits_for_a_moderator(db: None) -> None:
    author = await make_user()
    proposal = await make_proposal(author=author, title="Gigabit für alle")
    await _reported_by_others(proposal, 3)
    notices = await Notification.filter(user_id=author.id)
    assert [n.text for n in notices] == [
        _in_german(
            "Your proposal “%(title)s” was reported several times and is hidden until a "
            "moderator has looked at it.",
            title="Gigabit für alle",
        )
    ]


async def test_dismissing_the_reports_tells_the_author_the_comment_is_back(db: None) -> None:
    author = await make_user()
    comment = await make_comment(await make_proposal(title="Open Data"), author=author)
    await _reported_by_others(comment, 3)
    await services.dismiss_reports(item=comment, moderator=await make_user())
    texts = [n.text for n in await Notification.filter(user_id=author.id).order_by("id")]
    assert texts[-1] == _in_german(
        "Your comment on “%(title)s” is visible again.", title="Open Data"
    )


def _in_german(message: str, **values: str) -> str:
    with language("de"):
        return gettext(message) % values
