"""What planners set on their masterplan: the current phase, the announced dates of each
phase, and the weights of the stakeholder groups in the ``balanced`` score."""

from __future__ import annotations

from datetime import date

from tortoise.transactions import in_transaction

from participation.accounts.models import StakeholderGroup, User
from participation.forms import ValidationFailed
from participation.i18n import gettext
from participation.masterplans.models import Masterplan, Phase, PhasePeriod
from participation.moderation.audit import record
from participation.votes.services import rescore_masterplan

MAX_WEIGHT = 100.0


def _phase(raw: str) -> Phase:
    try:
        return Phase(raw)
    except ValueError:
        raise ValidationFailed({"phase": gettext("Please choose a phase.")}) from None


async def set_phase(*, masterplan: Masterplan, phase: str, by: User, reason: str = "") -> Phase:
    """Move the masterplan to another phase; what participants may do follows at once."""
    chosen = _phase(phase)
    previous = masterplan.phase
    if chosen == previous:
        return chosen
    async with in_transaction() as connection:
        await Masterplan.filter(id=masterplan.id).using_db(connection).update(phase=chosen)
        await record(
            actor=by,
            action="masterplan.set_phase",
            target_type="masterplan",
            target_id=masterplan.id,
            reason=reason.strip(),
            details={"from": str(previous), "to": str(chosen)},
            connection=connection,
        )
    masterplan.phase = chosen
    return chosen


Period = tuple[date | None, date | None]


async def set_phase_periods(
    *, masterplan: Masterplan, periods: dict[Phase, Period], by: User
) -> list[PhasePeriod]:
    """Announce the dates of each phase; a phase without a start date is not announced.

    The phases follow each other: a phase may not start before the previous announced one,
    and may not end before it starts. All errors are reported at once, keyed by phase.
    """
    errors: dict[str, str] = {}
    last_start: date | None = None
    for phase in Phase:
        starts_on, ends_on = periods.get(phase, (None, None))
        if starts_on is None:
            if ends_on is not None:
                errors[f"{phase}_starts_on"] = gettext("Please give the start date too.")
            continue
        if ends_on is not None and ends_on < starts_on:
            errors[f"{phase}_ends_on"] = gettext("The end lies before the start.")
        if last_start is not None and starts_on < last_start:
            errors[f"{phase}_starts_on"] = gettext(
                "A phase cannot start before the phase before it."
            )
        last_start = starts_on
    if errors:
        raise ValidationFailed(errors)
    async with in_transaction() as connection:
        await PhasePeriod.filter(masterplan_id=masterplan.id).using_db(connection).delete()
        created = [
            await PhasePeriod.create(
                masterplan=masterplan,
                phase=phase,
                starts_on=starts_on,
                ends_on=ends_on,
                using_db=connection,
            )
            for phase, (starts_on, ends_on) in periods.items()
            if starts_on is not None
        ]
        await record(
            actor=by,
            action="masterplan.set_phase_periods",
            target_type="masterplan",
            target_id=masterplan.id,
            details={
                str(p.phase): [
                    p.starts_on.isoformat(),
                    p.ends_on.isoformat() if p.ends_on else None,
                ]
                for p in created
            },
            connection=connection,
        )
    return sorted(created, key=lambda p: p.starts_on)


def weight_value(raw: str) -> float:
    text = raw.strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise ValidationFailed({"weight": gettext("A weight is a number.")}) from None
    if not 0 <= value <= MAX_WEIGHT:
        raise ValidationFailed(
            {"weight": gettext("A weight lies between 0 and %(max)s.") % {"max": int(MAX_WEIGHT)}}
        )
    return value


async def set_ranking_weights(
    *, masterplan: Masterplan, weights: dict[str, str], by: User
) -> dict[str, float]:
    """The weight of each stakeholder group in ``balanced``; a group left out weighs 1, a
    weight of 0 leaves the group out of the score (its votes still show in the breakdown).
    Every proposal of the masterplan is rescored before this returns."""
    parsed: dict[str, float] = {}
    errors: dict[str, str] = {}
    for group in StakeholderGroup:
        raw = weights.get(group.value, "").strip()
        if not raw:
            continue
        try:
            parsed[group.value] = weight_value(raw)
        except ValidationFailed as failed:
            errors[f"weight_{group.value}"] = failed.errors["weight"]
    if not errors and parsed and not any(parsed.get(g.value, 1.0) > 0 for g in StakeholderGroup):
        errors["form"] = gettext("At least one group needs a weight above 0.")
    if errors:
        raise ValidationFailed(errors)
    async with in_transaction() as connection:
        await (
            Masterplan.filter(id=masterplan.id).using_db(connection).update(ranking_weights=parsed)
        )
        await record(
            actor=by,
            action="masterplan.set_ranking_weights",
            target_type="masterplan",
            target_id=masterplan.id,
            details={"weights": dict(parsed)},
            connection=connection,
        )
    masterplan.ranking_weights = parsed
    await rescore_masterplan(masterplan)
    return parsed
