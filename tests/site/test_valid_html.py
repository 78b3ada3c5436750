"""Every main page, as every role sees it, is valid HTML by the Nu HTML Checker (issue 17).

The walk takes its pages from the app's routes and its access matrix (tests/test_access_
matrix.py): each role opens every page meant for it, then what those pages link to with
other query parameters (filters, orders, next pages), so a page added later is checked
without a change here; every form is then sent back empty once, for the page with its
errors or the page its redirect leads to. The scene is the Dortmund demo with what it
lacks: a proposal and a comment of the citizen's own, a proposal waiting for moderation, a
report, an audit entry, a comment on the draft, an issued council report, a membership
request and links with real tokens. One run of the checker reads every page.
"""

from __future__ import annotations

import asyncio
import html
import re
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.routing import Match, Route

from participation.accounts import set_up
from participation.accounts.invitations import invite
from participation.accounts.models import (
    Membership,
    MembershipStatus,
    Organization,
    StakeholderGroup,
    User,
)
from participation.accounts.tokens import RESET_PASSWORD, VERIFY_EMAIL, sign
from participation.demo import data
from participation.demo.seed import seed_demo
from participation.masterplans.models import FieldOfAction, Masterplan
from participation.moderation.services import hide_comment, report
from participation.planning.models import DraftSection, Project, SectionComment, VersionStatus
from participation.proposals.models import Proposal, ProposalStatus
from participation.reports.council import council_report, issue_report
from participation.settings import load_settings
from tests.auth import post_form
from tests.conftest import open_client
from tests.factories import make_comment, make_proposal, make_user
from tests.test_access_matrix import ACCESS, app_routes
from tests.vnu import check, java

pytestmark = pytest.mark.usefixtures("db")

SLUG = "digitale-bildung"  # collecting proposals, two drafts published, a third in the works
ORGANIZATION = "ihk-dortmund"  # the demo organisation admin's organisation
# role of the walk → the demo account that has it ("partner" of the access matrix: the
# organisation admin is a partner too, and sees more)
ACCOUNTS = {
    "anonymous": None,
    "citizen": "buergerin@demo.invalid",
    "org_admin": "ihk.luetkehaus@demo.invalid",
    "moderator": "moderation@demo.invalid",
    "planner": "planung.bildung@demo.invalid",
    "admin": "admin@demo.invalid",
}
# Routes whose pages only their author opens (AUTHOR in the access matrix): the citizen
# wrote the scene's own proposal and comment.
AUTHORED = {"proposals:edit", "comments:edit"}
# Downloads, never pages (nor is an address with a suffix, such as /reports/council.pdf).
FILES = {"proposals:attachment", "planning:export_chosen"}
DOCTYPE = re.compile(r"\s*<!doctype html>", re.IGNORECASE)


@dataclass
class Page:
    role: str
    url: str
    html: str


@dataclass
class Walk:
    pages: list[Page] = field(default_factory=list)
    not_shown: list[str] = field(default_factory=list)  # meant for the role, but no page


async def _scene() -> dict[str, dict[str, object]]:
    """The demo and what it lacks; the values the routes' parameters take, per route name
    where one name means different things (``slug``, ``token``, ``comment_id``)."""
    await seed_demo()
    settings = load_settings(env_file=None)
    secret = str(settings.secret_key)
    masterplan = await Masterplan.get(slug=SLUG)
    people = {role: await User.get(email=email) for role, email in ACCOUNTS.items() if email}
    citizen, moderator, admin = people["citizen"], people["moderator"], people["admin"]
    # The most discussed proposal of the masterplan: votes, comments, perhaps a response.
    proposal = (
        await Proposal.filter(
            field_of_action__masterplan=masterplan, status=ProposalStatus.PUBLISHED
        )
        .order_by("-comment_count", "id")
        .first()
    )
    assert proposal is not None
    field_of_action = await FieldOfAction.get(id=proposal.field_of_action_id)  # type: ignore[attr-defined]
    duplicate = (
        await Proposal.filter(
            field_of_action__masterplan=masterplan, status=ProposalStatus.PUBLISHED
        )
        .exclude(id=proposal.id)
        .first()
    )
    assert duplicate is not None
    section = await DraftSection.filter(
        version__masterplan=masterplan, version__status=VersionStatus.PUBLISHED
    ).first()
    assert section is not None
    await SectionComment.create(
        section=section,
        author=citizen,
        stakeholder_group=StakeholderGroup.CITIZENS,
        body="Bitte auch die Berufsschulen nennen.",
    )
    own = await make_proposal(
        field_of_action, citizen, title="Freies WLAN in allen Bürgerbüros", body="Damit man…"
    )
    own_comment = await make_comment(proposal, citizen, body="Das wäre auch im Rathaus gut.")
    other = await make_comment(proposal, body="Werbung für meinen Laden!")
    await report(reporter=citizen, comment=other, reason="spam", text="Reine Werbung.")
    hidden = await make_comment(proposal, body="Eine Beleidigung.")
    await hide_comment(comment=hidden, moderator=moderator, reason="Beleidigend.")
    await make_proposal(field_of_action, title="Noch ungeprüft", status=ProposalStatus.PENDING)
    ihk = await Organization.get(slug=ORGANIZATION)
    await Membership.create(
        user=await make_user(), organization=ihk, status=MembershipStatus.PENDING
    )
    snapshot = await issue_report(report=await council_report(masterplan), by=admin)
    project = await Project.filter(masterplan=masterplan).order_by("id").first()
    assert project is not None
    unverified = await make_user(email_verified_at=None)
    not_set_up = await make_user(password_hash=None)
    set_up_link = set_up.set_up_link(user=not_set_up, secret=secret, base_url="")
    link = await invite(
        organization=ihk, email="neu@ihk.example", invited_by=admin, base_url="http://testserver"
    )
    common: dict[str, object] = {
        "slug": SLUG,
        "proposal_id": proposal.id,
        "comment_id": other.id,
        "user_id": citizen.id,
        "field_id": field_of_action.id,
        "project_id": project.id,
        "snapshot_id": snapshot.id,
        "language": "en",
        "format": "csv",
    }
    own_slug: dict[str, object] = {"slug": ORGANIZATION}
    return {
        "*": common,
        "proposals:edit": {"proposal_id": own.id},
        "comments:edit": {"comment_id": own_comment.id},
        "organizations:members": own_slug,
        "organizations:leave": own_slug,
        "admin:organization": own_slug,
        "accounts:verify": {
            "token": sign(secret, VERIFY_EMAIL, {"u": unverified.id, "e": unverified.email})
        },
        "accounts:password_reset": {
            "token": sign(
                secret,
                RESET_PASSWORD,
                {"u": citizen.id, "h": (citizen.password_hash or "")[-16:], "e": citizen.email},
            )
        },
        "accounts:set_up": {"token": set_up_link.rsplit("/", 1)[1]},
        "accounts:invitation": {"token": link.rsplit("/", 1)[1]},
        "moderation:merge": {"?": f"duplicate={duplicate.id}&into={proposal.id}"},
    }


