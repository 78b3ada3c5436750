"""One matching for the search page and the proposal list's ``q``, the same on both
databases: German inflections by their stem, compounds by their last part."""

from __future__ import annotations

import re

import httpx
import pytest

from participation.proposals import search
from tests.factories import make_field, make_masterplan, make_proposal

pytestmark = pytest.mark.usefixtures("db")

TITLES = (
    "Termine im Bürgerbüro online buchen",
    "Mehr Kitas mit WLAN",
    "Glasfasernetz für Gewerbegebiete",
    "Schulen brauchen Tablets",
)
# query → the titles it finds
EXPECTED = {
    "Bürgerbüros": {TITLES[0]},
    "Büro": {TITLES[0]},
    "Bürger": {TITLES[0]},
    "Kita": {TITLES[1]},
    "wlan kitas": {TITLES[1]},
    "Glasfaser": {TITLES[2]},
    "Gewerbegebiet": {TITLES[2]},
    "Schule": {TITLES[3]},
    "Tablet Schulen": {TITLES[3]},
    "Netz": {TITLES[2]},  # a compound's last part
    "Faser": set(),  # inside a compound: not found
    "Bürgerbüro Tablets": set(),  # every word must occur
}


def test_a_plural_and_its_singular_have_one_term() -> None:
    assert search.query_terms("Bürgerbüros") == search.query_terms("Bürgerbüro")
    assert search.query_terms("Kitas") == search.query_terms("Kita")
    assert search.query_terms("Schulen") == search.query_terms("Schule")


def test_query_syntax_cannot_get_into_a_search() -> None:
    assert search.query_terms('"Kitas" OR * : & | ! \' ; -- NEAR(') == ["kita", "or", "near"]


async def test_the_list_and_the_search_page_find_the_same(client: httpx.AsyncClient) -> None:
    masterplan = await make_masterplan()
    field = await make_field(masterplan)
    for title in TITLES:
        await make_proposal(field, title=title, body="Damit es vorangeht.")
    for query, expected in EXPECTED.items():
        listed = await client.get(f"/masterplans/{masterplan.slug}/proposals", params={"q": query})
        found = await client.get("/suche", params={"q": query})
        for page in (listed.text, found.text):
            titles = set(
                re.findall(r'<a class="kern-link" href="/proposals/\d+">([^<]*)</a>', page)
            )
            assert titles == expected, query
