"""The moderators' starting point at /moderation: what waits, the open reports with their
filters, inline (htmx) and bulk decisions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from participation.accounts.models import Role
from participation.comments.models import Comment, CommentStatus
from participation.i18n import language, ngettext
from participation.moderation import services
from participation.moderation.models import AuditEntry, Report, ReportStatus
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import csrf_token, post_form, shown, sign_in_as
from tests.comments.helpers import fragment_root, htmx_post
from tests.conftest import QueryCounter
from tests.factories import make_comment, make_field, make_masterplan, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")


async def _reported(item: Proposal | Comment, times: int = 1) -> None:
    for _ in range(times):
        if isinstance(item, Proposal):
            await services.report(reporter=await make_user(), proposal=item, reason="spam")
        else:
            await services.report(reporter=await make_user(), comment=item, reason="abuse")


async def _bulk(
    client: httpx.AsyncClient, data: dict[str, object], query: str = ""
) -> httpx.Response:
    token = await csrf_token(client, "/moderation")
    return await client.post(
        f"/moderation/reports/decide{query}", data={**data, "csrf_token": token}
    )


def _done(message: str, plural: str, count: int) -> str:
    with language("de"):
        return ngettext(message, plural, count) % {"num": count}


async def test_the_queue_starts_with_what_waits_and_links_to_every_moderation_page(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal()
    await make_proposal(status=ProposalStatus.PENDING)
    await _reported(proposal, 2)
    await sign_in_as(client, Role.MODERATOR)
    page = (await client.get("/moderation")).text
    summary = page[page.index('id="summary-heading"') : page.index('id="reports"')]
    assert (
        'href="/moderation/pending"' in summary
        and f"{shown('Awaiting moderation')}</a>: 1" in summary
    )
    assert f"{shown('Open reports')}</a>: 2" in summary
    assert 'href="/moderation/duplicates"' in summary
    assert 'href="/moderation/audit"' in summary


async def test_the_reports_narrow_to_one_masterplan_whether_proposal_or_comment(
    client: httpx.AsyncClient,
) -> None:
    wirtschaft = await make_masterplan(slug="digitale-wirtschaft")
    bildung = await make_masterplan(slug="digitale-bildung")
    in_wirtschaft = await make_proposal(await make_field(wirtschaft), title="Glasfaser im Hafen")
    in_bildung = await make_proposal(await make_field(bildung), title="Tablets für Grundschulen")
    await _reported(in_wirtschaft)
    await _reported(await make_comment(in_bildung, body="Ein beleidigender Satz"))
    await sign_in_as(client, Role.MODERATOR)
    page = (await client.get("/moderation", params={"masterplan": "digitale-bildung"})).text
    assert "Ein beleidigender Satz" in page
    assert "Glasfaser im Hafen" not in page
    assert '<option value="digitale-bildung" selected>' in page
    page = (await client.get("/moderation", params={"masterplan": "digitale-wirtschaft"})).text
    assert "Glasfaser im Hafen" in page
    assert "Ein beleidigender Satz" not in page


async def test_the_reports_narrow_to_proposals_or_comments(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal(title="Offenes WLAN in der Nordstadt")
    await _reported(proposal)
    await _reported(await make_comment(proposal, body="Kauft bei mir ein"))
    await sign_in_as(client, Role.MODERATOR)
    proposals_only = (await client.get("/moderation", params={"type": "proposal"})).text
    comments_only = (await client.get("/moderation", params={"type": "comment"})).text
    assert 'id="report-proposal-' in proposals_only and 'id="report-comment-' not in proposals_only
    assert 'id="report-comment-' in comments_only and 'id="report-proposal-' not in comments_only


async def test_the_reports_narrow_to_those_first_reported_long_enough_ago(
    client: httpx.AsyncClient,
) -> None:
    old, new = await make_proposal(title="Alte Meldung"), await make_proposal(title="Neue Meldung")
    await _reported(old)
    await _reported(new)
    day_ago = datetime.now(UTC) - timedelta(hours=30)
    await Report.filter(proposal_id=old.id).update(created_at=day_ago)
    await sign_in_as(client, Role.MODERATOR)
    page = (await client.get("/moderation", params={"older_than": "24"})).text
    assert "Alte Meldung" in page and "Neue Meldung" not in page
    assert (
        await client.get("/moderation", params={"older_than": "99999999999999"})
    ).status_code == 200


async def test_the_queue_reads_the_same_number_of_queries_for_two_or_twelve_groups(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    await sign_in_as(client, Role.MODERATOR)

    async def queries_for_the_page() -> int:
        before = count_queries.count
        assert (await client.get("/moderation")).status_code == 200
        return count_queries.count - before

    for _ in range(2):
        await _reported(await make_proposal())
    few = await queries_for_the_page()
    for _ in range(5):
        proposal = await make_proposal()
        await _reported(proposal)
        await _reported(await make_comment(proposal))
    assert await queries_for_the_page() == few


async def test_hiding_inline_answers_htmx_with_the_groups_result_line_only(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal(title="Werbung für Glasfaser GmbH")
    await _reported(proposal)
    await sign_in_as(client, Role.MODERATOR)
    response = await htmx_post(
        client,
        f"/moderation/proposals/{proposal.id}",
        {"action": "hide", "reason": "Werbung"},
        token_from="/moderation",
    )
    assert response.status_code == 200
    assert f'id="report-proposal-{proposal.id}"' in fragment_root(response.text)
    assert "<html" not in response.text
    assert re.search(rf'role="status"[^>]*>{re.escape(shown("Hidden."))}<', response.text)
    hidden = await Proposal.get(id=proposal.id)
    assert (hidden.status, hidden.moderation_reason) == (ProposalStatus.HIDDEN, "Werbung")


async def test_dismissing_inline_answers_htmx_with_the_groups_result_line(
    client: httpx.AsyncClient,
) -> None:
    comment = await make_comment(await make_proposal(), body="Harmlos, aber gemeldet")
    await _reported(comment)
    await sign_in_as(client, Role.MODERATOR)
    response = await htmx_post(
        client,
        f"/moderation/comments/{comment.id}",
        {"action": "dismiss"},
        token_from="/moderation",
    )
    assert f'id="report-comment-{comment.id}"' in fragment_root(response.text)
    assert shown("Dismissed.") in response.text
    assert (await Comment.get(id=comment.id)).status == CommentStatus.PUBLISHED
    assert (await Report.get(comment_id=comment.id)).status == ReportStatus.DISMISSED


async def test_an_inline_hide_without_a_reason_comes_back_with_the_error_at_its_field(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal(title="Ein gemeldeter Vorschlag")
    await _reported(proposal)
    await sign_in_as(client, Role.MODERATOR)
    path = f"/moderation/proposals/{proposal.id}"
    inline = await htmx_post(
        client, path, {"action": "hide", "reason": " "}, token_from="/moderation"
    )
    assert inline.status_code == 200  # htmx 2 swaps nothing else
    assert f'id="report-proposal-{proposal.id}"' in fragment_root(inline.text)
    assert shown("Please give a reason.") in inline.text
    assert (
        f'aria-describedby="hide-proposal-{proposal.id}-error" aria-invalid="true"' in inline.text
    )
    assert "Ein gemeldeter Vorschlag" in inline.text

    plain = await post_form(
        client, path, {"action": "hide", "reason": ""}, token_from="/moderation"
    )
    assert plain.status_code == 400
    assert f'href="#hide-proposal-{proposal.id}"' in plain.text  # the error summary links to it
    assert f'id="hide-proposal-{proposal.id}-error"' in plain.text
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.PUBLISHED


async def test_bulk_hiding_hides_every_checked_group_with_one_reason_and_says_how_many(
    client: httpx.AsyncClient,
) -> None:
    first, second = await make_proposal(), await make_proposal()
    comment = await make_comment(await make_proposal())
    untouched = await make_proposal()
    for item in (first, second, comment, untouched):
        await _reported(item)
    await sign_in_as(client, Role.MODERATOR)
    response = await _bulk(
        client,
        {
            "proposal": [str(first.id), str(second.id)],
            "comment": str(comment.id),
            "action": "hide",
            "reason": "Werbung",
        },
    )
    assert response.status_code == 303
    for proposal in (first, second):
        assert (await Proposal.get(id=proposal.id)).moderation_reason == "Werbung"
    assert (await Comment.get(id=comment.id)).status == CommentStatus.HIDDEN
    assert (await Proposal.get(id=untouched.id)).status == ProposalStatus.PUBLISHED
    assert await AuditEntry.filter(action__endswith=".hide").count() == 3
    page = await client.get(response.headers["location"])
    message = _done(
        "%(num)d reported contribution hidden.", "%(num)d reported contributions hidden.", 3
    )
    assert message in page.text


async def test_bulk_dismissing_keeps_the_content_and_the_filter(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(slug="digitale-stadtverwaltung")
    proposals = [await make_proposal(await make_field(masterplan)) for _ in range(2)]
    for proposal in proposals:
        await _reported(proposal, 3)  # hidden until reviewed
    await sign_in_as(client, Role.MODERATOR)
    response = await _bulk(
        client,
        {"proposal": [str(p.id) for p in proposals], "action": "dismiss"},
        query="?masterplan=digitale-stadtverwaltung",
    )
    assert response.status_code == 303
    assert response.headers["location"] == (
        "/moderation?masterplan=digitale-stadtverwaltung&dismissed=2#reports"
    )
    for proposal in proposals:
        assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.PUBLISHED
    page = await client.get(response.headers["location"])
    message = _done(
        "Reports on %(num)d contribution dismissed.",
        "Reports on %(num)d contributions dismissed.",
        2,
    )
    assert message in page.text


async def test_bulk_counts_only_what_another_moderator_had_not_decided_yet(
    client: httpx.AsyncClient,
) -> None:
    open_one, decided = await make_proposal(), await make_proposal()
    await _reported(open_one)
    await _reported(decided)
    await services.dismiss_reports(item=decided, moderator=await make_user())
    await sign_in_as(client, Role.MODERATOR)
    response = await _bulk(
        client,
        {"proposal": [str(open_one.id), str(decided.id)], "action": "hide", "reason": "Spam"},
    )
    assert "hidden=1" in response.headers["location"]
    assert (await Proposal.get(id=decided.id)).status == ProposalStatus.PUBLISHED


async def test_bulk_without_a_selection_or_a_reason_to_hide_is_refused(
    client: httpx.AsyncClient,
) -> None:
    proposal = await make_proposal()
    await _reported(proposal)
    await sign_in_as(client, Role.MODERATOR)
    nothing = await _bulk(client, {"action": "dismiss"})
    assert nothing.status_code == 400
    assert shown("Please select at least one reported contribution.") in nothing.text
    no_reason = await _bulk(client, {"proposal": str(proposal.id), "action": "hide", "reason": ""})
    assert no_reason.status_code == 400
    assert 'aria-describedby="bulk-reason-error"' in no_reason.text
    assert (await Report.get(proposal_id=proposal.id)).status == ReportStatus.OPEN


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.PARTNER, Role.PLANNER])
async def test_people_who_do_not_moderate_cannot_decide_in_bulk(
    client: httpx.AsyncClient, role: Role
) -> None:
    proposal = await make_proposal()
    await _reported(proposal)
    await sign_in_as(client, role)
    response = await post_form(
        client,
        "/moderation/reports/decide",
        {"proposal": str(proposal.id), "action": "hide", "reason": "x"},
    )
    assert response.status_code == 403
    assert (await Proposal.get(id=proposal.id)).status == ProposalStatus.PUBLISHED
