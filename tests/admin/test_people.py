"""Admins create accounts and correct names and addresses; the person follows the mailed
links as they would, and signs in."""

from __future__ import annotations

import time

import httpx
import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from participation.accounts.models import Membership, MembershipStatus, Role, User
from participation.accounts.services import stakeholder_group_of
from participation.accounts.set_up import SET_UP_ACCOUNT
from participation.moderation.models import AuditEntry
from participation.settings import load_settings
from tests.admin.mails import last_mail_to, link_in, mails_to
from tests.auth import PASSWORD, make_person, post_form, shown, sign_in, sign_in_as
from tests.bad_input_helpers import changed_tables, database_state
from tests.conftest import open_client
from tests.factories import make_organization, make_user

NEW_ACCOUNT = {
    "display_name": "Dr. Jana Kowalski",
    "email": "J.Kowalski@Fraunhofer.example",
    "language": "de",
    "role": "citizen",
}


async def create(client: httpx.AsyncClient, **changes: str) -> httpx.Response:
    return await post_form(client, "/admin/users/new", {**NEW_ACCOUNT, **changes})


async def set_password(client: httpx.AsyncClient, path: str) -> httpx.Response:
    return await post_form(
        client,
        path,
        {"password": PASSWORD, "password_repeat": PASSWORD, "privacy_consent": "on"},
        token_from=path,
    )


# Creating an account


