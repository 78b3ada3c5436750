"""What audit entries are about, by name: a proposal's title, a person's name, a section's
title, read in one query per kind of target for a page or a batch of an export.

An entry that kept the name as it was (``details["name"]``) is told by that name; the
others by the name the target has now, or as gone when it no longer exists.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from participation.accounts.models import Organization, User
from participation.comments.models import Comment
from participation.mail.models import OutboxMessage
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation.models import AuditEntry
from participation.planning.models import DraftSection, DraftVersion, Project, SectionComment
from participation.proposals.models import Proposal


@dataclass(frozen=True)
class Target:
    name: str
    path: str | None = None  # where the target has a page moderators can open


Names = dict[tuple[str, int], Target]
Reader = Callable[[list[int]], Awaitable[dict[int, Target]]]


async def _proposals(ids: list[int]) -> dict[int, Target]:
    rows = await Proposal.filter(id__in=ids).values_list("id", "title")
    return {int(i): Target(str(title), f"/proposals/{i}") for i, title in rows}


async def _comments(ids: list[int]) -> dict[int, Target]:
    rows = await Comment.filter(id__in=ids).values_list("id", "proposal_id", "proposal__title")
    return {
        int(i): Target(str(title), f"/proposals/{proposal}?comment={i}")
        for i, proposal, title in rows
    }


async def _section_comments(ids: list[int]) -> dict[int, Target]:
    rows = await SectionComment.filter(id__in=ids).values_list("id", "section__title")
    return {int(i): Target(str(title)) for i, title in rows}


async def _sections(ids: list[int]) -> dict[int, Target]:
    rows = await DraftSection.filter(id__in=ids).values_list("id", "title")
    return {int(i): Target(str(title)) for i, title in rows}


async def _versions(ids: list[int]) -> dict[int, Target]:
    rows = await DraftVersion.filter(id__in=ids).values_list(
        "id", "masterplan__title", "masterplan__slug"
    )
    return {int(i): Target(str(title), f"/masterplans/{slug}/draft") for i, title, slug in rows}


async def _masterplans(ids: list[int]) -> dict[int, Target]:
    rows = await Masterplan.filter(id__in=ids).values_list("id", "title", "slug")
    return {int(i): Target(str(title), f"/masterplans/{slug}") for i, title, slug in rows}


async def _fields(ids: list[int]) -> dict[int, Target]:
    rows = await FieldOfAction.filter(id__in=ids).values_list("id", "title")
    return {int(i): Target(str(title)) for i, title in rows}


async def _projects(ids: list[int]) -> dict[int, Target]:
    rows = await Project.filter(id__in=ids).values_list("id", "code", "title")
    return {int(i): Target(f"{code} {title}") for i, code, title in rows}


async def _people(ids: list[int]) -> dict[int, Target]:
    rows = await User.filter(id__in=ids).values_list("id", "display_name")
    return {int(i): Target(str(name)) for i, name in rows}


async def _organizations(ids: list[int]) -> dict[int, Target]:
    rows = await Organization.filter(id__in=ids).values_list("id", "name")
    return {int(i): Target(str(name)) for i, name in rows}


async def _mails(ids: list[int]) -> dict[int, Target]:
    rows = await OutboxMessage.filter(id__in=ids).values_list("id", "subject")
    return {int(i): Target(str(subject)) for i, subject in rows}


READERS: dict[str, Reader] = {
    "proposal": _proposals,
    "comment": _comments,
    "section_comment": _section_comments,
    "draft_section": _sections,
    "draft_version": _versions,
    "masterplan": _masterplans,
    "field_of_action": _fields,
    "project": _projects,
    "user": _people,
    "organization": _organizations,
    "outbox_message": _mails,
}
# Details that name another proposal by its id (a merge's target).
OTHER_PROPOSAL_KEYS = ("target_id",)


def _wanted(entries: Iterable[AuditEntry]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.target_id is not None and entry.target_type in READERS:
            wanted.setdefault(entry.target_type, set()).add(int(entry.target_id))
        if entry.action.startswith("proposal.merge"):
            for key in OTHER_PROPOSAL_KEYS:
                value = entry.details.get(key) if isinstance(entry.details, dict) else None
                if isinstance(value, int):
                    wanted.setdefault("proposal", set()).add(value)
    return wanted


async def names_of(entries: Iterable[AuditEntry]) -> Names:
    """The current name of every target the entries mention: one query per kind."""
    names: Names = {}
    for kind, ids in _wanted(entries).items():
        for key, target in (await READERS[kind](sorted(ids))).items():
            names[(kind, key)] = target
    return names
