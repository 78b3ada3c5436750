"""What platform admins do with people: find them, give them a role, let planners plan
masterplans, suspend and lift suspensions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from participation.accounts.models import Organization, Role, User
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.mail.models import OutboxMessage, OutboxStatus
from participation.masterplans.models import Masterplan

PAGE_SIZE = 50
MAX_REASON_LENGTH = 2000
# Suspensions end at midnight in Dortmund, whatever the server's clock zone.
CITY_TIMEZONE = ZoneInfo("Europe/Berlin")
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
    async with in_transaction():
        user.role = new_role
        await user.save(update_fields=["role"])
        if new_role not in PLANNING_ROLES:
            # A former planner keeps no masterplans: the lists of planners stay true.
            await _set_planned(user, [])
    return user


async def assign_masterplans(*, user: User, masterplans: list[Masterplan]) -> None:
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
        await _set_planned(user, masterplans)


async def _set_planned(user: User, masterplans: list[Masterplan]) -> None:
    wanted = {masterplan.id: masterplan for masterplan in masterplans}
    current = {m.id: m for m in await Masterplan.filter(planners__id=user.id)}
    for masterplan_id, masterplan in current.items():
        if masterplan_id not in wanted:
            await masterplan.planners.remove(user)
    for masterplan_id, masterplan in wanted.items():
        if masterplan_id not in current:
            await masterplan.planners.add(user)


async def suspend(
    *, user: User, until: date | None, reason: str, now: datetime | None = None
) -> User:
    """Suspend ``user`` until the start of the day ``until``: until then they can read but
    not post or vote. The reason is required because the person is told it."""
    today = (now or datetime.now(UTC)).astimezone(CITY_TIMEZONE).date()
    errors: dict[str, str] = {}
    if until is None:
        errors["suspended_until"] = gettext("Enter the date the suspension ends.")
    elif until <= today:
        errors["suspended_until"] = gettext("The date must lie in the future.")
    if not reason:
        errors["suspension_reason"] = gettext("Give the reason; the person is told it.")
    elif len(reason) > MAX_REASON_LENGTH:
        errors["suspension_reason"] = gettext("Keep the reason under 2000 characters.")
    if errors:
        raise ValidationFailed(errors)
    assert until is not None
    user.suspended_until = datetime.combine(until, time.min, tzinfo=CITY_TIMEZONE)
    user.suspension_reason = reason
    await user.save(update_fields=["suspended_until", "suspension_reason"])
    return user


async def lift_suspension(*, user: User) -> User:
    user.suspended_until, user.suspension_reason = None, ""
    await user.save(update_fields=["suspended_until", "suspension_reason"])
    return user
