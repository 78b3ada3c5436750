from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import Role, StakeholderGroup
from participation.moderation.models import Merge
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import post_form, sign_in_as
from tests.factories import add_votes, make_field, make_masterplan, make_proposal

pytestmark = pytest.mark.usefixtures("db")


async def _buergerapps() -> tuple[Proposal, Proposal]:
    field = await make_field(await make_masterplan(slug="digitale-stadtverwaltung"))
    first = await make_proposal(field, title="Eine BürgerApp für alle städtischen Dienste")
    second = await make_proposal(field, title="BürgerApp für Dortmund: Termine und Anträge")
    await add_votes(first, StakeholderGroup.CITIZENS, 4, 1)
    await add_votes(second, StakeholderGroup.CITIZENS, 2, 0)
    return first, second


async def test_a_moderator_sees_the_pair_merges_it_and_both_pages_show_the_lineage(
    client: httpx.AsyncClient,
) -> None:
    first, second = await _buergerapps()
    await sign_in_as(client, Role.MODERATOR)
    page = await client.get("/moderation/duplicates?masterplan=digitale-stadtverwaltung")
    assert page.status_code == 200
    assert first.title in page.text and second.title in page.text
    response = await post_form(
        client,
        "/moderation/merge",
        {"pair": f"{first.id},{second.id}", "into": str(first.id)},
        token_from="/moderation/duplicates",
    )
    assert response.status_code == 303
    merged = await Proposal.get(id=second.id)
    assert merged.status is ProposalStatus.MERGED
    assert (await Proposal.get(id=first.id)).supports == 6
    duplicate_page = (await client.get(f"/proposals/{second.id}")).text
    assert 'id="lineage"' in duplicate_page and first.title in duplicate_page
    assert "Zusammenführung rückgängig" in duplicate_page or "Undo the merge" in duplicate_page
    target_page = (await client.get(f"/proposals/{first.id}")).text
    assert second.title in target_page[target_page.index('id="lineage"') :]

    merge = await Merge.get(duplicate_id=second.id)
    undone = await post_form(
        client, f"/moderation/merges/{merge.id}/undo", {}, token_from=f"/proposals/{second.id}"
    )
    assert undone.status_code == 303
    assert (await Proposal.get(id=second.id)).status is ProposalStatus.PUBLISHED
    assert (await Proposal.get(id=first.id)).supports == 4


async def test_citizens_cannot_merge(client: httpx.AsyncClient) -> None:
    first, second = await _buergerapps()
    await sign_in_as(client, Role.CITIZEN)
    assert (await client.get("/moderation/duplicates")).status_code == 403
    response = await post_form(
        client, "/moderation/merge", {"pair": f"{first.id},{second.id}", "into": str(first.id)}
    )
    assert response.status_code == 403
    assert (await Proposal.get(id=second.id)).status is ProposalStatus.PUBLISHED
