"""What the proposal pages read. Each function is one query (or a fixed few), whatever the
data size: lists seek by key instead of counting past an offset."""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from tortoise.expressions import F, Q, Subquery
from tortoise.queryset import QuerySet

from participation.accounts.models import Membership, Organization, StakeholderGroup, User
from participation.accounts.permissions import is_moderator
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning import uptake
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
    def after(cls, proposal: Proposal, sort: Sort) -> Cursor:
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
    field_of_action: FieldOfAction | None = None
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


async def proposal_page(
    masterplan: Masterplan,
    *,
    filters: Filters | None = None,
    sort: Sort = Sort.RANK,
    cursor: Cursor | None = None,
    page_size: int = PAGE_SIZE,
    related: tuple[str, ...] = ("field_of_action", "organization", "author"),
) -> ProposalPage:
    filters = filters or Filters()
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
    query = search.only_matching(query, filters.query)
    rows = await in_order(query, sort, cursor).limit(page_size + 1).select_related(*related)
    proposals = rows[:page_size]
    more = len(rows) > page_size
    return ProposalPage(proposals, Cursor.after(proposals[-1], sort) if more else None)


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


async def has_cosigned(proposal: Proposal, membership: Membership | None) -> bool:
    if membership is None:
        return False
    return await CoSignature.exists(
        proposal_id=proposal.id,
        organization_id=membership.organization_id,  # type: ignore[attr-defined]
    )
