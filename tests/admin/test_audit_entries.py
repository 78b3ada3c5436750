"""Every admin action lands in the audit log: who did what to which item, and why where the
form asks for a reason. A refused change leaves no entry."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from tortoise.exceptions import IntegrityError

from participation.accounts.models import Membership, MembershipStatus, Organization, Role, User
from participation.forms import ValidationFailed
from participation.mail.models import OutboxMessage, OutboxStatus
from participation.moderation.models import AuditEntry
from participation.organizations import services as organization_services
from tests.admin.test_outbox import failed_mail
from tests.auth import post_form, sign_in_as
from tests.factories import make_masterplan, make_organization, make_user

pytestmark = pytest.mark.usefixtures("db")


async def only_entry(action: str) -> AuditEntry:
    entries = await AuditEntry.filter(action=action)
    assert len(entries) == 1, [e.action for e in await AuditEntry.all()]
    return entries[0]


def by(entry: AuditEntry, admin: User) -> bool:
    return (entry.actor_id, entry.actor_name) == (admin.id, admin.display_name)  # type: ignore[attr-defined]


# People


async def test_changing_a_role_is_logged_with_the_old_and_new_role(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    person = await make_user()
    await post_form(client, f"/admin/users/{person.id}", {"action": "role", "role": "moderator"})
    entry = await only_entry("user.change_role")
    assert by(entry, admin)
    assert (entry.target_type, entry.target_id) == ("user", person.id)
    assert entry.details == {"name": person.display_name, "from": "citizen", "to": "moderator"}


async def test_a_refused_role_change_leaves_no_entry(client: httpx.AsyncClient) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    await post_form(client, f"/admin/users/{admin.id}", {"action": "role", "role": "citizen"})
    assert not await AuditEntry.exists()


async def test_a_planner_made_citizen_is_logged_with_the_masterplans_taken_away(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    masterplan = await make_masterplan(slug="digitale-bildung")
    planner = await make_user(role=Role.PLANNER)
    await masterplan.planners.add(planner)
    await post_form(client, f"/admin/users/{planner.id}", {"action": "role", "role": "citizen"})
    entry = await only_entry("user.change_role")
    assert entry.details["masterplans_removed"] == ["digitale-bildung"]


async def test_assigning_masterplans_is_logged_with_what_was_added_and_removed(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    bildung = await make_masterplan(slug="digitale-bildung")
    wirtschaft = await make_masterplan(slug="digitale-wirtschaft")
    planner = await make_user(role=Role.PLANNER)
    await bildung.planners.add(planner)
    await post_form(
        client,
        f"/admin/users/{planner.id}",
        {"action": "masterplans", f"masterplan-{wirtschaft.id}": "on"},
    )
    entry = await only_entry("user.assign_masterplans")
    assert by(entry, admin)
    assert (entry.target_type, entry.target_id) == ("user", planner.id)
    assert entry.details == {
        "name": planner.display_name,
        "added": ["digitale-wirtschaft"],
        "removed": ["digitale-bildung"],
    }


async def test_suspending_from_the_admin_page_is_logged_with_the_reason(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    person = await make_user()
    until = date.today() + timedelta(days=14)
    await post_form(
        client,
        f"/admin/users/{person.id}",
        {"action": "suspend", "suspended_until": until.isoformat(), "suspension_reason": "Spam"},
    )
    entry = await only_entry("user.suspend")
    assert by(entry, admin)
    assert (entry.target_type, entry.target_id, entry.reason) == ("user", person.id, "Spam")


async def test_lifting_from_the_admin_page_is_logged(client: httpx.AsyncClient) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    person = await make_user(
        suspended_until=datetime.now(UTC) + timedelta(days=3), suspension_reason="Spam"
    )
    await post_form(client, f"/admin/users/{person.id}", {"action": "lift"})
    entry = await only_entry("user.lift_suspension")
    assert by(entry, admin) and entry.target_id == person.id


async def test_the_admin_page_links_to_the_suspension_page(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    person = await make_user()
    page = (await client.get(f"/admin/users/{person.id}")).text
    assert f'href="/moderation/users/{person.id}/suspend"' in page


# Organisations


async def test_creating_an_organisation_is_logged(client: httpx.AsyncClient) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    await post_form(
        client,
        "/admin/organizations",
        {"name": "Fraunhofer ISST", "slug": "fraunhofer-isst", "kind": "research_institute"},
    )
    organization = await Organization.get(slug="fraunhofer-isst")
    entry = await only_entry("organization.create")
    assert by(entry, admin)
    assert (entry.target_type, entry.target_id) == ("organization", organization.id)
    assert entry.details["name"] == "Fraunhofer ISST"


async def test_a_refused_organisation_leaves_no_entry(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    await post_form(client, "/admin/organizations", {"name": "X", "slug": "Bad Slug!"})
    assert not await AuditEntry.exists()


def details_form(organization: Organization, **changes: str) -> dict[str, str]:
    values = {
        "action": "details",
        "name": organization.name,
        "kind": organization.kind.value,
        "description": organization.description,
        "verified": "on" if organization.verified else "",
    }
    return {**values, **changes}


async def test_verifying_an_organisation_is_logged_as_its_own_action(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    organization = await make_organization(verified=False)
    path = f"/admin/organizations/{organization.slug}"
    await post_form(client, path, details_form(organization, verified="on"))
    entry = await only_entry("organization.verify")
    assert by(entry, admin)
    assert (entry.target_type, entry.target_id) == ("organization", organization.id)
    assert entry.details == {"name": organization.name, "changed": {"verified": True}}


async def test_editing_an_organisation_is_logged_with_what_changed(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    organization = await make_organization(name="IHK Dortmund")
    path = f"/admin/organizations/{organization.slug}"
    await post_form(client, path, details_form(organization, name="IHK zu Dortmund"))
    entry = await only_entry("organization.update")
    assert by(entry, admin) and entry.target_id == organization.id
    assert entry.details == {
        "name": "IHK zu Dortmund",
        "changed": {"name": "IHK zu Dortmund"},
        "before": "IHK Dortmund",
        "after": "IHK zu Dortmund",
    }

    await post_form(client, path, details_form(await Organization.get(id=organization.id)))
    assert await AuditEntry.all().count() == 1  # saving without a change logs nothing


async def member_request(
    organization: Organization, status: MembershipStatus = MembershipStatus.PENDING
) -> Membership:
    person = await make_user(display_name="Bernd Krause")
    return await Membership.create(user=person, organization=organization, status=status)


@pytest.mark.parametrize(
    ("action", "status", "logged"),
    [
        ("confirm", MembershipStatus.PENDING, "organization.confirm_member"),
        ("decline", MembershipStatus.PENDING, "organization.decline_member"),
        ("make_admin", MembershipStatus.CONFIRMED, "organization.make_admin"),
    ],
)
async def test_member_changes_by_a_platform_admin_are_logged(
    client: httpx.AsyncClient, action: str, status: MembershipStatus, logged: str
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    organization = await make_organization()
    membership = await member_request(organization, status=status)
    response = await post_form(
        client,
        f"/admin/organizations/{organization.slug}",
        {"action": action, "membership": str(membership.id)},
    )
    assert response.status_code == 303
    entry = await only_entry(logged)
    assert by(entry, admin)
    assert (entry.target_type, entry.target_id) == ("organization", organization.id)
    assert entry.details == {
        "name": organization.name,
        "member": "Bernd Krause",
        "user_id": membership.user_id,  # type: ignore[attr-defined]
    }


async def test_an_organisation_admin_confirming_a_member_is_logged_as_them() -> None:
    organization = await make_organization()
    org_admin = await make_user(organization, display_name="Anna Schulz")
    membership = await member_request(organization)
    await organization_services.confirm_member(membership=membership, by=org_admin)
    entry = await only_entry("organization.confirm_member")
    assert entry.actor_name == "Anna Schulz"
    assert (await Membership.get(id=membership.id)).status == MembershipStatus.CONFIRMED


async def test_a_failed_member_change_writes_no_entry_and_changes_nothing() -> None:
    """The entry and the change share one transaction: neither stays without the other."""
    organization = await make_organization()
    membership = await member_request(organization)
    ghost = await make_user(display_name="Gone")
    await User.filter(id=ghost.id).delete()  # the account went meanwhile: no entry can name it
    with pytest.raises(IntegrityError):
        await organization_services.confirm_member(membership=membership, by=ghost)
    assert not await AuditEntry.exists()
    assert (await Membership.get(id=membership.id)).status == MembershipStatus.PENDING


async def test_inviting_a_person_is_logged_with_the_address_but_not_the_link(
    client: httpx.AsyncClient,
) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    organization = await make_organization()
    await post_form(
        client,
        f"/admin/organizations/{organization.slug}",
        {"action": "invite", "email": "Neu@Example.org", "make_admin": "on"},
    )
    entry = await only_entry("organization.invite")
    assert by(entry, admin) and entry.target_id == organization.id
    assert entry.details == {
        "name": organization.name,
        "email": "neu@example.org",
        "make_admin": True,
    }


async def test_a_refused_invitation_leaves_no_entry(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    organization = await make_organization()
    await post_form(
        client,
        f"/admin/organizations/{organization.slug}",
        {"action": "invite", "email": "kein-adresse"},
    )
    assert not await AuditEntry.exists()


# The outbox


async def test_retrying_a_mail_is_logged(client: httpx.AsyncClient) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    message = await failed_mail()
    await post_form(client, "/admin/outbox", {"action": "retry", "message": str(message.id)})
    entry = await only_entry("mail.retry")
    assert by(entry, admin)
    assert (entry.target_type, entry.target_id) == ("outbox_message", message.id)
    assert (await OutboxMessage.get(id=message.id)).status == OutboxStatus.PENDING


async def test_retrying_twice_logs_once(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    message = await failed_mail()
    for _ in range(2):
        await post_form(client, "/admin/outbox", {"action": "retry", "message": str(message.id)})
    await only_entry("mail.retry")


async def test_a_refused_service_call_raises_before_anything_is_written() -> None:
    admin = await make_user(role=Role.ADMIN)
    with pytest.raises(ValidationFailed):
        await organization_services.update_organization(
            organization=await make_organization(),
            name="",
            kind="chamber",
            description="",
            verified=True,
            by=admin,
        )
    assert not await AuditEntry.exists()
