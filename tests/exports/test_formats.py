"""Each export format read back with a real reader and compared with the database."""

from __future__ import annotations

import csv
import gc
import io
import json
from collections.abc import AsyncIterator

import jsonschema_rs
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from participation.accounts.models import StakeholderGroup
from participation.exports.cells import Flavour
from participation.exports.columns import COLUMNS
from participation.exports.guide import guide
from participation.exports.options import ExportSort
from participation.exports.rows import ExportRow, Scope, ranked_rows
from participation.exports.schema import export_json_schema
from participation.exports.services import Format, export_ranked_input
from participation.exports.xlsx import xlsx_chunks
from participation.i18n import language, local_date
from participation.proposals.models import Proposal, ProposalStatus
from participation.proposals.queries import Sort, proposal_page
from tests.exports.scene import BASE, ranked_scene, read
from tests.factories import add_votes, make_field, make_proposal

pytestmark = pytest.mark.usefixtures("db")


async def test_csv_has_a_bom_every_listed_proposal_in_rank_order_and_no_formulas() -> None:
    masterplan, _, _, ranked = await ranked_scene()
    with language("de"):
        export = await export_ranked_input(masterplan=masterplan, format=Format.CSV, base_url=BASE)
        raw = await read(export.body)
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert export.filename.endswith("-utf8-international.csv")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [int(row["Nummer"]) for row in rows] == [p.id for p in ranked]
    assert [row["Rang"] for row in rows] == ["1", "2", "3"]
    top = rows[0]
    assert top["Titel"] == "Gigabit für „Gewerbegebiete“ & Häfen"
    assert top["Eingereicht von"] == "IHK zu Dortmund"
    assert (top["Unterstützungen"], top["Ablehnungen"]) == ("13", "2")
    assert top["Unterstützungen: Kammern"] == "3"
    assert top["Rangwert"] == f"{ranked[0].wilson:.4f}"  # a decimal point, four places
    assert top["Eingereicht am"] == local_date(ranked[0].created_at).isoformat()
    assert top["Link"] == f"{BASE}/proposals/{ranked[0].id}"
    formula = next(row for row in rows if "WLAN" in row["Titel"])
    assert formula["Titel"] == "'=WLAN in allen Schulen"
    assert formula["Mitgezeichnet von"] == "TU Dortmund"
    assert "Versteckt" not in raw.decode("utf-8-sig")
    assert "@" not in raw.decode("utf-8-sig")  # no e-mail address, only public names


async def test_every_section_that_took_a_proposal_up_is_exported_with_the_verdict() -> None:
    masterplan, _, _, _ = await ranked_scene()
    with language("de"):
        export = await export_ranked_input(masterplan=masterplan, format=Format.CSV, base_url=BASE)
        rows = list(csv.DictReader(io.StringIO((await read(export.body)).decode("utf-8-sig"))))
    top = rows[0]
    assert top["Ergebnis im Entwurf"] == "Übernommen"  # the strongest of the two
    assert top["Abschnitte im Entwurf"] == (
        "Gigabit-Stadt (Übernommen); Hafen digital (Berücksichtigt)"
    )
    assert top["Version des Entwurfs"] == "1"
    older = next(row for row in rows if row["Titel"] == "Glasfaser für Höfe")
    # Submitted before version 1 was published and not linked: not taken up.
    assert older["Ergebnis im Entwurf"] == "Nicht übernommen"
    assert older["Abschnitte im Entwurf"] == ""


async def test_csv_for_a_german_excel_has_semicolons_decimal_commas_and_german_dates() -> None:
    masterplan, _, _, ranked = await ranked_scene()
    with language("de"):
        export = await export_ranked_input(
            masterplan=masterplan, format=Format.CSV, base_url=BASE, flavour=Flavour.GERMAN
        )
        raw = await read(export.body)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert export.filename.endswith("-excel-deutsch.csv")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == 1 + len(ranked)
    assert all(len(row) == len(COLUMNS) for row in rows)
    named = dict(zip(rows[0], rows[1], strict=True))
    assert named["Rangwert"] == f"{ranked[0].wilson:.4f}".replace(".", ",")
    assert "." not in named["Konsenswert"] and "," in named["Konsenswert"]
    assert named["Eingereicht am"] == local_date(ranked[0].created_at).strftime("%d.%m.%Y")


async def test_a_negative_net_stays_a_number_and_a_dash_title_becomes_text() -> None:
    field = await make_field(title="Glasfaser")
    masterplan = await field.masterplan
    disliked = await make_proposal(field, title="-Kein Glasfaser")
    await add_votes(disliked, StakeholderGroup.CITIZENS, supports=1, opposes=4)
    export = await export_ranked_input(
        masterplan=masterplan, format=Format.CSV, base_url=BASE, flavour=Flavour.GERMAN
    )
    rows = list(
        csv.reader(io.StringIO((await read(export.body)).decode("utf-8-sig")), delimiter=";")
    )
    keys = [column.key for column in COLUMNS]
    row = rows[1]
    assert row[keys.index("net")] == "-3"
    assert row[keys.index("title")] == "'-Kein Glasfaser"


