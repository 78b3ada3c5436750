"""The search results page (/suche): every masterplan, grouped by kind, only public things."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import httpx
import pytest

from participation.masterplans.models import Phase
from participation.planning.models import (
    DraftSection,
    DraftVersion,
    Project,
    VersionStatus,
)
from participation.proposals.models import ProposalStatus
from tests.conftest import QueryCounter
from tests.factories import make_field, make_masterplan, make_proposal

pytestmark = pytest.mark.usefixtures("db")


def _part(page: str, start: str, end: str) -> str:
    """The markup from ``start`` to the next ``end`` ("" when ``start`` is not there)."""
    found = re.search(re.escape(start) + ".*?" + re.escape(end), page, re.S)
    return found.group(0) if found else ""


def _titles(page: str, group: str) -> list[str]:
    section = _part(page, f'id="found-{group}"', "</section>")
    return [html.unescape(t) for t in re.findall(r"<h3[^>]*>\s*<a[^>]*>(.*?)</a>", section)]


def _links(markup: str) -> list[tuple[str, str]]:
    """(href, text) of every link in ``markup``."""
    return [
        (html.unescape(href), html.unescape(text))
        for href, text in re.findall(r'<a[^>]*href="([^"]*)"[^>]*>(.*?)</a>', markup, re.S)
    ]


async def _search(client: httpx.AsyncClient, query: str, **params: str) -> str:
    response = await client.get("/suche", params={"q": query, **params})
    assert response.status_code == 200
    return response.text


async def _section(masterplan_id: int, number: int, status: VersionStatus, title: str) -> None:
    version = await DraftVersion.create(masterplan_id=masterplan_id, number=number, status=status)
    await DraftSection.create(version=version, key=f"k{number}", title=title, body="Text.")


async def test_header_search_finds_buergerbuero_by_its_plural(client: httpx.AsyncClient) -> None:
    await make_proposal(title="Termine im Bürgerbüro online buchen")
    header = _part((await client.get("/")).text, "<header", "</header>")
    form = _part(header, "<form", "</form>")
    assert 'role="search"' in form and 'action="/suche"' in form and 'name="q"' in form
    page = await _search(client, "Bürgerbüros")
    assert _titles(page, "proposals") == ["Termine im Bürgerbüro online buchen"]


async def test_a_compound_is_found_by_its_last_part_and_inflections_by_their_stem(
    client: httpx.AsyncClient,
) -> None:
    await make_proposal(title="Mehr Personal für die Bürgerbüros", body="Wartezeiten senken.")
    await make_proposal(title="WLAN an allen Schulen", body="Jede Schule braucht Glasfaser.")
    assert _titles(await _search(client, "Büro"), "proposals") == [
        "Mehr Personal für die Bürgerbüros"
    ]
    assert _titles(await _search(client, "Schule WLAN"), "proposals") == ["WLAN an allen Schulen"]
    assert _titles(await _search(client, "Glasfasernetz"), "proposals") == []


async def test_results_are_grouped_by_kind_across_masterplans(client: httpx.AsyncClient) -> None:
    economy = await make_masterplan(title="Digitale Wirtschaft")
    education = await make_masterplan(title="Digitale Bildung")
    field = await make_field(economy, title="Glasfaserstrategie", description="Ausbau.")
    school_field = await make_field(education, title="Medienkompetenz")
    await make_proposal(school_field, title="Glasfaser für jede Schule")
    await _section(economy.id, 1, VersionStatus.PUBLISHED, "Glasfaser bis 2030")
    await Project.create(
        masterplan=economy, field_of_action=field, code="DW-01", title="Glasfaser Gewerbegebiete"
    )
    page = await _search(client, "Glasfaser")
    assert _titles(page, "proposals") == ["Glasfaser für jede Schule"]
    assert _titles(page, "fields") == ["Glasfaserstrategie"]
    assert _titles(page, "sections") == ["Glasfaser bis 2030"]
    assert _titles(page, "projects") == ["Glasfaser Gewerbegebiete"]
    kept = await _search(client, "Glasfaser", masterplan=education.slug)
    assert _titles(kept, "proposals") == ["Glasfaser für jede Schule"]
    assert _titles(kept, "fields") == _titles(kept, "projects") == []


async def test_title_matches_come_before_text_matches(client: httpx.AsyncClient) -> None:
    field = await make_field()
    await make_proposal(field, title="Servicekonto", body="Mit Bürgerbüro-Termin.")
    await make_proposal(field, title="Bürgerbüro am Samstag", body="Auch samstags öffnen.")
    page = await _search(client, "Bürgerbüro")
    assert _titles(page, "proposals") == ["Bürgerbüro am Samstag", "Servicekonto"]


async def test_nothing_that_is_not_public_is_found(client: httpx.AsyncClient) -> None:
    masterplan = await make_masterplan()
    field = await make_field(masterplan)
    for status in (ProposalStatus.PENDING, ProposalStatus.HIDDEN, ProposalStatus.WITHDRAWN):
        await make_proposal(field, title=f"Geheimprojekt {status.value}", status=status)
    await _section(masterplan.id, 1, VersionStatus.PUBLISHED, "Geheimprojekt alt")
    await _section(masterplan.id, 2, VersionStatus.PUBLISHED, "Öffentlicher Abschnitt")
    await _section(masterplan.id, 3, VersionStatus.WORKING, "Geheimprojekt Entwurf")
    page = await _search(client, "Geheimprojekt")
    for group in ("proposals", "fields", "sections", "projects"):
        assert _titles(page, group) == []
    assert 'class="search-help"' in page  # "nothing found", with its help
    assert _titles(await _search(client, "Abschnitt"), "sections") == ["Öffentlicher Abschnitt"]


async def test_an_archived_masterplan_is_searched_as_its_pages_stay_open(
    client: httpx.AsyncClient,
) -> None:
    archived = await make_masterplan(archived_at=datetime.now(UTC))
    await make_proposal(await make_field(archived), title="Rückblick auf die Bürgerbüros")
    assert _titles(await _search(client, "Bürgerbüro"), "proposals") == [
        "Rückblick auf die Bürgerbüros"
    ]


async def test_an_empty_result_suggests_words_names_the_filter_and_offers_a_proposal(
    client: httpx.AsyncClient,
) -> None:
    collecting = await make_masterplan(title="Digitale Stadtverwaltung", phase=Phase.COLLECTION)
    other = await make_masterplan(title="Digitale Bildung", phase=Phase.ADOPTED)
    await make_proposal(await make_field(collecting), title="Bürgerbüro mit Videoberatung")
    help_text = _part(await _search(client, "Bürgerbühro"), 'class="search-help"', "</section>")
    assert ("/suche?q=B%C3%BCrgerb%C3%BCro", "Bürgerbüro") in _links(help_text)
    new = f"/masterplans/{collecting.slug}/proposals/new"
    assert [href for href, _ in _links(help_text) if href.endswith("/new")] == [new]
    filtered = await _search(client, "Videoberatung", masterplan=other.slug)
    hint = _part(filtered, 'class="search-help"', "</section>")
    assert "Digitale Bildung" in hint
    assert "/suche?q=Videoberatung" in [href for href, _ in _links(hint)]


async def test_the_results_page_needs_a_fixed_number_of_queries(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    async def queries_for(query: str) -> int:
        await client.get("/suche", params={"q": query})  # warm: the session, the header
        count_queries.statements.clear()
        assert (await client.get("/suche", params={"q": query})).status_code == 200
        return count_queries.count

    masterplan = await make_masterplan()
    field = await make_field(masterplan, title="Glasfaser")
    await make_proposal(field, title="Glasfaser eins")
    await _section(masterplan.id, 1, VersionStatus.PUBLISHED, "Glasfaser")
    few = await queries_for("Glasfaser")
    for n in range(12):
        await make_proposal(field, title=f"Glasfaser {n}", body="Glasfaser überall.")
        await _section(masterplan.id, n + 2, VersionStatus.PUBLISHED, f"Glasfaser {n}")
        await Project.create(
            masterplan=masterplan, field_of_action=field, code=f"P{n}", title=f"Glasfaser {n}"
        )
    # The badges: the published versions, and the latest one's links to the proposals shown.
    assert few == await queries_for("Glasfaser") <= 10
