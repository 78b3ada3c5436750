"""What admins and a masterplan's planners do with its fields of action.

A field's address (its slug, used in ``?field=`` links and exports) is made once from its
first title and kept when the title changes, so links keep working. A field that holds
proposals or projects is never deleted: its proposals can be moved (``moving.py``) or the
field archived, which stops new proposals and keeps everything it holds listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Max
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.masterplans.fields.choices import fields_changed
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.masterplans.services import text_length_error, title_error
from participation.masterplans.slugs import MAX_SLUG, slugify
from participation.moderation.audit import record

MIN_FIELD_TITLE = 2
MAX_DESCRIPTION = 10_000


def _errors(title: str, description: str) -> dict[str, str]:
    errors = {}
    if message := title_error(title, minimum=MIN_FIELD_TITLE):
        errors["title"] = message
    if message := text_length_error(description, MAX_DESCRIPTION):
        errors["description"] = message
    return errors


def refuse_if_archived(masterplan: Masterplan) -> None:
    if masterplan.is_archived:
        raise ValidationFailed(
            {"form": gettext("This masterplan is archived. Restore it first to change it.")}
        )


async def free_slug(masterplan_id: int, title: str, connection: BaseDBAsyncClient) -> str:
    """The field's address from its title, with a number added if the masterplan has one
    like it already ("glasfaser", "glasfaser-2")."""
    base = (slugify(title) or "handlungsfeld")[: MAX_SLUG - 4].strip("-")
    taken = {
        str(slug)
        for slug in await FieldOfAction.filter(masterplan_id=masterplan_id, slug__startswith=base)
        .using_db(connection)
        .values_list("slug", flat=True)
    }
    number, slug = 1, base
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


async def create_field(
    *, masterplan: Masterplan, title: str, description: str, by: User
) -> FieldOfAction:
    """A new field of action, last in the masterplan's order."""
    title, description = " ".join(title.split()), _tidy(description)
    refuse_if_archived(masterplan)
    if errors := _errors(title, description):
        raise ValidationFailed(errors)
    async with in_transaction() as connection:
        await Masterplan.filter(id=masterplan.id).select_for_update().using_db(connection).get()
        row = (
            await FieldOfAction.filter(masterplan_id=masterplan.id)
            .using_db(connection)
            .annotate(last=Max("position"))
            .values("last")
        )
        last = row[0]["last"] if row else None
        field = await FieldOfAction.create(
            masterplan_id=masterplan.id,
            slug=await free_slug(masterplan.id, title, connection),
            title=title,
            description=description,
            position=0 if last is None else int(last) + 1,
            using_db=connection,
        )
        await _record(by, "field.create", field, {"masterplan": masterplan.title}, connection)
    await fields_changed(masterplan.id)
    return field


async def edit_field(
    *, field: FieldOfAction, masterplan: Masterplan, title: str, description: str, by: User
) -> FieldOfAction:
    title, description = " ".join(title.split()), _tidy(description)
    refuse_if_archived(masterplan)
    if errors := _errors(title, description):
        raise ValidationFailed(errors)
    before_title, before_description = field.title, field.description
    async with in_transaction() as connection:
        field.title, field.description = title, description
        await field.save(using_db=connection, update_fields=["title", "description"])
        if before_title != title:
            details = {"before": before_title, "after": title}
            await _record(by, "field.rename", field, details, connection)
        if before_description != description:
            await _record(by, "field.edit_description", field, {}, connection)
    await fields_changed(masterplan.id)
    return field


async def move_field(
    *, field: FieldOfAction, masterplan: Masterplan, offset: int, by: User
) -> None:
    """One place up (offset -1) or down (+1) in the masterplan's order."""
    refuse_if_archived(masterplan)
    async with in_transaction() as connection:
        await Masterplan.filter(id=masterplan.id).select_for_update().using_db(connection).get()
        ordered = await FieldOfAction.filter(masterplan_id=masterplan.id).using_db(connection)
        index = next((i for i, f in enumerate(ordered) if f.id == field.id), None)
        if index is None or not 0 <= index + offset < len(ordered):
            return  # first or last already: nothing to move
        ordered[index], ordered[index + offset] = ordered[index + offset], ordered[index]
        for position, item in enumerate(ordered):
            if item.position != position:
                await (
                    FieldOfAction.filter(id=item.id).using_db(connection).update(position=position)
                )
        details = {"before": index + 1, "after": index + offset + 1}
        await _record(by, "field.reorder", field, details, connection)
    await fields_changed(masterplan.id)


async def archive_field(*, field: FieldOfAction, masterplan: Masterplan, by: User) -> None:
    """No new proposals under it; everything it holds stays listed and reachable."""
    refuse_if_archived(masterplan)
    if field.archived_at is not None:
        raise ValidationFailed({"form": gettext("This field of action is archived already.")})
    async with in_transaction() as connection:
        field.archived_at = datetime.now(UTC)
        await field.save(using_db=connection, update_fields=["archived_at"])
        await _record(by, "field.archive", field, {}, connection)
    await fields_changed(masterplan.id)


async def restore_field(*, field: FieldOfAction, masterplan: Masterplan, by: User) -> None:
    refuse_if_archived(masterplan)
    if field.archived_at is None:
        raise ValidationFailed({"form": gettext("This field of action is not archived.")})
    async with in_transaction() as connection:
        field.archived_at = None
        await field.save(using_db=connection, update_fields=["archived_at"])
        await _record(by, "field.restore", field, {}, connection)
    await fields_changed(masterplan.id)


async def holdings_of(
    field: FieldOfAction, connection: BaseDBAsyncClient | None = None
) -> tuple[int, int]:
    """How many proposals (of any status) and projects the field holds."""
    from participation.planning.models import Project  # both build on masterplans
    from participation.proposals.models import Proposal

    mine = {"field_of_action_id": field.id}
    return (
        await Proposal.filter(**mine).using_db(connection).count(),
        await Project.filter(**mine).using_db(connection).count(),
    )


async def delete_field(
    *, field: FieldOfAction, masterplan: Masterplan, by: User, confirmed: bool
) -> None:
    """Only an empty field goes; one that holds proposals or projects stays."""
    refuse_if_archived(masterplan)
    if not confirmed:
        raise ValidationFailed(
            {"confirm": gettext("Please confirm that the field of action is to be deleted.")}
        )
    async with in_transaction() as connection:
        locked = await (
            FieldOfAction.filter(id=field.id).select_for_update().using_db(connection).first()
        )
        if locked is None:
            return  # a second click: it is gone already
        proposals, projects = await holdings_of(locked, connection)
        if proposals or projects:
            raise ValidationFailed(
                {
                    "form": gettext(
                        "This field of action holds proposals or projects and cannot be "
                        "deleted. Move its proposals to another field first, or archive it."
                    )
                }
            )
        await _record(by, "field.delete", locked, {"masterplan": masterplan.title}, connection)
        await locked.delete(using_db=connection)
    await fields_changed(masterplan.id)


def _tidy(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


async def _record(
    by: User | None,
    action: str,
    field: FieldOfAction,
    details: Mapping[str, object],
    connection: BaseDBAsyncClient,
) -> None:
    await record(
        actor=by,
        action=action,
        target_type="field_of_action",
        target_id=field.id,
        details={"name": field.title, **details},
        connection=connection,
    )
