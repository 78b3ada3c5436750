"""What platform admins do with people's roles and the mail outbox. Every change writes
an audit entry in its own transaction. Suspensions are moderation's
(``participation.moderation.suspensions``); organisations have their own services, and
accounts themselves (creating, correcting) are ``participation.admin.people``."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from participation.accounts.models import Organization, Role, User
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.mail.models import OutboxMessage, OutboxStatus
from participation.mail.services import retry_message
from participation.masterplans.models import Masterplan
from participation.moderation.audit import record

PAGE_SIZE = 50
PLANNING_ROLES = frozenset({Role.PLANNER, Role.ADMIN})


@dataclass(frozen=True)
class Counts:
    people: int
    organizations: int
    awaiting_verification: int
    failed_mails: int


async def dashboard_counts() -> Counts:
    return Counts(
        people=await User.all().count(),
        organizations=await Organization.all().count(),
        awaiting_verification=await Organization.filter(verified=False).count(),
        failed_mails=await OutboxMessage.filter(status=OutboxStatus.FAILED).count(),
    )


@dataclass(frozen=True)
class PeoplePage:
    people: list[User]
    next_after: int | None  # the id to continue after, None on the last page


async def find_people(
    *, q: str = "", role: str = "", after: int | None = None, page_size: int = PAGE_SIZE
) -> PeoplePage:
    """One page of people in id order, in one query however many there are: the page seeks
    to the last id seen (keyset pagination) instead of counting past an offset."""
    query = User.all()
    if q:
        query = query.filter(Q(email__icontains=q) | Q(display_name__icontains=q))
    if role in {r.value for r in Role}:
        query = query.filter(role=Role(role))
    if after is not None:
        query = query.filter(id__gt=after)
    rows = await query.order_by("id").limit(page_size + 1)
    people = rows[:page_size]
    return PeoplePage(people, people[-1].id if len(rows) > page_size else None)


async def change_role(*, user: User, role: str, by: User) -> User:
    """Give ``user`` another role. Admins cannot demote themselves, so the platform never
    loses its last admin by a slip of the hand."""
    if role not in {r.value for r in Role}:
        raise ValidationFailed({"role": gettext("Choose a role from the list.")})
    new_role = Role(role)
    if user.id == by.id and new_role != Role.ADMIN:
        raise ValidationFailed(
            {
                "role": gettext(
                    "You cannot remove your own administrator role. Ask another administrator to "
                    "do it."
                )
            }
        )
    if new_role == user.role:
        return user  # nothing changes, nothing to record
    async with in_transaction():
        previous, user.role = user.role, new_role
        await user.save(update_fields=["role"])
        details: dict[str, object] = {"from": previous.value, "to": new_role.value}
        if new_role not in PLANNING_ROLES:
            # A former planner keeps no masterplans: the lists of planners stay true.
            removed, _ = await _set_planned(user, [])
            if removed:
                details["masterplans_removed"] = removed
        await _record_user(by, "user.change_role", user, details)
    return user


async def assign_masterplans(*, user: User, masterplans: list[Masterplan], by: User) -> None:
    """Make ``user`` a planner of exactly these masterplans."""
    if masterplans and user.role not in PLANNING_ROLES:
        raise ValidationFailed(
            {
                "masterplans": gettext(
                    "Only planners and administrators plan masterplans. Change the role first."
                )
            }
        )
    async with in_transaction():
        removed, added = await _set_planned(user, masterplans)
        if removed or added:
            await _record_user(
                by, "user.assign_masterplans", user, {"added": added, "removed": removed}
            )


async def _set_planned(user: User, masterplans: list[Masterplan]) -> tuple[list[str], list[str]]:
    """Returns the slugs removed and added."""
    wanted = {masterplan.id: masterplan for masterplan in masterplans}
    current = {m.id: m for m in await Masterplan.filter(planners__id=user.id)}
    removed, added = [], []
    for masterplan_id, masterplan in current.items():
        if masterplan_id not in wanted:
            await masterplan.planners.remove(user)
            removed.append(masterplan.slug)
    for masterplan_id, masterplan in wanted.items():
        if masterplan_id not in current:
            await masterplan.planners.add(user)
            added.append(masterplan.slug)
    return sorted(removed), sorted(added)


async def _record_user(by: User, action: str, user: User, details: dict[str, object]) -> None:
    """The entry keeps the person's name as it was at the time."""
    details = {"name": user.display_name, **details}
    await record(actor=by, action=action, target_type="user", target_id=user.id, details=details)


async def retry_mail(*, message_id: int, by: User) -> None:
    """Put a failed mail back in the queue; raises ``OutboxError`` if it is not failed."""
    async with in_transaction():
        await retry_message(message_id)
        subject = await OutboxMessage.filter(id=message_id).values_list("subject", flat=True)
        await record(
            actor=by,
            action="mail.retry",
            target_type="outbox_message",
            target_id=message_id,
            details={"name": subject[0] if subject else ""},
        )
