"""The public ranked views: the top proposals of a masterplan or field of action by a score,
each with its votes by stakeholder group."""

from __future__ import annotations

import re

import httpx
import pytest

from participation.accounts.models import StakeholderGroup
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning.outcomes import RANKING_SIZE
from participation.proposals.models import Proposal, ProposalStatus
from tests.auth import shown
from tests.conftest import QueryCounter
from tests.factories import add_votes, make_field, make_masterplan, make_proposal

pytestmark = pytest.mark.usefixtures("db")

CITIZENS, CHAMBERS = StakeholderGroup.CITIZENS, StakeholderGroup.CHAMBERS


def ranked_titles(html: str) -> list[str]:
    return re.findall(r'id="ranked-\d+-title"><a [^>]+>([^<]+)</a>', html)


async def contested_world() -> tuple[Masterplan, FieldOfAction]:
    """Proposals whose order differs by score:

    - "Viele Bürger": citizens 40:10, chambers 0:3; the pooled share is high (wilson first),
      but the chambers refuse it (low balanced, low consensus);
    - "Alle dafür": citizens 5:2, chambers 3:0; fewer votes, every group leans towards it;
    - "Eine Ablehnung", "Älter still", "Neuer still": one objection, then no votes at all,
      three ties at the bottom of every score except consensus.
    """
    masterplan = await make_masterplan(slug="digitale-wirtschaft")
    field = await make_field(masterplan)
    many = await make_proposal(field, title="Viele Bürger")
    await add_votes(many, CITIZENS, 40, 10)
    await add_votes(many, CHAMBERS, 0, 3)
    shared = await make_proposal(field, title="Alle dafür")
    await add_votes(shared, CITIZENS, 5, 2)
    await add_votes(shared, CHAMBERS, 3, 0)
    await make_proposal(field, title="Älter still")
    against = await make_proposal(field, title="Eine Ablehnung")
    await add_votes(against, CITIZENS, 0, 1)
    await make_proposal(field, title="Neuer still")
    return masterplan, field


@pytest.mark.parametrize(
    "query, expected",
    [
        # Ties at 0 break by fewer opposes: an objection never lifts a proposal.
        ("", ["Viele Bürger", "Alle dafür", "Älter still", "Neuer still", "Eine Ablehnung"]),
        (
            "?score=balanced",
            ["Alle dafür", "Viele Bürger", "Älter still", "Neuer still", "Eine Ablehnung"],
        ),
        # Consensus: no votes is neutral (1/2 per group), one objection leans against.
        (
            "?score=consensus",
            ["Alle dafür", "Älter still", "Neuer still", "Eine Ablehnung", "Viele Bürger"],
        ),
        ("?score=unbekannt", ["Viele Bürger", "Alle dafür", "Älter still", "Neuer still"]),
    ],
)
async def test_the_ranking_orders_by_the_chosen_score_then_fewer_opposes_then_older(
    client: httpx.AsyncClient, query: str, expected: list[str]
) -> None:
    await contested_world()
    response = await client.get(f"/masterplans/digitale-wirtschaft/ranking{query}")
    assert response.status_code == 200
    assert ranked_titles(response.text)[: len(expected)] == expected