async def test_json_lists_every_column_by_key() -> None:
    masterplan, broadband, _, ranked = await ranked_scene()
    export = await export_ranked_input(
        masterplan=masterplan, format=Format.JSON, base_url=BASE, field_of_action=broadband
    )
    document = json.loads(await read(export.body))
    jsonschema_rs.validate(export_json_schema(), document)  # raises on any mismatch
    assert document["masterplan"]["slug"] == masterplan.slug
    assert document["field_of_action"]["slug"] == broadband.slug
    assert document["sort"] == "wilson"
    ids = [p.id for p in ranked if p.field_of_action_id == broadband.id]  # type: ignore[attr-defined]
    assert [item["id"] for item in document["proposals"]] == ids
    assert set(document["proposals"][0]) == {column.key for column in COLUMNS}
    fresh = await Proposal.get(id=ids[0])
    top = document["proposals"][0]
    assert top["wilson"] == pytest.approx(fresh.wilson, abs=1e-4)
    assert top["draft_version"] == 1
    assert [s["disposition"] for s in top["draft_sections"]] == ["adopted", "considered"]
    assert top["draft_sections"][1]["note"] == "Häfen"


async def test_json_and_markdown_honour_the_statuses_and_the_order() -> None:
    masterplan, _, _, ranked = await ranked_scene()
    decided = ranked[-1]
    await Proposal.filter(id=decided.id).update(status=ProposalStatus.IN_REVIEW)
    export = await export_ranked_input(
        masterplan=masterplan,
        format=Format.JSON,
        base_url=BASE,
        statuses=(ProposalStatus.IN_REVIEW,),
        sort=ExportSort.NET,
    )
    document = json.loads(await read(export.body))
    jsonschema_rs.validate(export_json_schema(), document)
    assert [item["id"] for item in document["proposals"]] == [decided.id]
    assert document["statuses"] == ["in_review"] and document["sort"] == "net"
    with language("de"):
        export = await export_ranked_input(
            masterplan=masterplan, format=Format.MD, base_url=BASE, sort=ExportSort.NET
        )
        text = (await read(export.body)).decode()
    assert "Reihenfolge: Saldo (Unterstützungen minus Ablehnungen)" in text


async def test_rows_follow_the_public_lists_order_ties_included_as_the_guide_says() -> None:
    field = await make_field()
    masterplan = await field.masterplan
    made = [await make_proposal(field, title=f"P{n}") for n in range(6)]
    votes = [(3, 0), (9, 6), (3, 0), (2, 5), (0, 0), (0, 1)]
    for proposal, (supports, opposes) in zip(made, votes, strict=True):
        await add_votes(proposal, StakeholderGroup.CITIZENS, supports=supports, opposes=opposes)
    # Saldo 3, 3, 3: fewer objections first (3 : 0 above 9 : 6), then the older.
    by_net = [made[0], made[2], made[1], made[4], made[5], made[3]]
    by_support = [made[1], made[0], made[2], made[3], made[4], made[5]]  # equal: the older
    # Both unvoted and 0 : 1 score 0: the one nobody opposed first.
    by_rank = [made[0], made[2], made[1], made[3], made[4], made[5]]
    orders = {ExportSort.NET: by_net, ExportSort.SUPPORTED: by_support, ExportSort.WILSON: by_rank}
    for sort, expected in orders.items():
        export = await export_ranked_input(
            masterplan=masterplan, format=Format.JSON, base_url=BASE, sort=sort
        )
        document = json.loads(await read(export.body))
        assert [item["id"] for item in document["proposals"]] == [p.id for p in expected], sort
    page = await proposal_page(masterplan, sort=Sort.BALANCE)
    assert [p.id for p in page.proposals] == [p.id for p in by_net]
    with language("de"):
        explained = dict((await guide(masterplan, Scope())).methods)
    assert explained["Saldo (Unterstützungen minus Ablehnungen)"].endswith(
        "zuerst weniger Ablehnungen, dann der ältere Vorschlag."
    )
    assert "mit weniger Ablehnungen" in explained["Rangfolge"]


async def test_rows_of_an_order_are_complete_across_batches() -> None:
    field = await make_field()
    masterplan = await field.masterplan
    made = [await make_proposal(field, title=f"P{n}") for n in range(7)]
    for n, proposal in enumerate(made):
        await add_votes(proposal, StakeholderGroup.CITIZENS, supports=n % 3, opposes=n % 2)
    scope = Scope(sort=ExportSort.NET)
    small = [
        row.proposal.id
        async for row in ranked_rows(masterplan, base_url=BASE, scope=scope, batch=2)
    ]
    whole = [row.proposal.id async for row in ranked_rows(masterplan, base_url=BASE, scope=scope)]
    assert small == whole and sorted(whole) == sorted(p.id for p in made)


