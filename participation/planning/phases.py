"""The course of a masterplan: the phases it runs through, their dates (each may switch the
masterplan by itself on its start date, see :mod:`participation.planning.phase_switch`),
and the phase it is in now.

Preparation and the council's adoption belong to every masterplan: it is set up before
anyone takes part, and the council's decision ends it. In between, a process runs through at
least one phase in which people take part and may skip the others (a short process goes
without evaluation or consultation).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from participation.accounts.models import User
from participation.forms import ValidationFailed
from participation.i18n import format_day, gettext
from participation.masterplans.course import (
    Period,
    check_periods,
    chosen_phases,
)
from participation.masterplans.models import PHASE_ORDER, Masterplan, Phase, PhasePeriod
from participation.moderation.audit import record
from participation.planning.phase_switch import notify_followers

# The current phase ---------------------------------------------------------------------------


def _phase(raw: str) -> Phase:
    try:
        return Phase(raw)
    except ValueError:
        raise ValidationFailed({"phase": gettext("Please choose a phase.")}) from None


async def set_phase(
    *,
    masterplan: Masterplan,
    phase: str,
    by: User,
    reason: str = "",
    tell_followers: bool = False,
    base_url: str | None = None,
) -> Phase:
    """Move the masterplan to another of its phases (back too, to reopen one); what
    participants may do follows at once. Followers hear of it if the planner wants."""
    chosen = _phase(phase)
    previous = masterplan.phase
    if chosen == previous:
        return chosen
    if chosen not in masterplan.used_phases:
        raise ValidationFailed(
            {
                "phase": gettext(
                    "This masterplan does not use this phase. Choose it first under “Phases "
                    "and dates”."
                )
            }
        )
    async with in_transaction() as connection:
        await Masterplan.filter(id=masterplan.id).using_db(connection).update(phase=chosen)
        await record(
            actor=by,
            action="masterplan.set_phase",
            target_type="masterplan",
            target_id=masterplan.id,
            reason=reason.strip(),
            details={"name": masterplan.title, "from": str(previous), "to": str(chosen)},
            connection=connection,
        )
        masterplan.phase = chosen
        if tell_followers:
            await notify_followers(masterplan=masterplan, skip=by, base_url=base_url)
    return chosen


# Which phases, and when ----------------------------------------------------------------------


async def set_process(
    *,
    masterplan: Masterplan,
    phases: Collection[str] | None,
    periods: Mapping[Phase, Period],
    by: User,
) -> list[PhasePeriod]:
    """Choose the phases the masterplan runs through (None: keep them) and their dates, all
    checked before anything is stored, stored in one transaction.

    A period keeps the moment it switched while its start date stays; a new start date is a
    new announcement that may switch again.
    """
    errors: dict[str, str] = {}
    current = (await Masterplan.get(id=masterplan.id)).phase  # as it is now, not as loaded
    stored_phases = masterplan.used_phases
    chosen = stored_phases if phases is None else chosen_phases(phases, current, errors)
    check_periods(chosen, periods, errors)
    if errors:
        raise ValidationFailed(errors)
    wanted = {p: period for p, period in periods.items() if p in chosen and period.starts_on}
    async with in_transaction() as connection:
        # Periods first, the masterplan's row after: the order the switch takes its locks in.
        before, after = await _store_periods(masterplan, wanted, connection)
        if before != after:
            await _record_change(masterplan, "set_phase_periods", before, after, by, connection)
        if chosen != stored_phases:
            await (
                Masterplan.filter(id=masterplan.id)
                .using_db(connection)
                .update(phases=[str(p) for p in chosen])
            )
            before_text, after_text = _phase_list(stored_phases), _phase_list(chosen)
            await _record_change(masterplan, "set_phases", before_text, after_text, by, connection)
    masterplan.phases = [str(p) for p in chosen]
    return await PhasePeriod.filter(masterplan_id=masterplan.id).order_by("starts_on")


async def set_phase_periods(
    *, masterplan: Masterplan, periods: Mapping[Phase, Period], by: User
) -> list[PhasePeriod]:
    """The dates of the phases the masterplan uses."""
    return await set_process(masterplan=masterplan, phases=None, periods=periods, by=by)


async def _store_periods(
    masterplan: Masterplan, wanted: dict[Phase, Period], connection: BaseDBAsyncClient
) -> tuple[str, str]:
    """Update the stored periods in place; returns the changed ones before and after."""
    stored = {
        p.phase: p
        for p in await PhasePeriod.filter(masterplan_id=masterplan.id).using_db(connection)
    }
    before: list[str] = []
    after: list[str] = []
    for phase in PHASE_ORDER:
        row, period = stored.get(phase), wanted.get(phase)
        old = _stored_period(row)
        if old == (period or Period()):
            continue
        before.append(_period_text(phase, old))
        after.append(_period_text(phase, period or Period()))
        if period is None:
            await PhasePeriod.filter(id=row.id).using_db(connection).delete()  # type: ignore[union-attr]
        elif row is None:
            await PhasePeriod.create(
                masterplan=masterplan,
                phase=phase,
                starts_on=period.starts_on,
                ends_on=period.ends_on,
                auto_switch=period.auto_switch,
                using_db=connection,
            )
        else:
            changes: dict[str, object] = {
                "starts_on": period.starts_on,
                "ends_on": period.ends_on,
                "auto_switch": period.auto_switch,
            }
            if period.starts_on != row.starts_on:
                changes["switched_at"] = None
            await PhasePeriod.filter(id=row.id).using_db(connection).update(**changes)
    return "; ".join(before), "; ".join(after)


def _stored_period(row: PhasePeriod | None) -> Period:
    if row is None:
        return Period()
    return Period(row.starts_on, row.ends_on, row.auto_switch)


def stored_periods(rows: list[PhasePeriod]) -> dict[Phase, Period]:
    return {row.phase: _stored_period(row) for row in rows}


def _period_text(phase: Phase, period: Period) -> str:
    """One phase's dates for the audit log, in the language of whoever changed them."""
    if period.starts_on is None:
        when = gettext("not announced")
    elif period.ends_on is None:
        when = gettext("from %(date)s") % {"date": format_day(period.starts_on)}
    else:
        when = f"{format_day(period.starts_on)} – {format_day(period.ends_on)}"
    if period.auto_switch:
        when = gettext("%(dates)s, switching automatically") % {"dates": when}
    return f"{phase.label}: {when}"


def _phase_list(phases: list[Phase]) -> str:
    return ", ".join(phase.label for phase in phases)


async def _record_change(
    masterplan: Masterplan,
    what: str,
    before: str,
    after: str,
    by: User,
    connection: BaseDBAsyncClient,
) -> None:
    await record(
        actor=by,
        action=f"masterplan.{what}",
        target_type="masterplan",
        target_id=masterplan.id,
        details={"name": masterplan.title, "before": before, "after": after},
        connection=connection,
    )
