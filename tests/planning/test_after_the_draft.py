"""A proposal's page never says "not adopted" beside another verdict: one submitted after
the published draft is open, and an official answer the draft overtook keeps its text
without its older word."""

from __future__ import annotations

import httpx
import pytest

from participation.i18n import language
from participation.moderation.responses import change_status
from participation.planning.uptake import Uptake
from tests.auth import shown
from tests.factories import make_field, make_proposal
from tests.planning.test_uptake import planner, publish

pytestmark = pytest.mark.usefixtures("db")


async def test_a_proposal_submitted_after_the_draft_is_open_not_rejected(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    masterplan = await field.masterplan
    before = await make_proposal(field)
    await publish(masterplan, await planner(), {"Netze": []})
    later = await make_proposal(field)

    later_page = (await client.get(f"/proposals/{later.id}")).text
    with language("de"):
        rejected = Uptake.NOT_TAKEN_UP.label
    sentence = shown(
        "Submitted after the draft: version %(number)s, published on %(date)s, could not take "
        "this proposal up yet. The next version of the draft will say what becomes of it."
    )
    assert sentence.split("%(number)s")[0] in later_page
    assert rejected not in later_page

    before_page = (await client.get(f"/proposals/{before.id}")).text
    assert rejected in before_page and sentence.split("%(number)s")[0] not in before_page


async def test_an_official_answer_the_draft_overtook_does_not_contradict_the_badge(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    masterplan = await field.masterplan
    proposal = await make_proposal(field)
    await change_status(
        proposal=proposal,
        by=await planner(),
        status="not_adopted",
        response="Ein eigenes Förderprogramm würde die Programme von Bund und Land doppeln.",
    )
    await publish(masterplan, await planner(), {"Förderung": [(proposal, "considered")]})

    html = (await client.get(f"/proposals/{proposal.id}")).text
    with language("de"):
        considered, rejected = Uptake.CONSIDERED.label, Uptake.NOT_TAKEN_UP.label
    assert f'<span class="kern-label">{considered}</span>' in html
    assert "doppeln" in html  # the answer itself stays, and its history names the status
    heading = html.split('id="official-response-heading">', 1)[1].split("</h2>", 1)[0]
    assert heading == shown("Official response")
    assert f'<span class="kern-label">{rejected}</span>' not in html
