"""Who may use the masterplan and field pages: every route × admin, a planner of this
masterplan, a planner of another, a moderator, a citizen and a visitor."""

from __future__ import annotations

import httpx
import pytest

from participation.accounts.models import Role, User
from tests.auth import make_person, post_form, sign_in
from tests.factories import make_field, make_masterplan, make_proposal

ROLES = ("visitor", "citizen", "moderator", "planner_of_another", "planner", "admin")
ADMINS = {"admin"}
PLANNERS = {"admin", "planner"}
EVERYONE = set(ROLES)

# path (with {slug} and {field}) → methods → who gets in
ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("/admin/masterplans", ("GET", "POST"), ADMINS),
    ("/admin/masterplans/import", ("POST",), ADMINS),
    ("/admin/masterplans/{slug}", ("GET", "POST"), ADMINS),
    ("/admin/masterplans/{slug}/delete", ("GET", "POST"), ADMINS),
    ("/planning/{slug}/texts", ("GET", "POST"), PLANNERS),
    ("/planning/{slug}/process.json", ("GET",), PLANNERS),
    ("/planning/{slug}/fields", ("GET", "POST"), PLANNERS),
    ("/planning/{slug}/fields/{field}", ("GET", "POST"), PLANNERS),
    ("/planning/{slug}/fields/{field}/delete", ("GET", "POST"), PLANNERS),
    ("/planning/{slug}/fields/{field}/move", ("GET", "POST"), PLANNERS),
    ("/archiv", ("GET",), EVERYONE),
]


async def _people() -> dict[str, User]:
    return {
        "citizen": await make_person(),
        "moderator": await make_person(role=Role.MODERATOR),
        "planner_of_another": await make_person(role=Role.PLANNER),
        "planner": await make_person(role=Role.PLANNER),
        "admin": await make_person(role=Role.ADMIN),
    }


def _refused(response: httpx.Response, role: str) -> bool:
    if role == "visitor":
        location = response.headers.get("location", "")
        return response.status_code == 303 and location.startswith("/account/login")
    return response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_reaches_exactly_the_masterplan_pages_meant_for_it(
    client: httpx.AsyncClient, role: str
) -> None:
    masterplan = await make_masterplan(slug="gesundheit")
    field = await make_field(masterplan)
    await make_proposal(field)  # so that nothing an empty post could do deletes the world
    other = await make_masterplan(slug="bildung")
    people = await _people()
    await masterplan.planners.add(people["planner"])
    await other.planners.add(people["planner_of_another"])
    if role != "visitor":
        await sign_in(client, people[role])
    wrong = []
    for template, methods, allowed in ROUTES:
        path = template.format(slug=masterplan.slug, field=field.id)
        for method in methods:
            if method == "GET":
                response = await client.get(path)
            else:
                response = await post_form(client, path, {})
            if response.status_code >= 500 or _refused(response, role) == (role in allowed):
                wrong.append(f"{method} {path}: {response.status_code}")
    assert wrong == []
