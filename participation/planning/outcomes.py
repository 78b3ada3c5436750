"""What became of the input, in public: "Was aus Ihren Beiträgen wurde" and the ranked views.

Pure reads, each a fixed number of queries whatever the data size. What the draft did with a
proposal is read from the latest published version only: a working version is not public, and
an earlier version is history. A proposal linked to several sections counts once, under the
strongest disposition it got (adopted before partially adopted before considered).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count

from participation.accounts.models import StakeholderGroup, User
from participation.charts import BarChart, stacked_bars
from participation.i18n import N_, gettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning.drafts import latest_published
from participation.planning.models import Disposition, DraftVersion, InputLink
from participation.proposals.models import (
    LISTED_STATUSES,
    PUBLIC_STATUSES,
    Proposal,
    ProposalStatus,
)
from participation.proposals.queries import ORDERS, Sort
from participation.votes import queries as vote_queries
from participation.votes.models import Vote
from participation.votes.queries import Breakdown

RANKING_SIZE = 50
STRONGEST_FIRST = (Disposition.ADOPTED, Disposition.PARTIALLY_ADOPTED, Disposition.CONSIDERED)


@dataclass
class Tally:
    """Listed proposals by what the published draft did with them."""

    adopted: int = 0
    partially_adopted: int = 0
    considered: int = 0
    total: int = 0

    @property
    def not_taken_up(self) -> int:
        return self.total - self.adopted - self.partially_adopted - self.considered

    def of(self, disposition: Disposition) -> int:
        return int(getattr(self, disposition.value))

    def count(self, disposition: Disposition) -> None:
        setattr(self, disposition.value, self.of(disposition) + 1)


def disposition_chart(rows: Sequence[tuple[str, Tally]]) -> BarChart:
    """One bar per row, split by disposition, all on one scale (labels in the reader's
    language, so call it while rendering)."""
    return stacked_bars(
        [
            (
                label,
                [
                    *((d.value, tally.of(d)) for d in STRONGEST_FIRST),
                    ("not_taken_up", tally.not_taken_up),
                ],
                f"{tally.total - tally.not_taken_up} / {tally.total}",
            )
            for label, tally in rows
        ]
    )


@dataclass(frozen=True)
class Taken:
    """A section of the published draft that took a proposal up."""

    section_key: str
    section_title: str
    disposition: Disposition
    note: str


@dataclass(frozen=True)
class ProposalOutcome:
    proposal: Proposal
    taken: list[Taken]


@dataclass(frozen=True)
class FieldOutcome:
    field: FieldOfAction
    tally: Tally
    decided: list[ProposalOutcome]  # taken up by the draft, or answered officially

    @property
    def undecided(self) -> int:
        """Listed proposals neither taken up nor answered yet."""
        return self.tally.total - len(self.decided)


@dataclass(frozen=True)
class Outcomes:
    version: DraftVersion | None  # the latest published version, if any
    overall: Tally
    by_group: dict[StakeholderGroup, Tally]
    fields: list[FieldOutcome]
    taken: dict[int, list[Taken]]  # proposal id → sections of the version that took it up

    def group_rows(self) -> list[tuple[str, Tally]]:
        return [(group.label, tally) for group, tally in self.by_group.items()]

    def field_rows(self) -> list[tuple[str, Tally]]:
        return [(item.field.title, item.tally) for item in self.fields]

    def group_chart(self) -> BarChart:
        return disposition_chart(self.group_rows())

    def field_chart(self) -> BarChart:
        return disposition_chart(self.field_rows())


async def _taken_up(version: DraftVersion | None) -> list[dict[str, Any]]:
    """Every link of the version to a listed proposal, with what the counts need (one pass)."""
    if version is None:
        return []
    return await (
        InputLink.filter(section__version_id=version.id, proposal__status__in=LISTED_STATUSES)
        .order_by("section__position", "section_id")
        .values(
            "proposal_id",
            "disposition",
            "note",
            "section__key",
            "section__title",
            "proposal__stakeholder_group",
            "proposal__field_of_action_id",
        )
    )


def _strongest(links: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """Per proposal, its link with the strongest disposition."""
    strongest: dict[int, dict[str, Any]] = {}
    for link in sorted(
        links, key=lambda row: STRONGEST_FIRST.index(Disposition(row["disposition"]))
    ):
        strongest.setdefault(int(link["proposal_id"]), link)
    return strongest


async def _totals(masterplan: Masterplan) -> list[dict[str, Any]]:
    """Listed proposals counted per (group, field, status): one GROUP BY."""
    return await (
        Proposal.filter(masterplan_id=masterplan.id, status__in=LISTED_STATUSES)
        .annotate(proposals=Count("id"))
        .group_by("stakeholder_group", "field_of_action_id", "status")
        .values("stakeholder_group", "field_of_action_id", "status", "proposals")
    )


async def _decided(masterplan: Masterplan, version: DraftVersion | None) -> list[Proposal]:
    """Listed proposals that the draft took up or that have an official response."""
    answered = Q(status__not=ProposalStatus.PUBLISHED)
    if version is not None:
        linked = InputLink.filter(section__version_id=version.id).values("proposal_id")
        answered |= Q(id__in=Subquery(linked))
    return await (
        Proposal.filter(masterplan_id=masterplan.id, status__in=LISTED_STATUSES)
        .filter(answered)
        .order_by(*(("-" if desc else "") + column for column, desc in ORDERS[Sort.RANK]))
        .select_related("organization", "author")
    )


async def outcomes_of(masterplan: Masterplan) -> Outcomes:
    """What the latest published draft did with the masterplan's listed proposals, counted
    overall, by stakeholder group and by field of action (five queries)."""
    fields = await masterplan.fields_of_action.all()
    version = await latest_published(masterplan)
    links = await _taken_up(version)
    overall, by_group, by_field = _tallies(fields, await _totals(masterplan), _strongest(links))
    taken = _as_taken(links)
    decided: dict[int, list[ProposalOutcome]] = defaultdict(list)
    for proposal in await _decided(masterplan, version):
        outcome = ProposalOutcome(proposal, taken.get(proposal.id, []))
        decided[proposal.field_of_action_id].append(outcome)  # type: ignore[attr-defined]
    return Outcomes(
        version=version,
        overall=overall,
        by_group={group: tally for group, tally in by_group.items() if tally.total},
        fields=[FieldOutcome(f, by_field[f.id], decided[f.id]) for f in fields],
        taken=taken,
    )


def _tallies(
    fields: list[FieldOfAction],
    totals: list[dict[str, Any]],
    strongest: dict[int, dict[str, Any]],
) -> tuple[Tally, dict[StakeholderGroup, Tally], dict[int, Tally]]:
    """Overall, per group and per field: the totals from the GROUP BY, the dispositions from
    each proposal's strongest link."""
    overall, by_group = Tally(), {group: Tally() for group in StakeholderGroup}
    by_field = {f.id: Tally() for f in fields}
    for row in totals:
        group, field_id = StakeholderGroup(row["stakeholder_group"]), row["field_of_action_id"]
        for tally in (overall, by_group[group], by_field[field_id]):
            tally.total += int(row["proposals"])
    for link in strongest.values():
        group, field_id = (
            StakeholderGroup(link["proposal__stakeholder_group"]),
            link["proposal__field_of_action_id"],
        )
        for tally in (overall, by_group[group], by_field[field_id]):
            tally.count(Disposition(link["disposition"]))
    return overall, by_group, by_field


