"""Every route of the app × every role: who gets in, who is sent to sign in, who gets 403.

A route added later without an entry in ACCESS fails `test_every_route_has_an_entry`, so
nobody can add a page without deciding who may open it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from starlette.routing import Mount, Route

from participation.accounts.models import Membership, MembershipStatus, Role, User
from participation.planning.models import Project
from participation.proposals import attachments
from participation.proposals.models import Attachment
from tests.auth import make_person, post_form, sign_in
from tests.factories import (
    make_comment,
    make_field,
    make_masterplan,
    make_organization,
    make_proposal,
)

ROLES = ("anonymous", "citizen", "partner", "org_admin", "moderator", "planner", "admin")


@dataclass(frozen=True)
class Rule:
    allowed: Callable[[str], bool]
    name: str


PUBLIC = Rule(lambda role: True, "everyone")
SIGNED_IN = Rule(lambda role: role != "anonymous", "signed in")
ADMIN = Rule(lambda role: role == "admin", "admins")
ORGANIZATION_ADMIN = Rule(
    lambda role: role in ("org_admin", "admin"), "the organisation's admins and platform admins"
)
ORGANIZATION_MEMBER = Rule(
    lambda role: role in ("partner", "org_admin"), "confirmed members of an organisation"
)
MODERATOR = Rule(lambda role: role in ("moderator", "admin"), "moderators and admins")
# The walk's planner plans the walk's masterplan.
PLANNER = Rule(lambda role: role in ("planner", "admin"), "its planners and admins")
RESPONDER = Rule(
    lambda role: role in ("moderator", "planner", "admin"), "moderators, its planners, admins"
)
AUTHOR = Rule(lambda role: False, "its author (nobody in this walk)")

# route name → who may use it (every method the route accepts)
ACCESS: dict[str, Rule] = {
    "site:home": PUBLIC,
    "site:language": PUBLIC,
    "site:imprint": PUBLIC,
    "search:results": PUBLIC,
    "votes:weighting": PUBLIC,
    "site:privacy": PUBLIC,
    "site:healthz": PUBLIC,
    "api:masterplans": PUBLIC,
    "api:masterplan": PUBLIC,
    "api:proposals": PUBLIC,
    "api:proposals_csv": PUBLIC,
    "api:datapackage": PUBLIC,
    "api:proposal": PUBLIC,
    "api:projects": PUBLIC,
    "api:openapi": PUBLIC,
    "api:guide": PUBLIC,
    "api:root": PUBLIC,
    "masterplans:detail": PUBLIC,
    "masterplans:archive": PUBLIC,
    "masterplans:texts": PLANNER,
    "masterplans:export_process": PLANNER,
    "fields:list": PLANNER,
    "fields:edit": PLANNER,
    "fields:delete": PLANNER,
    "fields:move": PLANNER,
    "admin:masterplans": ADMIN,
    "admin:import_masterplan": ADMIN,
    "admin:masterplan": ADMIN,
    "admin:delete_masterplan": ADMIN,
    "proposals:list": PUBLIC,
    "proposals:detail": PUBLIC,
    "proposals:new": SIGNED_IN,
    "proposals:similar": PUBLIC,
    "proposals:edit": AUTHOR,
    "proposals:withdraw": AUTHOR,
    "proposals:attachment": PUBLIC,
    "proposals:cosign": ORGANIZATION_MEMBER,
    "votes:vote": SIGNED_IN,
    "comments:create": SIGNED_IN,
    "comments:edit": AUTHOR,
    "comments:delete": AUTHOR,
    "notifications:follow": SIGNED_IN,
    "notifications:list": SIGNED_IN,
    "notifications:mark_read": SIGNED_IN,
    "accounts:register": PUBLIC,
    "accounts:verify": PUBLIC,
    "accounts:resend_verification": PUBLIC,
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:password_reset_request": PUBLIC,
    "accounts:password_reset": PUBLIC,
    "accounts:invitation": PUBLIC,
    "accounts:set_up": PUBLIC,
    "accounts:profile": SIGNED_IN,
    "accounts:data": SIGNED_IN,
    "accounts:data_download": SIGNED_IN,
    "accounts:delete": SIGNED_IN,
    "organizations:members": ORGANIZATION_ADMIN,
    "organizations:leave": ORGANIZATION_MEMBER,
    "admin:index": ADMIN,
    "admin:users": ADMIN,
    "admin:user": ADMIN,
    "admin:user_new": ADMIN,
    "admin:organizations": ADMIN,
    "admin:organization": ADMIN,
    "admin:outbox": ADMIN,
    "admin:website": ADMIN,
    "moderation:queue": MODERATOR,
    "moderation:proposal": MODERATOR,
    "moderation:comment": MODERATOR,
    "moderation:audit": MODERATOR,
    "moderation:audit_csv": MODERATOR,
    "moderation:report_proposal": SIGNED_IN,
    "moderation:report_comment": SIGNED_IN,
    "moderation:pending": MODERATOR,
    "moderation:decide": MODERATOR,
    "moderation:settings": RESPONDER,  # the old address of planning:set_moderation
    "moderation:duplicates": MODERATOR,
    "moderation:merge": MODERATOR,
    "moderation:merge_pick": MODERATOR,
    "moderation:undo_merge": MODERATOR,
    "moderation:reports_decide": MODERATOR,
    "moderation:status": RESPONDER,
    "moderation:curate": MODERATOR,
    "moderation:suspend": MODERATOR,
    "planning:index": PLANNER,
    "planning:workspace": PLANNER,
    "planning:link": PLANNER,
    "planning:unlink": PLANNER,
    "planning:bulk_status": PLANNER,
    "planning:settings": RESPONDER,  # moderators set what waits for moderation there
    "planning:set_phase": PLANNER,
    "planning:set_process": PLANNER,
    "planning:set_moderation": RESPONDER,
    "planning:set_weights": PLANNER,
    "planning:add_planner": ADMIN,
    "planning:remove_planner": ADMIN,
    "planning:draft": PLANNER,
    "planning:add_section": PLANNER,
    "planning:edit_section": PLANNER,
    "planning:publish": PLANNER,
    "planning:projects": PLANNER,
    "planning:project": PLANNER,
    "planning:import_projects": PLANNER,
    "planning:projects_template": PLANNER,
    "planning:export": PLANNER,
    "planning:exports": PLANNER,
    "planning:export_chosen": PLANNER,
    "drafts:current": PUBLIC,
    "drafts:compare": PUBLIC,
    "drafts:comment": SIGNED_IN,
    "drafts:hide_comment": MODERATOR,
    "projects:list": PUBLIC,
    "projects:detail": PUBLIC,
    "outcomes:masterplan": PUBLIC,
    "outcomes:ranking": PUBLIC,
    "reports:council": PUBLIC,
    "reports:council_md": PUBLIC,
    "reports:council_pdf": PUBLIC,
    "reports:issued": PUBLIC,
    "reports:issued_page": PUBLIC,
    "reports:issued_pdf": PUBLIC,
    "reports:issue": ADMIN,  # the overall report; a masterplan's report: its planners
    "static": PUBLIC,
}


def app_routes() -> list[Route | Mount]:
    from app import create_app
    from participation.settings import load_settings

    app = create_app(load_settings(env_file=None), connect_database=False)
    return [r for r in app.routes if isinstance(r, Route | Mount)]


def test_every_route_has_an_entry() -> None:
    names = {route.name for route in app_routes()}
    assert names - ACCESS.keys() == set(), "add the new routes to ACCESS"
    assert ACCESS.keys() - names == set(), "ACCESS names routes that are gone"


STORED_NAME = "a" * 32


@pytest.fixture
def upload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An upload directory holding the one attachment of the walk's proposal."""
    directory = tmp_path / "uploads"
    directory.mkdir()
    (directory / STORED_NAME).write_bytes(b"%PDF-1.4\n%%EOF\n")
    monkeypatch.setattr(attachments, "UPLOAD_DIR", directory)
    return directory


