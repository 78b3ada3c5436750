from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import Role
from participation.comments.models import Comment, CommentStatus
from participation.masterplans.models import FieldOfAction
from participation.moderation.models import AuditEntry
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import make_person, post_form, shown, sign_in, sign_in_as
from tests.factories import make_field, make_masterplan, make_organization, make_proposal

pytestmark = pytest.mark.usefixtures("db")


async def _premoderated_field() -> FieldOfAction:
    masterplan = await make_masterplan(slug="digitale-bildung", premoderated_groups=["citizens"])
    return await make_field(masterplan, slug="medienkompetenz", title="Medienkompetenz")


async def test_a_citizens_proposal_waits_while_a_partners_is_published_at_once(
    client: httpx.AsyncClient,
) -> None:
    field = await _premoderated_field()
    await sign_in(client, await make_person())
    await post_form(
        client,
        "/masterplans/digitale-bildung/proposals/new",
        {
            "title": "Medienscouts an jeder Schule",
            "body": "Schüler helfen Schülern.",
            "field_of_action": "medienkompetenz",
            "similar_seen": "1",
        },
        token_from="/masterplans/digitale-bildung/proposals/new",
    )
    waiting = await Proposal.get(title="Medienscouts an jeder Schule")
    assert waiting.status is ProposalStatus.PENDING
    assert (await FieldOfAction.get(id=field.id)).proposal_count == 0
    client.cookies.clear()
    await sign_in(client, await make_person(await make_organization()))
    await post_form(
        client,
        "/masterplans/digitale-bildung/proposals/new",
        {
            "title": "Fortbildung für Lehrkräfte",
            "body": "Jedes Jahr zwei Tage.",
            "field_of_action": "medienkompetenz",
            "similar_seen": "1",
        },
        token_from="/masterplans/digitale-bildung/proposals/new",
    )
    assert (await Proposal.get(title="Fortbildung für Lehrkräfte")).status is (
        ProposalStatus.PUBLISHED
    )
    assert (await client.get(f"/proposals/{waiting.id}")).status_code == 404


async def test_a_moderator_publishes_from_the_queue_and_the_counters_follow(
    client: httpx.AsyncClient,
) -> None:
    field = await _premoderated_field()
    waiting = await make_proposal(field, title="Medienscouts", status=ProposalStatus.PENDING)
    await sign_in_as(client, Role.MODERATOR)
    page = await client.get("/moderation/pending")
    assert page.status_code == 200 and "Medienscouts" in page.text
    response = await post_form(
        client,
        "/moderation/pending/decide",
        {"proposal": str(waiting.id), "action": "publish"},
        token_from="/moderation/pending",
    )
    assert response.status_code == 303
    assert (await Proposal.get(id=waiting.id)).status is ProposalStatus.PUBLISHED
    assert (await FieldOfAction.get(id=field.id)).proposal_count == 1
    assert await AuditEntry.exists(action="proposal.publish", target_id=waiting.id)
    assert (await client.get(f"/proposals/{waiting.id}")).status_code == 200


async def test_rejecting_needs_a_reason_which_the_author_then_sees(
    client: httpx.AsyncClient,
) -> None:
    field = await _premoderated_field()
    author = await make_person()
    waiting = await make_proposal(
        field, author=author, title="Werbung für meinen Laden", status=ProposalStatus.PENDING
    )
    await sign_in_as(client, Role.MODERATOR)
    refused = await post_form(
        client,
        "/moderation/pending/decide",
        {"proposal": str(waiting.id), "action": "reject"},
        token_from="/moderation/pending",
    )
    assert refused.status_code == 400
    await post_form(
        client,
        "/moderation/pending/decide",
        {"proposal": str(waiting.id), "action": "reject", "reason": "Werbung ist kein Vorschlag."},
        token_from="/moderation/pending",
    )
    rejected = await Proposal.get(id=waiting.id)
    assert rejected.status is ProposalStatus.HIDDEN
    assert rejected.moderation_reason == "Werbung ist kein Vorschlag."


async def test_bulk_publishing_of_comments_counts_and_notifies_once(
    client: httpx.AsyncClient,
) -> None:
    field = await _premoderated_field()
    proposal = await make_proposal(field)
    writer = await make_person()
    await sign_in(client, writer)
    for text in ("Erster Gedanke", "Zweiter Gedanke"):
        await post_form(
            client,
            f"/proposals/{proposal.id}/comments",
            {"body": text},
            token_from=f"/proposals/{proposal.id}",
        )
    pending_ids = [c.id for c in await Comment.filter(status=CommentStatus.PENDING)]
    assert len(pending_ids) == 2
    assert (await Proposal.get(id=proposal.id)).comment_count == 0
    own_view = (await client.get(f"/proposals/{proposal.id}")).text
    assert "Erster Gedanke" in own_view  # the writer sees it waiting, with a note
    assert shown("Your comment waits for a moderator and appears once it is published.") in (
        own_view
    )
    client.cookies.clear()
    assert "Erster Gedanke" not in (await client.get(f"/proposals/{proposal.id}")).text
    await sign_in_as(client, Role.MODERATOR)
    token_page = "/moderation/pending"
    from tests.auth import csrf_token

    token = await csrf_token(client, token_page)
    response = await client.post(
        "/moderation/pending/decide",
        data={"csrf_token": token, "comment": [str(i) for i in pending_ids], "action": "publish"},
    )
    assert response.status_code == 303
    assert (await Proposal.get(id=proposal.id)).comment_count == 2
    assert "Erster Gedanke" in (await client.get(f"/proposals/{proposal.id}")).text


async def test_moderators_choose_what_waits_and_others_cannot(
    client: httpx.AsyncClient,
) -> None:
    await _premoderated_field()
    await sign_in(client, await make_person())
    assert (await client.get("/moderation/pending")).status_code == 403
    client.cookies.clear()
    await sign_in_as(client, Role.MODERATOR)
    await post_form(
        client,
        "/moderation/settings/digitale-bildung",
        {"premoderated": "business", "report_threshold": "5"},
        token_from="/moderation/pending",
    )
    from participation.masterplans.models import Masterplan

    masterplan = await Masterplan.get(slug="digitale-bildung")
    assert masterplan.premoderated_groups == ["business"] and masterplan.report_threshold == 5
    assert await AuditEntry.exists(action="masterplan.moderation_settings")
