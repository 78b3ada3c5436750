"""Phases that switch by themselves on their start date, and telling followers of a new phase.

Every app process runs :func:`switch_forever` (and cron may run ``participation
switch-phases``), so a due switch is claimed before it is made, as the mail outbox claims a
mail: on PostgreSQL ``SELECT … FOR UPDATE SKIP LOCKED`` lets a second switcher pass the row
the first holds, and on both databases the claim is an UPDATE that only matches while the
period is still unswitched, so exactly one writer wins it. The claim, the masterplan's new
phase, the audit entry and the followers' notifications commit together or not at all.

A period is due from the start of its day in Dortmund. A switch that would go back (the
planners moved on by hand), or to a phase the masterplan no longer uses, or of an archived
masterplan, is skipped: its automatic switch is turned off, logged and audited, so it is
skipped once, not every minute.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Min
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.i18n import N_, gettext, local_date
from participation.masterplans.models import PHASE_ORDER, Masterplan, Phase, PhasePeriod
from participation.moderation.audit import record
from participation.notifications.models import Follow, NotificationKind
from participation.notifications.services import notify
from participation.proposals.models import PUBLIC_STATUSES, Proposal

logger = logging.getLogger(__name__)

INTERVAL = 60.0  # seconds between two looks for due switches in each app process
BATCH = 100  # switches one run makes at most


class Outcome(StrEnum):
    SWITCHED = "switched"  # the masterplan is in the period's phase now
    ALREADY = "already"  # it was in that phase already (switched by hand)
    SKIPPED = "skipped"  # backwards, an unused phase, or archived: turned off
    LOST = "lost"  # another switcher claimed it first


@dataclass
class SwitchReport:
    switched: list[str] = field(default_factory=list)  # "slug: from → to"
    skipped: list[str] = field(default_factory=list)


async def switch_due(*, now: datetime | None = None, base_url: str | None = None) -> SwitchReport:
    """Make every switch that is due: the latest due period of a masterplan first, so that a
    masterplan with two overdue switches (the server was off) goes straight to the later
    phase and the earlier one is skipped as going back."""
    now = now or datetime.now(UTC)
    report = SwitchReport()
    for _ in range(BATCH):
        try:
            claimed = await _switch_next(now, base_url)
        except _PhaseMoved:
            continue
        if claimed is None:
            break
        outcome, text = claimed
        if outcome is Outcome.SWITCHED:
            report.switched.append(text)
        elif outcome is Outcome.SKIPPED:
            report.skipped.append(text)
    return report


async def switch_forever(*, base_url: str, interval: float = INTERVAL) -> None:
    """Switch due phases every ``interval`` seconds until cancelled; an error (the database
    away) is logged and the next round tried."""
    while True:
        try:
            await switch_due(base_url=base_url)
        except Exception:
            logger.exception("Switching due phases failed; trying again in %s s", interval)
        await asyncio.sleep(interval)


async def _switch_next(now: datetime, base_url: str | None) -> tuple[Outcome, str] | None:
    async with in_transaction() as connection:
        period = await (
            PhasePeriod.filter(
                auto_switch=True, switched_at__isnull=True, starts_on__lte=local_date(now)
            )
            .order_by("-starts_on", "id")
            .select_for_update(skip_locked=True)
            .using_db(connection)
            .first()
        )
        if period is None:
            return None
        masterplan = await Masterplan.filter(id=period.masterplan_id).using_db(connection).get()  # type: ignore[attr-defined]
        text = f"{masterplan.slug}: {masterplan.phase} → {period.phase}"
        skip = _why_skipped(masterplan, period.phase)
        if skip is not None:
            if not await _claim(period, connection, auto_switch=False):
                return Outcome.LOST, text
            logger.warning("Automatic switch skipped, %s (%s)", text, skip)
            await _audit(masterplan, period, "masterplan.switch_phase_skipped", connection)
            return Outcome.SKIPPED, text
        if not await _claim(period, connection, switched_at=now):
            return Outcome.LOST, text
        if masterplan.phase == period.phase:
            return Outcome.ALREADY, text
        changed = await (
            Masterplan.filter(id=masterplan.id, phase=masterplan.phase)
            .using_db(connection)
            .update(phase=period.phase)
        )
        if not changed:  # a planner set the phase this very moment: undo the claim, look again
            raise _PhaseMoved
        await _audit(masterplan, period, "masterplan.switch_phase", connection)
        masterplan.phase = period.phase
        await notify_followers(masterplan=masterplan, base_url=base_url)
    logger.info("Phase switched automatically, %s", text)
    return Outcome.SWITCHED, text


class _PhaseMoved(Exception):
    pass


def _why_skipped(masterplan: Masterplan, phase: Phase) -> str | None:
    if masterplan.is_archived:
        return "the masterplan is archived"
    if phase not in masterplan.used_phases:
        return "the masterplan does not use this phase"
    if PHASE_ORDER.index(phase) < PHASE_ORDER.index(masterplan.phase):
        return "it would go back"
    return None


async def _claim(period: PhasePeriod, connection: BaseDBAsyncClient, **changes: object) -> bool:
    """Only the writer whose UPDATE still finds the period unswitched wins it."""
    won = await (
        PhasePeriod.filter(id=period.id, auto_switch=True, switched_at__isnull=True)
        .using_db(connection)
        .update(**changes)
    )
    return bool(won)


async def _audit(
    masterplan: Masterplan, period: PhasePeriod, action: str, connection: BaseDBAsyncClient
) -> None:
    await record(
        actor=None,
        action=action,
        target_type="masterplan",
        target_id=masterplan.id,
        details={
            "name": masterplan.title,
            "from": str(masterplan.phase),
            "to": str(period.phase),
            "starts_on": period.starts_on.isoformat(),
        },
        connection=connection,
    )


# Telling followers ---------------------------------------------------------------------------

PHASE_NEWS = {
    Phase.PREPARATION: N_("It is being prepared; participation opens later."),
    Phase.COLLECTION: N_("You can submit proposals, comment and vote now."),
    Phase.EVALUATION: N_(
        "No new proposals; comments and votes stay open until the evaluation ends."
    ),
    Phase.DRAFTING: N_(
        "The planners are writing the draft; participation pauses until it is published."
    ),
    Phase.CONSULTATION: N_("The draft is published: you can comment on its sections now."),
    Phase.ADOPTED: N_("The council has adopted it; the results are shown on its page."),
}


def phase_news(title: str, phase: Phase) -> Callable[[], str]:
    """The notification, written later in each follower's language."""
    return lambda: (
        gettext("“%(title)s” is now in the phase “%(phase)s”. %(news)s")
        % {
            "title": title,
            "phase": phase.label,
            "news": gettext(PHASE_NEWS[phase]),
        }
    )


