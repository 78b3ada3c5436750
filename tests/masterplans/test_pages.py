from __future__ import annotations

import re
from datetime import date

import httpx

from participation.accounts.models import StakeholderGroup
from participation.masterplans.models import Phase
from tests.factories import add_votes, make_field, make_masterplan, make_phase_period, make_proposal


async def test_masterplan_page_shows_fields_phase_dates_and_top_proposals(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(
        slug="digitale-wirtschaft",
        phase=Phase.COLLECTION,
        lead_department="Wirtschaftsförderung Dortmund",
    )
    fiber = await make_field(masterplan, title="Glasfaserstrategie")
    await make_field(masterplan, title="Lernfabrik")
    await make_phase_period(
        masterplan, phase=Phase.PREPARATION, starts_on=date(2026, 3, 1), ends_on=date(2026, 5, 3)
    )
    await make_phase_period(
        masterplan, phase=Phase.COLLECTION, starts_on=date(2026, 5, 4), ends_on=date(2027, 1, 31)
    )
    ranked = []
    for index in range(7):
        proposal = await make_proposal(fiber, title=f"Vorschlag {index}")
        await add_votes(proposal, StakeholderGroup.CITIZENS, index, 1)
        ranked.append(proposal.title)
    html = (await client.get("/masterplans/digitale-wirtschaft")).text
    assert "Glasfaserstrategie" in html and "Lernfabrik" in html
    assert "Wirtschaftsförderung Dortmund" in html
    assert "04.05.2026" in html and "31.01.2027" in html
    assert re.search(r'aria-current="step"[^>]*>\s*<span[^>]*>Vorschläge sammeln', html)
    top = html[html.index('id="top-heading"') :]
    shown = re.findall(r'id="proposal-\d+-title">\s*<a[^>]*>([^<]+)</a>', top)
    assert shown == ["Vorschlag 6", "Vorschlag 5", "Vorschlag 4", "Vorschlag 3", "Vorschlag 2"]
    assert "7 Vorschläge" in html  # the field's counter, not a count over the table
