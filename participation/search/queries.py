"""What the search results page reads: the public things of every masterplan that match a
query, grouped by kind, in a fixed number of queries.

Proposals are many: the database matches them from its full-text index (proposals/search.py)
and hands out the first in list order, those with the words in their title first. Fields of
action, the sections of each masterplan's current draft and projects are few: they are read
whole and matched in Python by the same terms, in a worker thread.
"""

from __future__ import annotations

import asyncio
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from tortoise.queryset import QuerySet

from participation.masterplans.models import FieldOfAction, Masterplan
from participation.planning.models import DraftSection, DraftVersion, Project, VersionStatus
from participation.proposals import search
from participation.proposals.models import LISTED_STATUSES, Proposal
from participation.proposals.queries import ORDERS, Sort

PROPOSAL_LIMIT = 20
OTHER_LIMIT = 20  # fields, sections, projects: each
SUGGESTIONS = 3
VOCABULARY_TITLES = 500  # proposal titles whose words are offered as spelling variants

T = TypeVar("T")


@dataclass(frozen=True)
class SectionHit:
    section: DraftSection
    masterplan: Masterplan


@dataclass
class Results:
    query: str
    masterplan: Masterplan | None = None  # the filter, if one is set
    proposals: list[Proposal] = field(default_factory=list)
    fields: list[FieldOfAction] = field(default_factory=list)
    sections: list[SectionHit] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    more_proposals: bool = False  # more proposals match than are shown
    suggestions: list[str] = field(default_factory=list)  # spelling variants, when empty
    elsewhere: bool = False  # the masterplan filter hid matches in other masterplans

    @property
    def asks(self) -> bool:
        return bool(search.query_terms(self.query))

    @property
    def empty(self) -> bool:
        return not (self.proposals or self.fields or self.sections or self.projects)


@lru_cache(maxsize=4096)
def _terms_of(text: str) -> frozenset[str]:
    """The stored terms of ``text``. Cached: a field's or a published section's text rarely
    changes, and the cache is keyed by the text itself, so a changed text is stemmed anew."""
    return frozenset(search.stems(text))


def _matches(terms: list[str], text: str) -> bool:
    """Every query term begins a term of ``text`` or ends one (a compound), as the
    databases match proposals."""
    have = _terms_of(text)
    return all(
        any(h.startswith(t) or (len(t) >= search.MIN_TAIL and h.endswith(t)) for h in have)
        for t in terms
    )


def _matching(terms: list[str], rows: Iterable[T], text_of: Callable[[T], str]) -> list[T]:
    return [row for row in rows if _matches(terms, text_of(row))][:OTHER_LIMIT]


RANK_ORDER = tuple(("-" if desc else "") + column for column, desc in ORDERS[Sort.RANK])


def matching_proposals(query: str, masterplan: Masterplan | None = None) -> QuerySet[Proposal]:
    """The listed proposals matching ``query`` in "Rangfolge" order: the order of an index,
    which PostgreSQL reads until it has enough matches when a word is frequent, or it sorts
    the few matches its GIN index hands out when a word is rare. Either way no search ranks
    every match."""
    found = Proposal.filter(status__in=LISTED_STATUSES)
    if masterplan is not None:
        found = found.filter(masterplan_id=masterplan.id)
    return (
        search.only_matching(found, query)
        .order_by(*RANK_ORDER)
        .select_related("masterplan", "field_of_action", "organization", "author")
    )


async def _proposals(
    query: str, masterplan: Masterplan | None, limit: int
) -> tuple[list[Proposal], bool]:
    """The ``limit`` best ranked matches, those with the words in their title first (one
    query). Title matches are not fetched first by a query of their own: when no title but
    many texts hold the words, the planner walks the whole rank index for it (800 ms at
    100,000 proposals); and every row more read costs a check of its terms."""
    found = await matching_proposals(query, masterplan).limit(limit + 1)
    terms = search.query_terms(query)
    shown = found[:limit]
    titled = [p for p in shown if _matches(terms, p.title)]
    return titled + [p for p in shown if p not in titled], len(found) > limit


