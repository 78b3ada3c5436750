from __future__ import annotations

from datetime import date

import httpx
import pytest

from participation.accounts.models import Role, StakeholderGroup, User
from participation.masterplans.models import Masterplan, Phase, PhasePeriod
from participation.moderation.models import AuditEntry
from participation.proposals.models import Proposal
from tests.auth import make_person, post_form, shown, sign_in, sign_in_as
from tests.factories import add_votes, make_field, make_masterplan, make_phase_period, make_proposal

pytestmark = pytest.mark.usefixtures("db")


async def planned(client: httpx.AsyncClient, **overrides: object) -> tuple[Masterplan, User]:
    masterplan = await make_masterplan(**overrides)
    planner = await make_person(role=Role.PLANNER)
    await masterplan.planners.add(planner)
    return masterplan, await sign_in(client, planner)


def path(masterplan: Masterplan) -> str:
    return f"/planning/{masterplan.slug}/settings"


async def save(
    client: httpx.AsyncClient, masterplan: Masterplan, data: dict[str, str]
) -> httpx.Response:
    return await post_form(client, path(masterplan), data, token_from=path(masterplan))


async def test_a_planner_sets_the_phase_with_a_reason_for_the_audit_log(
    client: httpx.AsyncClient,
) -> None:
    masterplan, planner = await planned(client, phase=Phase.COLLECTION)
    response = await save(
        client, masterplan, {"action": "phase", "phase": "evaluation", "reason": "Frist vorbei"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{path(masterplan)}#phase"
    assert (await Masterplan.get(id=masterplan.id)).phase == Phase.EVALUATION
    entry = await AuditEntry.get(action="masterplan.set_phase")
    assert (entry.actor_id, entry.reason) == (planner.id, "Frist vorbei")  # type: ignore[attr-defined]
    page = (await client.get(response.headers["location"])).text
    assert shown("Saved.") in page
    assert '<option value="evaluation" selected>' in page


async def test_an_unknown_phase_is_refused_next_to_the_select(client: httpx.AsyncClient) -> None:
    masterplan, _ = await planned(client, phase=Phase.COLLECTION)
    response = await save(client, masterplan, {"action": "phase", "phase": "irgendwann"})
    assert response.status_code == 400
    assert 'id="phase-select-error"' in response.text
    assert shown("Please choose a phase.") in response.text
    assert (await Masterplan.get(id=masterplan.id)).phase == Phase.COLLECTION


async def test_phase_dates_are_stored_and_shown_again(client: httpx.AsyncClient) -> None:
    masterplan, _ = await planned(client)
    response = await save(
        client,
        masterplan,
        {
            "action": "periods",
            "collection_starts_on": "2026-11-01",
            "collection_ends_on": "15.12.2026",  # typed by hand where there is no date picker
            "evaluation_starts_on": "2026-12-16",
        },
    )
    assert response.status_code == 303
    stored = await PhasePeriod.filter(masterplan_id=masterplan.id).order_by("starts_on")
    assert [(p.phase, p.starts_on, p.ends_on) for p in stored] == [
        (Phase.COLLECTION, date(2026, 11, 1), date(2026, 12, 15)),
        (Phase.EVALUATION, date(2026, 12, 16), None),
    ]
    page = (await client.get(path(masterplan))).text
    assert 'name="collection_ends_on" value="2026-12-15"' in page
    assert 'name="evaluation_ends_on" value=""' in page


async def test_every_wrong_date_is_shown_at_once_and_the_old_dates_stay(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await planned(client)
    await make_phase_period(masterplan, phase=Phase.COLLECTION, starts_on=date(2026, 11, 1))
    response = await save(
        client,
        masterplan,
        {
            "action": "periods",
            "collection_starts_on": "2026-11-01",
            "collection_ends_on": "2026-10-01",
            "evaluation_starts_on": "2026-09-01",
        },
    )
    assert response.status_code == 400
    assert 'id="collection_ends_on-error"' in response.text
    assert 'id="evaluation_starts_on-error"' in response.text
    assert shown("The end lies before the start.") in response.text
    assert shown("A phase cannot start before the phase before it.") in response.text
    assert 'name="evaluation_starts_on" value="2026-09-01"' in response.text
    stored = await PhasePeriod.filter(masterplan_id=masterplan.id)
    assert [(p.phase, p.ends_on) for p in stored] == [(Phase.COLLECTION, None)]


async def test_a_date_that_is_no_date_is_refused_next_to_its_field(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await planned(client)
    response = await save(
        client,
        masterplan,
        {
            "action": "periods",
            "collection_starts_on": "im Herbst",
            "drafting_ends_on": "31.02.2027",
        },
    )
    assert response.status_code == 400
    assert 'id="collection_starts_on-error"' in response.text
    assert 'id="drafting_ends_on-error"' in response.text
    assert response.text.count(shown("Please give a date like 31.12.2026.")) == 2
    assert not await PhasePeriod.exists(masterplan_id=masterplan.id)


async def test_weights_take_a_german_decimal_comma_and_rescore_the_proposals(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await planned(client)
    proposal = await make_proposal(await make_field(masterplan))
    await add_votes(proposal, StakeholderGroup.CHAMBERS, 5, 0)
    await add_votes(proposal, StakeholderGroup.CITIZENS, 0, 5)
    before = (await Proposal.get(id=proposal.id)).balanced
    response = await save(
        client, masterplan, {"action": "weights", "weight_chambers": "2,5", "weight_citizens": "0"}
    )
    assert response.status_code == 303
    stored = await Masterplan.get(id=masterplan.id)
    assert stored.ranking_weights == {"chambers": 2.5, "citizens": 0.0}
    assert (await Proposal.get(id=proposal.id)).balanced > before
    page = (await client.get(path(masterplan))).text
    assert 'name="weight_chambers" value="2,5"' in page


async def test_a_wrong_weight_comes_back_with_the_input_and_nothing_is_stored(
    client: httpx.AsyncClient,
) -> None:
    masterplan, _ = await planned(client)
    response = await save(
        client,
        masterplan,
        {"action": "weights", "weight_science": "viel", "weight_business": "101"},
    )
    assert response.status_code == 400
    assert 'id="weight_science-error"' in response.text
    assert 'id="weight_business-error"' in response.text
    assert 'name="weight_science" value="viel"' in response.text
    assert (await Masterplan.get(id=masterplan.id)).ranking_weights is None


async def test_only_the_masterplans_planners_and_admins_change_its_settings(
    client: httpx.AsyncClient,
) -> None:
    masterplan = await make_masterplan(phase=Phase.COLLECTION)
    assert (await client.get(path(masterplan))).status_code == 303  # to sign in
    await sign_in_as(client, Role.PLANNER)
    assert (await client.get(path(masterplan))).status_code == 403
    refused = await post_form(client, path(masterplan), {"action": "phase", "phase": "adopted"})
    assert refused.status_code == 403
    assert (await Masterplan.get(id=masterplan.id)).phase == Phase.COLLECTION
    await sign_in_as(client, Role.ADMIN)
    assert (await client.get(path(masterplan))).status_code == 200
    assert (await client.get("/planning/kein-masterplan/settings")).status_code == 404
    unknown = await post_form(client, path(masterplan), {"action": "delete"})
    assert unknown.status_code == 400
