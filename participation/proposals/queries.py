"""What the proposal pages read. Each function is one query (or a fixed few), whatever the
data size: lists seek by key instead of counting past an offset."""

from __future__ import annotations

import base64
import json
import math
import operator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from tortoise.expressions import F, Q, Subquery
from tortoise.queryset import QuerySet

from participation import sql
from participation.accounts.models import (
    Membership,
    MembershipStatus,
    Organization,
    StakeholderGroup,
    User,
)
from participation.accounts.permissions import is_moderator
from participation.masterplans.fields.choices import FieldChoice
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning import uptake
from participation.planning.models import DraftVersion, VersionStatus
from participation.planning.uptake import Uptake
from participation.proposals import search
from participation.proposals.models import (
    LISTED_STATUSES,
    PUBLIC_STATUSES,
    CoSignature,
    Proposal,
    ProposalStatus,
)

PAGE_SIZE = 20


class Sort(StrEnum):
    RANK = "rank"  # "Rangfolge": Wilson lower bound, then more votes, then older first
    NEW = "new"
    DISCUSSED = "discussed"
    SUPPORTED = "supported"  # "Meiste Unterstützung": supports only, whatever the objections
    BALANCE = "balance"  # "Saldo": supports minus objections
    BALANCED = "balanced"  # planners only: the groups' Wilson bounds, weighted
    CONSENSUS = "consensus"  # planners only: high where every group leans towards it


# The sorts anyone may ask a public list for; the others are the planners' (DESIGN.md §4).
PUBLIC_SORTS: tuple[Sort, ...] = (
    Sort.RANK,
    Sort.NEW,
    Sort.DISCUSSED,
    Sort.SUPPORTED,
    Sort.BALANCE,
)
# Sort keys stored as floats, read back as floats from a cursor.
FLOAT_COLUMNS = frozenset({"wilson", "balanced", "consensus"})

# Each sort as (column, descending) pairs; the id last makes every order total. The one
# source of the tie-breaks (DESIGN.md §4): "Rangfolge" is higher Wilson bound first, then
# more votes, then the older proposal (ids grow with creation time).
ORDERS: dict[Sort, tuple[tuple[str, bool], ...]] = {
    # Ties in a score: fewer opposes first (no opposition may lift a proposal above one
    # nobody has voted on: both score 0), then more votes, then the older one.
    Sort.RANK: (("wilson", True), ("opposes", False), ("vote_count", True), ("id", False)),
    Sort.NEW: (("created_at", True), ("id", True)),
    Sort.DISCUSSED: (("comment_count", True), ("id", False)),
    Sort.SUPPORTED: (("supports", True), ("id", False)),
    # A tied balance: fewer opposes first, as for the scores (5 : 0 above 10 : 5).
    Sort.BALANCE: (("balance", True), ("opposes", False), ("id", False)),
    Sort.BALANCED: (("balanced", True), ("opposes", False), ("vote_count", True), ("id", False)),
    Sort.CONSENSUS: (
        ("consensus", True),
        ("opposes", False),
        ("vote_count", True),
        ("id", False),
    ),
}

# Sort keys that are no column but an expression of the counters, annotated where a list is
# ordered by them. Migration 0017 indexes the same expression, so a page still reads the
# first rows of one index, and no second counter can drift from supports and opposes.
COMPUTED = {"balance": F("supports") - F("opposes")}


def in_order(query: QuerySet[Proposal], sort: Sort, cursor: Cursor | None) -> QuerySet[Proposal]:
    """The query from the cursor on (or from the start), in the sort's order."""
    order = ORDERS[sort]
    computed = {column: COMPUTED[column] for column, _ in order if column in COMPUTED}
    if computed:
        query = query.annotate(**computed)
    if cursor is not None:
        query = query.filter(cursor.as_filter())
    return query.order_by(*(("-" if desc else "") + column for column, desc in order))


MAX_KEY = 2**31 - 1  # the INTEGER columns of both databases


