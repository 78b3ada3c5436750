"""What an export is, in plain words: the facts of the file (masterplan, scope, order, when,
which draft version), every column and every ranking method. The XLSX's first sheet shows
it; the Markdown's head names the facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from babel.dates import format_datetime

from participation.exports.columns import COLUMNS, Column, explanation, header
from participation.exports.options import ExportSort
from participation.exports.rows import Scope
from participation.i18n import CITY_TIMEZONE, current_language, format_day, gettext
from participation.masterplans.models import Masterplan
from participation.planning.drafts import latest_published
from participation.proposals.models import LISTED_STATUSES


@dataclass(frozen=True)
class Guide:
    sheet_name: str
    title: str
    facts: list[tuple[str, str]]
    columns_heading: str
    columns: list[tuple[str, str]]  # header, what it holds
    methods_heading: str
    methods: list[tuple[str, str]]  # name, how it ranks and orders ties


def _moment(now: datetime) -> str:
    pattern = "dd.MM.yyyy HH:mm" if current_language() == "de" else "yyyy-MM-dd HH:mm"
    local = now.astimezone(CITY_TIMEZONE)
    return format_datetime(local, pattern, locale=current_language())


async def _draft_fact(masterplan: Masterplan) -> str:
    version = await latest_published(masterplan)
    if version is None or version.published_at is None:
        return gettext("No version of the draft is published yet: every result is still open.")
    return gettext("Version %(number)s, published on %(date)s") % {
        "number": version.number,
        "date": format_day(version.published_at),
    }


def scope_facts(masterplan: Masterplan, scope: Scope) -> list[tuple[str, str]]:
    field = scope.field_of_action
    statuses = (
        gettext("All public proposals")
        if set(scope.statuses) == set(LISTED_STATUSES)
        else ", ".join(status.label for status in scope.statuses)
    )
    return [
        (gettext("Masterplan"), masterplan.title),
        (gettext("Field of action"), field.title if field else gettext("All fields of action")),
        (gettext("Statuses"), statuses),
        (gettext("Order"), scope.sort.label),
    ]


def described_columns(columns: list[Column] = COLUMNS) -> list[tuple[str, str]]:
    """Each column's header and what it holds; a group's two columns on one line."""
    described: list[tuple[str, str]] = []
    for index, column in enumerate(columns):
        if column.key.startswith("opposes_"):
            continue
        name = header(column)
        if column.key.startswith("supports_"):
            name += " / " + header(columns[index + 1])
        described.append((name, explanation(column)))
    return described


async def guide(
    masterplan: Masterplan,
    scope: Scope,
    *,
    now: datetime | None = None,
    columns: list[Column] = COLUMNS,
    base_url: str = "",
) -> Guide:
    """The explanation of one export, in the current language (one query: the draft); with
    ``base_url``, where the site explains the scores with examples."""
    facts = [
        *scope_facts(masterplan, scope),
        (gettext("File created"), _moment(now or datetime.now(UTC))),
        (gettext("Draft"), await _draft_fact(masterplan)),
    ]
    if base_url:
        facts.append((gettext("How contributions are weighed"), f"{base_url}/gewichtung"))
    return Guide(
        sheet_name=gettext("Explanations"),
        title=gettext("%(masterplan)s: ranked input") % {"masterplan": masterplan.title},
        facts=facts,
        columns_heading=gettext("What each column holds"),
        columns=described_columns(columns),
        methods_heading=gettext("How the proposals are ranked"),
        methods=[(sort.label, f"{sort.explanation} {sort.ties}") for sort in ExportSort],
    )
