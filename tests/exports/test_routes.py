"""The export panel and the files behind it: for planners of the masterplan only, every
choice in the address, a wrong one refused with the panel and a clear message."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from openpyxl import load_workbook

from participation.accounts.models import Role
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.proposals.models import ProposalStatus
from tests.auth import make_person, sign_in
from tests.factories import make_field, make_proposal


async def _planned(client: httpx.AsyncClient) -> tuple[Masterplan, FieldOfAction]:
    broadband = await make_field(slug="glasfaser", title="Glasfaser")
    masterplan = await broadband.masterplan
    schools = await make_field(masterplan, slug="schulen", title="Schulen")
    await make_proposal(broadband, title="Gigabit für Gewerbegebiete")
    await make_proposal(schools, title="WLAN in allen Schulen")
    await make_proposal(broadband, title="Glasfaser geprüft", status=ProposalStatus.IN_REVIEW)
    planner = await make_person(role=Role.PLANNER)
    await masterplan.planners.add(planner)
    await sign_in(client, planner)
    return masterplan, broadband


async def test_the_workspace_links_to_the_panel_that_offers_every_choice(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await _planned(client)
    workspace = await client.get(f"/planning/{masterplan.slug}")
    assert f'href="/planning/{masterplan.slug}/exports"' in workspace.text
    panel = await client.get(f"/planning/{masterplan.slug}/exports")
    assert panel.status_code == 200
    for label in (
        "CSV für Excel (Deutsch)",
        "CSV (UTF-8, international)",
        "Excel-Arbeitsmappe (XLSX)",
        "JSON",
        "Markdown",
        "Der ganze Masterplan",
        "Glasfaser",
        "In Prüfung",
        "Rangfolge",
        "Konsens der Gruppen",
        "Unterstützungen minus Ablehnungen",
    ):
        assert label in panel.text, label
    assert f'action="/planning/{masterplan.slug}/export"' in panel.text
    assert 'method="get"' in panel.text


async def test_the_panel_form_leads_to_the_file_with_every_choice_in_its_address(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await _planned(client)
    query = "format=csv-de&field=glasfaser&status=published&sort=net"
    chosen = await client.get(f"/planning/{masterplan.slug}/export?{query}")
    assert chosen.status_code == 303
    target = chosen.headers["location"]
    assert target == (
        f"/planning/{masterplan.slug}/export.csv"
        "?flavour=de&field=glasfaser&status=published&sort=net"
    )
    answer = await client.get(target)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    disposition = answer.headers["content-disposition"]
    assert "attachment" in disposition and "-glasfaser-" in disposition
    assert "excel-deutsch.csv" in disposition
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[2] for row in rows[1:]] == ["Gigabit für Gewerbegebiete"]


async def test_a_planner_downloads_each_format(client: httpx.AsyncClient) -> None:
    masterplan, _ = await _planned(client)
    base = f"/planning/{masterplan.slug}/export"
    semicolon = await client.get(f"{base}.csv?field=glasfaser&delimiter=semicolon")
    assert semicolon.status_code == 200
    assert "excel-deutsch" in semicolon.headers["content-disposition"]  # the older address
    header = semicolon.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Rang;Nummer;Titel")
    workbook = load_workbook(io.BytesIO((await client.get(f"{base}.xlsx")).content))
    assert workbook.sheetnames == ["Erläuterungen", "Alle Vorschläge", "Glasfaser", "Schulen"]
    document = (await client.get(f"{base}.json?sort=consensus")).json()
    assert document["sort"] == "consensus" and len(document["proposals"]) == 3
    assert "## Schulen" in (await client.get(f"{base}.md")).text
    assert (await client.get(f"{base}.pdf")).status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("field=gibt-es-nicht", "kein solches Handlungsfeld"),
        ("sort=beliebt", "Reihenfolge aus der Liste"),
        ("status=hidden", "Status aus der Liste"),
        ("flavour=fr", "CSV-Varianten"),
        ("delimiter=tab", "CSV-Varianten"),
    ],
)
async def test_a_wrong_choice_comes_back_as_the_panel_with_a_clear_message(
    client: httpx.AsyncClient, query: str, message: str
) -> None:
    masterplan, _ = await _planned(client)
    answer = await client.get(f"/planning/{masterplan.slug}/export.csv?{query}")
    assert answer.status_code == 400
    assert message in answer.text
    assert "Bewertete Vorschläge exportieren" in answer.text  # the panel, to choose again


async def test_the_panel_form_without_a_format_asks_for_one(client: httpx.AsyncClient) -> None:
    masterplan, _ = await _planned(client)
    answer = await client.get(f"/planning/{masterplan.slug}/export?format=pdf&sort=net")
    assert answer.status_code == 400
    assert "Bitte wählen Sie ein Dateiformat." in answer.text
    assert 'value="net" id="sort-net" aria-describedby="sort-net-hint" checked' in answer.text


async def test_people_who_do_not_plan_the_masterplan_get_no_panel_and_no_file(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    masterplan = await field.masterplan
    await make_proposal(field)
    urls = [
        f"/planning/{masterplan.slug}/exports",
        f"/planning/{masterplan.slug}/export?format=csv",
        f"/planning/{masterplan.slug}/export.csv",
    ]
    for url in urls:
        assert (await client.get(url)).status_code == 303  # to sign in
    await sign_in(client, await make_person(role=Role.PLANNER))  # plans another masterplan
    for url in urls:
        assert (await client.get(url)).status_code == 403


async def test_the_ranking_page_links_to_the_exports_for_its_planners_only(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    masterplan = await field.masterplan
    link = f'href="/planning/{masterplan.slug}/exports"'
    ranking = f"/masterplans/{masterplan.slug}/ranking"
    assert link not in (await client.get(ranking)).text
    other = await make_person(role=Role.PLANNER)
    await sign_in(client, other)
    assert link not in (await client.get(ranking)).text
    await masterplan.planners.add(other)
    page = await client.get(ranking)
    assert link in page.text and "Exportieren" in page.text
