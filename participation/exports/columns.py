"""The columns of the ranked-input export, declared one by one: every format writes these,
in this order, under these headers; the XLSX's first sheet explains each in plain words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from participation.accounts.models import StakeholderGroup
from participation.exports.rows import ExportRow
from participation.i18n import N_, gettext, local_date

Value = str | int | float | date | None


@dataclass(frozen=True)
class Column:
    key: str  # stable, machine-readable: JSON keys and the data package's field names
    header: str  # msgid, translated when written
    value: Callable[[ExportRow], Value]
    kind: str = "string"  # string, integer, number (with `decimals`), date or url
    decimals: int = 0
    structured: Callable[[ExportRow], Any] | None = None  # the JSON value, where richer

    @property
    def title(self) -> str:
        return header(self)


def _votes_of(group: StakeholderGroup, index: int) -> Callable[[ExportRow], Value]:
    return lambda row: row.groups.get(group, (0, 0))[index]


def _group_columns() -> list[Column]:
    columns = []
    for group in StakeholderGroup:
        for index, key, msgid in (
            (0, "supports", N_("Supports: %(group)s")),
            (1, "opposes", N_("Objections: %(group)s")),
        ):
            columns.append(
                Column(f"{key}_{group.value}", msgid, _votes_of(group, index), "integer")
            )
    return columns


def _uptake(row: ExportRow) -> str:
    return row.verdict.uptake.label if row.verdict else gettext("Still open")


def _sections(row: ExportRow) -> str:
    if row.verdict is None:
        return ""
    return "; ".join(f"{t.section_title} ({t.disposition.label})" for t in row.verdict.sections)


def _sections_structured(row: ExportRow) -> list[dict[str, str]]:
    if row.verdict is None:
        return []
    return [
        {
            "section": taken.section_title,
            "disposition": taken.disposition.value,
            "disposition_label": taken.disposition.label,
            "note": taken.note,
        }
        for taken in row.verdict.sections
    ]


def _version(row: ExportRow) -> int | None:
    version = row.verdict.version if row.verdict else None
    return version.number if version is not None else None


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
        "submitted_on", N_("Submitted on"), lambda row: local_date(row.proposal.created_at), "date"
    ),
    Column("supports", N_("Supports"), lambda row: row.proposal.supports, "integer"),
    Column("opposes", N_("Objections"), lambda row: row.proposal.opposes, "integer"),
    Column("net", N_("Net"), lambda row: row.net, "integer"),
    Column("votes", N_("Votes"), lambda row: row.proposal.vote_count, "integer"),
    Column(
        "wilson", N_("Rank score"), lambda row: round(row.proposal.wilson, 4), "number", decimals=4
    ),
    Column(
        "balanced",
        N_("Balanced score"),
        lambda row: round(row.proposal.balanced, 4),
        "number",
        decimals=4,
    ),
    Column(
        "consensus",
        N_("Consensus score"),
        lambda row: round(row.proposal.consensus, 6),
        "number",
        decimals=6,
    ),
    *_group_columns(),
    Column("uptake", N_("Result in the draft"), _uptake),
    Column(
        "draft_sections", N_("Sections of the draft"), _sections, structured=_sections_structured
    ),
    Column("draft_version", N_("Draft version"), _version, "integer"),
    Column("cosigned_by", N_("Co-signed by"), lambda row: "; ".join(row.cosigners)),
    Column("comments", N_("Comments"), lambda row: row.proposal.comment_count, "integer"),
    Column("url", N_("Link"), lambda row: row.url, "url"),
    Column("text", N_("Text"), lambda row: row.proposal.body),
]

# What each column holds, in plain words: the XLSX's explanation sheet and the panel.
EXPLANATIONS = {
    "rank": N_("The place in this file, in the order chosen for it: 1 comes first."),
    "id": N_("The proposal's number on the platform."),
    "title": N_("The proposal's title, as its author wrote it."),
    "field_of_action": N_("The field of action of the masterplan the proposal belongs to."),
    "status": N_(
        "The proposal's status on the platform: published, in review, or the official "
        "decision with its public response."
    ),
    "stakeholder_group": N_(
        "The stakeholder group it was submitted in: the group of the author's organisation, "
        "or citizens."
    ),
    "submitted_by": N_(
        "The organisation a partner submitted it for, otherwise the author's public name."
    ),
    "submitted_on": N_("The day it was submitted (Dortmund time)."),
    "supports": N_("How many people support it, all groups together."),
    "opposes": N_("How many people oppose it, all groups together."),
    "net": N_("Supports minus objections; negative where more oppose than support."),
    "votes": N_("Supports and objections together."),
    "wilson": N_(
        "The ranking score (between 0 and 1): the share of supports, counted cautiously so "
        "that few votes cannot outrank many."
    ),
    "balanced": N_(
        "Each stakeholder group's ranking score, averaged with the weights the planners set "
        "(between 0 and 1)."
    ),
    "consensus": N_(
        "High only where every stakeholder group leans towards the proposal (between 0 and 1)."
    ),
    "uptake": N_(
        "What the latest published draft made of the proposal: adopted, partially adopted, "
        "considered or not adopted; “still open” while that is not decided."
    ),
    "draft_sections": N_(
        "Every section of that draft version that takes the proposal up, each with how it does so."
    ),
    "draft_version": N_("The number of the published draft version the result comes from."),
    "cosigned_by": N_("The organisations that co-signed the proposal."),
    "comments": N_("How many comments it has."),
    "url": N_("The proposal's page on the platform."),
    "text": N_("The proposal's text, as its author wrote it."),
}

GROUP_EXPLANATION = N_("How many people of the group “%(group)s” support or oppose it.")


def header(column: Column) -> str:
    """The column's heading in the current language (group columns name their group)."""
    if column.key.startswith(("supports_", "opposes_")):
        group = StakeholderGroup(column.key.split("_", 1)[1])
        return gettext(column.header) % {"group": group.label}
    return gettext(column.header)


def explanation(column: Column) -> str:
    """What the column holds, in the current language."""
    if column.key.startswith(("supports_", "opposes_")):
        group = StakeholderGroup(column.key.split("_", 1)[1])
        return gettext(GROUP_EXPLANATION) % {"group": group.label}
    return gettext(EXPLANATIONS[column.key])
