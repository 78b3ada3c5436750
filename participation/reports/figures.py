"""The participation figures of a report, counted in a fixed number of GROUP BY queries
whatever the data size: per masterplan and stakeholder group (people, proposals, votes,
comments) and per masterplan and month.

Only listed proposals count, and the votes and visible comments on them (the same as
``Proposal.vote_count`` and ``comment_count``). A comment counts in the group of the
organisation it was written for, or with the citizens; a person counts once per group in
which they submitted, voted or commented.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Count, Sum

from participation.accounts.models import GROUP_OF_KIND, StakeholderGroup
from participation.moderation.services import VISIBLE_COMMENT
from participation.proposals.models import LISTED_STATUSES, Proposal
from participation.reports.document import GroupRow, MonthRow
from participation.votes.models import VoteTally

# Only integers and the constants of this module and the models go into the statements.
_LISTED = ", ".join(f"'{s.value}'" for s in LISTED_STATUSES)
_VISIBLE = ", ".join(f"'{s.value}'" for s in VISIBLE_COMMENT)
_COMMENT_GROUP = (
    "CASE o.kind "
    + " ".join(f"WHEN '{kind.value}' THEN '{group.value}'" for kind, group in GROUP_OF_KIND.items())
    + f" ELSE '{StakeholderGroup.CITIZENS.value}' END"
)
_MONTH = {
    "sqlite": "strftime('%Y-%m', {column})",
    "postgres": "to_char({column} AT TIME ZONE 'Europe/Berlin', 'YYYY-MM')",
}

Groups = dict[int, dict[str, GroupRow]]  # masterplan id → group value → its row


def _connection() -> BaseDBAsyncClient:
    connection: BaseDBAsyncClient = connections.get("default")
    return connection


def _marks(ids: list[int]) -> str:
    return ", ".join(str(int(i)) for i in ids) or "0"


def _people_sql(ids: list[int]) -> str:
    """Every (masterplan, group, person) who submitted, voted or commented, as a subquery."""
    where = f"p.masterplan_id IN ({_marks(ids)}) AND p.status IN ({_LISTED})"
    return (
        f"SELECT p.masterplan_id AS m, p.stakeholder_group AS g, p.author_id AS person "  # noqa: S608
        f"FROM proposal p WHERE {where} AND p.author_id IS NOT NULL "
        f"UNION ALL SELECT p.masterplan_id, v.stakeholder_group, v.voter_id FROM vote v "
        f"JOIN proposal p ON p.id = v.proposal_id WHERE {where} AND v.voter_id IS NOT NULL "
        f"UNION ALL SELECT p.masterplan_id, {_COMMENT_GROUP}, c.author_id FROM comment c "
        f"JOIN proposal p ON p.id = c.proposal_id "
        f"LEFT JOIN organization o ON o.id = c.organization_id "
        f"WHERE {where} AND c.status IN ({_VISIBLE}) AND c.author_id IS NOT NULL"
    )


async def by_group(ids: list[int]) -> tuple[Groups, dict[str, int]]:
    """Each masterplan's figures per stakeholder group, every group listed, and the people
    per group across the masterplans (four queries)."""
    rows: Groups = {m: {g.value: GroupRow(g.value) for g in StakeholderGroup} for m in ids}
    if not ids:
        return rows, {}
    listed = Proposal.filter(masterplan_id__in=ids, status__in=LISTED_STATUSES)
    for row in (
        await listed.annotate(n=Count("id"))
        .group_by("masterplan_id", "stakeholder_group")
        .values("masterplan_id", "stakeholder_group", "n")
    ):
        rows[row["masterplan_id"]][row["stakeholder_group"]].proposals = int(row["n"])
    votes = VoteTally.filter(
        proposal__masterplan_id__in=ids, proposal__status__in=LISTED_STATUSES
    ).annotate(s=Sum("supports"), o=Sum("opposes"))
    for row in await votes.group_by("proposal__masterplan_id", "stakeholder_group").values(
        "proposal__masterplan_id", "stakeholder_group", "s", "o"
    ):
        entry = rows[row["proposal__masterplan_id"]][row["stakeholder_group"]]
        entry.supports, entry.opposes = int(row["s"] or 0), int(row["o"] or 0)
    for row in await _connection().execute_query_dict(
        f"SELECT p.masterplan_id AS m, {_COMMENT_GROUP} AS g, COUNT(*) AS n "  # noqa: S608
        f"FROM comment c JOIN proposal p ON p.id = c.proposal_id "
        f"LEFT JOIN organization o ON o.id = c.organization_id "
        f"WHERE p.masterplan_id IN ({_marks(ids)}) AND p.status IN ({_LISTED}) "
        f"AND c.status IN ({_VISIBLE}) GROUP BY p.masterplan_id, {_COMMENT_GROUP}"
    ):
        rows[int(row["m"])][str(row["g"])].comments = int(row["n"])
    people, everyone = await _people(ids)
    for (masterplan_id, group), n in people.items():
        rows[masterplan_id][group].participants = n
    return rows, everyone


async def _people(ids: list[int]) -> tuple[dict[tuple[int, str], int], dict[str, int]]:
    """People per masterplan and group, and per group across the masterplans (someone
    active in two counts once there): one pass over the votes, a column per masterplan."""
    marks = [int(i) for i in ids]
    flags = ", ".join(f"MAX(CASE WHEN m = {i} THEN 1 ELSE 0 END) AS m{i}" for i in marks)
    sums = ", ".join(f"SUM(m{i}) AS m{i}" for i in marks)
    found = await _connection().execute_query_dict(
        f"SELECT g, COUNT(*) AS everyone, {sums} FROM ("  # noqa: S608
        f"SELECT g, person, {flags} FROM ({_people_sql(ids)}) t GROUP BY g, person"
        f") p GROUP BY g"
    )
    people = {(i, str(row["g"])): int(row[f"m{i}"] or 0) for row in found for i in marks}
    return people, {str(row["g"]): int(row["everyone"]) for row in found}


async def by_month(ids: list[int], until: date) -> dict[int, list[MonthRow]]:
    """Each masterplan's proposals, votes and comments per month, from its first month with
    any of them to ``until``'s month, empty months included (three queries)."""
    connection = _connection()
    dialect = "postgres" if connection.capabilities.dialect == "postgres" else "sqlite"
    where = f"p.masterplan_id IN ({_marks(ids)}) AND p.status IN ({_LISTED})"
    sources = {
        "proposals": ("p.created_at", "proposal p", ""),
        "votes": ("v.created_at", "vote v JOIN proposal p ON p.id = v.proposal_id", ""),
        "comments": (
            "c.created_at",
            "comment c JOIN proposal p ON p.id = c.proposal_id",
            f" AND c.status IN ({_VISIBLE})",
        ),
    }
    counts: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for name, (column, tables, extra) in sources.items():
        month = _MONTH[dialect].format(column=column)
        for row in await connection.execute_query_dict(
            f"SELECT p.masterplan_id AS m, {month} AS month, COUNT(*) AS n "  # noqa: S608
            f"FROM {tables} WHERE {where}{extra} GROUP BY p.masterplan_id, {month}"
        ):
            counts[int(row["m"])][str(row["month"])][name] = int(row["n"])
    last = f"{until.year:04d}-{until.month:02d}"
    return {m: _months(counts.get(m, {}), last) for m in ids}


def _months(counts: dict[str, dict[str, int]], last: str) -> list[MonthRow]:
    if not counts:
        return []
    first, final = min(counts), max(max(counts), last)
    year, month = (int(part) for part in first.split("-"))
    rows = []
    while (key := f"{year:04d}-{month:02d}") <= final:
        found = counts.get(key, {})
        rows.append(
            MonthRow(
                key, found.get("proposals", 0), found.get("votes", 0), found.get("comments", 0)
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows
