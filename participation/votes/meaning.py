"""What a proposal's numbers mean, in words a citizen reads without a statistics course.

Pure, like ranking.py: a :class:`Reading` from the per-group counts the ranking already
keeps, and sentences from it at render time (in the reader's language). The thresholds are
here and nowhere else; the page "So werden Beiträge gewichtet" (votes/weighting.html) states
them from these constants.

- The overall lean is read from the 95 % interval around the share of supports, the same
  interval the rank score is the lower end of (``ranking.wilson``). Its lower end above one
  half: a clear majority for it. Its upper end below one half: a clear majority against. In
  between, with fewer than ``FEW_VOTES`` votes: too early to tell; with more: divided.
- A stakeholder group is in favour where it has more supports than objections, against where
  it has more objections: exactly where its factor ``(s_g + 1) / (n_g + 2)`` of the
  ``consensus`` score is above or below one half. A proposal in favour in every group that
  voted, at least ``BROAD_GROUPS`` of them, is broadly carried.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from participation.accounts.models import StakeholderGroup
from participation.i18n import gettext, ngettext
from participation.votes.ranking import GroupCount, wilson

# A share is clear when its 95 % interval lies wholly on one side of one half.
CLEAR_SHARE = 0.5
# Below this many votes an unclear share is "too early to tell", from here on "divided".
FEW_VOTES = 10
# In favour in every group that voted, and at least this many groups: "broadly carried".
BROAD_GROUPS = 3


class Lean(StrEnum):
    NO_VOTES = "no_votes"
    FOR = "for"  # the interval's lower end is above one half
    AGAINST = "against"  # the interval's upper end is below one half
    EARLY = "early"  # unclear, and fewer than FEW_VOTES votes
    DIVIDED = "divided"  # unclear with FEW_VOTES votes or more


class Spread(StrEnum):
    NO_VOTES = "no_votes"
    ONE_GROUP = "one_group"  # only one stakeholder group has voted
    BROAD = "broad"  # in favour in every voting group, at least BROAD_GROUPS of them
    ALL_FOR = "all_for"  # in favour in every voting group, fewer than BROAD_GROUPS
    ALL_AGAINST = "all_against"  # against in every voting group
    SPLIT = "split"  # the groups lean different ways (or some are even)


def lean(supports: int, opposes: int) -> Lean:
    votes = supports + opposes
    if votes == 0:
        return Lean.NO_VOTES
    if wilson(supports, opposes) > CLEAR_SHARE:
        return Lean.FOR
    # The upper end of the supports' interval is one minus the lower end of the objections'.
    if 1 - wilson(opposes, supports) < CLEAR_SHARE:
        return Lean.AGAINST
    return Lean.EARLY if votes < FEW_VOTES else Lean.DIVIDED


def _labels(groups: Iterable[str]) -> str:
    return ", ".join(StakeholderGroup(group).label for group in groups)


@dataclass(frozen=True)
class Reading:
    """A proposal's votes as a person would sum them up."""

    supports: int
    opposes: int
    lean: Lean
    spread: Spread
    groups_for: tuple[str, ...]
    groups_against: tuple[str, ...]
    groups_even: tuple[str, ...]

    @property
    def votes(self) -> int:
        return self.supports + self.opposes

    def counts_sentence(self) -> str:
        if self.votes == 0:
            return gettext("No votes yet.")
        if self.votes == 1:
            if self.supports:
                return gettext("One vote so far, in favour.")
            return gettext("One vote so far, against.")
        if self.supports == 0:
            return gettext("All %(votes)s votes are against it.") % {"votes": self.votes}
        return ngettext(
            "Of %(votes)s votes, %(num)s supports it.",
            "Of %(votes)s votes, %(num)s support it.",
            self.supports,
        ) % {"votes": self.votes, "num": self.supports}

    def lean_sentence(self) -> str:
        return {
            Lean.NO_VOTES: "",
            Lean.FOR: gettext("A clear majority is in favour."),
            Lean.AGAINST: gettext("A clear majority is against it."),
            Lean.EARLY: gettext("Too few votes yet for a clear picture."),
            Lean.DIVIDED: gettext("Opinion is divided: neither side has a clear majority."),
        }[self.lean]

    def groups_sentence(self) -> str:
        if self.spread == Spread.NO_VOTES:
            return ""
        if self.spread == Spread.ONE_GROUP:
            only = (self.groups_for + self.groups_against + self.groups_even)[0]
            return gettext("So far only one group has voted: %(group)s.") % {
                "group": _labels([only])
            }
        if self.spread == Spread.BROAD:
            return gettext(
                "Broadly carried across the groups: more in favour than against in all "
                "%(num)s groups that voted."
            ) % {"num": len(self.groups_for)}
        if self.spread == Spread.ALL_FOR:
            return gettext("More in favour than against in both groups that voted.")
        if self.spread == Spread.ALL_AGAINST:
            return gettext("More against than in favour in every group that voted.")
        parts = [
            gettext("in favour: %(groups)s") % {"groups": _labels(self.groups_for)}
            if self.groups_for
            else "",
            gettext("against: %(groups)s") % {"groups": _labels(self.groups_against)}
            if self.groups_against
            else "",
            gettext("evenly split: %(groups)s") % {"groups": _labels(self.groups_even)}
            if self.groups_even
            else "",
        ]
        return gettext("The groups disagree (%(parts)s).") % {
            "parts": "; ".join(part for part in parts if part)
        }

    def sentences(self) -> list[str]:
        """The counts, the overall lean and the groups, each a sentence (none left empty)."""
        said = [self.counts_sentence(), self.lean_sentence(), self.groups_sentence()]
        return [sentence for sentence in said if sentence]


def read(counts: Iterable[GroupCount]) -> Reading:
    """The reading of a proposal from its votes by group."""
    voted = [count for count in counts if count.votes]
    favour = tuple(c.group for c in voted if c.supports > c.opposes)
    against = tuple(c.group for c in voted if c.opposes > c.supports)
    even = tuple(c.group for c in voted if c.supports == c.opposes)
    supports = sum(c.supports for c in voted)
    opposes = sum(c.opposes for c in voted)
    if not voted:
        spread = Spread.NO_VOTES
    elif len(voted) == 1:
        spread = Spread.ONE_GROUP
    elif len(favour) == len(voted):
        spread = Spread.BROAD if len(voted) >= BROAD_GROUPS else Spread.ALL_FOR
    elif len(against) == len(voted):
        spread = Spread.ALL_AGAINST
    else:
        spread = Spread.SPLIT
    return Reading(supports, opposes, lean(supports, opposes), spread, favour, against, even)
