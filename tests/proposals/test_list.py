from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from participation.accounts.models import Organization, OrganizationKind, Role, StakeholderGroup
from participation.organizations.services import update_organization
from participation.proposals.cosigning import cosign
from participation.proposals.models import Proposal, ProposalStatus
from participation.proposals.queries import Cursor, Sort
from tests.auth import make_person
from tests.conftest import QueryCounter
from tests.factories import (
    add_votes,
    make_comment,
    make_field,
    make_masterplan,
    make_organization,
    make_proposal,
)
from tests.proposals.test_pages import titles_in

pytestmark = pytest.mark.usefixtures("db")


async def walk(client: httpx.AsyncClient, url: str) -> list[str]:
    """Follow the next-page links from ``url`` to the end; the titles in order."""
    seen: list[str] = []
    next_url: str | None = url
    while next_url:
        response = await client.get(next_url)
        assert response.status_code == 200
        seen += titles_in(response.text)
        match = re.search(r'rel="next" href="([^"]+)"', response.text)
        next_url = match.group(1).replace("&amp;", "&") if match else None
    return seen


async def _varied(count: int) -> tuple[str, list[Proposal]]:
    masterplan = await make_masterplan()
    field = await make_field(masterplan)
    proposals = []
    start = datetime(2026, 6, 1, tzinfo=UTC)
    for index in range(count):
        proposal = await make_proposal(
            field, title=f"Vorschlag {index:02d}", created_at=start + timedelta(hours=index % 7)
        )
        await add_votes(proposal, StakeholderGroup.CITIZENS, index % 4, index % 3 == 0)
        for _ in range(index % 3):
            await make_comment(proposal)
        proposals.append(proposal)
    for proposal in proposals:
        await proposal.refresh_from_db()
    return masterplan.slug, proposals


@pytest.mark.parametrize(
    "sort, key",
    [
        ("rank", lambda p: (-p.wilson, p.opposes, -p.vote_count, p.id)),
        ("new", lambda p: (-p.created_at.timestamp(), -p.id)),
        ("discussed", lambda p: (-p.comment_count, p.id)),
        ("supported", lambda p: (-p.supports, p.id)),
    ],
)
async def test_every_sort_walks_every_proposal_once_in_order(
    client: httpx.AsyncClient, sort: str, key: object
) -> None:
    slug, proposals = await _varied(45)
    expected = [p.title for p in sorted(proposals, key=key)]  # type: ignore[arg-type]
    assert await walk(client, f"/masterplans/{slug}/proposals?sort={sort}") == expected


async def test_search_finds_german_word_forms(client: httpx.AsyncClient) -> None:
    masterplan = await make_masterplan(slug="digitale-bildung")
    field = await make_field(masterplan)
    await make_proposal(
        field,
        title="WLAN in allen Dortmunder Schulen",
        body="Jede Schule braucht ein stabiles Netz.",
    )
    await make_proposal(
        field, title="Tablets für Grundschulkinder", body="Leihgeräte für Familien."
    )
    await make_proposal(field, title="Offene Lernplattform", body="Für alle Schulformen.")
    found = titles_in(
        (await client.get("/masterplans/digitale-bildung/proposals?q=WLAN+Schulen")).text
    )
    assert found == ["WLAN in allen Dortmunder Schulen"]
    by_stem = titles_in((await client.get("/masterplans/digitale-bildung/proposals?q=Schule")).text)
    assert "WLAN in allen Dortmunder Schulen" in by_stem
    assert "Tablets für Grundschulkinder" not in by_stem
    nothing = await client.get("/masterplans/digitale-bildung/proposals?q=Glasfaser")
    assert titles_in(nothing.text) == [] and "Keine Vorschläge gefunden" in nothing.text


async def test_search_treats_query_syntax_as_plain_words(client: httpx.AsyncClient) -> None:
    field = await make_field()
    await make_proposal(field, title="Open Data Portal")
    slug = (await field.masterplan).slug
    for query in (
        '"',
        "open OR",
        "data*",
        "AND NOT",
        "'; DROP TABLE proposal; --",
        "a:b",
        "NEAR(open data)",
        "&|!",
        "ü" * 300,
    ):
        response = await client.get(f"/masterplans/{slug}/proposals", params={"q": query})
        assert response.status_code == 200, query


