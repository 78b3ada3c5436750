"""PDF attachments that could do more than show pages are refused (proposals/pdf_check.py):
scripts and embedded files, also where escapes or object streams hide them; ordinary PDFs
— the app's own council report, documentation PDFs made by TeX — pass."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import httpx
import pytest
from pypdf import PdfWriter

from participation.proposals.models import Proposal
from participation.proposals.pdf_check import is_active
from participation.reports.council import council_report
from participation.reports.pdf import report_pdf
from tests.auth import make_person, sign_in
from tests.proposals.test_attachments import (
    FORM,
    _collection_field,
    _nothing_stored_in,
    _submit,
    upload_dir,
)

__all__ = ["upload_dir"]  # the fixture that keeps uploads in a temporary folder

pytestmark = pytest.mark.usefixtures("db")


def _pdf(*objects: bytes) -> bytes:
    """A small PDF from numbered object bodies (the cross-reference table is not needed to
    fool a scanner, and readers rebuild it)."""
    body = b"%PDF-1.7\n"
    for number, content in enumerate(objects, start=1):
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    return body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"


def _object_stream(dictionary: bytes) -> bytes:
    packed = zlib.compress(b"4 0 " + dictionary)
    return (
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream"
    )


def _attached() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("rechnung.exe", b"MZ not really")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


ACTIVE = {
    "open action script": _pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
        PAGES,
        PAGE,
    ),
    "escaped names": _pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        PAGES,
        PAGE,
        b"<< /S /Java#53cript /J#53 (app.alert(1)) >>",
    ),
    "script in an object stream": _pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        PAGES,
        PAGE,
        _object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>"),
    ),
    "launch action": _pdf(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>",
        PAGES,
        PAGE,
    ),
    "embedded file": _attached(),
}


@pytest.mark.parametrize("name", list(ACTIVE))
def test_scripts_and_embedded_files_are_found(name: str, tmp_path: Path) -> None:
    path = tmp_path / "datei.pdf"
    path.write_bytes(ACTIVE[name])
    assert is_active(path)


def test_ordinary_pdfs_pass(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    with plain.open("wb") as handle:
        writer.write(handle)
    assert not is_active(plain)
    for document in Path("/usr/share/doc").glob("*/*.pdf"):  # TeX-made manuals, if any
        assert not is_active(document), document


async def test_the_council_report_pdf_passes(tmp_path: Path) -> None:
    council = tmp_path / "ratsbericht.pdf"
    council.write_bytes(report_pdf(await council_report()))
    assert not is_active(council)


async def test_a_pdf_with_a_script_is_refused_with_a_clear_message_and_the_text_kept(
    client: httpx.AsyncClient, upload_dir: Path
) -> None:
    field = await _collection_field()
    await sign_in(client, await make_person())
    script = ACTIVE["open action script"]
    response = await _submit(
        client, field, [("attachments", ("brief.pdf", script, "application/pdf"))]
    )
    assert response.status_code == 400
    assert "enthält JavaScript" in response.text and FORM["title"] in response.text
    assert not await Proposal.exists(title=FORM["title"])
    assert _nothing_stored_in(upload_dir)
