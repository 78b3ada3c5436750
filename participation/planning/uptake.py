"""What became of a proposal: one definition of "taken up", asked by every page, export,
API answer and council report, so that the same question gets the same number everywhere.

A proposal's verdict comes from the latest published version of its masterplan's draft (a
working version is not public, an earlier one is history):

- every section of that version that links the proposal is kept, in the draft's order, and
  the strongest disposition among them decides: adopted before partially adopted before
  considered;
- a listed proposal no section links takes its official decision, if it has one (adopted,
  partially adopted, not adopted);
- otherwise it was "not taken up" if it was submitted before that version was published,
  and is still open if it came later (or if no version is published yet).

Only listed proposals have a verdict: a pending, hidden, withdrawn or merged one has none.
Because the badge a page shows is :func:`shown_status`, a proposal's status and the draft's
verdict never contradict each other on one page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise.expressions import Q, Subquery

from participation.i18n import N_, gettext
from participation.planning.drafts import latest_published
from participation.planning.models import Disposition, DraftVersion, InputLink, VersionStatus
from participation.proposals.models import LISTED_STATUSES, Proposal, ProposalStatus

if TYPE_CHECKING:
    from tortoise.queryset import QuerySet


class Uptake(StrEnum):
    ADOPTED = "adopted"  # taken up as it is ("übernommen")
    PARTIALLY_ADOPTED = "partially_adopted"  # taken up in part ("teilweise übernommen")
    CONSIDERED = "considered"  # weighed, not taken up as such ("berücksichtigt")
    NOT_TAKEN_UP = "not_taken_up"  # decided against, or left out ("nicht übernommen")

    @property
    def label(self) -> str:
        return gettext(_LABELS[self])

    @property
    def taken_up(self) -> bool:
        """Whether the masterplan took the proposal up, wholly or in part."""
        return self in (Uptake.ADOPTED, Uptake.PARTIALLY_ADOPTED)


# The same words as the proposal statuses and the draft's dispositions: one vocabulary.
_LABELS = {
    Uptake.ADOPTED: N_("Adopted"),
    Uptake.PARTIALLY_ADOPTED: N_("Partially adopted"),
    Uptake.CONSIDERED: N_("Considered"),
    Uptake.NOT_TAKEN_UP: N_("Not adopted"),
}
STRONGEST_FIRST = (Disposition.ADOPTED, Disposition.PARTIALLY_ADOPTED, Disposition.CONSIDERED)
OFFICIAL = {
    ProposalStatus.ADOPTED: Uptake.ADOPTED,
    ProposalStatus.PARTIALLY_ADOPTED: Uptake.PARTIALLY_ADOPTED,
    ProposalStatus.NOT_ADOPTED: Uptake.NOT_TAKEN_UP,
}
# Every verdict in the order reports list them; "open" (no verdict yet) comes after.
ORDER = (Uptake.ADOPTED, Uptake.PARTIALLY_ADOPTED, Uptake.CONSIDERED, Uptake.NOT_TAKEN_UP)


@dataclass(frozen=True)
class Taken:
    """A section of the published draft that took a proposal up."""

    section_key: str
    section_title: str
    disposition: Disposition
    note: str


@dataclass(frozen=True)
class Verdict:
    uptake: Uptake
    version: DraftVersion | None  # the published version the verdict was read from
    sections: tuple[Taken, ...] = ()  # every section of that version that links it
    official: bool = False  # decided by an official response, not by the draft


def _strongest(sections: Iterable[Taken]) -> Uptake:
    best = min(STRONGEST_FIRST.index(taken.disposition) for taken in sections)
    return Uptake(STRONGEST_FIRST[best].value)


def _submitted_before(created_at: datetime, version: DraftVersion | None) -> bool:
    published = version.published_at if version is not None else None
    return published is not None and created_at <= published


def decide(
    *,
    status: ProposalStatus,
    created_at: datetime,
    sections: Iterable[Taken],
    version: DraftVersion | None,
) -> Verdict | None:
    """The verdict on one proposal, from its status, submission time and the sections of the
    latest published version that link it; None while it is open or not listed."""
    if status not in LISTED_STATUSES:
        return None
    taken = tuple(sections)
    if taken:
        return Verdict(_strongest(taken), version, taken)
    if status in OFFICIAL:
        return Verdict(OFFICIAL[status], version, official=True)
    if _submitted_before(created_at, version):
        return Verdict(Uptake.NOT_TAKEN_UP, version)
    return None


def shown_status(proposal: Proposal, verdict: Verdict | None) -> ProposalStatus | Uptake:
    """The one status a page shows for a proposal: the verdict where there is one, so that
    "Published" never stands beside "Adopted"; otherwise the proposal's own status."""
    if verdict is None or (verdict.official and proposal.status in OFFICIAL):
        return proposal.status
    return verdict.uptake