async def _world() -> dict[str, object]:
    masterplan = await make_masterplan(slug="digitale-wirtschaft")
    field = await make_field(masterplan)
    proposal = await make_proposal(field)
    comment = await make_comment(proposal)
    attachment = await Attachment.create(
        proposal=proposal,
        original_name="papier.pdf",
        stored_name=STORED_NAME,
        content_type="application/pdf",
        size=14,
    )
    ihk = await make_organization(slug="ihk-dortmund", name="IHK zu Dortmund")
    project = await Project.create(
        masterplan=masterplan,
        field_of_action=await make_field(masterplan),
        code="DW-01",
        title="Glasfaserausbau",
    )
    people: dict[str, User] = {
        "citizen": await make_person(),
        "partner": await make_person(ihk, role=Role.PARTNER),
        "org_admin": await make_person(ihk, role=Role.PARTNER),
        "moderator": await make_person(role=Role.MODERATOR),
        "planner": await make_person(role=Role.PLANNER),
        "admin": await make_person(role=Role.ADMIN),
    }
    await Membership.filter(user=people["org_admin"]).update(
        is_admin=True, status=MembershipStatus.CONFIRMED
    )
    await masterplan.planners.add(people["planner"])
    return {
        "people": people,
        "params": {
            "slug": masterplan.slug,
            "proposal_id": proposal.id,
            "language": "en",
            "token": "kein-gueltiger-token",
            "user_id": people["citizen"].id,
            "organization_slug": ihk.slug,
            "path": "css/app.css",
            "comment_id": comment.id,
            "attachment_id": attachment.id,
            "merge_id": 999999,
            "section_id": 999999,
            "link_id": 999999,
            "key": "kein-abschnitt",
            "format": "csv",
            "snapshot_id": 999999,
            "project_id": project.id,
            "field_id": field.id,
        },
    }


