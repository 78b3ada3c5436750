"""The council report as a PDF, read back with pypdf: German text as written, Fira Sans
embedded, the charts drawn."""

from __future__ import annotations

import io

import httpx
from pypdf import PdfReader

from participation.accounts.models import StakeholderGroup
from tests.factories import add_votes, make_field, make_proposal


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
    reader = PdfReader(io.BytesIO(answer.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Ratsbericht" in text
    assert "Eine „BürgerApp“ für größere Nähe" in text
    assert "Bürgerdienste und Straßenverkehr" in text
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("FiraSans" in name for name in fonts)
    content = reader.pages[0].get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
    assert content.count(" re") >= 7  # the bars of the group chart, drawn as rectangles