async def test_filters_by_status_group_and_organisation_including_cosigned(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    slug = (await field.masterplan).slug
    tu = await make_organization(
        slug="tu-dortmund", name="TU Dortmund", kind=OrganizationKind.UNIVERSITY
    )
    own = await make_proposal(
        field, title="Forschungsdaten offen", organization=tu, group=StakeholderGroup.SCIENCE
    )
    signed = await make_proposal(
        field, title="Gigabit für Gewerbegebiete", group=StakeholderGroup.CHAMBERS
    )
    await make_proposal(field, title="Ohne Bezug", status=ProposalStatus.ADOPTED)
    member = await make_person(tu)
    membership = await member.memberships.all().first()
    assert membership is not None
    await cosign(proposal=signed, member=member, membership=membership)
    assert own.id
    by_org = titles_in(
        (await client.get(f"/masterplans/{slug}/proposals?organization=tu-dortmund")).text
    )
    assert sorted(by_org) == ["Forschungsdaten offen", "Gigabit für Gewerbegebiete"]
    by_group = titles_in((await client.get(f"/masterplans/{slug}/proposals?group=chambers")).text)
    assert by_group == ["Gigabit für Gewerbegebiete"]
    by_status = titles_in((await client.get(f"/masterplans/{slug}/proposals?status=adopted")).text)
    assert by_status == ["Ohne Bezug"]
    hidden_status = titles_in(
        (await client.get(f"/masterplans/{slug}/proposals?status=hidden")).text
    )
    assert len(hidden_status) == 3  # not a listed status: the filter is ignored


async def test_htmx_gets_just_the_results_and_links_keep_the_filters(
    client: httpx.AsyncClient,
) -> None:
    slug, _ = await _varied(25)
    response = await client.get(
        f"/masterplans/{slug}/proposals?sort=new&q=Vorschlag", headers={"HX-Request": "true"}
    )
    assert response.text.lstrip().startswith('<section id="proposal-results"')
    assert "<html" not in response.text
    link = re.search(r'rel="next" href="([^"]+)"', response.text)
    assert link and "sort=new" in link.group(1) and "q=Vorschlag" in link.group(1)


def test_a_cursor_for_one_sort_is_not_read_for_another() -> None:
    cursor = Cursor(Sort.SUPPORTED, (3, 17))
    assert Cursor.decode(cursor.encode(), Sort.SUPPORTED) == cursor
    assert Cursor.decode(cursor.encode(), Sort.RANK) is None
    assert Cursor.decode("bm9uc2Vuc2U", Sort.RANK) is None


async def test_the_public_list_reads_a_planners_sort_as_the_ranking(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    slug = (await field.masterplan).slug
    citizens_only = await make_proposal(field, title="Viele Bürger, keine Kammer")
    await add_votes(citizens_only, StakeholderGroup.CITIZENS, 20, 0)
    await add_votes(citizens_only, StakeholderGroup.CHAMBERS, 0, 2)
    science = await make_proposal(field, title="Wenige aus der Wissenschaft")
    await add_votes(science, StakeholderGroup.SCIENCE, 4, 0)
    by_rank = titles_in((await client.get(f"/masterplans/{slug}/proposals?sort=rank")).text)
    assert by_rank == ["Viele Bürger, keine Kammer", "Wenige aus der Wissenschaft"]
    for sort in ("balanced", "consensus"):
        response = await client.get(f"/masterplans/{slug}/proposals?sort={sort}")
        assert titles_in(response.text) == by_rank
        assert f'value="{sort}"' not in response.text
    [citizens_only, science] = [await Proposal.get(id=p.id) for p in (citizens_only, science)]
    assert science.balanced > citizens_only.balanced  # the planners' order would differ


async def test_the_organisation_filter_follows_every_change_at_once(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    """The filter's organisations are kept between pages (a page part) and read again only
    after an organisation is written: a rename by an admin, a new verified one and one that
    loses its verification show on the next page; the chosen one is selected."""
    slug = (await (await make_field()).masterplan).slug
    tu = await make_organization(slug="tu-dortmund", name="TU Dortmund")
    await make_organization(slug="ihk", name="IHK zu Dortmund")
    await make_organization(slug="offen", name="Noch nicht bestätigt", verified=False)
    page = (await client.get(f"/masterplans/{slug}/proposals?organization=ihk")).text
    assert '<option value="ihk" selected>IHK zu Dortmund</option>' in page
    assert '<option value="tu-dortmund">TU Dortmund</option>' in page
    assert "Noch nicht bestätigt" not in page
    count_queries.statements.clear()
    await client.get(f"/masterplans/{slug}/proposals")
    assert not any('FROM "organization"' in q for q in count_queries.statements)

    admin = await make_person(role=Role.ADMIN)
    await update_organization(
        organization=tu,
        name="Technische Universität Dortmund",
        kind=tu.kind.value,
        description="",
        verified=True,
        by=admin,
    )
    newcomer = await Organization.get(slug="offen")
    newcomer.verified = True
    await newcomer.save()
    page = (await client.get(f"/masterplans/{slug}/proposals")).text
    assert '<option value="tu-dortmund">Technische Universität Dortmund</option>' in page
    assert '<option value="offen">Noch nicht bestätigt</option>' in page
    assert '<option value="ihk">IHK zu Dortmund</option>' in page  # selected only when chosen
