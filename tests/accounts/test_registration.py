from __future__ import annotations

import re

import httpx
import pytest

from participation.accounts.models import Membership, MembershipStatus, Organization, User
from participation.accounts.services import stakeholder_group_of
from participation.accounts.tokens import VERIFY_EMAIL, InvalidToken, sign, unsign
from participation.mail.models import OutboxMessage
from tests.auth import PASSWORD, post_form
from tests.factories import make_organization

pytestmark = pytest.mark.usefixtures("db")


def registration(**overrides: str) -> dict[str, str]:
    values = {
        "email": "Anna.Schmidt@Example.org",
        "display_name": "Anna Schmidt",
        "password": PASSWORD,
        "password_repeat": PASSWORD,
        "privacy_consent": "on",
        "language": "de",
    }
    values.update(overrides)
    return values


async def verification_link(address: str) -> str:
    mail = await OutboxMessage.filter(recipient=address).order_by("-id").first()
    assert mail is not None, "no mail in the outbox"
    match = re.search(r"https?://\S+/account/verify/\S+", mail.body)
    assert match
    return match.group(0)


async def test_registering_creates_an_unverified_citizen_and_mails_a_link(
    client: httpx.AsyncClient,
) -> None:
    response = await post_form(client, "/account/register", registration())
    assert response.status_code == 303
    assert response.headers["location"] == "/account/login"
    user = await User.get(email="anna.schmidt@example.org")
    assert user.email_verified_at is None and user.privacy_consent_at is not None
    assert user.password_hash and PASSWORD not in user.password_hash
    assert user.password_hash.startswith("$argon2id$")
    link = await verification_link("anna.schmidt@example.org")
    assert (await client.get(link.split("8000", 1)[-1])).status_code == 303
    await user.refresh_from_db()
    assert user.email_verified_at is not None


async def test_a_form_with_errors_comes_back_with_the_input_and_each_error_at_its_field(
    client: httpx.AsyncClient,
) -> None:
    response = await post_form(
        client,
        "/account/register",
        registration(
            display_name="Anna <b>S</b>",
            password="passwort123",
            password_repeat="anders",
            privacy_consent="",
        ),
    )
    assert response.status_code == 400
    html = response.text
    assert 'value="Anna.Schmidt@Example.org"' in html
    assert "Anna &lt;b&gt;S&lt;/b&gt;" in html
    assert "passwort123" not in html
    assert re.search(r'id="password-error"[^>]*>.*zu leicht zu erraten', html, re.S)
    assert 'id="privacy_consent-error"' in html
    assert 'aria-invalid="true"' in html
    assert not await User.exists()


async def test_an_address_can_register_only_once(client: httpx.AsyncClient) -> None:
    await post_form(client, "/account/register", registration())
    response = await post_form(
        client, "/account/register", registration(email="anna.schmidt@EXAMPLE.org")
    )
    assert response.status_code == 400
    assert 'id="email-error"' in response.text
    assert await User.all().count() == 1


async def test_choosing_an_organisation_asks_it_to_confirm_and_counts_as_citizen_until_then(
    client: httpx.AsyncClient,
) -> None:
    ihk = await make_organization(slug="ihk-dortmund", name="IHK zu Dortmund")
    await post_form(client, "/account/register", registration(organization="ihk-dortmund"))
    user = await User.get(email="anna.schmidt@example.org")
    membership = await Membership.get(user=user, organization=ihk)
    assert membership.status is MembershipStatus.PENDING
    assert (await stakeholder_group_of(user)).value == "citizens"


async def test_asking_for_a_new_organisation_creates_it_unverified(
    client: httpx.AsyncClient,
) -> None:
    await post_form(
        client, "/account/register", registration(new_organization="Makerspace Dortmund-Nord e. V.")
    )
    organization = await Organization.get(name="Makerspace Dortmund-Nord e. V.")
    assert organization.verified is False and organization.slug == "makerspace-dortmund-nord-e-v"
    assert await Membership.exists(organization=organization, status=MembershipStatus.PENDING)


async def test_a_tampered_or_expired_verification_link_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await post_form(client, "/account/register", registration())
    link = await verification_link("anna.schmidt@example.org")
    path = "/account/verify/" + link.rsplit("/", 1)[1]
    response = await client.get(path[:-3] + "abc")
    assert response.status_code == 400 and "Link nicht gültig" in response.text
    token = sign("secret", VERIFY_EMAIL, {"u": 1, "e": "x@example.org"})
    with pytest.raises(InvalidToken):
        unsign("secret", VERIFY_EMAIL, token, max_age_seconds=-1)
