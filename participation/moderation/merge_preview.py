"""What a merge would do, told before it happens: the confirmation page reads this.

Also the rule which of two proposals a merge keeps by default (``kept_of``), shown on the
duplicates list and the confirmation page alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Subquery
from tortoise.functions import Count

from participation.moderation.merge_carry import ids_of
from participation.moderation.merging import refusal
from participation.notifications.models import Follow
from participation.proposals.models import CoSignature, Proposal, ProposalStatus
from participation.votes.models import Vote

# Preview pages show the proposals with who wrote them.
PREVIEW_RELATIONS = ("author", "organization", "masterplan", "field_of_action")


def kept_of(first: Proposal, second: Proposal) -> Proposal:
    """The proposal a merge of these two should keep: the one the city has answered already
    (an official status), else the one with more supports, else the older one."""

    def order(proposal: Proposal) -> tuple[bool, int, object, int]:
        unanswered = proposal.status == ProposalStatus.PUBLISHED
        return (unanswered, -proposal.supports, proposal.created_at, proposal.id)

    return min((first, second), key=order)


@dataclass(frozen=True)
class MergePreview:
    duplicate: Proposal
    target: Proposal
    refusal: str | None  # why it cannot be done; then nothing below is counted
    supports_moved: int = 0  # supports that will count for the target
    opposes_moved: int = 0
    voted_both: int = 0  # people who voted on both: their vote on the target counts, once
    cosigners_added: tuple[str, ...] = ()  # organisations that will co-sign the target too
    cosigners_both: tuple[str, ...] = ()  # co-sign both already
    comments_moved: int = 0  # comments (with their replies) that move, as readers count them
    followers_added: int = 0  # people who will follow the target too
    supporters_told: int = 0  # the duplicate's supporters, notified (authors aside)
    followers_told: int = 0  # the duplicate's other followers, notified

    @property
    def supports_after(self) -> int:
        return self.target.supports + self.supports_moved

    @property
    def opposes_after(self) -> int:
        return self.target.opposes + self.opposes_moved


async def preview(duplicate: Proposal, into: Proposal) -> MergePreview:
    """The figures of a merge of ``duplicate`` into ``into``, in a fixed number of queries."""
    problem = refusal(duplicate, into)
    if problem:
        return MergePreview(duplicate, into, problem)
    target_voters = Vote.filter(proposal_id=into.id, voter_id__isnull=False).values("voter_id")
    both = dict(
        await Vote.filter(proposal_id=duplicate.id, voter_id__in=Subquery(target_voters))
        .annotate(n=Count("id"))
        .group_by("value")
        .values_list("value", "n")
    )
    supporters = set(await ids_of(Vote.filter(proposal_id=duplicate.id, value__gt=0), "voter_id"))
    followers = set(await ids_of(Follow.filter(proposal_id=duplicate.id), "user_id"))
    already = set(await ids_of(Follow.filter(proposal_id=into.id), "user_id"))
    added, kept = await _cosigners(duplicate, into)
    authors = {duplicate.author_id, into.author_id}  # type: ignore[attr-defined]
    return MergePreview(
        duplicate,
        into,
        None,
        supports_moved=duplicate.supports - int(both.get(1, 0)),
        opposes_moved=duplicate.opposes - int(both.get(-1, 0)),
        voted_both=sum(int(n) for n in both.values()),
        cosigners_added=added,
        cosigners_both=kept,
        comments_moved=duplicate.comment_count,
        followers_added=len(followers - already),
        supporters_told=len(supporters - authors),
        followers_told=len(followers - supporters - authors),
    )


async def _cosigners(
    duplicate: Proposal, into: Proposal
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    signatures = await CoSignature.filter(proposal_id__in=(duplicate.id, into.id)).select_related(
        "organization"
    )
    on_target = {s.organization_id for s in signatures if s.proposal_id == into.id}  # type: ignore[attr-defined]
    on_target.add(into.organization_id)  # type: ignore[attr-defined]
    mine = [s for s in signatures if s.proposal_id == duplicate.id]  # type: ignore[attr-defined]
    added = tuple(s.organization.name for s in mine if s.organization_id not in on_target)  # type: ignore[attr-defined]
    kept = tuple(s.organization.name for s in mine if s.organization_id in on_target)  # type: ignore[attr-defined]
    return added, kept
