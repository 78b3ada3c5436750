"""What the proposal page lists beside the proposal, in one statement whatever the data.

The attachments, the co-signing organisations, the implementation projects that answer it,
its status changes and its merges were a statement each (a merge two), so a proposal with
everything cost five more than an empty one (issue 18). Here they are one ``UNION ALL`` of
typed rows: a few columns every kind shares, each kind putting its values in them, numbered
in its own order by the database (so text sorts by the database's collation, as before).
Only the kinds the page's first statement found (``proposals.queries.ProposalOnPage``) are
asked for, and none at all costs no statement.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from participation import sql
from participation.accounts.models import GROUP_OF_KIND, OrganizationKind, StakeholderGroup
from participation.moderation import responses
from participation.moderation.responses import StatusHistory
from participation.planning.models import ProjectStatus
from participation.proposals.models import CoSignature, Proposal

# The columns every kind shares, and each kind's: its order, its values in those columns
# (NULL where it has none), and where they come from (``?`` the proposal's id).
_COLUMNS = ("id", "ref", "number", "a", "b", "c", "d", "e", "at")
# PostgreSQL types a UNION's columns two selects at a time, so a NULL is given its column's
# type (an untyped one becomes text, which an integer of a later select cannot join).
_NULLS = {
    "ref": "CAST(NULL AS INTEGER)",
    "number": "CAST(NULL AS INTEGER)",
    "at": "CAST(NULL AS TIMESTAMP)",
}
_KINDS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "attachment": (
        'x."id"',
        ('x."id"', "NULL", 'x."size"', 'x."original_name"', 'x."content_type"') + ("NULL",) * 4,
        '"attachment" x WHERE x."proposal_id"=?',
    ),
    "cosignature": (
        'x."created_at",x."id"',
        ('x."id"', "NULL", "NULL", 'o."name"', 'o."kind"') + ("NULL",) * 3 + ('x."created_at"',),
        '"cosignature" x JOIN "organization" o ON o."id"=x."organization_id"'
        ' WHERE x."proposal_id"=?',
    ),
    "project": (
        'x."code",x."id"',
        ('x."id"', "NULL", 'x."progress"', 'x."title"', 'x."status"') + ("NULL",) * 4,
        '"project" x JOIN "project_proposal" pp ON pp."project_id"=x."id" WHERE pp."proposal_id"=?',
    ),
    "status": (
        'x."created_at",x."id"',
        (
            'x."id"',
            "NULL",
            "NULL",
            'x."from_status"',
            'x."to_status"',
            'x."response"',
            'a."display_name"',
            'a."role"',
            'x."created_at"',
        ),
        '"status_change" x LEFT JOIN "account" a ON a."id"=x."changed_by_id"'
        ' WHERE x."proposal_id"=?',
    ),
    # A merge either way that is not undone, with the other proposal's title: "ref" is the
    # duplicate, "number" the target.
    "merge": (
        'x."created_at",x."id"',
        ('x."id"', 'x."duplicate_id"', 'x."target_id"', 'o."title"')
        + ("NULL",) * 4
        + ('x."created_at"',),
        '"merge" x JOIN "proposal" o ON o."id"=CASE WHEN x."duplicate_id"=?'
        ' THEN x."target_id" ELSE x."duplicate_id" END'
        ' WHERE (x."duplicate_id"=? OR x."target_id"=?) AND x."undone_at" IS NULL',
    ),
}


@functools.cache
def _statement(kinds: tuple[str, ...]) -> str:
    selects = []
    for kind in kinds:
        order, values, source = _KINDS[kind]
        columns = ",".join(
            f'{_NULLS.get(name, "CAST(NULL AS TEXT)") if v == "NULL" else v} "{name}"'
            for v, name in zip(values, _COLUMNS, strict=True)
        )
        selects.append(
            # Our own kinds and columns, nothing from a request: the values are bound.
            f'SELECT \'{kind}\' "kind",ROW_NUMBER() OVER (ORDER BY {order}) "pos",'  # noqa: S608
            f"{columns} FROM {source}"
        )
    return " UNION ALL ".join(selects) + ' ORDER BY "kind","pos"'


_MOMENT = CoSignature._meta.fields_map["created_at"]


@dataclass(frozen=True, slots=True)
class ShownAttachment:
    id: int
    original_name: str
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class Signer:
    name: str
    stakeholder_group: StakeholderGroup


@dataclass(frozen=True, slots=True)
class ShownCoSignature:
    organization: Signer
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ShownProject:
    id: int
    title: str
    status: ProjectStatus
    progress: int


@dataclass(frozen=True, slots=True)
class Linked:
    """The other proposal of a merge: what its link shows."""

    id: int
    title: str


@dataclass(frozen=True, slots=True)
class ShownMerge:
    id: int
    created_at: datetime
    duplicate: Linked


@dataclass(frozen=True)
class Lineage:
    """moderation.queries.Lineage as the page shows it."""

    merged_into: Linked | None = None  # where this duplicate went
    merged_from: list[ShownMerge] = field(default_factory=list)  # merged into this one
    merge_of_this: ShownMerge | None = None  # the merge that made this one a duplicate


@dataclass(frozen=True)
class Listed:
    """Everything the page lists about a proposal; empty where it has none."""

    attachments: list[ShownAttachment]
    cosignatures: list[ShownCoSignature]
    projects: list[ShownProject]
    status_history: StatusHistory
    lineage: Lineage


async def listed(proposal: Proposal, kinds: Sequence[str]) -> Listed:
    """The lists of ``kinds`` (keys of ``_KINDS``) in one statement; none costs nothing."""
    rows: dict[str, list[dict[str, Any]]] = {kind: [] for kind in _KINDS}
    if kinds:
        statement = _statement(tuple(kinds))
        values = [proposal.id] * statement.count("?")
        for row in await sql.fetch(statement, values):
            rows[row["kind"]].append(row)
    return Listed(
        attachments=[
            ShownAttachment(r["id"], r["a"], r["b"], r["number"]) for r in rows["attachment"]
        ],
        cosignatures=[
            ShownCoSignature(
                Signer(r["a"], GROUP_OF_KIND[OrganizationKind(r["b"])]), _moment(r["at"])
            )
            for r in rows["cosignature"]
        ],
        projects=[
            ShownProject(r["id"], r["a"], ProjectStatus(r["b"]), r["number"])
            for r in rows["project"]
        ],
        status_history=responses.history_of(proposal, [_change(r) for r in rows["status"]]),
        lineage=_lineage(proposal, rows["merge"]),
    )


def _moment(value: Any) -> datetime:
    moment: datetime = _MOMENT.to_python_value(value)  # SQLite gives text
    return moment


def _change(row: dict[str, Any]) -> dict[str, Any]:
    """A status change as moderation.responses.history_of reads it."""
    return {
        "from_status": row["a"],
        "to_status": row["b"],
        "response": row["c"],
        "name": row["d"],
        "role": row["e"],
        "created_at": _moment(row["at"]),
    }


def _lineage(proposal: Proposal, merges: list[dict[str, Any]]) -> Lineage:
    """moderation.queries.lineage from the merges' rows (each with the other's title)."""
    if not merges:
        return Lineage()
    into, own, merged_from = None, None, []
    for row in merges:
        if row["ref"] == proposal.id and own is None:
            into = Linked(row["number"], row["a"])
            own = ShownMerge(row["id"], _moment(row["at"]), Linked(proposal.id, proposal.title))
        elif row["ref"] != proposal.id:
            merged_from.append(
                ShownMerge(row["id"], _moment(row["at"]), Linked(row["ref"], row["a"]))
            )
    return Lineage(into, merged_from, own)