def _path(route: Route, values: dict[str, dict[str, object]]) -> str:
    params = {**values["*"], **values.get(route.name, {})}
    path = route.path
    for name in re.findall(r"{(\w+)(?::\w+)?}", path):
        path = re.sub(r"{" + name + r"(:\w+)?}", str(params[name]), path)
    return f"{path}?{params['?']}" if "?" in params else path


def _is_page(response: httpx.Response) -> bool:
    """A whole HTML document (htmx fragments and files are not pages)."""
    return response.headers.get("content-type", "").startswith("text/html") and bool(
        DOCTYPE.match(response.text)
    )


def _routes(role: str, method: str) -> list[Route]:
    """The routes a role may use with ``method`` that can answer with a page."""
    matrix_role = "partner" if role == "org_admin" else role
    chosen = []
    for route in app_routes():
        if (
            not isinstance(route, Route)
            or not {"GET", method} <= (route.methods or set())
            or route.name in FILES
            or "." in route.path.rsplit("/", 1)[1]
        ):
            continue
        if route.name == "accounts:verify" and role != "anonymous":
            continue  # the link is for the person who has not signed in yet
        if route.name in AUTHORED:
            if role == "citizen":
                chosen.append(route)
        elif ACCESS[route.name].allowed(matrix_role) or ACCESS[route.name].allowed(role):
            chosen.append(route)
    return chosen


async def _signed_in(client: httpx.AsyncClient, role: str) -> httpx.AsyncClient:
    email = ACCOUNTS[role]
    if email is not None:
        response = await post_form(
            client, "/account/login", {"email": email, "password": data.DEMO_PASSWORD}
        )
        assert response.status_code == 303, f"{role} cannot sign in"
    return client


async def _open(
    client: httpx.AsyncClient, role: str, url: str, walk: Walk, *, label: str = ""
) -> None:
    response = await client.get(url)
    if response.status_code == 200 and _is_page(response):
        walk.pages.append(Page(role, label or url, response.text))
    elif response.status_code not in (200, 302, 303, 307, 308):
        walk.not_shown.append(f"{role} GET {url}: {response.status_code}")


LINK = re.compile(r'href="(/[^"#]*)')


def _route_of(url: str, routes: list[Route]) -> Route | None:
    scope = {"type": "http", "method": "GET", "path": url.split("?", 1)[0], "root_path": ""}
    return next((r for r in routes if r.matches(scope)[0] is Match.FULL), None)


async def _follow_variants(
    client: httpx.AsyncClient, role: str, routes: list[Route], walk: Walk
) -> None:
    """Open what the role's pages link to with other parameters in the query (a filter, an
    order, the next page, two versions compared): once per route and set of parameters."""
    seen = {(route.name, frozenset[str]()) for route in routes}
    for page in [p for p in walk.pages if p.role == role]:
        for link in LINK.findall(page.html):
            url = html.unescape(link)
            route = _route_of(url, routes)
            if route is None or route.name == "site:language":
                continue  # switching the language would change every page after it
            names = frozenset(parse_qs(urlsplit(url).query, keep_blank_values=True))
            if (route.name, names) not in seen:
                seen.add((route.name, names))
                await _open(client, role, url, walk)


