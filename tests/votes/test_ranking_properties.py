"""Properties of the scores a proposal stores and the ranked views sort by (DESIGN.md §4),
checked through ``scores()`` over every stakeholder group, as the vote service computes them.

The single functions have their own properties in test_ranking.py; how ties break is in
test_ranking_order.py (the public list) and tests/planning/test_ranking_pages.py (every score).
"""

from __future__ import annotations

import math

from hypothesis import assume, given
from hypothesis import strategies as st

from participation.accounts.models import StakeholderGroup
from participation.votes.ranking import GroupCount, Scores, scores

GROUPS = [group.value for group in StakeholderGroup]
counts = st.integers(min_value=0, max_value=50_000)
# Counts for any subset of the groups; the groups left out have no votes.
group_counts = st.lists(
    st.builds(GroupCount, st.sampled_from(GROUPS), counts, counts),
    max_size=len(GROUPS),
    unique_by=lambda count: count.group,
)
weights = st.dictionaries(
    st.sampled_from(GROUPS), st.floats(min_value=0, max_value=100, allow_nan=False)
)


def stored(given_counts: list[GroupCount], weight: dict[str, float] | None = None) -> Scores:
    return scores(given_counts, GROUPS, weight)


def with_one_more(
    given_counts: list[GroupCount], group: str, *, support: int, oppose: int
) -> list[GroupCount]:
    """The counts after one vote changed in ``group``."""
    current = {count.group: count for count in given_counts}
    before = current.get(group, GroupCount(group, 0, 0))
    current[group] = GroupCount(group, before.supports + support, before.opposes + oppose)
    return list(current.values())


@given(group_counts, st.sampled_from(GROUPS))
def test_one_more_support_in_any_group_never_lowers_the_stored_wilson(
    given_counts: list[GroupCount], group: str
) -> None:
    after = with_one_more(given_counts, group, support=1, oppose=0)
    assert stored(after).wilson >= stored(given_counts).wilson - 1e-12


@given(group_counts, weights)
def test_every_stored_score_stays_between_zero_and_one(
    given_counts: list[GroupCount], weight: dict[str, float]
) -> None:
    for value in (*vars(stored(given_counts)).values(), stored(given_counts, weight).balanced):
        assert 0.0 <= value <= 1.0


@given(group_counts, st.randoms(), st.floats(min_value=0.1, max_value=10))
def test_balanced_with_equal_weights_does_not_depend_on_group_order(
    given_counts: list[GroupCount], random: object, weight: float
) -> None:
    shuffled = list(given_counts)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    equal = {group: weight for group in GROUPS}
    # Whatever the common weight, equal weights are no weights at all.
    expected = stored(given_counts).balanced
    for order in (given_counts, shuffled):
        assert math.isclose(stored(order).balanced, expected, abs_tol=1e-12)
        assert math.isclose(stored(order, equal).balanced, expected, abs_tol=1e-12)


@given(group_counts, st.sampled_from(GROUPS))
def test_consensus_rises_when_one_objection_in_any_group_becomes_a_support(
    given_counts: list[GroupCount], group: str
) -> None:
    current = {count.group: count for count in given_counts}
    assume(current.get(group, GroupCount(group, 0, 0)).opposes > 0)
    after = with_one_more(given_counts, group, support=1, oppose=-1)
    assert stored(after).consensus > stored(given_counts).consensus
