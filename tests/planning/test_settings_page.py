"""The settings page of a masterplan: each section saves on its own, a refused one comes back
with the input and its errors and stores nothing, and each is for the people it is for."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pytest

from participation.accounts.models import Role, StakeholderGroup, User
from participation.masterplans.models import Masterplan, Phase, PhasePeriod
from participation.moderation.models import AuditEntry
from participation.notifications.models import Notification
from participation.notifications.services import follow
from participation.proposals.models import Proposal
from tests.auth import csrf_token, make_person, post_form, shown, sign_in, sign_in_as
from tests.bad_input_helpers import REFUSAL_RECORDS, changed_tables, database_state
from tests.conftest import QueryCounter
from tests.factories import add_votes, make_field, make_masterplan, make_phase_period, make_proposal

pytestmark = pytest.mark.usefixtures("db")


async def planned(client: httpx.AsyncClient, **overrides: object) -> tuple[Masterplan, User]:
    masterplan = await make_masterplan(**overrides)
    planner = await make_person(role=Role.PLANNER, display_name="Petra Plan")
    await masterplan.planners.add(planner)
    return masterplan, await sign_in(client, planner)


def path(masterplan: Masterplan, section: str = "") -> str:
    base = f"/planning/{masterplan.slug}/settings"
    return f"{base}/{section}" if section else base


async def save(
    client: httpx.AsyncClient, masterplan: Masterplan, section: str, data: dict[str, str]
) -> httpx.Response:
    return await post_form(client, path(masterplan, section), data, token_from=path(masterplan))


async def refused(
    client: httpx.AsyncClient, masterplan: Masterplan, section: str, data: dict[str, str]
) -> httpx.Response:
    """Post a section that must be refused: a 400 page, and not one value stored."""
    token = await csrf_token(client, path(masterplan))
    before = await database_state()
    response = await client.post(path(masterplan, section), data={**data, "csrf_token": token})
    assert response.status_code == 400
    assert changed_tables(before, await database_state(), ignore=REFUSAL_RECORDS) == []
    if not masterplan.is_archived:
        assert shown("Nothing was saved. Please check the fields marked below.") in response.text
    return response


# The current phase -----------------------------------------------------------------------


async def test_a_planner_sets_the_phase_with_a_reason_and_tells_the_followers(
    client: httpx.AsyncClient,
) -> None:
    masterplan, planner = await planned(client, phase=Phase.COLLECTION)
    follower = await make_person()
    await follow(user=follower, proposal=await make_proposal(await make_field(masterplan)))
    response = await save(
        client,
        masterplan,
        "phase",
        {"phase": "evaluation", "reason": "Frist vorbei", "notify": "on"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{path(masterplan)}#phase"
    assert (await Masterplan.get(id=masterplan.id)).phase == Phase.EVALUATION
    entry = await AuditEntry.get(action="masterplan.set_phase")
    assert (entry.actor_id, entry.reason) == (planner.id, "Frist vorbei")  # type: ignore[attr-defined]
    assert await Notification.filter(user_id=follower.id).count() == 1
    page = (await client.get(response.headers["location"])).text
    assert shown("Saved.") in page
    assert '<option value="evaluation" selected>' in page


async def test_the_phase_is_set_without_telling_anyone_when_the_box_is_cleared(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await planned(client, phase=Phase.COLLECTION)
    follower = await make_person()
    await follow(user=follower, proposal=await make_proposal(await make_field(masterplan)))
    assert (await save(client, masterplan, "phase", {"phase": "drafting"})).status_code == 303
    assert (await Masterplan.get(id=masterplan.id)).phase == Phase.DRAFTING
    assert not await Notification.exists()


async def test_the_phase_list_offers_only_the_chosen_phases(client: httpx.AsyncClient) -> None:
    masterplan, _ = await planned(
        client, phase=Phase.COLLECTION, phases=["preparation", "collection", "adopted"]
    )
    page = (await client.get(path(masterplan))).text
    select = page[page.index('id="phase-select"') : page.index("</select>")]
    assert select.count("<option") == 3
    assert 'value="evaluation"' not in select
    response = await refused(client, masterplan, "phase", {"phase": "evaluation"})
    assert (
        shown("This masterplan does not use this phase. Choose it first under “Phases and dates”.")
        in response.text
    )


async def test_an_unknown_phase_is_refused_next_to_the_select(client: httpx.AsyncClient) -> None:
    masterplan, _ = await planned(client, phase=Phase.COLLECTION)
    response = await refused(client, masterplan, "phase", {"phase": "irgendwann"})
    assert 'id="phase-select-error"' in response.text
    assert shown("Please choose a phase.") in response.text


# Phases and dates ------------------------------------------------------------------------


async def test_phases_and_dates_are_stored_and_shown_again(client: httpx.AsyncClient) -> None:
    masterplan, _ = await planned(client, phase=Phase.PREPARATION)
    response = await save(
        client,
        masterplan,
        "process",
        {
            "use_collection": "on",
            "use_drafting": "on",
            "collection_starts_on": "2026-11-01",
            "collection_ends_on": "15.12.2026",  # typed by hand where there is no date picker
            "collection_auto_switch": "on",
            "drafting_starts_on": "2026-12-16",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{path(masterplan)}#process"
    stored = await Masterplan.get(id=masterplan.id)
    assert stored.used_phases == [
        Phase.PREPARATION,
        Phase.COLLECTION,
        Phase.DRAFTING,
        Phase.ADOPTED,
    ]
    periods = await PhasePeriod.filter(masterplan_id=masterplan.id).order_by("starts_on")
    assert [(p.phase, p.starts_on, p.ends_on, p.auto_switch) for p in periods] == [
        (Phase.COLLECTION, date(2026, 11, 1), date(2026, 12, 15), True),
        (Phase.DRAFTING, date(2026, 12, 16), None, False),
    ]
    page = (await client.get(path(masterplan))).text
    assert 'name="collection_ends_on" value="2026-12-15"' in page
    assert 'id="collection_auto_switch" name="collection_auto_switch" checked' in page
    assert 'id="use_evaluation" name="use_evaluation">' in page  # not chosen
    assert 'name="use_preparation"' not in page  # preparation and adoption always belong
    assert page.count(shown("Always part of the process.")) == 2
    assert 'name="preparation_auto_switch"' not in page
    public = (await client.get(f"/masterplans/{masterplan.slug}")).text
    timeline = public[public.index('class="timeline"') :]
    timeline = timeline[: timeline.index("</ol>")]
    assert shown("Drafting") in timeline and shown("Evaluation") not in timeline


async def test_every_wrong_date_is_shown_at_once_and_nothing_is_stored(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await planned(client, phase=Phase.PREPARATION)
    await make_phase_period(masterplan, phase=Phase.COLLECTION, starts_on=date(2026, 11, 1))
    response = await refused(
        client,
        masterplan,
        "process",
        {
            "use_collection": "on",
            "use_evaluation": "on",
            "collection_starts_on": "2026-11-01",
            "collection_ends_on": "2026-10-01",
            "evaluation_starts_on": "2026-09-01",
            "consultation_starts_on": "2027-03-01",
        },
    )
    for field in ("collection_ends_on", "evaluation_starts_on", "consultation_starts_on"):
        assert f'id="{field}-error"' in response.text, field
    assert shown("The end lies before the start.") in response.text
    assert shown("A phase cannot start before the phase before it.") in response.text
    assert (
        shown("This phase is not part of the process: choose it or leave its dates empty.")
        in response.text
    )
    assert 'name="evaluation_starts_on" value="2026-09-01"' in response.text
    assert 'name="use_evaluation" checked' in response.text


async def test_a_date_that_is_no_date_is_refused_next_to_its_field(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await planned(client)
    response = await refused(
        client,
        masterplan,
        "process",
        {
            "use_collection": "on",
            "use_drafting": "on",
            "collection_starts_on": "im Herbst",
            "drafting_ends_on": "31.02.2027",
        },
    )
    assert 'id="collection_starts_on-error"' in response.text
    assert 'id="drafting_ends_on-error"' in response.text
    assert response.text.count(shown("Please give a date like 31.12.2026.")) == 2
    assert 'name="collection_starts_on" value="im Herbst"' in response.text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        pytest.param(
            {},
            "phases",
            "Please choose at least one phase in which people take part: collecting "
            "proposals, evaluation or consultation.",
            id="no phases chosen",
        ),
        pytest.param(
            {"use_consultation": "on"},
            "use_collection",
            "The masterplan is in this phase now. Set another phase first, then leave this "
            "one out.",
            id="the current phase removed",
        ),
    ],
)
async def test_a_choice_of_phases_that_cannot_run_is_refused(
    client: httpx.AsyncClient, data: dict[str, str], field: str, message: str
) -> None:
    masterplan, _ = await planned(client, phase=Phase.COLLECTION)
    response = await refused(client, masterplan, "process", data)
    assert f'id="{field}-error"' in response.text
    assert shown(message) in response.text


# Moderation ------------------------------------------------------------------------------


async def test_planners_and_moderators_choose_what_waits_for_moderation(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await planned(client)
    response = await save(
        client,
        masterplan,
        "moderation",
        {"premoderated_citizens": "on", "premoderated_business": "on", "report_threshold": "5"},
    )
    assert response.headers["location"] == f"{path(masterplan)}#moderation"
    stored = await Masterplan.get(id=masterplan.id)
    assert (stored.premoderated_groups, stored.report_threshold) == (["business", "citizens"], 5)
    entry = await AuditEntry.get(action="masterplan.moderation_settings")
    assert entry.details["after"] == (
        "Vorabprüfung: Unternehmen und Verbände, Bürgerinnen und Bürger; ausgeblendet nach "
        "5 Meldungen"
    )
    client.cookies.clear()
    await sign_in_as(client, Role.MODERATOR)
    assert (await client.get(path(masterplan))).status_code == 200
    await save(client, masterplan, "moderation", {"report_threshold": "3"})
    stored = await Masterplan.get(id=masterplan.id)
    assert (stored.premoderated_groups, stored.report_threshold) == ([], 3)


async def test_the_old_address_of_the_moderation_settings_still_saves(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan()
    await sign_in_as(client, Role.MODERATOR)
    response = await post_form(
        client,
        f"/moderation/settings/{masterplan.slug}",
        {"premoderated": "science", "report_threshold": "4"},
        token_from="/moderation/pending",
    )
    assert response.status_code == 303
    stored = await Masterplan.get(id=masterplan.id)
    assert (stored.premoderated_groups, stored.report_threshold) == (["science"], 4)


@pytest.mark.parametrize("threshold", ["0", "1000000000", "drei", "-1", ""])
async def test_a_report_threshold_out_of_bounds_is_refused_with_the_input_kept(
    client: httpx.AsyncClient, threshold: str
) -> None:
    masterplan, _ = await planned(client)
    response = await refused(
        client,
        masterplan,
        "moderation",
        {"premoderated_citizens": "on", "report_threshold": threshold},
    )
    assert 'id="report_threshold-error"' in response.text
    assert shown("Please give a whole number from 1 to %(max)s.") % {"max": 100} in response.text
    assert f'name="report_threshold" value="{threshold}"' in response.text
    assert 'name="premoderated_citizens" checked' in response.text


# Weights ---------------------------------------------------------------------------------


async def test_weights_take_a_german_decimal_comma_and_rescore_the_proposals(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await planned(client)
    proposal = await make_proposal(await make_field(masterplan))
    await add_votes(proposal, StakeholderGroup.CHAMBERS, 5, 0)
    await add_votes(proposal, StakeholderGroup.CITIZENS, 0, 5)
    before = (await Proposal.get(id=proposal.id)).balanced
    response = await save(
        client, masterplan, "weights", {"weight_chambers": "2,5", "weight_citizens": "0"}
    )
    assert response.status_code == 303
    stored = await Masterplan.get(id=masterplan.id)
    assert stored.ranking_weights == {"chambers": 2.5, "citizens": 0.0}
    assert (await Proposal.get(id=proposal.id)).balanced > before
    page = (await client.get(path(masterplan))).text
    assert 'name="weight_chambers" value="2,5"' in page
    entry = await AuditEntry.get(action="masterplan.set_ranking_weights")
    assert (entry.details["before"], entry.details["after"]) == (
        "Kammern 1, Bürgerinnen und Bürger 1",
        "Kammern 2,5, Bürgerinnen und Bürger 0",
    )


async def test_a_wrong_weight_comes_back_with_the_input_and_nothing_is_stored(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await planned(client)
    response = await refused(
        client,
        masterplan,
        "weights",
        {"weight_science": "viel", "weight_business": "-1", "weight_citizens": "2"},
    )
    assert 'id="weight_science-error"' in response.text
    assert 'id="weight_business-error"' in response.text
    assert shown("A weight is a number.") in response.text
    assert 'name="weight_science" value="viel"' in response.text
    assert 'name="weight_citizens" value="2"' in response.text


async def test_a_refused_section_leaves_the_others_as_stored(client: httpx.AsyncClient) -> None:
    masterplan, _ = await planned(client, phase=Phase.EVALUATION, report_threshold=7)
    response = await refused(client, masterplan, "weights", {"weight_science": "viel"})
    assert '<option value="evaluation" selected>' in response.text
    assert 'name="report_threshold" value="7"' in response.text


# Planners --------------------------------------------------------------------------------


async def test_an_admin_adds_and_removes_a_planner_and_the_log_names_them(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(title="Masterplan Digitale Gesundheit")
    newcomer = await make_person(role=Role.PLANNER, display_name="Nora Neu")
    await sign_in_as(client, Role.ADMIN)
    page = (await client.get(path(masterplan))).text
    assert f'<option value="{newcomer.id}"' in page
    response = await save(client, masterplan, "planners", {"planner": str(newcomer.id)})
    assert response.headers["location"] == f"{path(masterplan)}#planners"
    assert [p.id for p in await masterplan.planners.all()] == [newcomer.id]
    added = await AuditEntry.get(action="masterplan.add_planner")
    assert added.details == {
        "name": "Masterplan Digitale Gesundheit",
        "person": "Nora Neu",
        "before": "keine",
        "after": "Nora Neu",
    }
    page = (await client.get(path(masterplan))).text
    assert f'action="{path(masterplan)}/planners/{newcomer.id}/delete#planners"' in page
    await save(client, masterplan, f"planners/{newcomer.id}/delete", {})
    assert await masterplan.planners.all().count() == 0
    assert await AuditEntry.exists(action="masterplan.remove_planner")


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.MODERATOR])
async def test_a_person_without_the_planner_role_is_refused_as_planner(
    client: httpx.AsyncClient, role: Role
) -> None:
    masterplan = await make_masterplan()
    person = await make_person(role=role)
    await sign_in_as(client, Role.ADMIN)
    response = await refused(client, masterplan, "planners", {"planner": str(person.id)})
    assert 'id="planner-error"' in response.text
    assert (
        shown(
            "Only people with the planner role can plan a masterplan. Give the person that "
            "role on their page in the administration first."
        )
        in response.text
    )


async def test_planners_see_who_plans_with_them_but_do_not_choose(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await planned(client)
    colleague = await make_person(role=Role.PLANNER, display_name="Karl Kollege")
    await masterplan.planners.add(colleague)
    page = (await client.get(path(masterplan))).text
    assert "Karl Kollege" in page and colleague.email not in page
    assert "/planners/" not in page
    assert shown("Administrators choose the planners.") in page
    response = await save(client, masterplan, f"planners/{colleague.id}/delete", {})
    assert response.status_code == 403
    assert await masterplan.planners.all().count() == 2


# Who may ---------------------------------------------------------------------------------


async def test_only_its_planners_admins_and_moderators_open_the_settings(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(phase=Phase.COLLECTION)
    assert (await client.get(path(masterplan))).status_code == 303  # to sign in
    await sign_in_as(client, Role.PLANNER)  # a planner of other masterplans
    assert (await client.get(path(masterplan))).status_code == 403
    denied = await save(client, masterplan, "phase", {"phase": "adopted"})
    assert denied.status_code == 403
    assert (await Masterplan.get(id=masterplan.id)).phase == Phase.COLLECTION
    client.cookies.clear()
    await sign_in_as(client, Role.MODERATOR)
    page = (await client.get(path(masterplan))).text
    assert f'action="{path(masterplan)}/moderation#moderation"' in page
    assert "/settings/phase" not in page and "/settings/weights" not in page
    moderator = await save(client, masterplan, "phase", {"phase": "adopted"})
    assert moderator.status_code == 403
    client.cookies.clear()
    await sign_in_as(client, Role.ADMIN)
    assert (await client.get(path(masterplan))).status_code == 200
    assert (await client.get("/planning/kein-masterplan/settings")).status_code == 404


async def test_the_page_needs_as_many_queries_for_many_planners_and_dates_as_for_few(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    async def queries_for(planners: int, periods: int) -> int:
        masterplan = await make_masterplan()
        for _ in range(planners):
            await masterplan.planners.add(await make_person(role=Role.PLANNER))
        for phase, day in list(zip(Phase, range(1, 7), strict=True))[:periods]:
            await make_phase_period(masterplan, phase=phase, starts_on=date(2027, 1, day))
        before = count_queries.count
        assert (await client.get(path(masterplan))).status_code == 200
        return count_queries.count - before

    await sign_in_as(client, Role.ADMIN)
    assert await queries_for(1, 1) == await queries_for(6, 6)


async def test_an_archived_masterplans_settings_are_shown_but_not_changed(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await planned(client, phase=Phase.ADOPTED, archived_at=datetime.now(UTC))
    page = (await client.get(path(masterplan))).text
    assert (
        shown(
            "This masterplan is archived: its settings are shown as they are. Restore it to "
            "change them."
        )
        in page
    )
    assert f'action="{path(masterplan)}/' not in page  # no section has a form
    response = await refused(client, masterplan, "phase", {"phase": "collection"})
    assert f'action="{path(masterplan)}/' not in response.text
