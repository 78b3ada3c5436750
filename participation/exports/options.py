"""What a planner chooses for an export: the file (format and, for CSV, the flavour), the
scope (a field of action, statuses) and the order of the rows. The panel, the download
route and the ``participation export`` command read the same choices through
:func:`read_options`, so a wrong value is refused the same way everywhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from participation.exports.cells import Flavour
from participation.i18n import N_, gettext
from participation.proposals.models import LISTED_STATUSES, ProposalStatus


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"
    MD = "md"


class ExportSort(StrEnum):
    """The orders an export's rows can follow (DESIGN.md §4), each the public list's where
    the list offers it, ties included."""

    WILSON = "wilson"  # "Rangfolge", the public order
    BALANCED = "balanced"
    CONSENSUS = "consensus"
    SUPPORTED = "supported"
    NET = "net"  # supports minus objections

    @property
    def label(self) -> str:
        return gettext(SORT_LABELS[self][0])

    @property
    def explanation(self) -> str:
        return gettext(SORT_LABELS[self][1])

    @property
    def ties(self) -> str:
        """How rows with the same value are ordered, in words."""
        return gettext(TIES[self])


SORT_LABELS = {
    ExportSort.WILSON: (
        N_("Ranking"),
        N_(
            "The share of supports among all votes, counted cautiously (the lower bound of "
            "the 95 % Wilson interval): a proposal with few votes cannot outrank one with many."
        ),
    ),
    ExportSort.BALANCED: (
        N_("Balanced across groups"),
        N_(
            "Each stakeholder group's ranking score, averaged with the weights the planners "
            "set: thousands of citizens do not drown five chambers, nor the other way round."
        ),
    ),
    ExportSort.CONSENSUS: (
        N_("Consensus of the groups"),
        N_(
            "High only where every stakeholder group leans towards the proposal: the product "
            "over all groups of (supports + 1) / (votes + 2)."
        ),
    ),
    ExportSort.SUPPORTED: (
        N_("Most supports, objections not counted"),
        N_("The number of supports, whatever the objections."),
    ),
    ExportSort.NET: (
        N_("Balance (supports minus objections)"),
        N_("Each objection cancels a support: a proposal many oppose falls behind."),
    ),
}

SCORE_TIES = N_("Equal scores: fewer objections first, then more votes, then the older proposal.")
TIES = {
    ExportSort.WILSON: SCORE_TIES,
    ExportSort.BALANCED: SCORE_TIES,
    ExportSort.CONSENSUS: SCORE_TIES,
    ExportSort.SUPPORTED: N_("Equal numbers of supports: the older proposal first."),
    ExportSort.NET: N_("Equal balances: fewer objections first, then the older proposal."),
}


# What the panel offers as one choice: a format, and for CSV its flavour.
class Download(StrEnum):
    CSV_GERMAN = "csv-de"
    CSV_INTERNATIONAL = "csv"
    XLSX = "xlsx"
    JSON = "json"
    MD = "md"

    @property
    def file_format(self) -> Format:
        return Format.CSV if self.value.startswith("csv") else Format(self.value)

    @property
    def flavour(self) -> Flavour:
        return Flavour.GERMAN if self == Download.CSV_GERMAN else Flavour.INTERNATIONAL

    @property
    def label(self) -> str:
        return gettext(DOWNLOAD_LABELS[self][0])

    @property
    def explanation(self) -> str:
        return gettext(DOWNLOAD_LABELS[self][1])


DOWNLOAD_LABELS = {
    Download.CSV_GERMAN: (
        N_("CSV for Excel (German)"),
        N_(
            "Opens with a double click in Excel or LibreOffice set to German: semicolons "
            "between columns, decimal commas, dates as DD.MM.YYYY."
        ),
    ),
    Download.CSV_INTERNATIONAL: (
        N_("CSV (UTF-8, international)"),
        N_(
            "For other programs and spreadsheets set to English: commas between columns, "
            "decimal points, dates as YYYY-MM-DD."
        ),
    ),
    Download.XLSX: (
        N_("Excel workbook (XLSX)"),
        N_(
            "A workbook with a sheet that explains every column, all proposals, and one sheet "
            "per field of action; with filters and clickable links."
        ),
    ),
    Download.JSON: (
        N_("JSON"),
        N_("Structured data for programmers and open-data portals."),
    ),
    Download.MD: (
        N_("Markdown"),
        N_("A readable list per field of action, ready to paste into a text or the draft."),
    ),
}


class OptionError(ValueError):
    """A choice that names nothing the export knows; ``parameter`` says which."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class ExportOptions:
    format: Format
    flavour: Flavour = Flavour.INTERNATIONAL
    field: str = ""  # the slug of one field of action; empty: the whole masterplan
    statuses: tuple[ProposalStatus, ...] = LISTED_STATUSES
    sort: ExportSort = ExportSort.WILSON

    def query(self) -> list[tuple[str, str]]:
        """The choices as the download URL's query (the format is in its path)."""
        pairs = []
        if self.format == Format.CSV:
            pairs.append(("flavour", self.flavour.value))
        if self.field:
            pairs.append(("field", self.field))
        if self.statuses != LISTED_STATUSES:
            pairs += [("status", status.value) for status in self.statuses]
        if self.sort != ExportSort.WILSON:
            pairs.append(("sort", self.sort.value))
        return pairs


SORT_ALIASES = {"rank": ExportSort.WILSON}  # the public list's name for "Rangfolge"
DELIMITERS = {"semicolon": Flavour.GERMAN, "comma": Flavour.INTERNATIONAL}


def _flavour(flavour: str, delimiter: str) -> Flavour:
    if flavour:
        try:
            return Flavour(flavour)
        except ValueError:
            raise OptionError("flavour", gettext("Choose one of the CSV variants.")) from None
    if delimiter and delimiter not in DELIMITERS:
        raise OptionError("flavour", gettext("Choose one of the CSV variants."))
    return DELIMITERS.get(delimiter, Flavour.INTERNATIONAL)


def _statuses(values: Iterable[str]) -> tuple[ProposalStatus, ...]:
    chosen = {value for value in values if value}
    listed = {status.value for status in LISTED_STATUSES}
    if chosen - listed:
        raise OptionError("status", gettext("Choose statuses from the list."))
    return tuple(s for s in LISTED_STATUSES if s.value in chosen) or LISTED_STATUSES


def _sort(value: str) -> ExportSort:
    if not value:
        return ExportSort.WILSON
    try:
        return SORT_ALIASES.get(value) or ExportSort(value)
    except ValueError:
        raise OptionError("sort", gettext("Choose one of the orders from the list.")) from None


def read_options(
    format: Format,
    *,
    flavour: str = "",
    delimiter: str = "",
    field: str = "",
    statuses: Iterable[str] = (),
    sort: str = "",
) -> ExportOptions:
    """The choices as given (query parameters or command-line options); OptionError names
    the first that is wrong. ``delimiter=semicolon`` is the German flavour's older name."""
    return ExportOptions(
        format=format,
        flavour=_flavour(flavour.strip(), delimiter.strip()),
        field=field.strip()[:100],
        statuses=_statuses(value.strip() for value in statuses),
        sort=_sort(sort.strip()),
    )


def read_download(value: str) -> Download:
    try:
        return Download(value.strip())
    except ValueError:
        raise OptionError("format", gettext("Choose a file format.")) from None
