from __future__ import annotations

import re

import httpx
import pytest

from participation.accounts.invitations import invite
from participation.accounts.models import Membership, MembershipStatus, OrganizationKind, Role, User
from participation.accounts.services import stakeholder_group_of
from tests.auth import PASSWORD, make_person, post_form, sign_in
from tests.factories import make_organization

pytestmark = pytest.mark.usefixtures("db")


async def _invitation(make_admin: bool = False) -> tuple[str, object]:
    organization = await make_organization(
        name="Fraunhofer ISST", kind=OrganizationKind.RESEARCH_INSTITUTE
    )
    link = await invite(
        organization=organization,
        email="Kollegin@Example.org",
        invited_by=None,
        base_url="http://127.0.0.1:8000",
        make_admin=make_admin,
    )
    return re.sub(r"^https?://[^/]+", "", link), organization


async def test_an_invited_person_registers_as_a_confirmed_partner(
    client: httpx.AsyncClient,
) -> None:
    path, _ = await _invitation(make_admin=True)
    page = await client.get(path)
    assert "Fraunhofer ISST" in page.text and 'value="kollegin@example.org"' in page.text
    response = await post_form(
        client,
        path,
        {
            "email": "kollegin@example.org",
            "display_name": "Dr. Kollegin",
            "password": PASSWORD,
            "password_repeat": PASSWORD,
            "privacy_consent": "on",
            "language": "de",
        },
    )
    assert response.status_code == 303
    user = await User.get(email="kollegin@example.org")
    membership = await Membership.get(user=user)
    assert membership.status is MembershipStatus.CONFIRMED and membership.is_admin
    assert user.role is Role.PARTNER and user.email_verified_at is not None
    assert (await stakeholder_group_of(user)).value == "science"
    assert (await client.get(path)).status_code == 400  # used once


async def test_an_invitation_for_another_address_cannot_be_taken(
    client: httpx.AsyncClient,
) -> None:
    path, _ = await _invitation()
    response = await post_form(
        client,
        path,
        {
            "email": "fremd@example.org",
            "display_name": "Fremd",
            "password": PASSWORD,
            "password_repeat": PASSWORD,
            "privacy_consent": "on",
            "language": "de",
        },
    )
    assert response.status_code == 400 and 'id="email-error"' in response.text
    other = await make_person(email="anders@example.org")
    await sign_in(client, other)
    response = await post_form(client, path, {})
    assert response.status_code == 400
    assert not await Membership.exists(user=other)


async def test_a_signed_in_person_with_the_invited_address_just_joins(
    client: httpx.AsyncClient,
) -> None:
    path, _ = await _invitation()
    person = await make_person(email="kollegin@example.org")
    await sign_in(client, person)
    response = await post_form(client, path, {})
    assert response.status_code == 303
    assert await Membership.exists(user=person, status=MembershipStatus.CONFIRMED)


async def test_an_unknown_invitation_link_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/account/invitation/unbekannt")
    assert response.status_code == 400 and "Link nicht gültig" in response.text
