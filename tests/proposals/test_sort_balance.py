"""The "Saldo" order (sort=balance): supports minus objections, ties by fewer objections,
then the older proposal; on the list page, by key from page to page, and in the API."""

from __future__ import annotations

import httpx
import pytest
from tortoise.transactions import in_transaction

from participation.accounts.models import StakeholderGroup
from participation.proposals.models import LISTED_STATUSES, Proposal
from participation.proposals.queries import Cursor, Sort, in_order, proposal_page
from tests.conftest import ON_POSTGRES
from tests.factories import add_votes, make_field, make_masterplan, make_proposal
from tests.proposals.test_list import _varied, walk
from tests.proposals.test_pages import titles_in

pytestmark = pytest.mark.usefixtures("db")


def balance_order(proposal: object) -> tuple[int, int, int]:
    p = proposal
    return (-(p.supports - p.opposes), p.opposes, p.id)  # type: ignore[attr-defined]


async def test_most_supports_counts_supports_and_balance_subtracts_objections(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan()
    field = await make_field(masterplan)
    contested = await make_proposal(field, title="Zwölf zu einunddreißig")
    liked = await make_proposal(field, title="Vier zu zwei")
    await add_votes(contested, StakeholderGroup.CITIZENS, 12, 31)
    await add_votes(liked, StakeholderGroup.CITIZENS, 4, 2)
    url = f"/masterplans/{masterplan.slug}/proposals"
    supported = (await client.get(f"{url}?sort=supported")).text
    assert titles_in(supported) == ["Zwölf zu einunddreißig", "Vier zu zwei"]
    assert "Zählt nur die Unterstützungen; Ablehnungen werden nicht abgezogen." in supported
    balance = (await client.get(f"{url}?sort=balance")).text
    assert titles_in(balance) == ["Vier zu zwei", "Zwölf zu einunddreißig"]
    assert 'value="balance" selected' in balance
    assert "Saldo (Unterstützungen minus Ablehnungen)" in balance


async def test_a_tied_balance_puts_fewer_objections_first_then_the_older() -> None:
    field = await make_field()
    masterplan = await field.masterplan
    older_clear = await make_proposal(field, title="älter, 2 : 0")
    contested = await make_proposal(field, title="5 : 3")
    silent = await make_proposal(field, title="ohne Stimmen")
    clear = await make_proposal(field, title="2 : 0")
    await add_votes(older_clear, StakeholderGroup.CHAMBERS, 2, 0)
    await add_votes(contested, StakeholderGroup.CITIZENS, 5, 3)
    await add_votes(clear, StakeholderGroup.CITIZENS, 2, 0)

    page = await proposal_page(masterplan, sort=Sort.BALANCE)

    assert [p.id for p in page.proposals] == [older_clear.id, clear.id, contested.id, silent.id]
    first = await proposal_page(masterplan, sort=Sort.BALANCE, page_size=1)
    rest = await proposal_page(masterplan, sort=Sort.BALANCE, cursor=first.next_cursor)
    assert [p.id for p in first.proposals + rest.proposals] == [p.id for p in page.proposals]


async def test_balance_walks_every_proposal_once_in_order(client: httpx.AsyncClient) -> None:
    slug, proposals = await _varied(45)
    expected = [p.title for p in sorted(proposals, key=balance_order)]
    assert await walk(client, f"/masterplans/{slug}/proposals?sort=balance") == expected


async def test_the_api_pages_by_balance(client: httpx.AsyncClient) -> None:
    slug, proposals = await _varied(25)
    expected = [p.id for p in sorted(proposals, key=balance_order)]
    seen: list[int] = []
    url: str | None = f"/api/v1/masterplans/{slug}/proposals?sort=balance&limit=10"
    while url:
        response = await client.get(url)
        assert response.status_code == 200, response.text
        data = response.json()
        seen += [item["id"] for item in data["proposals"]]
        url = data["next"]
    assert seen == expected
    document = (await client.get("/api/openapi.json")).json()
    parameters = document["paths"]["/api/v1/masterplans/{slug}/proposals"]["get"]["parameters"]
    sort = next(p for p in parameters if p["name"] == "sort")
    assert "balance" in sort["schema"]["enum"]


async def test_a_page_by_balance_reads_its_index_without_sorting() -> None:
    """Migration 0017 indexes the very expression the list orders and seeks by."""
    masterplan = await make_masterplan()
    query = Proposal.filter(masterplan_id=masterplan.id, status__in=LISTED_STATUSES)
    cursor = Cursor(Sort.BALANCE, (3, 1, 7))
    sql = in_order(query, Sort.BALANCE, cursor).limit(21).sql(params_inline=True)
    async with in_transaction() as connection:
        if ON_POSTGRES:  # an empty table: make the planner show the plan it has for a full one
            await connection.execute_script("SET LOCAL enable_seqscan = off")
            rows = await connection.execute_query_dict("EXPLAIN " + sql)
        else:
            rows = await connection.execute_query_dict("EXPLAIN QUERY PLAN " + sql)
    plan = " ".join(str(value) for row in rows for value in row.values())
    assert "proposal_balance" in plan
    assert "Sort" not in plan and "TEMP B-TREE" not in plan