async def test_a_created_account_gets_a_german_link_that_sets_the_password_and_signs_in(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    response = await create(client)
    person = await User.get(email="j.kowalski@fraunhofer.example")
    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/users/{person.id}"
    assert person.password_hash is None and person.email_verified_at is None
    mail = await last_mail_to("j.kowalski@fraunhofer.example")
    assert mail.subject == "Ihr Konto auf der Beteiligungsplattform"
    assert mail.body.startswith("Hallo Dr. Jana Kowalski,")
    assert "innerhalb von 7 Tagen" in mail.body and "j.kowalski@fraunhofer.example" in mail.body
    path = link_in(mail, "/account/set-up/")

    async with open_client() as browser:  # the person's own browser
        page = await browser.get(path)
        assert page.status_code == 200 and "Dr. Jana Kowalski" in page.text
        response = await set_password(browser, path)
        assert response.status_code == 303
        assert response.headers["location"] == "/account/login"
        await person.refresh_from_db()
        assert person.email_verified_at is not None and person.privacy_consent_at is not None
        await sign_in(browser, person)
        assert (await browser.get("/account/profile")).status_code == 200
        assert (await browser.get(path)).status_code == 400  # the link works once

    entry = await AuditEntry.get(action="user.create")
    assert (entry.actor_id, entry.target_id) == (admin.id, person.id)  # type: ignore[attr-defined]
    assert entry.details == {
        "name": "Dr. Jana Kowalski",
        "email": "j.kowalski@fraunhofer.example",
        "role": "citizen",
    }


async def test_an_english_speaking_person_gets_the_mail_and_the_page_in_english(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await create(client, language="en", display_name="Jane Doe", email="jane@example.org")
    mail = await last_mail_to("jane@example.org")
    assert mail.subject == "Your account on the participation platform"
    assert mail.body.startswith("Hello Jane Doe,\n\nan account has been created for you")
    assert "within 7 days" in mail.body
    assert (await User.get(email="jane@example.org")).language == "en"


async def test_an_account_made_a_member_counts_in_the_organisations_group(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    isst = await make_organization(slug="fraunhofer-isst", name="Fraunhofer ISST")
    await create(client, organization="fraunhofer-isst", organization_admin="on")
    person = await User.get(email="j.kowalski@fraunhofer.example")
    membership = await Membership.get(user_id=person.id, organization_id=isst.id)
    assert membership.status == MembershipStatus.CONFIRMED and membership.is_admin
    assert person.role == Role.PARTNER
    assert (await stakeholder_group_of(person)).value == "chambers"
    mail = await last_mail_to("j.kowalski@fraunhofer.example")
    assert "als Mitglied von Fraunhofer ISST" in mail.body


async def test_a_planner_account_keeps_its_role(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    await create(client, role="planner")
    assert (await User.get(email="j.kowalski@fraunhofer.example")).role == Role.PLANNER


BAD_ACCOUNTS = {
    "duplicate address": ({"email": "Vorhanden@Example.org"}, "email"),
    "invalid address": ({"email": "kein-at-zeichen"}, "email"),
    "10,000 characters of name": ({"display_name": "Ä" * 10_000}, "display_name"),
    "unknown role": ({"role": "kaiser"}, "role"),
    "forged organisation": ({"organization": "gibt-es-nicht"}, "organization"),
    "partner without organisation": ({"role": "partner"}, "organization"),
    "unknown language": ({"language": "xx"}, "language"),
}


@pytest.mark.parametrize("case", list(BAD_ACCOUNTS))
async def test_bad_account_input_is_refused_next_to_its_field_with_the_input_kept(
    client: httpx.AsyncClient, case: str
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await make_user(email="vorhanden@example.org")
    changes, field = BAD_ACCOUNTS[case]
    before = await database_state()
    response = await create(client, **changes)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text
    assert changed_tables(before, await database_state()) == []
    if field in ("email", "display_name"):
        kept = changes[field]
        assert f'value="{kept}"' in response.text


async def test_a_duplicate_address_is_told_in_words(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    await make_user(email="vorhanden@example.org")
    response = await create(client, email="vorhanden@example.org")
    assert shown("Another account has this address already.") in response.text


def link_signed_days_ago(person: User, days: float) -> str:
    class Past(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time() - days * 86400)

    secret = str(load_settings(env_file=None).secret_key)
    serializer = URLSafeTimedSerializer(secret, salt=SET_UP_ACCOUNT, signer=Past)
    return "/account/set-up/" + serializer.dumps({"u": person.id, "e": person.email})


async def test_a_set_up_link_works_for_seven_days(client: httpx.AsyncClient) -> None:
    person = await make_user(email="neu@example.org")
    assert (await client.get(link_signed_days_ago(person, 6.9))).status_code == 200
    response = await client.get(link_signed_days_ago(person, 7.1))
    assert response.status_code == 400 and shown("Link not valid") in response.text


async def test_a_weak_password_or_no_consent_is_refused_on_the_set_up_page(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await create(client)
    path = link_in(await last_mail_to("j.kowalski@fraunhofer.example"), "/account/set-up/")
    async with open_client() as browser:
        response = await post_form(
            browser, path, {"password": "kurz", "password_repeat": "kurz"}, token_from=path
        )
    assert response.status_code == 400
    assert 'id="password-error"' in response.text and 'id="privacy_consent-error"' in response.text
    assert (await User.get(email="j.kowalski@fraunhofer.example")).password_hash is None


async def test_an_admin_sends_a_new_link_and_the_forgotten_password_page_does_too(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await create(client)
    person = await User.get(email="j.kowalski@fraunhofer.example")
    page = await client.get(f"/admin/users/{person.id}")
    assert shown("Send a new link to set the password") in page.text
    response = await post_form(client, f"/admin/users/{person.id}", {"action": "set_up_link"})
    assert response.status_code == 303
    assert await AuditEntry.exists(action="user.send_set_up_link", target_id=person.id)
    async with open_client() as browser:
        await post_form(
            browser, "/account/password-reset", {"email": "j.kowalski@fraunhofer.example"}
        )
        mails = await mails_to("j.kowalski@fraunhofer.example")
        assert len(mails) == 3
        assert mails[-1].body.startswith("Hallo Dr. Jana Kowalski,\n\nhier ist ein neuer Link")
        assert (
            await set_password(browser, link_in(mails[-1], "/account/set-up/"))
        ).status_code == 303
    page = await client.get(f"/admin/users/{person.id}")
    assert shown("Send a new link to set the password") not in page.text


# Correcting a name and an address


def details(name: str, email: str) -> dict[str, str]:
    return {"action": "details", "display_name": name, "email": email}


async def test_a_corrected_address_is_verified_again_and_the_old_one_is_told(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    person = await make_person(email="anna@alt.example", display_name="Anna Schulz")
    response = await post_form(
        client, f"/admin/users/{person.id}", details("Anna Schulz", "Anna@Neu.example")
    )
    assert response.status_code == 303
    await person.refresh_from_db()
    assert person.email == "anna@neu.example" and person.email_verified_at is None

    notice = await last_mail_to("anna@alt.example")
    assert notice.subject == "Die E-Mail-Adresse Ihres Kontos wurde geändert"
    assert "a…@neu.example" in notice.body and "anna@neu.example" not in notice.body
    confirm = await last_mail_to("anna@neu.example")
    assert confirm.subject == "Bitte bestätigen Sie Ihre neue E-Mail-Adresse"

    async with open_client() as browser:
        refused = await post_form(
            browser, "/account/login", {"email": "anna@neu.example", "password": PASSWORD}
        )
        assert refused.status_code == 400  # not confirmed yet
        assert (await browser.get(link_in(confirm, "/account/verify/"))).status_code == 303
        await sign_in(browser, person)
        old = await post_form(
            browser, "/account/login", {"email": "anna@alt.example", "password": PASSWORD}
        )
        assert old.status_code == 400

    entry = await AuditEntry.get(action="user.change_email")
    assert entry.actor_id == admin.id  # type: ignore[attr-defined]
    assert entry.details == {
        "name": "Anna Schulz",
        "before": "anna@alt.example",
        "after": "anna@neu.example",
    }
    assert not await AuditEntry.exists(action="user.rename")


async def test_a_corrected_name_is_logged_with_before_and_after(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    person = await make_person(email="b@example.org", display_name="Bernd Krause")
    await post_form(
        client, f"/admin/users/{person.id}", details("Bernd Krause-Lenz", "b@example.org")
    )
    await person.refresh_from_db()
    assert person.display_name == "Bernd Krause-Lenz" and person.email_verified_at is not None
    entry = await AuditEntry.get(action="user.rename")
    assert entry.details == {
        "name": "Bernd Krause-Lenz",
        "before": "Bernd Krause",
        "after": "Bernd Krause-Lenz",
    }
    assert await mails_to("b@example.org") == []  # a name is no reason to write


async def test_saving_unchanged_details_changes_and_logs_nothing(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    person = await make_person(email="b@example.org", display_name="Bernd")
    before = await database_state()
    response = await post_form(
        client, f"/admin/users/{person.id}", details("Bernd", "B@example.org")
    )
    assert response.status_code == 303
    assert changed_tables(before, await database_state()) == []


async def test_an_unconfirmed_old_address_is_not_written_to(client: httpx.AsyncClient) -> None:
    """It may be a typo that belongs to a stranger."""
    await sign_in_as(client, Role.ADMIN)
    person = await make_user(email="anna@tippfeler.example")
    await post_form(
        client, f"/admin/users/{person.id}", details(person.display_name, "anna@x.example")
    )
    assert await mails_to("anna@tippfeler.example") == []
    assert len(await mails_to("anna@x.example")) == 1


async def test_a_new_address_voids_an_earlier_reset_and_set_up_link(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await create(client)
    person = await User.get(email="j.kowalski@fraunhofer.example")
    old_link = link_in(await last_mail_to("j.kowalski@fraunhofer.example"), "/account/set-up/")
    await post_form(
        client, f"/admin/users/{person.id}", details(person.display_name, "jana@neu.example")
    )
    new_link = link_in(await last_mail_to("jana@neu.example"), "/account/set-up/")
    async with open_client() as browser:
        assert (await browser.get(old_link)).status_code == 400
        assert (await set_password(browser, new_link)).status_code == 303

    other = await make_person(email="carla@alt.example")
    async with open_client() as browser:
        await post_form(browser, "/account/password-reset", {"email": "carla@alt.example"})
    reset = link_in(await last_mail_to("carla@alt.example"), "/account/password-reset/")
    await post_form(
        client, f"/admin/users/{other.id}", details(other.display_name, "carla@neu.example")
    )
    async with open_client() as browser:
        assert (await browser.get(reset)).status_code == 400


BAD_DETAILS = {
    "duplicate address": (details("Anna", "Vorhanden@example.org"), "email"),
    "invalid address": (details("Anna", "anna@"), "email"),
    "10,000 characters of name": (details("Ä" * 10_000, "anna@example.org"), "display_name"),
    "empty name": (details("", "anna@example.org"), "display_name"),
}


@pytest.mark.parametrize("case", list(BAD_DETAILS))
async def test_bad_details_are_refused_with_the_input_kept_and_nothing_stored(
    client: httpx.AsyncClient, case: str
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await make_user(email="vorhanden@example.org")
    person = await make_person(email="anna@example.org", display_name="Anna")
    form, field = BAD_DETAILS[case]
    before = await database_state()
    response = await post_form(client, f"/admin/users/{person.id}", form)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text
    assert f'value="{form[field]}"' in response.text
    assert '<h1 class="kern-heading-x-large">Anna</h1>' in response.text
    assert changed_tables(before, await database_state()) == []


async def test_a_forged_person_id_is_a_404(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    response = await post_form(client, "/admin/users/999999", details("Anna", "a@example.org"))
    assert response.status_code == 404