def _key(column: str, value: Any) -> Any:
    """One sort key of a cursor as the database can compare it; ValueError otherwise (a
    cursor is in the URL, so anyone can forge one)."""
    if column == "created_at":
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("a cursor time without a time zone")
        return moment.astimezone(UTC)  # OverflowError past the year 9999
    if column in FLOAT_COLUMNS:
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("a cursor score that is no number")
        return number
    number = int(value)
    if not -MAX_KEY <= number <= MAX_KEY:
        raise ValueError("a cursor key beyond the column's range")
    return number


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: the sort keys of the last proposal shown."""

    sort: Sort
    values: tuple[Any, ...]

    def encode(self) -> str:
        raw = [
            self.sort.value,
            *(v.isoformat() if isinstance(v, datetime) else v for v in self.values),
        ]
        return base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str | None, sort: Sort) -> Cursor | None:
        """None for a missing or broken cursor: the list then starts at its first page."""
        if not token or len(token) > 300:
            return None
        try:
            raw = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if raw[0] != sort.value or len(raw) != len(ORDERS[sort]) + 1:
                return None
            values = tuple(_key(c, v) for (c, _), v in zip(ORDERS[sort], raw[1:], strict=True))
        except (ValueError, TypeError, IndexError, KeyError, OverflowError, json.JSONDecodeError):
            return None
        return cls(sort, values)

    @classmethod
    def after(cls, proposal: Proposal | ListedProposal, sort: Sort) -> Cursor:
        return cls(sort, tuple(getattr(proposal, column) for column, _ in ORDERS[sort]))

    def as_filter(self) -> Q:
        """(a, b, c) after (x, y, z) in the sort's directions, spelled out for the index:
        a up to x, and: a past x, or a = x and b past y, or a = x and b = y and c past z."""
        clauses = []
        order = ORDERS[self.sort]
        for position, (column, descending) in enumerate(order):
            equal = {c: v for (c, _), v in zip(order[:position], self.values, strict=False)}
            past = {f"{column}__{'lt' if descending else 'gt'}": self.values[position]}
            clauses.append(Q(**equal, **past))
        combined = clauses[0]
        for clause in clauses[1:]:
            combined |= clause
        # Implied by the clauses above, but a plain range the database can seek the index
        # to: without it, a deep page reads every row before the cursor.
        column, descending = order[0]
        bound = Q(**{f"{column}__{'lte' if descending else 'gte'}": self.values[0]})
        return bound & combined


@dataclass(frozen=True)
class Filters:
    field_of_action: FieldOfAction | FieldChoice | None = None
    status: ProposalStatus | None = None
    # The badge the list shows (planning/uptake.shown_status): the public list's filter.
    shown: ProposalStatus | Uptake | None = None
    group: StakeholderGroup | None = None
    organization: Organization | None = None
    query: str = ""


@dataclass(frozen=True)
class ProposalPage:
    proposals: list[Proposal]
    next_cursor: Cursor | None


async def _listed(masterplan: Masterplan, filters: Filters) -> QuerySet[Proposal]:
    """The masterplan's listed proposals that pass the filters, in no order yet."""
    query = Proposal.filter(masterplan_id=masterplan.id, status__in=LISTED_STATUSES)
    if filters.field_of_action is not None:
        query = query.filter(field_of_action_id=filters.field_of_action.id)
    if filters.status is not None:
        query = query.filter(status=filters.status)
    if filters.shown is not None:
        query = await uptake.showing(query, masterplan.id, filters.shown)
    if filters.group is not None:
        query = query.filter(stakeholder_group=filters.group)
    if filters.organization is not None:
        signed = CoSignature.filter(organization_id=filters.organization.id).values("proposal_id")
        query = query.filter(
            Q(organization_id=filters.organization.id) | Q(id__in=Subquery(signed))
        )
    # Matched in the database (no cap): the list keeps its order and reads its index.
    return search.only_matching(query, filters.query)


