from __future__ import annotations

import httpx
from tortoise import Tortoise

from participation.db import tortoise_config
from participation.masterplans.models import Phase
from tests.factories import make_field, make_masterplan, make_proposal


async def test_home_lists_every_masterplan_with_its_phase(client: httpx.AsyncClient) -> None:
    await make_masterplan(title="Masterplan Digitale Bildung", phase=Phase.COLLECTION)
    await make_masterplan(title="Masterplan Digitale Stadtverwaltung", phase=Phase.EVALUATION)
    response = await client.get("/")
    assert response.status_code == 200
    assert "Masterplan Digitale Bildung" in response.text
    assert "Masterplan Digitale Stadtverwaltung" in response.text
    assert "Phase: Vorschläge sammeln" in response.text
    assert "Phase: Auswertung" in response.text


async def test_home_shows_the_newest_proposals(client: httpx.AsyncClient) -> None:
    field = await make_field()
    await make_proposal(field, title="Glasfaser bis in jedes Klassenzimmer")
    response = await client.get("/")
    assert "Glasfaser bis in jedes Klassenzimmer" in response.text


async def test_layout_has_skip_link_landmarks_and_legal_links(client: httpx.AsyncClient) -> None:
    text = (await client.get("/")).text
    assert 'href="#main"' in text and '<main id="main"' in text
    assert "<header" in text and "<footer" in text and "<nav" in text
    assert 'href="/impressum"' in text and 'href="/datenschutz"' in text
    for path in ("/impressum", "/datenschutz"):
        assert (await client.get(path)).status_code == 200


async def test_unknown_address_gets_a_404_page_in_the_layout(client: httpx.AsyncClient) -> None:
    response = await client.get("/gibt-es-nicht")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text
    assert 'href="#main"' in response.text


async def test_unknown_masterplan_and_proposal_are_404(client: httpx.AsyncClient) -> None:
    assert (await client.get("/masterplans/gibt-es-nicht")).status_code == 404
    assert (await client.get("/masterplans/gibt-es-nicht/proposals")).status_code == 404
    assert (await client.get("/proposals/999999")).status_code == 404


async def test_server_error_shows_a_page_without_a_traceback(
    client: httpx.AsyncClient,
) -> None:
    await Tortoise.close_connections()  # the database goes away under a running app
    # Connected, but to a database without tables.
    await Tortoise.init(config=tortoise_config("sqlite://:memory:"), _enable_global_fallback=True)
    response = await client.get("/")
    assert response.status_code == 500
    assert "Etwas ist schiefgegangen" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text


async def test_healthz_answers_ok_when_the_database_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_answers_503_when_the_database_does_not(
    client: httpx.AsyncClient,
) -> None:
    await Tortoise.close_connections()
    await Tortoise.init(
        config=tortoise_config("postgres://nobody@127.0.0.1:1/none"), _enable_global_fallback=True
    )
    response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


async def test_every_response_carries_the_security_headers(client: httpx.AsyncClient) -> None:
    for path in ("/", "/gibt-es-nicht", "/healthz", "/static/css/app.css"):
        headers = (await client.get(path)).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