async def shown_statuses(proposals: Iterable[Proposal]) -> dict[int, ProposalStatus | Uptake]:
    """:func:`shown_status` of each proposal of a list, by id: the badge a list shows is the
    one its proposal page shows. Two queries at most, however many masterplans they are of:
    the published versions, then the links of the latest ones to these proposals."""
    listed = list(proposals)
    if not listed:
        return {}
    latest: dict[int, DraftVersion] = {}
    for version in await DraftVersion.filter(
        masterplan_id__in={p.masterplan_id for p in listed},  # type: ignore[attr-defined]
        status=VersionStatus.PUBLISHED,
    ).order_by("number"):
        latest[version.masterplan_id] = version  # type: ignore[attr-defined]
    sections: dict[int, list[Taken]] = {}
    if latest:
        rows = await (
            InputLink.filter(
                section__version_id__in=[v.id for v in latest.values()],
                proposal_id__in=[p.id for p in listed],
            )
            .order_by("section__position", "section_id")
            .values("proposal_id", "disposition", "note", "section__key", "section__title")
        )
        sections = grouped(rows)
    return {
        p.id: shown_status(
            p,
            Uptakes(latest.get(p.masterplan_id), sections).of(p),  # type: ignore[attr-defined]
        )
        for p in listed
    }


# What the public list's filter offers: the badges its proposals can show, in process order.
SHOWN_CHOICES: tuple[ProposalStatus | Uptake, ...] = (
    ProposalStatus.PUBLISHED,
    ProposalStatus.IN_REVIEW,
    Uptake.ADOPTED,
    Uptake.PARTIALLY_ADOPTED,
    Uptake.CONSIDERED,
    Uptake.NOT_TAKEN_UP,
)


def shown_choice(value: str | None) -> ProposalStatus | Uptake | None:
    """The filter choice named by ``value`` (the statuses' names work too: "not_adopted")."""
    if value == ProposalStatus.NOT_ADOPTED.value:
        value = Uptake.NOT_TAKEN_UP.value
    return next((choice for choice in SHOWN_CHOICES if choice.value == value), None)


async def showing(
    query: QuerySet[Proposal], masterplan_id: int, shown: ProposalStatus | Uptake
) -> QuerySet[Proposal]:
    """``query`` (listed proposals of one masterplan) kept to those whose badge is ``shown``:
    :func:`decide` and :func:`shown_status` as conditions on the latest published version's
    links, so that a filter finds what the badges say (one query more, for the version)."""
    version = await latest_published(masterplan_id)
    links = InputLink.filter(section__version_id=version.id if version else 0)

    def linked(*dispositions: Disposition) -> Q:
        chosen = links.filter(disposition__in=dispositions) if dispositions else links
        return Q(id__in=Subquery(chosen.values("proposal_id")))

    unlinked = ~linked()
    cut = version.published_at if version is not None else None
    before, after = (Q(created_at__lte=cut), Q(created_at__gt=cut)) if cut else (Q(id=0), Q())
    judged = Q(status__in=[ProposalStatus.PUBLISHED, ProposalStatus.IN_REVIEW]) & before
    adopted, partly = Disposition.ADOPTED, Disposition.PARTIALLY_ADOPTED
    condition = {
        Uptake.ADOPTED: linked(adopted) | (Q(status=ProposalStatus.ADOPTED) & unlinked),
        Uptake.PARTIALLY_ADOPTED: (linked(partly) & ~linked(adopted))
        | (Q(status=ProposalStatus.PARTIALLY_ADOPTED) & unlinked),
        Uptake.CONSIDERED: linked(Disposition.CONSIDERED) & ~linked(adopted, partly),
        Uptake.NOT_TAKEN_UP: unlinked & (Q(status=ProposalStatus.NOT_ADOPTED) | judged),
        ProposalStatus.PUBLISHED: unlinked & Q(status=ProposalStatus.PUBLISHED) & after,
        ProposalStatus.IN_REVIEW: unlinked & Q(status=ProposalStatus.IN_REVIEW) & after,
    }[shown]
    return query.filter(condition)


