"""The audit log as a CSV file people open in a spreadsheet: by default for a German Excel
(";", dates TT.MM.JJJJ), otherwise international (",", ISO 8601); local time in Dortmund,
actions and targets by their readable names, headers in the reader's language."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator

from participation.exports.cells import Flavour, clean, inert
from participation.i18n import CITY_TIMEZONE, N_, gettext
from participation.moderation import queries as moderation_queries
from participation.moderation.audit import SYSTEM_ACTOR, action_label, tell
from participation.moderation.audit_names import Names, names_of
from participation.moderation.models import AuditEntry

HEADERS = (
    N_("Entry"),
    N_("When (Dortmund time)"),
    N_("Done by"),
    N_("Action"),
    N_("What happened"),
    N_("Concerns"),
    N_("Reason"),
)
BATCH = 500
MOMENT = {Flavour.GERMAN: "%d.%m.%Y %H:%M", Flavour.INTERNATIONAL: "%Y-%m-%d %H:%M"}


def _actor(name: str) -> str:
    return gettext("System (automatic)") if name == SYSTEM_ACTOR else name


def csv_row(entry: AuditEntry, flavour: Flavour, names: Names) -> list[str]:
    moment = entry.created_at.astimezone(CITY_TIMEZONE).strftime(MOMENT[flavour])
    told = tell(entry, names)
    values = (_actor(entry.actor_name), action_label(entry.action), told.sentence, told.about)
    return [str(entry.id), moment, *(inert(clean(value)) for value in (*values, entry.reason))]


def filename(flavour: Flavour) -> str:
    return f"audit-log-{flavour.file_suffix}.csv"


async def csv_lines(
    filters: moderation_queries.AuditFilters, flavour: Flavour = Flavour.GERMAN
) -> AsyncIterator[str]:
    """UTF-8 with a byte-order mark (Excel then reads umlauts right), CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=flavour.delimiter, lineterminator="\r\n")
    writer.writerow([gettext(name) for name in HEADERS])
    yield "\ufeff" + buffer.getvalue()
    before: int | None = None
    while True:  # a batch at a time: the names of a batch's targets in one query per kind
        entries, before = await moderation_queries.audit_page(filters, before, BATCH)
        names = await names_of(entries)
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(csv_row(entry, flavour, names) for entry in entries)
        yield buffer.getvalue()
        if before is None:
            return
