"""The page "So werden Beiträge gewichtet" (/gewichtung) and the links to it from every page
that shows a score."""

from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import StakeholderGroup
from tests.auth import sign_in
from tests.factories import add_votes, make_field, make_masterplan, make_proposal
from tests.planning.test_workspace import planner_of

pytestmark = pytest.mark.usefixtures("db")


async def test_the_page_explains_each_method_with_worked_examples(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/gewichtung")
    assert response.status_code == 200
    html = response.text
    assert "<h1" in html and "So werden Beiträge gewichtet" in html
    for anchor in ("rangwert", "saldo", "gruppen", "konsens", "in-worten"):
        assert f'id="{anchor}"' in html
    # The examples are computed by the ranking itself: 3 of 3 ranks below 90 of 100.
    assert ">0,44<" in html and ">0,83<" in html
    assert "−19" in html  # the balance of 12 supports and 31 objections
    # The thresholds of the sentences come from votes/meaning.py.
    assert "weniger als 10 Stimmen" in html and "mindestens 3 Gruppen" in html
    await client.get("/language/en")
    english = (await client.get("/gewichtung")).text
    assert "How contributions are weighed" in english and "at least 73% of the votes" in english


async def test_every_public_page_with_a_score_links_to_the_explanation(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan()
    proposal = await make_proposal(await make_field(masterplan))
    await add_votes(proposal, StakeholderGroup.CITIZENS, 2, 1)
    for path in (
        f"/proposals/{proposal.id}",
        f"/masterplans/{masterplan.slug}",
        f"/masterplans/{masterplan.slug}/proposals",
        f"/masterplans/{masterplan.slug}/proposals?sort=supported",
        f"/masterplans/{masterplan.slug}/proposals?sort=balance",
        f"/masterplans/{masterplan.slug}/ranking",
    ):
        html = (await client.get(path)).text
        assert "Rangwert" in html or "Rangfolge" in html, path
        assert 'href="/gewichtung' in html, path


async def test_the_planners_workspace_and_exports_link_to_the_explanation(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan()
    await make_proposal(await make_field(masterplan))
    await sign_in(client, await planner_of(masterplan))
    for path in (f"/planning/{masterplan.slug}", f"/planning/{masterplan.slug}/exports"):
        response = await client.get(path)
        assert response.status_code == 200, path
        assert 'href="/gewichtung' in response.text, path


async def test_the_public_ranking_speaks_plain_words_not_method_names(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan()
    await make_proposal(await make_field(masterplan))
    html = (await client.get(f"/masterplans/{masterplan.slug}/ranking")).text
    assert "Jede Gruppe zählt gleich" in html and "Rückhalt in allen Gruppen" in html
    for jargon in ("Wilson", "Ausgewogen", "Konsens"):
        assert jargon not in html
