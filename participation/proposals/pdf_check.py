"""Whether a PDF can do more than show pages: JavaScript, embedded files, launch actions.

Attachments are public downloads; a PDF that runs a script or carries another file inside
could harm the computers of the people who open it, so such files are refused. The check
reads the names of the file's dictionaries (``/JavaScript``, ``/JS``, ``/EmbeddedFile``,
``/Launch``, ...), with ``#xx`` escapes decoded, in the file itself and in its
Flate-compressed object streams, where dictionaries can hide. Decompression is bounded: a
file that unfolds to more than ``UNFOLD_LIMIT`` bytes counts as active as well.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path

ACTIVE_NAMES = frozenset(
    {
        b"JavaScript",
        b"JS",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"Launch",
        b"RichMedia",
        b"GoToE",  # go to an embedded file
    }
)
UNFOLD_LIMIT = 64 * 1024 * 1024

_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)


def _names(data: bytes) -> Iterator[bytes]:
    for match in _NAME.finditer(data):
        yield _ESCAPE.sub(lambda hexa: bytes([int(hexa.group(1), 16)]), match.group(1))


def _active(data: bytes) -> bool:
    return any(name in ACTIVE_NAMES for name in _names(data))


def is_active(path: Path) -> bool:
    """True for a PDF with scripts, embedded files or launch actions (or one whose object
    streams unfold beyond the limit); run it in a worker thread, it reads the whole file.

    Dictionaries stand between the streams, or compressed inside object streams; the other
    streams (page contents, fonts, images) hold no dictionaries and are skipped, so bytes
    of an image that happen to spell ``/JS`` refuse nothing."""
    data = path.read_bytes()
    budget = UNFOLD_LIMIT
    position = 0
    for match in _STREAM.finditer(data):
        outside = data[position : match.start()]
        position = match.end()
        if _active(outside):
            return True
        if b"ObjStm" not in set(_names(outside[outside.rfind(b"obj") :])):
            continue
        unfold = zlib.decompressobj()
        try:
            content = unfold.decompress(match.group(1), budget)
        except zlib.error:
            continue  # not Flate-compressed: no object stream a reader would unfold
        budget -= len(content)
        if budget <= 0 or unfold.unconsumed_tail or _active(content):
            return True
    return _active(data[position:])
