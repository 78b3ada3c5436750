"""Writing a masterplan's draft: the working version, its sections, publishing.

A masterplan has at most one working version. It is made on demand as a copy of the latest
published version, sections and input links alike, so planners always edit from what the
public last saw. Publishing freezes a version for good: every service here refuses to touch
a published version, and no route offers to.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.functions import Max
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.masterplans.permissions import Activity, closed_reason
from participation.moderation.audit import record
from participation.planning.models import DraftSection, DraftVersion, InputLink, VersionStatus

MAX_SECTION_TITLE = 200
MAX_SECTION_BODY = 50_000
MAX_CHANGES = 5_000


class VersionFrozen(ValidationFailed):
    """A published version was asked to change."""

    def __init__(self) -> None:
        super().__init__({"form": gettext("A published version cannot be changed.")})


async def refuse_if_closed(masterplan_id: int, connection: BaseDBAsyncClient) -> None:
    """An archived masterplan's draft is read-only, like everything else in it."""
    masterplan = await Masterplan.filter(id=masterplan_id).using_db(connection).get()
    if reason := closed_reason(masterplan, Activity.DRAFT):
        raise ValidationFailed({"form": reason})


def _new_key() -> str:
    return secrets.token_hex(8)


async def latest_published(masterplan: Masterplan | int) -> DraftVersion | None:
    """The public version of the masterplan's draft (given as a model or an id), if any."""
    masterplan_id = masterplan if isinstance(masterplan, int) else masterplan.id
    return await (
        DraftVersion.filter(masterplan_id=masterplan_id, status=VersionStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )


async def working_version(*, masterplan: Masterplan, by: User) -> DraftVersion:
    """The masterplan's working version, made from the latest published one if there is none.

    Two planners opening the workspace at once race for the next number; the unique
    (masterplan, number) constraint lets one win and the other reads what the winner made.
    """
    if reason := closed_reason(masterplan, Activity.DRAFT):
        raise ValidationFailed({"form": reason})
    existing = await DraftVersion.get_or_none(
        masterplan_id=masterplan.id, status=VersionStatus.WORKING
    )
    if existing is not None:
        return existing
    try:
        async with in_transaction() as connection:
            return await _start_version(masterplan, by, connection)
    except IntegrityError:
        return await DraftVersion.get(masterplan_id=masterplan.id, status=VersionStatus.WORKING)


async def _start_version(
    masterplan: Masterplan, by: User, connection: BaseDBAsyncClient
) -> DraftVersion:
    row = (
        await DraftVersion.filter(masterplan_id=masterplan.id)
        .using_db(connection)
        .annotate(highest=Max("number"))
        .values("highest")
    )
    number = int(row[0]["highest"] or 0) + 1 if row else 1
    version = await DraftVersion.create(
        masterplan_id=masterplan.id, number=number, using_db=connection
    )
    previous = await (
        DraftVersion.filter(masterplan_id=masterplan.id, status=VersionStatus.PUBLISHED)
        .using_db(connection)
        .order_by("-number")
        .first()
    )
    if previous is not None:
        await _copy_sections(previous, version, connection)
    await record(
        actor=by,
        action="draft.start_version",
        target_type="draft_version",
        target_id=version.id,
        details={"masterplan": masterplan.slug, "number": number},
        connection=connection,
    )
    return version


async def _copy_sections(
    source: DraftVersion, target: DraftVersion, connection: BaseDBAsyncClient
) -> None:
    sections = await DraftSection.filter(version_id=source.id).using_db(connection)
    copies = {}
    for section in sections:
        copies[section.id] = await DraftSection.create(
            version_id=target.id,
            key=section.key,
            position=section.position,
            title=section.title,
            body=section.body,
            field_of_action_id=section.field_of_action_id,  # type: ignore[attr-defined]
            using_db=connection,
        )
    links = await InputLink.filter(section_id__in=list(copies)).using_db(connection)
    if links:
        await InputLink.bulk_create(
            [
                InputLink(
                    section_id=copies[link.section_id].id,  # type: ignore[attr-defined]
                    proposal_id=link.proposal_id,  # type: ignore[attr-defined]
                    disposition=link.disposition,
                    note=link.note,
                    created_by_id=link.created_by_id,  # type: ignore[attr-defined]
                )
                for link in links
            ],
            using_db=connection,
        )


def _section_errors(title: str, body: str) -> dict[str, str]:
    errors = {}
    if not title:
        errors["title"] = gettext("Please give the section a title.")
    elif len(title) > MAX_SECTION_TITLE:
        errors["title"] = gettext("The title can be at most %(max)s characters long.") % {
            "max": MAX_SECTION_TITLE
        }
    if len(body) > MAX_SECTION_BODY:
        errors["body"] = gettext("The text can be at most %(max)s characters long.") % {
            "max": MAX_SECTION_BODY
        }
    return errors


async def _field_of(masterplan_id: int, field_of_action_id: int | None) -> FieldOfAction | None:
    if field_of_action_id is None:
        return None
    found = await FieldOfAction.get_or_none(id=field_of_action_id, masterplan_id=masterplan_id)
    if found is None:
        raise ValidationFailed({"field_of_action": gettext("Please choose a field of action.")})
    return found


async def _locked_working(version_id: int, connection: BaseDBAsyncClient) -> DraftVersion:
    version = await (
        DraftVersion.filter(id=version_id).select_for_update().using_db(connection).get()
    )
    if version.status != VersionStatus.WORKING:
        raise VersionFrozen()
    await refuse_if_closed(version.masterplan_id, connection)  # type: ignore[attr-defined]
    return version


async def add_section(
    *,
    version: DraftVersion,
    title: str,
    body: str,
    by: User,
    field_of_action_id: int | None = None,
) -> DraftSection:
    """Append a section to a working version."""
    title, body = title.strip(), body.replace("\r\n", "\n").strip()
    if errors := _section_errors(title, body):
        raise ValidationFailed(errors)
    field = await _field_of(version.masterplan_id, field_of_action_id)  # type: ignore[attr-defined]
    async with in_transaction() as connection:
        locked = await _locked_working(version.id, connection)
        row = (
            await DraftSection.filter(version_id=locked.id)
            .using_db(connection)
            .annotate(last=Max("position"))
            .values("last")
        )
        position = int(row[0]["last"] or 0) + 1 if row else 1
        section = await DraftSection.create(
            version_id=locked.id,
            key=_new_key(),
            position=position,
            title=title,
            body=body,
            field_of_action=field,
            using_db=connection,
        )
        await record(
            actor=by,
            action="draft.add_section",
            target_type="draft_section",
            target_id=section.id,
            details={"version": locked.number, "title": title},
            connection=connection,
        )
    return section


async def edit_section(
    *,
    section: DraftSection,
    title: str,
    body: str,
    by: User,
    field_of_action_id: int | None = None,
) -> DraftSection:
    """Change a section of a working version."""
    title, body = title.strip(), body.replace("\r\n", "\n").strip()
    if errors := _section_errors(title, body):
        raise ValidationFailed(errors)
    async with in_transaction() as connection:
        version = await _locked_working(section.version_id, connection)  # type: ignore[attr-defined]
        field = await _field_of(version.masterplan_id, field_of_action_id)  # type: ignore[attr-defined]
        await (
            DraftSection.filter(id=section.id)
            .using_db(connection)
            .update(title=title, body=body, field_of_action_id=field.id if field else None)
        )
        await record(
            actor=by,
            action="draft.edit_section",
            target_type="draft_section",
            target_id=section.id,
            details={"version": version.number, "title": title},
            connection=connection,
        )
    section.title, section.body = title, body
    section.field_of_action_id = field.id if field else None
    return section


async def remove_section(*, section: DraftSection, by: User) -> None:
    """Take a section out of a working version, its input links with it."""
    async with in_transaction() as connection:
        version = await _locked_working(section.version_id, connection)  # type: ignore[attr-defined]
        await DraftSection.filter(id=section.id).using_db(connection).delete()
        await record(
            actor=by,
            action="draft.remove_section",
            target_type="draft_section",
            target_id=section.id,
            details={"version": version.number, "title": section.title},
            connection=connection,
        )


async def move_section(*, section: DraftSection, offset: int, by: User) -> None:
    """Move a section up (offset -1) or down (+1) by swapping it with its neighbour."""
    async with in_transaction() as connection:
        version = await _locked_working(section.version_id, connection)  # type: ignore[attr-defined]
        ordered = await DraftSection.filter(version_id=version.id).using_db(connection)
        index = next(i for i, s in enumerate(ordered) if s.id == section.id)
        other = index + offset
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, item in enumerate(ordered, start=1):
            if item.position != position:
                await DraftSection.filter(id=item.id).using_db(connection).update(position=position)
        await record(
            actor=by,
            action="draft.move_section",
            target_type="draft_section",
            target_id=section.id,
            details={"version": version.number, "offset": offset},
            connection=connection,
        )


async def publish_version(*, version: DraftVersion, by: User, changes: str = "") -> DraftVersion:
    """Publish a working version: from now on it is public and never changes."""
    changes = changes.replace("\r\n", "\n").strip()
    if len(changes) > MAX_CHANGES:
        raise ValidationFailed(
            {
                "changes": gettext("The text can be at most %(max)s characters long.")
                % {"max": MAX_CHANGES}
            }
        )
    async with in_transaction() as connection:
        locked = await _locked_working(version.id, connection)
        if not await DraftSection.filter(version_id=locked.id).using_db(connection).exists():
            raise ValidationFailed({"form": gettext("A version needs at least one section.")})
        now = datetime.now(UTC)
        await (
            DraftVersion.filter(id=locked.id)
            .using_db(connection)
            .update(
                status=VersionStatus.PUBLISHED,
                published_at=now,
                published_by_id=by.id,
                changes=changes,
            )
        )
        await record(
            actor=by,
            action="draft.publish",
            target_type="draft_version",
            target_id=locked.id,
            reason=changes,
            details={"number": locked.number},
            connection=connection,
        )
    version.status, version.published_at, version.changes = VersionStatus.PUBLISHED, now, changes
    return version
