from __future__ import annotations

import re

import httpx
import pytest

from participation.accounts.models import StakeholderGroup
from participation.proposals.models import ProposalStatus
from tests.auth import make_person, sign_in
from tests.conftest import QueryCounter
from tests.factories import (
    add_votes,
    make_comment,
    make_field,
    make_masterplan,
    make_organization,
    make_proposal,
    make_user,
)


def titles_in(html: str) -> list[str]:
    return re.findall(r'id="proposal-\d+-title">\s*<a[^>]*>([^<]+)</a>', html)


async def test_list_orders_by_rank_and_not_by_raw_counts(client: httpx.AsyncClient) -> None:
    field = await make_field()
    few = await make_proposal(field, title="Drei Stimmen")
    many = await make_proposal(field, title="Hundert Stimmen")
    await add_votes(few, StakeholderGroup.CITIZENS, 3, 0)
    await add_votes(many, StakeholderGroup.CITIZENS, 45, 5)
    response = await client.get(f"/masterplans/{(await field.masterplan).slug}/proposals")
    assert titles_in(response.text) == ["Hundert Stimmen", "Drei Stimmen"]


async def test_list_filters_by_field_of_action(client: httpx.AsyncClient) -> None:
    masterplan = await make_masterplan()
    fiber = await make_field(masterplan, slug="glasfaser", title="Glasfaserstrategie")
    other = await make_field(masterplan, slug="kommunikation", title="Kommunikation")
    await make_proposal(fiber, title="Gigabit für Gewerbegebiete")
    await make_proposal(other, title="Kampagne Digitales Dortmund")
    response = await client.get(f"/masterplans/{masterplan.slug}/proposals?field=glasfaser")
    assert titles_in(response.text) == ["Gigabit für Gewerbegebiete"]


async def test_list_hides_pending_hidden_and_withdrawn_proposals(
    client: httpx.AsyncClient,
) -> None:
    field = await make_field()
    await make_proposal(field, title="Sichtbar")
    for status in (
        ProposalStatus.PENDING,
        ProposalStatus.HIDDEN,
        ProposalStatus.WITHDRAWN,
        ProposalStatus.MERGED,
    ):
        await make_proposal(field, title=f"Nicht in der Liste {status.value}", status=status)
    response = await client.get(f"/masterplans/{(await field.masterplan).slug}/proposals")
    assert titles_in(response.text) == ["Sichtbar"]


async def test_pages_walk_every_proposal_once_in_rank_order(client: httpx.AsyncClient) -> None:
    field = await make_field()
    expected = []
    for index in range(45):
        proposal = await make_proposal(field, title=f"Vorschlag Nummer {index:02d}")
        if index % 3:
            await add_votes(proposal, StakeholderGroup.CITIZENS, index % 5, index % 2)
        expected.append(proposal)
    for proposal in expected:
        await proposal.refresh_from_db()
    expected.sort(key=lambda p: (-p.wilson, p.opposes, -p.vote_count, p.id))
    seen: list[str] = []
    url: str | None = f"/masterplans/{(await field.masterplan).slug}/proposals"
    pages = 0
    while url:
        response = await client.get(url)
        assert response.status_code == 200
        seen += titles_in(response.text)
        match = re.search(r'rel="next" href="([^"]+)"', response.text)
        url = match.group(1).replace("&amp;", "&") if match else None
        pages += 1
    assert pages == 3
    assert seen == [p.title for p in expected]


async def test_a_broken_page_cursor_shows_the_first_page(client: httpx.AsyncClient) -> None:
    field = await make_field()
    await make_proposal(field, title="Erster Vorschlag")
    slug = (await field.masterplan).slug
    for cursor in ("kaputt", "2.0_1_1", "nan_1_1", "%00"):
        response = await client.get(f"/masterplans/{slug}/proposals?after={cursor}")
        assert response.status_code == 200
        assert titles_in(response.text) == ["Erster Vorschlag"]


async def test_detail_shows_text_group_breakdown_and_comment_thread(
    client: httpx.AsyncClient,
) -> None:
    ihk = await make_organization(name="IHK zu Dortmund")
    proposal = await make_proposal(
        author=await make_user(ihk),
        organization=ihk,
        group=StakeholderGroup.CHAMBERS,
        title="Gigabit-Anschluss für alle Gewerbegebiete",
        body="Erster Absatz.\n\nZweiter Absatz.",
        disclosure="Die IHK vertritt ihre Mitglieder.",
    )
    await add_votes(proposal, StakeholderGroup.CHAMBERS, 2, 0)
    await add_votes(proposal, StakeholderGroup.CITIZENS, 7, 3)
    question = await make_comment(proposal, body="Was kostet das?")
    answer = await make_comment(proposal, parent=question, body="Rund 40 Mio. Euro.")
    await make_comment(proposal, parent=answer, body="Danke für die Zahl.")
    response = await client.get(f"/proposals/{proposal.id}")
    html = response.text
    assert response.status_code == 200
    assert "<p>Erster Absatz.</p>" in html and "<p>Zweiter Absatz.</p>" in html
    assert "IHK zu Dortmund" in html and "Die IHK vertritt ihre Mitglieder." in html
    breakdown = html[html.index('id="group-breakdown"') : html.index('id="comments"')]
    chambers = re.search(r"Kammern</th>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>", breakdown)
    citizens = re.search(
        r"Bürgerinnen und Bürger</th>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>", breakdown
    )
    assert chambers and chambers.groups() == ("2", "0")
    assert citizens and citizens.groups() == ("7", "3")
    thread = html[html.index('id="comments"') :]
    assert thread.index("Was kostet das?") < thread.index("Rund 40 Mio. Euro.")
    assert thread.count('class="comment-thread"') == 3  # three levels, each its own list


