"""The members page of an organisation: its own admins take members in."""

from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import (
    Membership,
    MembershipStatus,
    Organization,
    OrganizationKind,
    Role,
    StakeholderGroup,
    User,
)
from participation.accounts.services import stakeholder_group_of
from tests.auth import csrf_token, make_person, post_form, sign_in, sign_in_as
from tests.factories import make_organization, make_user


async def organization_admin_of(organization: Organization) -> User:
    person = await make_person(organization, role=Role.PARTNER)
    await Membership.filter(user_id=person.id).update(is_admin=True)
    return person


async def request_to_join(organization: Organization) -> Membership:
    return await Membership.create(user=await make_user(), organization=organization)


@pytest.fixture
async def tu(db: None) -> Organization:
    return await make_organization(
        slug="tu-dortmund", name="TU Dortmund", kind=OrganizationKind.UNIVERSITY
    )


async def test_an_organisation_admin_sees_requests_and_members(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in(client, await organization_admin_of(tu))
    pending = await request_to_join(tu)
    colleague = await make_user(tu)
    response = await client.get("/organizations/tu-dortmund/members")
    assert response.status_code == 200
    assert (await pending.user).display_name in response.text
    assert colleague.display_name in response.text
    assert response.text.count("<h1") == 1


async def test_an_organisation_admin_confirms_a_member_of_their_own_organisation(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in(client, await organization_admin_of(tu))
    membership = await request_to_join(tu)
    response = await post_form(
        client,
        "/organizations/tu-dortmund/members",
        {"action": "confirm", "membership": str(membership.id)},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/organizations/tu-dortmund/members"
    await membership.refresh_from_db()
    person = await User.get(memberships__id=membership.id)
    assert membership.status == MembershipStatus.CONFIRMED
    assert person.role == Role.PARTNER
    assert await stakeholder_group_of(person) == StakeholderGroup.SCIENCE


async def test_an_organisation_admin_declines_a_request(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in(client, await organization_admin_of(tu))
    membership = await request_to_join(tu)
    response = await post_form(
        client,
        "/organizations/tu-dortmund/members",
        {"action": "decline", "membership": str(membership.id)},
    )
    assert response.status_code == 303
    assert not await Membership.exists(id=membership.id)


async def test_an_organisation_admin_makes_a_colleague_admin(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in(client, await organization_admin_of(tu))
    colleague = await make_user(tu)
    membership = await Membership.get(user_id=colleague.id)
    response = await post_form(
        client,
        "/organizations/tu-dortmund/members",
        {"action": "make_admin", "membership": str(membership.id)},
    )
    assert response.status_code == 303
    await membership.refresh_from_db()
    assert membership.is_admin


async def test_an_organisation_admin_gets_403_for_another_organisation(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in(client, await organization_admin_of(tu))
    ihk = await make_organization(slug="ihk-dortmund")
    membership = await request_to_join(ihk)
    assert (await client.get("/organizations/ihk-dortmund/members")).status_code == 403
    response = await post_form(
        client,
        "/organizations/ihk-dortmund/members",
        {"action": "confirm", "membership": str(membership.id)},
    )
    assert response.status_code == 403
    await membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


async def test_a_request_to_another_organisation_cannot_be_confirmed_through_ones_own(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in(client, await organization_admin_of(tu))
    ihk = await make_organization(slug="ihk-dortmund")
    membership = await request_to_join(ihk)
    response = await post_form(
        client,
        "/organizations/tu-dortmund/members",
        {"action": "confirm", "membership": str(membership.id)},
    )
    assert response.status_code == 404
    await membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


async def test_a_plain_member_gets_403(client: httpx.AsyncClient, tu: Organization) -> None:
    await sign_in(client, await make_person(tu))
    assert (await client.get("/organizations/tu-dortmund/members")).status_code == 403


async def test_an_admin_whose_own_membership_is_still_pending_gets_403(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    person = await make_person()
    await Membership.create(
        user=person, organization=tu, is_admin=True, status=MembershipStatus.PENDING
    )
    await sign_in(client, person)
    assert (await client.get("/organizations/tu-dortmund/members")).status_code == 403


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.MODERATOR, Role.PLANNER])
async def test_people_outside_the_organisation_get_403(
    client: httpx.AsyncClient, tu: Organization, role: Role
) -> None:
    await sign_in_as(client, role)
    assert (await client.get("/organizations/tu-dortmund/members")).status_code == 403


async def test_a_platform_admin_manages_every_organisations_members(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in_as(client, Role.ADMIN)
    membership = await request_to_join(tu)
    assert (await client.get("/organizations/tu-dortmund/members")).status_code == 200
    response = await post_form(
        client,
        "/organizations/tu-dortmund/members",
        {"action": "confirm", "membership": str(membership.id)},
    )
    assert response.status_code == 303


async def test_an_anonymous_visitor_is_sent_to_sign_in(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    response = await client.get("/organizations/tu-dortmund/members")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/account/login?next=")
    token = await csrf_token(client)
    posted = await client.post(
        "/organizations/tu-dortmund/members", data={"csrf_token": token, "action": "confirm"}
    )
    assert posted.status_code == 303
    assert posted.headers["location"].startswith("/account/login")


async def test_an_unknown_organisation_is_404(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    assert (await client.get("/organizations/gibt-es-nicht/members")).status_code == 404


async def test_an_unknown_action_is_a_bad_request(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in_as(client, Role.ADMIN)
    membership = await request_to_join(tu)
    response = await post_form(
        client,
        "/organizations/tu-dortmund/members",
        {"action": "promote_to_king", "membership": str(membership.id)},
    )
    assert response.status_code == 400
