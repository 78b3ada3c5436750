"""Attachments: checked by content, limited in size and number, stored outside static/,
served as downloads to whoever may see the proposal."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import httpx
import pytest
from tortoise.exceptions import IntegrityError

from participation.accounts.models import StakeholderGroup
from participation.i18n import language
from participation.masterplans.models import FieldOfAction
from participation.proposals import attachments
from participation.proposals.models import Attachment, Proposal, ProposalStatus
from participation.proposals.services import submit_proposal
from participation.settings import BASE_DIR
from tests.auth import csrf_token, make_person, shown, sign_in
from tests.factories import make_field, make_masterplan, make_proposal

MB = 1024 * 1024
FILES_AGAIN = shown(
    "Browsers cannot keep chosen files when a form comes back: please choose the files again."
)


@pytest.fixture(autouse=True)
def upload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "uploads"
    monkeypatch.setattr(attachments, "UPLOAD_DIR", directory)
    return directory


def minimal_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
        b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )


def minimal_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1 pixel, 8-bit grey
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def minimal_jpeg() -> bytes:
    # SOI, a JFIF APP0 segment, EOI: the frame of every JPEG file.
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8\xff\xe0" + struct.pack(">H", len(app0) + 2) + app0 + b"\xff\xd9"


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, text in members.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            package.writestr(name, text, compress_type=method)
    return buffer.getvalue()


def minimal_odt() -> bytes:
    return _zip(
        {
            "mimetype": "application/vnd.oasis.opendocument.text",
            "META-INF/manifest.xml": '<?xml version="1.0"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
            "content.xml": '<?xml version="1.0"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        }
    )


def minimal_docx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"/>',
            "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
            "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
        }
    )


VALID_FILES = [
    ("positionspapier.pdf", minimal_pdf(), "application/pdf"),
    ("karte.png", minimal_png(), "image/png"),
    ("foto.jpg", minimal_jpeg(), "image/jpeg"),
    ("konzept.odt", minimal_odt(), "application/vnd.oasis.opendocument.text"),
    (
        "stellungnahme.docx",
        minimal_docx(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
]

FORM = {
    "title": "Gigabit-Anschluss für alle Gewerbegebiete",
    "body": "Jedes Gewerbegebiet bekommt bis 2025 einen Glasfaseranschluss.",
    "disclosure": "Die IHK vertritt ihre Mitgliedsunternehmen.",
}

Files = list[tuple[str, tuple[str, bytes, str]]]


async def _collection_field() -> FieldOfAction:
    return await make_field(await make_masterplan(), slug="glasfaser", title="Glasfaserstrategie")


async def _submit(client: httpx.AsyncClient, field: FieldOfAction, files: Files) -> httpx.Response:
    slug = (await field.masterplan).slug
    token = await csrf_token(client)
    data = {**FORM, "field_of_action": field.slug, "csrf_token": token}
    return await client.post(f"/masterplans/{slug}/proposals/new", data=data, files=files)


def _nothing_stored_in(directory: Path) -> bool:
    return not directory.exists() or not any(directory.iterdir())


def _stored_names(directory: Path) -> list[str]:
    return [path.name for path in directory.iterdir()]


def _form_kept(html: str) -> bool:
    return (
        f'value="{FORM["title"]}"' in html
        and FORM["body"] in html
        and FORM["disclosure"] in html
        and 'value="glasfaser" selected' in html
    )


# The content checks themselves


@pytest.mark.parametrize(("name", "content", "content_type"), VALID_FILES)
def test_sniff_knows_each_accepted_kind_by_its_content(
    tmp_path: Path, name: str, content: bytes, content_type: str
) -> None:
    path = tmp_path / "upload"  # no extension: the name plays no part
    path.write_bytes(content)
    assert attachments.sniff(path) == content_type


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",  # a Windows program
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8,  # a Linux program
        b"<html><script>alert(1)</script></html>",
        _zip({"readme.txt": "not an office document"}),
        _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
        b"PK\x03\x04 truncated, not a readable archive",
    ],
)
def test_sniff_refuses_everything_else(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "upload.pdf"
    path.write_bytes(content)
    assert attachments.sniff(path) is None


@pytest.mark.parametrize(
    ("uploaded", "content_type", "expected"),
    [
        ("C:\\Users\\anna\\Positionspapier IHK.pdf", attachments.PDF, "Positionspapier IHK.pdf"),
        ("../../etc/passwd", attachments.PDF, "passwd.pdf"),
        ("..pdf", attachments.PDF, "pdf.pdf"),
        ("bericht\x00\n\u202egpj.exe", attachments.PDF, "berichtgpj.exe.pdf"),
        ("werkzeug.exe", attachments.DOCX, "werkzeug.exe.docx"),
        ("Foto.JPEG", attachments.JPEG, "Foto.JPEG"),
        ("", attachments.PNG, "attachment.png"),
    ],
)
def test_safe_filename_keeps_a_clean_basename_with_a_matching_extension(
    uploaded: str, content_type: str, expected: str
) -> None:
    assert attachments.safe_filename(uploaded, content_type) == expected


def test_safe_filename_is_limited_in_length_and_keeps_the_extension() -> None:
    name = attachments.safe_filename("a" * 500 + ".pdf", attachments.PDF)
    assert len(name) == attachments.MAX_NAME_LENGTH and name.endswith(".pdf")


def test_content_disposition_offers_an_ascii_name_and_the_exact_utf8_name() -> None:
    header = attachments.content_disposition('Stellungnahme "Große" Straße.pdf')
    assert header.startswith("attachment; ")
    assert 'filename="Stellungnahme _Groe_ Strae.pdf"' in header
    assert "filename*=UTF-8''Stellungnahme%20%22Gro%C3%9Fe%22%20Stra%C3%9Fe.pdf" in header


def test_uploads_are_stored_outside_static_by_default() -> None:
    default = BASE_DIR / "var" / "uploads"
    assert not default.is_relative_to(BASE_DIR / "static")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "is empty"),
        (minimal_pdf() + b"0" * attachments.MAX_FILE_BYTES, "larger than 10 MB"),
        (b"MZ\x90\x00", "not a PDF, PNG, JPEG, ODT or DOCX"),
    ],
)
async def test_store_refuses_with_the_reason_and_leaves_nothing_behind(
    upload_dir: Path, content: bytes, reason: str
) -> None:
    with language("en"), pytest.raises(attachments.AttachmentsRefused) as refused:
        await attachments.store(_Upload("anlage.pdf", content))
    assert "anlage.pdf" in refused.value.message and reason in refused.value.message
    assert _nothing_stored_in(upload_dir)


async def test_store_accepts_exactly_10_mb(upload_dir: Path) -> None:
    content = minimal_pdf() + b"0" * (attachments.MAX_FILE_BYTES - len(minimal_pdf()))
    stored = await attachments.store(_Upload("anlage.pdf", content))
    assert stored.size == attachments.MAX_FILE_BYTES
    assert _stored_names(upload_dir) == [stored.stored_name]


# Uploading with a proposal


async def test_a_valid_pdf_png_jpeg_odt_and_docx_are_accepted_and_stored_by_random_names(
    client: httpx.AsyncClient, upload_dir: Path
) -> None:
    field = await _collection_field()
    await sign_in(client, await make_person())
    files: Files = [("attachments", item) for item in VALID_FILES]
    response = await _submit(client, field, files)
    assert response.status_code == 303, response.text[:2000]
    proposal = await Proposal.get(title=FORM["title"])
    stored = await Attachment.filter(proposal_id=proposal.id).order_by("id")
    assert [(a.original_name, a.content_type) for a in stored] == [
        (name, content_type) for name, _, content_type in VALID_FILES
    ]
    for attachment, (_, content, _) in zip(stored, VALID_FILES, strict=True):
        assert re.fullmatch(r"[0-9a-f]{32}", attachment.stored_name)
        assert (upload_dir / attachment.stored_name).read_bytes() == content
        assert attachment.size == len(content)


async def test_the_proposal_page_lists_attachments_with_kind_and_size(
    client: httpx.AsyncClient,
) -> None:
    field = await _collection_field()
    await sign_in(client, await make_person())
    big = minimal_pdf() + b"%" * (2 * MB)
    await _submit(
        client,
        field,
        [
            ("attachments", ("positionspapier.pdf", big, "application/pdf")),
            ("attachments", ("karte.png", minimal_png(), "image/png")),
        ],
    )
    proposal = await Proposal.get(title=FORM["title"])
    html = (await client.get(f"/proposals/{proposal.id}")).text
    section = html[html.index('id="attachments"') :]
    assert "positionspapier.pdf" in section and "(PDF, 2,0 MB)" in section
    assert "karte.png" in section and "(PNG, 1 KB)" in section
    first = await Attachment.filter(proposal_id=proposal.id).order_by("id").first()
    assert first is not None and f'href="/attachments/{first.id}"' in section


@pytest.mark.parametrize(
    "content", [b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, b"\x7fELF\x02\x01\x01" + b"\x00" * 64]
)
async def test_a_program_renamed_to_pdf_is_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, upload_dir: Path, content: bytes
) -> None:
    field = await _collection_field()
    await sign_in(client, await make_person())
    files: Files = [
        ("attachments", ("karte.png", minimal_png(), "image/png")),
        ("attachments", ("positionspapier.pdf", content, "application/pdf")),
    ]
    response = await _submit(client, field, files)
    assert response.status_code == 400
    error = re.search(r'id="attachments-error"[^>]*>(.*?)</p>', response.text, re.S)
    not_accepted = shown(
        "“%(name)s” is not a PDF, PNG, JPEG, ODT or DOCX file (its content was checked, "
        "not its name)."
    )
    assert error and not_accepted % {"name": "positionspapier.pdf"} in error.group(1)
    assert _form_kept(response.text)
    assert FILES_AGAIN in response.text
    assert await Proposal.all().count() == 0 and await Attachment.all().count() == 0
    assert _nothing_stored_in(upload_dir)


async def test_a_file_over_10_mb_is_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, upload_dir: Path
) -> None:
    field = await _collection_field()
    await sign_in(client, await make_person())
    eleven = minimal_pdf() + b"0" * (11 * MB)
    response = await _submit(
        client, field, [("attachments", ("gutachten.pdf", eleven, "application/pdf"))]
    )
    assert response.status_code == 400
    error = re.search(r'id="attachments-error"[^>]*>(.*?)</p>', response.text, re.S)
    too_large = shown("“%(name)s” is larger than 10 MB.") % {"name": "gutachten.pdf"}
    assert error and too_large in error.group(1)
    assert _form_kept(response.text)
    assert await Proposal.all().count() == 0
    assert _nothing_stored_in(upload_dir)


async def test_a_sixth_file_is_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, upload_dir: Path
) -> None:
    field = await _collection_field()
    await sign_in(client, await make_person())
    files: Files = [
        ("attachments", (f"seite-{n}.pdf", minimal_pdf(), "application/pdf")) for n in range(6)
    ]
    response = await _submit(client, field, files)
    assert response.status_code == 400
    error = re.search(r'id="attachments-error"[^>]*>(.*?)</p>', response.text, re.S)
    assert error and "6" in error.group(1) and "5" in error.group(1)
    assert _form_kept(response.text)
    assert await Proposal.all().count() == 0
    assert _nothing_stored_in(upload_dir)


async def test_files_of_a_form_with_other_errors_are_not_kept(
    client: httpx.AsyncClient, upload_dir: Path
) -> None:
    field = await _collection_field()
    await sign_in(client, await make_person())
    slug = (await field.masterplan).slug
    token = await csrf_token(client)
    response = await client.post(
        f"/masterplans/{slug}/proposals/new",
        data={**FORM, "title": "", "field_of_action": field.slug, "csrf_token": token},
        files=[("attachments", ("positionspapier.pdf", minimal_pdf(), "application/pdf"))],
    )
    assert response.status_code == 400 and 'id="title-error"' in response.text
    assert FILES_AGAIN in response.text
    assert _nothing_stored_in(upload_dir)


async def test_files_are_removed_when_the_proposal_cannot_be_written(
    db: None, upload_dir: Path
) -> None:
    field = await _collection_field()
    author = await make_person()
    stored = await attachments.store_all([_Upload("positionspapier.pdf", minimal_pdf())])
    assert _stored_names(upload_dir) == [stored[0].stored_name]
    # Another row already claims the stored name: the unique index fails the transaction.
    other = await make_proposal(field)
    await Attachment.create(
        proposal=other,
        original_name="x.pdf",
        stored_name=stored[0].stored_name,
        content_type=attachments.PDF,
        size=1,
    )
    with pytest.raises(IntegrityError):
        await submit_proposal(
            field_of_action=field,
            author=author,
            title="Ein Titel",
            body="Ein Text.",
            group=StakeholderGroup.CITIZENS,
            files=stored,
        )
    assert _nothing_stored_in(upload_dir)
    assert not await Proposal.exists(title="Ein Titel")


class _Upload:
    def __init__(self, filename: str, content: bytes) -> None:
        self.filename: str | None = filename
        self._stream = io.BytesIO(content)

    async def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)


# Downloads


async def _proposal_with_attachment(
    client: httpx.AsyncClient, name: str = "Positionspapier IHK.pdf"
) -> tuple[Proposal, Attachment]:
    field = await _collection_field()
    await sign_in(client, await make_person())
    await _submit(client, field, [("attachments", (name, minimal_pdf(), "application/pdf"))])
    proposal = await Proposal.get(title=FORM["title"])
    return proposal, await Attachment.get(proposal_id=proposal.id)


async def test_a_download_is_an_attachment_with_the_checked_type_and_nosniff(
    client: httpx.AsyncClient,
) -> None:
    _, attachment = await _proposal_with_attachment(client, "Stellungnahme Straße.pdf")
    client.cookies.clear()  # visitors download public attachments too
    response = await client.get(f"/attachments/{attachment.id}")
    assert response.status_code == 200
    assert response.content == minimal_pdf()
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Stellungnahme%20Stra%C3%9Fe.pdf" in disposition


@pytest.mark.parametrize("status", [ProposalStatus.HIDDEN, ProposalStatus.WITHDRAWN])
async def test_the_attachment_of_a_proposal_not_public_is_404_for_others(
    client: httpx.AsyncClient, status: ProposalStatus
) -> None:
    proposal, attachment = await _proposal_with_attachment(client)
    await Proposal.filter(id=proposal.id).update(status=status)
    assert (await client.get(f"/attachments/{attachment.id}")).status_code == 200  # the author
    client.cookies.clear()
    assert (await client.get(f"/attachments/{attachment.id}")).status_code == 404
    await sign_in(client, await make_person())
    assert (await client.get(f"/attachments/{attachment.id}")).status_code == 404


async def test_an_unknown_or_missing_attachment_is_404(
    client: httpx.AsyncClient, upload_dir: Path
) -> None:
    _, attachment = await _proposal_with_attachment(client)
    assert (await client.get(f"/attachments/{attachment.id + 1}")).status_code == 404
    (upload_dir / attachment.stored_name).unlink()
    assert (await client.get(f"/attachments/{attachment.id}")).status_code == 404


async def test_when_files_cannot_be_stored_the_form_keeps_the_text_and_says_so(
    client: httpx.AsyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upload directory that cannot take files (here: its place is taken by a file, so
    the operating system refuses; a full disk or a read-only mount answers alike)."""
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    monkeypatch.setattr(attachments, "UPLOAD_DIR", blocked / "uploads")
    field = await _collection_field()
    await sign_in(client, await make_person())
    response = await _submit(client, field, [("attachments", VALID_FILES[0])])
    assert response.status_code == 400
    assert "konnte nicht gespeichert werden" in response.text
    assert FORM["title"] in response.text and FORM["body"] in response.text
    assert not await Proposal.exists(title=FORM["title"])
