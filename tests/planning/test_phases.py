from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from participation.accounts.models import Role
from participation.forms import ValidationFailed
from participation.i18n import language
from participation.masterplans.models import Masterplan, Phase, PhasePeriod
from participation.moderation.models import AuditEntry
from participation.notifications.models import Notification, NotificationKind
from participation.notifications.services import follow
from participation.planning import phases
from participation.planning.phases import Period
from participation.proposals.models import ProposalStatus
from tests.factories import make_field, make_masterplan, make_proposal, make_user

pytestmark = pytest.mark.usefixtures("db")

SHORT = ["preparation", "collection", "drafting", "adopted"]  # no evaluation, no consultation


async def test_setting_the_phase_is_stored_and_audited() -> None:
    masterplan, by = (
        await make_masterplan(phase=Phase.COLLECTION, title="Masterplan Digitale Bildung"),
        await make_user(role=Role.PLANNER),
    )
    await phases.set_phase(masterplan=masterplan, phase="evaluation", by=by, reason="Frist vorbei")
    assert (await Masterplan.get(id=masterplan.id)).phase == Phase.EVALUATION
    entry = await AuditEntry.get(action="masterplan.set_phase")
    assert (entry.details, entry.reason) == (
        {"name": "Masterplan Digitale Bildung", "from": "collection", "to": "evaluation"},
        "Frist vorbei",
    )
    with pytest.raises(ValidationFailed):
        await phases.set_phase(masterplan=masterplan, phase="someday", by=by)


async def test_a_phase_the_masterplan_does_not_use_cannot_be_set() -> None:
    masterplan = await make_masterplan(phase=Phase.COLLECTION, phases=SHORT)
    with pytest.raises(ValidationFailed) as failed:
        await phases.set_phase(
            masterplan=masterplan, phase="evaluation", by=await make_user(role=Role.PLANNER)
        )
    assert set(failed.value.errors) == {"phase"}
    assert (await Masterplan.get(id=masterplan.id)).phase == Phase.COLLECTION


async def test_a_planner_may_tell_the_followers_of_a_phase_set_by_hand() -> None:
    masterplan = await make_masterplan(phase=Phase.COLLECTION)
    planner = await make_user(role=Role.PLANNER)
    reader = await make_user(language="en")
    proposal = await make_proposal(await make_field(masterplan))
    for person in (reader, planner):
        await follow(user=person, proposal=proposal)
    await phases.set_phase(masterplan=masterplan, phase="evaluation", by=planner)
    assert not await Notification.exists()
    await phases.set_phase(masterplan=masterplan, phase="drafting", by=planner, tell_followers=True)
    told = await Notification.all()
    assert [(n.user_id, n.kind) for n in told] == [(reader.id, NotificationKind.PHASE_CHANGED)]  # type: ignore[attr-defined]
    assert "is now in the phase “Drafting”" in told[0].text


async def test_chosen_phases_and_their_dates_are_stored_with_the_automatic_switch() -> None:
    masterplan, by = await make_masterplan(), await make_user(role=Role.PLANNER)
    with language("en"):  # the audit keeps the words of whoever changed it
        await phases.set_process(
            masterplan=masterplan,
            phases=["collection", "drafting"],
            periods={
                Phase.COLLECTION: Period(date(2026, 11, 1), date(2027, 1, 31), auto_switch=True),
                Phase.DRAFTING: Period(date(2027, 2, 1)),
            },
            by=by,
        )
    stored = await Masterplan.get(id=masterplan.id)
    assert stored.phases == SHORT
    assert stored.used_phases == [Phase(p) for p in SHORT]
    periods = await PhasePeriod.filter(masterplan_id=masterplan.id).order_by("starts_on")
    assert [(p.phase, p.starts_on, p.ends_on, p.auto_switch) for p in periods] == [
        (Phase.COLLECTION, date(2026, 11, 1), date(2027, 1, 31), True),
        (Phase.DRAFTING, date(2027, 2, 1), None, False),
    ]
    chosen = await AuditEntry.get(action="masterplan.set_phases")
    assert chosen.details["after"] == (
        "Preparation, Collecting proposals, Drafting, Adopted by the council"
    )
    dates = await AuditEntry.get(action="masterplan.set_phase_periods")
    assert dates.details["before"] == (
        "Collecting proposals: not announced; Drafting: not announced"
    )
    assert dates.details["after"] == (
        "Collecting proposals: 1 November 2026 – 31 January 2027, switching automatically; "
        "Drafting: from 1 February 2027"
    )


