"""Organisation admins invite colleagues, remove members and hand their role on; members
leave. Every mail's link is followed as its recipient would."""

from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import (
    Invitation,
    Membership,
    MembershipStatus,
    Organization,
    OrganizationKind,
    Role,
    User,
)
from participation.moderation.models import AuditEntry
from participation.organizations import invitations
from tests.admin.mails import last_mail_to, link_in, mails_to
from tests.auth import PASSWORD, make_person, post_form, shown, sign_in, sign_in_as
from tests.bad_input_helpers import changed_tables, database_state
from tests.conftest import open_client
from tests.factories import make_organization, make_user
from tests.organizations.test_members import organization_admin_of

MEMBERS = "/organizations/tu-dortmund/members"


@pytest.fixture
async def tu(db: None) -> Organization:
    return await make_organization(
        slug="tu-dortmund", name="TU Dortmund", kind=OrganizationKind.UNIVERSITY
    )


async def membership_of(person: User) -> Membership:
    return await Membership.get(user_id=person.id)


async def act(client: httpx.AsyncClient, action: str, **fields: str) -> httpx.Response:
    return await post_form(client, MEMBERS, {"action": action, **fields}, token_from=MEMBERS)


# Inviting colleagues


async def test_an_organisation_admin_invites_a_colleague_who_registers_and_joins(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    admin = await sign_in(client, await organization_admin_of(tu))
    response = await act(client, "invite", email="Neu@TU-Dortmund.example")
    assert response.status_code == 303 and response.headers["location"] == MEMBERS
    mail = await last_mail_to("neu@tu-dortmund.example")
    assert "als Mitglied von TU Dortmund" in mail.body
    entry = await AuditEntry.get(action="organization.invite")
    assert entry.actor_id == admin.id  # type: ignore[attr-defined]
    assert entry.details == {
        "name": "TU Dortmund",
        "email": "neu@tu-dortmund.example",
        "make_admin": False,
    }
    assert "neu@tu-dortmund.example" in (await client.get(MEMBERS)).text

    path = link_in(mail, "/account/invitation/")
    async with open_client() as browser:
        response = await post_form(
            browser,
            path,
            {
                "email": "neu@tu-dortmund.example",
                "display_name": "Neue Kollegin",
                "password": PASSWORD,
                "password_repeat": PASSWORD,
                "privacy_consent": "on",
                "language": "de",
            },
            token_from=path,
        )
        assert response.status_code == 303
    colleague = await User.get(email="neu@tu-dortmund.example")
    membership = await membership_of(colleague)
    assert membership.status == MembershipStatus.CONFIRMED and not membership.is_admin
    assert colleague.role == Role.PARTNER


async def test_a_person_with_an_account_is_invited_in_their_language(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in(client, await organization_admin_of(tu))
    guest = await make_person(email="guest@example.org", language="en")
    await act(client, "invite", email="guest@example.org")
    mail = await last_mail_to("guest@example.org")
    assert mail.subject == "Invitation to the participation platform"
    path = link_in(mail, "/account/invitation/")
    async with open_client() as browser:
        await sign_in(browser, guest)
        assert (await post_form(browser, path, {}, token_from=path)).status_code == 303
    assert (await membership_of(guest)).status == MembershipStatus.CONFIRMED


OPEN = (
    "An invitation to this address is open already (sent on %(date)s). Withdraw it below to "
    "send a new one."
)
REFUSED_INVITATIONS = {
    "member": ("mitglied@example.org", "%(name)s is a member already.", "Mia Mitglied"),
    "pending request": (
        "anfrage@example.org",
        "%(name)s has asked to join already: confirm the request instead.",
        "Anton Anfrage",
    ),
    "open invitation": ("offen@example.org", OPEN, None),
    "invalid": ("kein-at-zeichen", "Enter a valid e-mail address.", None),
    "10,000 characters": ("a@" + "b" * 10_000 + ".de", "Enter a valid e-mail address.", None),
}


@pytest.mark.parametrize("case", list(REFUSED_INVITATIONS))
async def test_an_invitation_that_makes_no_sense_is_refused_with_the_address_kept(
    client: httpx.AsyncClient, tu: Organization, case: str
) -> None:
    email, message, name = REFUSED_INVITATIONS[case]
    await sign_in(client, await organization_admin_of(tu))
    await make_user(tu, email="mitglied@example.org", display_name="Mia Mitglied")
    asking = await make_user(email="anfrage@example.org", display_name="Anton Anfrage")
    await Membership.create(user=asking, organization=tu)
    await act(client, "invite", email="offen@example.org")
    before = await database_state()
    response = await act(client, "invite", email=email)
    assert response.status_code == 400
    assert 'id="email-error"' in response.text and f'value="{email}"' in response.text
    expected = shown(message) % {"name": name} if name else shown(message).split("(")[0]
    assert expected in response.text
    assert changed_tables(before, await database_state()) == []


async def test_an_organisation_admin_withdraws_an_invitation_and_its_link_dies(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in(client, await organization_admin_of(tu))
    await act(client, "invite", email="neu@example.org")
    path = link_in(await last_mail_to("neu@example.org"), "/account/invitation/")
    invitation = await Invitation.get(email="neu@example.org")
    response = await act(client, "withdraw_invitation", invitation=str(invitation.id))
    assert response.status_code == 303
    assert not await Invitation.exists(id=invitation.id)
    assert (await AuditEntry.get(action="organization.withdraw_invitation")).details == {
        "name": "TU Dortmund",
        "email": "neu@example.org",
    }
    async with open_client() as browser:
        assert (await browser.get(path)).status_code == 400
    assert (await act(client, "invite", email="neu@example.org")).status_code == 303


async def test_a_forged_or_foreign_invitation_cannot_be_withdrawn(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in(client, await organization_admin_of(tu))
    other = await make_organization(slug="ihk")
    await invitations.invite_colleague(
        organization=other,
        email="x@example.org",
        make_admin=False,
        inviter=invitations.Inviter(await make_user(), platform_admin=True),
        base_url="http://test",
    )
    foreign = await Invitation.get(email="x@example.org")
    before = await database_state()
    for forged in (str(foreign.id), "999999", "abc", "9" * 40):
        response = await act(client, "withdraw_invitation", invitation=forged)
        assert response.status_code == 400
        assert shown("This invitation was accepted or withdrawn already.") in response.text
    assert changed_tables(before, await database_state()) == []


async def test_organisation_admins_are_capped_and_platform_admins_are_not(
    client: httpx.AsyncClient, tu: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(invitations, "MAX_OPEN", 2)
    monkeypatch.setattr(invitations, "MAX_PER_DAY", 3)
    await sign_in(client, await organization_admin_of(tu))
    for n in range(2):
        assert (await act(client, "invite", email=f"k{n}@example.org")).status_code == 303
    response = await act(client, "invite", email="k2@example.org")
    assert response.status_code == 400
    assert "2 Einladungen sind bereits offen" in response.text
    first = await Invitation.get(email="k0@example.org")
    await act(client, "withdraw_invitation", invitation=str(first.id))
    assert (await act(client, "invite", email="k2@example.org")).status_code == 303
    second = await Invitation.get(email="k1@example.org")
    await act(client, "withdraw_invitation", invitation=str(second.id))
    response = await act(client, "invite", email="k3@example.org")  # the fourth today
    assert response.status_code == 400 and "3 Einladungen verschickt" in response.text

    client.cookies.clear()
    await sign_in_as(client, Role.ADMIN)
    response = await post_form(
        client, "/admin/organizations/tu-dortmund", {"action": "invite", "email": "k3@example.org"}
    )
    assert response.status_code == 303


# Removing members


async def test_removing_a_member_asks_first_then_removes_and_tells_them(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    admin = await sign_in(client, await organization_admin_of(tu))
    member = await make_person(tu, display_name="Bernd Krause", email="bernd@example.org")
    membership = await membership_of(member)
    page = await client.get(MEMBERS)
    assert f'href="{MEMBERS}?remove={membership.id}#remove-confirm"' in page.text
    assert 'id="remove-confirm"' not in page.text
    confirm = await client.get(MEMBERS, params={"remove": str(membership.id)})
    assert 'id="remove-confirm"' in confirm.text
    assert (
        shown("Remove %(name)s from %(organization)s?")
        % {
            "name": "Bernd Krause",
            "organization": "TU Dortmund",
        }
        in confirm.text
    )
    assert await Membership.exists(id=membership.id)  # asking changes nothing

    response = await act(client, "remove", membership=str(membership.id))
    assert response.status_code == 303
    assert not await Membership.exists(id=membership.id)
    await member.refresh_from_db()
    assert member.role == Role.CITIZEN
    mail = await last_mail_to("bernd@example.org")
    assert mail.subject == "Sie sind nicht mehr Mitglied von TU Dortmund"
    entry = await AuditEntry.get(action="organization.remove_member")
    assert entry.actor_id == admin.id  # type: ignore[attr-defined]
    assert entry.details == {"name": "TU Dortmund", "member": "Bernd Krause", "user_id": member.id}


async def test_a_forged_removal_finds_nothing(client: httpx.AsyncClient, tu: Organization) -> None:
    await sign_in(client, await organization_admin_of(tu))
    foreign = await make_user(await make_organization(slug="ihk"))
    before = await database_state()
    for forged in (str((await membership_of(foreign)).id), "999999", "x"):
        assert (await act(client, "remove", membership=forged)).status_code == 404
        page = await client.get(MEMBERS, params={"remove": forged})
        assert page.status_code == 200 and 'id="remove-confirm"' not in page.text
    assert changed_tables(before, await database_state()) == []


async def test_an_organisation_admin_cannot_remove_themselves_and_is_told_to_leave(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    admin = await sign_in(client, await organization_admin_of(tu))
    await make_user(tu)
    own = await membership_of(admin)
    assert f"?remove={own.id}" not in (await client.get(MEMBERS)).text
    before = await database_state()
    response = await act(client, "remove", membership=str(own.id))
    assert response.status_code == 400
    assert shown("To leave the organisation yourself, use “Leave”.") in response.text
    assert changed_tables(before, await database_state()) == []


async def test_a_platform_admin_may_remove_an_organisations_last_admin(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    org_admin = await organization_admin_of(tu)
    await sign_in_as(client, Role.ADMIN)
    membership = await membership_of(org_admin)
    path = "/admin/organizations/tu-dortmund"
    page = await client.get(path, params={"remove": str(membership.id)})
    assert 'id="remove-confirm"' in page.text
    response = await post_form(client, path, {"action": "remove", "membership": str(membership.id)})
    assert response.status_code == 303
    assert not await Membership.exists(id=membership.id)


async def test_a_second_admin_can_be_removed_by_the_first(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in(client, await organization_admin_of(tu))
    other = await organization_admin_of(tu)
    response = await act(client, "remove", membership=str((await membership_of(other)).id))
    assert response.status_code == 303


# The admin role


async def test_the_only_admin_cannot_step_down_but_one_of_two_can(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    admin = await sign_in(client, await organization_admin_of(tu))
    await make_user(tu)
    own = await membership_of(admin)
    page = await client.get(MEMBERS)
    assert 'value="revoke_admin"' not in page.text
    before = await database_state()
    response = await act(client, "revoke_admin", membership=str(own.id))
    assert response.status_code == 400
    assert (
        shown("An organisation keeps at least one admin. Make another member its admin first.")
        in response.text
    )
    assert changed_tables(before, await database_state()) == []

    other = await organization_admin_of(tu)
    assert 'value="revoke_admin"' in (await client.get(MEMBERS)).text
    response = await act(client, "revoke_admin", membership=str(own.id))
    assert response.status_code == 303
    assert not (await membership_of(admin)).is_admin and (await membership_of(other)).is_admin
    assert (await client.get(MEMBERS)).status_code == 403  # no longer one of its admins
    entry = await AuditEntry.get(action="organization.revoke_admin")
    assert entry.details["member"] == admin.display_name


async def test_the_admin_role_is_handed_on_and_the_old_admin_steps_down_in_one_step(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    admin = await sign_in(client, await organization_admin_of(tu))
    colleague = await make_person(tu, display_name="Carla Nachfolgerin")
    target = await membership_of(colleague)
    page = await client.get(MEMBERS)
    assert f'<option value="{target.id}">Carla Nachfolgerin</option>' in page.text
    response = await act(client, "hand_on", membership=str(target.id), step_down="on")
    assert response.status_code == 303
    assert (await membership_of(colleague)).is_admin
    assert not (await membership_of(admin)).is_admin
    actions = [e.action for e in await AuditEntry.all().order_by("id")]
    assert actions == ["organization.make_admin", "organization.revoke_admin"]
    async with open_client() as browser:
        await sign_in(browser, colleague)
        assert (await browser.get(MEMBERS)).status_code == 200


async def test_handing_on_to_a_forged_member_is_refused_next_to_the_field(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in(client, await organization_admin_of(tu))
    await make_user(tu)
    before = await database_state()
    response = await act(client, "hand_on", membership="999999", step_down="on")
    assert response.status_code == 400 and 'id="membership-error"' in response.text
    assert changed_tables(before, await database_state()) == []


# Leaving


async def test_a_member_leaves_from_the_profile_page(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    member = await sign_in(client, await make_person(tu, role=Role.PARTNER))
    profile = await client.get("/account/profile")
    assert 'href="/organizations/tu-dortmund/leave"' in profile.text
    page = await client.get("/organizations/tu-dortmund/leave")
    assert page.status_code == 200 and shown("Leave the organisation") in page.text
    response = await post_form(
        client,
        "/organizations/tu-dortmund/leave",
        {},
        token_from="/organizations/tu-dortmund/leave",
    )
    assert response.status_code == 303 and response.headers["location"] == "/account/profile"
    assert not await Membership.exists(user_id=member.id)
    await member.refresh_from_db()
    assert member.role == Role.CITIZEN
    entry = await AuditEntry.get(action="organization.leave")
    assert entry.actor_id == member.id  # type: ignore[attr-defined]
    assert entry.details == {
        "name": "TU Dortmund",
        "member": member.display_name,
        "user_id": member.id,
    }
    assert await mails_to(member.email or "") == []  # they know: no mail


async def test_the_sole_admin_is_told_to_hand_on_first_and_nothing_changes(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    admin = await sign_in(client, await organization_admin_of(tu))
    await make_user(tu)
    page = await client.get("/organizations/tu-dortmund/leave")
    assert 'href="/organizations/tu-dortmund/members#hand-on-heading"' in page.text
    assert shown("Leave the organisation") not in page.text
    before = await database_state()
    response = await post_form(
        client,
        "/organizations/tu-dortmund/leave",
        {},
        token_from="/organizations/tu-dortmund/leave",
    )
    assert response.status_code == 400
    assert (
        shown(
            "You are the organisation's only admin. Make another member its admin first; then you "
            "can leave."
        )
        in response.text
    )
    assert changed_tables(before, await database_state()) == []
    assert await Membership.exists(user_id=admin.id)


async def test_a_sole_admin_who_is_the_last_member_may_leave(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    admin = await sign_in(client, await organization_admin_of(tu))
    response = await post_form(
        client,
        "/organizations/tu-dortmund/leave",
        {},
        token_from="/organizations/tu-dortmund/leave",
    )
    assert response.status_code == 303
    assert not await Membership.exists(user_id=admin.id)


async def test_a_pending_request_is_withdrawn_through_the_same_page(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    person = await sign_in(client, await make_person())
    await Membership.create(user=person, organization=tu)
    page = await client.get("/organizations/tu-dortmund/leave")
    assert shown("Withdraw the request") in page.text
    await post_form(
        client,
        "/organizations/tu-dortmund/leave",
        {},
        token_from="/organizations/tu-dortmund/leave",
    )
    assert not await Membership.exists(user_id=person.id)


async def test_someone_who_is_not_a_member_cannot_leave(
    client: httpx.AsyncClient, tu: Organization
) -> None:
    await sign_in(client, await make_person())
    assert (await client.get("/organizations/tu-dortmund/leave")).status_code == 403