async def test_text_from_participants_is_escaped(client: httpx.AsyncClient) -> None:
    proposal = await make_proposal(
        title="<script>alert(1)</script>", body="<img src=x onerror=alert(2)>"
    )
    await make_comment(proposal, body="<b>fett</b>")
    html = (await client.get(f"/proposals/{proposal.id}")).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<img src=x" not in html and "<b>fett</b>" not in html


@pytest.mark.parametrize(
    "status", [ProposalStatus.PENDING, ProposalStatus.HIDDEN, ProposalStatus.WITHDRAWN]
)
async def test_detail_of_a_proposal_not_public_is_404(
    client: httpx.AsyncClient, status: ProposalStatus
) -> None:
    proposal = await make_proposal(status=status)
    assert (await client.get(f"/proposals/{proposal.id}")).status_code == 404


async def _fill(field_count: int, proposals_per_field: int) -> str:
    masterplan = await make_masterplan()
    for _ in range(field_count):
        field = await make_field(masterplan)
        for _ in range(proposals_per_field):
            proposal = await make_proposal(
                field,
                author=await make_user(await make_organization()),
                organization=await make_organization(),
            )
            await add_votes(proposal, StakeholderGroup.CITIZENS, 2, 1)
            await make_comment(proposal)
    return masterplan.slug


async def _queries_for(client: httpx.AsyncClient, counter: QueryCounter, url: str) -> int:
    counter.statements.clear()
    assert (await client.get(url)).status_code == 200
    return counter.count


async def test_list_page_queries_do_not_grow_with_the_number_of_proposals(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    small = await _fill(1, 2)
    large = await _fill(3, 15)
    # The header's masterplans, each masterplan's fields of action and the organisations of
    # the filter are read once, then kept until written.
    for url in ("/", f"/masterplans/{small}/proposals", f"/masterplans/{large}/proposals"):
        await client.get(url)
    small_count = await _queries_for(client, count_queries, f"/masterplans/{small}/proposals")
    large_count = await _queries_for(client, count_queries, f"/masterplans/{large}/proposals")
    # the masterplan with its draft's published version, the rows with the draft's links
    assert small_count == large_count <= 2
    for url in ("/", f"/masterplans/{large}"):
        assert await _queries_for(client, count_queries, url) <= 6


async def test_detail_page_queries_do_not_grow_with_votes_and_comments(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    quiet = await make_proposal()
    await make_comment(quiet)  # the comments shown are one query, whether one or many
    busy = await make_proposal()
    await add_votes(busy, StakeholderGroup.CITIZENS, 20, 5)
    await add_votes(busy, StakeholderGroup.SCIENCE, 3, 1)
    parent = await make_comment(busy)
    for _ in range(10):
        await make_comment(busy, parent=parent)
    await client.get("/")  # the header's masterplans are read once, then kept
    quiet_count = await _queries_for(client, count_queries, f"/proposals/{quiet.id}")
    busy_count = await _queries_for(client, count_queries, f"/proposals/{busy.id}")
    # the proposal with all it needs, the votes by group, the comments' shape and the
    # comments shown (lists that are empty cost nothing)
    assert quiet_count == busy_count <= 4
    await sign_in(client, await make_person(await make_organization()))
    quiet_count = await _queries_for(client, count_queries, f"/proposals/{quiet.id}")
    busy_count = await _queries_for(client, count_queries, f"/proposals/{busy.id}")
    assert quiet_count == busy_count <= 5  # plus the session with the unread count
    assert not any('vote"' in q and "COUNT(" in q.upper() for q in count_queries.statements)


async def test_machine_readable_times_are_valid_html(client: httpx.AsyncClient) -> None:
    """HTML allows a time to the second with at most three decimals: the database's
    microseconds made every <time> on a list invalid."""
    proposal = await make_proposal()
    slug = (await proposal.masterplan).slug
    for address in (f"/masterplans/{slug}/proposals", f"/proposals/{proposal.id}"):
        values = re.findall(r'<time datetime="([^"]+)"', (await client.get(address)).text)
        assert values, address
        for value in values:
            assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?", value), value
