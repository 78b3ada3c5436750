"""Finding duplicates: likely pairs within a masterplan, and proposals by words or number.

Likely pairs come from the database in one query (search.similar_pairs: pg_trgm and full
text on PostgreSQL, FTS5 on SQLite) for the newest proposals, where duplicates arrive;
they are then measured and ranked in Python (moderation/similarity.py), off the event loop:
identical titles first, then near-identical ones, then pairs that share a topic.
"""

from __future__ import annotations

from dataclasses import dataclass

from anyio import to_thread

from participation.forms import whole_number
from participation.masterplans.models import Masterplan
from participation.moderation.merge_preview import kept_of
from participation.moderation.similarity import Likeness, TextVectors, bags_of, likeness
from participation.proposals import search
from participation.proposals.models import LISTED_STATUSES, Proposal

RECENT_PROPOSALS_CHECKED = 100  # the newest listed proposals of the masterplan
CANDIDATES_PER_PROPOSAL = 10  # the most alike proposals each of them is compared with
# Below this score two proposals share little more than common words: not worth a look.
MIN_SCORE = 0.2
SEARCH_RESULTS = 20
# What the lists show of each proposal (who wrote it).
LISTED_RELATIONS = ("author", "organization")


@dataclass(frozen=True)
class DuplicatePair:
    keep: Proposal  # preselected to stay (merge_preview.kept_of)
    duplicate: Proposal
    likeness: Likeness


async def likely_duplicates(masterplan: Masterplan, *, limit: int = 20) -> list[DuplicatePair]:
    """Pairs of listed proposals of ``masterplan`` that look alike, most alike first."""
    candidates = await search.similar_pairs(
        masterplan.id,
        [status.value for status in LISTED_STATUSES],
        recent=RECENT_PROPOSALS_CHECKED,
        per_proposal=CANDIDATES_PER_PROPOSAL,
    )
    if not candidates:
        return []
    pairs: dict[tuple[int, int], float | None] = {}
    for a, b, title in candidates:
        pairs[(min(a, b), max(a, b))] = title
    ids = {key for pair in pairs for key in pair}
    proposals = {
        p.id: p for p in await Proposal.filter(id__in=ids).select_related(*LISTED_RELATIONS)
    }
    texts = [(p.id, p.title, p.body) for p in proposals.values()]
    ranked = await to_thread.run_sync(_rank, pairs, texts)
    return [
        _pair(proposals[a], proposals[b], alike)
        for (a, b), alike in ranked
        if alike.score >= MIN_SCORE or alike.same_title
    ][:limit]


def _rank(
    pairs: dict[tuple[int, int], float | None], texts: list[tuple[int, str, str]]
) -> list[tuple[tuple[int, int], Likeness]]:
    vectors = TextVectors(bags_of(texts))
    titles = {key: title for key, title, _ in texts}
    measured = [
        (pair, likeness((titles[pair[0]], titles[pair[1]]), pair, vectors, title))
        for pair, title in pairs.items()
    ]
    return sorted(measured, key=lambda item: (item[1].sort_key, item[0]))


def _pair(first: Proposal, second: Proposal, alike: Likeness) -> DuplicatePair:
    keep = kept_of(first, second)
    return DuplicatePair(keep, second if keep is first else first, alike)


async def find_proposals(
    query: str, *, masterplan: Masterplan | None, exclude: int | None = None
) -> list[Proposal]:
    """Listed proposals by number ("42", "#42", "Nr. 42") or by words, best match first;
    within ``masterplan`` if one is given."""
    listed = Proposal.filter(status__in=LISTED_STATUSES).select_related(*LISTED_RELATIONS)
    if masterplan is not None:
        listed = listed.filter(masterplan_id=masterplan.id)
    if exclude is not None:
        listed = listed.exclude(id=exclude)
    number = _number(query)
    if number is not None:
        return await listed.filter(id=number)
    ids = await search.matching_ids(query, limit=500)
    if not ids:
        return []
    found = {p.id: p for p in await listed.filter(id__in=ids)}
    return [found[i] for i in ids if i in found][:SEARCH_RESULTS]


def _number(query: str) -> int | None:
    return whole_number(query.strip().lower().removeprefix("nr.").removeprefix("#").strip())


async def alike_proposals(proposal: Proposal, limit: int = 10) -> list[Proposal]:
    """Listed proposals of the same masterplan sharing words with ``proposal``'s title,
    most alike first: what a moderator is offered as the other half of a merge."""
    ids = await search.similar(proposal.title, limit=50, exclude=proposal.id)
    found = {
        p.id: p
        for p in await Proposal.filter(
            id__in=ids,
            masterplan_id=proposal.masterplan_id,  # type: ignore[attr-defined]
            status__in=LISTED_STATUSES,
        ).select_related(*LISTED_RELATIONS)
    }
    return [found[i] for i in ids if i in found][:limit]
