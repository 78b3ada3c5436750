"""Moving a field's proposals to another field of the same masterplan in one step, e.g. before
the field is deleted or when two fields are joined.

Everything happens in one transaction: the proposals change field, the two fields' counters
of public proposals change by the number of public proposals moved, each moved proposal gets
its audit entry (the same "proposal.move" a moderator's move writes, so a proposal's trail in
the log is complete whoever moved it), and each author is notified in their own language.
Votes, comments and everything else stay with the proposals.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.masterplans.fields.services import refuse_if_archived
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation.models import AuditEntry
from participation.notifications.models import NotificationKind
from participation.notifications.services import notify
from participation.proposals.models import LISTED_STATUSES, Proposal


async def move_proposals(
    *,
    source: FieldOfAction,
    masterplan: Masterplan,
    target_id: int | None,
    proposal_ids: list[int] | None,
    by: User,
    base_url: str | None = None,
) -> int:
    """Move the chosen proposals of ``source`` (``None``: all of them, whatever their status)
    to the field ``target_id``; returns how many moved."""
    refuse_if_archived(masterplan)
    target = await _target(source, masterplan, target_id)
    async with in_transaction() as connection:
        query = Proposal.filter(field_of_action_id=source.id).using_db(connection)
        if proposal_ids is not None:
            query = query.filter(id__in=proposal_ids)
        moving = await query.select_for_update().order_by("id")
        if not moving or (proposal_ids is not None and len(moving) != len(set(proposal_ids))):
            raise ValidationFailed(
                {"proposals": gettext("Please choose proposals of this field of action.")}
            )
        ids = [p.id for p in moving]
        await (
            Proposal.filter(id__in=ids)
            .using_db(connection)
            .update(field_of_action_id=target.id, updated_at=datetime.now(UTC))
        )
        listed = sum(1 for p in moving if p.status in LISTED_STATUSES)
        if listed:
            await _count(source.id, -listed, connection)
            await _count(target.id, listed, connection)
        await _record(moving, source, target, masterplan, by, connection)
        await _tell_authors(moving, target, masterplan, base_url, connection)
    return len(moving)


async def _target(
    source: FieldOfAction, masterplan: Masterplan, target_id: int | None
) -> FieldOfAction:
    target = await FieldOfAction.get_or_none(id=target_id) if target_id is not None else None
    if target is None:
        raise ValidationFailed({"target": gettext("Please choose a field of action.")})
    if target.masterplan_id != masterplan.id:  # type: ignore[attr-defined]
        raise ValidationFailed(
            {
                "target": gettext(
                    "Proposals can only be moved to a field of action of the same masterplan."
                )
            }
        )
    if target.id == source.id:
        raise ValidationFailed(
            {"target": gettext("The proposals are in this field of action already.")}
        )
    if target.archived_at is not None:
        raise ValidationFailed(
            {"target": gettext("This field of action is archived and takes no proposals.")}
        )
    return target


async def _count(field_id: int, delta: int, connection: BaseDBAsyncClient) -> None:
    await (
        FieldOfAction.filter(id=field_id)
        .using_db(connection)
        .update(proposal_count=F("proposal_count") + delta)
    )


async def _record(
    moving: list[Proposal],
    source: FieldOfAction,
    target: FieldOfAction,
    masterplan: Masterplan,
    by: User,
    connection: BaseDBAsyncClient,
) -> None:
    """One entry per proposal, written at once."""
    places = {
        "from_field_id": source.id,
        "from_field": source.title,
        "to_field_id": target.id,
        "to_field": target.title,
        "from_masterplan_id": masterplan.id,
        "from_masterplan": masterplan.title,
        "to_masterplan_id": masterplan.id,
        "to_masterplan": masterplan.title,
        "together": len(moving),  # how many moved in the same step
    }
    await AuditEntry.bulk_create(
        [
            AuditEntry(
                actor=by,
                actor_name=by.display_name,
                action="proposal.move",
                target_type="proposal",
                target_id=proposal.id,
                reason="",
                details={"name": proposal.title, **places},
            )
            for proposal in moving
        ],
        using_db=connection,
    )


async def _tell_authors(
    moving: list[Proposal],
    target: FieldOfAction,
    masterplan: Masterplan,
    base_url: str | None,
    connection: BaseDBAsyncClient,
) -> None:
    author_ids = {p.author_id for p in moving if p.author_id is not None}  # type: ignore[attr-defined]
    authors = {u.id: u for u in await User.filter(id__in=author_ids).using_db(connection)}
    field_title, masterplan_title = target.title, masterplan.title
    for proposal in moving:
        author = authors.get(proposal.author_id)  # type: ignore[attr-defined]
        if author is None:
            continue
        await notify(
            users=[author],
            kind=NotificationKind.MODERATED,
            proposal=proposal,
            text=_moved(proposal.title, field_title, masterplan_title),
            base_url=base_url,
        )


def _moved(title: str, field: str, masterplan: str) -> Callable[[], str]:
    """The author's notice, worded when their language is set."""
    return lambda: (
        gettext(
            "The planners filed your proposal “%(title)s” under the field of action “%(field)s” "
            "(%(masterplan)s)."
        )
        % {"title": title, "field": field, "masterplan": masterplan}
    )
