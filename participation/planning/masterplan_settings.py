"""A masterplan's settings besides its phases: the weights of the stakeholder groups in the
``balanced`` score, what waits for moderation, and who its planners are. Each change is
checked whole before anything is stored and audited with what it was before."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from babel.numbers import format_decimal
from tortoise.transactions import in_transaction

from participation.accounts.models import Role, StakeholderGroup, User
from participation.forms import ValidationFailed, whole_number
from participation.i18n import current_language, gettext
from participation.masterplans.models import Masterplan
from participation.moderation.audit import record
from participation.votes.services import rescore_masterplan

MAX_WEIGHT = 100.0
MAX_REPORT_THRESHOLD = 100  # distinct reports; more would never hide anything in practice
PLANNING_ROLES = (Role.PLANNER, Role.ADMIN)


def number_text(value: float) -> str:
    """A weight as people here write it: "2,5" in German, "2.5" in English."""
    return format_decimal(value, format="#,##0.###", locale=current_language())


async def _audit(
    masterplan: Masterplan, action: str, by: User, details: Mapping[str, object]
) -> None:
    await record(
        actor=by,
        action=action,
        target_type="masterplan",
        target_id=masterplan.id,
        details={"name": masterplan.title, **details},
    )


# Weights -------------------------------------------------------------------------------------


def weight_value(raw: str) -> float:
    text = raw.strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise ValidationFailed({"weight": gettext("A weight is a number.")}) from None
    if not 0 <= value <= MAX_WEIGHT:  # NaN fails this too
        raise ValidationFailed(
            {"weight": gettext("A weight lies between 0 and %(max)s.") % {"max": int(MAX_WEIGHT)}}
        )
    return value


async def set_ranking_weights(
    *, masterplan: Masterplan, weights: Mapping[str, str], by: User
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
    old = masterplan.ranking_weights or {}
    changed = [g for g in StakeholderGroup if old.get(g.value, 1.0) != parsed.get(g.value, 1.0)]
    async with in_transaction():
        await Masterplan.filter(id=masterplan.id).update(ranking_weights=parsed)
        if changed:
            await _audit(
                masterplan,
                "masterplan.set_ranking_weights",
                by,
                {
                    "weights": dict(parsed),
                    "before": _weights_text(changed, old),
                    "after": _weights_text(changed, parsed),
                },
            )
    masterplan.ranking_weights = parsed
    if changed:
        await rescore_masterplan(masterplan)
    return parsed


def _weights_text(groups: list[StakeholderGroup], weights: Mapping[str, float]) -> str:
    return ", ".join(f"{g.label} {number_text(weights.get(g.value, 1.0))}" for g in groups)


# Moderation ----------------------------------------------------------------------------------


def _threshold(raw: str) -> int:
    number = whole_number(raw.strip(), digits=4) or 0
    if not 1 <= number <= MAX_REPORT_THRESHOLD:
        raise ValidationFailed(
            {
                "report_threshold": gettext("Please give a whole number from 1 to %(max)s.")
                % {"max": MAX_REPORT_THRESHOLD}
            }
        )
    return number


async def set_moderation(
    *, masterplan: Masterplan, groups: Collection[str], report_threshold: str, by: User
) -> Masterplan:
    """Choose which groups' new contributions wait for a moderator (pre-moderation; the
    others are published at once), and after how many distinct reports content is hidden
    until a moderator has looked at it."""
    known = {g.value for g in StakeholderGroup}
    errors: dict[str, str] = {}
    if set(groups) - known:
        errors["premoderated"] = gettext("Please choose from the groups listed.")
    try:
        threshold = _threshold(report_threshold)
    except ValidationFailed as failed:
        errors.update(failed.errors)
    if errors:
        raise ValidationFailed(errors)
    chosen = sorted(set(groups))
    before = _moderation_text(masterplan.premoderated_groups, masterplan.report_threshold)
    after = _moderation_text(chosen, threshold)
    async with in_transaction():
        await Masterplan.filter(id=masterplan.id).update(
            premoderated_groups=chosen, report_threshold=threshold
        )
        if before != after:
            details = {"before": before, "after": after, "groups": chosen}
            await _audit(masterplan, "masterplan.moderation_settings", by, details)
    masterplan.premoderated_groups, masterplan.report_threshold = chosen, threshold
    return masterplan


def _moderation_text(groups: Collection[str], threshold: int) -> str:
    names = ", ".join(g.label for g in StakeholderGroup if g.value in groups)
    return gettext("pre-moderated: %(groups)s; hidden after %(num)s reports") % {
        "groups": names or gettext("none"),
        "num": threshold,
    }


# Planners ------------------------------------------------------------------------------------


async def planners_of(masterplan: Masterplan) -> list[User]:
    return await masterplan.planners.all().order_by("display_name", "id")


async def planner_candidates(planners: list[User]) -> list[User]:
    """People with the planner role who do not plan this masterplan yet."""
    return (
        await User.filter(role=Role.PLANNER, is_active=True)
        .exclude(id__in=[p.id for p in planners])
        .order_by("display_name", "id")
    )


async def add_planner(*, masterplan: Masterplan, person: User | None, by: User) -> User:
    if person is None or person.role not in PLANNING_ROLES or not person.is_active:
        raise ValidationFailed(
            {
                "planner": gettext(
                    "Only people with the planner role can plan a masterplan. Give the "
                    "person that role on their page in the administration first."
                )
            }
        )
    async with in_transaction():
        before = await planners_of(masterplan)
        if person.id in {p.id for p in before}:
            return person
        await masterplan.planners.add(person)
        await _audit(
            masterplan, "masterplan.add_planner", by, _planners(before, [*before, person], person)
        )
    return person


async def remove_planner(*, masterplan: Masterplan, person: User, by: User) -> None:
    async with in_transaction():
        before = await planners_of(masterplan)
        if person.id not in {p.id for p in before}:
            raise ValidationFailed(
                {
                    "form": gettext("%(name)s does not plan this masterplan.")
                    % {"name": person.display_name}
                }
            )
        await masterplan.planners.remove(person)
        after = [p for p in before if p.id != person.id]
        await _audit(masterplan, "masterplan.remove_planner", by, _planners(before, after, person))


def _planners(before: list[User], after: list[User], person: User) -> dict[str, object]:
    def names(people: list[User]) -> str:
        return ", ".join(sorted(p.display_name for p in people)) or gettext("none")

    return {"person": person.display_name, "before": names(before), "after": names(after)}
