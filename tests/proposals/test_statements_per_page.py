"""The ranked list and the proposal page send a fixed, small number of SQL statements,
whatever the data size and whether the reader is signed in (issue 18)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from participation.accounts.models import Organization, StakeholderGroup
from participation.masterplans.models import Masterplan
from participation.planning.models import (
    Disposition,
    DraftSection,
    DraftVersion,
    InputLink,
    VersionStatus,
)
from participation.proposals.models import Attachment, Proposal
from tests.auth import make_person, shown, sign_in
from tests.conftest import QueryCounter
from tests.factories import (
    add_votes,
    make_comment,
    make_field,
    make_masterplan,
    make_organization,
    make_proposal,
    make_vote,
)

pytestmark = pytest.mark.usefixtures("db")
NOW = datetime(2026, 6, 1, tzinfo=UTC)

# Statements per page, the page's parts that are the same for every reader (header,
# site settings) already read by an earlier page:
# - the list: the session with its person and unread count (signed in only); the masterplan
#   with the published version of its draft; the organisations of the filter; the rows with
#   what each shows and the draft's links that decide the badges. (The fields of action are
#   a shared page part, read again only after a field is written.)
# - the proposal page: the session (signed in only); the proposal with its masterplan,
#   field, organisation, author, the draft's version and links, the reader's membership,
#   vote and follow, and whether each list below has anything; the votes by group; the
#   comments' shape and the comments shown; the attachments. A list that is empty costs
#   nothing; co-signatures, merges, projects and status changes cost one each where the
#   proposal has them.
LIST_MOST = 4
DETAIL_MOST = 6


async def _masterplan_with(count: int) -> tuple[Masterplan, list[Proposal]]:
    """``count`` proposals with votes from two groups, comments, an organisation's
    position, a co-signature and an attachment on some."""
    masterplan = await make_masterplan()
    fields = [await make_field(masterplan), await make_field(masterplan)]
    organization: Organization = await make_organization()
    proposals = []
    for index in range(count):
        proposal = await make_proposal(
            fields[index % 2],
            organization=organization if index % 5 == 0 else None,
        )
        await add_votes(proposal, StakeholderGroup.CITIZENS, index % 3 + 1, index % 2)
        await add_votes(proposal, StakeholderGroup.BUSINESS, index % 2, 1)
        if index % 3 == 0:
            await make_comment(proposal, parent=await make_comment(proposal), body="Antwort.")
        if index % 4 == 0:
            await Attachment.create(
                proposal=proposal,
                original_name="plan.pdf",
                stored_name=f"plan-{proposal.id}.pdf",
                content_type="application/pdf",
                size=1000,
            )
        proposals.append(proposal)
    version = await DraftVersion.create(
        masterplan=masterplan, number=1, status=VersionStatus.PUBLISHED, published_at=NOW
    )
    section = await DraftSection.create(version=version, key="netz", title="Netze")
    for proposal in proposals[::2]:
        await InputLink.create(section=section, proposal=proposal, disposition=Disposition.ADOPTED)
    return masterplan, proposals


async def statements(client: httpx.AsyncClient, counter: QueryCounter, path: str) -> list[str]:
    """The statements of a page, the second time it is asked for: the first reads the
    parts every page shares (the header's masterplans, the site settings)."""
    assert (await client.get(path)).status_code == 200
    counter.statements.clear()
    response = await client.get(path)
    assert response.status_code == 200
    return list(counter.statements)


@pytest.mark.parametrize("count", [3, 40])
@pytest.mark.parametrize("signed_in", [False, True])
async def test_the_ranked_list_costs_a_fixed_few_statements(
    client: httpx.AsyncClient, count_queries: QueryCounter, count: int, signed_in: bool
) -> None:
    masterplan, proposals = await _masterplan_with(count)
    if signed_in:
        person = await sign_in(client, await make_person())
        await make_vote(proposals[0], person)
    listing = f"/masterplans/{masterplan.slug}/proposals?sort=rank"
    sent = await statements(client, count_queries, listing)
    assert len(sent) <= LIST_MOST - (not signed_in), sent
    assert shown("Adopted") in (await client.get(listing)).text  # the badges are read


@pytest.mark.parametrize("count", [3, 40])
@pytest.mark.parametrize("signed_in", [False, True])
async def test_a_proposal_page_costs_a_fixed_few_statements(
    client: httpx.AsyncClient, count_queries: QueryCounter, count: int, signed_in: bool
) -> None:
    _, proposals = await _masterplan_with(count)
    if signed_in:
        person = await sign_in(client, await make_person())
        await make_vote(proposals[0], person)
    page = f"/proposals/{proposals[0].id}"
    sent = await statements(client, count_queries, page)
    assert len(sent) <= DETAIL_MOST - (not signed_in), sent
    text = (await client.get(page)).text
    assert shown("Adopted") in text and "plan.pdf" in text and "Antwort." in text
