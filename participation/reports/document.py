"""What a council report says, as plain data: built once from the database
(:mod:`participation.reports.council`), drawn as a page, a PDF and Markdown, and kept as JSON
when the report is issued, so that an issued report can be drawn again later, in the
reader's language, with what moderation has hidden since taken out (:mod:`.redaction`).

Everything here is stored as values (enum values, numbers, the titles as written) and put
into words only when drawn: labels come from the catalogs in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from babel.dates import format_time

from participation.accounts.models import StakeholderGroup
from participation.i18n import CITY_TIMEZONE, N_, current_language, format_day, gettext
from participation.planning.models import ProjectStatus
from participation.planning.uptake import Tally, Uptake
from participation.proposals.models import ProposalStatus

ALL = "all"  # the scope of the report over every masterplan
# Why a proposal's title is no longer shown: hidden by moderation, or withdrawn by its author.
HIDDEN, WITHDRAWN = "hidden", "withdrawn"
_REDACTED = {HIDDEN: N_("[removed by moderation]"), WITHDRAWN: N_("[withdrawn by its author]")}


def removed_note(removed: str) -> str:
    """What an issued report shows in place of a title taken out (HIDDEN or WITHDRAWN)."""
    return gettext(_REDACTED[removed])


# Stakeholder groups in few words, for the compact breakdown of a table row.
_SHORT = {
    StakeholderGroup.CHAMBERS: N_("Chambers"),
    StakeholderGroup.SCIENCE: N_("Research"),
    StakeholderGroup.BUSINESS: N_("Business"),
    StakeholderGroup.EDUCATION: N_("Education"),
    StakeholderGroup.ADMINISTRATION: N_("City administration"),
    StakeholderGroup.CIVIL_SOCIETY: N_("Civil society"),
    StakeholderGroup.CITIZENS: N_("Citizenry"),
}


def moment(value: datetime) -> str:
    """A day and time in Dortmund in the reader's language: "2. Dezember 2026, 17:04 Uhr"."""
    time = format_time(value, "short", tzinfo=CITY_TIMEZONE, locale=current_language())
    return gettext("%(date)s, %(time)s") % {"date": format_day(value, "long"), "time": time}


def group_label(group: str, short: bool = False) -> str:
    chosen = StakeholderGroup(group)
    return gettext(_SHORT[chosen]) if short else chosen.label


def uptake_label(uptake: str | None) -> str:
    return Uptake(uptake).label if uptake else gettext("Still open")


@dataclass
class GroupRow:
    """One stakeholder group's part: people, listed proposals, votes and comments on them."""

    group: str
    participants: int = 0
    proposals: int = 0
    supports: int = 0
    opposes: int = 0
    comments: int = 0

    @property
    def label(self) -> str:
        return group_label(self.group)

    @property
    def votes(self) -> int:
        return self.supports + self.opposes


@dataclass
class MonthRow:
    month: str  # "2026-10", in Dortmund's calendar
    proposals: int = 0
    votes: int = 0
    comments: int = 0

    @property
    def label(self) -> str:
        year, month = (int(part) for part in self.month.split("-"))
        return format_day(date(year, month, 1), "MMMM yyyy")


@dataclass
class GroupVotes:
    group: str
    supports: int
    opposes: int

    @property
    def short(self) -> str:
        return group_label(self.group, short=True)


@dataclass
class TopProposal:
    id: int
    title: str
    organization: str  # the organisation it speaks for, "" for a person
    supports: int
    opposes: int
    wilson: float
    groups: list[GroupVotes]  # only the groups that voted
    status: str
    uptake: str | None  # the verdict (planning.uptake), None while open
    removed: str = ""  # HIDDEN or WITHDRAWN once taken out of an issued copy

    @property
    def shown_title(self) -> str:
        return removed_note(self.removed) if self.removed else self.title

    @property
    def outcome(self) -> str:
        if self.uptake is None and self.status == ProposalStatus.IN_REVIEW:
            return gettext("Still open (in review)")
        return uptake_label(self.uptake)


@dataclass
class FieldTops:
    title: str
    proposals: list[TopProposal]


@dataclass
class DraftUptake(Tally):
    """What the latest published draft version did with the listed proposals: the verdicts
    of planning/uptake.py counted, with the version they come from."""

    version: int | None = None  # its number; None before any is published
    published_at: datetime | None = None


@dataclass
class FieldUptake:
    title: str
    uptake: DraftUptake


@dataclass
class ProjectRow:
    id: int
    code: str
    title: str
    field: str
    status: str
    progress: int

    @property
    def status_label(self) -> str:
        return ProjectStatus(self.status).label


