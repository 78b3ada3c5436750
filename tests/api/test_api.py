"""The open data API on both databases: what it serves, how it pages, what it never shows."""

from __future__ import annotations

import csv
import io

import httpx

from participation.accounts.models import Role, StakeholderGroup
from participation.api.middleware import ApiMiddleware
from participation.moderation import services as moderation
from participation.planning import drafts, links, projects
from participation.proposals.models import Proposal, ProposalStatus
from participation.settings import load_settings
from tests.factories import add_votes, make_field, make_proposal, make_user


async def _scene() -> dict[str, object]:
    field = await make_field(slug="glasfaser", title="Glasfaser")
    masterplan = await field.masterplan
    shown = [await make_proposal(field, title=f"Vorschlag {n}") for n in range(5)]
    await add_votes(shown[2], StakeholderGroup.CHAMBERS, supports=4, opposes=0)
    hidden = await make_proposal(field, title="Versteckte Werbung")
    await add_votes(hidden, StakeholderGroup.CITIZENS, supports=50, opposes=0)
    moderator = await make_user(role=Role.MODERATOR)
    await moderation.hide_proposal(proposal=hidden, moderator=moderator, reason="Werbung")
    await make_proposal(field, title="Wartet noch", status=ProposalStatus.PENDING)
    planner = await make_user(role=Role.PLANNER)
    version = await drafts.working_version(masterplan=masterplan, by=planner)
    section = await drafts.add_section(version=version, title="Gigabit", body="", by=planner)
    await links.link_proposal(
        section=section, proposal=shown[2], disposition="adopted", note="Ganz", by=planner
    )
    await drafts.publish_version(version=version, by=planner)
    project = await projects.create_project(
        masterplan=masterplan, field_of_action_id=field.id, code="DW-1", title="Ausbau", by=planner
    )
    await projects.set_linked_proposals(project=project, proposal_ids=[shown[0].id], by=planner)
    return {"masterplan": masterplan, "shown": shown, "hidden": hidden, "project": project}


async def test_masterplans_and_one_masterplan_are_served_openly(client: httpx.AsyncClient) -> None:
    scene = await _scene()
    listed = await client.get("/api/v1/masterplans")
    assert listed.status_code == 200
    assert listed.headers["access-control-allow-origin"] == "*"
    slug = scene["masterplan"].slug  # type: ignore[attr-defined]
    [plan] = [m for m in listed.json()["masterplans"] if m["slug"] == slug]
    assert plan["fields_of_action"] == [
        {"slug": "glasfaser", "title": "Glasfaser", "proposal_count": 5}
    ]
    one = await client.get(f"/api/v1/masterplans/{slug}")
    assert one.json()["phase_periods"] == []
    assert (await client.get("/api/v1/masterplans/gibt-es-nicht")).status_code == 404


async def test_proposals_page_by_cursor_in_rank_order_and_never_show_hidden_ones(
    client: httpx.AsyncClient,
) -> None:
    scene = await _scene()
    slug = scene["masterplan"].slug  # type: ignore[attr-defined]
    seen: list[int] = []
    base = load_settings(env_file=None).base_url
    url: str | None = f"/api/v1/masterplans/{slug}/proposals?limit=2&status=published"
    while url:
        # A client's Host header never makes the next address point elsewhere.
        page = (await client.get(url, headers={"Host": "evil.example"})).json()
        seen += [p["id"] for p in page["proposals"]]
        url = page["next"]
        if url is not None:
            assert url.startswith(f"{base}/api/v1/masterplans/{slug}/proposals?")
            assert "limit=2" in url and "status=published" in url and "evil" not in url
            url = url.removeprefix(base)
    expected = await Proposal.filter(
        masterplan_id=scene["masterplan"].id,  # type: ignore[attr-defined]
        status=ProposalStatus.PUBLISHED,
    ).order_by("-wilson", "-vote_count", "id")
    assert seen == [p.id for p in expected]
    hidden = scene["hidden"]
    assert hidden.id not in seen  # type: ignore[attr-defined]
    assert (await client.get(f"/api/v1/proposals/{hidden.id}")).status_code == 404  # type: ignore[attr-defined]
    searched = await client.get(f"/api/v1/masterplans/{slug}/proposals?q=Werbung")
    assert searched.json()["proposals"] == []
    raw = (await client.get(f"/api/v1/masterplans/{slug}/proposals.csv")).text
    assert "Versteckte Werbung" not in raw and "Wartet noch" not in raw
    assert len(list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))) == 1 + 5


