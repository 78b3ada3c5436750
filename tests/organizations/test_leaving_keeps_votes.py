"""A person who leaves an organisation, or is removed from it, no longer speaks for it; the
votes they cast while a member keep counting where they were cast."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from participation.accounts.models import (
    Organization,
    OrganizationKind,
    Role,
    StakeholderGroup,
    User,
)
from participation.accounts.services import confirmed_membership, stakeholder_group_of
from participation.proposals.models import Proposal
from participation.votes.models import Vote, VoteTally
from tests.auth import make_person, post_form, sign_in
from tests.bad_input_helpers import inconsistencies
from tests.conftest import open_client
from tests.factories import make_field, make_masterplan, make_organization, make_proposal, make_vote
from tests.organizations.test_members import organization_admin_of


@pytest.fixture
async def tu(db: None) -> Organization:
    return await make_organization(
        slug="tu-dortmund", name="TU Dortmund", kind=OrganizationKind.UNIVERSITY
    )


async def counts() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every tally, counter and score there is."""
    tallies = await VoteTally.all().order_by("proposal_id", "stakeholder_group").values()
    proposals = await (
        Proposal.all()
        .order_by("id")
        .values("id", "supports", "opposes", "vote_count", "wilson", "balanced", "consensus")
    )
    return tallies, proposals


async def vote(client: httpx.AsyncClient, proposal: Proposal, choice: str) -> None:
    path = f"/proposals/{proposal.id}"
    response = await post_form(client, f"{path}/vote", {"vote": choice}, token_from=path)
    assert response.status_code == 303


async def leave(client: httpx.AsyncClient) -> None:
    path = "/organizations/tu-dortmund/leave"
    assert (await post_form(client, path, {}, token_from=path)).status_code == 303


async def remove(member: User, tu: Organization) -> None:
    """An organisation admin of ``tu`` removes ``member``, in a browser of their own."""
    membership = await confirmed_membership(member)
    assert membership is not None
    path = "/organizations/tu-dortmund/members"
    async with open_client() as admin:
        await sign_in(admin, await organization_admin_of(tu))
        fields = {"action": "remove", "membership": str(membership.id)}
        assert (await post_form(admin, path, fields, token_from=path)).status_code == 303


@pytest.mark.parametrize("how", ["leaves", "is removed"])
async def test_votes_cast_as_a_member_keep_their_group_and_new_ones_count_as_a_citizens(
    client: httpx.AsyncClient, tu: Organization, how: str
) -> None:
    field_of_action = await make_field(await make_masterplan(slug="digitale-bildung"))
    first, second, third = [await make_proposal(field_of_action) for _ in range(3)]
    for proposal in (first, second):  # other people's votes, so the scores are not trivial
        await make_vote(proposal, value=1)
        await make_vote(proposal, value=-1, group=StakeholderGroup.CHAMBERS)
    member = await sign_in(client, await make_person(tu, role=Role.PARTNER))
    await vote(client, first, "support")
    await vote(client, second, "oppose")
    before = await counts()
    assert await Vote.filter(voter_id=member.id).values_list("stakeholder_group", flat=True) == [
        StakeholderGroup.SCIENCE,
        StakeholderGroup.SCIENCE,
    ]

    if how == "leaves":
        await leave(client)
    else:
        await remove(member, tu)

    assert await counts() == before  # not one tally, counter or score moved
    assert await stakeholder_group_of(member) == StakeholderGroup.CITIZENS
    await vote(client, third, "support")
    new = await Vote.get(voter_id=member.id, proposal_id=third.id)
    assert new.stakeholder_group == StakeholderGroup.CITIZENS
    await vote(client, first, "oppose")  # a changed vote stays in the group it was cast in
    changed = await Vote.get(voter_id=member.id, proposal_id=first.id)
    assert (changed.value, changed.stakeholder_group) == (-1, StakeholderGroup.SCIENCE)
    assert await inconsistencies() == []


async def test_after_leaving_a_person_no_longer_writes_or_co_signs_in_its_name(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    masterplan = await make_masterplan(slug="digitale-bildung")
    other = await make_proposal(await make_field(masterplan))
    member = await sign_in(client, await make_person(tu, role=Role.PARTNER))
    new = "/masterplans/digitale-bildung/proposals/new"
    assert 'name="on_behalf"' in (await client.get(new)).text
    assert "TU Dortmund" in (await client.get(new)).text
    await leave(client)
    page = (await client.get(new)).text
    assert "TU Dortmund" not in page
    path = f"/proposals/{other.id}"
    response = await post_form(client, f"{path}/cosign", {}, token_from=path)
    assert response.status_code == 403
    await member.refresh_from_db()
    assert member.role == Role.CITIZEN
