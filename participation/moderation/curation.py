"""Curating proposals: a moderator moves a proposal to another field of action (of the same
or another masterplan) or edits its title for clarity.

Both are housekeeping. Votes keep their stakeholder groups, comments and merge records stay
as they are, and followers are not told; the author is. A moved listed proposal leaves its
old field's ``proposal_count`` and joins the new one's in the same transaction. The author's
own title is kept in ``original_title`` from the first edit on, and shown on the page.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import groupby

from babel.numbers import format_decimal
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from participation import i18n
from participation.accounts.models import User
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation.audit import record
from participation.moderation.services import MAX_REASON
from participation.notifications.models import NotificationKind
from participation.notifications.services import Text, notify
from participation.proposals import search
from participation.proposals.models import LISTED_STATUSES, Proposal
from participation.proposals.services import MAX_TITLE

MIN_TITLE = 5  # shorter than this, a title cannot say what a proposal is about
NOTIFICATION_KIND = NotificationKind.MODERATED


async def move_proposal(
    *,
    proposal: Proposal,
    field_of_action: FieldOfAction | None,
    moderator: User,
    reason: str = "",
    base_url: str | None = None,
) -> Proposal:
    """File ``proposal`` under ``field_of_action``; its masterplan follows the field.

    ``None`` stands for a field that could not be found: the moderator is asked to choose.
    """
    note = _note(reason)
    async with in_transaction() as connection:
        locked = await _locked(proposal.id, connection)
        source = await _field(locked.field_of_action_id, connection)  # type: ignore[attr-defined]
        target = await _field(field_of_action.id if field_of_action else None, connection)
        if target is None:
            raise ValidationFailed({"field_of_action": gettext("Please choose a field of action.")})
        if source is None or target.id == source.id:
            raise ValidationFailed(
                {"field_of_action": gettext("The proposal is in this field of action already.")}
            )
        await (
            Proposal.filter(id=locked.id)
            .using_db(connection)
            .update(
                field_of_action_id=target.id,
                masterplan_id=target.masterplan.id,
                updated_at=datetime.now(UTC),
            )
        )
        if locked.status in LISTED_STATUSES:
            await _count_listed(source.id, -1, connection)
            await _count_listed(target.id, +1, connection)
        await record(
            actor=moderator,
            action="proposal.move",
            target_type="proposal",
            target_id=locked.id,
            reason=note,
            details={**_place("from", source), **_place("to", target)},
            connection=connection,
        )
        field_title, masterplan_title = target.title, target.masterplan.title
        await _tell_author(
            locked,
            lambda: (
                gettext("Moderation moved your proposal to “%(field)s” (%(masterplan)s).")
                % {"field": field_title, "masterplan": masterplan_title}
            ),
            base_url,
            connection,
        )
    proposal.field_of_action, proposal.masterplan = target, target.masterplan
    return proposal


async def retitle_proposal(
    *,
    proposal: Proposal,
    title: str,
    moderator: User,
    reason: str = "",
    base_url: str | None = None,
) -> Proposal:
    """Give ``proposal`` a clearer title. The author's title is kept the first time and
    never overwritten; set back to it, nothing is left to keep."""
    new_title, note = _title(title), _note(reason)
    async with in_transaction() as connection:
        locked = await _locked(proposal.id, connection)
        old_title = locked.title
        if new_title == old_title:
            raise ValidationFailed({"title": gettext("The title is unchanged.")})
        original = locked.original_title or old_title
        if new_title == original:
            original = ""
        await (
            Proposal.filter(id=locked.id)
            .using_db(connection)
            .update(title=new_title, original_title=original, updated_at=datetime.now(UTC))
        )
        await search.index(locked.id, new_title, locked.body, connection)
        await record(
            actor=moderator,
            action="proposal.retitle",
            target_type="proposal",
            target_id=locked.id,
            reason=note,
            details={"old_title": old_title, "new_title": new_title},
            connection=connection,
        )
        locked.title = new_title
        await _tell_author(
            locked,
            lambda: gettext("Moderation changed the title of your proposal for clarity."),
            base_url,
            connection,
        )
    proposal.title, proposal.original_title = new_title, original
    return proposal


async def fields_by_masterplan() -> list[tuple[Masterplan, list[FieldOfAction]]]:
    """Every field of action, grouped by masterplan in their page order, in one query."""
    fields = (
        await FieldOfAction.all()
        .select_related("masterplan")
        .order_by("masterplan__position", "masterplan__id", "position", "id")
    )
    grouped = groupby(fields, key=lambda field: field.masterplan.id)
    return [(group[0].masterplan, group) for group in (list(g) for _, g in grouped)]


def _title(raw: str) -> str:
    title = raw.strip()
    if not title:
        raise ValidationFailed({"title": gettext("Please enter a title.")})
    if len(title) < MIN_TITLE:
        raise ValidationFailed(
            {"title": gettext("The title needs at least %(min)s characters.") % {"min": MIN_TITLE}}
        )
    if len(title) > MAX_TITLE:
        raise ValidationFailed(
            {
                "title": gettext(
                    "The title has %(count)s characters; at most %(max)s are possible."
                )
                % {"count": _number(len(title)), "max": _number(MAX_TITLE)}
            }
        )
    return title


def _note(raw: str) -> str:
    note = raw.replace("\r\n", "\n").strip()
    if len(note) > MAX_REASON:
        raise ValidationFailed(
            {
                "reason": gettext("The note can be at most %(max)s characters long.")
                % {"max": _number(MAX_REASON)}
            }
        )
    return note


def _number(value: int) -> str:
    return format_decimal(value, locale=i18n.current_language())


def _place(prefix: str, field: FieldOfAction) -> dict[str, object]:
    """Where a proposal was or went, for the audit entry: ids, and titles as they were."""
    return {
        f"{prefix}_field_id": field.id,
        f"{prefix}_field": field.title,
        f"{prefix}_masterplan_id": field.masterplan.id,
        f"{prefix}_masterplan": field.masterplan.title,
    }


async def _count_listed(field_id: int, delta: int, connection: BaseDBAsyncClient) -> None:
    await (
        FieldOfAction.filter(id=field_id)
        .using_db(connection)
        .update(proposal_count=F("proposal_count") + delta)
    )


async def _locked(proposal_id: int, connection: BaseDBAsyncClient) -> Proposal:
    return await Proposal.filter(id=proposal_id).select_for_update().using_db(connection).get()


async def _field(field_id: int | None, connection: BaseDBAsyncClient) -> FieldOfAction | None:
    if field_id is None:
        return None
    return await (
        FieldOfAction.filter(id=field_id).using_db(connection).select_related("masterplan").first()
    )


async def _tell_author(
    proposal: Proposal, text: Text, base_url: str | None, connection: BaseDBAsyncClient
) -> None:
    """Only the author hears of it: for followers a move or a clearer title is no news."""
    author_id: int | None = proposal.author_id  # type: ignore[attr-defined]
    author = (
        await User.filter(id=author_id).using_db(connection).first()
        if author_id is not None
        else None
    )
    if author is not None:
        await notify(
            users=[author],
            kind=NOTIFICATION_KIND,
            proposal=proposal,
            text=text,
            base_url=base_url,
        )
