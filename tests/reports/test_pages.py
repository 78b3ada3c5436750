from __future__ import annotations

import httpx

from participation.accounts.models import Role, StakeholderGroup
from participation.reports.models import CouncilReportSnapshot
from tests.auth import make_person, post_form, shown, sign_in
from tests.factories import add_votes, make_field, make_proposal


async def test_the_council_report_page_shows_its_charts_with_tables(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field(title="Glasfaser")
    masterplan = await field.masterplan
    proposal = await make_proposal(field, title="Gigabit für alle Gewerbegebiete")
    await add_votes(proposal, StakeholderGroup.CHAMBERS, supports=2, opposes=1)
    page = await client.get(f"/reports/council?masterplan={masterplan.slug}")
    assert page.status_code == 200
    assert page.text.count('<svg class="chart"') == 2
    assert "Gigabit für alle Gewerbegebiete" in page.text
    assert shown("Issue this report") not in page.text  # visitors cannot issue
    overall = await client.get("/reports/council")
    assert overall.status_code == 200 and shown("all masterplans") in overall.text
    assert (await client.get("/reports/council?masterplan=gibt-es-nicht")).status_code == 404


async def test_the_markdown_report_reads_in_german(client: httpx.AsyncClient) -> None:
    field = await make_field(title="Schulen")
    masterplan = await field.masterplan
    await make_proposal(field, title="WLAN für „alle“ Schulen")
    text = (await client.get(f"/reports/council.md?masterplan={masterplan.slug}")).text
    assert text.startswith(f"# Ratsbericht: {masterplan.title}")
    assert "### Schulen" in text and "1. WLAN für „alle“ Schulen" in text


async def test_a_planner_issues_the_report_and_the_next_one_compares(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    masterplan = await field.masterplan
    planner = await make_person(role=Role.PLANNER)
    await masterplan.planners.add(planner)
    await sign_in(client, planner)
    url = f"/reports/council/issue?masterplan={masterplan.slug}"
    assert (await post_form(client, url, {}, token_from="/reports/council")).status_code == 303
    assert await CouncilReportSnapshot.filter(scope=masterplan.slug).count() == 1
    await make_proposal(field)
    page = (await client.get(f"/reports/council?masterplan={masterplan.slug}")).text
    assert shown("Since the previous report") in page and "0 → 1" in page
    snapshot = await CouncilReportSnapshot.get(scope=masterplan.slug)
    assert f"/reports/council/{snapshot.id}.md" in page
    kept = await client.get(f"/reports/council/{snapshot.id}.md")
    assert kept.text.startswith("# Ratsbericht") and kept.text == snapshot.document
    refused = await post_form(client, "/reports/council/issue", {}, token_from="/reports/council")
    assert refused.status_code == 403  # the overall report is the admins'
