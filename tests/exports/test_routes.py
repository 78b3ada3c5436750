"""The planners' export links: streamed files, for planners of the masterplan only."""

from __future__ import annotations

import csv
import io

import httpx
from openpyxl import load_workbook

from participation.accounts.models import Role
from tests.auth import make_person, sign_in
from tests.factories import make_field, make_proposal


async def test_a_planner_downloads_each_format_of_a_field_of_action(
    client: httpx.AsyncClient,
) -> None:
    broadband = await make_field(slug="glasfaser", title="Glasfaser")
    masterplan = await broadband.masterplan
    schools = await make_field(masterplan, slug="schulen", title="Schulen")
    await make_proposal(broadband, title="Gigabit für Gewerbegebiete")
    await make_proposal(schools, title="WLAN in allen Schulen")
    planner = await make_person(role=Role.PLANNER)
    await masterplan.planners.add(planner)
    await sign_in(client, planner)
    base = f"/planning/{masterplan.slug}/export"
    answer = await client.get(f"{base}.csv?field=glasfaser&delimiter=semicolon")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(answer.text.lstrip("\ufeff")), delimiter=";"))
    assert [row[2] for row in rows[1:]] == ["Gigabit für Gewerbegebiete"]
    workbook = load_workbook(io.BytesIO((await client.get(f"{base}.xlsx")).content))
    assert len(workbook.sheetnames) == 3
    assert (await client.get(f"{base}.json")).json()["proposals"][0]["title"]
    assert "## Schulen" in (await client.get(f"{base}.md")).text
    assert (await client.get(f"{base}.pdf")).status_code == 404
    assert (await client.get(f"{base}.csv?field=gibt-es-nicht")).status_code == 404


async def test_people_who_do_not_plan_the_masterplan_get_no_export(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    masterplan = await field.masterplan
    await make_proposal(field)
    url = f"/planning/{masterplan.slug}/export.csv"
    anonymous = await client.get(url)
    assert anonymous.status_code == 303
    await sign_in(client, await make_person(role=Role.PLANNER))  # plans another masterplan
    assert (await client.get(url)).status_code == 403
