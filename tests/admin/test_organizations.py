"""The organisation pages of the admins: create, edit, members, invitations."""

from __future__ import annotations

import re

import httpx
from markupsafe import escape

from participation.accounts.models import (
    Invitation,
    Membership,
    MembershipStatus,
    Organization,
    OrganizationKind,
    Role,
    StakeholderGroup,
)
from participation.accounts.services import stakeholder_group_of
from participation.mail.models import OutboxMessage
from tests.auth import post_form, shown, sign_in_as
from tests.conftest import QueryCounter
from tests.factories import make_organization, make_user


async def test_creating_an_organisation_saves_it_and_opens_its_page(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    response = await post_form(
        client,
        "/admin/organizations",
        {
            "name": "Fraunhofer ISST",
            "slug": "fraunhofer-isst",
            "kind": "research_institute",
            "description": "Institut für Software- und Systemtechnik",
            "verified": "on",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/organizations/fraunhofer-isst"
    organization = await Organization.get(slug="fraunhofer-isst")
    assert organization.name == "Fraunhofer ISST"
    assert organization.kind == OrganizationKind.RESEARCH_INSTITUTE
    assert organization.stakeholder_group == StakeholderGroup.SCIENCE
    assert organization.verified
    assert (await client.get(response.headers["location"])).status_code == 200


async def test_a_taken_address_is_refused_next_to_the_field_with_the_input_kept(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await make_organization(slug="ihk-dortmund", name="IHK zu Dortmund")
    response = await post_form(
        client,
        "/admin/organizations",
        {
            "name": "Industrie- und Handelskammer",
            "slug": "ihk-dortmund",
            "kind": "chamber",
            "description": "Die Kammer für Dortmund",
        },
    )
    assert response.status_code == 400
    error = re.search(r'<p class="kern-error" id="slug-error".*?</p>', response.text, re.S)
    assert error is not None
    assert shown("Another organisation has this address already. Choose another one.") in (
        error.group(0)
    )
    assert 'value="Industrie- und Handelskammer"' in response.text
    assert 'value="ihk-dortmund"' in response.text
    assert "Die Kammer für Dortmund</textarea>" in response.text
    assert await Organization.filter(slug="ihk-dortmund").count() == 1


async def test_a_malformed_address_and_a_missing_name_are_refused(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    response = await post_form(
        client, "/admin/organizations", {"name": "", "slug": "Fraunhofer ISST!", "kind": "chamber"}
    )
    assert response.status_code == 400
    assert 'id="slug-error"' in response.text and 'id="name-error"' in response.text
    assert not await Organization.exists()


async def test_the_list_shows_kind_group_verification_and_member_counts(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    await sign_in_as(client, Role.ADMIN)
    tu = await make_organization(name="TU Dortmund", kind=OrganizationKind.UNIVERSITY)
    new = await make_organization(
        name="Neuer Verein", kind=OrganizationKind.CIVIL_SOCIETY, verified=False
    )
    for _ in range(3):
        await make_user(tu)
    await Membership.create(user=await make_user(), organization=new)

    before = count_queries.count
    text = (await client.get("/admin/organizations")).text
    assert count_queries.count - before <= 5  # session, site settings (admins' warning),
    # the header's masterplans, the list
    row = re.search(r"TU Dortmund</a></td>.*?</tr>", text, re.S)
    assert row is not None
    assert str(escape(OrganizationKind.UNIVERSITY.label)) in row.group(0)
    assert shown(StakeholderGroup.SCIENCE.label) in row.group(0)
    assert re.findall(r'numeric">(\d+)</td>', row.group(0)) == ["3", "0"]
    awaiting = (await client.get("/admin/organizations?show=awaiting")).text
    assert "Neuer Verein" in awaiting and "TU Dortmund" not in awaiting


async def test_editing_an_organisation_saves_it(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    organization = await make_organization(
        slug="neuer-verein", verified=False, kind=OrganizationKind.CIVIL_SOCIETY
    )
    response = await post_form(
        client,
        "/admin/organizations/neuer-verein",
        {
            "action": "details",
            "name": "Digitale Werkstatt e. V.",
            "kind": "education_network",
            "description": "Lernort",
            "verified": "on",
        },
    )
    assert response.status_code == 303
    await organization.refresh_from_db()
    assert organization.name == "Digitale Werkstatt e. V."
    assert organization.kind == OrganizationKind.EDUCATION_NETWORK
    assert organization.verified and organization.description == "Lernort"


async def test_editing_with_an_empty_name_keeps_the_input(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    await make_organization(slug="tu-dortmund", name="TU Dortmund")
    response = await post_form(
        client,
        "/admin/organizations/tu-dortmund",
        {"action": "details", "name": "", "kind": "university", "description": "Neu"},
    )
    assert response.status_code == 400
    assert 'id="name-error"' in response.text
    assert "Neu</textarea>" in response.text


async def test_confirming_a_member_makes_them_a_partner_in_the_organisations_group(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    ihk = await make_organization(slug="ihk-dortmund", kind=OrganizationKind.CHAMBER)
    person = await make_user()
    membership = await Membership.create(user=person, organization=ihk)
    page = (await client.get("/admin/organizations/ihk-dortmund")).text
    assert person.display_name in page

    response = await post_form(
        client,
        "/admin/organizations/ihk-dortmund",
        {"action": "confirm", "membership": str(membership.id)},
    )
    assert response.status_code == 303
    await membership.refresh_from_db()
    await person.refresh_from_db()
    assert membership.status == MembershipStatus.CONFIRMED
    assert person.role == Role.PARTNER
    assert await stakeholder_group_of(person) == StakeholderGroup.CHAMBERS


async def test_declining_a_request_removes_it(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    ihk = await make_organization(slug="ihk-dortmund")
    membership = await Membership.create(user=await make_user(), organization=ihk)
    response = await post_form(
        client,
        "/admin/organizations/ihk-dortmund",
        {"action": "decline", "membership": str(membership.id)},
    )
    assert response.status_code == 303
    assert not await Membership.exists(id=membership.id)


async def test_a_confirmed_member_can_be_made_organisation_admin(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    ihk = await make_organization(slug="ihk-dortmund")
    person = await make_user(ihk)
    response = await post_form(
        client,
        "/admin/organizations/ihk-dortmund",
        {"action": "make_admin", "membership": str((await Membership.get(user_id=person.id)).id)},
    )
    assert response.status_code == 303
    assert (await Membership.get(user_id=person.id)).is_admin


async def test_a_membership_of_another_organisation_is_not_found_here(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await make_organization(slug="ihk-dortmund")
    other = await make_organization(slug="hwk-dortmund")
    membership = await Membership.create(user=await make_user(), organization=other)
    response = await post_form(
        client,
        "/admin/organizations/ihk-dortmund",
        {"action": "confirm", "membership": str(membership.id)},
    )
    assert response.status_code == 404
    await membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


async def test_inviting_a_person_queues_a_mail_with_the_invitation_link(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    await make_organization(slug="fraunhofer-isst", name="Fraunhofer ISST")
    response = await post_form(
        client,
        "/admin/organizations/fraunhofer-isst",
        {"action": "invite", "email": "Jana.Berger@isst.fraunhofer.de", "make_admin": "on"},
    )
    assert response.status_code == 303

    mail = await OutboxMessage.get(recipient="jana.berger@isst.fraunhofer.de")
    assert re.search(r"http://127\.0\.0\.1:8000/account/invitation/\S+", mail.body)
    invitation = await Invitation.get(email="jana.berger@isst.fraunhofer.de")
    assert invitation.make_admin
    assert (await invitation.invited_by) == admin
    page = (await client.get("/admin/organizations/fraunhofer-isst")).text
    assert "jana.berger@isst.fraunhofer.de" in page


async def test_an_invitation_to_a_malformed_address_is_refused(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    await make_organization(slug="fraunhofer-isst")
    response = await post_form(
        client,
        "/admin/organizations/fraunhofer-isst",
        {"action": "invite", "email": "keine-adresse"},
    )
    assert response.status_code == 400
    assert 'id="email-error"' in response.text and 'value="keine-adresse"' in response.text
    assert not await OutboxMessage.exists()