async def notify_followers(
    *, masterplan: Masterplan, skip: User | None = None, base_url: str | None = None
) -> int:
    """Tell everybody who follows a proposal of the masterplan that it is in its phase now:
    once each, however many of its proposals they follow, with a link to the first of them.
    Runs in the caller's transaction; returns how many people were told."""
    rows = await (
        Follow.filter(
            proposal__masterplan_id=masterplan.id,
            proposal__status__in=PUBLIC_STATUSES,
            user__is_active=True,
        )
        .annotate(first=Min("proposal_id"))
        .group_by("user_id")
        .values_list("user_id", "first")
    )
    first = {int(user_id): int(proposal_id) for user_id, proposal_id in rows}
    if skip is not None:
        first.pop(skip.id, None)
    people = {user.id: user for user in await User.filter(id__in=list(first))}
    proposals = {p.id: p for p in await Proposal.filter(id__in=set(first.values()))}
    by_proposal: dict[int, list[User]] = {}
    for user_id, proposal_id in first.items():
        by_proposal.setdefault(proposal_id, []).append(people[user_id])
    for proposal_id, users in by_proposal.items():
        await notify(
            users=users,
            kind=NotificationKind.PHASE_CHANGED,
            proposal=proposals[proposal_id],
            text=phase_news(masterplan.title, masterplan.phase),
            base_url=base_url,
        )
    return len(first)