def _as_taken(links: list[dict[str, Any]]) -> dict[int, list[Taken]]:
    taken: dict[int, list[Taken]] = defaultdict(list)
    for link in links:
        taken[int(link["proposal_id"])].append(
            Taken(
                section_key=str(link["section__key"]),
                section_title=str(link["section__title"]),
                disposition=Disposition(link["disposition"]),
                note=str(link["note"]),
            )
        )
    return dict(taken)


@dataclass(frozen=True)
class Contribution:
    """One of the person's proposals, or one they voted on, and where it went."""

    proposal: Proposal
    mine: bool
    vote: int  # +1 supported, -1 opposed, 0 did not vote
    taken: list[Taken] = field(default_factory=list)


async def contributions_of(
    user: User, masterplan: Masterplan, taken: dict[int, list[Taken]]
) -> list[Contribution]:
    """The person's own proposals in the masterplan (whatever their status) and the public
    ones they voted on, newest first (two queries)."""
    votes: dict[int, int] = dict(
        await Vote.filter(voter_id=user.id, proposal__masterplan_id=masterplan.id).values_list(
            "proposal_id", "value"
        )
    )
    voted_on = Q(id__in=list(votes) or [0], status__in=PUBLIC_STATUSES)
    proposals = await (
        Proposal.filter(masterplan_id=masterplan.id)
        .filter(Q(author_id=user.id) | voted_on)
        .order_by("-created_at", "-id")
        .select_related("field_of_action")
    )
    return [
        Contribution(
            proposal=proposal,
            mine=proposal.author_id == user.id,  # type: ignore[attr-defined]
            vote=votes.get(proposal.id, 0),
            taken=taken.get(proposal.id, []),
        )
        for proposal in proposals
    ]


class Score(StrEnum):
    """The scores a ranked view can order by (DESIGN.md §4)."""

    WILSON = "wilson"  # "Rangfolge", the public default
    BALANCED = "balanced"
    CONSENSUS = "consensus"

    @property
    def label(self) -> str:
        return gettext(_SCORE_LABELS[self])


_SCORE_LABELS = {
    Score.WILSON: N_("Ranking"),
    Score.BALANCED: N_("Balanced across groups"),
    Score.CONSENSUS: N_("Consensus of the groups"),
}


@dataclass(frozen=True)
class Ranked:
    proposal: Proposal
    breakdown: Breakdown


async def ranked(
    masterplan: Masterplan,
    *,
    score: Score = Score.WILSON,
    field_of_action: FieldOfAction | None = None,
    limit: int = RANKING_SIZE,
) -> list[Ranked]:
    """The top listed proposals by ``score``, ties broken as "Rangfolge" breaks them (more
    votes, then older first), each with its votes by group (two queries)."""
    query = Proposal.filter(masterplan_id=masterplan.id, status__in=LISTED_STATUSES)
    if field_of_action is not None:
        query = query.filter(field_of_action_id=field_of_action.id)
    tie_breaks = [("-" if desc else "") + column for column, desc in ORDERS[Sort.RANK][1:]]
    proposals = await (
        query.order_by(f"-{score.value}", *tie_breaks)
        .limit(limit)
        .select_related("field_of_action", "organization", "author")
    )
    breakdowns = await vote_queries.breakdowns(proposals)
    return [Ranked(proposal, breakdowns[proposal.id]) for proposal in proposals]