def came_after(
    proposal: Proposal, verdict: Verdict | None, version: DraftVersion | None
) -> DraftVersion | None:
    """The published version a listed proposal without a verdict was submitted after: that
    version could not judge it, so a page says so instead of "not adopted"."""
    if verdict is not None or version is None or proposal.status not in LISTED_STATUSES:
        return None
    return None if _submitted_before(proposal.created_at, version) else version


@dataclass
class Uptakes:
    """The verdicts on a masterplan's proposals, read once for a page, an export batch or a
    report; :meth:`of` decides for a proposal whose links were read."""

    version: DraftVersion | None
    sections: dict[int, list[Taken]] = field(default_factory=dict)

    def of(self, proposal: Proposal) -> Verdict | None:
        return decide(
            status=proposal.status,
            created_at=proposal.created_at,
            sections=self.sections.get(proposal.id, ()),
            version=self.version,
        )


def _taken(row: dict[str, Any]) -> Taken:
    return Taken(
        section_key=str(row["section__key"]),
        section_title=str(row["section__title"]),
        disposition=Disposition(row["disposition"]),
        note=str(row["note"]),
    )


async def links_of(
    version: DraftVersion | None, proposal_ids: Iterable[int] | None = None
) -> list[dict[str, Any]]:
    """The version's links to listed proposals (optionally only these), in the draft's order,
    each with what a count needs of its proposal (one query)."""
    if version is None:
        return []
    query = InputLink.filter(section__version_id=version.id, proposal__status__in=LISTED_STATUSES)
    if proposal_ids is not None:
        query = query.filter(proposal_id__in=list(proposal_ids) or [0])
    return await query.order_by("section__position", "section_id").values(
        "proposal_id",
        "disposition",
        "note",
        "section__key",
        "section__title",
        "proposal__status",
        "proposal__created_at",
        "proposal__stakeholder_group",
        "proposal__field_of_action_id",
    )


def grouped(links: list[dict[str, Any]]) -> dict[int, list[Taken]]:
    sections: dict[int, list[Taken]] = {}
    for row in links:
        sections.setdefault(int(row["proposal_id"]), []).append(_taken(row))
    return sections


async def uptakes(masterplan_id: int, proposal_ids: Iterable[int] | None = None) -> Uptakes:
    """The latest published version of the masterplan and its links to the given proposals
    (all of them without ``proposal_ids``): two queries."""
    version = await latest_published(masterplan_id)
    return Uptakes(version, grouped(await links_of(version, proposal_ids)))


async def verdict_of(proposal: Proposal) -> Verdict | None:
    """The verdict on one proposal (two queries)."""
    found = await uptakes(proposal.masterplan_id, [proposal.id])  # type: ignore[attr-defined]
    return found.of(proposal)


# Counting -----------------------------------------------------------------------------------


