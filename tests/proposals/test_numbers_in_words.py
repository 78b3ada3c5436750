"""A proposal page says in words what its numbers mean, and links every score to the page
that explains how contributions are weighed."""

from __future__ import annotations

import re

import httpx
import pytest

from participation.accounts.models import StakeholderGroup
from tests.factories import add_votes, make_field, make_proposal

pytestmark = pytest.mark.usefixtures("db")

WEIGHTING = 'href="/gewichtung'


def in_words(html: str) -> str:
    match = re.search(r'id="votes-in-words">([^<]*)</p>', html)
    assert match, "the proposal page has no sentence on its votes"
    return " ".join(match.group(1).split())


async def _page(client: httpx.AsyncClient, votes: dict[StakeholderGroup, tuple[int, int]]) -> str:
    proposal = await make_proposal(await make_field())
    for group, (supports, opposes) in votes.items():
        await add_votes(proposal, group, supports, opposes)
    response = await client.get(f"/proposals/{proposal.id}")
    assert response.status_code == 200
    return response.text


async def test_support_in_every_group_is_called_broadly_carried(
    client: httpx.AsyncClient,
) -> None:
    html = await _page(
        client,
        {
            StakeholderGroup.CITIZENS: (9, 2),
            StakeholderGroup.CHAMBERS: (3, 0),
            StakeholderGroup.SCIENCE: (2, 1),
        },
    )
    assert in_words(html) == (
        "Von 17 Stimmen unterstützen 14 den Vorschlag. Eine klare Mehrheit ist dafür. "
        "Über die Gruppen hinweg breit getragen: In allen 3 Gruppen, die abgestimmt haben, "
        "sind mehr dafür als dagegen."
    )
    # The rank score in the vote box has its sentence and its link.
    assert "Rangwert 0,59: Vorsichtig gerechnet sind mindestens 59\xa0% der Stimmen dafür." in html
    assert f'{WEIGHTING}#rangwert"' in html
    assert f'{WEIGHTING}#gruppen"' in html  # under the groups' rank scores


async def test_many_supports_and_more_objections_are_a_clear_majority_against(
    client: httpx.AsyncClient,
) -> None:
    html = await _page(
        client, {StakeholderGroup.CITIZENS: (6, 18), StakeholderGroup.CHAMBERS: (1, 5)}
    )
    assert in_words(html) == (
        "Von 30 Stimmen unterstützen 7 den Vorschlag. Eine klare Mehrheit ist dagegen. "
        "In jeder Gruppe, die abgestimmt hat, sind mehr dagegen als dafür."
    )


async def test_a_few_votes_of_one_group_are_too_few_for_a_verdict(
    client: httpx.AsyncClient,
) -> None:
    html = await _page(client, {StakeholderGroup.CITIZENS: (4, 2)})
    assert in_words(html) == (
        "Von 6 Stimmen unterstützen 4 den Vorschlag. Noch zu wenige Stimmen für ein klares "
        "Bild. Bisher hat nur eine Gruppe abgestimmt: Bürgerinnen und Bürger."
    )


async def test_groups_that_disagree_are_named(client: httpx.AsyncClient) -> None:
    html = await _page(
        client,
        {
            StakeholderGroup.CITIZENS: (6, 1),
            StakeholderGroup.CHAMBERS: (0, 3),
            StakeholderGroup.SCIENCE: (1, 1),
        },
    )
    assert in_words(html).endswith(
        "Die Gruppen sind uneins (dafür: Bürgerinnen und Bürger; dagegen: Kammern; "
        "gleichauf: Hochschulen und Forschung)."
    )


async def test_a_proposal_without_votes_says_so(client: httpx.AsyncClient) -> None:
    html = await _page(client, {})
    assert in_words(html) == "Noch keine Stimmen."
    assert "Rangwert 0: noch keine Stimmen." in html