async def test_dates_saved_again_unchanged_keep_a_switch_that_happened() -> None:
    masterplan, by = await make_masterplan(), await make_user(role=Role.PLANNER)
    switched = datetime(2026, 10, 31, 23, 0, tzinfo=UTC)
    await PhasePeriod.create(
        masterplan=masterplan,
        phase=Phase.COLLECTION,
        starts_on=date(2026, 11, 1),
        auto_switch=True,
        switched_at=switched,
    )
    kept = {Phase.COLLECTION: Period(date(2026, 11, 1), auto_switch=True)}
    await phases.set_phase_periods(
        masterplan=masterplan, periods={**kept, Phase.EVALUATION: Period(date(2027, 2, 1))}, by=by
    )
    row = await PhasePeriod.get(masterplan_id=masterplan.id, phase=Phase.COLLECTION)
    assert row.switched_at == switched
    moved = {Phase.COLLECTION: Period(date(2026, 12, 1), auto_switch=True)}
    await phases.set_phase_periods(masterplan=masterplan, periods=moved, by=by)
    row = await PhasePeriod.get(masterplan_id=masterplan.id, phase=Phase.COLLECTION)
    assert row.switched_at is None  # a new date is a new announcement
    assert not await PhasePeriod.exists(masterplan_id=masterplan.id, phase=Phase.EVALUATION)


async def test_saving_what_is_stored_records_nothing() -> None:
    masterplan, by = await make_masterplan(), await make_user(role=Role.PLANNER)
    periods = {Phase.COLLECTION: Period(date(2026, 11, 1))}
    await phases.set_process(masterplan=masterplan, phases=SHORT, periods=periods, by=by)
    await phases.set_process(masterplan=masterplan, phases=SHORT, periods=periods, by=by)
    assert await AuditEntry.all().count() == 2  # the phases and the dates, once


async def test_phase_periods_out_of_order_report_every_error_and_keep_the_old_dates() -> None:
    masterplan, by = await make_masterplan(), await make_user(role=Role.PLANNER)
    await phases.set_phase_periods(
        masterplan=masterplan, periods={Phase.COLLECTION: Period(date(2026, 11, 1))}, by=by
    )
    with language("en"), pytest.raises(ValidationFailed) as failed:
        await phases.set_phase_periods(
            masterplan=masterplan,
            periods={
                Phase.COLLECTION: Period(date(2026, 11, 1), date(2026, 10, 1)),
                Phase.EVALUATION: Period(date(2026, 10, 1)),
                Phase.DRAFTING: Period(None, date(2027, 3, 1)),
                Phase.CONSULTATION: Period(auto_switch=True),
            },
            by=by,
        )
    assert failed.value.errors == {
        "collection_ends_on": "The end lies before the start.",
        "evaluation_starts_on": "A phase cannot start before the phase before it.",
        "drafting_starts_on": "Please give the start date too.",
        "consultation_starts_on": "An automatic switch needs a start date.",
    }
    assert await PhasePeriod.filter(masterplan_id=masterplan.id).count() == 1


async def test_a_phase_cannot_start_before_the_one_before_it_ends() -> None:
    masterplan = await make_masterplan()
    with language("en"), pytest.raises(ValidationFailed) as failed:
        await phases.set_phase_periods(
            masterplan=masterplan,
            periods={
                Phase.COLLECTION: Period(date(2026, 11, 1), date(2027, 1, 31)),
                Phase.EVALUATION: Period(date(2027, 1, 15)),
            },
            by=await make_user(role=Role.PLANNER),
        )
    assert failed.value.errors == {
        "evaluation_starts_on": "A phase cannot start before the phase before it ends "
        "(31 January 2027)."
    }


async def test_the_order_counts_across_the_chosen_phases_only() -> None:
    masterplan, by = await make_masterplan(), await make_user(role=Role.PLANNER)
    await phases.set_process(
        masterplan=masterplan,
        phases=SHORT,
        periods={
            Phase.COLLECTION: Period(date(2026, 11, 1), date(2027, 1, 31)),
            Phase.DRAFTING: Period(date(2027, 2, 1)),
        },
        by=by,
    )
    assert await PhasePeriod.filter(masterplan_id=masterplan.id).count() == 2


