from __future__ import annotations

from datetime import date

import pytest

from participation.accounts.models import Role, StakeholderGroup
from participation.forms import ValidationFailed
from participation.masterplans.models import Masterplan, Phase, PhasePeriod
from participation.moderation.models import AuditEntry
from participation.planning import phases
from participation.proposals.models import Proposal
from participation.votes.ranking import wilson
from tests.factories import add_votes, make_field, make_masterplan, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")


async def test_setting_the_phase_is_stored_and_audited() -> None:
    masterplan, by = (
        await make_masterplan(phase=Phase.COLLECTION),
        await make_user(role=Role.PLANNER),
    )
    await phases.set_phase(masterplan=masterplan, phase="evaluation", by=by, reason="Frist vorbei")
    assert (await Masterplan.get(id=masterplan.id)).phase == Phase.EVALUATION
    entry = await AuditEntry.get(action="masterplan.set_phase")
    assert (entry.details, entry.reason) == (
        {"from": "collection", "to": "evaluation"},
        "Frist vorbei",
    )
    with pytest.raises(ValidationFailed):
        await phases.set_phase(masterplan=masterplan, phase="someday", by=by)


async def test_phase_periods_replace_the_announced_dates() -> None:
    masterplan, by = await make_masterplan(), await make_user(role=Role.PLANNER)
    await phases.set_phase_periods(
        masterplan=masterplan,
        periods={Phase.COLLECTION: (date(2026, 11, 1), date(2026, 12, 15))},
        by=by,
    )
    await phases.set_phase_periods(
        masterplan=masterplan,
        periods={
            Phase.COLLECTION: (date(2026, 11, 1), date(2027, 1, 15)),
            Phase.EVALUATION: (date(2027, 1, 16), None),
        },
        by=by,
    )
    stored = await PhasePeriod.filter(masterplan_id=masterplan.id).order_by("starts_on")
    assert [(p.phase, p.starts_on, p.ends_on) for p in stored] == [
        (Phase.COLLECTION, date(2026, 11, 1), date(2027, 1, 15)),
        (Phase.EVALUATION, date(2027, 1, 16), None),
    ]


async def test_phase_periods_out_of_order_report_every_error_and_keep_the_old_dates() -> None:
    masterplan, by = await make_masterplan(), await make_user(role=Role.PLANNER)
    await phases.set_phase_periods(
        masterplan=masterplan, periods={Phase.COLLECTION: (date(2026, 11, 1), None)}, by=by
    )
    with pytest.raises(ValidationFailed) as failed:
        await phases.set_phase_periods(
            masterplan=masterplan,
            periods={
                Phase.COLLECTION: (date(2026, 11, 1), date(2026, 10, 1)),
                Phase.EVALUATION: (date(2026, 10, 1), None),
                Phase.DRAFTING: (None, date(2027, 3, 1)),
            },
            by=by,
        )
    assert set(failed.value.errors) == {
        "collection_ends_on",
        "evaluation_starts_on",
        "drafting_starts_on",
    }
    assert await PhasePeriod.filter(masterplan_id=masterplan.id).count() == 1


async def test_ranking_weights_are_numbers_and_not_all_zero() -> None:
    masterplan, by = await make_masterplan(), await make_user(role=Role.PLANNER)
    stored = await phases.set_ranking_weights(
        masterplan=masterplan, weights={"chambers": "2,5", "citizens": "1", "science": ""}, by=by
    )
    assert stored == {"chambers": 2.5, "citizens": 1.0}
    assert (await Masterplan.get(id=masterplan.id)).ranking_weights == stored
    field = await make_field(masterplan)
    proposal = await make_proposal(field)
    await add_votes(proposal, StakeholderGroup.CHAMBERS, supports=3, opposes=0)
    await add_votes(proposal, StakeholderGroup.CITIZENS, supports=0, opposes=3)
    await phases.set_ranking_weights(
        masterplan=masterplan, weights={"chambers": "3", "citizens": "1"}, by=by
    )
    expected = (3 * wilson(3, 0) + 1 * wilson(0, 3)) / 4
    assert (await Proposal.get(id=proposal.id)).balanced == pytest.approx(expected)
    with pytest.raises(ValidationFailed) as failed:
        await phases.set_ranking_weights(
            masterplan=masterplan, weights={"chambers": "viel", "citizens": "-1"}, by=by
        )
    assert set(failed.value.errors) == {"weight_chambers", "weight_citizens"}
    zero = {group: "0" for group in ("chambers", "science", "business", "education")}
    zero |= {"administration": "0", "civil_society": "0", "citizens": "0"}
    with pytest.raises(ValidationFailed) as failed:
        await phases.set_ranking_weights(masterplan=masterplan, weights=zero, by=by)
    assert "form" in failed.value.errors
