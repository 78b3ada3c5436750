from __future__ import annotations

import re

import httpx

from participation.accounts.models import StakeholderGroup
from tests.auth import shown
from tests.factories import add_votes, make_field, make_proposal
from tests.reports.scene import make_scene


async def test_the_council_report_page_shows_its_charts_with_tables(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field(title="Glasfaser")
    masterplan = await field.masterplan
    proposal = await make_proposal(field, title="Gigabit für alle Gewerbegebiete")
    await add_votes(proposal, StakeholderGroup.CHAMBERS, supports=2, opposes=1)
    page = await client.get(f"/reports/council?masterplan={masterplan.slug}")
    assert page.status_code == 200
    # Votes by group, votes per month, and what the draft did per field of action.
    assert page.text.count('<div class="chart"') == 3
    assert "Gigabit für alle Gewerbegebiete" in page.text
    assert "Kammern\u00a02:1" in page.text  # the group breakdown of a top proposal
    # The score column and the method lead to the page that explains the scores.
    assert '<a class="kern-link" href="/gewichtung#rangwert">Rangwert</a></th>' in page.text
    assert 'href="/gewichtung">So werden Beiträge gewichtet' in page.text
    assert shown("How to read this report") in page.text
    assert shown("Issue this report") not in page.text  # visitors cannot issue
    overall = await client.get("/reports/council")
    assert overall.status_code == 200 and shown("all masterplans") in overall.text
    assert (await client.get("/reports/council?masterplan=gibt-es-nicht")).status_code == 404


async def test_the_page_reads_in_english_for_an_english_reader(
    client: httpx.AsyncClient,
) -> None:
    scene = await make_scene()
    client.cookies.set("lang", "en", domain="testserver.local")
    page = (await client.get(f"/reports/council?masterplan={scene.masterplan.slug}")).text
    assert "At a glance" in page and "June 2026" in page and "Adopted" in page


async def test_the_markdown_report_reads_in_german(client: httpx.AsyncClient) -> None:
    field = await make_field(title="Schulen")
    masterplan = await field.masterplan
    await make_proposal(field, title="WLAN für „alle“ Schulen")
    text = (await client.get(f"/reports/council.md?masterplan={masterplan.slug}")).text
    assert text.startswith(f"# Ratsbericht: {masterplan.title}")
    assert (
        "#### Schulen" in text and "| 1 | WLAN für „alle“ Schulen | – | 0,00 | Noch offen |" in text
    )
    assert "## So lesen Sie diesen Bericht" in text and "## Auf einen Blick" in text
    examples = re.search(r"### Weitere Beispiele\n\n.*: (\S+)\n", text)
    assert examples and examples[1].startswith("http") and examples[1].endswith("/gewichtung")
