"""The columns of the ranked-input export, declared one by one: every format writes these,
in this order, under these headers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from participation.accounts.models import StakeholderGroup
from participation.exports.rows import ExportRow
from participation.i18n import N_, gettext

Value = str | int | float | None


@dataclass(frozen=True)
class Column:
    key: str  # stable, machine-readable: JSON keys and the data package's field names
    header: str  # msgid, translated when written
    value: Callable[[ExportRow], Value]
    kind: str = "string"  # Frictionless type: string, integer, number, date

    @property
    def title(self) -> str:
        return gettext(self.header)


def _votes_of(group: StakeholderGroup, index: int) -> Callable[[ExportRow], Value]:
    return lambda row: row.groups.get(group, (0, 0))[index]


def _group_columns() -> list[Column]:
    columns = []
    for group in StakeholderGroup:
        columns.append(
            Column(
                f"supports_{group.value}",
                N_("Supports: %(group)s"),
                _votes_of(group, 0),
                "integer",
            )
        )
        columns.append(
            Column(
                f"opposes_{group.value}",
                N_("Objections: %(group)s"),
                _votes_of(group, 1),
                "integer",
            )
        )
    return columns


COLUMNS: list[Column] = [
    Column("rank", N_("Rank"), lambda row: row.rank, "integer"),
    Column("id", N_("Number"), lambda row: row.proposal.id, "integer"),
    Column("title", N_("Title"), lambda row: row.proposal.title),
    Column(
        "field_of_action", N_("Field of action"), lambda row: row.proposal.field_of_action.title
    ),
    Column("status", N_("Status"), lambda row: row.proposal.status.label),
    Column(
        "stakeholder_group",
        N_("Stakeholder group"),
        lambda row: row.proposal.stakeholder_group.label,
    ),
    Column("submitted_by", N_("Submitted by"), lambda row: row.submitted_by),
    Column(
        "submitted_on",
        N_("Submitted on"),
        lambda row: row.proposal.created_at.date().isoformat(),
        "date",
    ),
    Column("supports", N_("Supports"), lambda row: row.proposal.supports, "integer"),
    Column("opposes", N_("Objections"), lambda row: row.proposal.opposes, "integer"),
    Column("net", N_("Net"), lambda row: row.proposal.supports - row.proposal.opposes, "integer"),
    Column("votes", N_("Votes"), lambda row: row.proposal.vote_count, "integer"),
    Column("wilson", N_("Rank score"), lambda row: round(row.proposal.wilson, 4), "number"),
    Column("balanced", N_("Balanced score"), lambda row: round(row.proposal.balanced, 4), "number"),
    Column(
        "consensus", N_("Consensus score"), lambda row: round(row.proposal.consensus, 6), "number"
    ),
    *_group_columns(),
    Column(
        "disposition",
        N_("Disposition in the draft"),
        lambda row: row.link.disposition.label if row.link else "",
    ),
    Column(
        "draft_section",
        N_("Draft section"),
        lambda row: row.link.section.title if row.link else "",
    ),
    Column(
        "draft_version",
        N_("Draft version"),
        lambda row: row.version.number if row.version else None,
        "integer",
    ),
    Column("cosigned_by", N_("Co-signed by"), lambda row: "; ".join(row.cosigners)),
    Column("comments", N_("Comments"), lambda row: row.proposal.comment_count, "integer"),
    Column("url", N_("Link"), lambda row: row.url),
]


def header(column: Column) -> str:
    """The column's heading in the current language (group columns name their group)."""
    if column.key.startswith(("supports_", "opposes_")):
        group = StakeholderGroup(column.key.split("_", 1)[1])
        return gettext(column.header) % {"group": group.label}
    return gettext(column.header)