async def proposal_page(
    masterplan: Masterplan,
    *,
    filters: Filters | None = None,
    sort: Sort = Sort.RANK,
    cursor: Cursor | None = None,
    page_size: int = PAGE_SIZE,
    related: tuple[str, ...] = ("field_of_action", "organization", "author"),
) -> ProposalPage:
    query = await _listed(masterplan, filters or Filters())
    rows = await in_order(query, sort, cursor).limit(page_size + 1).select_related(*related)
    proposals = rows[:page_size]
    more = len(rows) > page_size
    return ProposalPage(proposals, Cursor.after(proposals[-1], sort) if more else None)


# The public list as plain rows: what a row shows and its sort keys, no model objects.
@dataclass(frozen=True, slots=True)
class FieldName:
    title: str


@dataclass(frozen=True, slots=True)
class OrganizationName:
    name: str


@dataclass(frozen=True, slots=True)
class AuthorName:
    display_name: str


@dataclass(frozen=True, slots=True)
class ListedProposal:
    """A row of a public list: what ``proposal_item`` shows, and the keys of every sort."""

    id: int
    title: str
    status: ProposalStatus
    created_at: datetime
    masterplan_id: int
    supports: int
    opposes: int
    vote_count: int
    comment_count: int
    wilson: float
    balanced: float
    consensus: float
    field_of_action: FieldName
    organization: OrganizationName | None
    author: AuthorName | None
    # Every value above as one plain tuple, as the row came from the database: what a kept
    # row is keyed by (templating.kept), hashed and compared in C instead of field by field.
    key: tuple[Any, ...] = field(compare=False, repr=False)

    @property
    def balance(self) -> int:
        return self.supports - self.opposes


_ROW_COLUMNS = (
    "id",
    "title",
    "status",
    "created_at",
    "masterplan_id",
    "supports",
    "opposes",
    "vote_count",
    "comment_count",
    "wilson",
    "balanced",
    "consensus",
    "field_of_action__title",
    "organization__name",
    "author__display_name",
)


_ROW_VALUES = operator.itemgetter(*_ROW_COLUMNS)


def _row(values: dict[str, Any]) -> ListedProposal:
    organization, author = values["organization__name"], values["author__display_name"]
    return ListedProposal(
        id=values["id"],
        title=values["title"],
        status=ProposalStatus(values["status"]),
        created_at=values["created_at"],
        masterplan_id=values["masterplan_id"],
        supports=values["supports"],
        opposes=values["opposes"],
        vote_count=values["vote_count"],
        comment_count=values["comment_count"],
        wilson=values["wilson"],
        balanced=values["balanced"],
        consensus=values["consensus"],
        field_of_action=FieldName(values["field_of_action__title"]),
        organization=OrganizationName(organization) if organization is not None else None,
        author=AuthorName(author) if author is not None else None,
        key=_ROW_VALUES(values),
    )


@dataclass(frozen=True)
class ListedPage:
    proposals: list[ListedProposal]
    next_cursor: Cursor | None
    badges: dict[int, ProposalStatus | Uptake]  # planning/uptake.shown_status of each row


async def listed_page(
    masterplan: Masterplan,
    version: DraftVersion | None,
    *,
    filters: Filters,
    sort: Sort = Sort.RANK,
    cursor: Cursor | None = None,
    page_size: int = PAGE_SIZE,
) -> ListedPage:
    """A page of the public list as plain rows with their badges: one statement with the
    links of the published ``version`` of the draft that decide the badges. (The filters by
    badge, organisation and words go through the query builder, with one more statement
    for the links.)"""
    if filters.shown is None and filters.organization is None and not filters.query:
        rows, links = await _plain_rows(masterplan, version, filters, sort, cursor, page_size)
    else:
        query = await _listed(masterplan, filters)
        found = await in_order(query, sort, cursor).limit(page_size + 1).values(*_ROW_COLUMNS)
        rows = [_row(values) for values in found]
        links = await uptake.links_of(version, [p.id for p in rows[:page_size]])
    shown, more = rows[:page_size], len(rows) > page_size
    verdicts = uptake.Uptakes(version, uptake.grouped(links))
    badges = {
        p.id: uptake.shown_status(p, verdicts.of(p))  # type: ignore[arg-type]
        for p in shown
    }
    return ListedPage(shown, Cursor.after(shown[-1], sort) if more else None, badges)