async def _current_sections(masterplan: Masterplan | None) -> list[SectionHit]:
    """The sections of each masterplan's latest published draft version (two queries):
    never a working version's, never a version since replaced."""
    versions = DraftVersion.filter(status=VersionStatus.PUBLISHED)
    if masterplan is not None:
        versions = versions.filter(masterplan_id=masterplan.id)
    latest: dict[int, DraftVersion] = {}
    for version in await versions.order_by("number").select_related("masterplan"):
        latest[version.masterplan_id] = version  # type: ignore[attr-defined]
    by_id = {version.id: version for version in latest.values()}
    sections = await DraftSection.filter(version_id__in=list(by_id) or [0])
    return [
        SectionHit(s, by_id[s.version_id].masterplan)  # type: ignore[attr-defined]
        for s in sections
    ]


async def search_everything(query: str, *, masterplan: Masterplan | None = None) -> Results:
    """Every public thing matching ``query``, by kind; archived masterplans' included, as
    their pages stay reachable."""
    results = Results(query, masterplan)
    terms = search.query_terms(query)
    if not terms:
        return results
    results.proposals, results.more_proposals = await _proposals(query, masterplan, PROPOSAL_LIMIT)
    fields = FieldOfAction.all().select_related("masterplan")
    projects = Project.all().select_related("masterplan", "field_of_action")
    if masterplan is not None:
        fields = fields.filter(masterplan_id=masterplan.id)
        projects = projects.filter(masterplan_id=masterplan.id)
    all_fields = await fields
    all_sections = await _current_sections(masterplan)
    all_projects = await projects

    def match() -> tuple[list[FieldOfAction], list[SectionHit], list[Project]]:
        return (
            _matching(terms, all_fields, lambda f: f"{f.title} {f.description}"),
            _matching(terms, all_sections, lambda h: f"{h.section.title} {h.section.body}"),
            _matching(terms, all_projects, lambda p: f"{p.code} {p.title} {p.description}"),
        )

    results.fields, results.sections, results.projects = await asyncio.to_thread(match)
    if results.empty:
        texts = [f"{f.title} {f.description}" for f in all_fields]
        texts += [f"{h.section.title} {h.section.body}" for h in all_sections]
        texts += [f"{p.title} {p.description}" for p in all_projects] + await _top_titles()
        results.suggestions = await asyncio.to_thread(spelling_variants, query, texts)
        if masterplan is not None:
            results.elsewhere = not (await search_everything(query)).empty
    return results


async def _top_titles() -> list[str]:
    rows = await (
        Proposal.filter(status__in=LISTED_STATUSES)
        .order_by(*RANK_ORDER)
        .limit(VOCABULARY_TITLES)
        .values_list("title", flat=True)
    )
    return [str(title) for title in rows]


def spelling_variants(query: str, texts: Iterable[str]) -> list[str]:
    """Queries like ``query`` with each word that is not in ``texts`` replaced by the nearest
    words that are (difflib's ratio): "Bürgerbühro" → "Bürgerbüro". The texts: the fields,
    sections and projects searched, and the titles of the best ranked proposals."""
    vocabulary: dict[str, str] = {}
    for text in texts:
        for word in search.WORD.findall(text):
            if len(word) > 3:
                vocabulary.setdefault(word.lower(), word)
    words = search.words_of(query)
    variants: list[str] = []
    for rank in range(SUGGESTIONS):
        replaced = []
        for word in words:
            if word in vocabulary:
                replaced.append(vocabulary[word])
                continue
            close = difflib.get_close_matches(word, vocabulary, n=SUGGESTIONS, cutoff=0.75)
            replaced.append(vocabulary[close[min(rank, len(close) - 1)]] if close else word)
        variant = " ".join(replaced)
        if variant.lower() != " ".join(words) and variant not in variants:
            variants.append(variant)
    return variants
