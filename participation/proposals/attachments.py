"""Attachments: files checked by their content, stored outside ``static/`` under random names.

A file is accepted for what its bytes are, never for its name or the type a browser declares:
a renamed program called ``position.pdf`` is refused. Uploads are read in chunks and reading
stops at the size limit. The original name is kept, cleaned, for display and download only;
on disk every file has a random name in the upload directory (``UPLOAD_DIR``, by default
``var/uploads/``), which no static route serves.
"""

from __future__ import annotations

import logging
import re
import secrets
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

import anyio
from starlette.config import Config

from participation.i18n import gettext
from participation.proposals import pdf_check
from participation.proposals.models import Attachment
from participation.settings import BASE_DIR

log = logging.getLogger(__name__)

_config = Config(BASE_DIR / ".env" if (BASE_DIR / ".env").exists() else None)
# Read once at import; tests point it elsewhere by setting this module attribute.
UPLOAD_DIR: Path = _config("UPLOAD_DIR", cast=Path, default=BASE_DIR / "var" / "uploads")

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_NAME_LENGTH = 200  # Attachment.original_name
CHUNK_BYTES = 256 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The extensions a file of each type may carry; the first is given to a name without one.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    PDF: ("pdf",),
    PNG: ("png",),
    JPEG: ("jpg", "jpeg"),
    ODT: ("odt",),
    DOCX: ("docx",),
}
LABELS: dict[str, str] = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", ODT: "ODT", DOCX: "DOCX"}

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    KeyError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)


class Upload(Protocol):
    """What a received file offers (Starlette's ``UploadFile`` is one)."""

    @property
    def filename(self) -> str | None: ...

    async def read(self, size: int = -1) -> bytes: ...


@dataclass(frozen=True)
class StoredFile:
    """A checked file on disk, not yet tied to a proposal."""

    stored_name: str
    original_name: str
    content_type: str
    size: int

    @property
    def path(self) -> Path:
        return UPLOAD_DIR / self.stored_name


class AttachmentsRefused(Exception):
    """One or more files are refused; ``message`` says which and why, for the file field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def path_of(attachment: Attachment) -> Path:
    return UPLOAD_DIR / attachment.stored_name


def sniff(path: Path) -> str | None:
    """The content type of the file at ``path`` as its bytes show it, or None if it is not
    one of the accepted kinds."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    return None


def _sniff_zip(path: Path) -> str | None:
    """ODT and DOCX are ZIP packages: tell them apart by their members. Only the central
    directory and a few bytes of ``mimetype`` are read, so a ZIP bomb never unfolds."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "mimetype" in names:
                with package.open("mimetype") as member:
                    if member.read(100).strip() == ODT.encode():
                        return ODT
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                return DOCX
    except _ZIP_ERRORS:
        return None
    return None


def safe_filename(name: str, content_type: str) -> str:
    """The uploaded name cleaned for display and download: the last path part only, no
    control or direction-changing characters, no leading dots, at most 200 characters, and
    an extension that matches the content (``tool.exe`` holding a DOCX becomes
    ``tool.exe.docx``)."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(char for char in unicodedata.normalize("NFC", base) if char.isprintable())
    base = base.strip().lstrip(".").strip()
    allowed = EXTENSIONS[content_type]
    stem, dot, suffix = base.rpartition(".")
    if not dot or not stem or suffix.lower() not in allowed:
        stem, suffix = base, allowed[0]
    stem = stem[: MAX_NAME_LENGTH - len(suffix) - 1].rstrip() or "attachment"
    return f"{stem}.{suffix}"


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact name as RFC 5987 ``filename*``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._ -]", "_", ascii_name).strip() or "attachment"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def download_headers(attachment: Attachment) -> dict[str, str]:
    return {
        "Content-Disposition": content_disposition(attachment.original_name),
        "X-Content-Type-Options": "nosniff",
        # Defence in depth should a browser render it anyway: no script, no plugins.
        "Content-Security-Policy": "default-src 'none'; sandbox",
        # Visibility can change (hiding, withdrawal): no shared cache keeps a copy.
        "Cache-Control": "private, no-cache",
    }


