"""The score orders as the public list sorts them (DESIGN.md §4): the score first, ties
broken by fewer opposes (opposition never lifts a proposal), then more votes, then the
older proposal."""

from __future__ import annotations

import pytest

from participation.accounts.models import StakeholderGroup
from participation.proposals.queries import Sort, proposal_page
from tests.factories import add_votes, make_field, make_proposal

pytestmark = pytest.mark.usefixtures("db")


@pytest.mark.parametrize("sort", [Sort.RANK, Sort.BALANCED, Sort.CONSENSUS])
async def test_opposition_never_lifts_a_proposal_above_one_nobody_voted_on(sort: Sort) -> None:
    field = await make_field()
    masterplan = await field.masterplan
    older_silent = await make_proposal(field, title="älter, ohne Stimmen")
    one_against = await make_proposal(field, title="eine Gegenstimme")
    newer_silent = await make_proposal(field, title="neuer, ohne Stimmen")
    two_against = await make_proposal(field, title="zwei Gegenstimmen")
    favourite = await make_proposal(field, title="beliebt")
    # Every score is 0 for a proposal without a support: four ties, one clear winner.
    await add_votes(one_against, StakeholderGroup.CITIZENS, 0, 1)
    await add_votes(two_against, StakeholderGroup.CITIZENS, 0, 2)
    await add_votes(favourite, StakeholderGroup.CITIZENS, 1, 0)

    page = await proposal_page(masterplan, sort=sort)

    assert [p.id for p in page.proposals] == [
        favourite.id,
        older_silent.id,
        newer_silent.id,
        one_against.id,
        two_against.id,
    ]
    # The next page goes on in the same order (the cursor carries the new tie-break).
    first = await proposal_page(masterplan, sort=sort, page_size=2)
    rest = await proposal_page(masterplan, sort=sort, page_size=10, cursor=first.next_cursor)
    assert [p.id for p in first.proposals + rest.proposals] == [p.id for p in page.proposals]
