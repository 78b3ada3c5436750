"""Cells of a spreadsheet file, written so that a spreadsheet reads them as what they are:
text stays inert text (never a formula), no character the file format forbids gets in, and
a CSV is spelled the way its reader's spreadsheet expects. Plain functions without
dependencies: the audit log's CSV uses them too."""

from __future__ import annotations

import re
from enum import StrEnum


class Flavour(StrEnum):
    """How a CSV file is spelled, named for the people who open it."""

    GERMAN = "de"  # ";" between cells, decimal comma, dates TT.MM.JJJJ: Excel and Calc in German
    INTERNATIONAL = "intl"  # "," between cells, decimal point, ISO 8601 dates

    @property
    def delimiter(self) -> str:
        return ";" if self == Flavour.GERMAN else ","

    @property
    def decimal(self) -> str:
        return "," if self == Flavour.GERMAN else "."

    @property
    def file_suffix(self) -> str:
        return "excel-deutsch" if self == Flavour.GERMAN else "utf8-international"


# OWASP's rule for CSV injection: a cell starting with one of these is a formula to Excel
# and LibreOffice; a leading apostrophe makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 forbids (an XLSX is XML) and that no reader needs in a CSV either: the
# C0 controls but tab, line feed and carriage return, and the two non-characters.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
MAX_CELL = 32_767  # Excel's limit of characters in one cell


def clean(text: str) -> str:
    """The text with the characters a file cannot hold replaced by U+FFFD, so a reader sees
    that something was there."""
    return FORBIDDEN.sub("\ufffd", text)[:MAX_CELL]


def inert(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: never read as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text