def discard(files: Iterable[StoredFile]) -> None:
    """Remove stored files that no proposal will hold (a refused form, a failed transaction).
    Synchronous on purpose: a few unlinks, safe to run while a task is being cancelled."""
    for file in files:
        _remove(file.path)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:  # the directory itself is gone or unusable: nothing to remove
        log.warning("could not remove %s: %s", path, error)


def _name_of(upload: Upload) -> str:
    return (upload.filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or "?"


async def _write_bounded(upload: Upload, target: Path) -> int:
    """Copy the upload to ``target`` chunk by chunk, stopping as soon as it grows past the
    limit; returns the bytes read (more than the limit means: too large)."""
    size = 0
    async with await anyio.open_file(target, "xb") as handle:
        while chunk := await upload.read(CHUNK_BYTES):
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                break
            await handle.write(chunk)
    return size


def _refusal(name: str, size: int, content_type: str | None) -> str | None:
    if size > MAX_FILE_BYTES:
        return gettext("“%(name)s” is larger than 10 MB.") % {"name": name}
    if size == 0:
        return gettext("“%(name)s” is empty.") % {"name": name}
    if content_type is None:
        return gettext(
            "“%(name)s” is not a PDF, PNG, JPEG, ODT or DOCX file (its content was checked, "
            "not its name)."
        ) % {"name": name}
    return None


async def store(upload: Upload) -> StoredFile:
    """Check one upload by size and content and keep it under a random name."""
    name = _name_of(upload)
    target = UPLOAD_DIR / secrets.token_hex(16)
    try:
        await anyio.Path(UPLOAD_DIR).mkdir(parents=True, exist_ok=True)
        size = await _write_bounded(upload, target)
    except OSError as error:  # a full disk, a read-only or missing directory
        _remove(target)
        log.error("attachment %r could not be stored in %s: %s", name, UPLOAD_DIR, error)
        raise AttachmentsRefused(
            gettext(
                "“%(name)s” could not be stored: the platform cannot keep files at the "
                "moment. Your text is still here; submit it without the file or try again "
                "later."
            )
            % {"name": name}
        ) from error
    except BaseException:
        _remove(target)
        raise
    try:
        fits = 0 < size <= MAX_FILE_BYTES
        content_type = await anyio.to_thread.run_sync(sniff, target) if fits else None
    except BaseException:
        _remove(target)
        raise
    refusal = _refusal(name, size, content_type)
    if refusal is None and content_type == PDF:
        try:
            active = await anyio.to_thread.run_sync(pdf_check.is_active, target)
        except BaseException:
            _remove(target)
            raise
        if active:
            refusal = gettext(
                "“%(name)s” contains JavaScript, embedded files or actions that start "
                "programs, which could harm the computers of the people who open it. Please "
                "save it as a plain PDF (for example with “Print to PDF”) and attach it again."
            ) % {"name": name}
    if refusal is not None:
        _remove(target)
        raise AttachmentsRefused(refusal)
    assert content_type is not None  # _refusal() refuses an unknown kind
    return StoredFile(
        stored_name=target.name,
        original_name=safe_filename(upload.filename or "", content_type),
        content_type=content_type,
        size=size,
    )


async def store_all(uploads: Sequence[Upload]) -> list[StoredFile]:
    """Check and keep every upload, or none: if one is refused, all are removed again and
    the refusal names each refused file."""
    if len(uploads) > MAX_FILES:
        raise AttachmentsRefused(
            gettext("You chose %(count)d files; at most %(max)d can be attached.")
            % {"count": len(uploads), "max": MAX_FILES}
        )
    stored: list[StoredFile] = []
    problems: list[str] = []
    try:
        for upload in uploads:
            try:
                stored.append(await store(upload))
            except AttachmentsRefused as refused:
                problems.append(refused.message)
    except BaseException:
        discard(stored)
        raise
    if problems:
        discard(stored)
        raise AttachmentsRefused(" ".join(problems))
    return stored
