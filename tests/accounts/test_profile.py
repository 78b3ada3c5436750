from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import NotificationMode, User
from tests.auth import make_person, post_form, sign_in
from tests.factories import make_organization

pytestmark = pytest.mark.usefixtures("db")


async def test_profile_changes_name_language_and_notifications(
    client: httpx.AsyncClient,
) -> None:
    user = await make_person(await make_organization(name="TU Dortmund"))
    await sign_in(client, user)
    page = await client.get("/account/profile")
    assert "TU Dortmund" in page.text and user.email in page.text
    response = await post_form(
        client,
        "/account/profile",
        {
            "action": "profile",
            "display_name": "Prof. Albers",
            "language": "en",
            "notification_mode": "daily_digest",
        },
    )
    assert response.status_code == 303
    fresh = await User.get(id=user.id)
    assert (fresh.display_name, fresh.language, fresh.notification_mode) == (
        "Prof. Albers",
        "en",
        NotificationMode.DAILY_DIGEST,
    )
    assert '<html lang="en">' in (await client.get("/account/profile")).text


async def test_profile_errors_keep_the_input(client: httpx.AsyncClient) -> None:
    user = await make_person()
    await sign_in(client, user)
    response = await post_form(
        client,
        "/account/profile",
        {
            "action": "profile",
            "display_name": "X",
            "language": "de",
            "notification_mode": "instant",
        },
    )
    assert response.status_code == 400
    assert 'id="display_name-error"' in response.text and 'value="X"' in response.text


async def test_account_pages_send_visitors_to_sign_in(client: httpx.AsyncClient) -> None:
    for path in ("/account/profile", "/account/data", "/account/data/download", "/account/delete"):
        response = await client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/account/login?next=")


async def test_an_organisation_admin_finds_the_members_page_from_the_profile(
    client: httpx.AsyncClient,
) -> None:
    from participation.accounts.models import Membership

    ihk = await make_organization(slug="ihk-dortmund", name="IHK zu Dortmund")
    admin = await make_person(ihk)
    await Membership.filter(user=admin).update(is_admin=True)
    await sign_in(client, admin)
    html = (await client.get("/account/profile")).text
    assert 'href="/organizations/ihk-dortmund/members"' in html
