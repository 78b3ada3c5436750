"""The worked examples of the page "So werden Beiträge gewichtet", computed by the ranking
functions themselves, so that the page can never show other numbers than the lists use."""

from __future__ import annotations

from dataclasses import dataclass

from participation.accounts.models import StakeholderGroup
from participation.votes import meaning
from participation.votes.ranking import GroupCount, balanced, consensus, wilson


@dataclass(frozen=True)
class Example:
    """One proposal of an example: its votes by group and every number the platform derives."""

    name: str  # a letter the page refers to
    counts: tuple[GroupCount, ...]

    @property
    def supports(self) -> int:
        return sum(count.supports for count in self.counts)

    @property
    def opposes(self) -> int:
        return sum(count.opposes for count in self.counts)

    @property
    def share(self) -> float:
        votes = self.supports + self.opposes
        return self.supports / votes if votes else 0.0

    @property
    def rank_score(self) -> float:
        return wilson(self.supports, self.opposes)

    @property
    def balance(self) -> int:
        return self.supports - self.opposes

    @property
    def balanced(self) -> float:
        return balanced(self.counts)

    @property
    def consensus(self) -> float:
        # Over every group, as the stored score: a group without votes counts 1/2.
        given = {count.group: count for count in self.counts}
        return consensus(given.get(g.value, GroupCount(g.value, 0, 0)) for g in StakeholderGroup)

    def rows(self) -> list[tuple[StakeholderGroup, int, int, float]]:
        """Each group that voted: supports, objections and the group's own rank score."""
        return [
            (StakeholderGroup(c.group), c.supports, c.opposes, wilson(c.supports, c.opposes))
            for c in self.counts
        ]

    def reading(self) -> meaning.Reading:
        return meaning.read(self.counts)


CITIZENS, CHAMBERS, SCIENCE = "citizens", "chambers", "science"


def _only_citizens(name: str, supports: int, opposes: int) -> Example:
    return Example(name, (GroupCount(CITIZENS, supports, opposes),))


# Few votes against many: the share alone would put A first.
FEW_AND_MANY = (
    _only_citizens("A", 3, 0),
    _only_citizens("B", 90, 10),
    _only_citizens("C", 48, 9),
)
# "Most supported" against "Saldo" and the rank score: many supports, more objections.
SUPPORTS_AND_BALANCE = (_only_citizens("A", 12, 31), _only_citizens("B", 4, 2))
# Many citizens for it, the chambers against it.
GROUPS = (Example("A", (GroupCount(CITIZENS, 300, 100), GroupCount(CHAMBERS, 1, 5))),)
# Loved by one group and rejected by another, against liked by three.
CONSENSUS = (
    Example("A", (GroupCount(CITIZENS, 40, 10), GroupCount(CHAMBERS, 0, 4))),
    Example(
        "B",
        (GroupCount(CITIZENS, 25, 15), GroupCount(CHAMBERS, 3, 1), GroupCount(SCIENCE, 3, 1)),
    ),
)
THRESHOLDS = {
    "few_votes": meaning.FEW_VOTES,
    "broad_groups": meaning.BROAD_GROUPS,
    "clear_share": meaning.CLEAR_SHARE,
}