@dataclass
class Tally:
    """Listed proposals by their verdict; ``open`` ones have none yet."""

    adopted: int = 0
    partially_adopted: int = 0
    considered: int = 0
    not_taken_up: int = 0
    open: int = 0

    @property
    def total(self) -> int:
        return sum(self.of(uptake) for uptake in ORDER) + self.open

    @property
    def taken_up(self) -> int:
        """Adopted wholly or in part: the figure "taken up" everywhere."""
        return self.adopted + self.partially_adopted

    @property
    def decided(self) -> int:
        return self.total - self.open

    def of(self, uptake: Uptake) -> int:
        return int(getattr(self, uptake.value))

    def add(self, uptake: Uptake | None, n: int = 1) -> None:
        name = uptake.value if uptake is not None else "open"
        setattr(self, name, getattr(self, name) + n)

    def merge(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        for uptake in (*ORDER, None):
            self.add(uptake, other.of(uptake) if uptake else other.open)


@dataclass
class Counted:
    """The verdicts on a masterplan's listed proposals, counted overall, by the proposal's
    stakeholder group and by field of action."""

    version: DraftVersion | None
    overall: Tally = field(default_factory=Tally)
    by_group: dict[str, Tally] = field(default_factory=dict)  # stakeholder group value
    by_field: dict[int, Tally] = field(default_factory=dict)  # field of action id
    sections: dict[int, list[Taken]] = field(default_factory=dict)  # what each link took up

    def add(self, group: str, field_id: int, uptake: Uptake | None, n: int = 1) -> None:
        for tally in (
            self.overall,
            self.by_group.setdefault(group, Tally()),
            self.by_field.setdefault(field_id, Tally()),
        ):
            tally.add(uptake, n)


async def _buckets(masterplan_id: int, version: DraftVersion | None) -> list[dict[str, Any]]:
    """Listed proposals counted per (group, field, status), and how many of them came after
    the version was published: one GROUP BY, whatever the number of proposals."""
    from tortoise.expressions import Q
    from tortoise.functions import Count

    published = version.published_at if version is not None else None
    later = Count("id", _filter=Q(created_at__gt=published)) if published else Count("id")
    return await (
        Proposal.filter(masterplan_id=masterplan_id, status__in=LISTED_STATUSES)
        .annotate(n=Count("id"), later=later)
        .group_by("stakeholder_group", "field_of_action_id", "status")
        .values("stakeholder_group", "field_of_action_id", "status", "n", "later")
    )


Bucket = tuple[str, int, str]  # stakeholder group, field of action id, status


def _key(row: dict[str, Any], prefix: str = "") -> Bucket:
    return (
        str(row[f"{prefix}stakeholder_group"]),
        int(row[f"{prefix}field_of_action_id"]),
        str(row[f"{prefix}status"]),
    )


async def count_uptakes(masterplan_id: int) -> Counted:
    """Every listed proposal of the masterplan counted once under its verdict (:func:`decide`)
    in three queries: the version, its links, and one GROUP BY for the proposals no section
    links (how many there are, and how many of them came after the version)."""
    version = await latest_published(masterplan_id)
    links = await links_of(version)
    counted = Counted(version, sections=grouped(links))
    linked: dict[Bucket, int] = {}
    linked_later: dict[Bucket, int] = {}
    first = {int(row["proposal_id"]): row for row in reversed(links)}
    for proposal_id, taken in counted.sections.items():
        row = first[proposal_id]
        bucket = _key(row, "proposal__")
        counted.add(bucket[0], bucket[1], _strongest(taken))
        linked[bucket] = linked.get(bucket, 0) + 1
        if not _submitted_before(row["proposal__created_at"], version):
            linked_later[bucket] = linked_later.get(bucket, 0) + 1
    for row in await _buckets(masterplan_id, version):
        bucket = _key(row)
        group, field_id, status = bucket
        unlinked = int(row["n"]) - linked.get(bucket, 0)
        official = OFFICIAL.get(ProposalStatus(status))
        if official is not None:
            counted.add(group, field_id, official, unlinked)
            continue
        # Without a published version "later" counts every proposal: all are open.
        came_later = int(row["later"]) - linked_later.get(bucket, 0)
        counted.add(group, field_id, None, came_later)
        counted.add(group, field_id, Uptake.NOT_TAKEN_UP, unlinked - came_later)
    return counted
