"""Clickable links in a big XLSX without holding them in memory.

XlsxWriter keeps every hyperlink as an object until the file is closed (about 600 bytes
each: 20,000 proposals on two sheets grew an export by 24 MiB). The links of an export are
known when their row is written, so they are spooled to a file instead, one line each, and
added afterwards: the workbook is copied member by member, each sheet gets its
``<hyperlinks>`` element (before ``<pageMargins>``, where the schema puts it) and a
relationships part naming the targets, both written as the spool is read.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from xml.sax.saxutils import quoteattr

EXCEL_LIMIT = 65_530  # hyperlinks per worksheet; past it Excel drops them
MARK = b"<pageMargins"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
RELS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
)


class LinkSpool:
    """The links of one sheet, appended as their rows are written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._file: IO[str] = path.open("w", encoding="utf-8")

    def add(self, cell: str, url: str) -> bool:
        """Keep the link of ``cell`` ("V2"); False past Excel's limit (the cell then stays
        plain text)."""
        if self.count >= EXCEL_LIMIT or "\n" in url or "\t" in url:
            return False
        self.count += 1
        self._file.write(f"{cell}\t{url}\n")
        return True

    def close(self) -> None:
        self._file.close()

    def links(self) -> Iterator[tuple[int, str, str]]:
        self.close()
        with self.path.open(encoding="utf-8") as spooled:
            for number, line in enumerate(spooled, start=1):
                cell, url = line.rstrip("\n").split("\t", 1)
                yield number, cell, url


def _hyperlinks(spool: LinkSpool) -> Iterator[bytes]:
    yield b"<hyperlinks>"
    for number, cell, _ in spool.links():
        yield f'<hyperlink ref="{cell}" r:id="rId{number}"/>'.encode()
    yield b"</hyperlinks>"


def _relationships(spool: LinkSpool) -> Iterator[bytes]:
    yield RELS_HEAD.encode()
    for number, _, url in spool.links():
        target = quoteattr(url)
        yield (
            f'<Relationship Id="rId{number}" Type="{RELATIONSHIP}" Target={target} '
            'TargetMode="External"/>'
        ).encode()
    yield b"</Relationships>"


def _copy_sheet(source: IO[bytes], target: IO[bytes], spool: LinkSpool) -> None:
    """The sheet as it is, with the hyperlinks inserted before ``<pageMargins``."""
    carry = b""
    while piece := source.read(1 << 20):
        data = carry + piece
        at = data.find(MARK)
        if at >= 0:
            target.write(data[:at])
            target.writelines(_hyperlinks(spool))
            target.write(data[at:])
            shutil.copyfileobj(source, target)
            return
        keep = len(MARK) - 1
        target.write(data[:-keep])
        carry = data[-keep:]
    raise ValueError("a worksheet without <pageMargins>")  # XlsxWriter always writes it


def add_hyperlinks(source: Path, target: Path, spools: dict[int, LinkSpool]) -> None:
    """Copy the workbook at ``source`` to ``target`` with the spooled links of each sheet
    (by its 1-based position)."""
    names = {f"xl/worksheets/sheet{index}.xml": s for index, s in spools.items() if s.count}
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as linked,
    ):
        for info in original.infolist():
            member = zipfile.ZipInfo(info.filename, info.date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            with original.open(info) as read, linked.open(member, "w", force_zip64=True) as out:
                if info.filename in names:
                    _copy_sheet(read, out, names[info.filename])
                else:
                    shutil.copyfileobj(read, out)
        for name, spool in names.items():
            folder, sheet = name.rsplit("/", 1)
            rels = zipfile.ZipInfo(f"{folder}/_rels/{sheet}.rels", (1980, 1, 1, 0, 0, 0))
            rels.compress_type = zipfile.ZIP_DEFLATED
            with linked.open(rels, "w", force_zip64=True) as out:
                out.writelines(_relationships(spool))
