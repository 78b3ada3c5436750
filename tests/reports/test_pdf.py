"""The council report as a PDF, read back with pypdf and looked at with poppler's pdftoppm:
German text as written, Fira Sans embedded, charts drawn, and tables as an office sets them
(never filled with a chart's colour)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from fpdf import FPDF
from PIL import Image, ImageChops
from pypdf import PdfReader

from participation.accounts.models import StakeholderGroup
from participation.reports.pdf import COLOURS, REGULAR
from tests.factories import add_votes, make_field, make_proposal
from tests.reports.scene import make_scene

pytestmark = pytest.mark.usefixtures("db")


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


async def test_the_pdf_prints_umlauts_sharp_s_and_typographic_quotes(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field(title="Bürgerdienste und Straßenverkehr")
    masterplan = await field.masterplan
    proposal = await make_proposal(field, title="Eine „BürgerApp“ für größere Nähe")
    await add_votes(proposal, StakeholderGroup.CITIZENS, supports=4, opposes=1)
    answer = await client.get(f"/reports/council.pdf?masterplan={masterplan.slug}")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert "Ratsbericht" in text and "Auf einen Blick" in text
    assert "So lesen Sie diesen Bericht" in text
    assert re.search(
        r"erklärt jeden Wert mit durchgerechneten Beispielen:\shttp\S+/gewichtung",
        text,
        re.S,
    )
    assert "Eine „BürgerApp“ für größere Nähe" in text
    assert "Bürgerdienste und Straßenverkehr" in text
    reader = PdfReader(io.BytesIO(answer.content))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("FiraSans" in name for name in fonts)
    assert [item.title for item in reader.outline if not isinstance(item, list)][:2] == [
        "Auf einen Blick",
        "So lesen Sie diesen Bericht",
    ]


async def test_the_pdf_is_in_english_for_an_english_reader(client: httpx.AsyncClient) -> None:
    scene = await make_scene()
    client.cookies.set("lang", "en", domain="testserver.local")
    answer = await client.get(f"/reports/council.pdf?masterplan={scene.masterplan.slug}")
    text = pdf_text(answer.content)
    assert "Council report" in text and "At a glance" in text and "June 2026" in text


async def test_a_long_table_repeats_its_header_on_the_next_page(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    masterplan = await field.masterplan
    from datetime import UTC, datetime

    # Four years of months: the timeline's table runs onto a second page.
    await make_proposal(field, created_at=datetime(2023, 1, 5, tzinfo=UTC))
    answer = await client.get(f"/reports/council.pdf?masterplan={masterplan.slug}")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages]
    headed = [n for n, text in enumerate(pages) if re.search(r"Monat\s+Vorschläge", text)]
    assert len(headed) >= 2 and headed[1] == headed[0] + 1


# Table cells filled with a chart colour ------------------------------------------------------

PDFTOPPM = shutil.which("pdftoppm")
needs_pdftoppm = pytest.mark.skipif(
    PDFTOPPM is None and not os.environ.get("REQUIRE_PDFTOPPM"),
    reason="pdftoppm is not installed (apt-get install poppler-utils)",
)
SOLID = ("support", "oppose", "value", "considered")  # the saturated chart colours


def _rendered(content: bytes, directory: Path) -> list[Image.Image]:
    (directory / "report.pdf").write_bytes(content)
    subprocess.run(
        [PDFTOPPM or "pdftoppm", "-png", "-r", "60", "report.pdf", "page"],
        cwd=directory,
        check=True,
    )
    return [Image.open(path).convert("RGB") for path in sorted(directory.glob("page-*.png"))]


def text_on_chart_colour(image: Image.Image) -> list[tuple[str, int]]:
    """The pixel rows where a chart colour is interrupted by something else (text, a rule)
    and goes on: how a table cell filled with that colour looks. A chart's bar is one
    unbroken run per row and colour, and no text is ever drawn on it."""
    found = []
    for kind in SOLID:
        red, green, blue = ImageChops.difference(
            image, Image.new("RGB", image.size, COLOURS[kind])
        ).split()
        near = ImageChops.lighter(ImageChops.lighter(red, green), blue).point(
            lambda v: 255 if v < 24 else 0
        )
        data = near.tobytes()
        for y in range(image.height):
            if INTERRUPTED.search(data[y * image.width : (y + 1) * image.width]):
                found.append((kind, y))
    return found


INTERRUPTED = re.compile(rb"\xff{4,}[^\xff]{1,14}\xff{4,}")


def _filled_cell_pdf() -> bytes:
    """A table cell with text on a chart's red, as the report drew them before."""
    pdf = FPDF()
    pdf.add_font("Fira", "", str(REGULAR))
    pdf.add_page()
    pdf.set_font("Fira", size=9)
    pdf.set_fill_color(*COLOURS["oppose"])
    pdf.cell(60, 6, "Kammern    3    29    5", border=1, fill=True)
    return bytes(pdf.output())


@needs_pdftoppm
def test_the_check_finds_a_table_cell_filled_with_a_chart_colour(tmp_path: Path) -> None:
    [page] = _rendered(_filled_cell_pdf(), tmp_path)
    assert text_on_chart_colour(page)


@needs_pdftoppm
async def test_no_table_cell_of_the_report_is_filled_with_a_chart_colour(
    client: httpx.AsyncClient, tmp_path: Path
) -> None:
    scene = await make_scene()
    answer = await client.get(f"/reports/council.pdf?masterplan={scene.masterplan.slug}")
    pages = _rendered(answer.content, tmp_path)
    assert len(pages) >= 5
    assert [(n, text_on_chart_colour(page)[:3]) for n, page in enumerate(pages, 1)] == [
        (n, []) for n in range(1, len(pages) + 1)
    ]
    # The charts are there: their colours appear on the rendered pages.
    colours = {colour for page in pages for _, colour in page.getcolors(1 << 20) or []}
    assert COLOURS["support"] in colours and COLOURS["oppose"] in colours