async def _send_empty(client: httpx.AsyncClient, role: str, url: str, walk: Walk) -> None:
    """A form sent as it first appears, untouched: the page that comes back with its
    errors, or the page the redirect after it leads to (with its message)."""
    response = await post_form(client, url, {}, token_from=url)
    if response.status_code in (302, 303) and response.headers["location"].startswith("/"):
        await _open(client, role, response.headers["location"], walk, label=f"POST {url} →")
    elif _is_page(response):
        walk.pages.append(Page(role, f"POST {url}", response.text))
    elif response.status_code != 200:
        walk.not_shown.append(f"{role} POST {url}: {response.status_code}")


async def _extras(
    clients: dict[str, httpx.AsyncClient], values: dict[str, dict[str, object]], walk: Walk
) -> None:
    """Pages the route walk does not reach: every proposal in whatever state it is in (as
    the public and a moderator see it), the other masterplans' public pages, a search, a
    form sent back with wrong values, a missing page, and a citizen's pages in English."""
    anonymous, moderator = clients["anonymous"], clients["moderator"]
    for proposal_id in await Proposal.all().order_by("id").values_list("id", flat=True):
        for role, client in (("anonymous", anonymous), ("moderator", moderator)):
            response = await client.get(f"/proposals/{proposal_id}")
            if response.status_code == 200:  # the public never sees a pending one
                walk.pages.append(Page(role, f"/proposals/{proposal_id}", response.text))
    public = _routes("anonymous", "GET")
    for slug in await Masterplan.exclude(slug=SLUG).values_list("slug", flat=True):
        for route in public:
            if "{slug}" in route.path:
                await _open(anonymous, "anonymous", route.path.replace("{slug}", str(slug)), walk)
    for url in ("/suche?q=Schule", f"/masterplans/{SLUG}/proposals?q=Schule&sort=new"):
        await _open(anonymous, "anonymous", url, walk)
    response = await anonymous.get("/gibt-es-nicht")
    assert response.status_code == 404 and _is_page(response)
    walk.pages.append(Page("anonymous", "/gibt-es-nicht (404)", response.text))
    async with open_client() as client:
        response = await post_form(
            client,
            "/account/register",
            {"display_name": "B", "email": "keine-adresse", "password": "kurz"},
            token_from="/account/register",
        )
        assert _is_page(response), response.status_code
        walk.pages.append(Page("anonymous", "POST /account/register (wrong)", response.text))
        await _signed_in(client, "citizen")
        assert (await client.get("/language/en")).status_code == 303  # as the header's switch
        english = Walk()
        for route in _routes("citizen", "GET"):
            await _open(client, "citizen", _path(route, values), english)
        assert english.pages and all('lang="en"' in p.html[:200] for p in english.pages)
        walk.pages += [Page(p.role, f"{p.url} (English)", p.html) for p in english.pages]
        walk.not_shown += english.not_shown


async def test_every_main_page_for_every_role_is_valid_html(tmp_path: Path) -> None:
    java()  # skips (or fails under REQUIRE_JAVA) before any work
    started = time.monotonic()
    values = await _scene()
    walk = Walk()
    async with AsyncExitStack() as stack:
        clients = {
            role: await _signed_in(await stack.enter_async_context(open_client()), role)
            for role in ACCOUNTS
        }
        for role, client in clients.items():
            routes = _routes(role, "GET")
            for route in routes:
                await _open(client, role, _path(route, values), walk)
            await _follow_variants(client, role, routes, walk)
        # Then every form sent empty, once, by the first role it is meant for.
        sent: set[str] = set()
        for role, client in clients.items():
            for route in _routes(role, "POST"):
                if route.name not in sent:
                    sent.add(route.name)
                    await _send_empty(client, role, _path(route, values), walk)
        await _extras(clients, values, walk)
    assert walk.not_shown == [], "pages meant for these roles did not open:\n" + "\n".join(
        walk.not_shown
    )
    files: dict[Path, Page] = {}
    for number, page in enumerate(walk.pages):
        path = tmp_path / f"{number:03d}-{page.role}.html"
        path.write_text(page.html, encoding="utf-8")
        files[path] = page
    crawled = time.monotonic()
    errors = await asyncio.to_thread(check, list(files))
    per_role = {role: sum(p.role == role for p in walk.pages) for role in ACCOUNTS}
    print(
        f"\n{len(files)} pages {per_role}: walk {crawled - started:.1f} s, "
        f"vnu {time.monotonic() - crawled:.1f} s"
    )
    assert per_role["anonymous"] >= 15 and per_role["admin"] >= 40, per_role
    listed = [
        f"{files[e.file].role} {files[e.file].url} line {e.line}: {e.text} [{e.extract[:120]}]"
        if e.file in files
        else f"{e.file} line {e.line}: {e.text}"
        for e in errors
    ]
    assert listed == [], "the Nu HTML Checker finds errors:\n" + "\n".join(listed)
