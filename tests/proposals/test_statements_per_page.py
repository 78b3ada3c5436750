"""The ranked list and the proposal page send a fixed, small number of SQL statements,
whatever the data size and whether the reader is signed in (issue 18)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from participation.accounts.models import (
    Membership,
    Organization,
    OrganizationKind,
    Role,
    StakeholderGroup,
)
from participation.comments.queries import THREAD_PAGE
from participation.masterplans.models import Masterplan
from participation.moderation.merging import merge_proposals
from participation.moderation.responses import change_status
from participation.planning.models import (
    Disposition,
    DraftSection,
    DraftVersion,
    InputLink,
    Project,
    VersionStatus,
)
from participation.proposals.cosigning import cosign
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
#   with the published version of its draft; the rows with what each shows and the draft's
#   links that decide the badges. (The fields of action and the filter's organisations are
#   shared page parts, read again only after a field or an organisation is written.)
# - the proposal page: the session (signed in only); the proposal with its masterplan,
#   field, organisation, author, the draft's version and links, the votes by group, the
#   reader's membership, vote, follow and planner's role, and whether each list below has
#   anything; the comment thread (its shape and the comments shown); the attachments,
#   co-signatures, projects, status changes and merges together. An empty thread or no
#   lists at all cost nothing. (Issue 18 asks at most 6.)
LIST_MOST = 3
DETAIL_MOST = 4


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


async def _everything(masterplan: Masterplan, proposal: Proposal) -> None:
    """Give ``proposal`` one or more of everything its page lists: co-signatures, projects,
    status changes with a response, a merge either way, attachments, votes, and more
    conversations than a page of the thread shows."""
    for index in range(3):
        school = await make_organization(kind=OrganizationKind.SCHOOL, name=f"Schule {index}")
        partner = await make_person(school)
        membership = await Membership.get(user_id=partner.id)
        await cosign(proposal=proposal, member=partner, membership=membership)
    field = await proposal.field_of_action
    for code in ("B-2", "A-1"):
        project = await Project.create(
            masterplan=masterplan, field_of_action=field, code=code, title=f"Projekt {code}"
        )
        await project.proposals.add(proposal)
    moderator = await make_person(role=Role.MODERATOR)
    await change_status(
        proposal=proposal, by=moderator, status="in_review", response="Wir prüfen das."
    )
    duplicate = await make_proposal(field, title="Doppelt gemeldet")
    await merge_proposals(duplicate=duplicate, into=proposal, moderator=moderator)
    target = await make_proposal(field, title="Das größere Vorhaben")
    await merge_proposals(duplicate=proposal, into=target, moderator=moderator)
    for name in ("karte.png", "anhang.pdf"):
        await Attachment.create(
            proposal=proposal,
            original_name=name,
            stored_name=f"{proposal.id}-{name}",
            content_type="application/pdf",
            size=2000,
        )
    await add_votes(proposal, StakeholderGroup.SCIENCE, 3, 1)
    for _ in range(THREAD_PAGE + 3):
        reply = await make_comment(proposal, parent=await make_comment(proposal))
        await make_comment(proposal, parent=reply, body="Antwort.")


@pytest.mark.parametrize("reader", ["anonymous", "citizen", "planner"])
async def test_a_proposal_page_costs_the_same_few_statements_with_everything_or_nothing(
    client: httpx.AsyncClient, count_queries: QueryCounter, reader: str
) -> None:
    masterplan, proposals = await _masterplan_with(3)
    if reader != "anonymous":
        person = await sign_in(
            client, await make_person(role=Role.PLANNER if reader == "planner" else None)
        )
        if reader == "planner":
            await masterplan.planners.add(person)
    empty = await make_proposal(await proposals[0].field_of_action)
    full = proposals[1]
    await _everything(masterplan, full)
    most = DETAIL_MOST - (reader == "anonymous")
    # Nothing to list: the session and the proposal (a planner's role on it included).
    sent = await statements(client, count_queries, f"/proposals/{empty.id}")
    assert len(sent) == most - 2, sent
    respond = f"/moderation/proposals/{empty.id}/status"
    assert (respond in (await client.get(f"/proposals/{empty.id}")).text) == (reader == "planner")
    sent = await statements(client, count_queries, f"/proposals/{full.id}")
    assert len(sent) == most, sent
    text = (await client.get(f"/proposals/{full.id}")).text
    for shown_text in (
        "anhang.pdf",
        "Schule 2",
        "Projekt A-1",
        "Wir prüfen das.",
        "Doppelt gemeldet",
        "Das größere Vorhaben",
        "Antwort.",
        "?comments=2#comment-",
    ):
        assert shown_text in text, shown_text
    assert text.index("Projekt A-1") < text.index("Projekt B-2")  # in the projects' order
