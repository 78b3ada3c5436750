"""The ways in to the open data: the footer and the masterplan pages link the council report,
the open data page and the data packages, and the open data page (/daten) explains the
licence the data package declares, paging with `next`, the rate limit and the OpenAPI
document."""

from __future__ import annotations

import re
from html import unescape

import httpx

from tests.conftest import QueryCounter
from tests.factories import make_masterplan


def links(html: str) -> set[str]:
    return {unescape(href) for href in re.findall(r'href="([^"]+)"', html)}


async def test_every_page_links_the_council_report_and_the_open_data_page(
    client: httpx.AsyncClient,
) -> None:
    await make_masterplan(slug="digitale-bildung")
    for page in ("/", "/impressum", "/masterplans/digitale-bildung"):
        found = links((await client.get(page)).text)
        assert {"/reports/council", "/daten"} <= found, page
    assert (await client.get("/reports/council")).status_code == 200


async def test_a_masterplan_page_links_its_open_data_and_its_data_package(
    client: httpx.AsyncClient,
) -> None:
    await make_masterplan(slug="digitale-bildung", title="Masterplan Digitale Bildung")
    found = links((await client.get("/masterplans/digitale-bildung")).text)
    package = "/api/v1/masterplans/digitale-bildung/datapackage.json"
    assert {"/daten#masterplan-digitale-bildung", package} <= found
    assert (await client.get(package)).json()["title"] == "Masterplan Digitale Bildung"
    assert 'id="masterplan-digitale-bildung"' in (await client.get("/daten")).text


async def test_the_open_data_page_explains_licence_paging_rate_limit_and_openapi(
    client: httpx.AsyncClient,
) -> None:
    await make_masterplan(slug="digitale-wirtschaft")
    page = await client.get("/daten")
    assert page.status_code == 200
    text = unescape(page.text)
    package = (await client.get("/api/v1/masterplans/digitale-wirtschaft/datapackage.json")).json()
    licence = package["licenses"][0]
    assert licence["title"] in text and licence["path"] in links(page.text)
    assert "Sie dürfen die Daten kopieren" in text
    assert "Folgen Sie <code>next</code>, bis es <code>null</code> ist" in text
    assert "10 Anfragen pro Sekunde" in text and "429" in text
    for href in links(page.text):
        if href.startswith("/api/"):  # the OpenAPI document, each masterplan's JSON and CSV
            assert (await client.get(href)).status_code == 200, href
    assert {
        "/api/openapi.json",
        "/api/v1/masterplans/digitale-wirtschaft/proposals",
        "/api/v1/masterplans/digitale-wirtschaft/proposals.csv",
        "/api/v1/masterplans/digitale-wirtschaft/datapackage.json",
    } <= links(page.text)
    example = 'curl "http://127.0.0.1:8000/api/v1/masterplans/digitale-wirtschaft/proposals?'
    assert example in text  # at the address BASE_URL names, as the data package's links


async def test_the_open_data_page_needs_the_same_queries_for_one_masterplan_and_many(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    await make_masterplan()
    before = count_queries.count
    assert (await client.get("/daten")).status_code == 200
    one = count_queries.count - before
    for _ in range(5):
        await make_masterplan()
    before = count_queries.count
    assert (await client.get("/daten")).status_code == 200
    assert count_queries.count - before == one <= 3  # the header's masterplans, the page's


async def test_api_without_a_path_leads_a_person_to_the_open_data_page(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.get("/api")
    assert answer.status_code == 308 and answer.headers["location"] == "/daten"
