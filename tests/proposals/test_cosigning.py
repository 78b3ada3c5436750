from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import OrganizationKind, StakeholderGroup
from participation.masterplans.models import Phase
from participation.proposals.models import CoSignature, Proposal
from tests.auth import make_person, post_form, shown, sign_in
from tests.factories import make_field, make_masterplan, make_organization, make_proposal

pytestmark = pytest.mark.usefixtures("db")


async def _gigabit(phase: Phase = Phase.COLLECTION) -> Proposal:
    ihk = await make_organization(slug="ihk-dortmund", name="IHK zu Dortmund")
    field = await make_field(await make_masterplan(phase=phase))
    return await make_proposal(
        field,
        title="Gigabit-Anschluss für alle Gewerbegebiete",
        organization=ihk,
        group=StakeholderGroup.CHAMBERS,
    )


async def test_a_partner_cosigns_in_the_name_of_the_organisation(
    client: httpx.AsyncClient,
) -> None:
    proposal = await _gigabit()
    tu = await make_organization(
        slug="tu-dortmund", name="TU Dortmund", kind=OrganizationKind.UNIVERSITY
    )
    await sign_in(client, await make_person(tu))
    page = (await client.get(f"/proposals/{proposal.id}")).text
    assert (
        shown("Co-sign in the name of %(organization)s") % {"organization": "TU Dortmund"} in page
    )
    response = await post_form(client, f"/proposals/{proposal.id}/cosign", {"action": "cosign"})
    assert response.status_code == 303
    assert (await Proposal.get(id=proposal.id)).cosign_count == 1
    html = (await client.get(f"/proposals/{proposal.id}")).text
    section = html[html.index('id="cosign"') :]
    assert "TU Dortmund" in section
    again = await post_form(client, f"/proposals/{proposal.id}/cosign", {"action": "cosign"})
    assert again.status_code == 303 and await CoSignature.all().count() == 1
    await post_form(client, f"/proposals/{proposal.id}/cosign", {"action": "withdraw"})
    assert (await Proposal.get(id=proposal.id)).cosign_count == 0


async def test_citizens_and_the_authoring_organisation_cannot_cosign(
    client: httpx.AsyncClient,
) -> None:
    proposal = await _gigabit()
    await sign_in(client, await make_person())
    response = await post_form(client, f"/proposals/{proposal.id}/cosign", {"action": "cosign"})
    assert response.status_code == 403
    ihk = await proposal.organization
    assert ihk is not None
    client.cookies.clear()
    await sign_in(client, await make_person(ihk))
    response = await post_form(client, f"/proposals/{proposal.id}/cosign", {"action": "cosign"})
    assert response.status_code == 403
    assert not await CoSignature.exists()


async def test_cosigning_closes_with_the_evaluation(client: httpx.AsyncClient) -> None:
    proposal = await _gigabit(Phase.DRAFTING)
    await sign_in(
        client, await make_person(await make_organization(kind=OrganizationKind.UNIVERSITY))
    )
    response = await post_form(client, f"/proposals/{proposal.id}/cosign", {"action": "cosign"})
    assert response.status_code == 403 and not await CoSignature.exists()