@pytest.mark.parametrize(
    ("chosen", "periods", "errors", "current"),
    [
        pytest.param(
            SHORT,
            {Phase.EVALUATION: Period(date(2027, 2, 1))},
            {
                "evaluation_starts_on": "This phase is not part of the process: choose it or "
                "leave its dates empty."
            },
            Phase.PREPARATION,
            id="a date for an unchosen phase",
        ),
        pytest.param(
            [],
            {},
            {
                "phases": "Please choose at least one phase in which people take part: "
                "collecting proposals, evaluation or consultation."
            },
            Phase.PREPARATION,
            id="no phases chosen",
        ),
        pytest.param(
            ["preparation", "adopted", "drafting"],
            {},
            {
                "phases": "Please choose at least one phase in which people take part: "
                "collecting proposals, evaluation or consultation."
            },
            Phase.PREPARATION,
            id="no phase to take part in",
        ),
        pytest.param(
            ["evaluation"],
            {},
            {
                "use_evaluation": "The evaluation weighs the proposals collected before it: "
                "choose the collection too, or leave the evaluation out."
            },
            Phase.PREPARATION,
            id="evaluation without collection",
        ),
        pytest.param(
            ["consultation"],
            {},
            {
                "use_collection": "The masterplan is in this phase now. Set another phase "
                "first, then leave this one out."
            },
            Phase.COLLECTION,
            id="the current phase left out",
        ),
        pytest.param(
            ["collection", "irgendwann"],
            {},
            {"phases": "Please choose from the phases listed."},
            Phase.PREPARATION,
            id="an unknown phase",
        ),
    ],
)
async def test_a_wrong_choice_of_phases_is_refused_and_nothing_changes(
    chosen: list[str], periods: dict[Phase, Period], errors: dict[str, str], current: Phase
) -> None:
    masterplan = await make_masterplan(phase=current)
    with language("en"), pytest.raises(ValidationFailed) as failed:
        await phases.set_process(
            masterplan=masterplan,
            phases=chosen,
            periods=periods,
            by=await make_user(role=Role.PLANNER),
        )
    assert failed.value.errors == errors
    stored = await Masterplan.get(id=masterplan.id)
    assert stored.phases is None
    assert not await PhasePeriod.exists()
    assert not await AuditEntry.exists()


async def test_preparation_and_adoption_are_always_chosen() -> None:
    masterplan = await make_masterplan(phase=Phase.PREPARATION)
    await phases.set_process(
        masterplan=masterplan,
        phases=["consultation"],
        periods={},
        by=await make_user(role=Role.PLANNER),
    )
    assert (await Masterplan.get(id=masterplan.id)).used_phases == [
        Phase.PREPARATION,
        Phase.CONSULTATION,
        Phase.ADOPTED,
    ]


async def test_followers_are_told_once_each_however_many_proposals_they_follow() -> None:
    from participation.planning.phase_switch import notify_followers

    masterplan = await make_masterplan(phase=Phase.EVALUATION, title="Masterplan Digitale Bildung")
    field = await make_field(masterplan)
    first, second = await make_proposal(field), await make_proposal(field)
    hidden = await make_proposal(field, status=ProposalStatus.HIDDEN)
    elsewhere = await make_proposal(await make_field())
    german, english, only_hidden, other = (
        await make_user(language="de"),
        await make_user(language="en"),
        await make_user(),
        await make_user(),
    )
    for person, proposal in [
        (german, second),
        (german, first),
        (english, second),
        (only_hidden, hidden),
        (other, elsewhere),
    ]:
        await follow(user=person, proposal=proposal)
    assert await notify_followers(masterplan=masterplan) == 2
    told = {n.user_id: n for n in await Notification.all()}  # type: ignore[attr-defined]
    assert set(told) == {german.id, english.id}
    assert told[german.id].proposal_id == first.id  # type: ignore[attr-defined]
    assert told[german.id].text == (
        "„Masterplan Digitale Bildung“ ist jetzt in der Phase „Auswertung“. Keine neuen "
        "Vorschläge; Kommentare und Abstimmungen bleiben bis zum Ende der Auswertung offen."
    )
    assert told[english.id].text.startswith(
        "“Masterplan Digitale Bildung” is now in the phase “Evaluation”."
    )
