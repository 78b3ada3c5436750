"""A German LibreOffice Calc reads the German CSV and the XLSX right: numbers as numbers
(a score of 0.7650 as 0.765, never 7650 or text), dates as dates, umlauts and ß intact,
every row in its own row and every column in its own column, no formula anywhere."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell

from participation.accounts.models import StakeholderGroup
from participation.exports.cells import Flavour
from participation.exports.columns import COLUMNS, header
from participation.exports.services import Format, export_ranked_input
from participation.i18n import language, local_date
from participation.proposals.models import Proposal
from tests.exports.libreoffice import (
    GERMAN_CSV_DEFAULTS,
    GERMAN_CSV_IMPORT,
    convert,
    german_profile,
    soffice,
)
from tests.exports.scene import BASE, ranked_scene, read
from tests.factories import add_votes, make_proposal

pytestmark = pytest.mark.usefixtures("db")


async def _files(folder: Path) -> tuple[list[Proposal], Path, Path]:
    """The German CSV and the XLSX of a masterplan, in German, and its proposals in order."""
    masterplan, broadband, _, _ = await ranked_scene()
    street = await make_proposal(broadband, title="Straßenbeleuchtung: Sensoren für Weiß-Höfe")
    await add_votes(street, StakeholderGroup.CITIZENS, supports=1, opposes=6)  # net -5
    ranked = (
        await Proposal.filter(
            masterplan_id=masterplan.id, id__in=[p.id for p in await masterplan.proposals.all()]
        )
        .filter(status="published")
        .order_by("-wilson", "-vote_count", "id")
    )
    paths = []
    with language("de"):
        for format, flavour in ((Format.CSV, Flavour.GERMAN), (Format.XLSX, Flavour.GERMAN)):
            export = await export_ranked_input(
                masterplan=masterplan, format=format, base_url=BASE, flavour=flavour
            )
            path = folder / export.filename
            path.write_bytes(await read(export.body))
            paths.append(path)
    return ranked, paths[0], paths[1]


def _by_header(row: tuple[Cell, ...], headers: list[str]) -> dict[str, Cell]:
    return dict(zip(headers, row, strict=False))


def _read_back_rows(
    cells: list[tuple[Cell, ...]], ranked: list[Proposal], headers: list[str]
) -> None:
    """What every file must come back as, whichever route it took into Calc."""
    assert [cell.value for cell in cells[0]] == headers  # every column in its own column
    assert len(cells) == 1 + len(ranked)  # every row in its own row
    for proposal, row in zip(ranked, cells[1:], strict=True):
        cell = _by_header(row, headers)
        assert cell["Nummer"].value == proposal.id
        assert cell["Titel"].data_type == "s"
        assert cell["Rangwert"].data_type == "n"
        assert cell["Rangwert"].value == pytest.approx(round(proposal.wilson, 4))
        assert cell["Saldo"].value == proposal.supports - proposal.opposes
        day = cell["Eingereicht am"].value
        assert isinstance(day, datetime) and day.date() == local_date(proposal.created_at)
    titles = {row[2].value for row in cells[1:]}
    assert "Straßenbeleuchtung: Sensoren für Weiß-Höfe" in titles
    assert "Gigabit für „Gewerbegebiete“ & Häfen" in titles
    assert not [c.coordinate for row in cells for c in row if c.data_type == "f"]


async def test_a_german_calc_reads_the_german_csv_and_the_xlsx_back_right(
    tmp_path: Path,
) -> None:
    soffice()  # skips (or fails under REQUIRE_LIBREOFFICE) before any work
    ranked, german_csv, workbook = await _files(tmp_path)
    profile = german_profile(tmp_path / "profile")
    with language("de"):
        headers = [header(column) for column in COLUMNS]

    from_csv = await convert(german_csv, "xlsx", profile, infilter=GERMAN_CSV_IMPORT)
    sheet = load_workbook(from_csv).active
    assert sheet is not None
    cells = list(sheet.iter_rows())
    _read_back_rows(cells, ranked, headers)
    formula = next(row[2].value for row in cells if "WLAN" in str(row[2].value))
    assert formula == "'=WLAN in allen Schulen"  # OWASP's apostrophe: shown, never run

    clicked = load_workbook(
        await convert(german_csv, "xlsx", profile, infilter=GERMAN_CSV_DEFAULTS, name="clicked")
    ).active
    assert clicked is not None
    top = _by_header(next(clicked.iter_rows(min_row=2)), headers)
    assert top["Rangwert"].value == pytest.approx(round(ranked[0].wilson, 4))
    assert top["Eingereicht am"].value == local_date(ranked[0].created_at).strftime("%d.%m.%Y")

    from_xlsx = load_workbook(await convert(workbook, "xlsx", profile))
    assert from_xlsx.sheetnames[:2] == ["Erläuterungen", "Alle Vorschläge"]
    overview = list(from_xlsx["Alle Vorschläge"].iter_rows())
    _read_back_rows(overview, ranked, headers)
    assert "=WLAN in allen Schulen" in {row[2].value for row in overview}
    link = _by_header(overview[1], headers)["Link"]
    assert link.hyperlink is not None and link.hyperlink.target == link.value
