"""What the proposal pages read. Each function is one query, whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q

from participation.masterplans.models import FieldOfAction, Masterplan
from participation.proposals.models import LISTED_STATUSES, PUBLIC_STATUSES, Proposal

PAGE_SIZE = 20


@dataclass(frozen=True)
class RankCursor:
    """The position after the last proposal of a page in "Rangfolge" order (keyset pagination).

    Deep pages cost the same as the first: the database seeks to the key instead of
    counting past an offset.
    """

    wilson: float
    vote_count: int
    proposal_id: int

    def encode(self) -> str:
        return f"{self.wilson!r}_{self.vote_count}_{self.proposal_id}"

    @classmethod
    def decode(cls, raw: str | None) -> RankCursor | None:
        if not raw:
            return None
        try:
            wilson, votes, proposal_id = raw.split("_")
            cursor = cls(float(wilson), int(votes), int(proposal_id))
        except ValueError:
            return None
        return cursor if 0.0 <= cursor.wilson <= 1.0 else None

    @classmethod
    def after(cls, proposal: Proposal) -> RankCursor:
        return cls(proposal.wilson, proposal.vote_count, proposal.id)

    def as_filter(self) -> Q:
        return (
            Q(wilson__lt=self.wilson)
            | Q(wilson=self.wilson, vote_count__lt=self.vote_count)
            | Q(wilson=self.wilson, vote_count=self.vote_count, id__gt=self.proposal_id)
        )


RANK_ORDER = ("-wilson", "-vote_count", "id")


@dataclass(frozen=True)
class ProposalPage:
    proposals: list[Proposal]
    next_cursor: RankCursor | None


async def ranked_page(
    masterplan: Masterplan,
    *,
    field_of_action: FieldOfAction | None = None,
    cursor: RankCursor | None = None,
    page_size: int = PAGE_SIZE,
) -> ProposalPage:
    query = Proposal.filter(masterplan_id=masterplan.id, status__in=LISTED_STATUSES)
    if field_of_action is not None:
        query = query.filter(field_of_action_id=field_of_action.id)
    if cursor is not None:
        query = query.filter(cursor.as_filter())
    rows = await (
        query.order_by(*RANK_ORDER)
        .limit(page_size + 1)
        .select_related("field_of_action", "organization", "author")
    )
    proposals = rows[:page_size]
    more = len(rows) > page_size
    return ProposalPage(proposals, RankCursor.after(proposals[-1]) if more else None)


async def top_ranked(masterplan: Masterplan, limit: int = 5) -> list[Proposal]:
    return (await ranked_page(masterplan, page_size=limit)).proposals


async def newest(limit: int = 5) -> list[Proposal]:
    return await (
        Proposal.filter(status__in=LISTED_STATUSES)
        .order_by("-created_at", "-id")
        .limit(limit)
        .select_related("masterplan", "field_of_action", "organization", "author")
    )


async def public_proposal(proposal_id: int) -> Proposal | None:
    return await (
        Proposal.filter(id=proposal_id, status__in=PUBLIC_STATUSES)
        .select_related("masterplan", "field_of_action", "organization", "author")
        .first()
    )
