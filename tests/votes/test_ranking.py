from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from participation.votes.ranking import (
    GroupCount,
    balanced,
    consensus,
    net,
    wilson,
)

counts = st.integers(min_value=0, max_value=100_000)
groups = st.lists(
    st.builds(GroupCount, st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]), counts, counts),
    max_size=7,
    unique_by=lambda g: g.group,
)


def test_wilson_is_zero_without_votes() -> None:
    assert wilson(0, 0) == 0.0


def test_wilson_matches_the_published_formula_for_known_values() -> None:
    # 9 of 10 supports: p = 0.9, n = 10, z = 1.96 -> lower bound ≈ 0.5958 (textbook value).
    assert math.isclose(wilson(9, 1), 0.5958, abs_tol=1e-4)
    assert math.isclose(wilson(90, 10), 0.8256, abs_tol=1e-4)


def test_few_votes_cannot_outrank_many() -> None:
    assert wilson(3, 0) < wilson(90, 10)


def test_net_is_supports_minus_opposes() -> None:
    assert net(7, 3) == 4


@given(counts, counts)
def test_wilson_stays_between_zero_and_one(supports: int, opposes: int) -> None:
    assert 0.0 <= wilson(supports, opposes) <= 1.0


@given(counts, counts)
def test_one_more_support_never_lowers_wilson(supports: int, opposes: int) -> None:
    assert wilson(supports + 1, opposes) >= wilson(supports, opposes) - 1e-12


@given(counts, counts)
def test_one_more_objection_never_raises_wilson(supports: int, opposes: int) -> None:
    assert wilson(supports, opposes + 1) <= wilson(supports, opposes) + 1e-12


@given(groups)
def test_balanced_stays_between_zero_and_one(group_counts: list[GroupCount]) -> None:
    assert 0.0 <= balanced(group_counts) <= 1.0


@given(groups, st.randoms())
def test_balanced_with_equal_weights_does_not_depend_on_group_order(
    group_counts: list[GroupCount], random: object
) -> None:
    shuffled = list(group_counts)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert math.isclose(balanced(group_counts), balanced(shuffled), abs_tol=1e-12)


def test_balanced_lets_five_chambers_count_as_much_as_thousands_of_citizens() -> None:
    citizens = GroupCount("citizens", 3000, 200)
    chambers = GroupCount("chambers", 0, 5)
    score = balanced([citizens, chambers])
    assert math.isclose(score, (wilson(3000, 200) + wilson(0, 5)) / 2)
    assert score < wilson(3000, 205)  # the raw pooled count would hide the chambers' view


def test_balanced_ignores_groups_without_votes_and_zero_weights() -> None:
    a, b = GroupCount("a", 10, 0), GroupCount("b", 0, 0)
    assert balanced([a, b]) == wilson(10, 0)
    assert balanced([a, GroupCount("c", 0, 10)], {"c": 0}) == wilson(10, 0)


@given(groups)
def test_consensus_stays_between_zero_and_one(group_counts: list[GroupCount]) -> None:
    assert 0.0 <= consensus(group_counts) <= 1.0


@given(groups, st.data())
def test_consensus_rises_when_any_group_shifts_towards_support(
    group_counts: list[GroupCount], data: st.DataObject
) -> None:
    if not group_counts:
        return
    index = data.draw(st.integers(0, len(group_counts) - 1))
    shifted = list(group_counts)
    g = shifted[index]
    if g.opposes == 0:
        return
    shifted[index] = GroupCount(g.group, g.supports + 1, g.opposes - 1)
    assert consensus(shifted) > consensus(group_counts)
