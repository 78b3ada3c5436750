"""The people pages: search, keyset pagination, roles, planners, suspensions."""

from __future__ import annotations

import re
from datetime import date, timedelta

import httpx

from participation.accounts.models import Role, User
from participation.admin.services import PAGE_SIZE
from participation.masterplans.models import Masterplan
from tests.auth import post_form, shown, sign_in_as
from tests.conftest import QueryCounter
from tests.factories import make_masterplan, make_user

PERSON_LINK = re.compile(r'href="/admin/users/(\d+)"')
NEXT_LINK = re.compile(r'<a class="kern-link" rel="next" href="([^"]+)"')


def people_on(text: str) -> list[int]:
    return [int(found) for found in PERSON_LINK.findall(text)]


async def test_search_finds_people_by_email_or_name_ignoring_case(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    anna = await make_user(email="anna.schulz@ihk-dortmund.de", display_name="Anna Schulz")
    bernd = await make_user(email="b.krause@tu-dortmund.de", display_name="Bernd Krause")
    await make_user(email="someone@example.org", display_name="Jemand Anderes")

    by_email = await client.get("/admin/users", params={"q": "IHK-DORTMUND"})
    assert people_on(by_email.text) == [anna.id]
    by_name = await client.get("/admin/users", params={"q": "krau"})
    assert people_on(by_name.text) == [bernd.id]
    assert 'value="krau"' in by_name.text  # the search stays in the field


async def test_role_filter_shows_only_people_with_that_role(client: httpx.AsyncClient) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    planner = await make_user(role=Role.PLANNER)
    await make_user(role=Role.CITIZEN)
    assert people_on((await client.get("/admin/users?role=planner")).text) == [planner.id]
    assert people_on((await client.get("/admin/users?role=admin")).text) == [admin.id]


async def test_walking_every_page_shows_everyone_exactly_once(client: httpx.AsyncClient) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    created = [await make_user(display_name=f"Mitglied {n}") for n in range(2 * PAGE_SIZE + 7)]
    seen: list[int] = []
    path: str | None = "/admin/users"
    pages = 0
    while path is not None:
        response = await client.get(path.replace("&amp;", "&"))
        assert response.status_code == 200
        on_page = people_on(response.text)
        assert len(on_page) <= PAGE_SIZE
        seen += on_page
        pages += 1
        found = NEXT_LINK.search(response.text)
        path = found.group(1) if found else None
    assert pages == 3
    assert seen == sorted({admin.id, *(person.id for person in created)})


async def test_pagination_keeps_the_search(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    wanted = [await make_user(display_name=f"Fraunhofer {n}") for n in range(PAGE_SIZE + 1)]
    await make_user(display_name="Someone else")
    first = await client.get("/admin/users", params={"q": "fraunhofer"})
    found = NEXT_LINK.search(first.text)
    assert found is not None and "q=fraunhofer" in found.group(1)
    second = await client.get(found.group(1).replace("&amp;", "&"))
    assert people_on(first.text) + people_on(second.text) == [p.id for p in wanted]


async def test_the_user_list_needs_the_same_queries_for_few_and_many_people(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    await sign_in_as(client, Role.ADMIN)
    for _ in range(3):
        await make_user()
    before = count_queries.count
    assert (await client.get("/admin/users")).status_code == 200
    few = count_queries.count - before
    for _ in range(PAGE_SIZE + 20):
        await make_user()
    before = count_queries.count
    assert (await client.get("/admin/users")).status_code == 200
    many = count_queries.count - before
    assert few == many
    assert many <= 5  # the session with its user, the site settings (admins' warning), the
    # header's masterplans, the page


async def test_changing_the_role_is_saved(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    person = await make_user()
    response = await post_form(
        client, f"/admin/users/{person.id}", {"action": "role", "role": "moderator"}
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/users/{person.id}"
    await person.refresh_from_db()
    assert person.role == Role.MODERATOR


async def test_an_unknown_role_is_refused_next_to_the_field(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    person = await make_user()
    response = await post_form(
        client, f"/admin/users/{person.id}", {"action": "role", "role": "emperor"}
    )
    assert response.status_code == 400
    assert 'id="role-error"' in response.text
    assert shown("Choose a role from the list.") in response.text


async def test_an_admin_cannot_remove_their_own_admin_role(client: httpx.AsyncClient) -> None:
    admin = await sign_in_as(client, Role.ADMIN)
    response = await post_form(
        client, f"/admin/users/{admin.id}", {"action": "role", "role": "citizen"}
    )
    assert response.status_code == 400
    assert 'id="role-error"' in response.text
    assert (
        shown("You cannot remove your own administrator role. Ask another administrator to do it.")
        in response.text
    )
    await admin.refresh_from_db()
    assert admin.role == Role.ADMIN


async def test_an_admin_can_demote_another_admin(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    other = await make_user(role=Role.ADMIN)
    response = await post_form(
        client, f"/admin/users/{other.id}", {"action": "role", "role": "citizen"}
    )
    assert response.status_code == 303
    await other.refresh_from_db()
    assert other.role == Role.CITIZEN


async def planned_by(person: User) -> set[str]:
    return {m.slug for m in await Masterplan.filter(planners__id=person.id)}


async def test_a_planner_is_given_exactly_the_chosen_masterplans(
    client: httpx.AsyncClient,
) -> None:
    await sign_in_as(client, Role.ADMIN)
    wirtschaft = await make_masterplan(slug="digitale-wirtschaft")
    bildung = await make_masterplan(slug="digitale-bildung")
    verwaltung = await make_masterplan(slug="digitale-stadtverwaltung")
    planner = await make_user(role=Role.PLANNER)
    path = f"/admin/users/{planner.id}"

    response = await post_form(
        client,
        path,
        {
            "action": "masterplans",
            f"masterplan-{wirtschaft.id}": "on",
            f"masterplan-{verwaltung.id}": "on",
        },
    )
    assert response.status_code == 303
    assert await planned_by(planner) == {"digitale-wirtschaft", "digitale-stadtverwaltung"}
    page = (await client.get(path)).text
    assert re.search(
        rf'id="masterplan-{wirtschaft.id}" name="masterplan-{wirtschaft.id}" '
        r'type="checkbox" checked',
        page,
    )

    await post_form(client, path, {"action": "masterplans", f"masterplan-{bildung.id}": "on"})
    assert await planned_by(planner) == {"digitale-bildung"}
    await post_form(client, path, {"action": "masterplans"})
    assert await planned_by(planner) == set()


async def test_only_planners_can_be_given_masterplans(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    masterplan = await make_masterplan()
    citizen = await make_user()
    response = await post_form(
        client,
        f"/admin/users/{citizen.id}",
        {"action": "masterplans", f"masterplan-{masterplan.id}": "on"},
    )
    assert response.status_code == 400
    assert 'id="masterplans-error"' in response.text
    assert await planned_by(citizen) == set()


async def test_a_planner_made_citizen_plans_nothing_any_more(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    masterplan = await make_masterplan()
    planner = await make_user(role=Role.PLANNER)
    await masterplan.planners.add(planner)
    await post_form(client, f"/admin/users/{planner.id}", {"action": "role", "role": "citizen"})
    assert await planned_by(planner) == set()


async def test_a_suspension_needs_a_reason_and_keeps_the_input(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    person = await make_user()
    until = (date.today() + timedelta(days=14)).isoformat()
    response = await post_form(
        client,
        f"/admin/users/{person.id}",
        {"action": "suspend", "suspended_until": until, "suspension_reason": ""},
    )
    assert response.status_code == 400
    assert 'id="suspension_reason-error"' in response.text
    assert f'value="{until}"' in response.text
    await person.refresh_from_db()
    assert person.suspended_until is None


async def test_a_suspension_must_end_in_the_future(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    person = await make_user()
    response = await post_form(
        client,
        f"/admin/users/{person.id}",
        {"action": "suspend", "suspended_until": "2020-01-01", "suspension_reason": "Spam"},
    )
    assert response.status_code == 400
    assert 'id="suspended_until-error"' in response.text
    assert "Spam</textarea>" in response.text


async def test_a_suspension_is_saved_shown_and_can_be_lifted(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    person = await make_user()
    path = f"/admin/users/{person.id}"
    until = date.today() + timedelta(days=14)
    response = await post_form(
        client,
        path,
        {
            "action": "suspend",
            "suspended_until": until.isoformat(),
            "suspension_reason": "Wiederholte Werbung für einen Onlineshop",
        },
    )
    assert response.status_code == 303
    await person.refresh_from_db()
    assert person.suspended_until is not None
    assert person.suspension_reason == "Wiederholte Werbung für einen Onlineshop"

    page = (await client.get(path)).text
    assert "Wiederholte Werbung für einen Onlineshop" in page
    assert "kern-badge--danger" in page
    listed = (await client.get("/admin/users")).text
    assert shown("suspended") in listed

    assert (await post_form(client, path, {"action": "lift"})).status_code == 303
    await person.refresh_from_db()
    assert person.suspended_until is None and person.suspension_reason == ""


async def test_an_unknown_action_is_a_bad_request(client: httpx.AsyncClient) -> None:
    await sign_in_as(client, Role.ADMIN)
    person = await make_user()
    response = await post_form(client, f"/admin/users/{person.id}", {"action": "explode"})
    assert response.status_code == 400