async def test_a_proposal_shows_its_groups_and_where_the_draft_took_it_up(
    client: httpx.AsyncClient,
) -> None:
    scene = await _scene()
    top = scene["shown"][2]  # type: ignore[index]
    data = (await client.get(f"/api/v1/proposals/{top.id}")).json()
    chambers = next(g for g in data["groups"] if g["group"] == "chambers")
    assert (chambers["supports"], chambers["opposes"]) == (4, 0)
    assert data["draft"][0]["section"] == "Gigabit"
    assert data["draft"][0]["disposition"] == "adopted"
    assert "email" not in str(data).lower()


async def test_wrong_parameters_are_a_400_naming_the_parameter(client: httpx.AsyncClient) -> None:
    scene = await _scene()
    slug = scene["masterplan"].slug  # type: ignore[attr-defined]
    for query, name in (
        ("sort=balanced", "sort"),
        ("limit=0", "limit"),
        ("limit=%C2%B2", "limit"),  # "²" counts as a digit to Python, not as a number
        ("status=hidden", "status"),
        ("status=", "status"),  # empty is none of the documented values, not "all"
        ("group=", "group"),
        ("sort=", "sort"),
        ("limit=", "limit"),
    ):
        answer = await client.get(f"/api/v1/masterplans/{slug}/proposals?{query}")
        assert answer.status_code == 400
        assert answer.json()["parameter"] == name


async def test_projects_list_their_public_proposals(client: httpx.AsyncClient) -> None:
    scene = await _scene()
    data = (await client.get("/api/v1/projects?status=planned")).json()
    [project] = data["projects"]
    assert project["code"] == "DW-1" and project["proposals"] == [scene["shown"][0].id]  # type: ignore[index]
    assert data["next"] is None
    # A cursor that is no plain number starts from the beginning instead of failing.
    odd = (await client.get("/api/v1/projects?cursor=%C2%B9")).json()
    assert [p["code"] for p in odd["projects"]] == ["DW-1"]


async def test_the_openapi_document_names_every_api_route(client: httpx.AsyncClient) -> None:
    document = (await client.get("/api/openapi.json")).json()
    from app import app

    api_paths = {
        route.path.replace(":int", "")
        for route in app.routes
        if getattr(route, "path", "").startswith("/api/v1/")
    }
    assert api_paths == set(document["paths"])


async def test_the_datapackage_describes_every_csv_column(client: httpx.AsyncClient) -> None:
    scene = await _scene()
    slug = scene["masterplan"].slug  # type: ignore[attr-defined]
    package = (await client.get(f"/api/v1/masterplans/{slug}/datapackage.json")).json()
    fields = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    raw = (await client.get(package["resources"][0]["path"].split("example.org")[-1])).text
    header = next(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    assert fields == header


async def _hello(scope: object, receive: object, send: object) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[operator]
    await send({"type": "http.response.body", "body": b"{}"})  # type: ignore[operator]


async def test_one_client_asking_too_fast_is_told_to_wait() -> None:
    limited = ApiMiddleware(_hello, rate=1.0, burst=3)  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=limited)
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as http:
        answers = [(await http.get("/api/v1/masterplans")).status_code for _ in range(5)]
        assert answers == [200, 200, 200, 429, 429]
        refused = await http.get("/api/v1/masterplans")
        assert int(refused.headers["retry-after"]) >= 1
        assert (await http.get("/elsewhere")).status_code == 200  # only the API is limited
        preflight = await http.options("/api/v1/masterplans")
        assert preflight.status_code == 204
        assert preflight.headers["access-control-allow-origin"] == "*"