async def test_xlsx_explains_itself_first_then_an_overview_and_a_sheet_per_field() -> None:
    masterplan, _, schools, ranked = await ranked_scene()
    with language("de"):
        export = await export_ranked_input(masterplan=masterplan, format=Format.XLSX, base_url=BASE)
        raw = await read(export.body)
    workbook = load_workbook(io.BytesIO(raw))
    assert workbook.sheetnames == ["Erläuterungen", "Alle Vorschläge", "Glasfaser", "Schulen"]
    guide = [row for row in workbook["Erläuterungen"].iter_rows(values_only=True) if row[0]]
    named = {str(name) for name, _ in guide}
    assert {"Rangwert", "Ergebnis im Entwurf", "Rangfolge", "Konsens der Gruppen"} <= named
    assert ("So werden Beiträge gewichtet", f"{BASE}/gewichtung") in guide
    overview = workbook["Alle Vorschläge"]
    assert overview.freeze_panes == "D2"
    assert overview.auto_filter.ref == f"A1:{get_column_letter(len(COLUMNS))}4"
    assert overview["A1"].value == "Rang" and overview["A1"].font.bold
    assert [overview.cell(row=r, column=2).value for r in range(2, 5)] == [p.id for p in ranked]
    header = [cell.value for cell in overview[1]]
    top = dict(zip(header, overview[2], strict=True))
    assert top["Rangwert"].data_type == "n" and top["Rangwert"].number_format == "0.0000"
    assert top["Unterstützungen"].value == 13 and top["Unterstützungen"].number_format == "0"
    assert top["Eingereicht am"].is_date and top["Eingereicht am"].number_format == "DD.MM.YYYY"
    assert top["Link"].hyperlink.target == f"{BASE}/proposals/{ranked[0].id}"
    assert overview.column_dimensions["C"].width > overview.column_dimensions["A"].width
    in_schools = [row[1] for row in workbook["Schulen"].iter_rows(min_row=2, values_only=True)]
    assert in_schools == [p.id for p in ranked if p.field_of_action_id == schools.id]  # type: ignore[attr-defined]


async def test_xlsx_holds_no_formula_even_for_a_title_that_is_one() -> None:
    masterplan, _, _, _ = await ranked_scene()
    export = await export_ranked_input(masterplan=masterplan, format=Format.XLSX, base_url=BASE)
    workbook = load_workbook(io.BytesIO(await read(export.body)))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "=WLAN in allen Schulen" in {cell.value for cell in cells}


async def test_the_xlsx_of_one_field_of_action_is_in_english_when_asked() -> None:
    masterplan, _, schools, _ = await ranked_scene()
    with language("en"):
        export = await export_ranked_input(
            masterplan=masterplan, format=Format.XLSX, base_url=BASE, field_of_action=schools
        )
        raw = await read(export.body)
    workbook = load_workbook(io.BytesIO(raw))
    assert workbook.sheetnames == ["Explanations", "Schulen"]
    assert workbook["Schulen"]["A1"].value == "Rank"
    assert workbook["Schulen"].max_row == 2


async def test_markdown_lists_each_field_with_its_ranked_proposals() -> None:
    masterplan, _, _, ranked = await ranked_scene()
    with language("de"):
        export = await export_ranked_input(masterplan=masterplan, format=Format.MD, base_url=BASE)
        text = (await read(export.body)).decode()
    assert text.startswith(f"# {masterplan.title}")
    glasfaser = text[text.index("## Glasfaser") : text.index("## Schulen")]
    assert "1. **Gigabit für „Gewerbegebiete“ & Häfen** (IHK zu Dortmund)" in glasfaser
    assert "Kammern 3:0" in glasfaser and "im Entwurf: „Gigabit-Stadt“ (Übernommen)" in glasfaser
    assert "im Entwurf: „Hafen digital“ (Berücksichtigt)" in glasfaser
    assert f"<{BASE}/proposals/{ranked[0].id}>" in glasfaser
    assert "\\=WLAN" not in text and "=WLAN in allen Schulen" in text


async def test_an_xlsx_export_that_fails_half_way_leaves_no_file_open() -> None:
    masterplan, _, _, _ = await ranked_scene()
    explained = await guide(masterplan, Scope())

    async def failing() -> AsyncIterator[ExportRow]:
        async for row in ranked_rows(masterplan, base_url=BASE):
            yield row
            raise RuntimeError("the database went away")

    body = xlsx_chunks(failing(), guide=explained, sheets=[(None, "Alle")], language="de")
    with pytest.raises(RuntimeError, match="went away"):
        await read(body)
    gc.collect()  # an unclosed file would warn here, and warnings fail the tests