async def test_the_ranking_of_a_field_of_action_shows_only_its_proposals(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await contested_world()
    other = await make_field(masterplan, slug="open-data")
    await add_votes(await make_proposal(other, title="Offene Daten"), CITIZENS, 3, 0)
    only = ranked_titles(
        (await client.get(f"/masterplans/{masterplan.slug}/ranking?field=open-data")).text
    )
    assert only == ["Offene Daten"]
    every = ranked_titles(
        (await client.get(f"/masterplans/{masterplan.slug}/ranking?field=nix")).text
    )
    assert len(every) == 6  # an unknown field shows the whole masterplan


async def test_the_ranking_lists_only_public_proposals(client: httpx.AsyncClient) -> None:
    field = await make_field(await make_masterplan(slug="digitale-bildung"))
    for status in (ProposalStatus.PENDING, ProposalStatus.HIDDEN, ProposalStatus.WITHDRAWN):
        await make_proposal(field, title=f"Nicht öffentlich {status.value}", status=status)
    await make_proposal(field, title="Öffentlich", status=ProposalStatus.IN_REVIEW)
    html = (await client.get("/masterplans/digitale-bildung/ranking")).text
    assert ranked_titles(html) == ["Öffentlich"]


async def test_the_ranking_shows_the_top_fifty(client: httpx.AsyncClient) -> None:
    field = await make_field(await make_masterplan(slug="digitale-bildung"))
    for index in range(RANKING_SIZE + 1):
        await make_proposal(field, title=f"Vorschlag {index:02d}")
    titles = ranked_titles((await client.get("/masterplans/digitale-bildung/ranking")).text)
    assert titles == [f"Vorschlag {index:02d}" for index in range(RANKING_SIZE)]


async def test_each_proposal_shows_its_scores_and_votes_by_group_as_chart_and_table(
    client: httpx.AsyncClient,
) -> None:
    await contested_world()
    shared = await Proposal.get(title="Alle dafür")
    html = (await client.get("/masterplans/digitale-wirtschaft/ranking")).text
    start = html.index(f'id="rank-{shared.id}"')
    item = html[start : html.index("</li>\n", html.index("</details>", start))]
    assert f'<div class="chart" id="breakdown-{shared.id}" role="img"' in item
    assert f'<span id="breakdown-{shared.id}-title" hidden>' in item
    rows = re.findall(r'scope="row">([^<]+)</th>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>', item)
    assert (shown("Citizens"), "5", "2") in rows and (shown("Chambers"), "3", "0") in rows
    assert len(rows) == len(StakeholderGroup)
    # Plain words on the public page, each linked to where it is explained.
    for label in ("Rank score", "Every group counted alike", "Backing in every group"):
        assert shown(label) in item
    await shared.refresh_from_db()
    assert f"{shared.balanced:.2f}".replace(".", ",") in item


async def test_the_page_explains_each_score(client: httpx.AsyncClient) -> None:
    await make_masterplan(slug="digitale-bildung")
    html = (await client.get("/masterplans/digitale-bildung/ranking")).text
    explanation = html[html.index('<details class="score-explanation">') :]
    explanation = explanation[: explanation.index("</details>")]
    assert shown("How the scores are computed") in explanation
    assert explanation.count("<dd") == 3


async def test_htmx_gets_just_the_results(client: httpx.AsyncClient) -> None:
    await contested_world()
    response = await client.get(
        "/masterplans/digitale-wirtschaft/ranking?score=balanced", headers={"HX-Request": "true"}
    )
    assert response.text.lstrip().startswith('<section id="ranking-results"')
    assert "<html" not in response.text
    assert ranked_titles(response.text)[0] == "Alle dafür"


async def test_an_unknown_masterplan_has_no_ranking(client: httpx.AsyncClient) -> None:
    assert (await client.get("/masterplans/gibt-es-nicht/ranking")).status_code == 404


async def _fill(proposals: int) -> str:
    masterplan = await make_masterplan()
    field = await make_field(masterplan)
    for index in range(proposals):
        proposal = await make_proposal(field)
        await add_votes(proposal, list(StakeholderGroup)[index % 7], 1 + index % 2, index % 3)
    return masterplan.slug


async def test_the_page_reads_all_tallies_in_one_query_whatever_the_number_of_proposals(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    counts = []
    for slug in (await _fill(2), await _fill(20)):
        await client.get("/")  # the header's masterplans: read once, then kept
        count_queries.statements.clear()
        assert (await client.get(f"/masterplans/{slug}/ranking")).status_code == 200
        tallies = [q for q in count_queries.statements if 'FROM "vote_tally"' in q]
        assert len(tallies) == 1
        counts.append(count_queries.count)
    assert counts[0] == counts[1] <= 4
    assert not any('FROM "vote"' in q for q in count_queries.statements)
