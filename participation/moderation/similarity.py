"""How alike two proposals are, as numbers between 0 and 1 a moderator can read as percent.

Title: the trigram similarity of PostgreSQL's pg_trgm (each word padded with two blanks in
front and one behind, cut into three-letter pieces; shared pieces over all pieces), computed
the same way in Python, so both databases show the same figure. Words in another order
still score 1; only equal titles (case and spacing aside) are called "the same title".

Text: the cosine of the two proposals' TF-IDF vectors over German word stems (title counted
twice, stop words left out), the document frequencies taken from the proposals compared.
A word every proposal uses ("Dortmund", "digital") says little; a rare one shared says much.

Ranking: identical titles first, then ``TITLE_WEIGHT`` × title + the rest × text, so that
near-identical titles come before pairs that merely share a topic.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from participation.proposals.search import stems

WORD = re.compile(r"[^\W_]+")  # pg_trgm's words: letters and digits, anything else splits
TITLE_WEIGHT = 0.6


def trigrams(text: str) -> frozenset[str]:
    pieces: set[str] = set()
    for word in WORD.findall(text.lower()):
        padded = f"  {word} "
        pieces.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(pieces)


def title_similarity(first: str, second: str) -> float:
    """pg_trgm's ``similarity(lower(first), lower(second))``."""
    a, b = trigrams(first), trigrams(second)
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def same_title(first: str, second: str) -> bool:
    """Equal but for case, spacing and punctuation."""
    return WORD.findall(first.lower()) == WORD.findall(second.lower())


def text_bag(title: str, body: str) -> Counter[str]:
    """The stems a proposal's text is compared by (the title counts twice)."""
    return Counter(stems(title) * 2 + stems(body))


class TextVectors:
    """TF-IDF vectors of a set of proposals, for their pairwise text similarity."""

    def __init__(self, bags: Mapping[int, Counter[str]]) -> None:
        frequency: Counter[str] = Counter(stem for bag in bags.values() for stem in bag)
        documents = max(len(bags), 1)
        self._vectors: dict[int, dict[str, float]] = {}
        self._norms: dict[int, float] = {}
        for key, bag in bags.items():
            vector = {
                stem: (1 + math.log(count)) * math.log(1 + documents / frequency[stem])
                for stem, count in bag.items()
            }
            self._vectors[key] = vector
            self._norms[key] = math.sqrt(sum(weight * weight for weight in vector.values()))

    def similarity(self, first: int, second: int) -> float:
        a, b = self._vectors.get(first, {}), self._vectors.get(second, {})
        norms = self._norms.get(first, 0.0) * self._norms.get(second, 0.0)
        if not norms:
            return 0.0
        if len(b) < len(a):
            a, b = b, a
        return min(1.0, sum(weight * b.get(stem, 0.0) for stem, weight in a.items()) / norms)


@dataclass(frozen=True)
class Likeness:
    """How alike two proposals are."""

    title: float  # 0..1, pg_trgm's similarity of the titles
    text: float  # 0..1, TF-IDF cosine of title and text
    same_title: bool

    @property
    def score(self) -> float:
        return TITLE_WEIGHT * self.title + (1 - TITLE_WEIGHT) * self.text

    @property
    def sort_key(self) -> tuple[bool, float, float]:
        """Ascending order puts the most alike first: equal titles, then by score."""
        return (not self.same_title, -self.score, -self.title)

    @property
    def title_percent(self) -> int:
        """Whole percent; 100 only for the same title (another word order says 99)."""
        percent = round(self.title * 100)
        return 100 if self.same_title else min(percent, 99)

    @property
    def text_percent(self) -> int:
        return round(self.text * 100)


def likeness(
    titles: tuple[str, str], keys: tuple[int, int], vectors: TextVectors, title: float | None
) -> Likeness:
    """The likeness of two proposals; ``title`` is the database's figure where it has one."""
    measured = title_similarity(*titles) if title is None else title
    return Likeness(measured, vectors.similarity(*keys), same_title(*titles))


def bags_of(rows: Iterable[tuple[int, str, str]]) -> dict[int, Counter[str]]:
    return {key: text_bag(title, body) for key, title, body in rows}
