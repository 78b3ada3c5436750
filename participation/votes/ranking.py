"""Pure ranking functions (DESIGN.md §4). No database, no I/O: scores from counts.

Notation: for a proposal, ``s`` supports and ``o`` opposes, ``n = s + o`` votes.
Per stakeholder group ``g`` the same with an index: ``s_g``, ``o_g``, ``n_g``.

How ties in a score break is not here: the database sorts the lists, by the columns
``participation.proposals.queries.ORDERS`` names (the one source of that order).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

Z_95 = 1.96  # two-sided 95 % normal quantile


@dataclass(frozen=True)
class GroupCount:
    """Supports and opposes of one stakeholder group on one proposal."""

    group: str
    supports: int
    opposes: int

    @property
    def votes(self) -> int:
        return self.supports + self.opposes


def net(supports: int, opposes: int) -> int:
    """``net = s - o``."""
    return supports - opposes


def wilson(supports: int, opposes: int, z: float = Z_95) -> float:
    """Lower bound of the Wilson score interval for the share of supports.

    With ``p = s / n``::

        wilson = (p + z²/2n - z * sqrt(p(1 - p)/n + z²/4n²)) / (1 + z²/n)

    and 0 when ``n = 0``. Few votes give a wide interval and so a low bound: 3 of 3 supports
    (0.44) rank below 90 of 100 (0.83).
    """
    n = supports + opposes
    if n == 0:
        return 0.0
    p = supports / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    margin = z * math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)
    # Clamp away floating-point residue just outside [0, 1].
    return min(1.0, max(0.0, (centre - margin) / (1 + z2 / n)))


def balanced(counts: Iterable[GroupCount], weights: Mapping[str, float] | None = None) -> float:
    """Weighted mean of each voting group's ``wilson``, over the groups that voted::

        balanced = Σ_g w_g * wilson(s_g, o_g) / Σ_g w_g     for every g with n_g > 0

    Weights default to 1 for every group; a group with weight 0 is left out. 0 when no group
    with a positive weight voted. Thousands of citizens do not drown five chambers, and five
    chambers do not outweigh thousands of citizens.
    """
    total = weight_sum = 0.0
    for count in counts:
        weight = 1.0 if weights is None else weights.get(count.group, 1.0)
        if count.votes == 0 or weight <= 0:
            continue
        total += weight * wilson(count.supports, count.opposes)
        weight_sum += weight
    return total / weight_sum if weight_sum else 0.0


def consensus(counts: Iterable[GroupCount]) -> float:
    """Product over the groups of the smoothed support share::

        consensus = Π_g (s_g + 1) / (n_g + 2)

    Laplace smoothing makes a group without votes neutral-ish (1/2 each) rather than fatal.
    The product is high only where every group leans towards the proposal.
    """
    product = 1.0
    for count in counts:
        product *= (count.supports + 1) / (count.votes + 2)
    return product


@dataclass(frozen=True)
class Scores:
    """Every stored score of one proposal, from its per-group counts."""

    wilson: float
    balanced: float
    consensus: float


def scores(
    counts: Iterable[GroupCount], groups: Iterable[str], weights: Mapping[str, float] | None
) -> Scores:
    """The scores a proposal stores, over every group in ``groups`` (a group without votes
    counts as 0 of 0, so ``consensus`` always spans the same groups)."""
    given = {count.group: count for count in counts}
    every = [given.get(group, GroupCount(group, 0, 0)) for group in groups]
    supports = sum(count.supports for count in every)
    opposes = sum(count.opposes for count in every)
    return Scores(wilson(supports, opposes), balanced(every, weights), consensus(every))
