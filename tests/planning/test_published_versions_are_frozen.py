"""Issue 6: "A published version cannot be changed through any route". Every planning route
is walked with the ids of a published version's sections and links, as a planner of the
masterplan, and the published version must read exactly as before."""

from __future__ import annotations

import re

import httpx
import pytest
from starlette.routing import Route

from participation.accounts.models import Role, User
from participation.masterplans.models import Masterplan, Phase
from participation.planning import drafts, links
from participation.planning.models import DraftSection, DraftVersion, InputLink
from participation.proposals.models import Proposal
from participation.settings import load_settings
from tests.auth import csrf_token, make_person, post_form, shown, sign_in
from tests.factories import make_field, make_proposal

SECTION_ACTIONS = ("save", "up", "down", "remove", "unlink")
MY_ROUTES = {"planning:draft", "planning:add_section", "planning:edit_section", "planning:publish"}


async def published_draft() -> tuple[Masterplan, User, DraftVersion, Proposal]:
    """Version 1 published with three sections, the middle one with a linked proposal."""
    field = await make_field()
    masterplan = await field.masterplan
    masterplan.phase = Phase.CONSULTATION
    await masterplan.save()
    planner = await make_person(role=Role.PLANNER)
    await masterplan.planners.add(planner)
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    for title in ("Ausgangslage", "Glasfaser", "Umsetzung"):
        await drafts.add_section(version=version, title=title, body=f"{title}.", by=planner)
    middle = (await DraftSection.filter(version_id=version.id))[1]
    proposal = await make_proposal(field, title="Gigabit für Gewerbegebiete")
    other = await make_proposal(field, title="WLAN an Schulen")
    await links.link_proposal(
        section=middle, proposal=proposal, disposition="adopted", note="Ganz.", by=planner
    )
    await drafts.publish_version(version=version, by=planner, changes="Erster Entwurf")
    return masterplan, planner, version, other


async def snapshot(version: DraftVersion) -> object:
    """Everything a reader of the version sees, and its state."""
    stored = await DraftVersion.get(id=version.id)
    sections = await DraftSection.filter(version_id=version.id).values_list(
        "id", "key", "position", "title", "body", "field_of_action_id"
    )
    linked = await InputLink.filter(section__version_id=version.id).values_list(
        "id", "section_id", "proposal_id", "disposition", "note"
    )
    return (
        (stored.number, stored.status, stored.changes, stored.published_at),
        sorted(sections),
        sorted(linked),
    )


def planning_posts() -> list[Route]:
    from app import create_app

    app = create_app(load_settings(env_file=None), connect_database=False)
    return [
        route
        for route in app.routes
        if isinstance(route, Route)
        and (route.name or "").startswith("planning:")
        and "POST" in (route.methods or set())
    ]


def path_of(route: Route, values: dict[str, object]) -> str:
    """The route's path with a published version's ids for its parameters; a parameter this
    walk does not know gets the published version's id."""
    return re.sub(
        r"{(\w+)(?::\w+)?}", lambda m: str(values.get(m.group(1), values["version_id"])), route.path
    )


async def test_no_section_action_of_the_editor_changes_a_published_version(
    client: httpx.AsyncClient,
) -> None:
    masterplan, planner, version, _ = await published_draft()
    await sign_in(client, planner)
    before = await snapshot(version)
    link = await InputLink.get(section__version_id=version.id)
    for section in await DraftSection.filter(version_id=version.id):
        for action in SECTION_ACTIONS:
            response = await post_form(
                client,
                f"/planning/{masterplan.slug}/draft/sections/{section.id}",
                {"action": action, "title": "Geändert", "body": "Neu", "link_id": str(link.id)},
            )
            if action == "unlink" and section.id != link.section_id:  # type: ignore[attr-defined]
                assert response.status_code == 404  # the link belongs to another section
                continue
            assert response.status_code == 409, (action, response.status_code)
            assert shown("A published version cannot be changed.") in response.text
    assert await snapshot(version) == before


async def test_adding_and_publishing_never_reach_a_published_version(
    client: httpx.AsyncClient,
) -> None:
    masterplan, planner, version, _ = await published_draft()
    await sign_in(client, planner)
    before = await snapshot(version)
    base = f"/planning/{masterplan.slug}/draft"
    added = await post_form(client, f"{base}/sections", {"title": "Neu", "body": "Neu"})
    assert added.status_code == 400
    assert shown("Please start a new version first.") in added.text
    published = await post_form(client, f"{base}/publish", {"changes": "Noch einmal"})
    assert published.status_code == 400
    assert await snapshot(version) == before
    assert await DraftVersion.filter(masterplan_id=masterplan.id).count() == 1


@pytest.mark.parametrize("with_working_version", [False, True])
async def test_no_planning_route_changes_a_published_version(
    client: httpx.AsyncClient, with_working_version: bool
) -> None:
    masterplan, planner, version, other = await published_draft()
    if with_working_version:
        working = await drafts.working_version(masterplan=masterplan, by=planner)
        await drafts.add_section(version=working, title="Neu in Version 2", body="", by=planner)
    await sign_in(client, planner)
    before = await snapshot(version)
    link = await InputLink.get(section__version_id=version.id)
    sections = await DraftSection.filter(version_id=version.id)
    token = await csrf_token(client)
    walked = set()
    for route in planning_posts():
        # Each section where the path names one; elsewhere the linked one, named in the form.
        for section in sections if "{section_id" in route.path else [sections[1]]:
            values: dict[str, object] = {
                "slug": masterplan.slug,
                "section_id": section.id,
                "link_id": link.id,
                "version_id": version.id,
            }
            for action in (*SECTION_ACTIONS, "start", "publish", "link", "delete", ""):
                response = await client.post(
                    path_of(route, values),
                    data={
                        "csrf_token": token,
                        "action": action,
                        "section_id": str(section.id),
                        "section": str(section.id),
                        "link_id": str(link.id),
                        "version_id": str(version.id),
                        "proposal_id": str(other.id),
                        "disposition": "considered",
                        "note": "Nachträglich",
                        "title": "Geändert",
                        "body": "Geändert",
                        "changes": "Geändert",
                    },
                )
                if route.name in MY_ROUTES:
                    assert response.status_code < 500, (route.name, action)
        walked.add(route.name)
    assert walked >= MY_ROUTES
    assert await snapshot(version) == before
