"""What became of the input, in public: "Was aus Ihren Beiträgen wurde" and the ranked views.

Pure reads, each a fixed number of queries whatever the data size. What the draft did with a
proposal is decided by one function for every page, export and report
(:mod:`participation.planning.uptake`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from tortoise.expressions import Q, Subquery

from participation.accounts.models import StakeholderGroup, User
from participation.charts import BarChart, stacked_bars
from participation.i18n import N_, gettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning.models import DraftVersion, InputLink
from participation.planning.uptake import (
    ORDER,
    Taken,
    Tally,
    Uptake,
    Uptakes,
    Verdict,
    count_uptakes,
    shown_status,
)
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


def disposition_chart(rows: Sequence[tuple[str, Tally]]) -> BarChart:
    """One bar per row, split by verdict (open ones last), all on one scale (labels in the
    reader's language, so call it while rendering)."""
    return stacked_bars(
        [
            (
                label,
                [*((u.value, tally.of(u)) for u in ORDER), ("open", tally.open)],
                f"{tally.taken_up} / {tally.total}",
            )
            for label, tally in rows
        ]
    )


@dataclass(frozen=True)
class ProposalOutcome:
    proposal: Proposal
    verdict: Verdict | None

    @property
    def taken(self) -> tuple[Taken, ...]:
        return self.verdict.sections if self.verdict else ()

    @property
    def shown_status(self) -> ProposalStatus | Uptake:
        return shown_status(self.proposal, self.verdict)


@dataclass(frozen=True)
class FieldOutcome:
    field: FieldOfAction
    tally: Tally
    decided: list[ProposalOutcome]  # taken up by the draft, or answered officially

    @property
    def rest_not_taken_up(self) -> int:
        """Listed proposals not shown in ``decided`` that the draft did not take up."""
        shown = sum(
            1 for o in self.decided if o.verdict and o.verdict.uptake is Uptake.NOT_TAKEN_UP
        )
        return self.tally.not_taken_up - shown

    @property
    def rest_open(self) -> int:
        """Listed proposals not shown in ``decided`` that are still open."""
        return self.tally.open - sum(1 for o in self.decided if o.verdict is None)


@dataclass(frozen=True)
class Outcomes:
    version: DraftVersion | None  # the latest published version, if any
    overall: Tally
    by_group: dict[StakeholderGroup, Tally]
    fields: list[FieldOutcome]
    verdicts: Uptakes  # the version's links to every listed proposal

    def group_rows(self) -> list[tuple[str, Tally]]:
        return [(group.label, tally) for group, tally in self.by_group.items()]

    def field_rows(self) -> list[tuple[str, Tally]]:
        return [(item.field.title, item.tally) for item in self.fields]

    def group_chart(self) -> BarChart:
        return disposition_chart(self.group_rows())

    def field_chart(self) -> BarChart:
        return disposition_chart(self.field_rows())


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
    overall, by stakeholder group and by field of action (:func:`uptake.count_uptakes`), and
    the proposals with something to say, each with its verdict."""
    fields = await masterplan.fields_of_action.all()
    counted = await count_uptakes(masterplan.id)
    verdicts = Uptakes(counted.version, counted.sections)
    decided: dict[int, list[ProposalOutcome]] = defaultdict(list)
    for proposal in await _decided(masterplan, counted.version):
        outcome = ProposalOutcome(proposal, verdicts.of(proposal))
        decided[proposal.field_of_action_id].append(outcome)  # type: ignore[attr-defined]
    by_group = {
        group: counted.by_group[group.value]
        for group in StakeholderGroup
        if group.value in counted.by_group and counted.by_group[group.value].total
    }
    return Outcomes(
        version=counted.version,
        overall=counted.overall,
        by_group=by_group,
        fields=[
            FieldOutcome(f, counted.by_field.get(f.id, Tally()), decided[f.id]) for f in fields
        ],
        verdicts=verdicts,
    )


@dataclass(frozen=True)
class Contribution(ProposalOutcome):
    """One of the person's proposals, or one they voted on, and where it went."""

    mine: bool = False
    vote: int = 0  # +1 supported, -1 opposed, 0 did not vote


async def contributions_of(
    user: User, masterplan: Masterplan, verdicts: Uptakes
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
            verdict=verdicts.of(proposal),
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
    # Plain words on this public page; the method names are explained on /gewichtung.
    Score.BALANCED: N_("Every group counted alike"),
    Score.CONSENSUS: N_("Backing in every group"),
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
    """The top listed proposals by ``score``, ties broken as "Rangfolge" breaks them (fewer
    opposes, more votes, then older first), each with its votes by group (two queries)."""
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
