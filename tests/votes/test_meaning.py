"""The rules that turn a proposal's votes into words (votes/meaning.py), without a database."""

from __future__ import annotations

import pytest

from participation.i18n import language
from participation.votes.meaning import FEW_VOTES, Lean, Spread, lean, read
from participation.votes.ranking import GroupCount


@pytest.mark.parametrize(
    "supports, opposes, expected",
    [
        (0, 0, Lean.NO_VOTES),
        (48, 9, Lean.FOR),
        (5, 0, Lean.FOR),  # few, but even the cautious share is above a half
        (12, 31, Lean.AGAINST),
        (4, 2, Lean.EARLY),
        (3, 0, Lean.EARLY),
        (30, 30, Lean.DIVIDED),
        (FEW_VOTES // 2, FEW_VOTES - FEW_VOTES // 2, Lean.DIVIDED),
    ],
)
def test_the_overall_lean_follows_the_interval_of_the_share(
    supports: int, opposes: int, expected: Lean
) -> None:
    assert lean(supports, opposes) == expected


def test_a_group_is_in_favour_where_its_consensus_factor_is_above_a_half() -> None:
    reading = read(
        [
            GroupCount("citizens", 40, 10),
            GroupCount("chambers", 0, 4),
            GroupCount("science", 2, 2),
            GroupCount("business", 0, 0),
        ]
    )
    assert reading.spread == Spread.SPLIT
    assert (reading.groups_for, reading.groups_against, reading.groups_even) == (
        ("citizens",),
        ("chambers",),
        ("science",),
    )


def test_three_groups_all_in_favour_are_broad_two_are_not_yet() -> None:
    three = [GroupCount(g, 5, 1) for g in ("citizens", "chambers", "science")]
    assert read(three).spread == Spread.BROAD
    assert read(three[:2]).spread == Spread.ALL_FOR
    assert read(three[:1]).spread == Spread.ONE_GROUP
    assert read([GroupCount("citizens", 1, 3), GroupCount("chambers", 0, 1)]).spread == (
        Spread.ALL_AGAINST
    )


def test_the_sentences_say_the_counts_the_lean_and_the_groups() -> None:
    counts = [GroupCount(g, 12, 2) for g in ("citizens", "chambers", "science", "business")]
    with language("en"):
        assert read(counts).sentences() == [
            "Of 56 votes, 48 support it.",
            "A clear majority is in favour.",
            "Broadly carried across the groups: more in favour than against in all 4 groups "
            "that voted.",
        ]
    with language("de"):
        assert read(counts).sentences()[0] == "Von 56 Stimmen unterstützen 48 den Vorschlag."
        assert read([GroupCount("citizens", 1, 1)]).counts_sentence() == (
            "Von 2 Stimmen unterstützt 1 den Vorschlag."
        )
        assert read([]).sentences() == ["Noch keine Stimmen."]