_ROWS = (
    'SELECT p."id" "id",p."title" "title",p."status" "status",p."created_at" "created_at",'
    'p."masterplan_id" "masterplan_id",p."supports" "supports",p."opposes" "opposes",'
    'p."vote_count" "vote_count",p."comment_count" "comment_count",p."wilson" "wilson",'
    'p."balanced" "balanced",p."consensus" "consensus",'
    'f."title" "field_of_action__title",o."name" "organization__name",'
    'a."display_name" "author__display_name"'
    ' FROM "proposal" p JOIN "field_of_action" f ON f."id"=p."field_of_action_id"'
    ' LEFT JOIN "organization" o ON o."id"=p."organization_id"'
    ' LEFT JOIN "account" a ON a."id"=p."author_id"'
    " WHERE {where} ORDER BY {order} LIMIT ?"
)
# The page's rows with the links of the published version to them (none, one or more a
# row), in the draft's order: what the badges need, in the same statement.
_ROWS_AND_LINKS = (
    'SELECT r.*,l."disposition" "disposition",l."note" "note",'
    's."key" "section__key",s."title" "section__title" FROM ({rows}) r'
    ' LEFT JOIN "input_link" l ON l."proposal_id"=r."id"'
    ' AND l."section_id" IN (SELECT "id" FROM "draft_section" WHERE "version_id"=?)'
    ' LEFT JOIN "draft_section" s ON s."id"=l."section_id"'
    ' ORDER BY {order},s."position",s."id"'
)


_CREATED_AT = Proposal._meta.fields_map["created_at"]


def _column_sql(alias: str, column: str) -> str:
    if column == "balance":  # COMPUTED, as migration 0017 indexes it
        return f'({alias}."supports"-{alias}."opposes")'
    return f'{alias}."{column}"'


def _order_sql(alias: str, sort: Sort) -> str:
    return ",".join(
        f"{_column_sql(alias, column)} {'DESC' if descending else 'ASC'}"
        for column, descending in ORDERS[sort]
    )


def _cursor_sql(cursor: Cursor) -> tuple[str, list[Any]]:
    """:meth:`Cursor.as_filter` as SQL: the seekable bound, and the rows past the cursor."""
    order = ORDERS[cursor.sort]
    values = [
        sql.db_value(Proposal, "created_at", v) if column == "created_at" else v
        for (column, _), v in zip(order, cursor.values, strict=True)
    ]
    clauses, parameters = [], []
    for position, (column, descending) in enumerate(order):
        terms = [f"{_column_sql('p', c)}=?" for c, _ in order[:position]]
        terms.append(f"{_column_sql('p', column)}{'<' if descending else '>'}?")
        clauses.append("(" + " AND ".join(terms) + ")")
        parameters += values[: position + 1]
    column, descending = order[0]
    bound = f"{_column_sql('p', column)}{'<=' if descending else '>='}?"
    return f"{bound} AND ({' OR '.join(clauses)})", [values[0], *parameters]