@dataclass
class MasterplanPart:
    slug: str
    title: str
    groups: list[GroupRow]
    months: list[MonthRow]
    fields: list[FieldTops]
    uptake: DraftUptake
    uptake_by_field: list[FieldUptake]
    projects: list[ProjectRow]

    @property
    def proposals(self) -> int:
        return sum(g.proposals for g in self.groups)

    @property
    def votes(self) -> int:
        return sum(g.votes for g in self.groups)

    @property
    def comments(self) -> int:
        return sum(g.comments for g in self.groups)

    @property
    def participants(self) -> int:
        return sum(g.participants for g in self.groups)


@dataclass
class StatusMove:
    """A proposal whose status changed since the previous report: first from, last to."""

    proposal_id: int
    title: str
    masterplan: str
    before: str  # ProposalStatus values
    after: str
    removed: str = ""

    @property
    def shown_title(self) -> str:
        return removed_note(self.removed) if self.removed else self.title

    @property
    def before_label(self) -> str:
        return ProposalStatus(self.before).label

    @property
    def after_label(self) -> str:
        return ProposalStatus(self.after).label


@dataclass
class NewlyTaken:
    """A proposal the masterplan took up, wholly or in part, since the previous report."""

    proposal_id: int
    title: str
    masterplan: str
    uptake: str
    sections: list[str]  # the draft's sections that took it up; none: an official decision
    removed: str = ""

    @property
    def shown_title(self) -> str:
        return removed_note(self.removed) if self.removed else self.title

    @property
    def label(self) -> str:
        return uptake_label(self.uptake)


@dataclass
class ProjectMove:
    project: ProjectRow
    status_before: str
    progress_before: int

    @property
    def status_before_label(self) -> str:
        return ProjectStatus(self.status_before).label


@dataclass
class Delta:
    """Votes and comments of a masterplan or a stakeholder group, then and now (None: the
    previous report did not keep the figure)."""

    name: str  # a masterplan's title, or a stakeholder group's value
    votes_before: int | None
    votes_now: int
    comments_before: int | None
    comments_now: int
    proposals_before: int | None = None
    proposals_now: int = 0

    @property
    def label(self) -> str:
        return group_label(self.name) if self.name in set(StakeholderGroup) else self.name


@dataclass
class Changes:
    since: datetime  # when the previous report was issued
    status_moves: list[StatusMove] = field(default_factory=list)
    more_status_moves: int = 0  # beyond the ones listed
    taken_up: list[NewlyTaken] = field(default_factory=list)
    more_taken_up: int = 0
    new_projects: list[ProjectRow] = field(default_factory=list)
    completed_projects: list[ProjectRow] = field(default_factory=list)
    project_moves: list[ProjectMove] = field(default_factory=list)
    by_masterplan: list[Delta] = field(default_factory=list)
    by_group: list[Delta] = field(default_factory=list)
    detailed: bool = True  # False: the previous report kept totals only

    @property
    def status_count(self) -> int:
        return len(self.status_moves) + self.more_status_moves

    @property
    def taken_up_count(self) -> int:
        return len(self.taken_up) + self.more_taken_up


@dataclass
class CouncilReport:
    scope: str  # a masterplan's slug, or ALL
    title: str  # the masterplan's title; "" for ALL (drawn as "all masterplans")
    produced_at: datetime
    groups: list[GroupRow]  # the whole scope (a person active in two masterplans once)
    masterplans: list[MasterplanPart]
    changes: Changes | None = None  # None: no report of this scope was issued before
    issued_at: datetime | None = None  # set on an issued copy
    # The figures the next report compares with (stored on the snapshot, not drawn).
    baseline: dict[str, Any] = field(default_factory=dict, metadata={"kept": False})

    @property
    def scope_title(self) -> str:
        return gettext("all masterplans") if self.scope == ALL else self.title

    @property
    def proposals(self) -> int:
        return sum(m.proposals for m in self.masterplans)

    @property
    def votes(self) -> int:
        return sum(m.votes for m in self.masterplans)

    @property
    def comments(self) -> int:
        return sum(m.comments for m in self.masterplans)

    @property
    def participants(self) -> int:
        return sum(g.participants for g in self.groups)

    @property
    def uptake(self) -> DraftUptake:
        total = DraftUptake()
        for part in self.masterplans:
            total.merge(part.uptake)
        return total

    def projects(self, status: ProjectStatus) -> int:
        return sum(1 for m in self.masterplans for p in m.projects if p.status == status)
