"""The "Rangfolge" order as the public list sorts it (DESIGN.md §4): the Wilson bound first,
ties broken by more votes, then by the older proposal."""

from __future__ import annotations

import pytest

from participation.accounts.models import StakeholderGroup
from participation.proposals.queries import Sort, proposal_page
from tests.factories import add_votes, make_field, make_proposal

pytestmark = pytest.mark.usefixtures("db")


async def test_ties_break_by_more_votes_then_older_first() -> None:
    field = await make_field()
    masterplan = await field.masterplan
    older_silent = await make_proposal(field, title="älter, ohne Stimmen")
    one_against = await make_proposal(field, title="eine Gegenstimme")
    newer_silent = await make_proposal(field, title="neuer, ohne Stimmen")
    two_against = await make_proposal(field, title="zwei Gegenstimmen")
    favourite = await make_proposal(field, title="beliebt")
    # Wilson is 0 for every proposal without a support: four ties, one clear winner.
    await add_votes(one_against, StakeholderGroup.CITIZENS, 0, 1)
    await add_votes(two_against, StakeholderGroup.CITIZENS, 0, 2)
    await add_votes(favourite, StakeholderGroup.CITIZENS, 1, 0)

    page = await proposal_page(masterplan, sort=Sort.RANK)

    assert [p.id for p in page.proposals] == [
        favourite.id,
        two_against.id,
        one_against.id,
        older_silent.id,
        newer_silent.id,
    ]