async def _plain_rows(
    masterplan: Masterplan,
    version: DraftVersion | None,
    filters: Filters,
    sort: Sort,
    cursor: Cursor | None,
    page_size: int,
) -> tuple[list[ListedProposal], list[dict[str, Any]]]:
    """The rows of a list filtered at most by field and group, and the version's links to
    them: one hand-written statement (the query builder cost more than the database)."""
    where = ['p."masterplan_id"=?', f'p."status" IN ({",".join("?" * len(LISTED_STATUSES))})']
    values: list[Any] = [masterplan.id, *(status.value for status in LISTED_STATUSES)]
    if filters.field_of_action is not None:
        where.append('p."field_of_action_id"=?')
        values.append(filters.field_of_action.id)
    if filters.group is not None:
        where.append('p."stakeholder_group"=?')
        values.append(filters.group.value)
    if cursor is not None:
        clause, parameters = _cursor_sql(cursor)
        where.append(clause)
        values += parameters
    statement = _ROWS.format(where=" AND ".join(where), order=_order_sql("p", sort))
    values.append(page_size + 1)
    if version is not None:
        statement = _ROWS_AND_LINKS.format(rows=statement, order=_order_sql("r", sort))
        values.append(version.id)
    rows: dict[int, ListedProposal] = {}
    links: list[dict[str, Any]] = []
    for found in await sql.fetch(statement, values):
        proposal_id = found["id"]
        if proposal_id not in rows:
            found["created_at"] = _CREATED_AT.to_python_value(found["created_at"])  # SQLite: text
            rows[proposal_id] = _row(found)
        if found.get("disposition") is not None:
            links.append({**found, "proposal_id": proposal_id})
    return list(rows.values()), links


_MASTERPLAN_AND_VERSION = (
    'SELECT {masterplan},{version} FROM "masterplan" m'
    ' LEFT JOIN "draft_version" v ON v."id"=(SELECT "id" FROM "draft_version"'
    ' WHERE "masterplan_id"=m."id" AND "status"=? ORDER BY "number" DESC LIMIT 1)'
    ' WHERE m."slug"=? LIMIT 1'
)


async def masterplan_and_version(slug: str) -> tuple[Masterplan, DraftVersion | None] | None:
    """The masterplan with this slug and the latest published version of its draft (which
    decides the badges), in one statement; None for no such masterplan."""
    statement = _MASTERPLAN_AND_VERSION.format(
        masterplan=sql.columns(Masterplan, "m", "m_"),
        version=sql.columns(DraftVersion, "v", "v_"),
    )
    rows = await sql.fetch(statement, [VersionStatus.PUBLISHED.value, slug])
    if not rows:
        return None
    row = rows[0]
    version = sql.load(DraftVersion, row, "v_") if row["v_id"] is not None else None
    return sql.load(Masterplan, row, "m_"), version


async def top_ranked(masterplan: Masterplan, limit: int = 5) -> list[Proposal]:
    return (await proposal_page(masterplan, page_size=limit)).proposals


async def newest(limit: int = 5) -> list[Proposal]:
    """The newest listed proposals of the masterplans that are not archived (the home page)."""
    return await (
        Proposal.filter(status__in=LISTED_STATUSES, masterplan__archived_at__isnull=True)
        .order_by("-created_at", "-id")
        .limit(limit)
        .select_related("masterplan", "field_of_action", "organization", "author")
    )


PAGE_RELATIONS = ("masterplan", "field_of_action", "organization", "author")


async def visible_proposal(
    proposal_id: int, viewer: User | None, related: tuple[str, ...] = PAGE_RELATIONS
) -> Proposal | None:
    """A public proposal, any of the viewer's own (pending, hidden, withdrawn) ones, and for
    moderators every proposal; with the ``related`` rows loaded in the same query."""
    proposal = await Proposal.filter(id=proposal_id).select_related(*related).first()
    if proposal is None:
        return None
    if proposal.status in PUBLIC_STATUSES:
        return proposal
    is_author = viewer is not None and proposal.author_id == viewer.id  # type: ignore[attr-defined]
    # Moderators open what waits or is hidden, to decide on it from its page.
    return proposal if is_author or is_moderator(viewer) else None


async def cosignatures(proposal: Proposal) -> list[CoSignature]:
    return await CoSignature.filter(proposal_id=proposal.id).select_related("organization")


