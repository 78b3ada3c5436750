"""Bad input: a masterplan of 10,000 proposals whose titles hold formulas, control
characters and right-to-left overrides, some with 10,000-character texts, exported as the
German CSV and as XLSX, opens cleanly in LibreOffice: every row there, the hostile cells
inert and readable, no formula, nothing the file format forbids."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from participation.accounts.models import StakeholderGroup
from participation.exports.cells import Flavour
from participation.exports.services import Format, export_ranked_input
from participation.i18n import language
from participation.masterplans.models import Masterplan
from participation.proposals.models import Proposal, ProposalStatus
from tests.exports.libreoffice import GERMAN_CSV_IMPORT, german_profile, sheet_as_csv, soffice
from tests.exports.scene import BASE, read
from tests.factories import make_field

pytestmark = pytest.mark.usefixtures("db")

PROPOSALS = 10_000
HOSTILE = [
    '=HYPERLINK("https://example.invalid";"Hier klicken")',
    "+49 231 50-0",
    "-1+1 Rechnung",
    "@SUMME(A1:A9)",
    "\t=1+1 nach Tabulator",
    "\r=1+1 nach Wagenrücklauf",
    "Steuer\x01zeichen\x07 und \x1b Escape\x1f",
    "\u202eRTL-Override: fdp.exe",
    "Ärger über Straßen, Öfen und Überführungen",
    "_x0041_ wörtlich, kein Escape",
    "Nicht\ufffeZeichen",
]
SENTENCE = 'Überlange Begründung mit Umlauten äöü ß; Semikolon, "Anführung" und\nZeilen. '
LONG_TEXT = (SENTENCE * 140)[:10_000]


def _title(n: int) -> str:
    return f"{HOSTILE[n % len(HOSTILE)]} #{n}"


async def _hostile_masterplan() -> Masterplan:
    field = await make_field(title="Services und eGovernment (ePayment, eAkte, BürgerApp)")
    masterplan = await field.masterplan
    await Proposal.bulk_create(
        [
            Proposal(
                masterplan_id=masterplan.id,
                field_of_action_id=field.id,
                stakeholder_group=StakeholderGroup.CITIZENS,
                title=_title(n),
                body=LONG_TEXT if n % 100 == 0 else "Kurz.",
                status=ProposalStatus.PUBLISHED,
                supports=n % 40,
                opposes=n % 9,
                vote_count=n % 40 + n % 9,
                wilson=(n % 997) / 997,
            )
            for n in range(PROPOSALS)
        ],
        batch_size=1000,
    )
    return masterplan


async def _write(masterplan: Masterplan, format: Format, folder: Path) -> Path:
    with language("de"):
        export = await export_ranked_input(
            masterplan=masterplan, format=format, base_url=BASE, flavour=Flavour.GERMAN
        )
        path = folder / export.filename
        path.write_bytes(await read(export.body))
    return path


def _formulas(path: Path) -> list[str]:
    """The worksheets of an XLSX that hold a formula element (read from the XML)."""
    with zipfile.ZipFile(path) as package:
        sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
        return [n for n in sheets if re.search(rb"<f[ >]", package.read(n))]


def _check(rows: list[list[str]], *, apostrophe: str) -> None:
    assert len(rows) == 1 + PROPOSALS
    width = len(rows[0])
    assert all(len(row) <= width for row in rows)
    title, text = rows[0].index("Titel"), rows[0].index("Text")
    by_title = {str(row[title]).split(" #")[0]: row for row in rows[1:]}
    assert f"{apostrophe}=HYPERLINK(" in " ".join(by_title)
    assert by_title[apostrophe + "\t=1+1 nach Tabulator"]
    controls = next(t for t in by_title if t.startswith("Steuer"))
    assert controls == "Steuer\ufffdzeichen\ufffd und \ufffd Escape\ufffd"
    assert "\u202eRTL-Override: fdp.exe" in by_title
    assert "Ärger über Straßen, Öfen und Überführungen" in by_title
    assert "_x0041_ wörtlich, kein Escape" in by_title
    long_texts = [row[text] for row in rows[1:] if len(str(row[text])) > 100]
    assert len(long_texts) == PROPOSALS // 100
    assert {len(value.replace("\r\n", "\n")) for value in long_texts} == {10_000}


async def test_ten_thousand_hostile_proposals_open_cleanly_in_libreoffice(tmp_path: Path) -> None:
    soffice()
    masterplan = await _hostile_masterplan()
    profile = german_profile(tmp_path / "profile")
    german_csv = await _write(masterplan, Format.CSV, tmp_path)
    _check(await sheet_as_csv(german_csv, profile, infilter=GERMAN_CSV_IMPORT), apostrophe="'")
    workbook = await _write(masterplan, Format.XLSX, tmp_path)
    assert _formulas(workbook) == []
    _check(await sheet_as_csv(workbook, profile, sheet=2), apostrophe="")  # "Alle Vorschläge"
    opened = load_workbook(workbook, read_only=True)
    assert opened.sheetnames == ["Erläuterungen", "Alle Vorschläge", "Services und eGovernment"]
    opened.close()
