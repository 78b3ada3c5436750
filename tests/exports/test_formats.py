"""Each export format read back with a real reader and compared with the database."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator

import jsonschema_rs
import pytest
from openpyxl import load_workbook

from participation.accounts.models import Membership, Role, StakeholderGroup
from participation.exports.columns import COLUMNS
from participation.exports.schema import export_json_schema
from participation.exports.services import Format, export_ranked_input
from participation.i18n import language
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning import drafts, links
from participation.proposals.cosigning import cosign
from participation.proposals.models import Proposal, ProposalStatus
from tests.factories import add_votes, make_field, make_organization, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")
BASE = "https://beteiligung.example"


async def _scene() -> tuple[Masterplan, FieldOfAction, FieldOfAction, list[Proposal]]:
    broadband = await make_field(title="Glasfaser")
    masterplan = await broadband.masterplan
    schools = await make_field(masterplan, title="Schulen")
    chamber = await make_organization(name="IHK zu Dortmund")
    partner = await make_user(chamber)
    first = await make_proposal(
        broadband, partner, organization=chamber, title="Gigabit für „Gewerbegebiete“ & Häfen"
    )
    second = await make_proposal(schools, title="=WLAN in allen Schulen")  # formula-like
    await make_proposal(broadband, title="Glasfaser für Höfe")
    await make_proposal(broadband, title="Versteckt", status=ProposalStatus.HIDDEN)
    await add_votes(first, StakeholderGroup.CHAMBERS, supports=3, opposes=0)
    await add_votes(first, StakeholderGroup.CITIZENS, supports=10, opposes=2)
    await add_votes(second, StakeholderGroup.CITIZENS, supports=4, opposes=4)
    university = await make_organization(name="TU Dortmund")
    member = await make_user(university)
    membership = await Membership.get(user_id=member.id)
    await cosign(proposal=second, member=member, membership=membership)
    planner = await make_user(role=Role.PLANNER)
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    section = await drafts.add_section(version=version, title="Gigabit-Stadt", body="", by=planner)
    await links.link_proposal(
        section=section, proposal=first, disposition="adopted", note="", by=planner
    )
    await drafts.publish_version(version=version, by=planner)
    ranked = await Proposal.filter(
        masterplan_id=masterplan.id, status=ProposalStatus.PUBLISHED
    ).order_by("-wilson", "-vote_count", "id")
    return masterplan, broadband, schools, ranked


async def _read(body: AsyncIterator[str] | AsyncIterator[bytes]) -> bytes:
    parts = [piece if isinstance(piece, bytes) else piece.encode() async for piece in body]
    return b"".join(parts)


async def test_csv_has_a_bom_every_listed_proposal_in_rank_order_and_no_formulas() -> None:
    masterplan, _, _, ranked = await _scene()
    with language("de"):
        export = await export_ranked_input(masterplan=masterplan, format=Format.CSV, base_url=BASE)
        raw = await _read(export.body)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [int(row["Nummer"]) for row in rows] == [p.id for p in ranked]
    assert [row["Rang"] for row in rows] == ["1", "2", "3"]
    top = rows[0]
    assert top["Titel"] == "Gigabit für „Gewerbegebiete“ & Häfen"
    assert top["Eingereicht von"] == "IHK zu Dortmund"
    assert (top["Unterstützungen"], top["Ablehnungen"]) == ("13", "2")
    assert top["Unterstützungen: Kammern"] == "3"
    assert top["Aufnahme im Entwurf"] == "Übernommen"
    assert top["Abschnitt im Entwurf"] == "Gigabit-Stadt"
    assert top["Link"] == f"{BASE}/proposals/{ranked[0].id}"
    formula = next(row for row in rows if "WLAN" in row["Titel"])
    assert formula["Titel"] == "'=WLAN in allen Schulen"
    assert formula["Mitgezeichnet von"] == "TU Dortmund"
    assert "Versteckt" not in raw.decode("utf-8-sig")
    assert "@" not in raw.decode("utf-8-sig")  # no e-mail address, only public names


async def test_csv_for_a_german_excel_splits_at_semicolons() -> None:
    masterplan, _, _, ranked = await _scene()
    export = await export_ranked_input(
        masterplan=masterplan, format=Format.CSV, base_url=BASE, delimiter=";"
    )
    raw = (await _read(export.body)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw), delimiter=";"))
    assert len(rows) == 1 + len(ranked)
    assert all(len(row) == len(COLUMNS) for row in rows)


async def test_json_lists_every_column_by_key() -> None:
    masterplan, broadband, _, ranked = await _scene()
    export = await export_ranked_input(
        masterplan=masterplan, format=Format.JSON, base_url=BASE, field_of_action=broadband
    )
    document = json.loads(await _read(export.body))
    jsonschema_rs.validate(export_json_schema(), document)  # raises on any mismatch
    assert document["masterplan"]["slug"] == masterplan.slug
    assert document["field_of_action"]["slug"] == broadband.slug
    ids = [p.id for p in ranked if p.field_of_action_id == broadband.id]  # type: ignore[attr-defined]
    assert [item["id"] for item in document["proposals"]] == ids
    assert set(document["proposals"][0]) == {column.key for column in COLUMNS}
    fresh = await Proposal.get(id=ids[0])
    assert document["proposals"][0]["wilson"] == pytest.approx(fresh.wilson, abs=1e-4)
    assert document["proposals"][0]["draft_version"] == 1


async def test_xlsx_has_an_overview_and_a_sheet_per_field_with_frozen_header() -> None:
    masterplan, _, schools, ranked = await _scene()
    with language("de"):
        export = await export_ranked_input(masterplan=masterplan, format=Format.XLSX, base_url=BASE)
        raw = await _read(export.body)
    workbook = load_workbook(io.BytesIO(raw))
    assert workbook.sheetnames == ["Alle Vorschläge", "Glasfaser", "Schulen"]
    overview = workbook["Alle Vorschläge"]
    assert overview.freeze_panes == "C2"
    assert overview["A1"].value == "Rang" and overview["A1"].font.bold
    assert [overview.cell(row=r, column=2).value for r in range(2, 5)] == [p.id for p in ranked]
    assert overview.column_dimensions["C"].width == 60
    in_schools = [row[1] for row in workbook["Schulen"].iter_rows(min_row=2, values_only=True)]
    assert in_schools == [p.id for p in ranked if p.field_of_action_id == schools.id]  # type: ignore[attr-defined]


async def test_markdown_lists_each_field_with_its_ranked_proposals() -> None:
    masterplan, _, _, ranked = await _scene()
    with language("de"):
        export = await export_ranked_input(masterplan=masterplan, format=Format.MD, base_url=BASE)
        text = (await _read(export.body)).decode()
    assert text.startswith(f"# {masterplan.title}")
    glasfaser = text[text.index("## Glasfaser") : text.index("## Schulen")]
    assert "1. **Gigabit für „Gewerbegebiete“ & Häfen** (IHK zu Dortmund)" in glasfaser
    assert "Kammern 3:0" in glasfaser and "im Entwurf: „Gigabit-Stadt“ (Übernommen)" in glasfaser
    assert f"<{BASE}/proposals/{ranked[0].id}>" in glasfaser
    assert "\\=WLAN" not in text and "=WLAN in allen Schulen" in text
