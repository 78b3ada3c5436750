"""What pages read about moderation: a proposal's lineage after merges."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q

from participation.moderation.models import Merge
from participation.proposals.models import Proposal


@dataclass(frozen=True)
class Lineage:
    merged_into: Proposal | None  # where this duplicate went
    merged_from: list[Merge]  # the duplicates merged into this proposal (not undone)
    merge_of_this: Merge | None  # the merge that made this proposal a duplicate


async def lineage(proposal: Proposal) -> Lineage:
    """Both directions in two queries: what this was merged into, what was merged into it."""
    merges = await Merge.filter(
        Q(duplicate_id=proposal.id) | Q(target_id=proposal.id), undone_at__isnull=True
    )
    return Lineage(None, [], None) if not merges else await _resolve(proposal, merges)


async def _resolve(proposal: Proposal, merges: list[Merge]) -> Lineage:
    ids = {m.duplicate_id for m in merges} | {m.target_id for m in merges}  # type: ignore[attr-defined]
    proposals = {p.id: p for p in await Proposal.filter(id__in=list(ids))}
    own = next((m for m in merges if m.duplicate_id == proposal.id), None)  # type: ignore[attr-defined]
    into = proposals.get(own.target_id) if own else None  # type: ignore[attr-defined]
    merged_from = [m for m in merges if m.target_id == proposal.id]  # type: ignore[attr-defined]
    for merge in merged_from:
        merge.duplicate = proposals[merge.duplicate_id]  # type: ignore[attr-defined]
    return Lineage(into, merged_from, own)