# The proposal page's one statement: the proposal with its masterplan, field, organisation
# and author, the published version of the draft (its badge), the reader's confirmed
# membership, vote and follow, and whether each of the page's lists has anything in it, so
# that an empty list costs no statement of its own.
_PAGE = (
    "SELECT {proposal},{masterplan},{field},{organization},{author},{version},{membership},"
    "{membership_organization},"
    ' (SELECT "value" FROM "vote" WHERE "proposal_id"=p."id" AND "voter_id"=?) "my_vote",'
    ' EXISTS(SELECT 1 FROM "follow" WHERE "proposal_id"=p."id" AND "user_id"=?) "following",'
    ' EXISTS(SELECT 1 FROM "cosignature" WHERE "proposal_id"=p."id"'
    ' AND "organization_id"=ms."organization_id") "has_cosigned",'
    ' EXISTS(SELECT 1 FROM "masterplan_planner" WHERE "masterplan_id"=m."id"'
    ' AND "user_id"=?) "plans_masterplan",'
    ' EXISTS(SELECT 1 FROM "attachment" WHERE "proposal_id"=p."id") "any_attachment",'
    ' EXISTS(SELECT 1 FROM "merge" WHERE ("duplicate_id"=p."id" OR "target_id"=p."id")'
    ' AND "undone_at" IS NULL) "any_merge",'
    ' EXISTS(SELECT 1 FROM "project_proposal" WHERE "proposal_id"=p."id") "any_project",'
    ' EXISTS(SELECT 1 FROM "status_change" WHERE "proposal_id"=p."id") "any_status_change",'
    ' EXISTS(SELECT 1 FROM "comment" WHERE "proposal_id"=p."id"'
    ' AND ("status" IN (?,?) OR "author_id"=?)) "any_comment",'
    ' l."disposition" "disposition",l."note" "note",'
    ' ds."key" "section__key",ds."title" "section__title",{tallies}'
    ' FROM "proposal" p'
    ' JOIN "masterplan" m ON m."id"=p."masterplan_id"'
    ' JOIN "field_of_action" f ON f."id"=p."field_of_action_id"'
    ' LEFT JOIN "organization" o ON o."id"=p."organization_id"'
    ' LEFT JOIN "account" a ON a."id"=p."author_id"'
    ' LEFT JOIN "draft_version" v ON v."id"=(SELECT "id" FROM "draft_version"'
    ' WHERE "masterplan_id"=m."id" AND "status"=? ORDER BY "number" DESC LIMIT 1)'
    ' LEFT JOIN "membership" ms ON ms."id"=(SELECT mm."id" FROM "membership" mm'
    ' JOIN "organization" mmo ON mmo."id"=mm."organization_id"'
    ' WHERE mm."user_id"=? AND mm."status"=? AND mmo."verified"=? ORDER BY mm."id" LIMIT 1)'
    ' LEFT JOIN "organization" mo ON mo."id"=ms."organization_id"'
    # The version's links to the proposal (a row each, in the draft's order): its verdict.
    ' LEFT JOIN "input_link" l ON l."proposal_id"=p."id"'
    ' AND l."section_id" IN (SELECT "id" FROM "draft_section" WHERE "version_id"=v."id")'
    ' LEFT JOIN "draft_section" ds ON ds."id"=l."section_id"{tally_joins}'
    ' WHERE p."id"=? ORDER BY ds."position",ds."id"'
)
# The votes by group: a vote_tally row per group at most, joined once for each group (the
# groups are a fixed enum, spelled into the statement), so the breakdown costs no statement.
_TALLIES = ",".join(
    f't{i}."supports" "t{i}_supports",t{i}."opposes" "t{i}_opposes"'
    for i, _ in enumerate(StakeholderGroup)
)
_TALLY_JOINS = "".join(
    f' LEFT JOIN "vote_tally" t{i} ON t{i}."proposal_id"=p."id"'
    f" AND t{i}.\"stakeholder_group\"='{group.value}'"
    for i, group in enumerate(StakeholderGroup)
)
NOBODY = -1  # no account has this id: the reader of a page who is not signed in
# The comments everyone sees (comments/queries.VISIBLE; comments build on proposals, so
# the values are spelled out here).
VISIBLE_COMMENTS = ("published", "deleted")