def _path_for(route: Route | Mount, params: dict[str, object]) -> str:
    path = route.path if isinstance(route, Route) else route.path + "/{path}"
    for name in re.findall(r"{(\w+)(?::\w+)?}", path):
        value = (
            params["organization_slug"]
            if (
                name == "slug"
                and route.name
                in ("organizations:members", "organizations:leave", "admin:organization")
            )
            else params[name]
        )
        path = re.sub(r"{" + name + r"(:\w+)?}", str(value), path)
    return path


def _refused(response: httpx.Response, role: str) -> bool:
    if role == "anonymous":
        return response.status_code == 303 and response.headers["location"].startswith(
            "/account/login?next="
        )
    return response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_reaches_exactly_the_routes_meant_for_it(
    client: httpx.AsyncClient, role: str, upload_dir: Path
) -> None:
    world = await _world()
    people: dict[str, User] = world["people"]  # type: ignore[assignment]
    if role != "anonymous":
        await sign_in(client, people[role])
    wrong: list[str] = []
    for route in app_routes():
        rule = ACCESS[route.name]
        path = _path_for(route, world["params"])  # type: ignore[arg-type]
        methods = (
            sorted((route.methods or {"GET"}) - {"HEAD"}) if isinstance(route, Route) else ["GET"]
        )
        for method in methods:
            if route.name == "accounts:logout" or (
                route.name == "accounts:delete" and method == "POST"
            ):
                continue  # these end the session the rest of the walk needs; tested apart
            if method == "GET":
                response = await client.get(path)
            else:
                response = await post_form(client, path, {}, token_from="/account/login")
            refused = _refused(response, role)
            if response.status_code >= 500 or refused == rule.allowed(role):
                wrong.append(f"{method} {path}: {response.status_code} (meant for {rule.name})")
    assert wrong == []
