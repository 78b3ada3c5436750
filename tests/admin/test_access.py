"""Every admin page: admins get it, everyone else does not."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
import pytest

from participation.accounts.models import Role
from participation.mail.models import OutboxMessage, OutboxStatus
from tests.auth import csrf_token, make_person, sign_in_as
from tests.factories import make_organization


async def admin_paths() -> list[str]:
    person = await make_person()
    organization = await make_organization(slug="ihk-dortmund")
    return [
        "/admin",
        "/admin/users",
        f"/admin/users/{person.id}",
        "/admin/organizations",
        f"/admin/organizations/{organization.slug}",
        "/admin/outbox",
    ]


async def test_every_admin_page_renders_for_an_admin(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    for path in await admin_paths():
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.text.count("<h1") == 1, path


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.PARTNER, Role.MODERATOR, Role.PLANNER])
async def test_everyone_but_an_admin_gets_403_on_every_admin_page(
    client: httpx.AsyncClient, role: Role
) -> None:
    await sign_in_as(client, role)
    token = await csrf_token(client)
    for path in await admin_paths():
        assert (await client.get(path)).status_code == 403, path
        posted = await client.post(
            path, data={"csrf_token": token, "action": "role", "role": "admin"}
        )
        assert posted.status_code in (403, 405), path


async def test_a_citizen_cannot_make_themselves_admin(client: httpx.AsyncClient) -> None:
    citizen = await sign_in_as(client, Role.CITIZEN)
    token = await csrf_token(client)
    response = await client.post(
        f"/admin/users/{citizen.id}", data={"csrf_token": token, "action": "role", "role": "admin"}
    )
    assert response.status_code == 403
    await citizen.refresh_from_db()
    assert citizen.role == Role.CITIZEN


async def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_admin_page(
    client: httpx.AsyncClient,
) -> None:
    token = await csrf_token(client)
    for path in await admin_paths():
        response = await client.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/account/login?next="), path
        posted = await client.post(path, data={"csrf_token": token})
        if posted.status_code != 405:
            assert posted.status_code == 303, path
            assert posted.headers["location"].startswith("/account/login"), path


async def test_unknown_person_and_organisation_are_404(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    assert (await client.get("/admin/users/999999")).status_code == 404
    assert (await client.get("/admin/organizations/gibt-es-nicht")).status_code == 404


async def test_the_dashboard_counts_people_organisations_and_failed_mail(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    await make_organization(verified=False)
    await make_organization(verified=True)
    await OutboxMessage.create(
        recipient="a@example.org",
        subject="Hallo",
        body="x",
        status=OutboxStatus.FAILED,
        next_attempt_at=datetime.now(UTC),
    )
    text = (await client.get("/admin")).text
    assert 'href="/admin/organizations?show=awaiting"' in text
    assert 'href="/admin/outbox"' in text and 'href="/admin/users"' in text
    # people (the admin), organisations, awaiting verification, failed mails
    counts = [int(n) for n in re.findall(r'<p class="kern-heading-large">(\d+)</p>', text)]
    assert counts == [1, 2, 1, 1]