@dataclass(frozen=True)
class ProposalOnPage:
    """What the proposal page reads in its first statement (see ``_PAGE``)."""

    proposal: Proposal
    version: DraftVersion | None  # the latest published version of the draft
    links: list[dict[str, Any]]  # its links to the proposal, as uptake.links_of gives them
    membership: Membership | None  # the reader's confirmed one, with its organisation
    my_vote: int  # +1, -1, or 0 for none
    following: bool
    has_cosigned: bool  # the reader's organisation co-signed it
    any_attachment: bool
    any_merge: bool
    any_project: bool
    any_status_change: bool
    any_comment: bool  # one the reader may see
    plans_masterplan: bool  # the reader is one of its masterplan's planners
    tallies: list[tuple[StakeholderGroup, int, int]]  # supports and opposes, every group


def _loaded(model: type[Any], row: dict[str, Any], prefix: str) -> Any:
    return sql.load(model, row, prefix) if row[f"{prefix}id"] is not None else None


async def proposal_on_page(
    proposal_id: int, viewer: User | None, *, visible_only: bool = True
) -> ProposalOnPage | None:
    """The proposal of a page and what its page asks of it, in one statement; None where
    there is none or (``visible_only``) the viewer may not see it (as :func:`visible_proposal`)."""
    statement = _PAGE.format(
        proposal=sql.columns(Proposal, "p", "p_"),
        masterplan=sql.columns(Masterplan, "m", "m_"),
        field=sql.columns(FieldOfAction, "f", "f_"),
        organization=sql.columns(Organization, "o", "o_"),
        author=sql.columns(User, "a", "a_"),
        version=sql.columns(DraftVersion, "v", "v_"),
        membership=sql.columns(Membership, "ms", "ms_"),
        membership_organization=sql.columns(Organization, "mo", "mo_"),
        tallies=_TALLIES,
        tally_joins=_TALLY_JOINS,
    )
    reader = viewer.id if viewer is not None else NOBODY
    values = [reader, reader, reader, *VISIBLE_COMMENTS, reader]
    values += [VersionStatus.PUBLISHED.value, reader, MembershipStatus.CONFIRMED.value]
    values += [sql.db_value(Organization, "verified", True), proposal_id]
    rows = await sql.fetch(statement, values)
    if not rows:
        return None
    row = rows[0]
    proposal: Proposal = sql.load(Proposal, row, "p_")
    sql.attach(proposal, "masterplan", sql.load(Masterplan, row, "m_"))
    sql.attach(proposal, "field_of_action", sql.load(FieldOfAction, row, "f_"))
    sql.attach(proposal, "organization", _loaded(Organization, row, "o_"))
    sql.attach(proposal, "author", _loaded(User, row, "a_"))
    if visible_only and proposal.status not in PUBLIC_STATUSES:
        is_author = viewer is not None and proposal.author_id == viewer.id  # type: ignore[attr-defined]
        if not (is_author or is_moderator(viewer)):
            return None
    membership: Membership | None = _loaded(Membership, row, "ms_")
    if membership is not None:
        sql.attach(membership, "organization", sql.load(Organization, row, "mo_"))
    return ProposalOnPage(
        proposal=proposal,
        version=_loaded(DraftVersion, row, "v_"),
        links=[
            {**link, "proposal_id": proposal.id} for link in rows if link["disposition"] is not None
        ],
        membership=membership,
        my_vote=int(row["my_vote"] or 0),
        following=bool(row["following"]),
        has_cosigned=bool(row["has_cosigned"]),
        any_attachment=bool(row["any_attachment"]),
        any_merge=bool(row["any_merge"]),
        any_project=bool(row["any_project"]),
        any_status_change=bool(row["any_status_change"]),
        any_comment=bool(row["any_comment"]),
        plans_masterplan=bool(row["plans_masterplan"]),
        tallies=[
            (group, row[f"t{i}_supports"] or 0, row[f"t{i}_opposes"] or 0)
            for i, group in enumerate(StakeholderGroup)
        ],
    )
